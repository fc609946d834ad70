/*
 * Processes followed on the loop, for what must not wait: a program run
 * to its end with its output kept (spawn_run without the waiting), a
 * process watched until it exits, and one ended by SIGTERM and then
 * SIGKILL (spawn_terminate without the waiting).  Each says how it went
 * once, through its callback, and always from the loop: never from the
 * call that made it.
 */
#ifndef VFIOTUI_CHILD_H
#define VFIOTUI_CHILD_H

#include <sys/types.h>

#include <stddef.h>

struct child;
struct loop;

/*
 * STATUS: a run's exit status as spawn_wait() gives it; 0 for a watched
 * process; 0 for an ended one once it is gone, -errno when it would not
 * go.  OUT: what a run wrote (at most CHILD_OUT_MAX - 1 bytes), "" for
 * the others.  The child is spent then; the callback may free it.
 */
typedef void	(*child_cb)(int status, const char *out, void *arg);

#define CHILD_OUT_MAX	1024

/* Runs ARGV as spawn_run() does.  NULL with why in ERR. */
struct child	*child_run(struct loop *, char *const argv[], child_cb,
		    void *arg, char *err, size_t errlen);
/* Says when PID, anyone's, exits.  NULL with errno (ESRCH: gone). */
struct child	*child_watch(struct loop *, pid_t, child_cb, void *arg);
/*
 * Ends PID, anyone's, as spawn_terminate() does: SIGTERM, TIMEOUT_MS for
 * it to go, then SIGKILL.  A child of ours is not reaped.  NULL when out
 * of memory.
 */
struct child	*child_terminate(struct loop *, pid_t, int timeout_ms,
		    child_cb, void *arg);

/*
 * Stops following it; a run still going is killed and reaped, a process
 * being ended is left to the signal it has been sent.  NULL is fine.
 */
void	child_free(struct child *);

#endif
