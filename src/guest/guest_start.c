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

#include "guest.h"
#include "guest_prep.h"
#include "guest_start.h"
#include "loop.h"
#include "profile.h"
#include "qemu_argv.h"
#include "spawn.h"

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
};

static void
stop_launcher(struct guest_start *gs)
{
	loop_close_fd(gs->loop, &gs->launcher_fd);
}

/* The parent QEMU exited: the guest runs, or QEMU said why not. */
static void
on_launcher(int fd, short revents, void *arg)
{
	struct guest_start	*gs = arg;
	char			 err[1024];
	pid_t			 pid;
	int			 status;

	(void)fd;
	(void)revents;
	/* The pidfd said it exited: this reaps it without waiting. */
	status = spawn_wait(gs->launcher);
	stop_launcher(gs);
	if ((pid = guest_launched(status, gs->prof, gs->paths, gs->proc_root,
	    err, sizeof err)) > 0)
		gs->cb(GUEST_START_RUNNING, NULL, pid, gs->arg);
	else
		gs->cb(GUEST_START_FAILED, err, 0, gs->arg);
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

int
guest_start_begin(struct loop *loop, struct profile *prof,
    const struct guest_paths *paths, const char *proc_root, int ask_tty,
    guest_start_cb cb, void *arg, struct guest_start **start,
    int *bad_input, char *err, size_t errlen)
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
    const char *proc_root, guest_start_cb cb, void *arg, int *bad_input)
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
	if (guest_start_begin(ss.loop, prof, paths, proc_root, 1, sync_step,
	    &ss, &gs, bad_input, err, sizeof err) == -1)
		cb(GUEST_START_FAILED, err, 0, arg);
	else if (loop_run(ss.loop) == -1 && !ss.ended) {
		snprintf(err, sizeof err, "poll: %s", strerror(errno));
		cb(GUEST_START_FAILED, err, 0, arg);
	}
	guest_start_free(gs);
	loop_free(ss.loop);
	return ss.pid;
}
