/*
 * The re-read for when no uevents come (a --sysfs tree, no udevd): what a
 * uevent would have said, found by looking.  The listing of
 * bus/pci/devices says what came and went, and the folders of
 * bus/pci/drivers which device is bound to which driver (the kernel keeps
 * both in step with the devices' driver links).  Only the devices that
 * came or moved are read again in full, so a quiet tree of thousands of
 * devices costs a readdir or two a driver, not a full read of each (and
 * no lookup that walks the whole list for each device).  Power is not
 * uevented either way: the GPUs' power timer reads it (udev_monitor.c).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "pci.h"
#include "sysfs.h"

typedef char	addr_name[PCI_ADDR_LEN];

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The canonical names of the devices the folder REL lists, in *NAMES. */
static int
list_addrs(const struct host *host, const char *rel, addr_name **names,
    size_t *n)
{
	struct dirent	*de;
	struct pci_addr	 addr;
	addr_name	*more;
	size_t		 cap = 0;
	DIR		*dir;
	int		 r = 0;

	*names = NULL;
	*n = 0;
	if ((dir = sysfs_opendir(host->sys, rel)) == NULL)
		return -errno;
	while ((de = readdir(dir)) != NULL) {
		if (pci_addr_parse(de->d_name, &addr) == -1)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((more = realloc(*names, cap * sizeof *more)) ==
			    NULL) {
				r = -ENOMEM;
				break;
			}
			*names = more;
		}
		pci_addr_format(&addr, (*names)[(*n)++]);
	}
	closedir(dir);
	return r;
}

/* The canonical names under bus/pci/devices, sorted, in *NAMES. */
static int
list_devices(const struct host *host, addr_name **names, size_t *n)
{
	int	r;

	if ((r = list_addrs(host, "bus/pci/devices", names, n)) == 0)
		qsort(*names, *n, sizeof **names, name_cmp);
	return r;
}

/* A device bound to a driver: what bus/pci/drivers/DRIVER/ lists. */
struct binding {
	addr_name	name;
	char		driver[64];
};

static int
binding_cmp(const void *a, const void *b)
{
	return strcmp(((const struct binding *)a)->name,
	    ((const struct binding *)b)->name);
}

/* The devices bus/pci/drivers/DRIVER lists, added to *B (*N of them). */
static int
list_driver(const struct host *host, const char *driver,
    struct binding **b, size_t *n)
{
	char		 rel[PATH_MAX];
	addr_name	*names;
	struct binding	*more;
	size_t		 m, i;
	int		 r;

	snprintf(rel, sizeof rel, "bus/pci/drivers/%s", driver);
	r = list_addrs(host, rel, &names, &m);
	if (r == 0 && m > 0 &&
	    (more = realloc(*b, (*n + m) * sizeof *more)) == NULL)
		r = -ENOMEM;
	else if (r == 0 && m > 0) {
		*b = more;
		for (i = 0; i < m; i++, (*n)++) {
			memcpy((*b)[*n].name, names[i], sizeof names[i]);
			snprintf((*b)[*n].driver, sizeof (*b)->driver, "%s",
			    driver);
		}
	}
	free(names);
	/* A driver gone since its folder was listed has no devices. */
	return r == -ENOENT ? 0 : r;
}

/*
 * Every bound device and its driver, sorted: a readdir a driver, where
 * reading each device's driver link would be a lookup a device.
 */
static int
list_bindings(const struct host *host, struct binding **b, size_t *n)
{
	struct dirent	*de;
	DIR		*dir;
	int		 r = 0;

	*b = NULL;
	*n = 0;
	if ((dir = sysfs_opendir(host->sys, "bus/pci/drivers")) == NULL)
		return -errno;
	while (r == 0 && (de = readdir(dir)) != NULL)
		if (de->d_name[0] != '.')
			r = list_driver(host, de->d_name, b, n);
	closedir(dir);
	qsort(*b, *n, sizeof **b, binding_cmp);
	return r;
}

/* Whether device NAME is bound elsewhere than to DRIVER ("": none). */
static int
driver_moved(const struct binding *b, size_t n, const char *name,
    const char *driver)
{
	const struct binding	*found;
	struct binding		 key;

	memcpy(key.name, name, sizeof key.name);
	found = bsearch(&key, b, n, sizeof *b, binding_cmp);
	return strcmp(found ? found->driver : "", driver) != 0;
}

/*
 * The names to read again: those listed that the model lacks or whose
 * driver moved, and those of the model that are no longer listed.
 */
static int
changed_devices(const struct host *host, const addr_name *names, size_t n,
    addr_name **out, size_t *nout)
{
	struct binding	*bound;
	addr_name	*known;
	size_t		 nbound, i;
	int		 r;

	*nout = 0;
	*out = NULL;
	if ((r = list_bindings(host, &bound, &nbound)) < 0) {
		free(bound);
		return r;
	}
	known = calloc(host->ndevs + 1, sizeof *known);
	*out = calloc(n + host->ndevs + 1, sizeof **out);
	if (known == NULL || *out == NULL) {
		free(bound);
		free(known);
		free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < host->ndevs; i++) {
		memcpy(known[i], host->devs[i].name, sizeof known[i]);
		if (bsearch(known[i], names, n, sizeof *names,
		    name_cmp) == NULL || driver_moved(bound, nbound, known[i],
		    host->devs[i].driver))
			memcpy((*out)[(*nout)++], known[i], sizeof known[i]);
	}
	qsort(known, host->ndevs, sizeof *known, name_cmp);
	for (i = 0; i < n; i++)
		if (bsearch(names[i], known, host->ndevs, sizeof *known,
		    name_cmp) == NULL)
			memcpy((*out)[(*nout)++], names[i], sizeof names[i]);
	free(bound);
	free(known);
	return 0;
}

int
host_rescan(struct host *host)
{
	addr_name	*names, *todo = NULL;
	size_t		 n, ntodo = 0, i;
	int		 r;

	if ((r = list_devices(host, &names, &n)) == 0)
		r = changed_devices(host, names, n, &todo, &ntodo);
	/* A device that is gone reads as ENOENT, and leaves the model. */
	for (i = 0; r == 0 && i < ntodo; i++)
		r = host_update_device(host, todo[i]);
	free(names);
	free(todo);
	return r;
}
