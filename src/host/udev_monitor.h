/*
 * Keeps the host model live: udev's uevents for devices that come, go or
 * change driver, and a timer for the power state of GPUs, which runtime PM
 * changes without any uevent.  Where no uevents can be had it re-reads
 * sysfs on a slow timer instead, and says so.
 */
#ifndef VFIOTUI_UDEV_MONITOR_H
#define VFIOTUI_UDEV_MONITOR_H

#include <stddef.h>

struct host;
struct loop;
struct monitor;

/* How often GPU power is read while someone looks (at most 1 Hz). */
#define MONITOR_POWER_MS	1000
/* How often sysfs is re-read when there are no uevents. */
#define MONITOR_RESCAN_MS	2000

/*
 * PERIOD_MS, when not 0, replaces both timers' periods (the user's
 * refresh setting).  NULL with errno set on failure.
 */
struct monitor	*monitor_new(struct loop *, struct host *, int period_ms);
void		 monitor_free(struct monitor *);

/*
 * Whether the GPUs' power is being watched (the IOMMU pane is in view, or
 * `watch` runs).  With it off, or with no GPU, no timer runs: when nothing
 * happens, nothing wakes vfiotui up.
 */
void	monitor_watch_power(struct monitor *, int on);
/*
 * Narrows the watch to the GPUs among devices FIRST to END - 1 (indexes
 * into host->devs): those on screen.  At 5000 devices, reading every
 * GPU's power each second would cost more than all else.  The whole list
 * until it is called.
 */
void	monitor_power_devices(struct monitor *, size_t first, size_t end);
/* NULL when uevents arrive; else why not and what is done instead. */
const char	*monitor_fallback(const struct monitor *);

#endif
