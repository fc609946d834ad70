/*
 * The host's USB devices as bus/usb/devices under the sysfs root shows
 * them (root hubs and interfaces left out): where each sits, its ids and
 * names, and which drivers have its interfaces, for guest usb.
 */
#ifndef VFIOTUI_USB_H
#define VFIOTUI_USB_H

#include <stddef.h>
#include <stdint.h>

struct sysfs;

struct usb_dev {
	char		path[32];	/* "1-2.3": bus and ports */
	int		busnum, devnum;
	uint16_t	vendor, product;
	char		name[160];	/* manufacturer and product */
	char		drivers[96];	/* its interfaces', "usbhid, ..." */
	int		hid;		/* USB_HID_*: its boot interfaces' */
};

#define USB_HID_KEYBOARD	0x1
#define USB_HID_MOUSE		0x2

/*
 * Every USB device, sorted by path, in *V (free()) and *N.  0, or -1 with
 * ERR; a host without USB is an empty list.
 */
int	usb_list(const struct sysfs *, struct usb_dev **v, size_t *n,
	    char *err, size_t errlen);

/* "VVVV:PPPP" into *VENDOR and *PRODUCT: 0, or -1. */
int	usb_id_parse(const char *s, uint16_t *vendor, uint16_t *product);

#endif
