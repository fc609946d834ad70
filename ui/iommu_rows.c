/*
 * The IOMMU pane's rows: the groups and devices that are shown, which the
 * user config's hidden devices and the '/' filter leave out.  A group's
 * heading shows while one of its devices does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogs.h"
#include "host.h"
#include "iommu_pane.h"
#include "listview.h"
#include "pcinames.h"
#include "text.h"
#include "userconf.h"

/* The filter looks at what the row shows: address, names, driver. */
static int
matches(const struct iommu_pane *p, const struct pci_dev_info *d)
{
	char	buf[256];

	if (p->filter[0] == '\0')
		return 1;
	pci_addr_format_slot(&d->addr, p->ctx.host->with_domains, buf);
	if (text_contains(buf, p->filter) ||
	    text_contains(d->driver, p->filter) ||
	    text_contains(d->driver_override, p->filter))
		return 1;
	if (text_contains(pcinames_class_plain(p->ctx.names, d, buf,
	    sizeof buf),
	    p->filter))
		return 1;
	return text_contains(pcinames_device_plain(p->ctx.names, d, buf,
	    sizeof buf), p->filter);
}

int
iommu_dev_shown(const struct iommu_pane *p, size_t i)
{
	const struct pci_dev_info	*d = &p->ctx.host->devs[i];

	return !(p->ctx.conf != NULL && userconf_hides(p->ctx.conf, d)) &&
	    matches(p, d);
}

/* The rows of one group (G NULL: the ungrouped devices), heading first. */
static void
add_group(struct iommu_pane *p, const struct iommu_group *g)
{
	const struct host	*host = p->ctx.host;
	size_t			 first = g ? g->first :
				    host->ndevs - host->nungrouped;
	size_t			 count = g ? g->count : host->nungrouped, i;
	size_t			 heading = p->nrows;
	long			 gi = g ? (long)(g - host->groups) : -1;

	p->rows[p->nrows].dev = -1;
	p->rows[p->nrows++].group = gi;
	for (i = first; i < first + count; i++)
		if (iommu_dev_shown(p, i)) {
			p->rows[p->nrows].dev = (long)i;
			p->rows[p->nrows++].group = gi;
		}
	if (p->nrows == heading + 1)
		p->nrows = heading;	/* nothing shown: no heading */
}

int
iommu_build_rows(struct iommu_pane *p)
{
	const struct host	*host = p->ctx.host;
	struct iommu_row	*rows;
	size_t			 gi, i;

	rows = realloc(p->rows, (host->ndevs + host->ngroups + 1) *
	    sizeof *rows);
	if (rows == NULL)
		return -1;
	p->rows = rows;
	p->nrows = 0;
	for (gi = 0; gi < host->ngroups; gi++)
		add_group(p, &host->groups[gi]);
	if (host->nungrouped > 0)
		add_group(p, NULL);
	listview_set_rows(&p->lv, p->nrows);
	p->nshown = 0;
	for (i = 0; i < p->nrows; i++)
		p->nshown += p->rows[i].dev != -1;
	/* The cursor stays on a device that is shown. */
	if (p->nshown > 0 && !iommu_dev_shown(p, p->cursor))
		for (i = 0; i < p->nrows; i++)
			if (p->rows[i].dev != -1) {
				p->cursor = (size_t)p->rows[i].dev;
				p->cursor_addr = host->devs[p->cursor].addr;
				break;
			}
	return 0;
}

size_t
iommu_row_of_cursor(const struct iommu_pane *p)
{
	size_t	i;

	for (i = 0; i < p->nrows; i++)
		if (p->rows[i].dev == (long)p->cursor)
			return i;
	return 0;
}

static int
row_matches(size_t row, void *arg)
{
	struct iommu_pane	*p = arg;

	return p->rows[row].dev != -1 &&
	    matches(p, &p->ctx.host->devs[p->rows[row].dev]);
}

void
iommu_find(struct iommu_pane *p, int dir)
{
	size_t	row = iommu_row_of_cursor(p);

	if (p->filter[0] == '\0') {
		ui_message(p->ctx.ui,
		    "IOMMU: no filter: / sets what n and N look "
		    "for");
		return;
	}
	if (!listview_find(&row, p->nrows, dir, row_matches, p)) {
		ui_message(p->ctx.ui, "IOMMU: no device matches '%s'",
		    p->filter);
		return;
	}
	p->cursor = (size_t)p->rows[row].dev;
	p->cursor_addr = p->ctx.host->devs[p->cursor].addr;
}

/* The movement keys over the devices shown; 1 when ACTION was one. */
int
iommu_move(struct iommu_pane *p, enum ui_action action, size_t page)
{
	size_t	i, k = 0, at = 0;

	if (p->nshown == 0)
		return action >= ACT_UP && action <= ACT_END;
	for (i = 0; i < p->nrows; i++)
		if (p->rows[i].dev != -1 && p->rows[i].dev == (long)p->cursor)
			at = k++;
		else if (p->rows[i].dev != -1)
			k++;
	if (!listview_move_cursor(action, &at, p->nshown - 1, page))
		return 0;
	for (i = 0, k = 0; i < p->nrows; i++)
		if (p->rows[i].dev != -1 && k++ == at) {
			p->cursor = (size_t)p->rows[i].dev;
			p->cursor_addr = p->ctx.host->devs[p->cursor].addr;
		}
	return 1;
}

static void
set_filter(const char *text, void *arg)
{
	struct iommu_pane	*p = arg;

	snprintf(p->filter, sizeof p->filter, "%s", text);
	iommu_build_rows(p);
	if (p->filter[0] != '\0')
		ui_message(p->ctx.ui,
		    "filter '%s': %zu device%s (Esc clears it)",
		    p->filter, p->nshown, p->nshown == 1 ? "" : "s");
}

void
iommu_ask_filter(struct iommu_pane *p)
{
	ui_prompt(p->ctx.ui, "Show the devices whose address, class, name or "
	    "driver holds:", set_filter, p);
}

void
iommu_clear_filter(struct iommu_pane *p)
{
	if (p->filter[0] == '\0') {
		ui_message(p->ctx.ui, "no filter to clear (/ sets one)");
		return;
	}
	p->filter[0] = '\0';
	iommu_build_rows(p);
	ui_message(p->ctx.ui, "filter cleared: every device shows");
}
