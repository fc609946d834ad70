/*
 * The frame around the panes: the tab bar, the status bar, the help
 * overlay, terminal set-up, resize and input.  Everything arrives through
 * the loop: keys from the terminal fd, SIGWINCH and the quit signals from
 * its signalfd.
 */
#include "config.h"

#include <sys/ioctl.h>

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exitcode.h"
#include "host.h"
#include "loop.h"
#include "monitor.h"
#include "pane.h"
#include "sysfs.h"
#include "text.h"
#include "ui.h"

#define NPANES		4
#define MIN_LINES	10
#define MIN_COLS	40

struct confirm {
	char	  text[256];
	void	(*fn)(void *);
	void	 *arg;
};

struct prompt {
	char	  question[128];
	char	  text[256];
	size_t	  len;
	void	(*fn)(const char *, void *);
	void	 *arg;
};

struct ui {
	struct loop		*loop;
	struct host		*host;
	struct monitor		*monitor;
	struct pane		*panes[NPANES];
	int			 current;
	int			 help_shown;
	struct confirm		 confirm;	/* shown while fn is set */
	struct prompt		 prompt;	/* shown while fn is set */
	char			 message[256];	/* until the next key */
	struct loop_timer	*flash_timer;	/* redraws when marks expire */
	long long		 last_change_ms;
	SCREEN			*screen;
};

static int	colors_on;

long long
ui_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
}

int
ui_color(enum ui_color color)
{
	if (colors_on)
		return COLOR_PAIR(color);
	/* Monochrome: only what must stand out does. */
	return color == UI_COLOR_WARN || color == UI_COLOR_BAD ? A_BOLD : 0;
}

static void
setup_colors(void)
{
	const char	*no_color = getenv("NO_COLOR");

	/* https://no-color.org: any non-empty value turns colour off. */
	if (!has_colors() || (no_color != NULL && no_color[0] != '\0'))
		return;
	start_color();
	use_default_colors();
	init_pair(UI_COLOR_GOOD, COLOR_GREEN, -1);
	init_pair(UI_COLOR_WARN, COLOR_YELLOW, -1);
	init_pair(UI_COLOR_HEADING, COLOR_CYAN, -1);
	init_pair(UI_COLOR_BAD, COLOR_RED, -1);
	colors_on = 1;
}

static void
draw_tabs(struct ui *ui)
{
	char	label[64];
	int	x = 0, i, w;

	attron(A_REVERSE | A_BOLD);
	text_put(0, 0, COLS, " vfiotui");
	attroff(A_BOLD);
	x = 9;
	for (i = 0; i < NPANES; i++) {
		snprintf(label, sizeof label, " %d %s ", i + 1,
		    ui->panes[i]->title);
		w = (int)strlen(label);
		if (x + w > COLS)
			break;
		/* The current tab is the one not in reverse video. */
		if (i == ui->current)
			attroff(A_REVERSE);
		text_put(0, x, w, label);
		attron(A_REVERSE);
		x += w + 1;
	}
	snprintf(label, sizeof label, "sysfs: %s ", ui->host->sys->root);
	w = (int)strlen(label);
	if (x + w < COLS)
		text_put(0, COLS - w, w, label);
	attroff(A_REVERSE);
}

static void
draw_status(struct ui *ui)
{
	struct pane	*pane = ui->panes[ui->current];
	const char	*keys = "? help  q quit ";
	char		 line[512];
	int		 kw = (int)strlen(keys);

	const char	*fallback = monitor_fallback(ui->monitor);
	char		 status[256];

	pane->ops->status(pane, status, sizeof status);
	if (ui->message[0] != '\0')
		snprintf(line, sizeof line, "%s", ui->message);
	else if (fallback != NULL)
		snprintf(line, sizeof line, "%s | %s", status, fallback);
	else
		snprintf(line, sizeof line, "%s", status);
	attron(A_REVERSE);
	text_put(LINES - 1, 0, COLS, "");
	text_put(LINES - 1, 1, COLS - kw - 2, line);
	if (COLS > kw + 20)
		text_put(LINES - 1, COLS - kw, kw, keys);
	attroff(A_REVERSE);
}

/* A framed, blanked box of H rows and W columns at (y, x). */
static void
draw_box(int y, int x, int h, int w)
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
static void
draw_confirm(struct ui *ui)
{
	const char	*p = ui->confirm.text;
	char		 line[256];
	int		 w = COLS - 4 < 76 ? COLS - 4 : 76, n = 0, len, cut;
	int		 y = (LINES - 8) / 2, x = (COLS - w) / 2;

	draw_box(y, x, 8, w);
	attron(A_BOLD);
	while (*p != '\0' && n < 4) {
		len = (int)strlen(p);
		cut = len <= w - 4 ? len : w - 4;
		while (cut < len && cut > 0 && p[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = len < w - 4 ? len : w - 4;
		snprintf(line, sizeof line, "%.*s", cut, p);
		text_put(y + 1 + n++, x + 2, w - 4, line);
		p += cut;
		while (*p == ' ')
			p++;
	}
	attroff(A_BOLD);
	text_put(y + 6, x + 2, w - 4, "y: yes    any other key: no");
}

/* The question, and the line typed so far with its end in view. */
static void
draw_prompt(struct ui *ui)
{
	int		 w = COLS - 4 < 76 ? COLS - 4 : 76;
	int		 y = (LINES - 6) / 2, x = (COLS - w) / 2;
	size_t		 room = (size_t)(w - 5);
	const char	*shown = ui->prompt.text;

	if (ui->prompt.len > room)
		shown += ui->prompt.len - room;
	draw_box(y, x, 6, w);
	attron(A_BOLD);
	text_put(y + 1, x + 2, w - 4, ui->prompt.question);
	attroff(A_BOLD);
	attron(A_UNDERLINE);
	text_put(y + 2, x + 2, w - 4, shown);
	attroff(A_UNDERLINE);
	text_put(y + 4, x + 2, w - 4, "Enter: done    Esc: cancel");
}

/* A key for the prompt: edit the line, or end the dialog. */
static void
prompt_key(struct ui *ui, int ch)
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

static void
draw_help(struct ui *ui)
{
	const struct key_help	*h = keys_help();
	int			 n, i, w = 62, y, x;
	char			 line[128];

	for (n = 0; h[n].keys != NULL; n++)
		;
	if (w > COLS - 2)
		w = COLS - 2;
	y = (LINES - (n + 4)) / 2;
	x = (COLS - w) / 2;
	draw_box(y, x, n + 4, w);
	attron(A_BOLD);
	text_put(y + 1, x + 2, w - 4, "vfiotui keys");
	attroff(A_BOLD);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof line, "%-26s %s", h[i].keys, h[i].what);
		text_put(y + 2 + i, x + 2, w - 4, line);
	}
	snprintf(line, sizeof line, "Updates: %s", monitor_fallback(ui->monitor) ?
	    monitor_fallback(ui->monitor) : "live from udev");
	text_put(y + n + 2, x + 2, w - 4, line);
}

static void
ui_draw(struct ui *ui)
{
	struct pane_rect	r = { .y = 1, .x = 0 };

	erase();
	if (LINES < MIN_LINES || COLS < MIN_COLS) {
		text_put(0, 0, COLS, "vfiotui: terminal too small");
		refresh();
		return;
	}
	r.h = LINES - 2;
	r.w = COLS;
	draw_tabs(ui);
	ui->panes[ui->current]->ops->draw(ui->panes[ui->current], &r);
	draw_status(ui);
	if (ui->help_shown)
		draw_help(ui);
	if (ui->confirm.fn != NULL)
		draw_confirm(ui);
	if (ui->prompt.fn != NULL)
		draw_prompt(ui);
	refresh();
}

void
ui_redraw(struct ui *ui)
{
	ui_draw(ui);
}

/* GPU power is read on a timer only while the IOMMU pane shows it. */
static void
ui_show_pane(struct ui *ui, int i)
{
	struct pane	*was = ui->panes[ui->current], *now = ui->panes[i];

	if (was->ops->shown != NULL)
		was->ops->shown(was, 0);
	ui->current = i;
	monitor_watch_power(ui->monitor, i == 0);
	if (now->ops->shown != NULL)
		now->ops->shown(now, 1);
}

static void
ui_act(struct ui *ui, enum ui_action action)
{
	struct pane	*pane = ui->panes[ui->current];

	switch (action) {
	case ACT_QUIT:
		loop_exit(ui->loop, EXIT_OK);
		break;
	case ACT_HELP:
		ui->help_shown = 1;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_NEXT_PANE:
		ui_show_pane(ui, (ui->current + 1) % NPANES);
		break;
	case ACT_PREV_PANE:
		ui_show_pane(ui, (ui->current + NPANES - 1) % NPANES);
		break;
	case ACT_PANE_1:
	case ACT_PANE_2:
	case ACT_PANE_3:
	case ACT_PANE_4:
		ui_show_pane(ui, (int)(action - ACT_PANE_1));
		break;
	default:
		pane->ops->action(pane, action);
		break;
	}
}

static void
on_input(int fd, short revents, void *arg)
{
	struct ui	*ui = arg;
	int		 ch;

	(void)fd;
	if (revents & (POLLHUP | POLLERR)) {
		/* The terminal went away: nobody is left to show anything. */
		loop_exit(ui->loop, EXIT_FAILED);
		return;
	}
	while ((ch = getch()) != ERR) {
		ui->message[0] = '\0';
		if (ui->prompt.fn != NULL) {
			prompt_key(ui, ch);
			continue;
		}
		if (ui->confirm.fn != NULL) {
			struct confirm c = ui->confirm;

			/* Cleared first: the action may ask again. */
			ui->confirm.fn = NULL;
			if (ch == 'y' || ch == 'Y')
				c.fn(c.arg);
			continue;
		}
		if (ui->help_shown) {
			ui->help_shown = 0;
			continue;
		}
		ui_act(ui, keys_action(ch));
	}
	ui_draw(ui);
}

static void
on_signal(int signo, void *arg)
{
	struct ui	*ui = arg;
	struct winsize	 ws;

	if (signo == SIGWINCH) {
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
		    ws.ws_row > 0 && ws.ws_col > 0)
			resizeterm(ws.ws_row, ws.ws_col);
		ui_draw(ui);
		return;
	}
	/* SIGTERM, SIGINT, SIGHUP: leave the terminal as we found it. */
	loop_exit(ui->loop, 128 + signo);
}

static void on_flash_timer(void *);

/* Marks expire UI_FLASH_MS after the last change: redraw then. */
static void
arm_flash_timer(struct ui *ui)
{
	long long	due = ui->last_change_ms + UI_FLASH_MS - ui_now_ms();

	ui->flash_timer = loop_timer_add(ui->loop, due > 0 ? (int)due + 1 : 1,
	    0, on_flash_timer, ui);
}

static void
on_flash_timer(void *arg)
{
	struct ui	*ui = arg;

	ui->flash_timer = NULL;
	if (ui->last_change_ms + UI_FLASH_MS > ui_now_ms())
		arm_flash_timer(ui);
	ui_draw(ui);
}

static void
on_host_change(const struct host_change *c, void *arg)
{
	struct ui	*ui = arg;
	int		 i;

	for (i = 0; i < NPANES; i++)
		if (ui->panes[i]->ops->changed != NULL)
			ui->panes[i]->ops->changed(ui->panes[i], c);
	ui->last_change_ms = ui_now_ms();
	if (ui->flash_timer == NULL)
		arm_flash_timer(ui);
	ui_draw(ui);
}

static int
ui_make_panes(struct ui *ui, struct pcinames *names, const char *proc_root)
{
	ui->panes[0] = pane_iommu_new(ui, ui->host, names, proc_root);
	ui->panes[1] = pane_net_new(ui, ui->loop, proc_root);
	ui->panes[2] = pane_guests_new(ui, ui->loop, ui->host, names,
	    proc_root);
	ui->panes[3] = pane_checks_new(ui, ui->host, names, proc_root);
	return ui->panes[0] && ui->panes[1] && ui->panes[2] && ui->panes[3] ?
	    0 : -1;
}

static int
ui_start_terminal(struct ui *ui)
{
	const char	*term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "vfiotui: the dashboard needs a terminal; "
		    "in scripts use 'vfiotui list' or 'vfiotui show'\n");
		return -1;
	}
	/* newterm() reports a bad TERM where initscr() would exit. */
	ui->screen = newterm(term, stdout, stdin);
	if (ui->screen == NULL) {
		fprintf(stderr, "vfiotui: cannot drive terminal type '%s'\n",
		    term ? term : "(unset)");
		return -1;
	}
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	setup_colors();
	return 0;
}

int
ui_run(struct loop *loop, struct host *host, struct pcinames *names,
    const char *proc_root)
{
	static const int	 signals[] = { SIGWINCH, SIGTERM, SIGINT, SIGHUP };
	struct ui		 ui = { .loop = loop, .host = host };
	size_t			 i;
	int			 r = EXIT_FAILED;

	if (ui_make_panes(&ui, names, proc_root) == -1) {
		fprintf(stderr, "vfiotui: out of memory\n");
		goto out;
	}
	if (ui_start_terminal(&ui) == -1) {
		r = EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (loop_add_signal(loop, signals[i], on_signal, &ui) < 0)
			goto out_term;
	if (loop_add_fd(loop, STDIN_FILENO, POLLIN, on_input, &ui) < 0)
		goto out_term;
	if ((ui.monitor = monitor_new(loop, host)) == NULL)
		goto out_term;
	host_listen(host, on_host_change, &ui);
	ui_show_pane(&ui, 0);
	ui_draw(&ui);
	r = loop_run(loop);
	host_listen(host, NULL, NULL);
	monitor_free(ui.monitor);
out_term:
	endwin();
	delscreen(ui.screen);
out:
	for (i = 0; i < NPANES; i++)
		pane_free(ui.panes[i]);
	return r < 0 ? EXIT_FAILED : r;
}

struct pane *
pane_new(const char *title, const struct pane_ops *ops, void *data)
{
	struct pane	*pane;

	if ((pane = calloc(1, sizeof *pane)) == NULL) {
		free(data);
		return NULL;
	}
	pane->title = title;
	pane->ops = ops;
	pane->data = data;
	return pane;
}

int
pane_move_cursor(enum ui_action action, size_t *cursor, size_t last,
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
pane_free(struct pane *pane)
{
	if (pane == NULL)
		return;
	if (pane->ops->free != NULL && pane->data != NULL)
		pane->ops->free(pane->data);
	free(pane->data);
	free(pane);
}
