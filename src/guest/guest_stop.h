/*
 * A guest's stop on the poll loop: ACPI power-down, up to a deadline for
 * its OS to act on it, then quit; QEMU's pidfd says when it went.  The
 * command line runs it on a loop of its own (guest_stop_sync()), so that
 * there is one stop, not a waiting copy of it.
 */
#ifndef VFIOTUI_GUEST_STOP_H
#define VFIOTUI_GUEST_STOP_H

#include <sys/types.h>

struct guest_paths;
struct guest_stop;
struct loop;

enum guest_stop_step {
	GUEST_STOP_SENT,	/* the power-down was answered */
	GUEST_STOP_QUITTING,	/* the deadline passed: quit sent */
	GUEST_STOP_DOWN,	/* the end: QEMU went after the power-down */
	GUEST_STOP_QUIT,	/* the end: QEMU went after quit */
	GUEST_STOP_GONE,	/* the end: QEMU had gone already (LINE NULL) */
	GUEST_STOP_FAILED,	/* the end: LINE says why */
};

/* A step, and the line the command line prints for it. */
typedef void	(*guest_stop_cb)(enum guest_stop_step, const char *line,
		    void *arg);

/* Sends EXECUTE on a connection its caller holds: 0, or -errno. */
typedef int	(*guest_stop_send)(const char *execute, void *arg);

/*
 * Stops guest NAME, whose QEMU is PID, through the QMP socket at CTL,
 * waiting SECS for its OS.  CB hears each step, never from within this
 * call; the steps from GUEST_STOP_DOWN on are its last.  NULL when out
 * of memory.
 */
struct guest_stop	*guest_stop_new(struct loop *, const char *name,
			    const char *ctl, pid_t pid, long secs,
			    guest_stop_cb, void *arg);
/*
 * The same through SEND (given ARG too), whose commands count as
 * answered once sent: for a connection that is already watched.  With
 * PID 0 (a peer that did not say) nothing says when QEMU went: the
 * caller ends the stop with guest_stop_free().
 */
struct guest_stop	*guest_stop_new_via(struct loop *, const char *name,
			    guest_stop_send, pid_t pid, long secs,
			    guest_stop_cb, void *arg);
void			 guest_stop_free(struct guest_stop *);

/*
 * guest_stop_new() on a loop of its own until it ends, recording how
 * QEMU went; 0, or -1 when it failed (CB had the line).
 */
int	guest_stop_sync(const char *name, const struct guest_paths *,
	    pid_t pid, long secs, guest_stop_cb, void *arg);

#endif
