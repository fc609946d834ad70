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

/* What changed about a device, as the host tells its listener. */
enum host_event {
	HOST_EV_ADD,
	HOST_EV_REMOVE,
	HOST_EV_DRIVER,		/* the bound driver */
	HOST_EV_OVERRIDE,	/* driver_override */
	HOST_EV_RUNTIME,	/* power/runtime_status */
	HOST_EV_POWER_STATE,	/* power_state: D0, D3hot, D3cold */
	HOST_EV_CONTROL,	/* power/control: auto, on */
};

struct host_change {
	enum host_event	 event;
	const char	*name;		/* the device's canonical address */
	struct pci_addr	 addr;
	const char	*old;		/* "" for none; unset for add/remove */
	const char	*new;
};

/* Called for each change, after the model holds it. */
typedef void	(*host_listener)(const struct host_change *, void *arg);

struct host {
	const struct sysfs	*sys;
	struct pci_dev_info	*devs;
	size_t			 ndevs;
	/* by number; no "no group" entry */
	struct iommu_group	*groups;
	size_t			 ngroups;
	size_t			 nungrouped;	/* devices after the groups */
	int			 with_domains;	/* some device is not in 0000 */
	host_listener		 listener;
	void			*listener_arg;
};

/*
 * Reads every device under bus/pci/devices with the PCI_INFO_* fields of
 * WHAT.  Returns NULL with a message in err on failure.
 */
struct host	*host_load(const struct sysfs *, int what, char *err,
		    size_t errlen);
void		 host_free(struct host *);
/*
 * Reads WHAT (but the identity) of the devices FIRST to END (past the
 * last: to the last), which host_load() was not asked for: the dashboard
 * reads what its first screen shows, draws it, and then the rest.  A
 * device gone since keeps what it had, for its uevent or the re-read to
 * remove.
 */
void		 host_read_more(struct host *, size_t first, size_t end,
		    int what);

/* Sets the one listener that hears of every change. */
void	host_listen(struct host *, host_listener, void *arg);
/*
 * Reads device NAME again after a uevent: it may have come, gone, or
 * changed driver or power.  The listener hears what changed.  0 or -errno.
 */
int	host_update_device(struct host *, const char *name);
/* Device NAME is gone (a "remove" uevent).  0, or -errno. */
int	host_remove_device(struct host *, const char *name);
/* Reads every device again, for when no uevents can be had. */
int	host_rescan(struct host *);
/*
 * Reads the power attributes of each GPU among devices FIRST to END - 1
 * (END past the last: to the end) and of the other functions of its slot
 * (HDMI audio, USB-C) in its group.
 */
void	host_refresh_gpu_power(struct host *, size_t first, size_t end);
/*
 * Sets power/control of device I to "auto" (runtime PM may suspend it) or
 * "on" (kept awake), then reads the device again.  0 or -errno.
 */
int	host_set_power_control(struct host *, size_t i, const char *value);
/* "add", "remove", "driver", "driver_override", "power", ... */
const char	*host_event_name(enum host_event);

/* The index of the device at ADDR, or -1. */
long	host_find(const struct host *, const struct pci_addr *);
/* The group that holds device index I, or NULL. */
const struct iommu_group	*host_group_of(const struct host *, size_t i);

#endif
