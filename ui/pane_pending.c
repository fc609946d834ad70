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

static void
pending_free(struct pane *pane)
{
	free(pane->data);
}

struct pane *
pane_pending_new(const char *title, const char *plan)
{
	struct pane	*pane;
	struct pending	*p;

	pane = calloc(1, sizeof *pane);
	p = calloc(1, sizeof *p);
	if (pane == NULL || p == NULL) {
		free(pane);
		free(p);
		return NULL;
	}
	p->plan = plan;
	pane->title = title;
	pane->draw = pending_draw;
	pane->action = pending_action;
	pane->status = pending_status;
	pane->free = pending_free;
	pane->data = p;
	return pane;
}
