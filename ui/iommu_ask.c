/*
 * What the IOMMU pane asks before it acts, and the acting: runtime PM of a
 * device, the marks, and its group back from vfio-pci (b's plan, before
 * the group goes to vfio-pci, is bind_ask.c's).  The work is src/'s
 * (host, bind, through ui_binding); this file words the questions.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "dialogs.h"
#include "host.h"
#include "iommu_pane.h"

static void
do_power_control(void *arg)
{
	struct iommu_pane	*p = arg;
	char			 slot[PCI_ADDR_LEN];
	long			 i = host_find(p->ctx.host, &p->pending);
	int			 r;

	pci_addr_format_slot(&p->pending, p->ctx.host->with_domains, slot);
	if (i == -1) {
		ui_message(p->ctx.ui, "%s is gone; nothing changed", slot);
		return;
	}
	r = host_set_power_control(p->ctx.host, (size_t)i, p->pending_value);
	if (r < 0)
		ui_message(p->ctx.ui, "%s: cannot write power/control: %s%s",
		    slot,
		    strerror(-r), r == -EACCES || r == -EPERM ?
		    " (needs root)" : "");
	else
		ui_message(p->ctx.ui, "%s: power/control is now %s", slot,
		    p->pending_value);
}

void
iommu_ask_power_control(struct iommu_pane *p)
{
	const struct pci_dev_info	*d = &p->ctx.host->devs[p->cursor];
	char				 slot[PCI_ADDR_LEN], text[256];
	int				 to_auto;

	to_auto = strcmp(d->power_control, "auto") != 0;
	p->pending = d->addr;
	snprintf(p->pending_value, sizeof p->pending_value, "%s",
	    to_auto ? "auto" : "on");
	pci_addr_format_slot(&d->addr, p->ctx.host->with_domains, slot);
	snprintf(text, sizeof text, "Set power/control of %s to %s? %s", slot,
	    p->pending_value, to_auto ? "Runtime PM may then suspend it." :
	    "It will be kept awake.");
	ui_confirm(p->ctx.ui, text, do_power_control, p);
}

static void
do_unbind(void *arg)
{
	struct iommu_pane	*p = arg;
	struct ui_bind_job	 job = { .host = p->ctx.host,
				    .proc_root = p->ctx.proc_root,
				    .addr = p->pending };

	ui_binding_start(p->ctx.ui, &job, 1, 0, NULL, NULL);
}

/*
 * What the change moves: "01:00.0 nvidia, 01:00.1 snd_hda_intel" from their
 * drivers for bind, "01:00.0, 01:00.1" off vfio-pci for unbind.
 */
static void
group_moves(struct iommu_pane *p, const struct iommu_group *g, int bind,
    char *buf, size_t len)
{
	char	slot[PCI_ADDR_LEN];
	size_t	i, used = 0;

	buf[0] = '\0';
	for (i = g->first; i < g->first + g->count && used < len; i++) {
		const struct pci_dev_info *d = &p->ctx.host->devs[i];
		int on_vfio = strcmp(d->driver, "vfio-pci") == 0;

		if (pci_dev_is_bridge(d) || on_vfio == bind)
			continue;
		pci_addr_format_slot(&d->addr, p->ctx.host->with_domains, slot);
		used += (size_t)snprintf(buf + used, len - used, "%s%s%s%s",
		    used ? ", " : "", slot, bind ? " " : "", !bind ? "" :
		    d->driver[0] ? d->driver : "(no driver)");
	}
}

int
iommu_is_marked(const struct iommu_pane *p, int n)
{
	size_t	i;

	for (i = 0; i < p->nmarks; i++)
		if (p->marks[i] == n)
			return 1;
	return 0;
}

void
iommu_toggle_mark(struct iommu_pane *p)
{
	const struct iommu_group	*g = host_group_of(p->ctx.host,
	    p->cursor);
	size_t				 i;

	if (g == NULL) {
		ui_message(p->ctx.ui,
		    "no IOMMU group to mark: VFIO cannot take "
		    "this device");
		return;
	}
	for (i = 0; i < p->nmarks; i++)
		if (p->marks[i] == g->number) {
			p->marks[i] = p->marks[--p->nmarks];
			ui_message(p->ctx.ui, "group %d unmarked; %zu marked",
			    g->number, p->nmarks);
			return;
		}
	if (p->nmarks == MAX_MARKS) {
		ui_message(p->ctx.ui, "%d groups are marked already",
		    MAX_MARKS);
		return;
	}
	p->marks[p->nmarks++] = g->number;
	ui_message(p->ctx.ui, "group %d marked; b or u act on the %zu marked",
	    g->number, p->nmarks);
}

static const struct iommu_group *
group_by_number(const struct host *host, int n)
{
	size_t	i;

	for (i = 0; i < host->ngroups; i++)
		if (host->groups[i].number == n)
			return &host->groups[i];
	return NULL;
}

/* u: each marked group in turn; each one's outcome goes to the log. */
static void
do_unbind_marked(void *arg)
{
	struct iommu_pane		*p = arg;
	struct ui_bind_job		 jobs[MAX_MARKS];
	const struct iommu_group	*g;
	size_t				 i, n = 0;

	for (i = 0; i < p->nmarks; i++) {
		if ((g = group_by_number(p->ctx.host, p->marks[i])) == NULL) {
			ui_message(p->ctx.ui, "IOMMU group %d is gone",
			    p->marks[i]);
			continue;
		}
		jobs[n++] = (struct ui_bind_job){ .host = p->ctx.host,
		    .proc_root = p->ctx.proc_root,
		    .addr = p->ctx.host->devs[g->first].addr };
	}
	ui_binding_start(p->ctx.ui, jobs, n, 1, NULL, NULL);
	p->nmarks = 0;
}

/* The marked groups: b's plan, or u's question. */
static void
ask_marked(struct iommu_pane *p, int bind)
{
	const struct iommu_group	*g;
	struct pci_addr			 addrs[MAX_MARKS];
	char				 moves[512], text[1024];
	size_t				 i, n = 0, used;

	for (i = 0; i < p->nmarks; i++)
		if ((g = group_by_number(p->ctx.host, p->marks[i])) != NULL)
			addrs[n++] = p->ctx.host->devs[g->first].addr;
	if (bind) {
		iommu_ask_bind_plan(p, addrs, n);
		return;
	}
	used = (size_t)snprintf(text, sizeof text, "Give the marked IOMMU "
	    "groups back to the host?");
	for (i = 0; i < p->nmarks && used < sizeof text; i++) {
		if ((g = group_by_number(p->ctx.host, p->marks[i])) == NULL)
			continue;
		group_moves(p, g, bind, moves, sizeof moves);
		used += (size_t)snprintf(text + used, sizeof text - used,
		    " Group %d: %s.", g->number, moves[0] ? moves :
		    "nothing to move");
	}
	ui_confirm(p->ctx.ui, text, do_unbind_marked, p);
}

void
iommu_ask_binding(struct iommu_pane *p, int bind)
{
	const struct pci_dev_info	*d = &p->ctx.host->devs[p->cursor];
	const struct iommu_group	*g = host_group_of(p->ctx.host,
	    p->cursor);
	char				 moves[512], text[768];
	char				 slot[PCI_ADDR_LEN];

	/* Asked now, the question would be of a group still moving. */
	if (ui_binding_busy()) {
		ui_message(p->ctx.ui,
		    "a bind is under way: wait for it to end");
		return;
	}
	if (p->nmarks > 0) {
		ask_marked(p, bind);
		return;
	}
	pci_addr_format_slot(&d->addr, p->ctx.host->with_domains, slot);
	if (g == NULL) {
		ui_message(p->ctx.ui,
		    "%s has no IOMMU group: VFIO cannot take it",
		    slot);
		return;
	}
	group_moves(p, g, bind, moves, sizeof moves);
	if (moves[0] == '\0') {
		ui_message(p->ctx.ui, "IOMMU group %d: %s", g->number, bind ?
		    "every device is on vfio-pci already" :
		    "no device is on vfio-pci");
		return;
	}
	if (bind) {
		iommu_ask_bind_plan(p, &d->addr, 1);
		return;
	}
	p->pending = d->addr;
	snprintf(text, sizeof text, "Give IOMMU group %d back to the host? "
	    "vfio-pci lets go of %s.", g->number, moves);
	ui_confirm(p->ctx.ui, text, do_unbind, p);
}
