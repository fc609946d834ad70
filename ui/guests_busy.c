/*
 * What the Guests pane has in progress: a guest building its ISOs,
 * starting, connecting or stopping, and a pause or resume sent but not
 * yet heard back.  The pane notes since when (the model keeps no clock),
 * shows the seconds in the row and the status bar, and words the end of
 * a pause as its result.  Nothing here runs a timer: the pane's tick
 * runs while guests_busy_any() or a guest runs, and not otherwise.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dialogs.h"
#include "draw.h"
#include "guest_list.h"
#include "guest_live.h"
#include "guests_pane.h"

static const char *
busy_word(const struct guests_entry *e)
{
	switch (e->phase) {
	case GUESTS_BUILDING:
		return "building its ISO";
	case GUESTS_STARTING:
		return "starting QEMU";
	case GUESTS_RUNNING:
		/* Until QEMU answers QMP, it is still booting for the user. */
		if (e->live == NULL || (!e->live->closed &&
		    e->live->status[0] == '\0'))
			return "connecting to QMP";
		return NULL;
	case GUESTS_STOPPING:
		return "stopping";
	default:
		return NULL;
	}
}

/* The guest called NAME, or NULL when it is gone. */
static const struct guests_entry *
named(struct guests_pane *p, const char *name)
{
	size_t	i;

	for (i = 0; i < guests_count(p->guests); i++)
		if (strcmp(guests_get(p->guests, i)->name, name) == 0)
			return guests_get(p->guests, i);
	return NULL;
}

static struct guests_busy_since *
find(struct guests_pane *p, const char *name)
{
	size_t	i;

	for (i = 0; i < p->busy.n; i++)
		if (strcmp(p->busy.v[i].name, name) == 0)
			return &p->busy.v[i];
	return NULL;
}

/* The pause asked for was heard, or its guest went: say so once. */
static void
pause_result(struct guests_pane *p)
{
	const struct guests_entry	*e = NULL;
	char				 text[256];

	if (p->busy.pause_for[0] == '\0')
		return;
	e = named(p, p->busy.pause_for);
	if (e != NULL && e->phase == GUESTS_RUNNING && e->live != NULL &&
	    !e->live->closed && strcmp(e->live->status,
	    p->busy.pause_want) != 0)
		return;
	/* A guest that went has its end told by the model. */
	if (e != NULL && e->live != NULL && strcmp(e->live->status,
	    p->busy.pause_want) == 0) {
		snprintf(text, sizeof text, "%s: %s", e->name,
		    e->live->status);
		guests_busy_told(p, e, text);
	}
	p->busy.pause_for[0] = '\0';
}

void
guests_busy_told(struct guests_pane *p, const struct guests_entry *e,
    const char *text)
{
	ui_message(p->ctx.ui, "%s", text);
	snprintf(p->busy.told_for, sizeof p->busy.told_for, "%s", e->name);
	guests_pane_state(e, p->busy.told_state, sizeof p->busy.told_state);
	snprintf(p->busy.told, sizeof p->busy.told, "%s", text);
}

/* A result shown does not outlive the state it told of. */
static void
told_expire(struct guests_pane *p)
{
	const struct guests_entry	*e = NULL;
	char				 state[256];

	if (p->busy.told_for[0] == '\0')
		return;
	e = named(p, p->busy.told_for);
	if (e != NULL) {
		guests_pane_state(e, state, sizeof state);
		if (strcmp(state, p->busy.told_state) == 0)
			return;
	}
	ui_message_expire(p->ctx.ui, p->busy.told);
	p->busy.told_for[0] = '\0';
}

/*
 * E's action ended (it left its busy phase): its result replaces the
 * progress on the status bar, unless the model's own line SAID for it
 * already does.
 */
static void
ended(struct guests_pane *p, const struct guests_entry *e, const char *said)
{
	char	want[120], state[256], text[1024];
	size_t	n = strlen(e->name);

	if (said != NULL && strncmp(said, e->name, n) == 0 && said[n] == ':')
		return;
	snprintf(want, sizeof want, "guest %s:", e->name);
	guests_pane_state(e, state, sizeof state);
	if (e->phase == GUESTS_STOPPED && strncmp(e->note, want,
	    strlen(want)) == 0)
		snprintf(text, sizeof text, "%s", e->note);
	else if (e->phase == GUESTS_STOPPED && e->note[0] != '\0')
		snprintf(text, sizeof text, "%s: %s", e->name, e->note);
	else
		snprintf(text, sizeof text, "%s: %s", e->name, state);
	guests_busy_told(p, e, text);
}

void
guests_busy_update(struct guests_pane *p, const char *said)
{
	struct guests_busy_since	 kept[GUESTS_BUSY_MAX], *was;
	const struct guests_entry	*e;
	size_t				 i, n = 0;

	for (i = 0; i < guests_count(p->guests) && n < GUESTS_BUSY_MAX; i++) {
		e = guests_get(p->guests, i);
		if (busy_word(e) == NULL)
			continue;
		was = find(p, e->name);
		if (was != NULL && was->phase == e->phase)
			kept[n] = *was;
		else {
			snprintf(kept[n].name, sizeof kept[n].name, "%s",
			    e->name);
			kept[n].phase = e->phase;
			kept[n].since_ms = ui_now_ms();
		}
		n++;
	}
	for (i = 0; i < guests_count(p->guests); i++) {
		e = guests_get(p->guests, i);
		if (busy_word(e) == NULL && find(p, e->name) != NULL)
			ended(p, e, said);
	}
	memcpy(p->busy.v, kept, n * sizeof kept[0]);
	p->busy.n = n;
	told_expire(p);
	pause_result(p);
}

int
guests_busy_any(const struct guests_pane *p)
{
	return p->busy.n > 0 || p->busy.pause_for[0] != '\0';
}

void
guests_busy_pause(struct guests_pane *p, const char *name, const char *want)
{
	snprintf(p->busy.pause_for, sizeof p->busy.pause_for, "%s", name);
	snprintf(p->busy.pause_want, sizeof p->busy.pause_want, "%s", want);
}

long long
guests_busy_secs(struct guests_pane *p, const struct guests_entry *e)
{
	struct guests_busy_since	*b;

	if (busy_word(e) == NULL || (b = find(p, e->name)) == NULL ||
	    b->phase != e->phase)
		return -1;
	return (ui_now_ms() - b->since_ms) / 1000;
}

void
guests_busy_status(struct guests_pane *p, char *buf, size_t len)
{
	const struct guests_entry	*e;
	size_t				 i, used = 0;
	long long			 s;
	int				 n;

	buf[0] = '\0';
	for (i = 0; i < guests_count(p->guests) && used < len; i++) {
		e = guests_get(p->guests, i);
		if ((s = guests_busy_secs(p, e)) < 0)
			continue;
		n = snprintf(buf + used, len - used, "%s: %s %llds | ",
		    e->name, busy_word(e), s);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (p->busy.pause_for[0] != '\0' && used < len)
		snprintf(buf + used, len - used, "%s: %s | ",
		    p->busy.pause_for, strcmp(p->busy.pause_want, "paused") ==
		    0 ? "pausing" : "resuming");
}
