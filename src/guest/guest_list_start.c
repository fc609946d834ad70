/*
 * A guest's start on the loop: its files, then the ISOs of its directory
 * cdroms built by children (guest_prep), then the parent QEMU, whose
 * pidfd says when it has daemonized or failed.  Nothing here waits, but
 * pkexec when a guest's memlock limit takes root (memlock.c).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "guest_prep.h"
#include "guest_list.h"
#include "guest_list_int.h"
#include "loop.h"
#include "profile.h"
#include "qemu_argv.h"
#include "spawn.h"

/* The parent QEMU exited: the guest runs, or QEMU said why not. */
static void
on_launcher(int fd, short revents, void *arg)
{
	struct guests_entry	*e = arg;
	struct profile		*prof;
	int			 status;

	(void)fd;
	(void)revents;
	/* The pidfd said it exited: this reaps it without waiting. */
	status = spawn_wait(e->launcher);
	guests_entry_stop_launcher(e->list, e);
	e->phase = GUESTS_STOPPED;
	if ((prof = guests_entry_profile(e)) == NULL)
		snprintf(e->note, sizeof e->note, "%s", e->profile_err);
	else if ((e->pid = guest_launched(status, prof, &e->paths,
	    e->list->proc_root, e->note, sizeof e->note)) > 0 &&
	    guests_entry_watch(e) == 0)
		snprintf(e->note, sizeof e->note, "started: pid %d",
		    (int)e->pid);
	else
		e->pid = 0;
	profile_free(prof);
	guests_notify(e->list);
}

static int
launch(struct guests_entry *e, const struct profile *prof, char *err,
    size_t errlen)
{
	char	**argv;
	int	  fd;

	if (guest_argv(prof, &e->paths, &argv, err, errlen) < 0)
		return -1;
	e->launcher = guest_launch(argv, &e->paths, err, errlen);
	qemu_argv_free(argv);
	if (e->launcher == -1)
		return -1;
	if ((fd = spawn_pidfd(e->launcher)) < 0 ||
	    loop_add_fd(e->list->loop, fd, POLLIN, on_launcher, e) < 0) {
		snprintf(err, errlen, "guest %s: cannot watch QEMU start "
		    "(pid %d): %s", e->name, (int)e->launcher, strerror(
		    fd < 0 ? -fd : ENOMEM));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	e->launcher_fd = fd;
	e->phase = GUESTS_STARTING;
	return 0;
}

/* Where the build of the ISOs is; at its end, QEMU or why not. */
static void
on_prep(enum guest_prep_event ev, const char *text, void *arg)
{
	struct guests_entry	*e = arg;
	struct profile		*prof;
	char			 line[1024], err[1024];

	snprintf(err, sizeof err, "%s", text);
	if (ev == GUEST_PREP_BUILDING) {
		e->phase = GUESTS_BUILDING;
		snprintf(e->note, sizeof e->note, "building the ISO of %s",
		    text);
	} else if (ev != GUEST_PREP_BUILT) {
		guest_prep_free(e->prep);
		e->prep = NULL;
		e->phase = GUESTS_STOPPED;
		if (ev == GUEST_PREP_DONE &&
		    (prof = guests_entry_profile(e)) == NULL)
			snprintf(err, sizeof err, "%s", e->profile_err);
		else if (ev == GUEST_PREP_DONE) {
			launch(e, prof, err, sizeof err);
			profile_free(prof);
		}
		e->note[0] = '\0';
		if (e->phase != GUESTS_STARTING)
			snprintf(e->note, sizeof e->note, "start failed: %.490s",
			    err);
	}
	snprintf(line, sizeof line, "%s: %s", e->name, ev == GUEST_PREP_BUILT ?
	    text : e->note[0] ? e->note : "starting QEMU");
	guests_tell(e->list, line);
}

/* The guest's files, then its ISOs on the loop, or else QEMU now. */
static int
prepare(struct guests_entry *e, const struct profile *prof, char *err,
    size_t errlen)
{
	int	r;

	/* 0: pkexec's own agent would write over the dashboard. */
	if (guest_prepare_files(prof, &e->paths, 0, NULL, NULL, err,
	    errlen) == -1 || (r = guest_prep_start(e->list->loop, prof,
	    &e->paths, on_prep, e, &e->prep, err, errlen)) == -1)
		return -1;
	return r == 1 ? 0 : launch(e, prof, err, errlen);
}

enum guest_refusal
guests_start(struct guests *gs, size_t i, const struct host *host,
    struct pci_addr *addr, char *err, size_t errlen)
{
	struct guests_entry	*e = gs->v[i];
	struct profile		*prof;
	enum guest_refusal	 r;
	size_t			 bad;

	if (guests_entry_refresh(gs, e) == -1) {
		snprintf(err, errlen, "%s", e->note);
		return GUEST_OTHER;
	}
	if (e->attached || !e->has_profile || e->phase == GUESTS_BUILDING ||
	    e->phase == GUESTS_STARTING || e->pid > 0) {
		snprintf(err, errlen, "%s: %s", e->name, e->attached ?
		    "attached by its socket: vfiotui cannot start it" :
		    !e->has_profile ? "no profile to start it from" :
		    e->pid > 0 ? "running already" : "starting already");
		return GUEST_OTHER;
	}
	if ((prof = guests_entry_profile(e)) == NULL) {
		snprintf(err, errlen, "%s", e->profile_err);
		return GUEST_OTHER;
	}
	r = guest_check(prof, host, &e->paths, &bad, err, errlen);
	if (r == GUEST_NOT_BOUND)
		*addr = prof->pci[bad].addr;
	if (r == GUEST_OK && prepare(e, prof, err, errlen) == -1)
		r = GUEST_OTHER;
	if (r != GUEST_OK)
		snprintf(e->note, sizeof e->note, "%s", err);
	profile_free(prof);
	guests_notify(gs);
	return r;
}
