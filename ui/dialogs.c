/*
 * The frame's dialogs and overlays: the y/n question every destructive
 * action asks, the one-line prompt, the help, and a scrollable text over
 * the pane (the log of messages, a row's detail).  Each is drawn last,
 * over the pane, and takes the keys while it is up.
 */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dialogs.h"
#include "draw.h"
#include "text.h"
#include "udev_monitor.h"
#include "ui_priv.h"

void
ui_confirm(struct ui *ui, const char *text, void (*fn)(void *), void *arg)
{
	snprintf(ui->confirm.text, sizeof ui->confirm.text, "%s", text);
	ui->confirm.fn = fn;
	ui->confirm.arg = arg;
}

void
ui_prompt(struct ui *ui, const char *question,
    void (*fn)(const char *, void *), void *arg)
{
	snprintf(ui->prompt.question, sizeof ui->prompt.question, "%s",
	    question);
	ui->prompt.text[0] = '\0';
	ui->prompt.len = 0;
	ui->prompt.fn = fn;
	ui->prompt.arg = arg;
}

/* Every message goes to the log whole; FRESH: to the status bar too. */
static void __attribute__((format(printf, 3, 0)))
log_add(struct ui *ui, int fresh, const char *fmt, va_list ap)
{
	struct ui_log	*log = &ui->log;
	size_t		 i;

	/* The newest a step: what comes after it takes its place. */
	if (log->step && log->count > 0)
		log->count--;
	log->step = 0;
	if (log->count == UI_LOG_MAX) {
		log->first = (log->first + 1) % UI_LOG_MAX;
		log->count--;
	}
	i = (log->first + log->count++) % UI_LOG_MAX;
	log->lines[i].when = time(NULL);
	vsnprintf(log->lines[i].text, sizeof log->lines[i].text, fmt, ap);
	log->fresh = fresh;
	log->unseen = 1;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_add(ui, 1, fmt, ap);
	va_end(ap);
}

/*
 * An action begun: an older result leaves the status bar, where the
 * pane's status says what is in progress for as long as it is.
 */
void
ui_progress(struct ui *ui, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_add(ui, 0, fmt, ap);
	va_end(ap);
}

void
ui_step(struct ui *ui, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_add(ui, 1, fmt, ap);
	va_end(ap);
	ui->log.step = 1;
}

void
ui_message_expire(struct ui *ui, const char *text)
{
	const char	*newest = ui_log_newest(ui);

	if (newest != NULL && strcmp(newest, text) == 0) {
		ui->log.fresh = 0;
		ui->log.unseen = 1;
	}
}

void
ui_unsupported(struct ui *ui, const char *title, enum ui_action action)
{
	const char	*name = keys_action_name(action);

	if (name != NULL)
		ui_message(ui, "%s pane: %s does nothing here (? lists the "
		    "keys)", title, name);
}

const char *
ui_log_newest(const struct ui *ui)
{
	const struct ui_log	*log = &ui->log;

	if (!log->fresh || log->count == 0)
		return NULL;
	return log->lines[(log->first + log->count - 1) % UI_LOG_MAX].text;
}

void
ui_overlay(struct ui *ui, const char *title, const char *text)
{
	struct overlay	*o = &ui->overlay;

	snprintf(o->title, sizeof o->title, "%s", title);
	snprintf(o->text, sizeof o->text, "%s", text != NULL ? text : "");
	o->log = text == NULL;
	o->top = o->log ? -1 : 0;	/* the log opens at its newest lines */
	o->shown = 1;
}

void
ui_draw_box(int y, int x, int h, int w)
{
	int	i;

	for (i = 0; i < h; i++)
		text_put(y + i, x, w, "");
	attron(ui_color(UI_COLOR_HEADING));
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attroff(ui_color(UI_COLOR_HEADING));
}

/* The question, wrapped at spaces over up to four lines. */
void
ui_draw_confirm(struct ui *ui)
{
	const char	*p = ui->confirm.text;
	char		 line[256];
	int		 w = COLS - 4 < 76 ? COLS - 4 : 76, n = 0;
	int		 y = (LINES - 8) / 2, x = (COLS - w) / 2;

	ui_draw_box(y, x, 8, w);
	attron(A_BOLD);
	while (*p != '\0' && n < 4) {
		text_wrap(&p, w - 4, line, sizeof line);
		text_put(y + 1 + n++, x + 2, w - 4, line);
	}
	attroff(A_BOLD);
	text_put(y + 6, x + 2, w - 4, "y: yes    any other key: no");
}

/* The question, and the line typed so far with its end in view. */
void
ui_draw_prompt(struct ui *ui)
{
	int		 w = COLS - 4 < 76 ? COLS - 4 : 76;
	int		 y = (LINES - 6) / 2, x = (COLS - w) / 2;
	size_t		 room = (size_t)(w - 5);
	const char	*shown = ui->prompt.text;

	if (ui->prompt.len > room)
		shown += ui->prompt.len - room;
	ui_draw_box(y, x, 6, w);
	attron(A_BOLD);
	text_put(y + 1, x + 2, w - 4, ui->prompt.question);
	attroff(A_BOLD);
	attron(A_UNDERLINE);
	text_put(y + 2, x + 2, w - 4, shown);
	attroff(A_UNDERLINE);
	text_put(y + 4, x + 2, w - 4, "Enter: done    Esc: cancel");
}

/* A key for the prompt: edit the line, or end the dialog. */
void
ui_prompt_key(struct ui *ui, int ch)
{
	struct prompt	*p = &ui->prompt;
	struct prompt	 done;

	if (ch == 27) {
		p->fn = NULL;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		/* Cleared first: the action may ask again. */
		done = *p;
		p->fn = NULL;
		done.fn(done.text, done.arg);
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (p->len > 0)
			p->text[--p->len] = '\0';
	} else if (ch >= ' ' && ch < 256 && p->len + 1 < sizeof p->text) {
		p->text[p->len++] = (char)ch;
		p->text[p->len] = '\0';
	}
}

/* Every key, in a box that fits 80x24: one line a key, never cut. */
void
ui_draw_help(struct ui *ui)
{
	const struct key_help	*h = keys_help();
	const char		*updates = monitor_fallback(ui->monitor);
	int			 n, i, w = 78, y, x;
	char			 line[256];

	for (n = 0; h[n].keys != NULL; n++)
		;
	if (w > COLS)
		w = COLS;
	y = (LINES - 1 - (n + 4)) / 2;
	x = (COLS - w) / 2;
	ui_draw_box(y > 0 ? y : 0, x, n + 4, w);
	y = y > 0 ? y : 0;
	attron(A_BOLD);
	text_put(y + 1, x + 2, w - 4, "vfiotui keys (any key closes this)");
	attroff(A_BOLD);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof line, "%-22s %s", h[i].keys, h[i].what);
		text_put(y + 2 + i, x + 2, w - 4, line);
	}
	snprintf(line, sizeof line, "Updates: %s",
	    updates != NULL ? updates : "live from udev");
	text_put(y + n + 2, x + 2, w - 4, line);
}

/* The overlay's text, or the log, one entry a line, oldest first. */
static void
overlay_text(const struct ui *ui, char *buf, size_t len)
{
	const struct ui_log	*log = &ui->log;
	const struct overlay	*o = &ui->overlay;
	struct tm		 tm;
	size_t			 i, k, used = 0;
	int			 n;

	if (!o->log) {
		snprintf(buf, len, "%s", o->text);
		return;
	}
	buf[0] = '\0';
	if (log->count == 0)
		snprintf(buf, len, "No messages yet.");
	for (i = 0; i < log->count && used < len; i++) {
		k = (log->first + i) % UI_LOG_MAX;
		localtime_r(&log->lines[k].when, &tm);
		n = snprintf(buf + used, len - used, "%02d:%02d:%02d %s\n",
		    tm.tm_hour, tm.tm_min, tm.tm_sec, log->lines[k].text);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/*
 * The overlay's lines as shown: each wrapped at spaces to WIDTH, its
 * continuation indented two columns, so that no message is cut.  Draws
 * those from TOP in ROWS rows from Y when ROWS > 0; returns how many.
 */
static int
overlay_lines(const char *text, int width, int top, int y, int rows)
{
	const char	*p = text;
	char		 line[1024];
	int		 n = 0, cont = 0;

	while (*p != '\0') {
		text_wrap(&p, cont ? width - 2 : width, line, sizeof line);
		if (n >= top && n - top < rows)
			text_put(y + n - top, cont ? 4 : 2, cont ? width - 2 :
			    width, line);
		n++;
		/* The next is a continuation unless this one ended its line. */
		cont = p > text && p[-1] != '\n';
	}
	return n;
}

void
ui_draw_overlay(struct ui *ui)
{
	static char	 text[UI_LOG_MAX * (UI_LOG_TEXT + 16)];
	struct overlay	*o = &ui->overlay;
	int		 w = COLS, h = LINES - 2, n, rows = h - 4;

	overlay_text(ui, text, sizeof text);
	ui_draw_box(1, 0, h, w);
	attron(A_BOLD);
	text_put(2, 2, w - 4, o->title);
	attroff(A_BOLD);
	n = overlay_lines(text, w - 4, 0, 0, 0);
	o->rows = rows;
	if (o->top < 0 || o->top > n - rows)
		o->top = n > rows ? n - rows : 0;
	overlay_lines(text, w - 4, o->top, 3, rows);
	text_put(h - 1, 2, w - 4, n > rows ? "Up/Down PgUp/PgDn Home/End "
	    "scroll   any other key closes this" : "any key closes this");
}

/* Scrolling past the end is kept in bounds by the next draw. */
void
ui_overlay_key(struct ui *ui, int ch)
{
	struct overlay	*o = &ui->overlay;
	int		 page = o->rows > 1 ? o->rows - 1 : 1;

	if (ch == KEY_UP || ch == 'k')
		o->top = o->top > 0 ? o->top - 1 : 0;
	else if (ch == KEY_DOWN || ch == 'j')
		o->top++;
	else if (ch == KEY_PPAGE)
		o->top = o->top > page ? o->top - page : 0;
	else if (ch == KEY_NPAGE)
		o->top += page;
	else if (ch == KEY_HOME || ch == 'g')
		o->top = 0;
	else if (ch == KEY_END || ch == 'G')
		o->top = INT_MAX / 2;
	else
		o->shown = 0;
}
