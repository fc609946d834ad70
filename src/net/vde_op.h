/*
 * The insides of a start or a stop of the network, shared by vde.c (its
 * steps) and vde_op.c (what the steps wait on, on the loop).  A step
 * that waits names the step to go on with, and returns; what the wait
 * came to is in the operation (r, out, pid, err) when that step runs.
 * A step ends the operation with vde_op_end() or vde_op_fail(), which
 * call its owner back: nothing of the operation may be touched after
 * them.  Nothing else includes this.
 */
#ifndef VFIOTUI_VDE_OP_H
#define VFIOTUI_VDE_OP_H

#include <sys/types.h>

#include <limits.h>

#include "child.h"
#include "netcfg.h"
#include "vde.h"

/* How long the switch has to answer, and slirpvde to plug into it. */
#define VDE_OP_WAIT_MS	2000

struct vde_op;
struct vde_sock_wait;

typedef void	(*vde_op_step)(struct vde_op *);

struct vde_op {
	struct loop		*loop;
	struct netcfg		 cfg;
	const char		*proc_root;
	int			 force;		/* stop an external switch */
	vde_op_cb		 cb;
	void			*arg;
	char			 done[2048];	/* what was done, a line each */
	char			 err[PATH_MAX + 1024];

	/* What the steps keep between them. */
	char			 pidfile[PATH_MAX];
	pid_t			 pid;		/* the daemon they are about */
	/* a stop: "switch", "slirpvde" */
	const char		*daemon;
	const char		*comm;		/* its command name */
	vde_op_step		 then;		/* after that daemon's stop */

	/* The wait, and what it came to. */
	vde_op_step		 next;
	vde_op_step		 pid_next;	/* after vde_op_ask_pid() */
	int			 r;
	char			 out[CHILD_OUT_MAX];
	struct loop_timer	*timer;
	struct child		*child;		/* a program, a daemon's end */
	/* slirpvde, while it plugs in */
	struct child		*watch;
	struct vde_sock_wait	*sock_wait;
	struct vde_mgmt		*mgmt;		/* kept from call to call */
	int			 mgmt_watched;
	/* the call awaiting its reply */
	const char		*cmd;
	const char		*note;		/* the notification awaited */
};

/* An operation whose FIRST step runs from the loop.  NULL: no memory. */
struct vde_op	*vde_op_new(struct loop *, const struct netcfg *,
		    const char *proc_root, vde_op_cb, void *arg,
		    vde_op_step first);

/* Adds a line to what was done. */
void	vde_op_say(struct vde_op *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The end, all done. */
void	vde_op_end(struct vde_op *);
/* The end, failed: why, or with FMT NULL what err says already. */
void	vde_op_fail(struct vde_op *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Runs ARGV to its end: r is its exit status, out the first line it
 * wrote.  One that cannot start fails the operation.
 */
void	vde_op_run(struct vde_op *, char **argv, vde_op_step);
/* Ends PID (SIGTERM, 3 s, SIGKILL): r is 0 once gone, or -errno. */
void	vde_op_end_pid(struct vde_op *, pid_t, vde_op_step);
/* Waits for a listener at PATH: r is 0, or -errno (-ETIMEDOUT). */
void	vde_op_wait_socket(struct vde_op *, const char *path, vde_op_step);
/*
 * Sends CMD on the management connection, made first if there is none:
 * r is 0 with the reply's data in out, or -1 with why in err.
 */
void	vde_op_call(struct vde_op *, const char *cmd, vde_op_step);
/* The switch's pid as showinfo gives it: pid, or -1 with why in err. */
void	vde_op_ask_pid(struct vde_op *, vde_op_step);
/*
 * After a call: waits for a notification whose text begins with NOTE
 * while PID lives.  r is 0 when it came, -ECHILD when PID exited first,
 * -ETIMEDOUT after VDE_OP_WAIT_MS, -EPIPE when the switch hung up.
 */
void	vde_op_wait_note(struct vde_op *, const char *note, pid_t,
	    vde_op_step);

#endif
