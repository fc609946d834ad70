/*
 * What vde_watch keeps on the loop, and when each is set up: a
 * management connection and pidfds follow the status (made when the
 * switch is up, dropped when it goes), the inotify watches live as long
 * as the watch.
 */
#include "config.h"

#include <sys/inotify.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "spawn.h"
#include "vde_watch.h"

/* Sent one at a time: the switch reads one command per read(). */
static const char *const subscriptions[] = {
	"debug/add port/+", "debug/add port/-",
	"debug/add port/ep/+", "debug/add port/ep/-",
};
#define NSUBS	(sizeof subscriptions / sizeof subscriptions[0])
/* The runtime dir, the socket's and the management socket's, or parents. */
#define MAX_DIRS	8
#define MAX_RETRIES	6

struct vde_watch {
	struct loop		*loop;
	struct netcfg		 cfg;
	const char		*proc_root;
	vde_watch_cb		 cb;
	void			*arg;
	struct vde_status	 st;
	struct vde_mgmt		*mgmt;
	size_t			 nsent;		/* subscriptions sent */
	int			 sw_pidfd, slirp_pidfd;
	pid_t			 sw_pid, slirp_pid;	/* what they watch */
	int			 inotify;
	struct loop_timer	*retry;		/* see retry_mgmt() */
	int			 nretries;
	int			 held;		/* see vde_watch_hold() */
	struct {
		int	wd;
		char	path[PATH_MAX];
	/* what inotify watches */
	}			 dirs[MAX_DIRS];
	size_t			 ndirs;
};

static void	rearm(struct vde_watch *);

static void
changed(struct vde_watch *w)
{
	if (w->held)
		return;
	vde_status_free(&w->st);
	vde_status_read(&w->cfg, w->proc_root, &w->st);
	rearm(w);
	w->cb(w->arg);
}

static void
drop_mgmt(struct vde_watch *w)
{
	if (w->mgmt == NULL)
		return;
	loop_del_fd(w->loop, vde_mgmt_fd(w->mgmt));
	vde_mgmt_free(w->mgmt);
	w->mgmt = NULL;
}

static void
on_mgmt(int fd, short revents, void *arg)
{
	struct vde_watch	*w = arg;
	struct vde_mgmt_msg	 msg;
	int			 note = 0, r;

	(void)fd;
	(void)revents;
	r = vde_mgmt_read(w->mgmt);
	while (vde_mgmt_next(w->mgmt, &msg) == 1) {
		if (msg.code >= 3000)
			note = 1;
		else if (w->nsent < NSUBS)
			vde_mgmt_send(w->mgmt, subscriptions[w->nsent++]);
	}
	if (r < 0) {
		/* The switch went away: its pidfd, if ours, says so too. */
		drop_mgmt(w);
		changed(w);
	} else if (note)
		changed(w);
}

static void
on_retry(void *arg)
{
	struct vde_watch	*w = arg;

	w->retry = NULL;
	changed(w);
}

/*
 * A switch answers but its management socket, there already, does not:
 * one made between bind() and listen(), which no inotify event ends.
 * Asked again after 10, 20, 40 ... ms, a few times; never while idle.
 */
static void
retry_mgmt(struct vde_watch *w)
{
	struct stat	sb;

	if (w->retry != NULL || w->nretries >= MAX_RETRIES ||
	    lstat(w->cfg.mgmt, &sb) == -1 || !S_ISSOCK(sb.st_mode))
		return;
	w->retry = loop_timer_add(w->loop, 10 << w->nretries++, 0, on_retry,
	    w);
}

static void
watch_mgmt(struct vde_watch *w)
{
	char	err[256];
	int	up = w->st.sw == VDE_UP || w->st.sw == VDE_EXTERNAL;

	if (up && !w->st.mgmt_ok)
		retry_mgmt(w);
	else
		w->nretries = 0;
	if (!up || !w->st.mgmt_ok) {
		drop_mgmt(w);
		return;
	}
	if (w->mgmt != NULL)
		return;
	if ((w->mgmt = vde_mgmt_connect(w->cfg.mgmt, err, sizeof err)) ==
	    NULL)
		return;
	if (loop_add_fd(w->loop, vde_mgmt_fd(w->mgmt), POLLIN, on_mgmt,
	    w) < 0 || vde_mgmt_send(w->mgmt, subscriptions[0]) < 0) {
		drop_mgmt(w);
		return;
	}
	w->nsent = 1;
}

static void
on_exit_fd(int fd, short revents, void *arg)
{
	struct vde_watch	*w = arg;

	(void)revents;
	loop_del_fd(w->loop, fd);
	close(fd);
	if (fd == w->sw_pidfd) {
		w->sw_pidfd = -1;
		w->sw_pid = 0;
	} else {
		w->slirp_pidfd = -1;
		w->slirp_pid = 0;
	}
	changed(w);
}

/* Keeps *FD a pidfd on the loop for PID (0: none). */
static void
watch_pid(struct vde_watch *w, int *fd, pid_t *watched, pid_t pid)
{
	if (*watched == pid)
		return;
	loop_close_fd(w->loop, fd);
	*watched = 0;
	if (pid <= 0 || (*fd = spawn_pidfd(pid)) < 0) {
		*fd = -1;
		return;
	}
	if (loop_add_fd(w->loop, *fd, POLLIN, on_exit_fd, w) < 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	*watched = pid;
}

static void
rearm(struct vde_watch *w)
{
	watch_mgmt(w);
	watch_pid(w, &w->sw_pidfd, &w->sw_pid, w->st.sw_pid);
	watch_pid(w, &w->slirp_pidfd, &w->slirp_pid, w->st.slirp_pid);
}

/*
 * The directory PATH is in, where pid files and sockets appear and go;
 * while it does not exist yet, the nearest parent that does (where it
 * will appear).  OWN is watched for in that directory itself, never in
 * a parent.  Adding a watch again gives the same descriptor, and adds
 * to what it was watched for.
 */
static void
watch_dir_of(struct vde_watch *w, const char *path, uint32_t own)
{
	char	dir[PATH_MAX], *slash;
	size_t	i;
	int	wd;

	snprintf(dir, sizeof dir, "%s", path);
	while ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		wd = inotify_add_watch(w->inotify, dir, IN_MASK_ADD | own |
		    IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM |
		    IN_ONLYDIR);
		own = 0;
		if (wd == -1)
			continue;
		for (i = 0; i < w->ndirs && w->dirs[i].wd != wd; i++)
			;
		if (i == w->ndirs && w->ndirs < MAX_DIRS)
			w->ndirs++;
		if (i < MAX_DIRS) {
			w->dirs[i].wd = wd;
			snprintf(w->dirs[i].path, PATH_MAX, "%s", dir);
		}
		return;
	}
}

static void
watch_dirs(struct vde_watch *w)
{
	char	probe[PATH_MAX + 8];

	/*
	 * The runtime dir, and slirpvde's log there as it is written: it
	 * writes its addresses just after it plugs in, which is when a
	 * start ends and the status is read.
	 */
	snprintf(probe, sizeof probe, "%s/x", w->cfg.dir);
	watch_dir_of(w, probe, IN_MODIFY);
	watch_dir_of(w, w->cfg.sock, 0);
	watch_dir_of(w, w->cfg.mgmt, 0);
}

/* Whether PATH is WANT or one of the directories above it. */
static int
leads_to(const char *path, const char *want)
{
	size_t	n = strlen(path);

	return strncmp(path, want, n) == 0 &&
	    (want[n] == '\0' || want[n] == '/');
}

/*
 * Whether an event is ours: anything in the runtime dir (pid files), else
 * only our sockets or the directories on their way.  The socket may sit
 * in a busy directory such as /tmp, where the rest is no concern of ours.
 */
static int
event_matters(const struct vde_watch *w, const struct inotify_event *ev)
{
	char	path[2 * PATH_MAX];
	size_t	i;

	for (i = 0; i < w->ndirs && w->dirs[i].wd != ev->wd; i++)
		;
	if (i == w->ndirs || ev->len == 0)
		return ev->mask & IN_Q_OVERFLOW ? 1 : 0;
	/* Of the writes, only slirpvde's to its log says something new. */
	if (strcmp(w->dirs[i].path, w->cfg.dir) == 0)
		return !(ev->mask & IN_MODIFY) ||
		    strcmp(ev->name, "slirpvde.log") == 0;
	snprintf(path, sizeof path, "%s/%s", w->dirs[i].path, ev->name);
	return leads_to(path, w->cfg.dir) || leads_to(path, w->cfg.sock) ||
	    leads_to(path, w->cfg.mgmt);
}

static void
on_inotify(int fd, short revents, void *arg)
{
	struct vde_watch		*w = arg;
	char				 buf[4096]
					    __attribute__((aligned(8)));
	const struct inotify_event	*ev;
	ssize_t				 n, off;
	int				 matters = 0;

	(void)revents;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		for (off = 0; off < n; off += (ssize_t)(sizeof *ev + ev->len)) {
			ev = (const struct inotify_event *)(void *)(buf + off);
			matters |= event_matters(w, ev);
		}
	if (!matters)
		return;
	/* A directory that was missing may be there now. */
	watch_dirs(w);
	changed(w);
}

static void
start_inotify(struct vde_watch *w)
{
	if ((w->inotify = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) == -1)
		return;
	watch_dirs(w);
	if (loop_add_fd(w->loop, w->inotify, POLLIN, on_inotify, w) < 0) {
		close(w->inotify);
		w->inotify = -1;
	}
}

struct vde_watch *
vde_watch_new(struct loop *loop, const struct netcfg *cfg,
    const char *proc_root, vde_watch_cb cb, void *arg)
{
	struct vde_watch	*w;

	if ((w = calloc(1, sizeof *w)) == NULL)
		return NULL;
	w->loop = loop;
	w->cfg = *cfg;
	w->proc_root = proc_root;
	w->cb = cb;
	w->arg = arg;
	w->sw_pidfd = w->slirp_pidfd = -1;
	start_inotify(w);
	vde_status_read(&w->cfg, w->proc_root, &w->st);
	rearm(w);
	return w;
}

void
vde_watch_free(struct vde_watch *w)
{
	if (w == NULL)
		return;
	drop_mgmt(w);
	loop_timer_del(w->loop, w->retry);
	watch_pid(w, &w->sw_pidfd, &w->sw_pid, 0);
	watch_pid(w, &w->slirp_pidfd, &w->slirp_pid, 0);
	loop_close_fd(w->loop, &w->inotify);
	vde_status_free(&w->st);
	free(w);
}

const struct vde_status *
vde_watch_status(const struct vde_watch *w)
{
	return &w->st;
}

const struct netcfg *
vde_watch_config(const struct vde_watch *w)
{
	return &w->cfg;
}

void
vde_watch_hold(struct vde_watch *w, int hold)
{
	w->held = hold;
	changed(w);
}
