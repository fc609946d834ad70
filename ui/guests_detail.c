/*
 * The Guests pane's detail panel, under the list: the selected guest's
 * state and files, how it ended and its log's last lines, and its last
 * events, its log (l), or its Code 43 checklist (c).  What of it comes
 * from files is read by guests_detail_read() and drawn from what was
 * read: a draw reads no file, and one that cannot be read (a FIFO,
 * a slow disk) holds up the event that asked, not every frame.
 */
#include "config.h"

#include <curses.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "dialogs.h"
#include "draw.h"
#include "guest_list.h"
#include "guest_live.h"
#include "guests_pane.h"
#include "pane.h"
#include "profile.h"
#include "text.h"

/* "vfio-pci 0000:01:00.0 as 01:00.0, ...": what QEMU says it passes. */
static void
passed_text(const struct guest_live *gl, char *buf, size_t len)
{
	size_t	i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < gl->ndevs && used < len; i++)
		if (gl->devs[i].host[0] != '\0')
			used += (size_t)snprintf(buf + used, len - used,
			    "%s%s as %02x:%02x.%x", used ? ", " : "",
			    gl->devs[i].host, gl->devs[i].bus, gl->devs[i].slot,
			    gl->devs[i].function);
}

/*
 * Draws LINE from y, wrapped at spaces to the pane's width with its
 * continuation indented under the line's own indent plus two, the rows
 * before TOP or from END left out; returns the next y.  Nothing the
 * detail says is cut.
 */
static int
put_clipped(int y, int top, int end, const struct pane_rect *r,
    const char *line)
{
	const char	*p = line;
	char		 part[1024];
	int		 indent = (int)strspn(line, " ") + 2, first = 1, w;

	if (indent > r->w / 2)
		indent = 2;
	do {
		w = first ? r->w : r->w - indent;
		text_wrap(&p, w, part, sizeof part);
		if (y >= top && y < end) {
			if (!first)
				text_put(y, r->x, indent, "");
			text_put(y, first ? r->x : r->x + indent, w, part);
		}
		y++;
		first = 0;
	} while (*p != '\0');
	return y;
}

static int
put_line(int y, int end, const struct pane_rect *r, const char *line)
{
	return put_clipped(y, y, end, r, line);
}

static int
draw_events(const struct guest_live *gl, int y, int end,
    const struct pane_rect *r)
{
	char		line[256], when[16];
	size_t		i, first;
	struct tm	tm;
	time_t		t;

	y = put_line(y, end, r, gl->nevents ? "  Events:" :
	    "  Events: none yet");
	/* The newest that fit. */
	first = gl->nevents > (size_t)(end - y) ? gl->nevents -
	    (size_t)(end - y) : 0;
	for (i = first; i < gl->nevents; i++) {
		t = (time_t)gl->events[i].sec;
		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
		snprintf(line, sizeof line, "    %s %s %s", when,
		    gl->events[i].name, gl->events[i].detail);
		y = put_line(y, end, r, line);
	}
	return y;
}

/* The log's newest lines, wrapped, as many as fit. */
static void
draw_log(struct guests_pane *p, int y, int end, const struct pane_rect *r)
{
	char	buf[sizeof p->log], *line, *save, shown[1024];
	int	pass, at = 0;

	y = put_line(y, end, r, "  Log (l: back to the events):");
	if (!p->has_log) {
		put_line(y, end, r, "    (no log)");
		return;
	}
	/* Counted first, then drawn from so far up that its end fits. */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			at = at - y > end - y ? y - (at - end) : y;
		else
			at = y;
		memcpy(buf, p->log, sizeof buf);
		for (line = strtok_r(buf, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			snprintf(shown, sizeof shown, "    %s", line);
			at = put_clipped(at, pass == 1 ? y : INT_MAX, end, r,
			    shown);
		}
	}
}

/* Why QEMU went is often in its log's last lines. */
static int
draw_last_words(struct guests_pane *p, int y, int end,
    const struct pane_rect *r)
{
	char	buf[sizeof p->last_words], *line, *save, shown[512];

	if (p->last_words[0] == '\0')
		return y;
	memcpy(buf, p->last_words, sizeof buf);
	y = put_line(y, end, r, "  Its log's last lines (l: all of it):");
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		snprintf(shown, sizeof shown, "    %s", line);
		y = put_line(y, end, r, shown);
	}
	return y;
}

/* The selected guest's Code 43 checklist, as `vfiotui check GUEST` gives it. */
/* "Console: ..." and its last lines, as guest console would show them. */
static int
draw_console(struct guests_pane *p, int y, int end, const struct pane_rect *r)
{
	char	buf[sizeof p->console], *line, *save, shown[400];
	int	first = 1;

	memcpy(buf, p->console, sizeof buf);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		snprintf(shown, sizeof shown, "  %s %s", first ? "Console:" :
		    "        ", line);
		y = put_line(y, end, r, shown);
		first = 0;
	}
	return y;
}

static void
draw_checks(struct guests_pane *p, const struct guests_entry *e, int y,
    int end, const struct pane_rect *r)
{
	const struct check	*c;
	char			 line[1024];
	size_t			 i;

	y = put_line(y, end, r, "  Code 43 checklist (c: back to the "
	    "events):");
	if (e->attached) {
		put_line(y, end, r, "    an attached QEMU has no profile to "
		    "check");
		return;
	}
	if (p->checks_err[0] != '\0')
		y = put_line(y, end, r, p->checks_err);
	for (i = 0; i < p->checks.n; i++) {
		c = &p->checks.v[i];
		snprintf(line, sizeof line, "    %-4s  %s: %s",
		    check_level_word(c->level), c->name, c->why);
		attron(ui_check_attr(c->level));
		y = put_line(y, end, r, line);
		attroff(ui_check_attr(c->level));
		if (c->level == CHECK_OK || c->fix[0] == '\0')
			continue;
		snprintf(line, sizeof line, "          fix: %s", c->fix);
		y = put_line(y, end, r, line);
	}
}

/* Where a profile goes: the dir XDG_CONFIG_HOME moves, not a default. */
static void
draw_no_guests(int y, int end, const struct pane_rect *r)
{
	char	dir[PATH_MAX], why[256], line[PATH_MAX + 128];

	if (profile_dir(dir, sizeof dir, why, sizeof why) == 0)
		snprintf(line, sizeof line, "No guests: write a profile, "
		    "%s/NAME.conf, or press a to attach a QMP socket.", dir);
	else
		snprintf(line, sizeof line, "No guests (%s): press a to attach "
		    "a QMP socket.", why);
	put_line(y, end, r, line);
}

void
guests_detail_draw(struct guests_pane *p, int y, const struct pane_rect *r)
{
	const struct guests_entry	*e = guests_pane_selected(p, NULL);
	int				 end = r->y + r->h;
	char				 line[1024], state[256], passed[512];

	mvhline(y++, r->x, ACS_HLINE, r->w);
	if (e == NULL) {
		draw_no_guests(y, end, r);
		return;
	}
	guests_pane_state(e, state, sizeof state);
	snprintf(line, sizeof line, "%s: %s%s%s", e->name, state,
	    e->live && e->live->version[0] ? ", QEMU " : "",
	    e->live ? e->live->version : "");
	attron(A_BOLD);
	y = put_line(y, end, r, line);
	attroff(A_BOLD);
	if (e->profile_err[0] != '\0')
		y = put_line(y, end, r, e->profile_err);
	if (!e->attached) {
		snprintf(line, sizeof line, "  QMP: %.480s  log: %.480s "
		    "(and qemu.log)", e->paths.qmp, e->paths.log);
		y = put_line(y, end, r, line);
	}
	if (e->live != NULL && (passed_text(e->live, passed, sizeof passed),
	    passed[0] != '\0')) {
		snprintf(line, sizeof line, "  Passed: %s", passed);
		y = put_line(y, end, r, line);
	}
	if (guests_usb_line(p, e, line, sizeof line))
		y = put_line(y, end, r, line);
	if (e->phase == GUESTS_RUNNING && e->pinned[0] != '\0') {
		snprintf(line, sizeof line, "  Pinned: %.1000s", e->pinned);
		y = put_line(y, end, r, line);
	}
	if (guests_figures_line(e, line, sizeof line))
		y = put_line(y, end, r, line);
	if (e->phase == GUESTS_EXITED && e->pci[0] != '\0') {
		snprintf(line, sizeof line, "  Exited (%s): u gives %s back to "
		    "the host", e->exit_reason, e->pci);
		y = put_line(y, end, r, line);
	}
	if (e->note[0] != '\0') {
		snprintf(line, sizeof line, "  %s", e->note);
		y = put_line(y, end, r, line);
	}
	if (e->live != NULL && e->live->error[0] != '\0') {
		snprintf(line, sizeof line, "  QEMU refused %s",
		    e->live->error);
		y = put_line(y, end, r, line);
	}
	if (p->console[0] != '\0')
		y = draw_console(p, y, end, r);
	if (e->phase == GUESTS_EXITED && !p->show_log)
		y = draw_last_words(p, y, end, r);
	if (p->show_log)
		draw_log(p, y, end, r);
	else if (p->show_checks)
		draw_checks(p, e, y, end, r);
	else if (e->live != NULL)
		draw_events(e->live, y, end, r);
}

/*
 * Run when the view opens, another guest is selected, or the guests or
 * the host change (the caller forgets checks_for then); not for a key
 * that changes none of it, nor for the uptime's tick.
 */
static void
read_checks(struct guests_pane *p, const struct guests_entry *e)
{
	struct check_env	env = { .host = p->ctx.host,
				    .proc_root = p->ctx.proc_root,
				    .files_root = "", .names = p->ctx.names };

	if (strcmp(p->checks_for, e->name) == 0)
		return;
	p->checks_err[0] = '\0';
	if (check_guest_profile(&env, e->name, &p->checks, p->checks_err,
	    sizeof p->checks_err) == -1)
		p->checks.n = 0;
	snprintf(p->checks_for, sizeof p->checks_for, "%s", e->name);
}

/*
 * The last three lines the guest wrote to its serial console, from its
 * console.log (QEMU keeps it whether or not guest console is attached).
 */
static void
read_console(struct guests_pane *p, const struct guests_entry *e)
{
	char	 buf[4096], *line, *save, *lines[3] = { NULL };
	ssize_t	 n;
	off_t	 size;
	int	 fd, k = 0, i;

	p->console[0] = '\0';
	if (e->attached || (fd = open(e->paths.console, O_RDONLY | O_CLOEXEC |
	    O_NOFOLLOW | O_NONBLOCK)) == -1)
		return;
	size = lseek(fd, 0, SEEK_END);
	n = pread(fd, buf, sizeof buf - 1, size > (off_t)sizeof buf - 1 ?
	    size - (off_t)(sizeof buf - 1) : 0);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (line = strtok_r(buf, "\r\n", &save); line != NULL;
	    line = strtok_r(NULL, "\r\n", &save))
		lines[k++ % 3] = line;
	for (i = k > 3 ? k - 3 : 0; i < k; i++)
		snprintf(p->console + strlen(p->console), sizeof p->console -
		    strlen(p->console), "%s%.300s", p->console[0] ? "\n" : "",
		    lines[i % 3]);
}

void
guests_detail_read(struct guests_pane *p)
{
	size_t				 i;
	const struct guests_entry	*e = guests_pane_selected(p, &i);

	p->has_log = 0;
	p->log[0] = p->last_words[0] = p->console[0] = '\0';
	if (e == NULL || !p->shown)
		return;
	if (e->phase == GUESTS_RUNNING || e->phase == GUESTS_STOPPING ||
	    e->phase == GUESTS_EXITED)
		read_console(p, e);
	/*
	 * QEMU's log grows with no event to say so: a running guest's is
	 * read again with the uptime's tick, as often as it is drawn.
	 */
	if (p->show_log)
		p->has_log = guests_log_tail(p->guests, i, p->log,
		    sizeof p->log) != -1;
	else if (e->phase == GUESTS_EXITED &&
	    guests_log_lines(p->guests, i, 4, p->last_words,
	    sizeof p->last_words) == -1)
		p->last_words[0] = '\0';
	if (p->show_checks && !e->attached)
		read_checks(p, e);
	guests_usb_read(p, e);
}

/* Appends to TEXT of LEN bytes, *USED of which are taken. */
static void __attribute__((format(printf, 4, 5)))
add(char *text, size_t len, size_t *used, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (*used >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(text + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n;
}

/*
 * Enter: the selected guest's state, why it failed or ended, whole, and
 * its log's last lines, in the frame's scrollable overlay.
 */
void
guests_detail_overlay(struct guests_pane *p)
{
	size_t				 i;
	const struct guests_entry	*e = guests_pane_selected(p, &i);
	static char			 text[16384];
	char				 title[512], state[256], log[8192];
	size_t				 used = 0, len = sizeof text;

	if (e == NULL)
		return;
	guests_pane_state(e, state, sizeof state);
	snprintf(title, sizeof title, "%s: %s", e->name, state);
	text[0] = '\0';
	if (e->profile_err[0] != '\0')
		add(text, len, &used, "%s\n", e->profile_err);
	if (e->phase == GUESTS_EXITED)
		add(text, len, &used, "QEMU ended: %s\n", e->exit_reason);
	if (e->note[0] != '\0')
		add(text, len, &used, "%s\n", e->note);
	if (e->live != NULL && e->live->error[0] != '\0')
		add(text, len, &used, "QEMU refused %s\n", e->live->error);
	if (guests_log_lines(p->guests, i, 40, log, sizeof log) ==
	    -1)
		add(text, len, &used, "\n(no log)\n");
	else
		add(text, len, &used, "\nIts log's last lines:\n%s",
		    log[0] != '\0' ? log : "(empty)\n");
	ui_overlay(p->ctx.ui, title, text);
}
