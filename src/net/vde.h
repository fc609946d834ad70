/*
 * The guests' network: a vde_switch on a unix socket (and optionally on
 * a tap with a host address), and slirpvde for NAT and DHCP.  Both run as
 * daemons with pid files in the runtime dir so that they outlive
 * vfiotui; a switch answering at the socket without our pid file was
 * started by something else (a systemd unit) and is "external".
 */
#ifndef VFIOTUI_VDE_H
#define VFIOTUI_VDE_H

#include <sys/types.h>

#include <stddef.h>

#include "netcfg.h"
#include "vde_mgmt.h"

struct loop;
struct vde_op;

enum vde_state {
	VDE_DOWN,	/* not running */
	VDE_UP,		/* running, started by vfiotui */
	VDE_EXTERNAL,	/* a switch vfiotui did not start answers */
	VDE_DEAD,	/* our pid file names a process that is gone */
};

struct vde_status {
	enum vde_state	 sw;
	pid_t		 sw_pid;
	int		 stale;		/* sockets left with nobody behind */
	int		 mgmt_ok;	/* ports below came from the switch */
	struct vde_port	*ports;
	int		 nports;
	enum vde_state	 slirp;		/* VDE_DOWN when slirp is off too */
	pid_t		 slirp_pid;
	char		 dhcp[128];	/* "10.0.2.2/24 DNS 10.0.2.3 ..." */
	int		 tap_exists, tap_up;
	/* "10.0.2.1/24", space-separated */
	char		 tap_addrs[128];
	char		 sw_log[512];	/* last lines of a dead daemon's log */
	char		 slirp_log[512];
};

/* "down", "up", "external", "dead". */
const char	*vde_state_word(enum vde_state);

/* Fills ST from the pid files, the sockets and the switch.  0 or -1. */
int	vde_status_read(const struct netcfg *, const char *proc_root,
	    struct vde_status *st);
void	vde_status_free(struct vde_status *st);

/*
 * Starts what CFG asks for and is not running: the switch (stale sockets
 * and pid files of a crashed one are cleared first), the tap's address
 * and link, slirpvde.  A running or external switch is left as it is.
 * What was done goes to DONE, one line each.  0, or -1 with why in ERR.
 * It runs vde_op_start() on a loop of its own until it ends.
 */
int	vde_start(const struct netcfg *, const char *proc_root, char *done,
	    size_t donelen, char *err, size_t errlen);

/*
 * Stops slirpvde and the switch vfiotui started and removes their
 * sockets and pid files.  An external switch is only stopped with FORCE
 * (through its management socket).  0, or -1 with why in ERR.  It runs
 * vde_op_stop() on a loop of its own until it ends.
 */
int	vde_stop(const struct netcfg *, const char *proc_root, int force,
	    char *done, size_t donelen, char *err, size_t errlen);

/*
 * The end of a start or a stop on the loop: DONE says what was done, a
 * line each, and ERR is NULL, or why it failed.  It comes once, from the
 * loop, never from the call that began the operation; the operation may
 * be freed there.
 */
typedef void	(*vde_op_cb)(const char *done, const char *err, void *arg);

/*
 * vde_start() and vde_stop() as steps on LOOP: every wait (for vde_switch
 * to daemonize, its sockets, its answers, a daemon to go) is a watched fd
 * or a timer, so the dashboard goes on meanwhile.  NULL when out of
 * memory.
 */
struct vde_op	*vde_op_start(struct loop *, const struct netcfg *,
		    const char *proc_root, vde_op_cb, void *arg);
struct vde_op	*vde_op_stop(struct loop *, const struct netcfg *,
		    const char *proc_root, int force, vde_op_cb, void *arg);
/*
 * Calls an operation off where it is: a program it runs is killed, a
 * daemon it started or was ending is left as it is.  NULL is fine.
 */
void		 vde_op_free(struct vde_op *);

/*
 * A daemon's file in the runtime dir: DAEMON "switch" or "slirpvde",
 * SUFFIX ".pid" or ".log".  0 or -ENAMETOOLONG.
 */
int	vde_daemon_file(const struct netcfg *, const char *daemon,
	    const char *suffix, char *buf, size_t len);

/* Whether a switch accepts connections at SOCK (its ctl socket). */
int	vde_switch_answers(const char *sock);

#endif
