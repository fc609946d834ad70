/*
 * S in the Guests pane: a running guest's snapshots (its machine and
 * every disk at once), listed as QEMU lists them, over the pane; s takes
 * a new one, Enter loads the cursor's back, d deletes it.  The jobs are
 * src/guest/snapshot.c's, on the loop, their percentage (query-jobs) on
 * the status bar while they run.  A stopped guest's snapshots are its
 * disks' own, made by qemu-img: guest snapshot, which S names.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dialogs.h"
#include "guest_list.h"
#include "guest_live.h"
#include "guests_pane.h"
#include "listask.h"
#include "qmp.h"
#include "snapshot.h"
#include "snapshot_list.h"

#define SNAPSHOTS_SHOWN	64

struct guests_snapshots {
	struct guests_pane	*p;
	char			 name[108];	/* the guest S is about */
	struct snapshot_tag	 v[SNAPSHOTS_SHOWN];
	size_t			 n;
	size_t			 cursor;
	struct snapshot_job	*job;
	char			 job_for[108];
	char			 job_line[256];	/* where it is */
};

static const char *const verbs[] = {
	[SNAPSHOT_SAVE] = "saving",
	[SNAPSHOT_LOAD] = "loading",
	[SNAPSHOT_DELETE] = "deleting",
};

static void	key(int, void *);

static struct guests_snapshots *
state(struct guests_pane *p)
{
	if (p->snapshots == NULL &&
	    (p->snapshots = calloc(1, sizeof *p->snapshots)) != NULL)
		p->snapshots->p = p;
	return p->snapshots;
}

/* The guest S is about, while it still runs under this dashboard. */
static const struct guests_entry *
running(struct guests_snapshots *s)
{
	const struct guests_entry	*e;
	size_t				 i;

	for (i = 0; i < guests_count(s->p->guests); i++) {
		e = guests_get(s->p->guests, i);
		if (strcmp(e->name, s->name) == 0 && e->live != NULL &&
		    !e->live->closed)
			return e;
	}
	ui_message(s->p->ctx.ui, "%s is no longer running", s->name);
	return NULL;
}

static void
show(struct guests_snapshots *s)
{
	char		 text[4096], title[200], when[32];
	struct tm	 tm;
	time_t		 t;
	size_t		 i, used = 0;

	for (i = 0; i < s->n && used < sizeof text; i++) {
		t = (time_t)s->v[i].date_sec;
		strftime(when, sizeof when, "%Y-%m-%d %H:%M",
		    localtime_r(&t, &tm));
		used += (size_t)snprintf(text + used, sizeof text - used,
		    "%s %-24s %s  %s\n", i == s->cursor ? ">" : " ",
		    s->v[i].name, when, s->v[i].vm_state > 0 ?
		    "machine and disks" : "disk only");
	}
	if (s->n == 0)
		snprintf(text, sizeof text, "No snapshot yet: s takes one.");
	snprintf(title, sizeof title, "Snapshots of %s", s->name);
	ui_ask_list(s->p->ctx.ui, title, text, s->n > 0 ? "s save a new one  "
	    "Enter load  d delete  Up/Down choose  Esc close" :
	    "s save one  Esc close", key, s);
	ui_pane_changed(s->p->ctx.ui, s->p->pane);
}

/*
 * query-block's snapshots, one row a tag: each is on every disk (QEMU
 * takes them all at once), so the first disk's say what there is.
 */
static void
on_blocks(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guests_snapshots	*s = arg;
	struct snapshot_tag	 all[SNAPSHOTS_SHOWN];
	size_t			 i, n;

	(void)q;
	if (r->error_class != NULL) {
		ui_message(s->p->ctx.ui, "%s: its snapshots are not known: %s",
		    s->name, r->error_desc);
		return;
	}
	n = snapshot_tags(r->ret, all, SNAPSHOTS_SHOWN);
	s->n = 0;
	for (i = 0; i < n && i < SNAPSHOTS_SHOWN; i++)
		if (strcmp(all[i].disk, all[0].disk) == 0)
			s->v[s->n++] = all[i];
	if (s->cursor >= s->n)
		s->cursor = s->n > 0 ? s->n - 1 : 0;
	show(s);
}

static void
list(struct guests_snapshots *s, const struct guests_entry *e)
{
	if (qmp_command(guest_live_qmp(e->live), "query-block", NULL,
	    on_blocks, s) < 0) {
		ui_message(s->p->ctx.ui, "%s: its QMP connection ended",
		    e->name);
	}
}

static void
on_step(enum snapshot_step step, const char *line, void *arg)
{
	struct guests_snapshots	*s = arg;

	if (step == SNAPSHOT_PROGRESS) {
		snprintf(s->job_line, sizeof s->job_line, "%s", line);
		ui_pane_changed(s->p->ctx.ui, s->p->pane);
		return;
	}
	/*
	 * Said, not shown in a list: the user may be elsewhere by now.  LINE
	 * is the job's, so it goes after.
	 */
	ui_message(s->p->ctx.ui, "%s: %s", s->job_for, line);
	snapshot_job_free(s->job);
	s->job = NULL;
	ui_pane_changed(s->p->ctx.ui, s->p->pane);
}

static void
start(struct guests_snapshots *s, enum snapshot_op op, const char *tag)
{
	const struct guests_entry	*e;
	char				 err[512];

	if ((e = running(s)) == NULL)
		return;
	snprintf(s->job_for, sizeof s->job_for, "%s", e->name);
	snprintf(s->job_line, sizeof s->job_line, "snapshot %s: %s", tag,
	    verbs[op]);
	if ((s->job = snapshot_job_start(s->p->ctx.loop, e->paths.ctl, op, tag,
	    on_step, s, err, sizeof err)) == NULL)
		ui_message(s->p->ctx.ui, "%s: snapshot %s: %s", e->name, tag,
		    err);
	else
		ui_progress(s->p->ctx.ui, "%s: %s", e->name, s->job_line);
}

static void
save_as(const char *tag, void *arg)
{
	struct guests_snapshots	*s = arg;
	size_t			 i;

	if (!snapshot_tag_ok(tag)) {
		ui_message(s->p->ctx.ui, "'%s' is not a tag (letters, digits, "
		    "'-', '_', '.')", tag);
		return;
	}
	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, tag) == 0) {
			ui_message(s->p->ctx.ui,
			    "%s has a snapshot %s already: "
			    "d deletes it first", s->name, tag);
			return;
		}
	start(s, SNAPSHOT_SAVE, tag);
}

static void
do_load(void *arg)
{
	struct guests_snapshots	*s = arg;

	start(s, SNAPSHOT_LOAD, s->v[s->cursor].name);
}

static void
do_delete(void *arg)
{
	struct guests_snapshots	*s = arg;

	start(s, SNAPSHOT_DELETE, s->v[s->cursor].name);
}

static void
key(int ch, void *arg)
{
	struct guests_snapshots	*s = arg;
	char			 text[400];

	if (ch == KEY_UP || ch == 'k' || ch == KEY_DOWN || ch == 'j') {
		if (ch == KEY_UP || ch == 'k')
			s->cursor -= s->cursor > 0;
		else
			s->cursor += s->cursor + 1 < s->n;
		show(s);
	} else if (ch == 's') {
		snprintf(text, sizeof text, "Save a snapshot of %s (its memory "
		    "and disks) as:", s->name);
		ui_prompt(s->p->ctx.ui, text, save_as, s);
	} else if (s->n > 0 && (ch == '\r' || ch == '\n' || ch == KEY_ENTER)) {
		snprintf(text, sizeof text, "Load snapshot %s into %s? What "
		    "it runs now is lost.", s->v[s->cursor].name, s->name);
		ui_confirm(s->p->ctx.ui, text, do_load, s);
	} else if (s->n > 0 && ch == 'd') {
		snprintf(text, sizeof text, "Delete snapshot %s of %s, from "
		    "every disk?", s->v[s->cursor].name, s->name);
		ui_confirm(s->p->ctx.ui, text, do_delete, s);
	} else
		ui_pane_changed(s->p->ctx.ui, s->p->pane);
}

void
guests_snapshot_open(struct guests_pane *p, const struct guests_entry *e)
{
	struct guests_snapshots	*s;

	if (e->live == NULL || e->live->closed)
		ui_message(p->ctx.ui, "%s is not running: a stopped guest's "
		    "snapshots are its disks' own (vfiotui guest snapshot %s "
		    "list|save|load|delete, with qemu-img)", e->name, e->name);
	else if (e->attached)
		ui_message(p->ctx.ui,
		    "%s is an attached socket: vfiotui snapshots "
		    "the guests it starts", e->name);
	else if (e->pci[0] != '\0')
		ui_message(p->ctx.ui,
		    "%s passes %s through, whose state cannot be "
		    "saved (VFIO does not migrate): stop it, and guest "
		    "snapshot keeps its disks", e->name, e->pci);
	else if ((s = state(p)) == NULL)
		ui_message(p->ctx.ui, "snapshots: out of memory");
	else if (s->job != NULL)
		ui_message(p->ctx.ui, "%s: %s: wait for its end", s->job_for,
		    s->job_line);
	else {
		snprintf(s->name, sizeof s->name, "%s", e->name);
		s->n = 0;
		s->cursor = 0;
		list(s, e);
	}
}

void
guests_snapshot_status(struct guests_pane *p, char *buf, size_t len)
{
	if (p->snapshots != NULL && p->snapshots->job != NULL)
		snprintf(buf, len, "%s: %s | ", p->snapshots->job_for,
		    p->snapshots->job_line);
	else if (len > 0)
		buf[0] = '\0';
}

void
guests_snapshot_free(struct guests_pane *p)
{
	if (p->snapshots == NULL)
		return;
	snapshot_job_free(p->snapshots->job);
	free(p->snapshots);
	p->snapshots = NULL;
}
