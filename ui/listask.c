/*
 * A question over a list: the lines an action would change, refuse or
 * warn of, read before the key that decides.  ui_confirm's one wrapped
 * sentence is too small for a plan of several groups; this box grows
 * with its lines, up to the screen, and says when some did not fit.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>

#include "listask.h"
#include "text.h"
#include "ui_priv.h"

void
ui_ask_list(struct ui *ui, const char *title, const char *text,
    const char *keys, void (*fn)(int, void *), void *arg)
{
	struct listask	*l = &ui->listask;

	snprintf(l->title, sizeof l->title, "%s", title);
	snprintf(l->text, sizeof l->text, "%s", text);
	snprintf(l->keys, sizeof l->keys, "%s", keys);
	l->fn = fn;
	l->arg = arg;
}

/* How many lines TEXT wraps to in WIDTH columns. */
static int
count_lines(const char *text, int width)
{
	char	line[256];
	int	n = 0;

	while (*text != '\0') {
		text_wrap(&text, width, line, sizeof line);
		n++;
	}
	return n;
}

void
ui_draw_listask(struct ui *ui)
{
	struct listask	*l = &ui->listask;
	const char	*p = l->text;
	char		 line[256];
	int		 w = COLS - 2 < 78 ? COLS - 2 : 78, n, room, h, y, x, i;

	n = count_lines(l->text, w - 4);
	/* Title, a blank, the lines, a blank, the keys, and the frame. */
	room = LINES - 2 - 6;
	h = (n < room ? n : room) + 6;
	y = (LINES - 1 - h) / 2;
	x = (COLS - w) / 2;
	ui_draw_box(y, x, h, w);
	attron(A_BOLD);
	text_put(y + 1, x + 2, w - 4, l->title);
	attroff(A_BOLD);
	for (i = 0; *p != '\0' && i < h - 6; i++) {
		text_wrap(&p, w - 4, line, sizeof line);
		if (i == h - 7 && *p != '\0')
			snprintf(line, sizeof line, "... and %d more lines",
			    n - i);
		text_put(y + 3 + i, x + 2, w - 4, line);
	}
	text_put(y + h - 2, x + 2, w - 4, l->keys);
}
