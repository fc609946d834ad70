/*
 * The pane table: which panes the dashboard has and in what order.
 */
#include "config.h"

#include <stddef.h>

#include "panes.h"

struct pane	*(*const pane_table[])(const struct pane_ctx *) = {
	pane_iommu_new,
	pane_net_new,
	pane_guests_new,
	pane_checks_new,
};

const size_t	 pane_table_len = sizeof pane_table / sizeof pane_table[0];
