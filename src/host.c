/*
 * Loading the host model from sysfs.  One pass over bus/pci/devices, one
 * sort, and the groups fall out as runs of equal group numbers.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	int		 fd, r = 0;

	fd = openat(host->sys->rootfd, "bus/pci/devices",
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1 || (dir = fdopendir(fd)) == NULL) {
		snprintf(err, errlen, "%s/bus/pci/devices: %s",
		    host->sys->root, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	while (r == 0 && (de = readdir(dir)) != NULL) {
		if (pci_addr_parse(de->d_name, &addr) == -1)
			continue;
		r = host_add_dev(host, &cap, de->d_name, what);
		if (r < 0)
			snprintf(err, errlen, "%s/bus/pci/devices/%s: %s",
			    host->sys->root, de->d_name, strerror(-r));
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
	qsort(host->devs, host->ndevs, sizeof *host->devs, dev_order);
	/* At most one group a device. */
	host->groups = calloc(host->ndevs ? host->ndevs : 1,
	    sizeof *host->groups);
	if (host->groups == NULL) {
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
