/*
 * P in the Guests pane: the selected guest's screen as a PNG, asked of
 * QEMU over the dashboard's own QMP connection (QEMU writes the file, so
 * nothing here waits), in the file the user names or, on a bare Enter,
 * one named from the guest and the time in the current directory, as
 * guest screenshot takes a relative name.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dialogs.h"
#include "guest_list.h"
#include "guest_live.h"
#include "guests_pane.h"
#include "qmp.h"
#include "screenshot.h"

/* "win10-20261204-064501.png": the default name of NAME's screenshot. */
static void
default_name(const char *name, char *buf, size_t len)
{
	char		stamp[32];
	time_t		now = time(NULL);
	struct tm	tm;

	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S",
	    localtime_r(&now, &tm));
	snprintf(buf, len, "%s-%s.png", name, stamp);
}

static void
on_dumped(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guests_shot	*s = arg;
	unsigned		 w, h;

	(void)q;
	s->asked = 0;
	if (r->error_class != NULL)
		ui_message(s->p->ctx.ui, "%s: no screenshot: QEMU said %s: %s",
		    s->name, r->error_class, r->error_desc);
	else if (!screenshot_png_size(s->file, &w, &h))
		ui_message(s->p->ctx.ui, "%s: QEMU said yes, but %s is no PNG",
		    s->name, s->file);
	else
		ui_message(s->p->ctx.ui, "%s: its screen, %ux%u, is in %s",
		    s->name, w, h, s->file);
	ui_pane_changed(s->p->ctx.ui, s->p->pane);
}

static void
save_as(const char *text, void *arg)
{
	struct guests_pane		*p = arg;
	struct guests_shot		*s = &p->shot;
	const struct guests_entry	*e;
	char				 file[PATH_MAX];
	long				 i;

	if ((i = guests_pane_pending(p)) == -1)
		return;
	e = guests_get(p->guests, (size_t)i);
	if (e->live == NULL || e->live->closed) {
		ui_message(p->ctx.ui, "%s is no longer running", e->name);
		return;
	}
	if (text[0] == '\0')
		default_name(e->name, file, sizeof file);
	else
		snprintf(file, sizeof file, "%s", text);
	if (screenshot_path(file, s->file, sizeof s->file) == -1) {
		ui_message(p->ctx.ui, "%s: the file's path is too long",
		    e->name);
		return;
	}
	s->p = p;
	snprintf(s->name, sizeof s->name, "%s", e->name);
	if (qmp_command(guest_live_qmp(e->live), "screendump",
	    screenshot_args(s->file), on_dumped, s) < 0) {
		ui_message(p->ctx.ui, "%s: no screenshot: its QMP connection "
		    "ended", e->name);
		return;
	}
	s->asked = 1;
	ui_progress(p->ctx.ui, "%s: asking QEMU for its screen in %s", e->name,
	    s->file);
}

void
guests_screenshot_ask(struct guests_pane *p, const struct guests_entry *e)
{
	char	question[512], name[160];

	if (e->live == NULL || e->live->closed) {
		ui_message(p->ctx.ui, "%s is not running: a screenshot is of a "
		    "running guest's screen", e->name);
		return;
	}
	if (p->shot.asked) {
		ui_message(p->ctx.ui,
		    "%s: its screenshot is still being written",
		    p->shot.name);
		return;
	}
	default_name(e->name, name, sizeof name);
	snprintf(question, sizeof question, "Save %s's screen as (Enter: %s "
	    "here):", e->name, name);
	ui_prompt(p->ctx.ui, question, save_as, p);
}
