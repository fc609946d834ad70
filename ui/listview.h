/*
 * The one list view: a cursor over N rows and the rows the last draw had
 * room for.  The pane draws the rows; the view keeps the cursor in sight,
 * moves it for the movement keys and finds the row a click is on.
 */
#ifndef VFIOTUI_LISTVIEW_H
#define VFIOTUI_LISTVIEW_H

#include <stddef.h>

#include "keys.h"

struct listview {
	size_t	cursor;
	size_t	top;		/* the first row shown */
	size_t	n;		/* rows */
	int	h;		/* rows shown at the last draw; may be < 1 */
};

/* N rows now: a cursor past them goes to the last. */
void	listview_set_rows(struct listview *, size_t n);
/*
 * N rows now, built again: the cursor goes to the row for which
 * SAME(ROW, ARG) holds (what it was on) and 1 is returned; 0 when none
 * does, the cursor where it was, past the rows to the last.
 */
int	listview_follow(struct listview *, size_t n,
	    int (*same)(size_t row, void *arg), void *arg);
/* Shows H rows (at least one) from top, the cursor's among them. */
void	listview_scroll(struct listview *, int h);
/* Up, Down, pages of PAGE rows, Home, End: 1 when ACTION was one. */
int	listview_move(struct listview *, enum ui_action, size_t page);
/*
 * Moves *CURSOR in a list of LAST + 1 rows for the movement keys (a page
 * is PAGE rows), for a list the view does not hold.  Returns 1 when ACTION
 * was one of them, 0 otherwise.
 */
int	listview_move_cursor(enum ui_action, size_t *cursor, size_t last,
	    size_t page);
/*
 * The next row after *CURSOR (DIR 1) or before it (DIR -1) of N rows,
 * round past the end (to itself last), for which MATCH(ROW, ARG) holds:
 * 1 with *CURSOR on it, 0 when no row matches.
 */
int	listview_find(size_t *cursor, size_t n, int dir,
	    int (*match)(size_t row, void *arg), void *arg);
/* A click Y rows under the first shown: the cursor there, if a row is. */
void	listview_click(struct listview *, int y);
/*
 * As listview_scroll, with the CONTEXT rows above the cursor shown too
 * (a heading), and no empty rows under the last while some are above.
 */
void	listview_scroll_context(struct listview *, int h, size_t context);

#endif
