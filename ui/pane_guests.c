/*
 * The Guests pane: every guest with its run state as QMP names it (or
 * how its QEMU ended), its pid, uptime, passed devices and the CPU its
 * vCPUs use (guests_figures.c), the cursor and the filter over them
 * (the rows shown: guests_rows.c), and under them the selected one's
 * detail (guests_detail.c).
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dialogs.h"
#include "draw.h"
#include "guest_list.h"
#include "guest_live.h"
#include "guests_pane.h"
#include "listview.h"
#include "loop.h"
#include "pane.h"
#include "panes.h"
#include "text.h"
#include "vde.h"

#define COL_NAME	16
#define COL_STATE	28
#define COL_PID		8
#define COL_UPTIME	10
#define COL_CPU		6	/* at the right edge: "CPU%" */
#define COL_DEVICES	12	/* the least left them beside CPU% */

void
guests_pane_state(const struct guests_entry *e, char *buf, size_t len)
{
	long long	left;

	switch (e->phase) {
	case GUESTS_STOPPED:
		snprintf(buf, len, "%s", e->profile_err[0] ? "bad profile" :
		    "stopped");
		break;
	case GUESTS_BUILDING:
		snprintf(buf, len, "building ISO");
		break;
	case GUESTS_STARTING:
		snprintf(buf, len, "starting");
		break;
	case GUESTS_RUNNING:
		/* Its process runs on, as far as its pidfd says. */
		if (e->live != NULL && e->live->closed)
			snprintf(buf, len, "QMP closed");
		else
			snprintf(buf, len, "%s", e->live &&
			    e->live->status[0] ? e->live->status :
			    "connecting");
		break;
	case GUESTS_STOPPING:
		left = (e->stop_deadline_ms - ui_now_ms() + 999) / 1000;
		if (e->quit_sent || left <= 0)
			snprintf(buf, len, "quitting");
		else
			snprintf(buf, len, "powering down, quit in %llds",
			    left);
		break;
	case GUESTS_EXITED:
		snprintf(buf, len, "%s", e->exit_reason);
		break;
	}
}

/*
 * The CPU% column's width when the list reaches X before DEVICES: none
 * where it would cut the devices (80 columns: the detail has the CPU).
 */
static int
cpu_width(const struct pane_rect *r, int x)
{
	return r->x + r->w - x >= COL_DEVICES + COL_CPU ? COL_CPU : 0;
}

static void
draw_titles(const struct pane_rect *r)
{
	int	x, cpu;

	attron(ui_color(UI_COLOR_HEADING) | A_UNDERLINE);
	text_put(r->y, r->x, 2, "");
	x = text_column(r->y, r->x + 2, COL_NAME, "GUEST");
	x = text_column(r->y, x, COL_STATE, "STATE");
	x = text_column(r->y, x, COL_PID, "PID");
	x = text_column(r->y, x, COL_UPTIME, "UPTIME");
	cpu = cpu_width(r, x);
	text_put(r->y, x, r->x + r->w - cpu - x, "DEVICES");
	text_put(r->y, r->x + r->w - cpu, cpu, "CPU%");
	attroff(ui_color(UI_COLOR_HEADING) | A_UNDERLINE);
}

static void
draw_row(struct guests_pane *p, int y, const struct pane_rect *r, size_t row)
{
	const struct guests_entry	*e;
	char				 buf[256];
	int				 x, cpu, sel = row == p->lv.cursor;
	int				 attr = 0;
	long long			 secs;

	e = guests_get(p->guests, p->rows[row]);
	if (e->phase == GUESTS_RUNNING && e->live != NULL &&
	    strcmp(e->live->status, "running") == 0)
		attr = ui_color(UI_COLOR_GOOD);
	else if (e->phase == GUESTS_EXITED || e->profile_err[0] != '\0')
		attr = ui_color(UI_COLOR_WARN);
	if (sel)
		attron(A_REVERSE);
	text_put(y, r->x, 2, sel ? "> " : "");
	/* A socket's path by its end, where it differs from others. */
	x = text_column(y, r->x + 2, COL_NAME, strlen(e->name) > COL_NAME ?
	    e->name + strlen(e->name) - COL_NAME : e->name);
	attron(attr);
	guests_pane_state(e, buf, sizeof buf);
	/* "killed or crashed": the detail has the rest. */
	if (e->phase == GUESTS_EXITED)
		buf[strcspn(buf, "(")] = '\0';
	/* An action in progress counts its seconds: the screen never stops. */
	if ((secs = guests_busy_secs(p, e)) >= 0 &&
	    e->phase != GUESTS_STOPPING)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " %llds",
		    secs);
	x = text_column(y, x, COL_STATE, buf);
	attroff(attr);
	snprintf(buf, sizeof buf, "%d", (int)e->pid);
	x = text_column(y, x, COL_PID, e->pid > 0 ? buf : "-");
	buf[0] = '\0';
	if (e->live != NULL && !e->live->closed)
		guest_live_uptime_text(e->live, buf, sizeof buf);
	x = text_column(y, x, COL_UPTIME, buf[0] ? buf : "-");
	cpu = cpu_width(r, x);
	text_put(y, x, r->x + r->w - cpu - x, e->pci[0] ? e->pci :
	    e->attached ? "(attached socket)" : "-");
	guests_figures_cpu(e, buf, sizeof buf);
	text_put(y, r->x + r->w - cpu, cpu, buf);
	attroff(A_REVERSE);
}

/* n and N: every row holds the filter, so the next row, round the end. */
static void
find_match(struct guests_pane *p, int dir)
{
	size_t	n = p->lv.n;

	if (p->filter[0] == '\0')
		ui_message(p->ctx.ui, "Guests: no filter: / sets what n and N "
		    "look for");
	else if (n > 0)
		p->lv.cursor = (p->lv.cursor + (dir > 0 ? 1 : n - 1)) % n;
}

static void
guests_draw(struct pane *pane, const struct pane_rect *r)
{
	struct guests_pane	*p = pane->data;
	size_t			 row;
	int			 list_h;

	/* The list takes what it needs, up to half; the detail the rest. */
	list_h = (int)p->lv.n + 1 < r->h / 2 ? (int)p->lv.n + 1 : r->h / 2;
	if (list_h < 2)
		list_h = 2;
	listview_scroll(&p->lv, list_h - 1);
	draw_titles(r);
	for (row = p->lv.top; row < p->lv.n && row < p->lv.top +
	    (size_t)(list_h - 1); row++)
		draw_row(p, r->y + 1 + (int)(row - p->lv.top), r, row);
	if (p->lv.n == 0 && guests_count(p->guests) > 0) {
		mvhline(r->y + list_h, r->x, ACS_HLINE, r->w);
		text_put(r->y + list_h + 1, r->x, r->w, "No guest matches "
		    "the filter (Esc clears it).");
		return;
	}
	guests_detail_draw(p, r->y + list_h, r);
}

/* The cursor moved: it follows the guest under it from now on. */
static void
cursor_moved(struct guests_pane *p)
{
	const struct guests_entry	*e = guests_pane_selected(p, NULL);

	if (e != NULL)
		guests_rows_follow(p, e->name);
}

/* A filter that hides the selected guest selects the first it shows. */
static void
set_filter(const char *text, void *arg)
{
	struct guests_pane	*p = arg;
	size_t			 shown;

	snprintf(p->filter, sizeof p->filter, "%s", text);
	if (guests_rows_build(p) == 0) {
		p->lv.cursor = 0;
		cursor_moved(p);
	}
	shown = p->lv.n;
	if (p->filter[0] != '\0')
		ui_message(p->ctx.ui,
		    "filter '%s': %zu guest%s (Esc clears it)",
		    p->filter, shown, shown == 1 ? "" : "s");
	else
		ui_message(p->ctx.ui, "filter cleared: every guest shows");
	guests_detail_read(p);
}

static void	update_tick(struct guests_pane *);

/* The keys but the movement ones. */
static void
guests_act(struct guests_pane *p, enum ui_action action)
{
	switch (action) {
	case ACT_LOG:
		p->show_log = !p->show_log;
		p->show_checks = 0;
		break;
	case ACT_CHECKLIST:
		p->show_checks = !p->show_checks;
		p->show_log = 0;
		/* Run again: files may have changed. */
		p->checks_for[0] = '\0';
		break;
	case ACT_DETAIL:
		if (p->lv.n > 0)
			guests_detail_overlay(p);
		break;
	case ACT_FILTER:
		ui_prompt(p->ctx.ui, "Show the guests whose name holds:",
		    set_filter, p);
		break;
	case ACT_CLEAR_FILTER:
		set_filter("", p);
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		find_match(p, action == ACT_NEXT_MATCH ? 1 : -1);
		cursor_moved(p);
		break;
	case ACT_SORT:
		p->by_state = !p->by_state;
		guests_rows_build(p);
		ui_message(p->ctx.ui, "Guests: %s (o: %s)", p->by_state ?
		    "running ones first" : "by name", p->by_state ? "by name" :
		    "running ones first");
		break;
	default:
		if (guests_count(p->guests) > 0 && p->lv.n == 0)
			ui_message(p->ctx.ui, "Guests pane: no guest is shown "
			    "(Esc clears the filter)");
		else
			guests_pane_act(p, action);
		break;
	}
}

static void
guests_action(struct pane *pane, enum ui_action action)
{
	struct guests_pane	*p = pane->data;
	char			 err[512];
	size_t			 page = p->lv.h > 2 ? (size_t)p->lv.h - 1 : 1;

	/*
	 * Profiles written meanwhile, guests started from the CLI: inotify
	 * brings them, or else the next key does.
	 */
	if (!guests_watched(p->guests)) {
		if (guests_scan(p->guests, err, sizeof err) != 0)
			ui_message(p->ctx.ui, "guests: %s", err);
		guests_rows_build(p);
	}
	if (listview_move(&p->lv, action, page))
		cursor_moved(p);
	else
		guests_act(p, action);
	update_tick(p);
	guests_detail_read(p);
}

static void
guests_status(struct pane *pane, char *buf, size_t len)
{
	struct guests_pane	*p = pane->data;
	size_t			 i, n = guests_count(p->guests), up = 0;
	size_t			 used;

	guests_usb_status(p, buf, len);
	used = strlen(buf);
	guests_busy_status(p, buf + used, len - used);
	used = strlen(buf);
	guests_snapshot_status(p, buf + used, len - used);
	used = strlen(buf);
	for (i = 0; i < n; i++)
		up += guests_get(p->guests, i)->pid > 0;
	snprintf(buf + used, len - used, "%zu guest%s, %zu running | s start  "
	    "x stop  p pause  l log  a attach  U usb  S snap  P shot", n,
	    n == 1 ? "" : "s", up);
}

static void	on_tick(void *);

/*
 * Uptimes and actions in progress count on screen: a redraw a second
 * while the pane is shown and a guest runs or something is in progress,
 * and no timer otherwise.
 */
static void
update_tick(struct guests_pane *p)
{
	size_t	i, up = 0;

	guests_busy_update(p, NULL);
	up = guests_busy_any(p);
	for (i = 0; i < guests_count(p->guests); i++)
		up += guests_get(p->guests, i)->pid > 0;
	if (p->shown && up > 0 && p->tick == NULL)
		p->tick = loop_timer_add(p->ctx.loop, 1000, 1, on_tick, p);
	else if ((!p->shown || up == 0) && p->tick != NULL) {
		loop_timer_del(p->ctx.loop, p->tick);
		p->tick = NULL;
	}
}

static void
on_tick(void *arg)
{
	struct guests_pane	*p = arg;

	update_tick(p);
	/* What the running guests cost: QEMU answers by the next tick. */
	guests_sample(p->guests);
	guests_detail_read(p);
	ui_pane_changed(p->ctx.ui, p->pane);
}

static void
guests_shown(struct pane *pane, int on)
{
	struct guests_pane	*p = pane->data;

	p->shown = on;
	update_tick(p);
	guests_detail_read(p);
}

/* A driver bound or unbound: the checklist's answers may be others. */
static void
guests_changed(struct pane *pane, const struct host_change *c)
{
	struct guests_pane	*p = pane->data;

	(void)c;
	p->checks_for[0] = '\0';
	guests_detail_read(p);
}

/* The guest a line of the model, "NAME: what", is about; NULL if none. */
static const struct guests_entry *
said_of(struct guests_pane *p, const char *say)
{
	const struct guests_entry	*e;
	size_t				 i, n;

	for (i = 0; i < guests_count(p->guests); i++) {
		e = guests_get(p->guests, i);
		n = strlen(e->name);
		if (strncmp(say, e->name, n) == 0 && say[n] == ':')
			return e;
	}
	return NULL;
}

static void
on_guests(unsigned changed, const char *say, void *arg)
{
	struct guests_pane		*p = arg;
	const struct guests_entry	*e;

	/*
	 * Guests came or went, or one's state moved it in the order by
	 * state; what they cost moves none.
	 */
	if (changed & (GUESTS_CHANGED_LIST | GUESTS_CHANGED_STATE))
		guests_rows_build(p);
	guests_busy_update(p, say);
	update_tick(p);
	/*
	 * The model words its steps and their ends alike: a line told while
	 * its guest is still busy is a step of an action in progress (its
	 * ISO built, QEMU started); else a result, while its state holds.
	 */
	e = say != NULL ? said_of(p, say) : NULL;
	if (e != NULL && guests_busy_secs(p, e) >= 0)
		ui_progress(p->ctx.ui, "%s", say);
	else if (e != NULL)
		guests_busy_told(p, e, say);
	else if (say != NULL)
		ui_message(p->ctx.ui, "%s", say);
	/*
	 * A profile rewritten, a guest gone: the checklist is run again; a
	 * guest that only started, stopped or paused leaves its files be.
	 */
	if (changed & GUESTS_CHANGED_LIST)
		p->checks_for[0] = '\0';
	guests_detail_read(p);
	ui_pane_changed(p->ctx.ui, p->pane);
}

static void
guests_pane_free(void *data)
{
	struct guests_pane	*p = data;

	if (p->tick != NULL)
		loop_timer_del(p->ctx.loop, p->tick);
	vde_op_free(p->net_op);
	guests_usb_free(p);
	guests_snapshot_free(p);
	guests_free(p->guests);
	check_free_list(&p->checks);
	free(p->rows);
}

/* Row Y of the pane is row Y - 1 of the list, under its titles. */
static void
guests_click(struct pane *pane, int y)
{
	struct guests_pane	*p = pane->data;
	size_t			 was = p->lv.cursor;

	listview_click(&p->lv, y - 1);
	if (p->lv.cursor == was)
		return;
	cursor_moved(p);
	guests_detail_read(p);
}

static const struct pane_ops guests_ops = {
	.draw = guests_draw,
	.click = guests_click,
	.action = guests_action,
	.status = guests_status,
	.changed = guests_changed,
	.shown = guests_shown,
	.free = guests_pane_free,
};

struct pane *
pane_guests_new(const struct pane_ctx *ctx)
{
	struct guests_pane	*p;
	struct pane		*pane;
	char			 err[512];

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->ctx = *ctx;
	if ((p->guests = guests_new(p->ctx.loop, p->ctx.proc_root, on_guests,
	    p)) == NULL) {
		free(p);
		return NULL;
	}
	/* A profile dir that cannot be read shows as a note, not a failure. */
	if (guests_scan(p->guests, err, sizeof err) != 0)
		ui_message(p->ctx.ui, "guests: %s", err);
	guests_rows_build(p);
	if ((pane = pane_new("Guests", &guests_ops, p)) != NULL)
		p->pane = pane;
	return pane;
}
