/*
 * Unix sockets on disk, as the switch and its clients leave them.
 */
#include "config.h"

#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vde.h"
#include "vde_sock.h"

static int
connect_unix(const char *path)
{
	struct sockaddr_un	sun = { .sun_family = AF_UNIX };
	int			fd, r;

	if (strlen(path) >= sizeof sun.sun_path)
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -errno;
	r = connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1 ? -errno :
	    0;
	close(fd);
	return r;
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
 * Waits up to VDE_SOCK_WAIT_MS for a listener at PATH: the daemonized
 * switch makes its management socket after the fork, so it may not be
 * there yet when vde_switch's parent has exited.  inotify on its
 * directory says when the file appears; between bind() and listen() no
 * event comes, so a refused connection is tried again after 1, 2, 4 ...
 * ms.  0, or -errno.
 */
int
vde_wait_socket(const char *path)
{
	char		 dir[PATH_MAX], ev[4096], *slash;
	struct pollfd	 pfd = { .events = POLLIN };
	long long	 left;
	struct timespec	 t0, t1;
	int		 r, backoff = 1;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if ((pfd.fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) == -1)
		return -errno;
	if (inotify_add_watch(pfd.fd, dir, IN_CREATE | IN_MOVED_TO) == -1) {
		r = -errno;
		close(pfd.fd);
		return r;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((r = connect_unix(path)) == -ENOENT || r == -ECONNREFUSED) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = VDE_SOCK_WAIT_MS - ((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0) {
			r = -ETIMEDOUT;
			break;
		}
		if (r == -ECONNREFUSED) {
			left = left < backoff ? left : backoff;
			backoff *= 2;
		}
		poll(&pfd, 1, (int)left);
		while (read(pfd.fd, ev, sizeof ev) > 0)
			;
	}
	close(pfd.fd);
	return r;
}

