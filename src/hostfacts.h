/*
 * The few facts about the host the dashboard's header shows: the kernel,
 * whether the IOMMU is on, whether vfio-pci is there to bind to.
 */
#ifndef VFIOTUI_HOSTFACTS_H
#define VFIOTUI_HOSTFACTS_H

struct hostfacts {
	char	kernel[128];	/* release, or "?" */
	int	iommu_groups;	/* groups under kernel/iommu_groups */
	int	vfio_pci;	/* the vfio-pci driver is registered */
};

/* Reads them from the sysfs and proc roots (--sysfs, --proc). */
void	hostfacts_read(struct hostfacts *, const char *sysfs_root,
	    const char *proc_root);

#endif
