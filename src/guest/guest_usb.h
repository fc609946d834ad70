/*
 * A USB device into a running guest's controller (qemu_argv gives every
 * guest one, id xhci) or out, and the guest's list of them, on the loop:
 * the one way the CLI (guest usb, on a private loop) and the dashboard
 * (the Guests pane's U) both take.  WHAT is a host device's VID:PID, or
 * one of QEMU's emulated usb-tablet, usb-kbd, usb-mouse.
 */
#ifndef VFIOTUI_GUEST_USB_H
#define VFIOTUI_GUEST_USB_H

#include <stddef.h>

struct loop;
struct usb_dev;
struct guest_usb_op;

enum guest_usb_verb {
	GUEST_USB_LIST,		/* info usb */
	GUEST_USB_ATTACH,	/* device_add */
	GUEST_USB_DETACH,	/* device_del, until DEVICE_DELETED */
};

/*
 * Called once, when the op ended: ERR NULL when it did what it said,
 * else why not; INFO is the guest's list (info usb's lines, "" when it
 * has none) for GUEST_USB_LIST, else NULL.  The op is freed after it.
 */
typedef void	(*guest_usb_cb)(const char *info, const char *err, void *arg);

/* Whether WHAT is one of QEMU's emulated devices. */
int	guest_usb_is_emulated(const char *what);
/* WHAT's id in QEMU, as an attach gives it: "usb-046d-c52b". */
void	guest_usb_id(const char *what, char *id, size_t len);
/* Whether INFO, the guest's list, has the device of id ID. */
int	guest_usb_has(const char *info, const char *id);

/*
 * Starts VERB on the guest's one-shot commands' socket CTL; an attach of
 * a host device looks WHAT up in the host's V (N of them) first.  CB
 * comes back within TIMEOUT_MS.  NULL with ERR when it cannot start (no
 * QEMU listens, no such host device).
 */
struct guest_usb_op	*guest_usb_start(struct loop *, const char *ctl,
			    enum guest_usb_verb, const char *what,
			    const struct usb_dev *v, size_t n, int timeout_ms,
			    guest_usb_cb, void *arg, char *err,
			    size_t errlen);
/* Calls an op off, calling nothing. */
void			 guest_usb_op_free(struct guest_usb_op *);

#endif
