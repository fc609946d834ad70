/*
 * guest_usb_start(): one USB attach, detach or list on its own QMP
 * connection to the guest's one-shot commands' socket, on the loop.  A
 * detach is done when QEMU says DEVICE_DELETED (the guest let go of the
 * device), which may come before or after device_del's answer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "guest_usb.h"
#include "loop.h"
#include "qmp.h"
#include "usb.h"

struct guest_usb_op {
	struct loop		*loop;
	struct qmp		*qmp;
	struct loop_timer	*timer;
	enum guest_usb_verb	 verb;
	char			 what[32];
	char			 id[32];
	int			 timeout_ms;
	int			 answered;	/* device_del's, for a detach */
	int			 deleted;	/* DEVICE_DELETED came */
	guest_usb_cb		 cb;
	void			*arg;
};

static const char *const emulated[] = { "usb-tablet", "usb-kbd",
    "usb-mouse" };

int
guest_usb_is_emulated(const char *what)
{
	size_t	i;

	for (i = 0; i < sizeof emulated / sizeof emulated[0]; i++)
		if (strcmp(what, emulated[i]) == 0)
			return 1;
	return 0;
}

void
guest_usb_id(const char *what, char *id, size_t len)
{
	uint16_t	vendor = 0, product = 0;

	if (guest_usb_is_emulated(what))
		snprintf(id, len, "%s", what);
	else {
		usb_id_parse(what, &vendor, &product);
		snprintf(id, len, "usb-%04x-%04x", vendor, product);
	}
}

int
guest_usb_has(const char *info, const char *id)
{
	char		 pat[48];
	const char	*p;
	size_t		 n;

	/* info usb: "  Device 0.1, Port 1, ..., ID: usb-tablet\n". */
	n = (size_t)snprintf(pat, sizeof pat, "ID: %s", id);
	for (p = info; (p = strstr(p, pat)) != NULL; p += n)
		if (p[n] == '\n' || p[n] == '\0' || p[n] == '\r')
			return 1;
	return 0;
}

/* The op ended: frees it first, so that the callback may start another. */
static void
finish(struct guest_usb_op *op, const char *info, const char *err)
{
	guest_usb_cb	 cb = op->cb;
	void		*arg = op->arg;

	guest_usb_op_free(op);
	cb(info, err, arg);
}

static void
on_reply(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guest_usb_op	*op = arg;
	char			 err[640];

	(void)q;
	if (r->error_class != NULL) {
		/* The end of the connection says more, with its reason. */
		if (strcmp(r->error_class, QMP_CLASS_CLOSED) == 0)
			return;
		snprintf(err, sizeof err, "QEMU said: %s", r->error_desc);
		finish(op, NULL, err);
	} else if (op->verb == GUEST_USB_LIST)
		finish(op, json_object_get_string(r->ret), NULL);
	else if (op->verb == GUEST_USB_ATTACH || op->deleted)
		finish(op, NULL, NULL);
	else
		op->answered = 1;
}

static void
on_event(struct qmp *q, const struct qmp_event *ev, void *arg)
{
	struct guest_usb_op	*op = arg;
	struct json_object	*dev;

	(void)q;
	if (op->verb != GUEST_USB_DETACH ||
	    strcmp(ev->name, "DEVICE_DELETED") != 0 || ev->data == NULL ||
	    !json_object_object_get_ex(ev->data, "device", &dev) ||
	    strcmp(json_object_get_string(dev), op->id) != 0)
		return;
	op->deleted = 1;
	if (op->answered)
		finish(op, NULL, NULL);
}

static void
on_closed(struct qmp *q, enum qmp_end why, const char *reason, void *arg)
{
	char	err[320];

	(void)q;
	(void)why;
	snprintf(err, sizeof err, "%s before it answered", reason);
	finish(arg, NULL, err);
}

static void
on_timeout(void *arg)
{
	struct guest_usb_op	*op = arg;
	char			 err[320];

	op->timer = NULL;
	if (op->verb == GUEST_USB_DETACH && op->answered)
		snprintf(err, sizeof err, "QEMU was told to take %s out, but "
		    "the guest did not let it go within %d s: it is still "
		    "attached, and may leave later", op->what,
		    op->timeout_ms / 1000);
	else
		snprintf(err, sizeof err, "QEMU did not answer within %d s "
		    "(it serves one QMP client at a time: is another one on "
		    "its ctl.sock?)", op->timeout_ms / 1000);
	finish(op, NULL, err);
}

/* device_add's arguments for WHAT, found on the host; NULL with ERR. */
static struct json_object *
add_args(const struct guest_usb_op *op, const struct usb_dev *v, size_t n,
    char *err, size_t errlen)
{
	struct json_object	*args;
	uint16_t		 vendor, product;
	size_t			 i;

	args = json_object_new_object();
	json_object_object_add(args, "bus", json_object_new_string("xhci.0"));
	if (guest_usb_is_emulated(op->what))
		json_object_object_add(args, "driver",
		    json_object_new_string(op->what));
	else {
		usb_id_parse(op->what, &vendor, &product);
		for (i = 0; i < n && (v[i].vendor != vendor ||
		    v[i].product != product); i++)
			;
		if (i == n) {
			snprintf(err, errlen, "no USB device %s on this host "
			    "(vfiotui guest usb NAME list shows them)",
			    op->what);
			json_object_put(args);
			return NULL;
		}
		json_object_object_add(args, "driver",
		    json_object_new_string("usb-host"));
		json_object_object_add(args, "vendorid",
		    json_object_new_int(vendor));
		json_object_object_add(args, "productid",
		    json_object_new_int(product));
	}
	json_object_object_add(args, "id", json_object_new_string(op->id));
	return args;
}

/* The command VERB sends, and its arguments; NULL with ERR. */
static const char *
command(const struct guest_usb_op *op, const struct usb_dev *v, size_t n,
    struct json_object **args, char *err, size_t errlen)
{
	*args = json_object_new_object();
	switch (op->verb) {
	case GUEST_USB_LIST:
		json_object_object_add(*args, "command-line",
		    json_object_new_string("info usb"));
		return "human-monitor-command";
	case GUEST_USB_DETACH:
		json_object_object_add(*args, "id",
		    json_object_new_string(op->id));
		return "device_del";
	case GUEST_USB_ATTACH:
		break;
	}
	json_object_put(*args);
	return (*args = add_args(op, v, n, err, errlen)) ? "device_add" : NULL;
}

struct guest_usb_op *
guest_usb_start(struct loop *loop, const char *ctl, enum guest_usb_verb verb,
    const char *what, const struct usb_dev *v, size_t n, int timeout_ms,
    guest_usb_cb cb, void *arg, char *err, size_t errlen)
{
	struct qmp_callbacks	 cbs = { .event = on_event,
				    .closed = on_closed };
	struct guest_usb_op	*op;
	struct json_object	*args;
	const char		*execute;

	if ((op = calloc(1, sizeof *op)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	op->loop = loop;
	op->verb = verb;
	snprintf(op->what, sizeof op->what, "%s", what ? what : "");
	guest_usb_id(op->what, op->id, sizeof op->id);
	op->timeout_ms = timeout_ms;
	op->cb = cb;
	op->arg = arg;
	if ((execute = command(op, v, n, &args, err, errlen)) == NULL) {
		free(op);
		return NULL;
	}
	if ((op->qmp = qmp_open(loop, ctl, &cbs, op, err, errlen)) == NULL) {
		json_object_put(args);
		free(op);
		return NULL;
	}
	if (qmp_command(op->qmp, execute, args, on_reply, op) < 0 ||
	    (op->timer = loop_timer_add(loop, timeout_ms, 0, on_timeout,
	    op)) == NULL) {
		snprintf(err, errlen, "out of memory");
		guest_usb_op_free(op);
		return NULL;
	}
	return op;
}

void
guest_usb_op_free(struct guest_usb_op *op)
{
	if (op == NULL)
		return;
	if (op->timer != NULL)
		loop_timer_del(op->loop, op->timer);
	qmp_free(op->qmp);
	free(op);
}
