/*
 * The udev monitor and the two timers.  uevents only say "look at this
 * device again"; the model reads sysfs itself, so a missed or reordered
 * event cannot leave it wrong for long.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libudev.h>

#include "host.h"
#include "loop.h"
#include "udev_monitor.h"
#include "pci.h"
#include "sysfs.h"

struct monitor {
	struct loop		*loop;
	struct host		*host;
	struct udev		*udev;
	struct udev_monitor	*mon;
	struct loop_timer	*rescan_timer;
	struct loop_timer	*power_timer;
	int			 power_wanted;
	size_t			 power_from, power_to;	/* devices */
	int			 power_ms, rescan_ms;
	char			 fallback[160];
};

static int
host_has_gpu(const struct host *host)
{
	size_t	i;

	for (i = 0; i < host->ndevs; i++)
		if (pci_dev_is_display(&host->devs[i]))
			return 1;
	return 0;
}

static void
on_power_timer(void *arg)
{
	struct monitor	*m = arg;

	host_refresh_gpu_power(m->host, m->power_from, m->power_to);
}

/* Runs the power timer exactly while it is wanted and has a GPU to read. */
static void
power_timer_update(struct monitor *m)
{
	int	need = m->power_wanted && host_has_gpu(m->host);

	if (need && m->power_timer == NULL)
		m->power_timer = loop_timer_add(m->loop, m->power_ms, 1,
		    on_power_timer, m);
	else if (!need && m->power_timer != NULL) {
		loop_timer_del(m->loop, m->power_timer);
		m->power_timer = NULL;
	}
}

void
monitor_power_devices(struct monitor *m, size_t first, size_t end)
{
	m->power_from = first;
	m->power_to = end;
}

void
monitor_watch_power(struct monitor *m, int on)
{
	m->power_wanted = on;
	if (on)
		host_refresh_gpu_power(m->host, m->power_from, m->power_to);
	power_timer_update(m);
}

static void
on_uevent(int fd, short revents, void *arg)
{
	struct monitor		*m = arg;
	struct udev_device	*dev;
	const char		*action, *name;

	(void)fd;
	(void)revents;
	while ((dev = udev_monitor_receive_device(m->mon)) != NULL) {
		action = udev_device_get_action(dev);
		name = udev_device_get_sysname(dev);
		if (action != NULL && name != NULL) {
			/* The kernel may not have removed the folder yet. */
			if (strcmp(action, "remove") == 0)
				host_remove_device(m->host, name);
			else
				host_update_device(m->host, name);
		}
		udev_device_unref(dev);
	}
	power_timer_update(m);
}

static void
on_rescan_timer(void *arg)
{
	struct monitor	*m = arg;

	host_rescan(m->host);
	power_timer_update(m);
}

/*
 * uevents describe the real /sys, and reach us only when udevd relays
 * them (its control socket exists) or a umockdev testbed plays the kernel
 * for programs run under its preload.
 */
static const char *
no_uevents_why(const struct host *host)
{
	if (!sysfs_is_live(host->sys))
		return "--sysfs tree";
	if (access("/run/udev/control", F_OK) == 0 ||
	    getenv("UMOCKDEV_DIR") != NULL)
		return NULL;
	return "udev is not running";
}

static int
monitor_start_udev(struct monitor *m)
{
	if ((m->udev = udev_new()) == NULL)
		return -1;
	m->mon = udev_monitor_new_from_netlink(m->udev, "udev");
	if (m->mon == NULL ||
	    udev_monitor_filter_add_match_subsystem_devtype(m->mon, "pci",
	    NULL) < 0 || udev_monitor_enable_receiving(m->mon) < 0)
		return -1;
	return loop_add_fd(m->loop, udev_monitor_get_fd(m->mon), POLLIN,
	    on_uevent, m) < 0 ? -1 : 0;
}

struct monitor *
monitor_new(struct loop *loop, struct host *host, int period_ms)
{
	struct monitor	*m;
	const char	*why;

	if ((m = calloc(1, sizeof *m)) == NULL)
		return NULL;
	m->loop = loop;
	m->host = host;
	m->power_ms = period_ms > 0 ? period_ms : MONITOR_POWER_MS;
	m->power_to = SIZE_MAX;
	m->rescan_ms = period_ms > 0 ? period_ms : MONITOR_RESCAN_MS;
	why = no_uevents_why(host);
	if (why == NULL && monitor_start_udev(m) == -1)
		why = "no udev monitor";
	if (why == NULL)
		return m;
	snprintf(m->fallback, sizeof m->fallback, "%s: re-reading sysfs "
	    "every %g s", why, m->rescan_ms / 1000.0);
	m->rescan_timer = loop_timer_add(loop, m->rescan_ms, 1,
	    on_rescan_timer, m);
	if (m->rescan_timer == NULL) {
		monitor_free(m);
		errno = ENOMEM;
		return NULL;
	}
	return m;
}

void
monitor_free(struct monitor *m)
{
	if (m == NULL)
		return;
	if (m->mon != NULL) {
		loop_del_fd(m->loop, udev_monitor_get_fd(m->mon));
		udev_monitor_unref(m->mon);
	}
	udev_unref(m->udev);
	loop_timer_del(m->loop, m->rescan_timer);
	loop_timer_del(m->loop, m->power_timer);
	free(m);
}

const char *
monitor_fallback(const struct monitor *m)
{
	return m->fallback[0] != '\0' ? m->fallback : NULL;
}
