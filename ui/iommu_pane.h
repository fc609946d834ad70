/*
 * The IOMMU pane's state, shared by the file that draws it (pane_iommu.c)
 * and the one that asks and acts for it (iommu_ask.c).
 */
#ifndef VFIOTUI_IOMMU_PANE_H
#define VFIOTUI_IOMMU_PANE_H

#include <stddef.h>

#include "pci.h"

struct host;
struct pcinames;
struct ui;

#define MAX_FLASHES	64

/* A device that changed a moment ago, marked until UNTIL. */
struct flash {
	struct pci_addr	addr;
	long long	until;
};

struct iommu_pane {
	struct ui	*ui;
	struct host	*host;
	struct pcinames	*names;
	size_t		 cursor;	/* index into host->devs */
	struct pci_addr	 cursor_addr;	/* what it points at, across changes */
	size_t		 top;		/* first row shown */
	int		 list_h;	/* rows of the list at the last draw */
	struct flash	 flashes[MAX_FLASHES];
	size_t		 nflashes;
	struct pci_addr	 pending;	/* the device a dialog asks about */
	char		 pending_value[8];
	const char	*proc_root;
};

/* p: ask, then set power/control of the selected device. */
void	iommu_ask_power_control(struct iommu_pane *);
/* b and u: ask, then give the selected device's group to vfio-pci or back. */
void	iommu_ask_binding(struct iommu_pane *, int bind);

#endif
