/*
 * The switch's sockets on disk: whether anyone listens on them, clearing
 * the ones a crash left (only the user's own, only dead ones), and
 * waiting for one a starting daemon makes.
 */
#ifndef VFIOTUI_VDE_SOCK_H
#define VFIOTUI_VDE_SOCK_H

#include "netcfg.h"

#define VDE_SOCK_WAIT_MS	2000

/*
 * Removes the dead sockets in CFG's socket directory, the directory, and
 * a dead management socket.  Another user's files, and files that are not
 * sockets, are left, with an error naming them.  0, or -1 with ERR.
 */
int	vde_clear_stale(const struct netcfg *cfg, char *err, size_t errlen);

/* Waits up to VDE_SOCK_WAIT_MS for a listener at PATH.  0 or -errno. */
int	vde_wait_socket(const char *path);

#endif
