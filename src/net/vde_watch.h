/*
 * The network, live, for the TUI: the status is read again only when
 * something says it changed.  The switch's management socket stays
 * connected with debug subscriptions (port/+, port/-, port/ep/+,
 * port/ep/-), so a port that comes or goes is a line on it; the daemons'
 * pidfds say when one exits; inotify on the runtime dir and on the
 * socket's directory says when a pid file or a socket appears or goes
 * (a `net start` from a shell, an external switch), or slirpvde
 * writes its addresses to its log.  Nothing is polled.
 */
#ifndef VFIOTUI_VDE_WATCH_H
#define VFIOTUI_VDE_WATCH_H

#include "netcfg.h"
#include "vde.h"

struct loop;
struct vde_watch;

typedef void	(*vde_watch_cb)(void *arg);

/* Watches CFG's network on LOOP and calls CB(ARG) after each change. */
struct vde_watch	*vde_watch_new(struct loop *, const struct netcfg *,
			    const char *proc_root, vde_watch_cb, void *arg);
void			 vde_watch_free(struct vde_watch *);

/* The status as last read; valid until the next change. */
const struct vde_status	*vde_watch_status(const struct vde_watch *);
const struct netcfg	*vde_watch_config(const struct vde_watch *);

/*
 * HOLD set: nothing is read while a start or stop of ours runs (what
 * changes meanwhile is read when it ends, as it is then).  Cleared: the
 * status is read again now, and CB called.  vde_switch 2.3.2, asked on
 * its management socket while a client leaves, at times misses that the
 * client left and keeps its port: the vde_plug a start tries the switch
 * with showed as a port ever after, now and then.
 */
void	vde_watch_hold(struct vde_watch *, int hold);

#endif
