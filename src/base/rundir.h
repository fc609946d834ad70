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
 * Makes DIR as safefile_dir() does (mode 0700, each directory on the way
 * this user's or root's, written by nobody else), and removes the temp
 * files a crashed run left in it.  0, or -errno with why in ERR.
 */
int	rundir_make(const char *dir, char *err, size_t errlen);

#endif
