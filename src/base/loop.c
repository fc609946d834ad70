/*
 * The poll loop: fd watchers in an array that maps 1:1 onto the pollfd
 * array, timers in a short list, signals through one signalfd.  Callbacks
 * may add and remove watchers and timers while the loop dispatches.
 */
#include "config.h"

#include <sys/signalfd.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

struct loop_watch {
	int		 fd;
	loop_fd_cb	 cb;
	void		*arg;
};

struct loop_timer {
	struct loop_timer	*next;
	long long		 due_ms;	/* CLOCK_MONOTONIC */
	int			 period_ms;	/* 0: one shot */
	int			 dead;
	loop_timer_cb		 cb;
	void			*arg;
};

struct loop_signal {
	loop_signal_cb	 cb;
	void		*arg;
};

struct loop {
	struct pollfd		*pfds;
	struct loop_watch	*watches;
	size_t			 nwatches;
	size_t			 capwatches;
	struct loop_timer	*timers;
	int			 sigfd;
	sigset_t		 sigmask;
	struct loop_signal	 signals[_NSIG];
	int			 running;
	int			 status;
};

long long
loop_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct loop *
loop_new(void)
{
	struct loop	*loop;

	if ((loop = calloc(1, sizeof *loop)) == NULL)
		return NULL;
	loop->sigfd = -1;
	sigemptyset(&loop->sigmask);
	return loop;
}

void
loop_free(struct loop *loop)
{
	struct loop_timer	*t, *next;

	if (loop == NULL)
		return;
	for (t = loop->timers; t != NULL; t = next) {
		next = t->next;
		free(t);
	}
	if (loop->sigfd != -1) {
		close(loop->sigfd);
		sigprocmask(SIG_UNBLOCK, &loop->sigmask, NULL);
	}
	free(loop->pfds);
	free(loop->watches);
	free(loop);
}

int
loop_add_fd(struct loop *loop, int fd, short events, loop_fd_cb cb,
    void *arg)
{
	size_t	n = loop->nwatches;

	if (n == loop->capwatches) {
		size_t			 cap = n ? n * 2 : 8;
		struct pollfd		*pfds;
		struct loop_watch	*watches;

		pfds = realloc(loop->pfds, cap * sizeof *pfds);
		if (pfds == NULL)
			return -ENOMEM;
		loop->pfds = pfds;
		watches = realloc(loop->watches, cap * sizeof *watches);
		if (watches == NULL)
			return -ENOMEM;
		loop->watches = watches;
		loop->capwatches = cap;
	}
	loop->pfds[n].fd = fd;
	loop->pfds[n].events = events;
	loop->pfds[n].revents = 0;
	loop->watches[n].fd = fd;
	loop->watches[n].cb = cb;
	loop->watches[n].arg = arg;
	loop->nwatches++;
	return 0;
}

void
loop_del_fd(struct loop *loop, int fd)
{
	size_t	i;

	for (i = 0; i < loop->nwatches; i++) {
		if (loop->watches[i].fd != fd)
			continue;
		/*
		 * Mark rather than compact: loop_run() may be walking the
		 * array.  It compacts after dispatch.
		 */
		loop->watches[i].fd = -1;
		loop->pfds[i].fd = -1;
	}
}

void
loop_close_fd(struct loop *loop, int *fd)
{
	if (*fd < 0)
		return;
	loop_del_fd(loop, *fd);
	close(*fd);
	*fd = -1;
}

void
loop_set_fd_events(struct loop *loop, int fd, short events)
{
	size_t	i;

	for (i = 0; i < loop->nwatches; i++)
		if (loop->watches[i].fd == fd)
			loop->pfds[i].events = events;
}

static void
loop_compact_fds(struct loop *loop)
{
	size_t	i, j = 0;

	for (i = 0; i < loop->nwatches; i++) {
		if (loop->watches[i].fd == -1)
			continue;
		loop->watches[j] = loop->watches[i];
		loop->pfds[j] = loop->pfds[i];
		j++;
	}
	loop->nwatches = j;
}

struct loop_timer *
loop_timer_add(struct loop *loop, int ms, int repeat, loop_timer_cb cb,
    void *arg)
{
	struct loop_timer	*t;

	if ((t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	t->due_ms = loop_now_ms() + ms;
	t->period_ms = repeat ? ms : 0;
	t->cb = cb;
	t->arg = arg;
	t->next = loop->timers;
	loop->timers = t;
	return t;
}

void
loop_timer_del(struct loop *loop, struct loop_timer *timer)
{
	(void)loop;
	if (timer != NULL)
		timer->dead = 1;
}

static void
loop_reap_timers(struct loop *loop)
{
	struct loop_timer	**tp = &loop->timers, *t;

	while ((t = *tp) != NULL) {
		if (t->dead) {
			*tp = t->next;
			free(t);
		} else
			tp = &t->next;
	}
}

/* -1 (sleep until an fd fires) when no timer is pending. */
static int
loop_poll_timeout(const struct loop *loop)
{
	const struct loop_timer	*t;
	long long		 now = loop_now_ms(), first = -1;

	for (t = loop->timers; t != NULL; t = t->next)
		if (!t->dead && (first == -1 || t->due_ms < first))
			first = t->due_ms;
	if (first == -1)
		return -1;
	return first <= now ? 0 : (int)(first - now);
}

static void
loop_fire_timers(struct loop *loop)
{
	struct loop_timer	*t;
	long long		 now = loop_now_ms();

	for (t = loop->timers; t != NULL; t = t->next) {
		if (t->dead || t->due_ms > now)
			continue;
		if (t->period_ms > 0)
			t->due_ms = now + t->period_ms;
		else
			t->dead = 1;
		t->cb(t->arg);
	}
	loop_reap_timers(loop);
}

static void
loop_read_signals(int fd, short revents, void *arg)
{
	struct loop			*loop = arg;
	struct signalfd_siginfo		 si;
	struct loop_signal		*s;

	(void)revents;
	while (read(fd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo >= (unsigned)_NSIG)
			continue;
		s = &loop->signals[si.ssi_signo];
		if (s->cb != NULL)
			s->cb((int)si.ssi_signo, s->arg);
	}
}

int
loop_add_signal(struct loop *loop, int signo, loop_signal_cb cb, void *arg)
{
	int	fd, first = loop->sigfd == -1;

	if (signo <= 0 || signo >= _NSIG)
		return -EINVAL;
	sigaddset(&loop->sigmask, signo);
	if (sigprocmask(SIG_BLOCK, &loop->sigmask, NULL) == -1)
		return -errno;
	fd = signalfd(loop->sigfd, &loop->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd == -1)
		return -errno;
	loop->sigfd = fd;
	loop->signals[signo].cb = cb;
	loop->signals[signo].arg = arg;
	if (first)
		return loop_add_fd(loop, fd, POLLIN, loop_read_signals, loop);
	return 0;
}

int
loop_run(struct loop *loop)
{
	size_t	i, n;
	int	r;

	loop->running = 1;
	while (loop->running) {
		r = poll(loop->pfds, loop->nwatches, loop_poll_timeout(loop));
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* Watchers added by a callback wait for the next round. */
		n = loop->nwatches;
		for (i = 0; i < n && r > 0; i++) {
			short revents = loop->pfds[i].revents;

			if (revents == 0 || loop->watches[i].fd == -1)
				continue;
			r--;
			loop->watches[i].cb(loop->watches[i].fd, revents,
			    loop->watches[i].arg);
		}
		loop_compact_fds(loop);
		loop_fire_timers(loop);
	}
	return loop->status;
}

void
loop_exit(struct loop *loop, int status)
{
	loop->running = 0;
	loop->status = status;
}
