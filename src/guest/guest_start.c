/*
 * The profile is kept from the argv to guest_launched(), which reads it
 * again (the name QEMU runs under); nothing here reads the profile's
 * file a second time, so that what QEMU is given is what was checked.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cputopo.h"
#include "guest.h"
#include "guest_prep.h"
#include "guest_start.h"
#include "loop.h"
#include "pin.h"
#include "profile.h"
#include "qemu_argv.h"
#include "qmp.h"
#include "spawn.h"

/* How long QEMU, up and listening, has to list its vCPU threads. */
#define PIN_TIMEOUT_MS	5000

struct guest_start {
	struct loop		 *loop;
	struct profile		 *prof;
	const struct guest_paths *paths;
	const char		 *proc_root;
	guest_start_cb		  cb;
	void			 *arg;
	char			**argv;
	struct guest_prep	 *prep;		/* building the ISOs */
	pid_t			  launcher;	/* the parent QEMU */
	int			  launcher_fd;
	struct pin_plan		  pin;		/* nvcpu 0: nothing pinned */
	pid_t			  pid;		/* the guest's QEMU, once up */
	struct qmp		 *qmp;		/* asking it for its vCPUs */
	struct loop_timer	 *pin_timer;
};

static void
stop_launcher(struct guest_start *gs)
{
	loop_close_fd(gs->loop, &gs->launcher_fd);
}

static void
stop_pinning(struct guest_start *gs)
{
	qmp_free(gs->qmp);
	gs->qmp = NULL;
	loop_timer_del(gs->loop, gs->pin_timer);
	gs->pin_timer = NULL;
}

/*
 * The guest runs, pinned or not: a plan that could not be applied is a
 * note, not a failed start (the guest is up, only slower), and says so.
 */
static void
pinned(struct guest_start *gs, const char *why)
{
	char	line[1536], plan[1024];

	stop_pinning(gs);
	if (why == NULL) {
		pin_plan_describe(&gs->pin, plan, sizeof plan);
		gs->cb(GUEST_START_PINNED, plan, 0, gs->arg);
	} else {
		snprintf(line, sizeof line, "running, but not pinned: %s", why);
		gs->cb(GUEST_START_NOTE, line, 0, gs->arg);
	}
	gs->cb(GUEST_START_RUNNING, NULL, gs->pid, gs->arg);
}

/* query-cpus-fast's answer: each vCPU's thread, then the plan applied. */
static void
on_cpus(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guest_start	*gs = arg;
	struct json_object	*cpu, *v;
	char			 err[1024];
	pid_t			*tids;
	size_t			 i, n;
	long			 index;

	(void)q;
	if (r->error_class != NULL ||
	    !json_object_is_type(r->ret, json_type_array)) {
		snprintf(err, sizeof err, "query-cpus-fast: %s",
		    r->error_desc ? r->error_desc : "not a list");
		pinned(gs, err);
		return;
	}
	n = json_object_array_length(r->ret);
	if ((tids = calloc(n + 1, sizeof *tids)) == NULL) {
		pinned(gs, "out of memory");
		return;
	}
	for (i = 0; i < n; i++) {
		cpu = json_object_array_get_idx(r->ret, i);
		index = json_object_object_get_ex(cpu, "cpu-index", &v) ?
		    json_object_get_int64(v) : -1;
		if (index >= 0 && (size_t)index < n &&
		    json_object_object_get_ex(cpu, "thread-id", &v))
			tids[index] = (pid_t)json_object_get_int64(v);
	}
	if (pin_apply(&gs->pin, gs->pid, tids, n, gs->proc_root, err,
	    sizeof err) == 0)
		pinned(gs, NULL);
	else
		pinned(gs, err);
	free(tids);
}

static void
on_pin_closed(struct qmp *q, enum qmp_end end, const char *reason,
    void *arg)
{
	(void)q;
	(void)end;
	pinned(arg, reason);
}

static void
on_pin_timeout(void *arg)
{
	struct guest_start	*gs = arg;

	gs->pin_timer = NULL;
	pinned(gs, "QEMU did not list its vCPUs within 5 s");
}

/* QEMU is up: ask it for its vCPU threads, on the commands' socket. */
static void
pin(struct guest_start *gs)
{
	static const struct qmp_callbacks	cbs = {
		.closed = on_pin_closed
	};
	char					err[1024];

	if ((gs->qmp = qmp_open(gs->loop, gs->paths->ctl, &cbs, gs, err,
	    sizeof err)) == NULL ||
	    qmp_command(gs->qmp, "query-cpus-fast", NULL, on_cpus, gs) < 0 ||
	    (gs->pin_timer = loop_timer_add(gs->loop, PIN_TIMEOUT_MS, 0,
	    on_pin_timeout, gs)) == NULL) {
		pinned(gs, gs->qmp == NULL ? err : "out of memory");
		return;
	}
}

/* The parent QEMU exited: the guest runs, or QEMU said why not. */
static void
on_launcher(int fd, short revents, void *arg)
{
	struct guest_start	*gs = arg;
	char			 err[1024];
	int			 status;

	(void)fd;
	(void)revents;
	/* The pidfd said it exited: this reaps it without waiting. */
	status = spawn_wait(gs->launcher);
	stop_launcher(gs);
	if ((gs->pid = guest_launched(status, gs->prof, gs->paths,
	    gs->proc_root, err, sizeof err)) <= 0)
		gs->cb(GUEST_START_FAILED, err, 0, gs->arg);
	else if (gs->pin.nvcpu > 0)
		pin(gs);
	else
		gs->cb(GUEST_START_RUNNING, NULL, gs->pid, gs->arg);
}

static int
launch(struct guest_start *gs, char *err, size_t errlen)
{
	int	fd;

	gs->launcher = guest_launch(gs->argv, gs->paths, err, errlen);
	if (gs->launcher == -1)
		return -1;
	if ((fd = spawn_pidfd(gs->launcher)) < 0 ||
	    loop_add_fd(gs->loop, fd, POLLIN, on_launcher, gs) < 0) {
		snprintf(err, errlen, "guest %s: cannot watch QEMU start "
		    "(pid %d): %s", gs->prof->name, (int)gs->launcher,
		    strerror(fd < 0 ? -fd : ENOMEM));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	gs->launcher_fd = fd;
	gs->cb(GUEST_START_LAUNCHED, NULL, 0, gs->arg);
	return 0;
}

/* Where the build of the ISOs is; at its end, QEMU or why not. */
static void
on_prep(enum guest_prep_event ev, const char *text, void *arg)
{
	struct guest_start	*gs = arg;
	char			 err[1024];

	switch (ev) {
	case GUEST_PREP_BUILDING:
		gs->cb(GUEST_START_BUILDING, text, 0, gs->arg);
		return;
	case GUEST_PREP_PROGRESS:
		gs->cb(GUEST_START_BUILD_PROGRESS, text, 0, gs->arg);
		return;
	case GUEST_PREP_BUILT:
	case GUEST_PREP_CURRENT:
		gs->cb(GUEST_START_NOTE, text, 0, gs->arg);
		return;
	case GUEST_PREP_DONE:
	case GUEST_PREP_FAILED:
		break;
	}
	/* The ISOs are built by now: begin has returned. */
	guest_prep_free(gs->prep);
	gs->prep = NULL;
	if (ev == GUEST_PREP_FAILED)
		gs->cb(GUEST_START_FAILED, text, 0, gs->arg);
	else if (launch(gs, err, sizeof err) == -1)
		gs->cb(GUEST_START_FAILED, err, 0, gs->arg);
}

static void
say_note(const char *text, void *arg)
{
	struct guest_start	*gs = arg;

	gs->cb(GUEST_START_NOTE, text, 0, gs->arg);
}

/* The plan of PROFILE's pin line on this host's CPUs, if it has one. */
static int
plan_pinning(struct guest_start *gs, const struct sysfs *sys,
    int *bad_input, char *err, size_t errlen)
{
	struct cputopo	topo;
	int		r;

	if (gs->prof->pin.line == 0)
		return 0;
	if (cputopo_read(sys, &topo, err, errlen) == -1)
		return -1;
	r = pin_plan_make(gs->prof, &topo, &gs->pin, err, errlen);
	cputopo_free(&topo);
	*bad_input = r == -1;
	return r == -1 ? -1 : 0;
}

int
guest_start_begin(struct loop *loop, struct profile *prof,
    const struct guest_paths *paths, const struct sysfs *sys,
    const char *proc_root, int ask_tty, guest_start_cb cb, void *arg,
    struct guest_start **start, int *bad_input, char *err, size_t errlen)
{
	struct guest_start	*gs;
	int			 r;

	*start = NULL;
	*bad_input = 0;
	if ((gs = calloc(1, sizeof *gs)) == NULL) {
		snprintf(err, errlen, "guest %s: out of memory", prof->name);
		profile_free(prof);
		return -1;
	}
	gs->loop = loop;
	gs->prof = prof;
	gs->paths = paths;
	gs->proc_root = proc_root;
	gs->cb = cb;
	gs->arg = arg;
	gs->launcher_fd = -1;
	/* Before the vars and ISOs are made: a bad net.conf changes nothing. */
	if ((r = guest_argv(prof, paths, &gs->argv, err, errlen)) < 0) {
		*bad_input = r == -EINVAL;
		goto fail;
	}
	if (plan_pinning(gs, sys, bad_input, err, errlen) == -1)
		goto fail;
	if (guest_prepare_files(prof, paths, ask_tty, say_note, gs, err,
	    errlen) == -1 || (r = guest_prep_start(loop, prof, paths, on_prep,
	    gs, &gs->prep, err, errlen)) == -1 ||
	    (r == 0 && launch(gs, err, errlen) == -1))
		goto fail;
	*start = gs;
	return 0;
fail:
	guest_start_free(gs);
	return -1;
}

void
guest_start_free(struct guest_start *gs)
{
	if (gs == NULL)
		return;
	guest_prep_free(gs->prep);
	stop_launcher(gs);
	stop_pinning(gs);
	pin_plan_free(&gs->pin);
	qemu_argv_free(gs->argv);
	profile_free(gs->prof);
	free(gs);
}

struct start_sync {
	struct loop	*loop;
	guest_start_cb	 cb;
	void		*arg;
	pid_t		 pid;
	int		 ended;
};

static void
sync_step(enum guest_start_step step, const char *line, pid_t pid,
    void *arg)
{
	struct start_sync	*ss = arg;

	ss->cb(step, line, pid, ss->arg);
	if (step >= GUEST_START_RUNNING) {
		ss->ended = 1;
		ss->pid = step == GUEST_START_RUNNING ? pid : -1;
		loop_exit(ss->loop, 0);
	}
}

pid_t
guest_start_sync(struct profile *prof, const struct guest_paths *paths,
    const struct sysfs *sys, const char *proc_root, guest_start_cb cb,
    void *arg, int *bad_input)
{
	struct start_sync	 ss = { .cb = cb, .arg = arg, .pid = -1 };
	struct guest_start	*gs = NULL;
	char			 err[2048];

	*bad_input = 0;
	if ((ss.loop = loop_new()) == NULL) {
		snprintf(err, sizeof err, "guest %s: out of memory",
		    prof->name);
		profile_free(prof);
		cb(GUEST_START_FAILED, err, 0, arg);
		return -1;
	}
	if (guest_start_begin(ss.loop, prof, paths, sys, proc_root, 1,
	    sync_step, &ss, &gs, bad_input, err, sizeof err) == -1)
		cb(GUEST_START_FAILED, err, 0, arg);
	else if (loop_run(ss.loop) == -1 && !ss.ended) {
		snprintf(err, sizeof err, "poll: %s", strerror(errno));
		cb(GUEST_START_FAILED, err, 0, arg);
	}
	guest_start_free(gs);
	loop_free(ss.loop);
	return ss.pid;
}
