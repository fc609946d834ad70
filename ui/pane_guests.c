/*
 * The Guests pane: every guest with its run state as QMP names it (or
 * how its QEMU ended), its pid, uptime, passed devices and the CPU its
 * vCPUs use (guests_figures.c), the cursor and the filter over them,
 * and under them the selected one's detail (guests_detail.c).
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
draw_row(struct guests_pane *p, int y, const struct pane_rect *r, size_t i)
{
	const struct guests_entry	*e = guests_get(p->guests, i);
	char				 buf[256];
	int				 x, cpu, sel = i == p->cursor;
	int				 attr = 0;
	long long			 secs;

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

static int
is_shown(const struct guests_pane *p, size_t i)
{
	return text_contains(guests_get(p->guests, i)->name, p->filter);
}

/* o by state: those with a QEMU first, then those that ended, then the
 * rest; by name within each, as the model keeps them. */
static int
state_rank(const struct guests_entry *e)
{
	return e->phase == GUESTS_STOPPED ? 2 : e->phase == GUESTS_EXITED ?
	    1 : 0;
}

/*
 * The guests in the order shown, as indices of the model's, in *IDX (the
 * caller frees it): the model's order (by name), or by state.  How many;
 * 0 with *IDX NULL when there are none or no memory.
 */
static size_t
ordered(const struct guests_pane *p, size_t **idx)
{
	size_t	n = guests_count(p->guests), i, j, t;

	if (n == 0 || (*idx = calloc(n, sizeof **idx)) == NULL) {
		*idx = NULL;
		return 0;
	}
	for (i = 0; i < n; i++)
		(*idx)[i] = i;
	/* Insertion sort: stable, and there are a handful. */
	for (i = 1; i < n && p->by_state; i++) {
		t = (*idx)[i];
		for (j = i; j > 0 && state_rank(guests_get(p->guests,
		    (*idx)[j - 1])) > state_rank(guests_get(p->guests, t)); j--)
			(*idx)[j] = (*idx)[j - 1];
		(*idx)[j] = t;
	}
	return n;
}

/* The guests the filter keeps, and where the cursor is among them. */
static size_t
count_shown(const struct guests_pane *p, size_t *cursor_at)
{
	size_t	*idx, n = ordered(p, &idx), i, k = 0;

	*cursor_at = 0;
	for (i = 0; i < n; i++)
		if (is_shown(p, idx[i])) {
			if (idx[i] == p->cursor)
				*cursor_at = k;
			k++;
		}
	free(idx);
	return k;
}

/*
 * The next guest shown from FROM in direction DIR, in the order shown
 * (FAR: the last one that way); FROM when none.
 */
static size_t
step_shown(const struct guests_pane *p, size_t from, int dir, int far)
{
	size_t	*idx, n = ordered(p, &idx), to = from, at = 0, i;

	for (i = 0; i < n; i++)
		if (idx[i] == from)
			at = i;
	i = at;
	while ((dir < 0 && i > 0) || (dir > 0 && i + 1 < n)) {
		i = dir < 0 ? i - 1 : i + 1;
		if (is_shown(p, idx[i])) {
			to = idx[i];
			if (!far)
				break;
		}
	}
	free(idx);
	return to;
}

/* n and N: the next guest whose name holds the filter, round the end. */
static void
find_match(struct guests_pane *p, int dir)
{
	size_t	*idx, n = ordered(p, &idx), at = 0, i, k;

	if (p->filter[0] == '\0')
		ui_message(p->ctx.ui, "Guests: no filter: / sets what n and N "
		    "look for");
	for (i = 0; i < n && p->filter[0] != '\0'; i++)
		if (idx[i] == p->cursor)
			at = i;
	for (k = 1; k <= n && p->filter[0] != '\0'; k++) {
		i = dir > 0 ? (at + k) % n : (at + n - k % n) % n;
		if (is_shown(p, idx[i])) {
			p->cursor = idx[i];
			snprintf(p->cursor_name, sizeof p->cursor_name, "%s",
			    guests_get(p->guests, p->cursor)->name);
			break;
		}
	}
	free(idx);
}

static void
guests_draw(struct pane *pane, const struct pane_rect *r)
{
	struct guests_pane	*p = pane->data;
	size_t			 n = guests_count(p->guests), i, k, at, *idx;
	size_t			 shown = count_shown(p, &at);
	int			 y;

	/* The list takes what it needs, up to half; the detail the rest. */
	p->list_h = (int)shown + 1 < r->h / 2 ? (int)shown + 1 : r->h / 2;
	if (p->list_h < 2)
		p->list_h = 2;
	if (at < p->top)
		p->top = at;
	else if (at >= p->top + (size_t)(p->list_h - 1))
		p->top = at - (size_t)(p->list_h - 2);
	draw_titles(r);
	n = ordered(p, &idx);
	for (i = 0, k = 0, y = r->y + 1; i < n && y < r->y + p->list_h; i++)
		if (is_shown(p, idx[i]) && k++ >= p->top)
			draw_row(p, y++, r, idx[i]);
	free(idx);
	if (shown == 0 && n > 0) {
		mvhline(r->y + p->list_h, r->x, ACS_HLINE, r->w);
		text_put(r->y + p->list_h + 1, r->x, r->w, "No guest matches "
		    "the filter (Esc clears it).");
		return;
	}
	guests_detail_draw(p, r->y + p->list_h, r);
}

static void
set_filter(const char *text, void *arg)
{
	struct guests_pane	*p = arg;
	size_t			 at, shown;

	snprintf(p->filter, sizeof p->filter, "%s", text);
	shown = count_shown(p, &at);
	if (shown > 0 && !is_shown(p, p->cursor)) {
		p->cursor = step_shown(p, 0, 1, 0);
		if (is_shown(p, 0))
			p->cursor = 0;
		snprintf(p->cursor_name, sizeof p->cursor_name, "%s",
		    guests_get(p->guests, p->cursor)->name);
	}
	if (p->filter[0] != '\0')
		ui_message(p->ctx.ui,
		    "filter '%s': %zu guest%s (Esc clears it)",
		    p->filter, shown, shown == 1 ? "" : "s");
	else
		ui_message(p->ctx.ui, "filter cleared: every guest shows");
	guests_detail_read(p);
}

/* The cursor stays on its guest when the list is sorted again. */
static void
follow_cursor(struct guests_pane *p)
{
	size_t	i, n = guests_count(p->guests);

	for (i = 0; i < n; i++)
		if (strcmp(guests_get(p->guests, i)->name, p->cursor_name) ==
		    0) {
			p->cursor = i;
			return;
		}
	if (p->cursor >= n)
		p->cursor = n > 0 ? n - 1 : 0;
	if (n > 0)
		snprintf(p->cursor_name, sizeof p->cursor_name, "%s",
		    guests_get(p->guests, p->cursor)->name);
}

static void	update_tick(struct guests_pane *);

static void
guests_action(struct pane *pane, enum ui_action action)
{
	struct guests_pane	*p = pane->data;
	char			 err[512];
	size_t			 n;

	/*
	 * Profiles written meanwhile, guests started from the CLI: inotify
	 * brings them, or else the next key does.
	 */
	if (!guests_watched(p->guests) &&
	    guests_scan(p->guests, err, sizeof err) != 0)
		ui_message(p->ctx.ui, "guests: %s", err);
	follow_cursor(p);
	n = guests_count(p->guests);
	switch (action) {
	case ACT_UP:
	case ACT_DOWN:
		if (n > 0)
			p->cursor = step_shown(p, p->cursor,
			    action == ACT_UP ? -1 : 1, 0);
		break;
	case ACT_HOME:
	case ACT_END:
		if (n > 0)
			p->cursor = step_shown(p, p->cursor,
			    action == ACT_HOME ? -1 : 1, 1);
		break;
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
		if (n > 0 && is_shown(p, p->cursor))
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
		break;
	case ACT_SORT:
		p->by_state = !p->by_state;
		ui_message(p->ctx.ui, "Guests: %s (o: %s)", p->by_state ?
		    "running ones first" : "by name", p->by_state ? "by name" :
		    "running ones first");
		break;
	default:
		if (n > 0 && !is_shown(p, p->cursor))
			ui_message(p->ctx.ui, "Guests pane: no guest is shown "
			    "(Esc clears the filter)");
		else
			guests_pane_act(p, action);
		break;
	}
	if (n > 0 && p->cursor < guests_count(p->guests) &&
	    (action == ACT_UP || action == ACT_DOWN || action == ACT_HOME ||
	    action == ACT_END))
		snprintf(p->cursor_name, sizeof p->cursor_name, "%s",
		    guests_get(p->guests, p->cursor)->name);
	follow_cursor(p);
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
	ui_redraw(p->ctx.ui);
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

	follow_cursor(p);
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
	ui_redraw(p->ctx.ui);
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
}

/* Row Y of the list is the (top + Y)th guest the filter keeps. */
static void
guests_click(struct pane *pane, int y)
{
	struct guests_pane	*p = pane->data;
	size_t			 i, k = 0, want = p->top + (size_t)(y - 1);

	if (y < 1 || y >= p->list_h)
		return;
	for (i = 0; i < guests_count(p->guests); i++)
		if (is_shown(p, i) && k++ == want) {
			p->cursor = i;
			snprintf(p->cursor_name, sizeof p->cursor_name, "%s",
			    guests_get(p->guests, i)->name);
			guests_detail_read(p);
			return;
		}
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
	follow_cursor(p);
	return pane_new("Guests", &guests_ops, p);
}
