/*
 * The frame around the panes: the tab bar, the host facts under it, the
 * status bar, terminal set-up, resize, keys and mouse clicks (the dialogs
 * and overlays are dialogs.c's).  Everything arrives through
 * the loop: keys from the terminal fd, SIGWINCH and the quit signals from
 * its signalfd.
 */
#include "config.h"

#include <sys/ioctl.h>

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "binding.h"
#include "dialogs.h"
#include "draw.h"
#include "exitcode.h"
#include "host.h"
#include "loop.h"
#include "pane.h"
#include "panes.h"
#include "sysfs.h"
#include "text.h"
#include "udev_monitor.h"
#include "ui.h"
#include "ui_priv.h"
#include "userconf.h"

#define MIN_LINES	10
#define MIN_COLS	40

/*
 * Whose facts the header shows, at the right of the tab bar in ROOM
 * columns: this machine, a --sysfs tree, or `make demo`'s tree, which
 * must never pass for this machine.  The longest wording that fits.
 */
static void
whose_facts(const struct hostfacts *f, int room, char *buf, size_t len,
    int *attr)
{
	*attr = 0;
	if (f->live)
		snprintf(buf, len, "this machine: /sys ");
	else if (f->demo[0] != '\0') {
		*attr = ui_color(UI_COLOR_WARN) | A_BOLD;
		snprintf(buf, len, "DEMO: %s, not this machine ", f->demo);
		if ((int)strlen(buf) > room)
			snprintf(buf, len, "DEMO: not this machine ");
	} else
		snprintf(buf, len, "tree: %s ", f->tree);
	if ((int)strlen(buf) > room)
		snprintf(buf, len, "%s", f->live ? "" : f->demo[0] ? "DEMO " :
		    "tree ");
}

static void
draw_tabs(struct ui *ui)
{
	char	label[320];
	int	x = 0, i, w, attr;

	attron(A_REVERSE | A_BOLD);
	text_put(0, 0, COLS, " vfiotui");
	attroff(A_BOLD);
	x = 9;
	for (i = 0; i <= ui->npanes; i++)
		ui->tab_x[i] = -1;
	for (i = 0; i < ui->npanes; i++) {
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
		ui->tab_x[i] = x;
		x += w + 1;
		ui->tab_x[i + 1] = x;
	}
	whose_facts(&ui->facts, COLS - x, label, sizeof label, &attr);
	w = (int)strlen(label);
	attron(attr);
	if (w > 0 && x + w <= COLS)
		text_put(0, COLS - w, w, label);
	attroff(attr | A_REVERSE);
}

/* One fact of the header: a label, and a value in its own colour. */
struct fact {
	char	label[300];
	char	value[300];
	int	attr;
};

#define NFACTS	4

/*
 * The host facts a user checks first when passthrough will not work, in
 * the order shown; the least useful go first when the line is too
 * narrow: how updates come, then the kernel.
 */
static void
header_facts(struct ui *ui, struct fact *facts)
{
	const struct hostfacts	*f = &ui->facts;
	int			 warn = ui_color(UI_COLOR_WARN) | A_BOLD;

	memset(facts, 0, NFACTS * sizeof *facts);
	if (f->kernel[0] != '\0')
		snprintf(facts[0].label, sizeof facts[0].label, "kernel %s",
		    f->kernel);
	else
		snprintf(facts[0].label, sizeof facts[0].label, "%s",
		    f->live ? "kernel ?" : "tree: ");
	if (!f->live && f->kernel[0] == '\0')
		snprintf(facts[0].value, sizeof facts[0].value, "%s", f->tree);
	snprintf(facts[1].label, sizeof facts[1].label, "IOMMU ");
	if (f->iommu_groups > 0)
		snprintf(facts[1].value, sizeof facts[1].value,
		    "on, %d groups", f->iommu_groups);
	else
		snprintf(facts[1].value, sizeof facts[1].value, "off");
	facts[1].attr = f->iommu_groups > 0 ? 0 : warn;
	snprintf(facts[2].label, sizeof facts[2].label, "vfio-pci ");
	snprintf(facts[2].value, sizeof facts[2].value, "%s", f->vfio_pci ?
	    "loaded" : "not loaded");
	facts[2].attr = f->vfio_pci ? 0 : warn;
	snprintf(facts[3].label, sizeof facts[3].label, "updates: %s",
	    monitor_fallback(ui->monitor) != NULL ? "re-read" : "udev");
}

static int
fact_width(const struct fact *fact)
{
	return fact->label[0] == '\0' ? 0 :
	    (int)(strlen(fact->label) + strlen(fact->value)) + 2;
}

/* PATH less OVER more columns, from the left: "...tmp.x/tree". */
static void
shorten_path(char *path, int over)
{
	size_t	len = strlen(path), cut = (size_t)over + 3;

	if (cut >= len)
		cut = len > 3 ? len - 3 : 0;
	memmove(path + 3, path + cut, len - cut + 1);
	memcpy(path, "...", 3);
}

static void
draw_header(struct ui *ui)
{
	/* The first is dropped first. */
	static const int	 drop[] = { 3, 0 };
	struct fact		 facts[NFACTS];
	int			 i, x, w = 0;

	header_facts(ui, facts);
	for (i = 0; i < NFACTS; i++)
		w += fact_width(&facts[i]);
	for (i = 0; i < 2 && w - 1 > COLS; i++) {
		/* A tree's path says whose facts these are: cut it, keep it. */
		if (facts[drop[i]].value[0] != '\0') {
			shorten_path(facts[drop[i]].value, w - 1 - COLS);
			break;
		}
		w -= fact_width(&facts[drop[i]]);
		facts[drop[i]].label[0] = '\0';
	}
	for (x = -1, i = 0; i < NFACTS && x < COLS; i++) {
		if (facts[i].label[0] == '\0')
			continue;
		x += 2;
		text_put(1, x, COLS - x, facts[i].label);
		x += (int)strlen(facts[i].label);
		if (x >= COLS)
			break;
		attron(facts[i].attr);
		text_put(1, x, COLS - x, facts[i].value);
		attroff(facts[i].attr);
		x += (int)strlen(facts[i].value);
	}
}

/*
 * The newest message while it is fresh, else the pane's status.  One
 * that does not fit says where it is whole (the log, L).
 */
static void
draw_status(struct ui *ui)
{
	struct pane	*pane = ui->panes[ui->current];
	const char	*keys = "? help  q quit ";
	const char	*more = " ... (L: all of it)";
	const char	*fallback = monitor_fallback(ui->monitor);
	const char	*newest = ui_log_newest(ui);
	char		 line[UI_LOG_TEXT], status[512], hint[160];
	int		 kw = (int)strlen(keys), room = COLS - kw - 2;
	int		 mw = (int)strlen(more);

	pane->ops->status(pane, status, sizeof status);
	if (newest != NULL)
		snprintf(line, sizeof line, "%s", newest);
	else if (fallback != NULL &&
	    (int)(strlen(status) + strlen(fallback) + 3) <= room)
		snprintf(line, sizeof line, "%s | %s", status, fallback);
	else
		snprintf(line, sizeof line, "%s", status);
	if (newest == NULL && pane->ops->hint != NULL) {
		pane->ops->hint(pane, hint, sizeof hint);
		if (hint[0] != '\0' &&
		    (int)(strlen(line) + strlen(hint) + 3) <= room)
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), " | %s", hint);
	}
	attron(A_REVERSE);
	text_put(LINES - 1, 0, COLS, "");
	if (newest != NULL && (int)strlen(line) > room && room > mw + 10) {
		text_put(LINES - 1, 1, room - mw, line);
		text_put(LINES - 1, 1 + room - mw, mw, more);
	} else
		text_put(LINES - 1, 1, room, line);
	if (COLS > kw + 20)
		text_put(LINES - 1, COLS - kw, kw, keys);
	attroff(A_REVERSE);
}

/* The power timer reads what the pane shows now, not every GPU. */
static void
ui_watch_shown(struct ui *ui)
{
	struct pane	*now = ui->panes[ui->current];
	size_t		 first = 0, end = SIZE_MAX;

	/*
	 * A pane that shows no power leaves the range be: back on the
	 * IOMMU pane, its rows are read at once, not every GPU.
	 */
	if (!now->ops->shows_power)
		return;
	if (now->ops->shown_devices != NULL)
		now->ops->shown_devices(now, &first, &end);
	monitor_power_devices(ui->monitor, first, end);
}

static void
ui_draw(struct ui *ui)
{
	struct pane_rect	r = { .y = 2, .x = 0 };

	ui->log.unseen = 0;
	erase();
	if (LINES < MIN_LINES || COLS < MIN_COLS) {
		text_put(0, 0, COLS, "vfiotui: terminal too small");
		refresh();
		return;
	}
	r.h = LINES - 3;
	r.w = COLS;
	draw_tabs(ui);
	draw_header(ui);
	ui->panes[ui->current]->ops->draw(ui->panes[ui->current], &r);
	ui_watch_shown(ui);
	draw_status(ui);
	if (ui->overlay.shown)
		ui_draw_overlay(ui);
	if (ui->help_shown)
		ui_draw_help(ui);
	if (ui->listask.fn != NULL)
		ui_draw_listask(ui);
	if (ui->form.done != NULL)
		ui_draw_form(ui);
	if (ui->confirm.fn != NULL)
		ui_draw_confirm(ui);
	if (ui->prompt.fn != NULL)
		ui_draw_prompt(ui);
	refresh();
}

void
ui_redraw(struct ui *ui)
{
	ui_draw(ui);
}

void
ui_pane_changed(struct ui *ui, const struct pane *pane)
{
	if (pane == ui->panes[ui->current] || ui->log.unseen)
		ui_draw(ui);
}

static void
ui_show_pane(struct ui *ui, int i)
{
	struct pane	*was = ui->panes[ui->current], *now = ui->panes[i];

	if (was->ops->shown != NULL)
		was->ops->shown(was, 0);
	ui->current = i;
	monitor_watch_power(ui->monitor, now->ops->shows_power);
	if (now->ops->shown != NULL)
		now->ops->shown(now, 1);
}

/* KEY is the key that meant ACTION, for the digits. */
static void
ui_act(struct ui *ui, enum ui_action action, int key)
{
	struct pane	*pane = ui->panes[ui->current];

	switch (action) {
	case ACT_QUIT:
		/* Quitting would leave the bind's result unsaid. */
		if (ui_binding_busy())
			ui_message(ui, "a bind is under way: q again once it "
			    "has ended");
		else
			loop_exit(ui->loop, EXIT_OK);
		break;
	case ACT_HELP:
		ui->help_shown = 1;
		break;
	case ACT_SHOW_LOG:
		ui_overlay(ui, "Messages, newest last", NULL);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_NEXT_PANE:
		ui_show_pane(ui, (ui->current + 1) % ui->npanes);
		break;
	case ACT_PREV_PANE:
		ui_show_pane(ui, (ui->current + ui->npanes - 1) % ui->npanes);
		break;
	case ACT_PANE:
		if (key - '1' < ui->npanes) {
			ui_show_pane(ui, key - '1');
			break;
		}
		/* A digit past the last tab is no key, as in any pane. */
		pane->ops->action(pane, ACT_NONE);
		break;
	default:
		pane->ops->action(pane, action);
		break;
	}
}

/*
 * A click on a tab shows its pane; one in the pane goes to the pane,
 * which selects the row there.  Nothing else is bound to the mouse.
 */
static void
on_mouse(struct ui *ui)
{
	struct pane	*pane;
	MEVENT		 ev;
	int		 i;

	if (getmouse(&ev) != OK ||
	    !(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return;
	if (ui->overlay.shown) {
		ui->overlay.shown = 0;
		return;
	}
	if (ev.y == 0) {
		for (i = 0; i < ui->npanes && ui->tab_x[i] != -1; i++)
			if (ev.x >= ui->tab_x[i] && ev.x < ui->tab_x[i + 1])
				ui_show_pane(ui, i);
		return;
	}
	pane = ui->panes[ui->current];
	if (ev.y >= 2 && ev.y < LINES - 1 && pane->ops->click != NULL)
		pane->ops->click(pane, ev.y - 2);
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
		ui->log.fresh = 0;
		if (ui->prompt.fn != NULL) {
			ui_prompt_key(ui, ch);
			continue;
		}
		if (ui->form.done != NULL) {
			ui_form_key(ui, ch);
			continue;
		}
		if (ui->listask.fn != NULL) {
			void	(*fn)(int, void *) = ui->listask.fn;

			/* Cleared first: the answer may ask again. */
			ui->listask.fn = NULL;
			fn(ch, ui->listask.arg);
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
		if (ch == KEY_MOUSE)
			on_mouse(ui);
		else if (ui->overlay.shown)
			ui_overlay_key(ui, ch);
		else
			ui_act(ui, keys_action(ch), ch);
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

	for (i = 0; i < ui->npanes; i++)
		if (ui->panes[i]->ops->changed != NULL)
			ui->panes[i]->ops->changed(ui->panes[i], c);
	ui->last_change_ms = ui_now_ms();
	/* A driver bound or unbound may be vfio-pci registering. */
	hostfacts_read(&ui->facts, ui->host->sys, ui->proc_root);
	if (ui->flash_timer == NULL)
		arm_flash_timer(ui);
	ui_draw(ui);
}

static int
ui_make_panes(struct ui *ui, struct pcinames *names)
{
	const struct pane_ctx	ctx = { .ui = ui, .loop = ui->loop,
				    .host = ui->host, .names = names,
				    .proc_root = ui->proc_root,
				    .conf = ui->conf };
	size_t			i;

	ui->panes = calloc(pane_table_len, sizeof *ui->panes);
	ui->tab_x = calloc(pane_table_len + 1, sizeof *ui->tab_x);
	if (ui->panes == NULL || ui->tab_x == NULL)
		return -1;
	for (i = 0; i < pane_table_len; i++) {
		if ((ui->panes[i] = pane_table[i](&ctx)) == NULL)
			return -1;
		ui->npanes++;
	}
	return 0;
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
	/* A frame in one write(): curses would otherwise flush and look
	 * for typed keys every few lines, a system call each. */
	typeahead(-1);
	curs_set(0);
	/* Where the terminal has no mouse this does nothing. */
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
	mouseinterval(0);
	ui_color_setup(ui->conf);
	return 0;
}

int
ui_run(struct loop *loop, struct host *host, struct pcinames *names,
    const char *proc_root, const struct userconf *conf)
{
	static const int	 signals[] = { SIGWINCH, SIGTERM, SIGINT,
				    SIGHUP };
	/*
	 * Static, not on the stack: its 160 KB (the message log) would be
	 * zeroed there, every page made resident; here a page is made so by
	 * its first message.
	 */
	static struct ui	 ui;
	size_t			 i;
	int			 r = EXIT_FAILED;

	ui.loop = loop;
	ui.host = host;
	ui.conf = conf;
	ui.proc_root = proc_root;

	if (ui_make_panes(&ui, names) == -1) {
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
	if ((ui.monitor = monitor_new(loop, host, conf->refresh_ms)) == NULL)
		goto out_term;
	/* Nothing is on screen yet, and the load has just read every GPU. */
	monitor_power_devices(ui.monitor, 0, 0);
	hostfacts_read(&ui.facts, host->sys, proc_root);
	host_listen(host, on_host_change, &ui);
	/*
	 * The devices a screen can show first, in full; then the rest, before
	 * any key or uevent is heard, and the frame again for the rows the
	 * first screen had in part (below hidden ones).  At 5000 devices the
	 * first frame comes in a third of the time.
	 */
	host_read_more(host, 0, (size_t)LINES, PCI_INFO_ALL);
	ui_show_pane(&ui, 0);
	ui_draw(&ui);
	host_read_more(host, (size_t)LINES, SIZE_MAX, PCI_INFO_ALL);
	ui_draw(&ui);
	r = loop_run(loop);
	host_listen(host, NULL, NULL);
	monitor_free(ui.monitor);
out_term:
	endwin();
	delscreen(ui.screen);
out:
	for (i = 0; i < (size_t)ui.npanes; i++)
		pane_free(ui.panes[i]);
	free(ui.panes);
	free(ui.tab_x);
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
