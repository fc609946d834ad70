/*
 * The few facts about the host the dashboard's header shows: the kernel,
 * whether the IOMMU is on, whether vfio-pci is there to bind to.
 */
#ifndef VFIOTUI_HOSTFACTS_H
#define VFIOTUI_HOSTFACTS_H

struct sysfs;

struct hostfacts {
	char	kernel[128];	/* release, or "?" */
	int	iommu_groups;	/* groups under kernel/iommu_groups */
	int	vfio_pci;	/* the vfio-pci driver is registered */
};

/* Reads them from the sysfs and the proc root (--sysfs, --proc). */
void	hostfacts_read(struct hostfacts *, const struct sysfs *,
	    const char *proc_root);

#endif
