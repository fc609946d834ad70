/*
 * A start from the dashboard: the checks, whose refusal the dashboard
 * can offer to fix, then guest_start.c's start on the loop, followed in
 * the entry's phase and note.  Nothing here waits, but pkexec when a
 * guest's memlock limit takes root (memlock.c).
 */
#include "config.h"

#include <stdio.h>

#include "guest.h"
#include "guest_list.h"
#include "guest_list_int.h"
#include "guest_start.h"
#include "host.h"
#include "profile.h"

/* A step of the start: the entry's phase and note, a line for the log. */
static void
on_start(enum guest_start_step step, const char *text, pid_t pid, void *arg)
{
	struct guests_entry	*e = arg;
	char			 line[1024];
	int			 launched, built;

	switch (step) {
	case GUEST_START_NOTE:
		snprintf(line, sizeof line, "%s: %s", e->name, text);
		guests_tell(e->list, GUESTS_CHANGED_STATE, line);
		return;
	case GUEST_START_PINNED:
		snprintf(e->pinned, sizeof e->pinned, "%s", text);
		snprintf(line, sizeof line, "%s: pinned: %s", e->name, text);
		guests_tell(e->list, GUESTS_CHANGED_STATE, line);
		return;
	case GUEST_START_BUILDING:
	case GUEST_START_BUILD_PROGRESS:
		e->phase = GUESTS_BUILDING;
		snprintf(e->note, sizeof e->note, "building the ISO of %s",
		    text);
		break;
	case GUEST_START_LAUNCHED:
		/*
		 * Told only after a build of ISOs: a start that began with
		 * QEMU is said by the dashboard as it began.
		 */
		built = e->phase == GUESTS_BUILDING;
		e->phase = GUESTS_STARTING;
		snprintf(e->note, sizeof e->note, "starting QEMU");
		if (!built) {
			guests_notify(e->list, GUESTS_CHANGED_STATE);
			return;
		}
		break;
	case GUEST_START_RUNNING:
	case GUEST_START_FAILED:
		guest_start_free(e->start);
		e->start = NULL;
		/* QEMU's own words name the guest; a build's failure not. */
		launched = e->phase == GUESTS_STARTING;
		e->phase = GUESTS_STOPPED;
		if (step == GUEST_START_RUNNING) {
			e->pid = pid;
			if (guests_entry_watch(e) == -1)
				e->pid = 0;
			else
				snprintf(e->note, sizeof e->note, "started: "
				    "pid %d", (int)pid);
		} else if (launched)
			snprintf(e->note, sizeof e->note, "%s", text);
		else
			snprintf(e->note, sizeof e->note,
			    "start failed: %.490s", text);
		/* The dashboard words the end, from the phase it leaves. */
		guests_notify(e->list, GUESTS_CHANGED_STATE);
		return;
	}
	snprintf(line, sizeof line, "%s: %s", e->name, e->note);
	guests_tell(e->list, GUESTS_CHANGED_STATE, line);
}

enum guest_refusal
guests_start(struct guests *gs, size_t i, const struct host *host,
    struct pci_addr *addr, char *err, size_t errlen)
{
	struct guests_entry	*e = gs->v[i];
	struct profile		*prof;
	enum guest_refusal	 r;
	size_t			 bad;
	int			 bad_input;

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
	e->pinned[0] = '\0';
	r = guest_check(prof, host, &e->paths, &bad, err, errlen);
	if (r == GUEST_NOT_BOUND)
		*addr = prof->pci[bad].addr;
	if (r != GUEST_OK)
		profile_free(prof);
	/* 0: pkexec's own agent would write over the dashboard. */
	else if (guest_start_begin(gs->loop, prof, &e->paths, host->sys,
	    gs->proc_root, 0, on_start, e, &e->start, &bad_input, err,
	    errlen) == -1)
		r = GUEST_OTHER;
	if (r != GUEST_OK)
		snprintf(e->note, sizeof e->note, "%s", err);
	guests_notify(gs, GUESTS_CHANGED_STATE);
	return r;
}
