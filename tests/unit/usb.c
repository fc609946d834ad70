/*
 * The host's USB devices (src/host/usb.h) from a sysfs tree in a scratch
 * dir: which folders are devices, their interfaces' drivers, and which
 * are the host's keyboard or mouse in the HID boot protocol; and the
 * guest's side (src/guest/guest_usb.h): the ids an attach gives and
 * finding one in QEMU's info usb.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest_usb.h"
#include "sysfs.h"
#include "unit.h"
#include "usb.h"

/* The folder REL under unit_dir() and those above it, in PATH. */
static void
mkdirs(char path[PATH_MAX], const char *rel)
{
	char	part[PATH_MAX], *slash;

	unit_format(part, sizeof part, "%s", rel);
	for (slash = part; (slash = strchr(slash + 1, '/')) != NULL;) {
		*slash = '\0';
		unit_mkdir(path, part);
		*slash = '/';
	}
	unit_mkdir(path, part);
}

/* Device or interface DEV under bus/usb/devices: ATTR is VALUE. */
static void
put(const char *dev, const char *attr, const char *value)
{
	char	path[PATH_MAX], name[PATH_MAX];

	unit_format(name, sizeof name, "sys/bus/usb/devices/%s", dev);
	mkdirs(path, name);
	unit_format(name, sizeof name, "sys/bus/usb/devices/%s/%s", dev, attr);
	unit_write(path, name, value);
}

/* Interface IFACE is on DRIVER. */
static void
bind_to(const char *iface, const char *driver)
{
	char	path[PATH_MAX], name[PATH_MAX], link[PATH_MAX];

	unit_format(name, sizeof name, "sys/bus/usb/drivers/%s", driver);
	mkdirs(path, name);
	unit_format(name, sizeof name, "sys/bus/usb/devices/%s/driver", iface);
	unit_path(link, name);
	ck_assert_int_eq(symlink(path, link), 0);
}

static struct usb_dev *
list(size_t *n)
{
	struct sysfs	*sys;
	struct usb_dev	*v;
	char		 root[PATH_MAX], err[256];

	/* What makes a folder a sysfs tree to sysfs_open(). */
	mkdirs(root, "sys/bus/pci/devices");
	unit_path(root, "sys");
	sys = sysfs_open(root, err, sizeof err);
	ck_assert_msg(sys != NULL, "%s", err);
	ck_assert_int_eq(usb_list(sys, &v, n, err, sizeof err), 0);
	sysfs_close(sys);
	return v;
}

START_TEST(devices_and_drivers)
{
	struct usb_dev	*v;
	size_t		 n;

	put("usb1", "idVendor", "1d6b\n");
	put("1-2", "idVendor", "046d\n");
	put("1-2", "idProduct", "c52b\n");
	put("1-2", "manufacturer", "Logitech\n");
	put("1-2", "product", "USB Receiver\n");
	put("1-2:1.0", "bInterfaceClass", "03\n");
	put("1-2:1.0", "bInterfaceProtocol", "01\n");
	bind_to("1-2:1.0", "usbhid");
	put("1-2:1.1", "bInterfaceClass", "03\n");
	put("1-2:1.1", "bInterfaceProtocol", "02\n");
	bind_to("1-2:1.1", "usbhid");
	put("1-1.4", "idVendor", "0781\n");
	put("1-1.4", "idProduct", "5581\n");
	put("1-1.4:1.0", "bInterfaceClass", "08\n");
	put("1-1.4:1.0", "bInterfaceProtocol", "50\n");
	bind_to("1-1.4:1.0", "usb-storage");
	v = list(&n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].path, "1-1.4");
	ck_assert_str_eq(v[0].drivers, "usb-storage");
	ck_assert_int_eq(v[0].hid, 0);
	ck_assert_str_eq(v[1].path, "1-2");
	ck_assert_uint_eq(v[1].vendor, 0x046d);
	ck_assert_uint_eq(v[1].product, 0xc52b);
	ck_assert_str_eq(v[1].name, "Logitech USB Receiver");
	ck_assert_str_eq(v[1].drivers, "usbhid");
	ck_assert_int_eq(v[1].hid, USB_HID_KEYBOARD | USB_HID_MOUSE);
	free(v);
}
END_TEST

START_TEST(no_usb)
{
	struct usb_dev	*v;
	size_t		 n;

	v = list(&n);
	ck_assert_uint_eq(n, 0);
	free(v);
}
END_TEST

START_TEST(guest_ids)
{
	const char	*info = "  Device 0.1, Port 1, Speed 480 Mb/s, "
			    "Product QEMU USB Tablet, ID: usb-tablet\n"
			    "  Device 0.2, Port 2, Speed 12 Mb/s, "
			    "Product USB Receiver, ID: usb-046d-c52b\n";
	char		 id[32];

	guest_usb_id("046d:C52B", id, sizeof id);
	ck_assert_str_eq(id, "usb-046d-c52b");
	guest_usb_id("usb-kbd", id, sizeof id);
	ck_assert_str_eq(id, "usb-kbd");
	ck_assert(guest_usb_is_emulated("usb-mouse"));
	ck_assert(!guest_usb_is_emulated("usb-host"));
	ck_assert(guest_usb_has(info, "usb-tablet"));
	ck_assert(guest_usb_has(info, "usb-046d-c52b"));
	/* An id that begins another is not it. */
	ck_assert(!guest_usb_has(info, "usb-046d-c5"));
	ck_assert(!guest_usb_has("", "usb-tablet"));
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("usb");
	TCase	*tc;

	tc = tcase_create("host");
	tcase_add_test(tc, devices_and_drivers);
	tcase_add_test(tc, no_usb);
	suite_add_tcase(s, tc);
	tc = tcase_create("guest");
	tcase_add_test(tc, guest_ids);
	suite_add_tcase(s, tc);
	return s;
}
