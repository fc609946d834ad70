/*
 * The Guests pane's state, shared by the file that draws its list
 * (pane_guests.c), the one that builds its rows (guests_rows.c), the one
 * that draws the selected guest's detail
 * (guests_detail.c), the one that asks and acts for it (guests_ask.c)
 * and the one of its new guest's form (guests_new.c).
 */
#ifndef VFIOTUI_GUESTS_PANE_H
#define VFIOTUI_GUESTS_PANE_H

#include <limits.h>
#include <stddef.h>

#include "check.h"
#include "guest_list.h"
#include "keys.h"
#include "listview.h"
#include "netcfg.h"
#include "pane.h"
#include "pci.h"

struct guests;
struct guests_entry;
struct guests_snapshots;
struct guests_usb;
struct host;
struct loop;
struct loop_timer;
struct pane_rect;
struct pcinames;
struct ui;
struct userconf;
struct vde_op;

#define GUESTS_BUSY_MAX	32

/* Since when a guest is in a phase that is an action in progress. */
struct guests_busy_since {
	char			name[108];
	enum guests_phase	phase;
	long long		since_ms;
};

/* guests_busy.c's: what is in progress. */
struct guests_busy {
	struct guests_busy_since v[GUESTS_BUSY_MAX];
	size_t		 n;
	char		 pause_for[108];	/* a stop or cont sent */
	char		 pause_want[16];	/* the status it asks for */
	char		 told_for[108];	/* the guest of the result shown */
	char		 told_state[256];	/* its state then */
	char		 told[1024];	/* the result, while it holds */
};

/* guests_screenshot.c's: the screendump asked for, until QEMU answers. */
struct guests_shot {
	struct guests_pane	*p;
	char			 name[108];
	char			 file[PATH_MAX];
	int			 asked;
};

struct guests_pane {
	struct pane_ctx	 ctx;		/* what it was made from */
	struct pane	*pane;		/* its own, for ui_pane_changed() */
	struct guests	*guests;
	struct loop_timer *tick;	/* uptimes, while shown and running */
	int		 shown;
	size_t		*rows;		/* the guests shown, by model index */
	struct listview	 lv;		/* over rows, at the last draw */
	char		 cursor_name[108];	/* its guest, across builds */
	int		 show_log;
	char		 filter[64];	/* "": every guest; else by name */
	int		 by_state;	/* o: running ones first */
	int		 show_checks;	/* the Code 43 checklist (c) */
	/* What the detail shows from files, as guests_detail_read() read it. */
	char		 log[8192];	/* the log's tail, for l */
	int		 has_log;	/* an attached socket has none */
	char		 last_words[2048];	/* an exited guest's last */
	char		 console[1024];	/* the serial console's last lines */
	struct check_list checks;	/* of checks_for */
	char		 checks_for[108];	/* "": to be run again */
	char		 checks_err[512];	/* its profile's error */
	char		 pending[108];	/* the guest a dialog asks about */
	struct pci_addr	 pending_addr;
	struct netcfg	 net_cfg;	/* of net_op */
	struct vde_op	*net_op;	/* the network started for pending */
	struct guests_busy busy;
	struct guests_usb *usb;		/* U's (guests_usb.c); NULL at first */
	struct guests_snapshots *snapshots;	/* S's; NULL at first */
	struct guests_shot shot;	/* P's */
};

/*
 * Builds the rows again (guests_rows.c): the guests the filter keeps, in
 * the order shown, after a change of the list, a state, the filter or
 * the order.  The cursor stays on its guest: 1; 0 when it is not among
 * them, the cursor at its place; -1: no memory, no rows.
 */
int	guests_rows_build(struct guests_pane *);
/*
 * The cursor goes to guest NAME: now if it is shown, else at the next
 * build that shows it, unless a build without it comes first.
 */
void	guests_rows_follow(struct guests_pane *, const char *name);
/*
 * The guest under the cursor and, unless INDEX is NULL, its index in the
 * model; NULL when no guest is shown.
 */
const struct guests_entry *guests_pane_selected(const struct guests_pane *,
	    size_t *index);
/* The run state as QMP names it, or where vfiotui is with the guest. */
void	guests_pane_state(const struct guests_entry *, char *buf, size_t len);
/*
 * Reads again what the detail shows from files: after a change of the
 * guests, the selection or the view, and with the uptime's tick.
 */
void	guests_detail_read(struct guests_pane *);
/* The selected guest's detail, from row Y to the bottom of R. */
void	guests_detail_draw(struct guests_pane *, int y,
	    const struct pane_rect *r);
/* Enter: the selected guest's reasons and log's tail, scrollable. */
void	guests_detail_overlay(struct guests_pane *);
/* The index of the guest a dialog asked about, or -1 when it is gone. */
long	guests_pane_pending(struct guests_pane *);
/* s, x, p, R, K, a, u: ask where it matters, then act. */
void	guests_pane_act(struct guests_pane *, enum ui_action);
/* +: the form of a new guest, its profile written from this machine. */
void	guests_new_form(struct guests_pane *);

/*
 * Notes what is in progress now (after every change of the guests or an
 * action), and says the result of one that ended (a start, a pause)
 * unless SAID, the model's line with the change, is about its guest.
 */
void		guests_busy_update(struct guests_pane *, const char *said);
/*
 * Shows TEXT, a result about E, on the status bar for as long as E's
 * state is the one it had then.
 */
void		guests_busy_told(struct guests_pane *,
		    const struct guests_entry *, const char *text);
/* Whether anything is in progress: the tick runs then. */
int		guests_busy_any(const struct guests_pane *);
/* A stop or cont was sent to NAME: WANT is the status it asks for. */
void		guests_busy_pause(struct guests_pane *, const char *name,
		    const char *want);
/* How long E's action has been going on, in s; -1 when none is. */
long long	guests_busy_secs(struct guests_pane *,
		    const struct guests_entry *);
/* "NAME: starting QEMU 3s | " for each, for the status bar. */
void		guests_busy_status(struct guests_pane *, char *buf,
		    size_t len);

/* U: the host's USB devices, to attach to E or detach (guests_usb.c). */
void	guests_usb_open(struct guests_pane *, const struct guests_entry *);
/* The detail's line of E's USB devices, as U last heard: 0 if unknown. */
int	guests_usb_line(struct guests_pane *, const struct guests_entry *,
	    char *buf, size_t len);
/* Asks E's QEMU for its USB devices, for the detail, unless it was. */
void	guests_usb_read(struct guests_pane *, const struct guests_entry *);
/* "NAME: attaching WHAT | " while an attach or a detach runs, else "". */
void	guests_usb_status(struct guests_pane *, char *buf, size_t len);
void	guests_usb_free(struct guests_pane *);
/* S: E's snapshots, to take, load or delete (guests_snapshot.c). */
void	guests_snapshot_open(struct guests_pane *,
	    const struct guests_entry *);
/* "NAME: snapshot TAG: saving: 40% | " while a job runs, else "". */
void	guests_snapshot_status(struct guests_pane *, char *buf, size_t len);
void	guests_snapshot_free(struct guests_pane *);
/* P: E's screen as a PNG, in a file the user names (guests_screenshot.c). */
void	guests_screenshot_ask(struct guests_pane *,
	    const struct guests_entry *);
/*
 * What E costs, as its QEMU last answered (guests_figures.c): its vCPUs'
 * CPU summed, "250%", for the list; "" while it has none to show.
 */
void	guests_figures_cpu(const struct guests_entry *, char *buf,
	    size_t len);
/* The detail's line of E's figures: 0 while it has none to show. */
int	guests_figures_line(const struct guests_entry *, char *buf,
	    size_t len);

#endif
