/*
 * The runtime directory: where vfiotui keeps what lives only as long as
 * the machine is up (the binding journal, the switch's sockets and pid
 * files, guests' QMP sockets and logs).  $XDG_RUNTIME_DIR/vfiotui for a
 * user session, /run/vfiotui for root without one.
 */
#ifndef VFIOTUI_RUNDIR_H
#define VFIOTUI_RUNDIR_H

#include <stddef.h>

/*
 * The path of SUB (e.g. "journal", "net/default"; NULL for the top) under
 * the runtime dir, in BUF.  Returns 0, or -1 with why in ERR.
 */
int	rundir_path(const char *sub, char *buf, size_t len, char *err,
	    size_t errlen);

/*
 * mkdir -p DIR, mode 0700 for the parts it makes, and checks that the
 * last one is a directory this user may write.  0 or -errno.
 */
int	rundir_make(const char *dir);

#endif
