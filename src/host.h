/*
 * The host model: every PCI device of the machine and its IOMMU groups,
 * read from one sysfs root.  Devices are kept in the order a VFIO user
 * reads them: by group number (numerically), by address within a group,
 * and the devices without a group last.
 */
#ifndef VFIOTUI_HOST_H
#define VFIOTUI_HOST_H

#include <stddef.h>

#include "iommu.h"
#include "pci.h"

struct sysfs;

struct host {
	const struct sysfs	*sys;
	struct pci_dev_info	*devs;
	size_t			 ndevs;
	struct iommu_group	*groups;	/* by number; no "no group" entry */
	size_t			 ngroups;
	size_t			 nungrouped;	/* devices after the groups */
	int			 with_domains;	/* some device is not in 0000 */
};

/*
 * Reads every device under bus/pci/devices with the PCI_INFO_* fields of
 * WHAT.  Returns NULL with a message in err on failure.
 */
struct host	*host_load(const struct sysfs *, int what, char *err,
		    size_t errlen);
void		 host_free(struct host *);

/* The index of the device at ADDR, or -1. */
long	host_find(const struct host *, const struct pci_addr *);
/* The group that holds device index I, or NULL. */
const struct iommu_group	*host_group_of(const struct host *, size_t i);

#endif
