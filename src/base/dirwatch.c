/*
 * One inotify descriptor for every directory, read on the loop; what
 * the events say is not kept, only that something changed, since the
 * caller reads the directories again anyway.
 */
#include "config.h"

#include <sys/inotify.h>

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "dirwatch.h"
#include "loop.h"

#define WATCHED	(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
		 IN_CLOSE_WRITE | IN_ONLYDIR)

struct dirwatch {
	struct loop		*loop;
	int			 fd;
	int			 delay_ms;
	struct loop_timer	*timer;
	void			(*cb)(void *);
	void			*arg;
};

static void
on_settled(void *arg)
{
	struct dirwatch	*dw = arg;

	dw->timer = NULL;
	dw->cb(dw->arg);
}

void
dirwatch_again(struct dirwatch *dw)
{
	if (dw->timer == NULL)
		dw->timer = loop_timer_add(dw->loop, dw->delay_ms, 0,
		    on_settled, dw);
}

static void
on_events(int fd, short revents, void *arg)
{
	char	buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));

	(void)revents;
	/* Drained: that something changed is all that counts. */
	while (read(fd, buf, sizeof buf) > 0)
		;
	dirwatch_again(arg);
}

struct dirwatch *
dirwatch_new(struct loop *loop, int delay_ms, void (*cb)(void *), void *arg)
{
	struct dirwatch	*dw;
	int		 e;

	if ((dw = calloc(1, sizeof *dw)) == NULL)
		return NULL;
	dw->loop = loop;
	dw->delay_ms = delay_ms;
	dw->cb = cb;
	dw->arg = arg;
	if ((dw->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1 ||
	    loop_add_fd(loop, dw->fd, POLLIN, on_events, dw) < 0) {
		e = errno;
		if (dw->fd != -1)
			close(dw->fd);
		free(dw);
		errno = e;
		return NULL;
	}
	return dw;
}

void
dirwatch_free(struct dirwatch *dw)
{
	if (dw == NULL)
		return;
	if (dw->timer != NULL)
		loop_timer_del(dw->loop, dw->timer);
	loop_del_fd(dw->loop, dw->fd);
	close(dw->fd);
	free(dw);
}

int
dirwatch_add(struct dirwatch *dw, const char *dir)
{
	return inotify_add_watch(dw->fd, dir, WATCHED) == -1 ? -errno : 0;
}
