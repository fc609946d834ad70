#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs.h"
#include "usb.h"

#define USB_DIR		"bus/usb/devices"
#define USB_MAX		256

/* A device's folder: "1-2", "1-2.3"; not "usb1" (a root hub), not an
 * interface ("1-2:1.0"). */
static int
is_device(const char *name)
{
	return name[0] >= '0' && name[0] <= '9' && strchr(name, '-') != NULL &&
	    strchr(name, ':') == NULL && strlen(name) < 32;
}

static void
read_attr(const struct sysfs *sys, const char *dev, const char *attr,
    char *buf, size_t len)
{
	char	rel[320];

	snprintf(rel, sizeof rel, USB_DIR "/%s/%s", dev, attr);
	if (sysfs_read(sys, rel, buf, len) < 0)
		buf[0] = '\0';
}

/*
 * What a HID interface says it is in its boot protocol: the host's
 * keyboard or mouse, which a guest takes from the host when it takes the
 * device.
 */
static int
interface_hid(const struct sysfs *sys, const char *iface)
{
	char	cls[8], proto[8];

	read_attr(sys, iface, "bInterfaceClass", cls, sizeof cls);
	read_attr(sys, iface, "bInterfaceProtocol", proto, sizeof proto);
	if (strcmp(cls, "03") != 0)
		return 0;
	return strcmp(proto, "01") == 0 ? USB_HID_KEYBOARD :
	    strcmp(proto, "02") == 0 ? USB_HID_MOUSE : 0;
}

/*
 * The drivers of U's interfaces ("1-2:1.0" ...), each once, and what
 * HID ones are.
 */
static void
interface_drivers(const struct sysfs *sys, const char *dev,
    struct usb_dev *u)
{
	char	*buf = u->drivers;
	size_t	 len = sizeof u->drivers;
	struct dirent	*e;
	char		 rel[320], link[160];
	const char	*driver;
	size_t		 dlen = strlen(dev), at = 0;
	DIR		*d;

	buf[0] = '\0';
	if ((d = sysfs_opendir(sys, USB_DIR)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, dev, dlen) != 0 ||
		    e->d_name[dlen] != ':')
			continue;
		u->hid |= interface_hid(sys, e->d_name);
		snprintf(rel, sizeof rel, USB_DIR "/%s/driver", e->d_name);
		if (sysfs_readlink(sys, rel, link, sizeof link) < 0)
			continue;
		driver = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
		if (strstr(buf, driver) != NULL || at >= len)
			continue;
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
		    at ? ", " : "", driver);
	}
	closedir(d);
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct usb_dev *)a)->path,
	    ((const struct usb_dev *)b)->path);
}

static void
read_device(const struct sysfs *sys, const char *name, struct usb_dev *u)
{
	char		 buf[128], maker[80], product[80];
	unsigned long	 v;

	snprintf(u->path, sizeof u->path, "%s", name);
	read_attr(sys, name, "idVendor", buf, sizeof buf);
	u->vendor = (uint16_t)(sysfs_parse_hex(buf, &v) == 0 ? v : 0);
	read_attr(sys, name, "idProduct", buf, sizeof buf);
	u->product = (uint16_t)(sysfs_parse_hex(buf, &v) == 0 ? v : 0);
	read_attr(sys, name, "busnum", buf, sizeof buf);
	u->busnum = atoi(buf);
	read_attr(sys, name, "devnum", buf, sizeof buf);
	u->devnum = atoi(buf);
	read_attr(sys, name, "manufacturer", maker, sizeof maker);
	read_attr(sys, name, "product", product, sizeof product);
	snprintf(u->name, sizeof u->name, "%s%s%s", maker,
	    maker[0] && product[0] ? " " : "", product);
	interface_drivers(sys, name, u);
}

int
usb_list(const struct sysfs *sys, struct usb_dev **v, size_t *n, char *err,
    size_t errlen)
{
	struct dirent	*e;
	DIR		*d;

	*v = NULL;
	*n = 0;
	if ((d = sysfs_opendir(sys, USB_DIR)) == NULL)
		return 0;
	if ((*v = calloc(USB_MAX, sizeof **v)) == NULL) {
		closedir(d);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while ((e = readdir(d)) != NULL && *n < USB_MAX)
		if (is_device(e->d_name))
			read_device(sys, e->d_name, &(*v)[(*n)++]);
	closedir(d);
	qsort(*v, *n, sizeof **v, cmp_path);
	return 0;
}

int
usb_id_parse(const char *s, uint16_t *vendor, uint16_t *product)
{
	unsigned int	v, p;
	int		n = 0;

	if (strlen(s) != 9 || sscanf(s, "%4x:%4x%n", &v, &p, &n) != 2 ||
	    n != 9 || strspn(s, "0123456789abcdefABCDEF:") != 9)
		return -1;
	*vendor = (uint16_t)v;
	*product = (uint16_t)p;
	return 0;
}
