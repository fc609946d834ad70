/*
 * The dashboard's guests.  Entries are allocated one by one so that the
 * callbacks of their QMP connections and launchers can hold them; an
 * entry lives as long as the list.  Nothing here waits: a start ends
 * when the parent QEMU's pidfd says it exited, a stop when the socket
 * closes or its countdown runs out.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirwatch.h"
#include "guest_end.h"
#include "guest_live.h"
#include "guest_start.h"
#include "guest_list.h"
#include "guest_list_int.h"
#include "guest_stop.h"
#include "loop.h"
#include "profile.h"
#include "qmp.h"
#include "rundir.h"
#include "spawn.h"

/* How often a running QEMU's socket is tried before vfiotui gives up. */
#define CONNECT_TRIES	20
#define SETTLE_MS	200
/* How long QEMU may take to greet before its socket counts as taken. */
#define GREET_MS	3000

void
guests_tell(struct guests *gs, unsigned changed, const char *line)
{
	if (gs->cb != NULL)
		gs->cb(changed, line, gs->arg);
}

void
guests_notify(struct guests *gs, unsigned changed)
{
	guests_tell(gs, changed, NULL);
}

/*
 * Something changed in the watched dirs: read them again.  QEMU makes
 * its pid file before its sockets listen, so a guest seen running but
 * not connected is tried again a few times.
 */
static void
on_dirs(void *arg)
{
	struct guests	*gs = arg;
	char		 err[256];
	size_t		 i;

	if (guests_scan(gs, err, sizeof err) == -1)
		return;
	for (i = 0; i < gs->n; i++) {
		struct guests_entry *e = gs->v[i];

		if (e->pid > 0 && e->live == NULL &&
		    e->connect_tries++ < CONNECT_TRIES)
			dirwatch_again(gs->watch);
	}
	/* Profiles, and the runtime dirs a QEMU leaves its pid in. */
	guests_notify(gs, GUESTS_CHANGED_LIST | GUESTS_CHANGED_STATE);
}

struct guests *
guests_new(struct loop *loop, const char *proc_root, guests_cb cb, void *arg)
{
	struct guests	*gs;

	if ((gs = calloc(1, sizeof *gs)) == NULL)
		return NULL;
	gs->loop = loop;
	gs->proc_root = proc_root;
	gs->cb = cb;
	gs->arg = arg;
	/* Without inotify the list follows keys only. */
	gs->watch = dirwatch_new(loop, SETTLE_MS, on_dirs, gs);
	return gs;
}

int
guests_watched(const struct guests *gs)
{
	return gs->watch != NULL;
}

/*
 * Watches the profile dir, the runtime root and every guest's dir.  The
 * profile dir may not be made yet (a first profile is on its way): then
 * its nearest parent is, until it is.
 */
static void
watch_dirs(struct guests *gs)
{
	char	dir[PATH_MAX], err[256];
	size_t	i;

	if (gs->watch == NULL)
		return;
	if (profile_dir(dir, sizeof dir, err, sizeof err) == 0)
		dirwatch_await(gs->watch, dir);
	if (guest_run_root(dir, sizeof dir, err, sizeof err) == 0 &&
	    rundir_make(dir, err, sizeof err) == 0)
		dirwatch_add(gs->watch, dir);
	for (i = 0; i < gs->n; i++)
		if (!gs->v[i]->attached)
			dirwatch_add(gs->watch, gs->v[i]->paths.dir);
}

static void
entry_stop_greet_timer(struct guests_entry *e)
{
	if (e->greet_timer != NULL)
		loop_timer_del(e->list->loop, e->greet_timer);
	e->greet_timer = NULL;
}

static void
entry_stop_pidfd(struct guests_entry *e)
{
	if (e->pidfd >= 0) {
		loop_del_fd(e->list->loop, e->pidfd);
		close(e->pidfd);
		e->pidfd = -1;
	}
}

void
guests_free(struct guests *gs)
{
	size_t	i;

	if (gs == NULL)
		return;
	for (i = 0; i < gs->n; i++) {
		guest_start_free(gs->v[i]->start);
		entry_stop_pidfd(gs->v[i]);
		entry_stop_greet_timer(gs->v[i]);
		guest_stop_free(gs->v[i]->stop);
		guest_live_free(gs->v[i]->live);
		guests_entry_figures_end(gs->v[i]);
		free(gs->v[i]);
	}
	if (gs->countdown != NULL)
		loop_timer_del(gs->loop, gs->countdown);
	dirwatch_free(gs->watch);
	free(gs->v);
	free(gs);
}

size_t
guests_count(const struct guests *gs)
{
	return gs->n;
}

const struct guests_entry *
guests_get(const struct guests *gs, size_t i)
{
	return i < gs->n ? gs->v[i] : NULL;
}

static struct guests_entry *
entry_find(struct guests *gs, const char *name)
{
	size_t	i;

	for (i = 0; i < gs->n; i++)
		if (strcmp(gs->v[i]->name, name) == 0)
			return gs->v[i];
	return NULL;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct guests_entry	*x = *(struct guests_entry *const *)a;
	const struct guests_entry	*y = *(struct guests_entry *const *)b;

	/* Attached sockets after the guests vfiotui knows by name. */
	if (x->attached != y->attached)
		return x->attached - y->attached;
	return strcmp(x->name, y->name);
}

static struct guests_entry *
entry_add(struct guests *gs, const char *name, int attached)
{
	struct guests_entry	*e, **grown;

	if ((e = calloc(1, sizeof *e)) == NULL)
		return NULL;
	if ((grown = realloc(gs->v, (gs->n + 1) * sizeof *grown)) == NULL) {
		free(e);
		return NULL;
	}
	gs->v = grown;
	snprintf(e->name, sizeof e->name, "%s", name);
	e->attached = attached;
	e->pidfd = -1;
	e->list = gs;
	e->stop_timeout = 60;
	gs->v[gs->n++] = e;
	qsort(gs->v, gs->n, sizeof *gs->v, entry_cmp);
	return e;
}

/*
 * QEMU is gone and its socket closed: how it went, from what QMP said,
 * kept for the CLI too.
 */
static void
entry_ended(struct guests_entry *e)
{
	entry_stop_pidfd(e);
	/* A stop of a peer that did not give its pid ends here. */
	guest_stop_free(e->stop);
	e->stop = NULL;
	e->phase = GUESTS_EXITED;
	e->pid = 0;
	/* Its socket closed: QEMU owes the sampler nothing now. */
	guests_entry_figures_end(e);
	guest_end_words(e->live, e->quit_sent, e->exit_reason,
	    sizeof e->exit_reason);
	if (!e->attached)
		guest_end_record(&e->paths, e->exit_reason);
}

/*
 * QEMU's process went.  It closed its sockets on the way, so what it
 * said last (the SHUTDOWN event) is read by now or waits in ours: the
 * end is told when the socket has closed too.
 */
static void
on_pidfd(int fd, short revents, void *arg)
{
	struct guests_entry	*e = arg;

	(void)fd;
	(void)revents;
	entry_stop_pidfd(e);
	if (e->live == NULL || e->live->closed) {
		entry_ended(e);
		guests_notify(e->list, GUESTS_CHANGED_STATE);
	}
}

/*
 * Watches the process of a running guest: a socket alone does not say
 * that QEMU went (a client may be turned away, a peer may linger).
 * Without a pidfd, the socket's close is taken for QEMU's end.
 */
static void
entry_watch_pid(struct guests_entry *e)
{
	int	fd;

	if (e->pid <= 0 || e->pidfd >= 0)
		return;
	if ((fd = spawn_pidfd(e->pid)) == -ESRCH) {
		if (e->live == NULL || e->live->closed)
			entry_ended(e);
		return;
	}
	if (fd < 0)
		return;
	if (loop_add_fd(e->list->loop, fd, POLLIN, on_pidfd, e) < 0) {
		close(fd);
		return;
	}
	e->pidfd = fd;
}

/* Every second while a guest stops: its countdown is redrawn. */
static void
on_countdown(void *arg)
{
	struct guests	*gs = arg;
	size_t		 i;
	int		 stopping = 0;

	for (i = 0; i < gs->n; i++)
		if (gs->v[i]->phase == GUESTS_STOPPING)
			stopping = 1;
	if (!stopping) {
		loop_timer_del(gs->loop, gs->countdown);
		gs->countdown = NULL;
	}
	guests_notify(gs, GUESTS_CHANGED_STATE);
}

static void
on_live(struct guest_live *gl, unsigned int changed, void *arg)
{
	struct guests_entry	*e = arg;

	(void)gl;
	if (changed & (GUEST_LIVE_LOADED | GUEST_LIVE_CLOSED))
		entry_stop_greet_timer(e);
	/* With the process watched, its pidfd says when QEMU is gone. */
	if ((changed & GUEST_LIVE_CLOSED) && e->pidfd < 0)
		entry_ended(e);
	guests_notify(e->list, GUESTS_CHANGED_STATE);
}

static int	entry_connect(struct guests_entry *, const char *);

/*
 * QEMU serves one client a socket: a guest that another dashboard
 * watches never greets on qmp.sock, so this one watches through
 * attach.sock instead (and says so), rather than "connecting" forever.
 */
static void
on_greet_late(void *arg)
{
	struct guests_entry	*e = arg;
	char			 was[sizeof e->live->path];

	e->greet_timer = NULL;
	if (e->live == NULL || e->live->loaded)
		return;
	snprintf(was, sizeof was, "%s", e->live->path);
	if (strcmp(was, e->paths.qmp) == 0 &&
	    entry_connect(e, e->paths.attach) == 0)
		snprintf(e->note, sizeof e->note, "no greeting on %.200s "
		    "(another dashboard watches it?): watching through "
		    "attach.sock", was);
	else
		snprintf(e->note, sizeof e->note, "no greeting on %s: QEMU "
		    "answers one client a socket; who else holds it?", was);
	guests_notify(e->list, GUESTS_CHANGED_STATE);
}

static int
entry_connect(struct guests_entry *e, const char *path)
{
	char	err[256];

	entry_stop_greet_timer(e);
	guest_live_free(e->live);
	guests_entry_figures_end(e);
	e->live = guest_live_open(e->list->loop, path, e->list->proc_root,
	    on_live, e, err, sizeof err);
	if (e->live == NULL) {
		snprintf(e->note, sizeof e->note, "%s", err);
		return -1;
	}
	e->phase = GUESTS_RUNNING;
	e->connect_tries = 0;
	e->note[0] = '\0';
	if (!e->attached)
		e->greet_timer = loop_timer_add(e->list->loop, GREET_MS, 0,
		    on_greet_late, e);
	/* An attached QEMU's pid is what the socket's peer says. */
	if (e->attached)
		e->pid = e->live->pid > 0 ? e->live->pid : 0;
	e->exit_reason[0] = '\0';
	e->quit_sent = 0;
	entry_watch_pid(e);
	return 0;
}

/* A full backlog on qmp.sock: another client has it. */
int
guests_entry_watch(struct guests_entry *e)
{
	char	why[sizeof e->note];

	if (entry_connect(e, e->paths.qmp) == 0)
		return 0;
	snprintf(why, sizeof why, "%s", e->note);
	if (entry_connect(e, e->paths.attach) == 0) {
		snprintf(e->note, sizeof e->note, "%.400s: watching through "
		    "attach.sock", why);
		return 0;
	}
	snprintf(e->note, sizeof e->note, "%s", why);
	return -1;
}

/* "01:00.0 01:00.1": the devices the profile passes. */
static void
pci_text(const struct profile *prof, char *buf, size_t len)
{
	char	slot[PCI_ADDR_LEN];
	size_t	i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < prof->npci && used < len; i++) {
		pci_addr_format_slot(&prof->pci[i].addr, 0, slot);
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used ? " " : "", slot);
	}
}

struct profile *
guests_entry_profile(struct guests_entry *e)
{
	char		 dir[PATH_MAX];
	struct profile	*prof = NULL;

	if (profile_dir(dir, sizeof dir, e->profile_err,
	    sizeof e->profile_err) == 0)
		prof = profile_load(dir, e->name, e->profile_err,
		    sizeof e->profile_err);
	if (prof != NULL) {
		e->profile_err[0] = '\0';
		e->stop_timeout = prof->stop_timeout;
		pci_text(prof, e->pci, sizeof e->pci);
	}
	return prof;
}

int
guests_entry_refresh(struct guests *gs, struct guests_entry *e)
{
	struct profile	*prof = NULL;
	char		 comm[16], err[256];

	if (e->attached || e->phase == GUESTS_BUILDING ||
	    e->phase == GUESTS_STARTING)
		return 0;
	if (e->has_profile)
		prof = guests_entry_profile(e);
	if (guest_paths(e->name, &e->paths, err, sizeof err) == -1) {
		snprintf(e->note, sizeof e->note, "%s", err);
		profile_free(prof);
		return -1;
	}
	e->pid = guest_pid(&e->paths, gs->proc_root, guest_comm(prof, comm,
	    sizeof comm));
	profile_free(prof);
	/* Not connected yet, it shows as running all the same. */
	if (e->pid > 0 && (e->live == NULL || e->live->closed) &&
	    guests_entry_watch(e) == -1)
		e->phase = GUESTS_RUNNING;
	entry_watch_pid(e);
	/* One that went before this dashboard watched it. */
	if (e->pid == 0 && e->phase == GUESTS_STOPPED) {
		guest_end_read(&e->paths, e->exit_reason,
		    sizeof e->exit_reason);
		if (e->exit_reason[0] != '\0')
			e->phase = GUESTS_EXITED;
	}
	return 0;
}

int
guests_scan(struct guests *gs, char *err, size_t errlen)
{
	struct guests_entry	*e;
	struct guest_name	*names;
	size_t			 i, n;
	int			 r;

	if ((r = guest_names(&names, &n, err, errlen)) == -1)
		return -1;
	for (i = 0; i < gs->n; i++)
		gs->v[i]->has_profile = 0;
	for (i = 0; i < n; i++) {
		if ((e = entry_find(gs, names[i].name)) == NULL &&
		    (e = entry_add(gs, names[i].name, 0)) == NULL)
			break;
		e->has_profile = names[i].has_profile;
	}
	free(names);
	for (i = 0; i < gs->n; i++)
		guests_entry_refresh(gs, gs->v[i]);
	watch_dirs(gs);
	return r;
}

static int
live_entry(struct guests *gs, size_t i, char *err, size_t errlen)
{
	struct guests_entry	*e = gs->v[i];

	if (e->live != NULL && !e->live->closed)
		return 0;
	snprintf(err, errlen, "%s is not running", e->name);
	return -1;
}

/* The stop's commands go on the connection that watches the guest. */
static int
stop_send(const char *execute, void *arg)
{
	struct guests_entry	*e = arg;

	if (e->live == NULL || e->live->closed)
		return -ENOTCONN;
	return qmp_command(guest_live_qmp(e->live), execute, NULL, NULL, NULL);
}

/* QEMU's end is its pidfd's to tell (entry_ended): here, what failed. */
static void
on_stop(enum guest_stop_step step, const char *line, void *arg)
{
	struct guests_entry	*e = arg;

	if (step == GUEST_STOP_QUITTING)
		e->quit_sent = 1;
	if (step == GUEST_STOP_FAILED) {
		snprintf(e->note, sizeof e->note, "%s", line);
		if (e->phase == GUESTS_STOPPING)
			e->phase = GUESTS_RUNNING;
	}
	if (step >= GUEST_STOP_DOWN) {
		guest_stop_free(e->stop);
		e->stop = NULL;
	}
	guests_tell(e->list, GUESTS_CHANGED_STATE,
	    step == GUEST_STOP_FAILED ? line : NULL);
}

int
guests_stop(struct guests *gs, size_t i, char *err, size_t errlen)
{
	struct guests_entry	*e = gs->v[i];

	if (e->phase == GUESTS_BUILDING) {
		guest_start_free(e->start);
		e->start = NULL;
		e->phase = GUESTS_STOPPED;
		snprintf(e->note, sizeof e->note, "start called off while "
		    "building its ISOs");
		guests_notify(gs, GUESTS_CHANGED_STATE);
		return 0;
	}
	if (live_entry(gs, i, err, errlen) == -1)
		return -1;
	/* Again: the power-down again, and the deadline from now. */
	guest_stop_free(e->stop);
	if ((e->stop = guest_stop_new_via(gs->loop, e->name, stop_send,
	    e->pid, e->stop_timeout, on_stop, e)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	e->phase = GUESTS_STOPPING;
	e->quit_sent = 0;
	e->stop_deadline_ms = loop_now_ms() + (long long)e->stop_timeout * 1000;
	if (gs->countdown == NULL)
		gs->countdown = loop_timer_add(gs->loop, 1000, 1, on_countdown,
		    gs);
	guests_notify(gs, GUESTS_CHANGED_STATE);
	return 0;
}

int
guests_command(struct guests *gs, size_t i, const char *execute, char *err,
    size_t errlen)
{
	int	r;

	if (live_entry(gs, i, err, errlen) == -1)
		return -1;
	r = qmp_command(guest_live_qmp(gs->v[i]->live), execute, NULL, NULL,
	    NULL);
	if (r == 0 && strcmp(execute, "quit") == 0)
		gs->v[i]->quit_sent = 1;
	if (r < 0) {
		snprintf(err, errlen, "%s: %s: %s", gs->v[i]->name, execute,
		    strerror(-r));
		return -1;
	}
	return 0;
}

int
guests_attach(struct guests *gs, const char *path, char *err, size_t errlen)
{
	struct guests_entry	*e;
	struct stat		 st;
	unsigned int		 changed = GUESTS_CHANGED_STATE;

	if (stat(path, &st) == -1 || !S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path, errno ? strerror(errno) :
		    "not a socket");
		return -1;
	}
	if ((e = entry_find(gs, path)) == NULL) {
		if ((e = entry_add(gs, path, 1)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		/* A socket not attached before is a guest come. */
		changed |= GUESTS_CHANGED_LIST;
	}
	if (entry_connect(e, path) == -1) {
		snprintf(err, errlen, "%s", e->note);
		return -1;
	}
	guests_notify(gs, changed);
	return 0;
}

int
guests_log_tail(const struct guests *gs, size_t i, char *buf, size_t len)
{
	const struct guests_entry	*e = gs->v[i];

	buf[0] = '\0';
	if (e->attached)
		return -1;
	return guest_log_tail(&e->paths, buf, len);
}

int
guests_log_lines(const struct guests *gs, size_t i, int n, char *buf,
    size_t len)
{
	const struct guests_entry	*e = gs->v[i];

	buf[0] = '\0';
	if (e->attached)
		return -1;
	guest_end_log_lines(&e->paths, n, buf, len);
	return 0;
}
