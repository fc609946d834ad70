/*
 * The list view's cursor and scrolling, for the panes that show a list.
 */
#include "config.h"

#include <stddef.h>

#include "listview.h"

void
listview_set_rows(struct listview *lv, size_t n)
{
	lv->n = n;
	if (lv->cursor >= n)
		lv->cursor = n > 0 ? n - 1 : 0;
}

int
listview_follow(struct listview *lv, size_t n,
    int (*same)(size_t row, void *arg), void *arg)
{
	size_t	row;

	listview_set_rows(lv, n);
	for (row = 0; row < n; row++)
		if (same(row, arg)) {
			lv->cursor = row;
			return 1;
		}
	return 0;
}

void
listview_scroll(struct listview *lv, int h)
{
	size_t	shown = h > 0 ? (size_t)h : 1;

	lv->h = h;
	if (lv->cursor < lv->top)
		lv->top = lv->cursor;
	else if (lv->cursor >= lv->top + shown)
		lv->top = lv->cursor - shown + 1;
}

int
listview_move(struct listview *lv, enum ui_action action, size_t page)
{
	return listview_move_cursor(action, &lv->cursor,
	    lv->n > 0 ? lv->n - 1 : 0, page);
}

int
listview_find(size_t *cursor, size_t n, int dir,
    int (*match)(size_t row, void *arg), void *arg)
{
	size_t	k, row;

	for (k = 1; k < n + 1 && n > 0; k++) {
		row = dir > 0 ? (*cursor + k) % n : (*cursor + n - k % n) % n;
		if (match(row, arg)) {
			*cursor = row;
			return 1;
		}
	}
	return 0;
}

void
listview_click(struct listview *lv, int y)
{
	size_t	i = lv->top + (size_t)y;

	if (y >= 0 && y < lv->h && i < lv->n)
		lv->cursor = i;
}

int
listview_move_cursor(enum ui_action action, size_t *cursor, size_t last,
    size_t page)
{
	size_t	c = *cursor;

	switch (action) {
	case ACT_UP:
		c = c > 0 ? c - 1 : 0;
		break;
	case ACT_DOWN:
		c = c < last ? c + 1 : last;
		break;
	case ACT_PAGE_UP:
		c = c > page ? c - page : 0;
		break;
	case ACT_PAGE_DOWN:
		c = c + page < last ? c + page : last;
		break;
	case ACT_HOME:
		c = 0;
		break;
	case ACT_END:
		c = last;
		break;
	default:
		return 0;
	}
	*cursor = c;
	return 1;
}

void
listview_scroll_context(struct listview *lv, int h, size_t context)
{
	size_t	shown = h > 0 ? (size_t)h : 1;
	size_t	first = lv->cursor > context ? lv->cursor - context : 0;

	lv->h = h;
	if (first < lv->top)
		lv->top = first;
	else if (lv->cursor >= lv->top + shown)
		lv->top = lv->cursor - shown + 1;
	if (lv->top + shown > lv->n)
		lv->top = lv->n > shown ? lv->n - shown : 0;
}
