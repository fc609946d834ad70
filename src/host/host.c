/*
 * Loading the host model from sysfs.  One pass over bus/pci/devices, one
 * sort, and the groups fall out as runs of equal group numbers.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "sysfs.h"

static int
dev_order(const void *a, const void *b)
{
	const struct pci_dev_info	*x = a, *y = b;

	if (x->iommu_group != y->iommu_group) {
		/* No group sorts after every group. */
		if (x->iommu_group == -1)
			return 1;
		if (y->iommu_group == -1)
			return -1;
		return x->iommu_group < y->iommu_group ? -1 : 1;
	}
	return pci_addr_cmp(&x->addr, &y->addr);
}

static int
host_add_dev(struct host *host, size_t *cap, const char *name, int what)
{
	struct pci_dev_info	*devs;
	int			 r;

	if (host->ndevs == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		devs = realloc(host->devs, *cap * sizeof *devs);
		if (devs == NULL)
			return -ENOMEM;
		host->devs = devs;
	}
	memset(&host->devs[host->ndevs], 0, sizeof *host->devs);
	r = pci_dev_read(host->sys, name, what, &host->devs[host->ndevs]);
	/* A device removed while we read it is simply not there. */
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	host->ndevs++;
	return 0;
}

static int
host_read_devices(struct host *host, int what, char *err, size_t errlen)
{
	struct dirent	*de;
	struct pci_addr	 addr;
	DIR		*dir;
	size_t		 cap = 0;
	int		 r = 0;

	if ((dir = sysfs_opendir(host->sys, "bus/pci/devices")) == NULL) {
		snprintf(err, errlen, "%s/bus/pci/devices: %s",
		    sysfs_root(host->sys), strerror(errno));
		return -1;
	}
	while (r == 0 && (de = readdir(dir)) != NULL) {
		if (pci_addr_parse(de->d_name, &addr) == -1)
			continue;
		r = host_add_dev(host, &cap, de->d_name, what);
		if (r < 0)
			snprintf(err, errlen, "%s/bus/pci/devices/%s: %s",
			    sysfs_root(host->sys), de->d_name, strerror(-r));
	}
	closedir(dir);
	return r < 0 ? -1 : 0;
}

static void
host_index_groups(struct host *host)
{
	struct iommu_group	*g;
	size_t			 i;

	host->ngroups = 0;
	host->nungrouped = 0;
	host->with_domains = 0;
	for (i = 0; i < host->ndevs; i++) {
		const struct pci_dev_info *d = &host->devs[i];

		if (d->addr.domain != 0)
			host->with_domains = 1;
		if (d->iommu_group == -1) {
			host->nungrouped++;
			continue;
		}
		if (i > 0 && host->devs[i - 1].iommu_group == d->iommu_group) {
			host->groups[host->ngroups - 1].count++;
			continue;
		}
		g = &host->groups[host->ngroups++];
		g->number = d->iommu_group;
		g->first = i;
		g->count = 1;
	}
}

/* Sorts the devices into display order and finds the groups again. */
static int
host_reindex(struct host *host)
{
	struct iommu_group	*groups;

	qsort(host->devs, host->ndevs, sizeof *host->devs, dev_order);
	/* At most one group a device. */
	groups = realloc(host->groups, (host->ndevs ? host->ndevs : 1) *
	    sizeof *groups);
	if (groups == NULL)
		return -ENOMEM;
	host->groups = groups;
	host_index_groups(host);
	return 0;
}

struct host *
host_load(const struct sysfs *sys, int what, char *err, size_t errlen)
{
	struct host	*host;

	if ((host = calloc(1, sizeof *host)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	host->sys = sys;
	if (host_read_devices(host, what | PCI_INFO_IDENT, err, errlen) == -1)
		goto fail;
	if (host_reindex(host) < 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	host_index_groups(host);
	return host;
fail:
	host_free(host);
	return NULL;
}

void
host_free(struct host *host)
{
	if (host == NULL)
		return;
	free(host->devs);
	free(host->groups);
	free(host);
}

long
host_find(const struct host *host, const struct pci_addr *addr)
{
	size_t	i;

	for (i = 0; i < host->ndevs; i++)
		if (pci_addr_cmp(&host->devs[i].addr, addr) == 0)
			return (long)i;
	return -1;
}

const struct iommu_group *
host_group_of(const struct host *host, size_t i)
{
	size_t	lo = 0, hi = host->ngroups;
	int	number = host->devs[i].iommu_group;

	if (number == -1)
		return NULL;
	/* Groups are sorted by number. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (host->groups[mid].number < number)
			lo = mid + 1;
		else if (host->groups[mid].number > number)
			hi = mid;
		else
			return &host->groups[mid];
	}
	return NULL;
}

void
host_listen(struct host *host, host_listener fn, void *arg)
{
	host->listener = fn;
	host->listener_arg = arg;
}

static void
host_tell(struct host *host, enum host_event ev, const struct pci_dev_info *d,
    const char *old, const char *new)
{
	struct host_change	c = {
		.event = ev, .name = d->name, .addr = d->addr,
		.old = old, .new = new,
	};

	if (host->listener != NULL)
		host->listener(&c, host->listener_arg);
}

/* Tells the listener what differs between OLD and NEW of one device. */
static void
host_tell_diff(struct host *host, const struct pci_dev_info *old,
    const struct pci_dev_info *new)
{
	static const struct {
		enum host_event	ev;
		size_t		off;
	} fields[] = {
		{ HOST_EV_DRIVER, offsetof(struct pci_dev_info, driver) },
		{ HOST_EV_OVERRIDE,
		    offsetof(struct pci_dev_info, driver_override) },
		{ HOST_EV_POWER_STATE,
		    offsetof(struct pci_dev_info, power_state) },
		{ HOST_EV_RUNTIME,
		    offsetof(struct pci_dev_info, runtime_status) },
		{ HOST_EV_CONTROL,
		    offsetof(struct pci_dev_info, power_control) },
	};
	size_t	i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *a = (const char *)old + fields[i].off;
		const char *b = (const char *)new + fields[i].off;

		if (strcmp(a, b) != 0)
			host_tell(host, fields[i].ev, new, a, b);
	}
}

static int
host_remove_at(struct host *host, size_t i)
{
	struct pci_dev_info	gone = host->devs[i];

	memmove(&host->devs[i], &host->devs[i + 1],
	    (host->ndevs - i - 1) * sizeof *host->devs);
	host->ndevs--;
	if (host_reindex(host) < 0)
		return -ENOMEM;
	host_tell(host, HOST_EV_REMOVE, &gone, NULL, NULL);
	return 0;
}

static int
host_insert(struct host *host, const struct pci_dev_info *info)
{
	struct pci_dev_info	*devs;

	devs = realloc(host->devs, (host->ndevs + 1) * sizeof *devs);
	if (devs == NULL)
		return -ENOMEM;
	host->devs = devs;
	host->devs[host->ndevs++] = *info;
	if (host_reindex(host) < 0)
		return -ENOMEM;
	host_tell(host, HOST_EV_ADD, info, NULL, NULL);
	return 0;
}

void
host_read_more(struct host *host, size_t first, size_t end, int what)
{
	char	name[PCI_ADDR_LEN];
	size_t	i;

	/* The identity again could move a device to another group. */
	what &= ~PCI_INFO_IDENT;
	for (i = first; i < end && i < host->ndevs; i++) {
		memcpy(name, host->devs[i].name, sizeof name);
		(void)pci_dev_read(host->sys, name, what, &host->devs[i]);
	}
}

int
host_update_device(struct host *host, const char *name)
{
	struct pci_dev_info	 info, old;
	struct pci_addr		 addr;
	long			 i;
	int			 r;

	if (pci_addr_parse(name, &addr) == -1)
		return -EINVAL;
	i = host_find(host, &addr);
	memset(&info, 0, sizeof info);
	r = pci_dev_read(host->sys, name, PCI_INFO_ALL, &info);
	if (r == -ENOENT)
		return i == -1 ? 0 : host_remove_at(host, (size_t)i);
	if (r < 0)
		return r;
	if (i == -1)
		return host_insert(host, &info);
	old = host->devs[i];
	host->devs[i] = info;
	/* A device that changed group moves in the list. */
	if (old.iommu_group != info.iommu_group && host_reindex(host) < 0)
		return -ENOMEM;
	host_tell_diff(host, &old, &info);
	return 0;
}

static void
host_refresh_power(struct host *host, size_t i)
{
	struct pci_dev_info	old = host->devs[i];

	if (pci_dev_read_power(host->sys, &host->devs[i]) < 0)
		return;
	host_tell_diff(host, &old, &host->devs[i]);
}

static int
same_slot(const struct pci_addr *a, const struct pci_addr *b)
{
	return a->domain == b->domain && a->bus == b->bus && a->dev == b->dev;
}

/* Whether a GPU before index I, from FIRST on, shares device I's slot. */
static int
slot_has_earlier_gpu(const struct host *host, size_t first, size_t i)
{
	size_t	j;

	for (j = first; j < i; j++)
		if (pci_dev_is_display(&host->devs[j]) &&
		    same_slot(&host->devs[i].addr, &host->devs[j].addr))
			return 1;
	return 0;
}

void
host_refresh_gpu_power(struct host *host, size_t from, size_t to)
{
	size_t	i, j, first, end;

	for (i = from; i < to && i < host->ndevs; i++) {
		const struct iommu_group *g = host_group_of(host, i);

		if (!pci_dev_is_display(&host->devs[i]))
			continue;
		first = g ? g->first : host->ndevs - host->nungrouped;
		end = g ? g->first + g->count : host->ndevs;
		/* Each slot once, from its first GPU function. */
		if (slot_has_earlier_gpu(host, first, i))
			continue;
		for (j = first; j < end; j++)
			if (same_slot(&host->devs[i].addr, &host->devs[j].addr))
				host_refresh_power(host, j);
	}
}

int
host_remove_device(struct host *host, const char *name)
{
	struct pci_addr	addr;
	long		i;

	if (pci_addr_parse(name, &addr) == -1)
		return -EINVAL;
	if ((i = host_find(host, &addr)) == -1)
		return 0;
	return host_remove_at(host, (size_t)i);
}

int
host_set_power_control(struct host *host, size_t i, const char *value)
{
	char	name[PCI_ADDR_LEN];
	int	r;

	if (strcmp(value, "auto") != 0 && strcmp(value, "on") != 0)
		return -EINVAL;
	/* The update below may move the device in the array. */
	memcpy(name, host->devs[i].name, sizeof name);
	r = pci_dev_write_attr(host->sys, name, "power/control", value);
	if (r < 0)
		return r;
	return host_update_device(host, name);
}

const char *
host_event_name(enum host_event ev)
{
	switch (ev) {
	case HOST_EV_ADD:
		return "add";
	case HOST_EV_REMOVE:
		return "remove";
	case HOST_EV_DRIVER:
		return "driver";
	case HOST_EV_OVERRIDE:
		return "driver_override";
	case HOST_EV_RUNTIME:
		return "power";
	case HOST_EV_POWER_STATE:
		return "power_state";
	case HOST_EV_CONTROL:
		return "control";
	}
	return "?";
}
