/*
 * Names through libpci.  We use libpci only as a name database: it never
 * scans the bus for us (its scan would read config space and resources we
 * do not need).  It still wants an access method before it answers
 * lookups, so it gets the sysfs one on our root, which it only checks.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <pci/pci.h>

#include "pci.h"
#include "pcinames.h"
#include "sysfs.h"

struct pcinames {
	struct pci_access	*pacc;
};

struct pcinames *
pcinames_new(const struct sysfs *sys)
{
	struct pcinames	*names;
	char		 path[4096];

	if ((names = calloc(1, sizeof *names)) == NULL)
		return NULL;
	if ((names->pacc = pci_alloc()) == NULL) {
		free(names);
		return NULL;
	}
	snprintf(path, sizeof path, "%s/bus/pci", sysfs_root(sys));
	names->pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	pci_set_param(names->pacc, "sysfs.path", path);
	pci_init(names->pacc);
	return names;
}

void
pcinames_free(struct pcinames *names)
{
	if (names == NULL)
		return;
	pci_cleanup(names->pacc);
	free(names);
}

const char *
pcinames_class(struct pcinames *names, const struct pci_dev_info *info,
    char *buf, size_t len)
{
	return pci_lookup_name(names->pacc, buf, (int)len,
	    PCI_LOOKUP_CLASS | PCI_LOOKUP_MIXED, info->class >> 8);
}

const char *
pcinames_device(struct pcinames *names, const struct pci_dev_info *info,
    char *buf, size_t len)
{
	return pci_lookup_name(names->pacc, buf, (int)len,
	    PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE | PCI_LOOKUP_MIXED,
	    info->vendor, info->device);
}

const char *
pcinames_subsystem(struct pcinames *names, const struct pci_dev_info *info,
    char *buf, size_t len)
{
	return pci_lookup_name(names->pacc, buf, (int)len,
	    PCI_LOOKUP_SUBSYSTEM | PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE |
	    PCI_LOOKUP_MIXED, info->vendor, info->device, info->subsys_vendor,
	    info->subsys_device);
}

const char *
pcinames_class_plain(struct pcinames *names, const struct pci_dev_info *info,
    char *buf, size_t len)
{
	return pci_lookup_name(names->pacc, buf, (int)len, PCI_LOOKUP_CLASS,
	    info->class >> 8);
}

const char *
pcinames_device_plain(struct pcinames *names,
    const struct pci_dev_info *info, char *buf, size_t len)
{
	return pci_lookup_name(names->pacc, buf, (int)len,
	    PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE, info->vendor, info->device);
}

const char *
pcinames_lspci_line(struct pcinames *names, const struct pci_dev_info *info,
    int with_domain, char *buf, size_t len)
{
	char	slot[PCI_ADDR_LEN], cls[256], dev[256], rev[16] = "";

	pci_addr_format_slot(&info->addr, with_domain, slot);
	/* lspci leaves out a zero revision. */
	if (info->revision != 0)
		snprintf(rev, sizeof rev, " (rev %02x)", info->revision);
	snprintf(buf, len, "%s %s: %s%s", slot,
	    pcinames_class(names, info, cls, sizeof cls),
	    pcinames_device(names, info, dev, sizeof dev), rev);
	return buf;
}
