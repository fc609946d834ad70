/*
 * The few facts about the host the dashboard's header shows: the kernel,
 * whether the IOMMU is on, whether vfio-pci is there to bind to, and
 * which machine they describe: this one, or a --sysfs tree.
 */
#ifndef VFIOTUI_HOSTFACTS_H
#define VFIOTUI_HOSTFACTS_H

/* A file at the top of a --sysfs tree that says what the tree is. */
#define HOSTFACTS_TREE_FILE	"vfiotui-tree"

struct sysfs;

struct hostfacts {
	int	live;		/* the real /sys: this machine's facts */
	char	tree[256];	/* not live: the tree's root */
	char	demo[128];	/* `make demo`'s tree: what it shows, or "" */
	char	kernel[128];	/* release; "" when the tree does not say */
	int	iommu_groups;	/* groups under kernel/iommu_groups */
	int	vfio_pci;	/* the vfio-pci driver is registered */
};

/*
 * Reads them from the sysfs and the proc root (--sysfs, --proc).  The
 * kernel of a tree that is not the live /sys is the tree's own, from its
 * HOSTFACTS_TREE_FILE ("kernel=" and "demo=" lines) or a --proc given
 * with it, never this machine's.
 */
void	hostfacts_read(struct hostfacts *, const struct sysfs *,
	    const char *proc_root);

#endif
