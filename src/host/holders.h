/*
 * Which processes hold a GPU open: its /dev/dri nodes (from the device's
 * drm/ folder in sysfs) and, for the nvidia driver, /dev/nvidia*; and
 * which hold a VFIO group, /dev/vfio/N: a running guest.  As /proc/PID/fd
 * shows them.
 */
#ifndef VFIOTUI_HOLDERS_H
#define VFIOTUI_HOLDERS_H

#include <stddef.h>

struct sysfs;
struct pci_dev_info;

/*
 * Writes "Xorg (1234), firefox (5678)" into buf for the processes under
 * PROC_ROOT that hold the device; returns how many there are.
 */
size_t	holders_find(const struct sysfs *, const char *proc_root,
	    const struct pci_dev_info *, char *buf, size_t len);

/* The same for the processes that hold /dev/vfio/GROUP. */
size_t	holders_of_group(const char *proc_root, int group, char *buf,
	    size_t len);

#endif
