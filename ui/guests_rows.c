/*
 * The Guests pane's rows: the guests whose name holds the filter, as
 * indices of the model's, in the order shown (the model's, by name, or
 * by state with o).  The list view's cursor is a row; when the rows are
 * built again it stays on its guest, by name.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest_list.h"
#include "guests_pane.h"
#include "listview.h"
#include "text.h"

/* o by state: those with a QEMU first, then those that ended, then the
 * rest; by name within each, as the model keeps them. */
static int
state_rank(const struct guests_pane *p, size_t i)
{
	const struct guests_entry	*e = guests_get(p->guests, i);

	return e->phase == GUESTS_STOPPED ? 2 : e->phase == GUESTS_EXITED ?
	    1 : 0;
}

static void
sort_by_state(struct guests_pane *p, size_t n)
{
	size_t	i, j, t;

	/* Insertion sort: stable, and there are a handful. */
	for (i = 1; i < n; i++) {
		t = p->rows[i];
		for (j = i; j > 0 && state_rank(p, p->rows[j - 1]) >
		    state_rank(p, t); j--)
			p->rows[j] = p->rows[j - 1];
		p->rows[j] = t;
	}
}

static int
is_cursor_guest(size_t row, void *arg)
{
	struct guests_pane	*p = arg;

	return strcmp(guests_get(p->guests, p->rows[row])->name,
	    p->cursor_name) == 0;
}

int
guests_rows_build(struct guests_pane *p)
{
	size_t				 n = guests_count(p->guests), i, k = 0;
	size_t				*rows;
	const struct guests_entry	*e;
	int				 found;

	if ((rows = realloc(p->rows, (n > 0 ? n : 1) * sizeof *rows)) ==
	    NULL) {
		listview_set_rows(&p->lv, 0);
		return -1;
	}
	p->rows = rows;
	for (i = 0; i < n; i++)
		if (text_contains(guests_get(p->guests, i)->name, p->filter))
			rows[k++] = i;
	if (p->by_state)
		sort_by_state(p, k);
	found = listview_follow(&p->lv, k, is_cursor_guest, p);
	/* Gone or filtered out: the cursor follows the one now under it. */
	if ((e = guests_pane_selected(p, NULL)) != NULL)
		snprintf(p->cursor_name, sizeof p->cursor_name, "%s", e->name);
	return found;
}

void
guests_rows_follow(struct guests_pane *p, const char *name)
{
	snprintf(p->cursor_name, sizeof p->cursor_name, "%s", name);
	listview_follow(&p->lv, p->lv.n, is_cursor_guest, p);
}

const struct guests_entry *
guests_pane_selected(const struct guests_pane *p, size_t *index)
{
	if (p->lv.n == 0)
		return NULL;
	if (index != NULL)
		*index = p->rows[p->lv.cursor];
	return guests_get(p->guests, p->rows[p->lv.cursor]);
}
