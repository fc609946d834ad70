/*
 * A pane: one screenful that draws part of the model in the rectangle the
 * frame gives it and handles the actions the frame does not.
 */
#ifndef VFIOTUI_PANE_H
#define VFIOTUI_PANE_H

#include <stddef.h>

#include "keys.h"

struct host;
struct host_change;
struct pci_addr;
struct ui;

struct pane_rect {
	int	y, x;
	int	h, w;
};

struct pane;

/* What a pane does; each pane file has one static const table of these. */
struct pane_ops {
	void	(*draw)(struct pane *, const struct pane_rect *);
	void	(*action)(struct pane *, enum ui_action);
	/* One line for the status bar: counts, the selection. */
	void	(*status)(struct pane *, char *buf, size_t len);
	/* The model changed (optional): note it, keep the selection. */
	void	(*changed)(struct pane *, const struct host_change *);
	/* The pane came on screen (ON) or left it (optional). */
	void	(*shown)(struct pane *, int on);
	/* A click on row Y of the pane's rectangle (optional). */
	void	(*click)(struct pane *, int y);
	/* Releases what the pane's data holds (optional), before free(). */
	void	(*free)(void *data);
	/*
	 * The pane shows GPU power, which is read on a timer only while such
	 * a pane is on screen (src/host/udev_monitor.h).
	 */
	int	shows_power;
};

struct pane {
	const char		*title;
	const struct pane_ops	*ops;
	void			*data;	/* the pane's own state; freed with it */
};

/*
 * Moves *CURSOR in a list of LAST + 1 rows for the movement keys (a page
 * is PAGE rows).  Returns 1 when ACTION was one of them, 0 otherwise.
 */
int	pane_move_cursor(enum ui_action, size_t *cursor, size_t last,
	    size_t page);

/* A pane that owns DATA (freed with free()); NULL, DATA freed, on failure. */
struct pane	*pane_new(const char *title, const struct pane_ops *,
		    void *data);
void		 pane_free(struct pane *);

/* Colours, which the frame turns into plain attributes on a mono screen. */
enum ui_color {
	UI_COLOR_GOOD = 1,	/* viable, vfio-pci */
	UI_COLOR_WARN,		/* not viable, asleep */
	UI_COLOR_HEADING,	/* group headings, column titles */
	UI_COLOR_BAD,		/* a failed check */
};

/* The attribute for COLOR: a colour pair, or bold where there is none. */
int	ui_color(enum ui_color);
/* The attribute of a check's level (an enum check_level): its colour. */
int	ui_check_attr(int level);

/* How long a changed row stays marked. */
#define UI_FLASH_MS	2000

/* Asks "TEXT (y/n)" in a dialog; calls FN(ARG) on y, nothing otherwise. */
void	ui_confirm(struct ui *, const char *text, void (*fn)(void *),
	    void *arg);
/*
 * Asks QUESTION and reads a line in a dialog: FN(TEXT, ARG) on Enter,
 * nothing on Escape.
 */
void	ui_prompt(struct ui *, const char *question,
	    void (*fn)(const char *, void *), void *arg);
/* Draws the screen again: the model changed outside a key or a uevent. */
void	ui_redraw(struct ui *);
/*
 * Gives the IOMMU group of ADDR to vfio-pci (BIND) or back, and says how
 * it went in the status bar; an EXIT_* code.
 */
int	ui_binding(struct ui *, struct host *, const char *proc_root,
	    const struct pci_addr *, int bind);
/*
 * Shows TEXT ('\n' between lines) over the pane until a key, under TITLE;
 * TEXT NULL shows the log of messages.
 */
void	ui_overlay(struct ui *, const char *title, const char *text);
/*
 * Says in the log line that ACTION means nothing in pane TITLE, so that no
 * key does nothing silently; the movement keys are left quiet.
 */
void	ui_unsupported(struct ui *, const char *title, enum ui_action);
/* Logs a line and shows it in the status bar until the next key. */
void	ui_message(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Milliseconds on the monotonic clock, for flashes. */
long long	ui_now_ms(void);


#endif
