/*
 * Group viability, as the kernel's vfio core judges it when a group is
 * opened: driver-less devices, vfio drivers, pci-stub and bridges are fine;
 * anything else held by a host driver makes the whole group unusable.
 */
#include "config.h"

#include <string.h>

#include "host.h"
#include "iommu.h"
#include "pci.h"

int
iommu_dev_blocks(const struct pci_dev_info *info)
{
	if (pci_dev_is_bridge(info))
		return 0;
	return info->driver[0] != '\0' &&
	    strcmp(info->driver, "vfio-pci") != 0 &&
	    strcmp(info->driver, "pci-stub") != 0;
}

size_t
iommu_group_blockers(const struct host *host, const struct iommu_group *g)
{
	size_t	i, n = 0;

	for (i = g->first; i < g->first + g->count; i++)
		n += iommu_dev_blocks(&host->devs[i]);
	return n;
}

int
iommu_group_is_viable(const struct host *host, const struct iommu_group *g)
{
	return iommu_group_blockers(host, g) == 0;
}
