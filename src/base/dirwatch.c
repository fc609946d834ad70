/*
 * One inotify descriptor for every directory, read on the loop; what
 * the events say is not kept, only that something changed, since the
 * caller reads the directories again anyway.  A directory not made yet
 * is awaited through its nearest parent.
 */
#include "config.h"

#include <sys/inotify.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	int			 parent_wd;	/* the awaited dir's, or -1 */
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
	dw->parent_wd = -1;
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
	int	wd;

	if ((wd = inotify_add_watch(dw->fd, dir, WATCHED)) == -1)
		return -errno;
	/* The same dir as the awaited one's parent: it stays watched. */
	if (wd == dw->parent_wd)
		dw->parent_wd = -1;
	return 0;
}

int
dirwatch_await(struct dirwatch *dw, const char *dir)
{
	char	parent[PATH_MAX], *slash;
	int	wd;

	if (inotify_add_watch(dw->fd, dir, WATCHED) != -1) {
		if (dw->parent_wd != -1) {
			inotify_rm_watch(dw->fd, dw->parent_wd);
			dw->parent_wd = -1;
			/* Made since the caller last read it. */
			dirwatch_again(dw);
		}
		return 0;
	}
	if (errno != ENOENT)
		return -errno;
	if ((size_t)snprintf(parent, sizeof parent, "%s", dir) >= sizeof parent)
		return -ENAMETOOLONG;
	while ((slash = strrchr(parent, '/')) != NULL) {
		slash[slash == parent] = '\0';
		if ((wd = inotify_add_watch(dw->fd, parent, WATCHED)) != -1) {
			/* Made down to here: the last parent is not wanted. */
			if (dw->parent_wd != -1 && dw->parent_wd != wd)
				inotify_rm_watch(dw->fd, dw->parent_wd);
			dw->parent_wd = wd;
			return 1;
		}
		if (errno != ENOENT || slash == parent)
			return -errno;
	}
	return -ENOENT;
}
