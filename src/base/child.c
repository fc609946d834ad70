/*
 * One struct for the three kinds: a pidfd on the loop says when the
 * process exits; a run's pipe is read as it fills (a program that
 * writes more than a pipe holds would never exit otherwise); a timer
 * carries an end's deadlines, and to the loop an answer known at once
 * (the process was gone already).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "loop.h"
#include "spawn.h"

/* How long a process has to go after SIGKILL, as in spawn_terminate(). */
#define KILL_MS	2000

enum child_kind {
	CHILD_RUN,
	CHILD_WATCH,
	CHILD_END,
};

struct child {
	struct loop		*loop;
	enum child_kind		 kind;
	pid_t			 pid;
	int			 pidfd;
	int			 outfd;		/* a run's stdout and stderr */
	char			 out[CHILD_OUT_MAX];
	size_t			 outlen;
	int			 killed;	/* an end: SIGKILL went */
	/* known at once, told by timer */
	int			 status;
	struct loop_timer	*timer;
	child_cb		 cb;
	void			*arg;
};

static struct child *
child_new(struct loop *loop, enum child_kind kind, pid_t pid, child_cb cb,
    void *arg)
{
	struct child	*c;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->loop = loop;
	c->kind = kind;
	c->pid = pid;
	c->pidfd = c->outfd = -1;
	c->cb = cb;
	c->arg = arg;
	return c;
}

static void
unwatch(struct child *c)
{
	loop_close_fd(c->loop, &c->pidfd);
	loop_close_fd(c->loop, &c->outfd);
	if (c->timer != NULL)
		loop_timer_del(c->loop, c->timer);
	c->timer = NULL;
}

/* The last thing done with C: the callback may free it. */
static void
tell(struct child *c, int status)
{
	unwatch(c);
	c->out[c->outlen] = '\0';
	c->cb(status, c->out, c->arg);
}

/* Keeps what fits of what the run wrote; 1 at the pipe's end. */
static int
read_out(struct child *c)
{
	char	scratch[512];
	size_t	room;
	ssize_t	n;

	for (;;) {
		room = sizeof c->out - 1 - c->outlen;
		n = read(c->outfd, room ? c->out + c->outlen : scratch,
		    room ? room : sizeof scratch);
		if (n > 0 && room)
			c->outlen += (size_t)n;
		else if (n == 0)
			return 1;
		else if (n == -1 && errno != EINTR)
			return errno != EAGAIN;
	}
}

static void
on_out(int fd, short revents, void *arg)
{
	struct child	*c = arg;

	(void)fd;
	(void)revents;
	if (read_out(c))
		loop_close_fd(c->loop, &c->outfd);
}

static void
on_exit_fd(int fd, short revents, void *arg)
{
	struct child	*c = arg;
	int		 status = 0;

	(void)fd;
	(void)revents;
	if (c->kind == CHILD_RUN) {
		/* Written before it exited, so in the pipe by now. */
		if (c->outfd != -1)
			read_out(c);
		/* The pidfd said it exited: this reaps it without waiting. */
		status = spawn_wait(c->pid);
		c->pid = 0;
	}
	tell(c, status);
}

static void
on_timer(void *arg)
{
	struct child	*c = arg;

	c->timer = NULL;
	if (c->pidfd == -1)
		tell(c, c->status);
	else if (c->killed)
		tell(c, -ETIMEDOUT);
	else {
		kill(c->pid, SIGKILL);
		c->killed = 1;
		c->timer = loop_timer_add(c->loop, KILL_MS, 0, on_timer, c);
		if (c->timer == NULL)
			tell(c, -ENOMEM);
	}
}

/* Watches C's process on its pidfd FD (taken over).  0 or -errno. */
static int
watch_exit(struct child *c, int fd)
{
	if (fd < 0)
		return fd;
	c->pidfd = fd;
	return loop_add_fd(c->loop, fd, POLLIN, on_exit_fd, c);
}

struct child *
child_run(struct loop *loop, char *const argv[], child_cb cb, void *arg,
    char *err, size_t errlen)
{
	struct child	*c;
	pid_t		 pid;
	int		 fd, r;

	if ((pid = spawn_piped(argv, &fd, err, errlen)) == -1)
		return NULL;
	if ((c = child_new(loop, CHILD_RUN, pid, cb, arg)) == NULL) {
		close(fd);
		kill(pid, SIGKILL);
		spawn_wait(pid);
		snprintf(err, errlen, "%s: out of memory", argv[0]);
		return NULL;
	}
	c->outfd = fd;
	if (fcntl(fd, F_SETFL, O_NONBLOCK) == -1)
		r = -errno;
	else if ((r = loop_add_fd(loop, fd, POLLIN, on_out, c)) == 0)
		r = watch_exit(c, spawn_pidfd(pid));
	if (r < 0) {
		snprintf(err, errlen, "%s (pid %d): cannot follow it: %s",
		    argv[0], (int)pid, strerror(-r));
		child_free(c);
		return NULL;
	}
	return c;
}

struct child *
child_watch(struct loop *loop, pid_t pid, child_cb cb, void *arg)
{
	struct child	*c;
	int		 r;

	if ((c = child_new(loop, CHILD_WATCH, pid, cb, arg)) == NULL)
		return NULL;
	if ((r = watch_exit(c, spawn_pidfd(pid))) < 0) {
		child_free(c);
		errno = -r;
		return NULL;
	}
	return c;
}

struct child *
child_terminate(struct loop *loop, pid_t pid, int timeout_ms, child_cb cb,
    void *arg)
{
	struct child	*c;
	int		 fd, ms = 0;

	if ((c = child_new(loop, CHILD_END, pid, cb, arg)) == NULL)
		return NULL;
	if ((fd = spawn_pidfd(pid)) < 0)
		c->status = fd == -ESRCH ? 0 : fd;
	else if (kill(pid, SIGTERM) == -1 && errno == ESRCH)
		close(fd);
	else if (watch_exit(c, fd) < 0) {
		child_free(c);
		return NULL;
	} else
		ms = timeout_ms;
	if ((c->timer = loop_timer_add(loop, ms, 0, on_timer, c)) == NULL) {
		child_free(c);
		return NULL;
	}
	return c;
}

void
child_free(struct child *c)
{
	if (c == NULL)
		return;
	if (c->kind == CHILD_RUN && c->pid > 0) {
		kill(c->pid, SIGKILL);
		spawn_wait(c->pid);
	}
	unwatch(c);
	free(c);
}
