/*
 * What the IOMMU pane asks before it acts, and the acting: runtime PM of a
 * device, and its group to vfio-pci and back.  The work is src/'s (host,
 * bind); this file words the questions and shows the outcome.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "exitcode.h"
#include "host.h"
#include "iommu_pane.h"
#include "journal.h"
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

/*
 * Runs bind or unbind on the pending device, its words caught in memory,
 * and shows the line that matters: the result, or the first error.
 */
static void
run_binding(struct iommu_pane *p, int bind)
{
	struct bind_opts	 opts = { .proc_root = p->proc_root };
	char			 jdir[4096], err[256], *out_text = NULL;
	char			*err_text = NULL, *line;
	size_t			 out_len, err_len;
	int			 r = EXIT_FAILED;

	if (journal_dir(jdir, sizeof jdir, err, sizeof err) == -1) {
		ui_message(p->ui, "%s", err);
		return;
	}
	opts.journal_dir = jdir;
	opts.out = open_memstream(&out_text, &out_len);
	opts.err = open_memstream(&err_text, &err_len);
	if (opts.out != NULL && opts.err != NULL)
		r = bind ? bind_group(p->host, &p->pending, &opts) :
		    unbind_group(p->host, &p->pending, &opts);
	if (opts.out != NULL)
		fclose(opts.out);
	if (opts.err != NULL)
		fclose(opts.err);
	if (r == EXIT_OK && out_text != NULL) {
		/* The last line says where the group now stands. */
		while (out_len > 0 && out_text[out_len - 1] == '\n')
			out_text[--out_len] = '\0';
		line = strrchr(out_text, '\n');
		ui_message(p->ui, "%s", line ? line + 1 : out_text);
	} else if (err_text != NULL && err_text[0] != '\0') {
		err_text[strcspn(err_text, "\n")] = '\0';
		ui_message(p->ui, "%s", strncmp(err_text, "vfiotui: ", 9) ?
		    err_text : err_text + 9);
	} else
		ui_message(p->ui, "%s failed", bind ? "bind" : "unbind");
	free(out_text);
	free(err_text);
}

static void
do_bind(void *arg)
{
	run_binding(arg, 1);
}

static void
do_unbind(void *arg)
{
	run_binding(arg, 0);
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
