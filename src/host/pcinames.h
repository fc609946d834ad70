/*
 * Device, class and subsystem names from libpci (pci.ids and udev's hwdb),
 * formatted as `lspci -nn` formats them so our lines match lspci's.
 */
#ifndef VFIOTUI_PCINAMES_H
#define VFIOTUI_PCINAMES_H

#include <stddef.h>

struct pci_dev_info;
struct pcinames;
struct sysfs;

/* libpci, on the root of SYS; NULL when it cannot be set up. */
struct pcinames	*pcinames_new(const struct sysfs *sys);
void		 pcinames_free(struct pcinames *);

/* "VGA compatible controller [0300]" */
const char	*pcinames_class(struct pcinames *, const struct pci_dev_info *,
		    char *buf, size_t len);
/* "NVIDIA Corporation GP106M [GeForce GTX 1060 Mobile] [10de:1c20]" */
const char	*pcinames_device(struct pcinames *,
		    const struct pci_dev_info *, char *buf, size_t len);
/* "CLEVO/KAPOK Computer GP106M [GeForce GTX 1060 Mobile] [1558:65a1]" */
const char	*pcinames_subsystem(struct pcinames *,
		    const struct pci_dev_info *, char *buf, size_t len);
/* The class name alone, without numbers: "VGA compatible controller" */
const char	*pcinames_class_plain(struct pcinames *,
		    const struct pci_dev_info *, char *buf, size_t len);
/* The device name alone, without numbers. */
const char	*pcinames_device_plain(struct pcinames *,
		    const struct pci_dev_info *, char *buf, size_t len);
/*
 * The line `lspci -nn -s` prints for the device, without the newline:
 * "01:00.0 VGA compatible controller [0300]: NVIDIA ... [10de:1c20] (rev a1)"
 */
const char	*pcinames_lspci_line(struct pcinames *,
		    const struct pci_dev_info *, int with_domain, char *buf,
		    size_t len);

#endif
