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
struct loop;
struct pcinames;
struct ui;
struct userconf;

/* What every pane is made from; each keeps a copy. */
struct pane_ctx {
	struct ui		*ui;
	struct loop		*loop;
	struct host		*host;
	struct pcinames		*names;
	const char		*proc_root;
	const struct userconf	*conf;
};

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
	/*
	 * What the keys would do to the selected row (optional): the
	 * status bar's context help, after the status where it fits.
	 */
	void	(*hint)(struct pane *, char *buf, size_t len);
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
	/*
	 * The devices the last draw showed (optional), as indexes into
	 * host->devs from *FIRST to *END - 1: only their power is read.
	 */
	void	(*shown_devices)(struct pane *, size_t *first, size_t *end);
};

struct pane {
	const char		*title;
	const struct pane_ops	*ops;
	/* the pane's own state; freed with it */
	void			*data;
};

/* A pane that owns DATA (freed with free()); NULL, DATA freed, on failure. */
struct pane	*pane_new(const char *title, const struct pane_ops *,
		    void *data);
void		 pane_free(struct pane *);

#endif
