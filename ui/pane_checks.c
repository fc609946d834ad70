/*
 * The Checks pane: the preflight checks of src/check/check.c, then each guest
 * profile's Code 43 checklist, one row each in its level's colour, with
 * the selected check's why and fix below.  The
 * checks run when the pane is made and again on r; a change of the host
 * marks the list as stale until then.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dialogs.h"
#include "draw.h"
#include "listview.h"
#include "pane.h"
#include "panes.h"
#include "text.h"

/* 11 host checks, 7 a GPU, 6 a guest's GPU: past it, the gravest */
#define MAX_ROWS	192
#define DETAIL_LINES	5
#define WHY_MIN_W	20	/* the why's least width beside the names */

struct checks_pane {
	struct pane_ctx		 ctx;		/* what it was made from */
	struct check		 all[MAX_ROWS];	/* as the checks ran */
	size_t			 nall;
	char			 filter[64];	/* "": every check */
	/* those the filter keeps */
	const struct check	*rows[MAX_ROWS];
	struct listview		 lv;		/* over rows */
	int			 ran;		/* once shown */
	int			 stale;		/* the host changed since */
	size_t			 count[CHECK_LEVELS];	/* by level */
	int			 name_w;	/* the longest row's name */
	int			 order;		/* enum order */
	char			 largest[64];	/* the largest guest */
};

/* Insertion sort: stable, and the rows are a few dozen. */
static void
stable_sort(const struct check **v, size_t n,
    int (*cmp)(const struct check *, const struct check *))
{
	const struct check	*t;
	size_t			 i, j;

	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && cmp(v[j - 1], t) > 0; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/* o: as the checks ran, the worst first, by name. */
enum order {
	ORDER_RUN,
	ORDER_WORST,
	ORDER_NAME,
	ORDERS
};

static const char *const order_words[ORDERS] = {
	"as the checks ran", "the worst first", "by name",
};

/* Worst first: fail, warn, skip, ok; as they ran within a level. */
static int
cmp_worst(const struct check *x, const struct check *y)
{
	return check_gravity(y->level) - check_gravity(x->level);
}

static int
cmp_name(const struct check *x, const struct check *y)
{
	return strcmp(x->name, y->name);
}

/* The rows: the checks whose text holds the filter. */
static void
apply_filter(struct checks_pane *p)
{
	const struct check	*c;
	size_t			 i, n = 0;

	for (i = 0; i < p->nall; i++) {
		c = &p->all[i];
		if (text_contains(c->name, p->filter) || text_contains(c->why,
		    p->filter) || text_contains(c->fix, p->filter))
			p->rows[n++] = c;
	}
	/* Stable: within a level, or a name, as the checks ran. */
	if (p->order == ORDER_WORST)
		stable_sort(p->rows, n, cmp_worst);
	else if (p->order == ORDER_NAME)
		stable_sort(p->rows, n, cmp_name);
	p->name_w = 0;
	for (i = 0; i < n; i++)
		if ((int)strlen(p->rows[i]->name) > p->name_w)
			p->name_w = (int)strlen(p->rows[i]->name);
	listview_set_rows(&p->lv, n);
}

static void
set_filter(const char *text, void *arg)
{
	struct checks_pane	*p = arg;

	snprintf(p->filter, sizeof p->filter, "%s", text);
	apply_filter(p);
	if (p->filter[0] != '\0')
		ui_message(p->ctx.ui,
		    "filter '%s': %zu check%s (Esc clears it)",
		    p->filter, p->lv.n, p->lv.n == 1 ? "" : "s");
}

static void
run_checks(struct checks_pane *p)
{
	struct check_env	env = { .host = p->ctx.host,
				    .proc_root = p->ctx.proc_root,
				    .files_root = "", .names = p->ctx.names };
	struct check_list	list = { .keep = MAX_ROWS };

	check_largest_guest(&env, p->largest, sizeof p->largest);
	check_run(&env, &list);
	check_all_guests(&env, &list);
	if (list.oom)
		ui_message(p->ctx.ui,
		    "checks: out of memory, the list is partial");
	p->nall = list.n;
	memcpy(p->all, list.v, p->nall * sizeof *p->all);
	memcpy(p->count, list.count, sizeof p->count);
	check_free_list(&list);
	apply_filter(p);
	p->stale = 0;
	p->ran = 1;
}

/* "3 ok, 1 warn, 0 fail", and the skipped when there are. */
static void
counts_text(const struct checks_pane *p, char *buf, size_t len)
{
	int	n;

	n = snprintf(buf, len, "%zu ok, %zu warn, %zu fail",
	    p->count[CHECK_OK], p->count[CHECK_WARN], p->count[CHECK_FAIL]);
	if (p->count[CHECK_SKIP] > 0 && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ", %zu skipped",
		    p->count[CHECK_SKIP]);
}

/*
 * The names' column is as wide as the longest name, so that none is cut
 * ("01:00.0 PCIe root port" after a guest's name), as long as the why
 * keeps some room.
 */
static void
draw_row(struct checks_pane *p, int y, const struct pane_rect *r, size_t i)
{
	const struct check	*c = p->rows[i];
	int			 sel = i == p->lv.cursor, x = r->x;
	int			 name_w = p->name_w + 2;

	if (name_w > r->w - 8 - WHY_MIN_W)
		name_w = r->w - 8 - WHY_MIN_W;
	if (name_w < 8)
		name_w = 8;

	text_put(y, x, 2, sel ? ">" : "");
	attron(ui_check_attr(c->level) | A_BOLD);
	text_put(y, x + 2, 6, check_level_word(c->level));
	attroff(ui_check_attr(c->level) | A_BOLD);
	if (sel)
		attron(A_REVERSE);
	text_put(y, x + 8, name_w - 1, c->name);
	text_put(y, x + 8 + name_w - 1, 1, "");
	text_put(y, x + 8 + name_w, r->w - 8 - name_w, c->why);
	if (sel)
		attroff(A_REVERSE);
}

/* Writes LABEL and TEXT over at most MAX lines, cut at spaces. */
static int
draw_wrapped(int y, const struct pane_rect *r, const char *label,
    const char *text, int max)
{
	char	line[512];
	int	w = r->w - 7, n = 0, len;

	while (*text != '\0' && n < max && w > 10) {
		len = (int)strlen(text);
		if (len > w) {
			len = w;
			while (len > w / 2 && text[len] != ' ')
				len--;
		}
		snprintf(line, sizeof line, "%-6s %.*s", n == 0 ? label : "",
		    len, text);
		text_put(y + n++, r->x, r->w, line);
		text += len;
		while (*text == ' ')
			text++;
	}
	return n;
}

static void
draw_detail(struct checks_pane *p, int y, const struct pane_rect *r)
{
	const struct check	*c;
	int			 n;

	mvhline(y++, r->x, ACS_HLINE, r->w);
	if (p->lv.n == 0)
		return;
	c = p->rows[p->lv.cursor];
	attron(A_BOLD);
	text_put(y++, r->x, r->w, c->name);
	attroff(A_BOLD);
	n = draw_wrapped(y, r, "why:", c->why, 2);
	if (c->fix[0] != '\0')
		draw_wrapped(y + n, r, "fix:", c->fix, DETAIL_LINES - 1 - n);
}

static void
checks_draw(struct pane *pane, const struct pane_rect *r)
{
	struct checks_pane	*p = pane->data;
	size_t			 i, h;
	int			 detail_h = r->h >= 12 ? DETAIL_LINES + 1 : 0;

	listview_scroll(&p->lv, r->h - 1 - detail_h);
	h = p->lv.h > 0 ? (size_t)p->lv.h : 1;
	attron(ui_color(UI_COLOR_HEADING) | A_UNDERLINE);
	text_put(r->y, r->x, r->w, p->stale ? "  The host changed since "
	    "these checks ran: r runs them again" : "  Preflight checks "
	    "(r runs them again)");
	attroff(ui_color(UI_COLOR_HEADING) | A_UNDERLINE);
	for (i = p->lv.top; i < p->lv.n && i < p->lv.top + h; i++)
		draw_row(p, r->y + 1 + (int)(i - p->lv.top), r, i);
	if (detail_h > 0)
		draw_detail(p, r->y + r->h - detail_h, r);
}

/* Enter: the check's why and fix in full, however narrow the screen. */
static void
show_detail(struct checks_pane *p)
{
	const struct check	*c = p->rows[p->lv.cursor];
	char			 text[1024];

	if (p->lv.n == 0) {
		ui_message(p->ctx.ui, "Checks pane: no check is shown");
		return;
	}
	snprintf(text, sizeof text, "%s\n\nwhy: %s\n\nfix: %s",
	    check_level_word(c->level), c->why,
	    c->fix[0] != '\0' ? c->fix : "nothing to do");
	ui_overlay(p->ctx.ui, c->name, text);
}

static int
row_matches(size_t row, void *arg)
{
	struct checks_pane	*p = arg;
	const struct check	*c = p->rows[row];

	return text_contains(c->name, p->filter) || text_contains(c->why,
	    p->filter) || text_contains(c->fix, p->filter);
}

/* n and N: the next check the filter matches, round the end. */
static void
find_match(struct checks_pane *p, int dir)
{
	if (p->filter[0] == '\0')
		ui_message(p->ctx.ui, "Checks: no filter: / sets what n and N "
		    "look for");
	else if (!listview_find(&p->lv.cursor, p->lv.n, dir, row_matches, p))
		ui_message(p->ctx.ui, "Checks: no check matches '%s'",
		    p->filter);
}

static void
checks_action(struct pane *pane, enum ui_action action)
{
	struct checks_pane	*p = pane->data;
	size_t			 page = p->lv.h > 2 ? (size_t)p->lv.h - 1 : 1;
	char			 counts[96];

	if (listview_move(&p->lv, action, page))
		return;
	switch (action) {
	case ACT_RERUN:
		break;
	case ACT_FILTER:
		ui_prompt(p->ctx.ui, "Show the checks whose text holds:",
		    set_filter, p);
		return;
	case ACT_CLEAR_FILTER:
		set_filter("", p);
		ui_message(p->ctx.ui, "filter cleared: every check shows");
		return;
	case ACT_DETAIL:
		show_detail(p);
		return;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		find_match(p, action == ACT_NEXT_MATCH ? 1 : -1);
		return;
	case ACT_SORT:
		p->order = (p->order + 1) % ORDERS;
		apply_filter(p);
		ui_message(p->ctx.ui, "Checks: %s (o: %s)",
		    order_words[p->order],
		    order_words[(p->order + 1) % ORDERS]);
		return;
	default:
		ui_unsupported(p->ctx.ui, "Checks", action);
		return;
	}
	run_checks(p);
	counts_text(p, counts, sizeof counts);
	ui_message(p->ctx.ui, "checks run again: %s", counts);
}

static void
checks_status(struct pane *pane, char *buf, size_t len)
{
	struct checks_pane	*p = pane->data;
	char			 counts[96];
	size_t			 ran = 0, i;

	/* Every check that ran is counted; all[] holds the gravest. */
	for (i = 0; i < CHECK_LEVELS; i++)
		ran += p->count[i];
	counts_text(p, counts, sizeof counts);
	snprintf(buf, len, "%zu checks: %s%s", ran, counts,
	    p->stale ? " (stale: r)" : "");
	if (ran > p->nall)
		snprintf(buf + strlen(buf), len - strlen(buf),
		    " (the %zu gravest listed)", p->nall);
}

static void
checks_changed(struct pane *pane, const struct host_change *c)
{
	struct checks_pane	*p = pane->data;

	(void)c;
	p->stale = p->ran;
}

static void
checks_click(struct pane *pane, int y)
{
	struct checks_pane	*p = pane->data;

	/* Row 0 is the heading. */
	listview_click(&p->lv, y - 1);
}

/*
 * The checks run when the pane is first shown, not before the
 * dashboard's first frame: at 5000 devices they read a file of each GPU
 * and build thousands of rows nobody may look at.
 */
static void
checks_shown(struct pane *pane, int on)
{
	struct checks_pane	*p = pane->data;

	if (on && !p->ran)
		run_checks(p);
}

static const struct pane_ops checks_ops = {
	.draw = checks_draw,
	.shown = checks_shown,
	.action = checks_action,
	.status = checks_status,
	.changed = checks_changed,
	.click = checks_click,
};

struct pane *
pane_checks_new(const struct pane_ctx *ctx)
{
	struct checks_pane	*p;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->ctx = *ctx;
	return pane_new("Checks", &checks_ops, p);
}
