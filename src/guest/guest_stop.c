/*
 * guest_stop: power-down, deadline, quit, on the loop.  Each command goes
 * on a connection of its own that closes once it is answered, so that the
 * one-shot socket is free for other commands while the guest's OS shuts
 * down; or through the caller's own connection (the dashboard's).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "guest_end.h"
#include "guest_stop.h"
#include "loop.h"
#include "qmp.h"
#include "spawn.h"

/* How long QEMU may take to answer, and to go once it answered quit. */
#define ANSWER_MS	5000

enum stop_phase {
	PHASE_POWERDOWN,	/* system_powerdown sent */
	PHASE_WAITING,		/* for the guest's OS, until the deadline */
	PHASE_QUIT,		/* quit sent */
	PHASE_QUIT_ANSWERED,	/* for QEMU to go */
	PHASE_DONE,
};

struct guest_stop {
	struct loop		*loop;
	char			 name[108];
	char			 ctl[PATH_MAX];
	pid_t			 pid;
	long			 secs;
	guest_stop_send		 send;		/* NULL: through ctl */
	guest_stop_cb		 cb;
	void			*arg;
	enum stop_phase		 phase;
	struct qmp		*qmp;
	int			 ready;		/* capabilities accepted */
	int			 pidfd;
	int			 gone;		/* the pidfd said so */
	struct loop_timer	*timer;
};

static void	stop_quit(void *);
static void	stop_say(struct guest_stop *, enum guest_stop_step,
		    const char *, ...) __attribute__((format(printf, 3, 4)));

static void
stop_timer(struct guest_stop *s, int ms, loop_timer_cb cb)
{
	if (s->timer != NULL)
		loop_timer_del(s->loop, s->timer);
	s->timer = ms < 0 ? NULL : loop_timer_add(s->loop, ms, 0, cb, s);
}

static void
stop_close(struct guest_stop *s)
{
	qmp_free(s->qmp);
	s->qmp = NULL;
}

/* A step; the last ones let go of everything first. */
static void
stop_say(struct guest_stop *s, enum guest_stop_step step, const char *fmt,
    ...)
{
	char	line[1024];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (step >= GUEST_STOP_DOWN) {
		s->phase = PHASE_DONE;
		stop_timer(s, -1, NULL);
		stop_close(s);
	}
	s->cb(step, step == GUEST_STOP_GONE ? NULL : line, s->arg);
}

/* The words qmp_call_sync() gives, for the same silence. */
static void
on_no_answer(void *arg)
{
	struct guest_stop	*s = arg;

	s->timer = NULL;
	stop_say(s, GUEST_STOP_FAILED, "guest %s: no answer within %d.%03d s "
	    "(QEMU serves one QMP client at a time: is another one "
	    "attached?)", s->name, ANSWER_MS / 1000, ANSWER_MS % 1000);
}

static void
on_still_running(void *arg)
{
	struct guest_stop	*s = arg;

	s->timer = NULL;
	stop_say(s, GUEST_STOP_FAILED, "guest %s: QEMU (pid %d) is still "
	    "running after quit: 'vfiotui guest kill %s', or kill %d",
	    s->name, (int)s->pid, s->name, (int)s->pid);
}

/* QEMU went: what that means depends on what was asked of it. */
static void
stop_gone(struct guest_stop *s)
{
	if (s->phase == PHASE_WAITING)
		stop_say(s, GUEST_STOP_DOWN, "guest %s powered down", s->name);
	else if (s->phase == PHASE_QUIT || s->phase == PHASE_QUIT_ANSWERED)
		stop_say(s, GUEST_STOP_QUIT, "guest %s: QEMU quit", s->name);
}

static void
on_pidfd(int fd, short revents, void *arg)
{
	struct guest_stop	*s = arg;

	(void)revents;
	loop_del_fd(s->loop, fd);
	close(fd);
	s->pidfd = -1;
	s->gone = 1;
	/* Before the power-down's answer, that answer says what came first. */
	if (s->phase != PHASE_POWERDOWN)
		stop_gone(s);
}

/* The answer to the command in flight, or why there is none. */
static void
stop_answered(struct guest_stop *s)
{
	stop_close(s);
	if (s->phase == PHASE_POWERDOWN) {
		s->phase = PHASE_WAITING;
		stop_say(s, GUEST_STOP_SENT, "guest %s: ACPI power-down sent, "
		    "waiting up to %ld s", s->name, s->secs);
		if (s->gone)
			stop_gone(s);
		else
			stop_timer(s, (int)s->secs * 1000, stop_quit);
	} else {
		s->phase = PHASE_QUIT_ANSWERED;
		if (s->pid != 0)
			stop_timer(s, ANSWER_MS, on_still_running);
	}
}

static void
on_reply(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guest_stop	*s = arg;

	if (r->error_class == NULL)
		stop_answered(s);
	/* The end of the connection comes next, with its kind. */
	else if (strcmp(r->error_class, QMP_CLASS_CLOSED) != 0)
		stop_say(s, GUEST_STOP_FAILED, "guest %s: QEMU on %s said: "
		    "%s (%s)", s->name, qmp_path(q), r->error_desc,
		    r->error_class);
}

static void
on_ready(struct qmp *q, void *arg)
{
	struct guest_stop	*s = arg;

	(void)q;
	s->ready = 1;
}

static void
on_closed(struct qmp *q, enum qmp_end why, const char *reason, void *arg)
{
	struct guest_stop	*s = arg;

	(void)q;
	/* QEMU may close the socket before it answers quit. */
	if (s->phase == PHASE_QUIT && s->ready &&
	    (why == QMP_END_EOF || why == QMP_END_IO))
		stop_answered(s);
	else
		stop_say(s, GUEST_STOP_FAILED, "guest %s: %s", s->name,
		    reason);
}

/* EXECUTE on a connection of its own; 0, or -1 with the end said. */
static int
stop_send(struct guest_stop *s, const char *execute)
{
	struct qmp_callbacks	cbs = { .ready = on_ready,
				    .closed = on_closed };
	char			err[512];
	int			r;

	if (s->send != NULL) {
		if ((r = s->send(execute, s->arg)) < 0) {
			stop_say(s, GUEST_STOP_FAILED, "guest %s: %s: %s",
			    s->name, execute, strerror(-r));
			return -1;
		}
		stop_answered(s);
		return 0;
	}
	s->ready = 0;
	if ((s->qmp = qmp_open(s->loop, s->ctl, &cbs, s, err, sizeof err)) ==
	    NULL) {
		stop_say(s, GUEST_STOP_FAILED, "guest %s: %s", s->name, err);
		return -1;
	}
	if (qmp_command(s->qmp, execute, NULL, on_reply, s) < 0) {
		stop_say(s, GUEST_STOP_FAILED, "guest %s: out of memory",
		    s->name);
		return -1;
	}
	stop_timer(s, ANSWER_MS, on_no_answer);
	return 0;
}

/* The deadline: the guest's OS had its chance. */
static void
stop_quit(void *arg)
{
	struct guest_stop	*s = arg;

	s->timer = NULL;
	s->phase = PHASE_QUIT;
	stop_say(s, GUEST_STOP_QUITTING, "guest %s did not power down in "
	    "%ld s: quitting QEMU", s->name, s->secs);
	stop_send(s, "quit");
}

/* The first step, off the caller's stack. */
static void
stop_begin(void *arg)
{
	struct guest_stop	*s = arg;

	s->timer = NULL;
	if (s->pidfd == -ESRCH)
		stop_say(s, GUEST_STOP_GONE, "%s", "");
	else if (s->pidfd < 0 && s->pid != 0)
		stop_say(s, GUEST_STOP_FAILED, "guest %s: no pidfd for QEMU "
		    "(pid %d): %s", s->name, (int)s->pid, strerror(-s->pidfd));
	else if (s->pidfd >= 0 &&
	    loop_add_fd(s->loop, s->pidfd, POLLIN, on_pidfd, s) < 0)
		stop_say(s, GUEST_STOP_FAILED, "guest %s: out of memory",
		    s->name);
	else
		stop_send(s, "system_powerdown");
}

static struct guest_stop *
stop_new(struct loop *loop, const char *name, const char *ctl,
    guest_stop_send send, pid_t pid, long secs, guest_stop_cb cb, void *arg)
{
	struct guest_stop	*s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->loop = loop;
	snprintf(s->name, sizeof s->name, "%s", name);
	snprintf(s->ctl, sizeof s->ctl, "%s", ctl);
	s->send = send;
	s->pid = pid;
	s->secs = secs;
	s->cb = cb;
	s->arg = arg;
	s->pidfd = pid != 0 ? spawn_pidfd(pid) : -1;
	if ((s->timer = loop_timer_add(loop, 0, 0, stop_begin, s)) == NULL) {
		guest_stop_free(s);
		return NULL;
	}
	return s;
}

struct guest_stop *
guest_stop_new(struct loop *loop, const char *name, const char *ctl,
    pid_t pid, long secs, guest_stop_cb cb, void *arg)
{
	return stop_new(loop, name, ctl, NULL, pid, secs, cb, arg);
}

struct guest_stop *
guest_stop_new_via(struct loop *loop, const char *name, guest_stop_send send,
    pid_t pid, long secs, guest_stop_cb cb, void *arg)
{
	return stop_new(loop, name, "", send, pid, secs, cb, arg);
}

void
guest_stop_free(struct guest_stop *s)
{
	if (s == NULL)
		return;
	stop_timer(s, -1, NULL);
	stop_close(s);
	loop_close_fd(s->loop, &s->pidfd);
	free(s);
}

struct stop_sync {
	struct loop		*loop;
	const struct guest_paths *gp;
	guest_stop_cb		 cb;
	void			*arg;
	int			 ended;
};

static void
sync_step(enum guest_stop_step step, const char *line, void *arg)
{
	struct stop_sync	*ss = arg;

	/* The record a dashboard would leave, for when none runs. */
	if (step == GUEST_STOP_DOWN)
		guest_end_record(ss->gp, "shut down by the guest");
	else if (step == GUEST_STOP_QUIT)
		guest_end_record(ss->gp, "quit by QMP");
	ss->cb(step, line, ss->arg);
	if (step >= GUEST_STOP_DOWN) {
		ss->ended = 1;
		loop_exit(ss->loop, step == GUEST_STOP_FAILED ? -1 : 0);
	}
}

int
guest_stop_sync(const char *name, const struct guest_paths *gp, pid_t pid,
    long secs, guest_stop_cb cb, void *arg)
{
	struct stop_sync	 ss = { .gp = gp, .cb = cb, .arg = arg };
	struct guest_stop	*s = NULL;
	char			 line[256];
	int			 r = -1;

	if ((ss.loop = loop_new()) == NULL ||
	    (s = guest_stop_new(ss.loop, name, gp->ctl, pid, secs, sync_step,
	    &ss)) == NULL)
		cb(GUEST_STOP_FAILED, "out of memory", arg);
	else if ((r = loop_run(ss.loop)) == -1 && !ss.ended) {
		snprintf(line, sizeof line, "guest %s: poll: %s", name,
		    strerror(errno));
		cb(GUEST_STOP_FAILED, line, arg);
	}
	guest_stop_free(s);
	loop_free(ss.loop);
	return r;
}
