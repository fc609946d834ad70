/*
 * A short form in a dialog, as the frame draws it: a label and a value a
 * field, the value's meaning on the line under it, a '>' and reverse
 * video on the field being edited.  A screen too short for two lines a
 * field shows one, and the current field's meaning under them all.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "form.h"
#include "text.h"
#include "ui_priv.h"

#define LABEL_COLS	11	/* "> Network  " */
#define WHY_INDENT	4	/* under the label: room for a whole why */
#define CTRL_U		21
#define CTRL_X		24

int
form_field_changed(const struct form_field *f)
{
	return strcmp(f->value, f->initial) != 0;
}

void
ui_form(struct ui *ui, const char *title, const struct form_field *fields,
    int n, void (*left)(struct form_field *, int, void *),
    int (*done)(struct form_field *, int, char *, size_t, void *),
    void *arg)
{
	struct form	*f = &ui->form;
	int		 i;

	snprintf(f->title, sizeof f->title, "%s", title);
	f->n = n < FORM_FIELDS_MAX ? n : FORM_FIELDS_MAX;
	for (i = 0; i < f->n; i++) {
		f->fields[i] = fields[i];
		memcpy(f->fields[i].initial, f->fields[i].value,
		    sizeof f->fields[i].initial);
	}
	f->cur = 0;
	f->edited = 0;
	f->error[0] = '\0';
	f->left = left;
	f->done = done;
	f->arg = arg;
	if (left != NULL)
		left(f->fields, f->n, arg);
}

/* Field I's label and value on row Y; the current one's end in view. */
static void
draw_field(const struct form *f, int i, int y, int x, int w)
{
	const struct form_field	*fl = &f->fields[i];
	const char		*shown = fl->value;
	char			 label[LABEL_COLS + 8];
	char			 value[FORM_VALUE_MAX + 1];
	int			 room = w - 4 - LABEL_COLS;
	size_t			 len = strlen(fl->value);

	snprintf(label, sizeof label, "%s %s", i == f->cur ? ">" : " ",
	    fl->label);
	if (i == f->cur)
		attron(A_BOLD);
	text_put(y, x + 2, LABEL_COLS, label);
	attroff(A_BOLD);
	/* The last column is the cursor's. */
	if (i == f->cur && room > 1 && len > (size_t)room - 1)
		shown += len - ((size_t)room - 1);
	snprintf(value, sizeof value, "%s", shown);
	attron(i == f->cur ? A_REVERSE : A_UNDERLINE);
	text_put(y, x + 2 + LABEL_COLS, room, value);
	attroff(A_REVERSE | A_UNDERLINE);
}

void
ui_draw_form(struct ui *ui)
{
	const struct form	*f = &ui->form;
	int			 w = COLS - 2 < 78 ? COLS - 2 : 78;
	int			 full = 2 * f->n + 6 <= LINES - 1;
	int			 h = full ? 2 * f->n + 6 : f->n + 7;
	int			 y, x, i, row;

	y = (LINES - 1 - h) / 2;
	y = y > 0 ? y : 0;
	x = (COLS - w) / 2;
	ui_draw_box(y, x, h, w);
	attron(A_BOLD);
	text_put(y + 1, x + 2, w - 4, f->title);
	attroff(A_BOLD);
	for (i = 0, row = y + 3; i < f->n; i++) {
		draw_field(f, i, row++, x, w);
		if (full)
			text_put(row++, x + 2 + WHY_INDENT, w - 4 - WHY_INDENT,
			    f->fields[i].why);
	}
	if (!full)
		text_put(row++, x + 2 + WHY_INDENT, w - 4 - WHY_INDENT,
		    f->fields[f->cur].why);
	if (f->error[0] != '\0') {
		attron(ui_color(UI_COLOR_BAD) | A_BOLD);
		text_put(row, x + 2, w - 4, f->error);
		attroff(ui_color(UI_COLOR_BAD) | A_BOLD);
	}
	text_put(y + h - 2, x + 2, w - 4, "Tab/Up/Down: field   Enter: next "
	    "(last: write)   ^X: write   Esc: cancel");
}

/* To field TO (wrapping), the whys set anew if the one left changed. */
static void
go(struct form *f, int to)
{
	if (f->edited && f->left != NULL)
		f->left(f->fields, f->n, f->arg);
	f->edited = 0;
	f->cur = (to + f->n) % f->n;
}

static void
submit(struct ui *ui)
{
	struct form	*f = &ui->form;
	int		(*done)(struct form_field *, int, char *, size_t,
			    void *) = f->done;

	go(f, f->cur);
	f->error[0] = '\0';
	if (done(f->fields, f->n, f->error, sizeof f->error, f->arg) == 0)
		f->done = NULL;
}

void
ui_form_key(struct ui *ui, int ch)
{
	struct form		*f = &ui->form;
	struct form_field	*fl = &f->fields[f->cur];
	size_t			 len = strlen(fl->value);

	if (ch == 27)
		f->done = NULL;
	else if (ch == CTRL_X ||
	    ((ch == '\r' || ch == '\n' || ch == KEY_ENTER) &&
	    f->cur == f->n - 1))
		submit(ui);
	else if (ch == '\t' || ch == KEY_DOWN || ch == '\r' || ch == '\n' ||
	    ch == KEY_ENTER)
		go(f, f->cur + 1);
	else if (ch == KEY_BTAB || ch == KEY_UP)
		go(f, f->cur - 1);
	else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len > 0)
			fl->value[len - 1] = '\0';
		f->edited = 1;
	} else if (ch == CTRL_U) {
		fl->value[0] = '\0';
		f->edited = 1;
	} else if (ch >= ' ' && ch < 256 && len + 1 < sizeof fl->value) {
		fl->value[len] = (char)ch;
		fl->value[len + 1] = '\0';
		f->edited = 1;
	}
}
