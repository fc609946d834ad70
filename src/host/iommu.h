/*
 * IOMMU groups and whether VFIO can take them.  A group is the unit of
 * isolation: a guest gets all of its devices or none.
 */
#ifndef VFIOTUI_IOMMU_H
#define VFIOTUI_IOMMU_H

#include <stddef.h>

struct host;
struct pci_dev_info;

struct iommu_group {
	int	number;
	size_t	first;		/* index of its first device in host->devs */
	size_t	count;
};

/*
 * A group is viable when every device in it that is not a PCI bridge is
 * bound to vfio-pci, to pci-stub (which the kernel also accepts), or to
 * nothing.  Returns 1 or 0; needs PCI_INFO_STATE.
 */
int	iommu_group_is_viable(const struct host *, const struct iommu_group *);
/* Whether this device stands in the way of its group's viability. */
int	iommu_dev_blocks(const struct pci_dev_info *);
/* The number of devices that stand in the way. */
size_t	iommu_group_blockers(const struct host *, const struct iommu_group *);

#endif
