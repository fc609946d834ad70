/*
 * Unix sockets on disk, as the switch and its clients leave them, and
 * as a starting switch makes them.
 */
#include "config.h"

#include <sys/inotify.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "unixsock.h"
#include "vde.h"
#include "vde_sock.h"

/* 0 when someone listens at PATH, else -errno. */
static int
connect_unix(const char *path)
{
	int	fd;

	if ((fd = unixsock_connect(path, 0)) < 0)
		return fd;
	close(fd);
	return 0;
}

int
vde_switch_answers(const char *sock)
{
	char	ctl[PATH_MAX + 8];

	snprintf(ctl, sizeof ctl, "%s/ctl", sock);
	return connect_unix(ctl) == 0;
}

/* A socket file of ours that nobody listens on any more: removed. */
static int
clear_socket(const char *path, const char *what, const struct netcfg *cfg,
    char *err, size_t errlen)
{
	struct stat	st;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : (snprintf(err, errlen, "%s: %s",
		    path, strerror(errno)), -1);
	if (st.st_uid != geteuid()) {
		snprintf(err, errlen, "%s belongs to uid %d, not to you: "
		    "leaving it (set another '%s =' in %s)", path,
		    (int)st.st_uid, what, cfg->file);
		return -1;
	}
	if (S_ISSOCK(st.st_mode) && connect_unix(path) == -ECONNREFUSED)
		return unlink(path) == -1 && errno != ENOENT ?
		    (snprintf(err, errlen, "%s: %s", path, strerror(errno)),
		    -1) : 0;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "%s is not a socket: leaving it (remove "
		    "it, or set another '%s =' in %s)", path, what, cfg->file);
		return -1;
	}
	return 0;
}

/*
 * What a crashed switch and its clients leave: the socket directory with
 * dead sockets in it, and the management socket.  Only our own sockets
 * are removed, and only when nobody listens on them.
 */
int
vde_clear_stale(const struct netcfg *cfg, char *err, size_t errlen)
{
	char		 path[PATH_MAX + 256];
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	int		 r = 0;

	if (clear_socket(cfg->mgmt, "mgmt", cfg, err, errlen) == -1)
		return -1;
	if (lstat(cfg->sock, &st) == -1)
		return 0;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
		snprintf(err, errlen, "%s %s: leaving it (set another "
		    "'socket =' in %s)", cfg->sock, S_ISDIR(st.st_mode) ?
		    "belongs to another user" : "is not a switch's directory",
		    cfg->file);
		return -1;
	}
	if ((d = opendir(cfg->sock)) == NULL) {
		snprintf(err, errlen, "%s: %s", cfg->sock, strerror(errno));
		return -1;
	}
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		snprintf(path, sizeof path, "%s/%s", cfg->sock, de->d_name);
		r = clear_socket(path, "socket", cfg, err, errlen);
	}
	closedir(d);
	if (r == 0)
		rmdir(cfg->sock);	/* vde_switch makes it again */
	return r;
}

/*
 * The daemonized switch makes its management socket after the fork, so
 * it may not be there yet when vde_switch's parent has exited.  inotify
 * on its directory says when the file appears; between bind() and
 * listen() no event comes, so a refused connection is tried again after
 * 1, 2, 4 ... ms.
 */
struct vde_sock_wait {
	struct loop		*loop;
	char			 path[PATH_MAX];
	int			 inotify;
	int			 backoff_ms;
	struct loop_timer	*retry;
	struct loop_timer	*deadline;
	vde_sock_wait_cb	 cb;
	void			*arg;
};

static void
unwatch(struct vde_sock_wait *w)
{
	loop_close_fd(w->loop, &w->inotify);
	loop_timer_del(w->loop, w->retry);
	loop_timer_del(w->loop, w->deadline);
	w->retry = w->deadline = NULL;
}

/* The last thing done with W: the callback may free it. */
static void
tell(struct vde_sock_wait *w, int r)
{
	unwatch(w);
	w->cb(r, w->arg);
}

static void	on_retry(void *);

static void
try_connect(struct vde_sock_wait *w)
{
	int	r = connect_unix(w->path);

	/* Not there yet: inotify says when it is. */
	if (r == -ENOENT)
		return;
	if (r != -ECONNREFUSED) {
		tell(w, r);
		return;
	}
	if (w->retry != NULL)
		return;
	if ((w->retry = loop_timer_add(w->loop, w->backoff_ms, 0, on_retry,
	    w)) == NULL) {
		tell(w, -ENOMEM);
		return;
	}
	w->backoff_ms *= 2;
}

static void
on_retry(void *arg)
{
	struct vde_sock_wait	*w = arg;

	w->retry = NULL;
	try_connect(w);
}

static void
on_created(int fd, short revents, void *arg)
{
	char	ev[4096] __attribute__((aligned(8)));

	(void)revents;
	while (read(fd, ev, sizeof ev) > 0)
		;
	try_connect(arg);
}

static void
on_deadline(void *arg)
{
	struct vde_sock_wait	*w = arg;

	w->deadline = NULL;
	tell(w, -ETIMEDOUT);
}

struct vde_sock_wait *
vde_sock_wait_new(struct loop *loop, const char *path, int timeout_ms,
    vde_sock_wait_cb cb, void *arg)
{
	struct vde_sock_wait	*w;
	char			 dir[PATH_MAX], *slash;
	int			 e;

	if ((w = calloc(1, sizeof *w)) == NULL)
		return NULL;
	w->loop = loop;
	snprintf(w->path, sizeof w->path, "%s", path);
	w->backoff_ms = 1;
	w->cb = cb;
	w->arg = arg;
	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	/* Watched before the first try, so that no creation goes unseen. */
	errno = 0;
	if ((w->inotify = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) == -1 ||
	    inotify_add_watch(w->inotify, dir, IN_CREATE | IN_MOVED_TO) == -1 ||
	    loop_add_fd(loop, w->inotify, POLLIN, on_created, w) < 0 ||
	    (w->retry = loop_timer_add(loop, 0, 0, on_retry, w)) == NULL ||
	    (w->deadline = loop_timer_add(loop, timeout_ms, 0, on_deadline,
	    w)) == NULL) {
		e = errno ? errno : ENOMEM;
		vde_sock_wait_free(w);
		errno = e;
		return NULL;
	}
	return w;
}

void
vde_sock_wait_free(struct vde_sock_wait *w)
{
	if (w == NULL)
		return;
	unwatch(w);
	free(w);
}
