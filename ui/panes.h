/*
 * The panes the frame shows, in one table: adding a pane is its
 * constructor here and its line in panes.c.
 */
#ifndef VFIOTUI_PANES_H
#define VFIOTUI_PANES_H

#include <stddef.h>

#include "pane.h"

/*
 * The panes in the order of their tabs, the first shown first; digit N
 * shows the Nth.  Each constructor returns NULL when out of memory.
 */
extern struct pane	*(*const pane_table[])(const struct pane_ctx *);
extern const size_t	 pane_table_len;

/* The devices CONF hides are not shown. */
struct pane	*pane_iommu_new(const struct pane_ctx *);
/* CONF's net.conf, or its default path. */
struct pane	*pane_net_new(const struct pane_ctx *);
struct pane	*pane_guests_new(const struct pane_ctx *);
/*
 * The preflight checks (src/check/check.h) of HOST and the guests' Code 43
 * checklists, run again on r.
 */
struct pane	*pane_checks_new(const struct pane_ctx *);

#endif
