/*
 * The panes that are laid out but not built yet (network, guests,
 * checks): they hold their place in the tab bar and say what is coming.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "pane.h"
#include "text.h"

struct pending {
	const char	*plan;
};

static void
pending_draw(struct pane *pane, const struct pane_rect *r)
{
	struct pending	*p = pane->data;
	char		 line[256];

	snprintf(line, sizeof line, "%s: not yet available.", pane->title);
	attron(A_BOLD);
	text_put(r->y + 1, r->x + 2, r->w - 4, line);
	attroff(A_BOLD);
	text_put(r->y + 3, r->x + 2, r->w - 4, p->plan);
}

static void
pending_action(struct pane *pane, enum ui_action action)
{
	(void)pane;
	(void)action;
}

static void
pending_status(struct pane *pane, char *buf, size_t len)
{
	snprintf(buf, len, "%s: not yet available", pane->title);
}

static const struct pane_ops pending_ops = {
	.draw = pending_draw,
	.action = pending_action,
	.status = pending_status,
};

struct pane *
pane_pending_new(const char *title, const char *plan)
{
	struct pending	*p;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->plan = plan;
	return pane_new(title, &pending_ops, p);
}
