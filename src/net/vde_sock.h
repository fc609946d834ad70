/*
 * The switch's sockets on disk: whether anyone listens on them, clearing
 * the ones a crash left (only the user's own, only dead ones), and
 * waiting on the loop for one a starting daemon makes.
 */
#ifndef VFIOTUI_VDE_SOCK_H
#define VFIOTUI_VDE_SOCK_H

#include "netcfg.h"

struct loop;
struct vde_sock_wait;

#define VDE_SOCK_WAIT_MS	2000

/*
 * Removes the dead sockets in CFG's socket directory, the directory, and
 * a dead management socket.  Another user's files, and files that are not
 * sockets, are left, with an error naming them.  0, or -1 with ERR.
 */
int	vde_clear_stale(const struct netcfg *cfg, char *err, size_t errlen);

/*
 * Waits on the loop up to TIMEOUT_MS for a listener at PATH, then calls
 * CB(0 or -errno, ARG) from the loop; the wait may be freed there.  NULL
 * with errno set when it cannot wait.
 */
typedef void	(*vde_sock_wait_cb)(int r, void *arg);

struct vde_sock_wait	*vde_sock_wait_new(struct loop *, const char *path,
			    int timeout_ms, vde_sock_wait_cb, void *arg);
void			 vde_sock_wait_free(struct vde_sock_wait *);

#endif
