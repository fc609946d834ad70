/*
 * fixture_tree: the shape of a fixture tree where mkfixture writes it and
 * the fakes (fakesysfs, fakekernel) change it as the kernel would: what a
 * driver's folder holds, the two links that bind a device to a driver,
 * and the uevent's DRIVER= line.  One copy, so that a device the fakes
 * bound looks like one mkfixture bound.
 *
 * Paths: root is the tree's root, dev a device's folder relative to it
 * (devices/pci0000:00/0000:00:01.0/...), addr its DDDD:BB:DD.F.
 */
#ifndef FIXTURE_TREE_H
#define FIXTURE_TREE_H

#include <stddef.h>

/* The files in bus/pci/drivers/NAME, up to a NULL. */
extern const char *const fixture_driver_files[];

/* snprintf for paths: -1 if the path did not fit. */
int	fixture_path(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* "../" for each component of dev: from its folder back to the root. */
int	fixture_up(const char *dev, char *buf, size_t size);
/* The driver dev is bound to into drv; "" and -1 (errno) if none. */
int	fixture_dev_driver(const char *root, const char *dev, char *drv,
	    size_t size);
/* bus/pci/drivers/DRV/ADDR and DEV/driver; -1 with errno. */
int	fixture_bind_links(const char *root, const char *dev, const char *addr,
	    const char *drv);
void	fixture_unbind_links(const char *root, const char *dev,
	    const char *addr, const char *drv);
/*
 * The text of a uevent file, in, with DRIVER=drv first (drv NULL: with
 * none) into out, which is not NUL-terminated; its length.
 */
size_t	fixture_uevent_driver(const char *in, const char *drv, char *out,
	    size_t size);

#endif
