/*
 * What the IOMMU pane asks before it acts, and the acting: runtime PM of a
 * device, and its group to vfio-pci and back.  The work is src/'s (host,
 * bind, through ui_binding); this file words the questions.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "iommu_pane.h"
#include "pane.h"

static void
do_power_control(void *arg)
{
	struct iommu_pane	*p = arg;
	char			 slot[PCI_ADDR_LEN];
	long			 i = host_find(p->host, &p->pending);
	int			 r;

	pci_addr_format_slot(&p->pending, p->host->with_domains, slot);
	if (i == -1) {
		ui_message(p->ui, "%s is gone; nothing changed", slot);
		return;
	}
	r = host_set_power_control(p->host, (size_t)i, p->pending_value);
	if (r < 0)
		ui_message(p->ui, "%s: cannot write power/control: %s%s", slot,
		    strerror(-r), r == -EACCES || r == -EPERM ?
		    " (needs root)" : "");
	else
		ui_message(p->ui, "%s: power/control is now %s", slot,
		    p->pending_value);
}

void
iommu_ask_power_control(struct iommu_pane *p)
{
	const struct pci_dev_info	*d = &p->host->devs[p->cursor];
	char				 slot[PCI_ADDR_LEN], text[256];
	int				 to_auto;

	to_auto = strcmp(d->power_control, "auto") != 0;
	p->pending = d->addr;
	snprintf(p->pending_value, sizeof p->pending_value, "%s",
	    to_auto ? "auto" : "on");
	pci_addr_format_slot(&d->addr, p->host->with_domains, slot);
	snprintf(text, sizeof text, "Set power/control of %s to %s? %s", slot,
	    p->pending_value, to_auto ? "Runtime PM may then suspend it." :
	    "It will be kept awake.");
	ui_confirm(p->ui, text, do_power_control, p);
}

static void
do_bind(void *arg)
{
	struct iommu_pane	*p = arg;

	ui_binding(p->ui, p->host, p->proc_root, &p->pending, 1);
}

static void
do_unbind(void *arg)
{
	struct iommu_pane	*p = arg;

	ui_binding(p->ui, p->host, p->proc_root, &p->pending, 0);
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
		const struct pci_dev_info *d = &p->host->devs[i];
		int on_vfio = strcmp(d->driver, "vfio-pci") == 0;

		if (pci_dev_is_bridge(d) || on_vfio == bind)
			continue;
		pci_addr_format_slot(&d->addr, p->host->with_domains, slot);
		used += (size_t)snprintf(buf + used, len - used, "%s%s%s%s",
		    used ? ", " : "", slot, bind ? " " : "", !bind ? "" :
		    d->driver[0] ? d->driver : "(no driver)");
	}
}

void
iommu_ask_binding(struct iommu_pane *p, int bind)
{
	const struct pci_dev_info	*d = &p->host->devs[p->cursor];
	const struct iommu_group	*g = host_group_of(p->host, p->cursor);
	char				 moves[512], text[768], slot[PCI_ADDR_LEN];

	pci_addr_format_slot(&d->addr, p->host->with_domains, slot);
	if (g == NULL) {
		ui_message(p->ui, "%s has no IOMMU group: VFIO cannot take it",
		    slot);
		return;
	}
	group_moves(p, g, bind, moves, sizeof moves);
	if (moves[0] == '\0') {
		ui_message(p->ui, "IOMMU group %d: %s", g->number, bind ?
		    "every device is on vfio-pci already" :
		    "no device is on vfio-pci");
		return;
	}
	p->pending = d->addr;
	snprintf(text, sizeof text, bind ? "Give IOMMU group %d to vfio-pci? "
	    "It takes %s." : "Give IOMMU group %d back to the host? vfio-pci "
	    "lets go of %s.", g->number, moves);
	ui_confirm(p->ui, text, bind ? do_bind : do_unbind, p);
}
