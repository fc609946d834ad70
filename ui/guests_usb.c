/*
 * U in the Guests pane: the host's USB devices (and QEMU's emulated
 * ones) in a list over the pane, each with who has it, a running
 * guest's marked; Enter or Space attaches a free one to the selected
 * guest or detaches one it has.  The work is src/guest/guest_usb.c's, on
 * the loop, so the dashboard never waits for QEMU or for a guest to let
 * a device go.  What each guest has, as the last list said, is the
 * detail's USB line.
 */
#include "config.h"

#include <sys/types.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogs.h"
#include "guest_list.h"
#include "guest_live.h"
#include "guest_usb.h"
#include "guests_pane.h"
#include "host.h"
#include "listask.h"
#include "usb.h"

#define USB_MS		10000
#define USB_PROBES	16	/* guests whose lists are asked for at once */

static const char *const emulated[][2] = {
	{ "usb-tablet", "QEMU's emulated tablet" },
	{ "usb-kbd", "QEMU's emulated keyboard" },
	{ "usb-mouse", "QEMU's emulated mouse" },
};
#define NEMULATED	(sizeof emulated / sizeof emulated[0])

/* A guest's list of USB devices, asked for or as it last came. */
struct usb_probe {
	struct guests_usb	*u;
	char			 name[108];
	pid_t			 pid;		/* its QEMU's, then */
	struct guest_usb_op	*op;
	int			 known;
	int			 opening;	/* U waits for it */
	char			 info[2048];	/* info usb's lines */
	char			 err[640];	/* why it is not known */
};

struct guests_usb {
	struct guests_pane	*p;
	char			 name[108];	/* the guest U is about */
	struct usb_dev		*v;		/* the host's, as U saw them */
	size_t			 n;
	size_t			 cursor;
	struct usb_probe	 probes[USB_PROBES];
	size_t			 asking;	/* probes not answered yet */
	struct guest_usb_op	*op;		/* an attach or a detach */
	int			 op_attach;
	char			 op_what[32];
	char			 op_label[200];
	char			 op_for[108];
};

static void	key(int, void *);
static void	probe(struct guests_usb *, const struct guests_entry *, int);

static struct guests_usb *
state(struct guests_pane *p)
{
	if (p->usb == NULL && (p->usb = calloc(1, sizeof *p->usb)) != NULL)
		p->usb->p = p;
	return p->usb;
}

static struct usb_probe *
probe_of(struct guests_usb *u, const char *name)
{
	size_t	i;

	for (i = 0; i < USB_PROBES; i++)
		if (strcmp(u->probes[i].name, name) == 0)
			return &u->probes[i];
	return NULL;
}

static const struct guests_entry *
entry_of(struct guests_pane *p, const char *name)
{
	size_t	i;

	for (i = 0; i < guests_count(p->guests); i++)
		if (strcmp(guests_get(p->guests, i)->name, name) == 0)
			return guests_get(p->guests, i);
	return NULL;
}

static int
is_live(const struct guests_entry *e)
{
	return e->live != NULL && !e->live->closed && !e->attached;
}

/* What PR says is about E's QEMU now, not one before it of that name. */
static int
is_current(const struct usb_probe *pr, const struct guests_entry *e)
{
	return pr != NULL && pr->known && pr->pid == e->pid && is_live(e);
}

/* Row I's VID:PID or emulated name in WHAT, and its words in LABEL. */
static void
row(const struct guests_usb *u, size_t i, char *what, size_t wlen,
    char *label, size_t llen)
{
	const struct usb_dev	*d;

	if (i >= u->n) {
		snprintf(what, wlen, "%s", emulated[i - u->n][0]);
		snprintf(label, llen, "%s (%s)", emulated[i - u->n][1], what);
		return;
	}
	d = &u->v[i];
	snprintf(what, wlen, "%04x:%04x", d->vendor, d->product);
	snprintf(label, llen, "%.100s (%s, bus path %s)", d->name[0] ?
	    d->name : "no name", what, d->path);
}

/*
 * The running guest that has WHAT, as the lists said; NULL when none
 * does.
 */
static const char *
holder(struct guests_usb *u, const char *what)
{
	const struct guests_entry	*e;
	char				 id[32];
	size_t				 i;

	guest_usb_id(what, id, sizeof id);
	for (i = 0; i < USB_PROBES; i++)
		if ((e = entry_of(u->p, u->probes[i].name)) != NULL &&
		    is_current(&u->probes[i], e) &&
		    guest_usb_has(u->probes[i].info, id))
			return u->probes[i].name;
	return NULL;
}

/* Who has row I: this guest (marked), another, the host's driver. */
static void
owner(struct guests_usb *u, size_t i, char *buf, size_t len)
{
	char		 what[32], label[200];
	const char	*g;

	row(u, i, what, sizeof what, label, sizeof label);
	if ((g = holder(u, what)) != NULL)
		snprintf(buf, len, "guest %s", g);
	else if (i >= u->n)
		snprintf(buf, len, "free");
	else
		snprintf(buf, len, "host: %s", u->v[i].drivers[0] ?
		    u->v[i].drivers : "no driver");
}

/*
 * The list, the cursor's row marked with '>' and this guest's with '*':
 * the rows that fit the box (listask.c's, which does not scroll), the
 * cursor's among them.
 */
static void
show(struct guests_usb *u)
{
	char		 text[4096], what[32], label[200], who[160], name[30];
	const char	*g;
	size_t		 i, first, used = 0, total = u->n + NEMULATED;
	size_t		 room = LINES > 10 ? (size_t)LINES - 9 : 1;

	room = room < 40 ? room : 40;
	first = u->cursor >= room ? u->cursor - room + 1 : 0;
	for (i = first; i < total && i < first + room && used < sizeof text;
	    i++) {
		row(u, i, what, sizeof what, label, sizeof label);
		owner(u, i, who, sizeof who);
		g = holder(u, what);
		snprintf(name, sizeof name, "%.28s", i >= u->n ?
		    emulated[i - u->n][1] : u->v[i].name[0] ? u->v[i].name :
		    "(no name)");
		used += (size_t)snprintf(text + used, sizeof text - used,
		    "%s%s %-8s %-9s  %-28s %s\n", i == u->cursor ? ">" : " ",
		    g && strcmp(g, u->name) == 0 ? "*" : " ", i < u->n ?
		    u->v[i].path : "qemu", what, name, who);
	}
	if (total > room)
		snprintf(label, sizeof label, "USB devices for %s (* attached "
		    "to it), %zu-%zu of %zu", u->name, first + 1, i, total);
	else
		snprintf(label, sizeof label, "USB devices for %s (* attached "
		    "to it)", u->name);
	ui_ask_list(u->p->ctx.ui, label, text, "Up/Down choose  Enter/Space "
	    "attach or detach  Esc close", key, u);
	ui_pane_changed(u->p->ctx.ui, u->p->pane);
}

/* Every list U asked for came: the dialog, and why this guest's did not. */
static void
opened(struct guests_usb *u)
{
	const struct usb_probe	*mine;

	if ((mine = probe_of(u, u->name)) != NULL && !mine->known)
		ui_message(u->p->ctx.ui,
		    "%s: its USB devices are not known: %s",
		    u->name, mine->err);
	show(u);
}

static void
on_probed(const char *info, const char *err, void *arg)
{
	struct usb_probe	*pr = arg;
	struct guests_usb	*u = pr->u;

	pr->op = NULL;
	pr->known = err == NULL;
	snprintf(pr->info, sizeof pr->info, "%s", info ? info : "");
	snprintf(pr->err, sizeof pr->err, "%s", err ? err : "");
	if (!pr->opening) {
		ui_pane_changed(u->p->ctx.ui, u->p->pane);
		return;
	}
	pr->opening = 0;
	if (--u->asking == 0)
		opened(u);
}

/* Asks E for its USB devices; OPENING: U shows the list once all came. */
static void
probe(struct guests_usb *u, const struct guests_entry *e, int opening)
{
	struct usb_probe	*pr;
	size_t			 i;

	if ((pr = probe_of(u, e->name)) == NULL) {
		/* A free slot, else one no answer is awaited on. */
		for (i = 0; i < USB_PROBES && u->probes[i].name[0]; i++)
			;
		for (i = i < USB_PROBES ? i : 0; i < USB_PROBES &&
		    u->probes[i].op != NULL; i++)
			;
		if (i == USB_PROBES)
			return;
		pr = &u->probes[i];
		memset(pr, 0, sizeof *pr);
		snprintf(pr->name, sizeof pr->name, "%s", e->name);
	}
	guest_usb_op_free(pr->op);
	/* One asked again that U waits for: U waits for the new one. */
	opening = opening || pr->opening;
	if (pr->opening)
		u->asking--;
	pr->u = u;
	pr->pid = e->pid;
	pr->opening = 0;
	if ((pr->op = guest_usb_start(u->p->ctx.loop, e->paths.ctl,
	    GUEST_USB_LIST, NULL, NULL, 0, USB_MS, on_probed, pr, pr->err,
	    sizeof pr->err)) == NULL) {
		pr->known = 0;
		return;
	}
	pr->opening = opening;
	u->asking += (size_t)opening;
}

void
guests_usb_open(struct guests_pane *p, const struct guests_entry *e)
{
	struct guests_usb	*u;
	char			 err[512];
	size_t			 i;

	if (!is_live(e)) {
		ui_message(p->ctx.ui, "%s is not running: USB devices go to a "
		    "running guest", e->name);
		return;
	}
	if ((u = state(p)) == NULL) {
		ui_message(p->ctx.ui, "USB: out of memory");
		return;
	}
	free(u->v);
	u->v = NULL;
	u->n = 0;
	if (usb_list(p->ctx.host->sys, &u->v, &u->n, err, sizeof err) == -1) {
		ui_message(p->ctx.ui, "USB: %s", err);
		return;
	}
	snprintf(u->name, sizeof u->name, "%s", e->name);
	u->cursor = 0;
	for (i = 0; i < guests_count(p->guests); i++)
		if (is_live(guests_get(p->guests, i)))
			probe(u, guests_get(p->guests, i), 1);
	if (u->asking == 0)
		opened(u);
	else
		ui_progress(p->ctx.ui,
		    "%s: asking the running guests which USB "
		    "devices they have", e->name);
}

static void
on_done(const char *info, const char *err, void *arg)
{
	struct guests_usb		*u = arg;
	const struct guests_entry	*e;

	(void)info;
	u->op = NULL;
	if (err != NULL)
		ui_message(u->p->ctx.ui, "%s: could not %s %s: %s", u->op_for,
		    u->op_attach ? "attach" : "detach", u->op_label, err);
	else
		ui_message(u->p->ctx.ui, "%s: %s %s", u->op_for, u->op_label,
		    u->op_attach ? "attached" : "detached (the guest let it "
		    "go)");
	/* The detail says what the guest has now. */
	if ((e = entry_of(u->p, u->op_for)) != NULL && is_live(e))
		probe(u, e, 0);
	ui_pane_changed(u->p->ctx.ui, u->p->pane);
}

/* The attach or detach of op_what that a key (and a yes) asked for. */
static void
start(struct guests_usb *u, int attach)
{
	const struct guests_entry	*e;
	struct usb_dev			*v = NULL;
	size_t				 n = 0;
	char				 err[640];

	if (u->op != NULL) {
		ui_message(u->p->ctx.ui, "%s: %s is still being %s", u->op_for,
		    u->op_label, u->op_attach ? "attached" : "detached");
		return;
	}
	if ((e = entry_of(u->p, u->name)) == NULL || !is_live(e)) {
		ui_message(u->p->ctx.ui, "%s is no longer running", u->name);
		return;
	}
	/* The host as it is now: the device may have been unplugged. */
	if (attach && !guest_usb_is_emulated(u->op_what) &&
	    usb_list(u->p->ctx.host->sys, &v, &n, err, sizeof err) == -1) {
		ui_message(u->p->ctx.ui, "USB: %s", err);
		return;
	}
	u->op_attach = attach;
	snprintf(u->op_for, sizeof u->op_for, "%s", u->name);
	u->op = guest_usb_start(u->p->ctx.loop, e->paths.ctl, attach ?
	    GUEST_USB_ATTACH : GUEST_USB_DETACH, u->op_what, v, n, USB_MS,
	    on_done, u, err, sizeof err);
	free(v);
	if (u->op == NULL)
		ui_message(u->p->ctx.ui, "%s: could not %s %s: %s", u->name,
		    attach ? "attach" : "detach", u->op_label, err);
	else
		ui_progress(u->p->ctx.ui, "%s: %s %s", u->name, attach ?
		    "attaching" : "detaching", u->op_label);
}

static void
do_attach(void *arg)
{
	start(arg, 1);
}

static void
do_detach(void *arg)
{
	start(arg, 0);
}

/* What the host loses with an input device, in a user's words. */
static const char *
hid_words(const struct usb_dev *d)
{
	if ((d->hid & USB_HID_KEYBOARD) && (d->hid & USB_HID_MOUSE))
		return "the host's keyboard and mouse will stop working until "
		    "it is detached";
	if (d->hid & USB_HID_KEYBOARD)
		return "the host's keyboard will stop working until it is "
		    "detached";
	if (d->hid & USB_HID_MOUSE)
		return "the host's mouse will stop working until it is "
		    "detached";
	if (strstr(d->drivers, "usbhid") != NULL)
		return "it is an input device of the host's (usbhid), which "
		    "stops reaching the host until it is detached";
	return NULL;
}

/* Enter or Space on the cursor's row. */
static void
act(struct guests_usb *u)
{
	const char	*g, *hid;
	char		 text[640];

	row(u, u->cursor, u->op_what, sizeof u->op_what, u->op_label,
	    sizeof u->op_label);
	g = holder(u, u->op_what);
	hid = u->cursor < u->n ? hid_words(&u->v[u->cursor]) : NULL;
	if (g != NULL && strcmp(g, u->name) == 0) {
		snprintf(text, sizeof text, "Detach %s from %s? The guest "
		    "loses it as if it were unplugged.", u->op_label, u->name);
		ui_confirm(u->p->ctx.ui, text, do_detach, u);
	} else if (g != NULL)
		ui_message(u->p->ctx.ui,
		    "%s is guest %s's: detach it there first "
		    "(U on %s)", u->op_label, g, g);
	else if (hid != NULL) {
		snprintf(text, sizeof text, "Attach %s to %s? The host uses "
		    "it: %s.", u->op_label, u->name, hid);
		ui_confirm(u->p->ctx.ui, text, do_attach, u);
	} else
		start(u, 1);
}

static void
key(int ch, void *arg)
{
	struct guests_usb	*u = arg;

	switch (ch) {
	case KEY_UP:
	case 'k':
		u->cursor -= u->cursor > 0;
		show(u);
		break;
	case KEY_DOWN:
	case 'j':
		u->cursor += u->cursor + 1 < u->n + NEMULATED;
		show(u);
		break;
	case '\r':
	case '\n':
	case KEY_ENTER:
	case ' ':
		act(u);
		break;
	default:
		/* Esc, q, any other: the list closes. */
		ui_pane_changed(u->p->ctx.ui, u->p->pane);
		break;
	}
}

int
guests_usb_line(struct guests_pane *p, const struct guests_entry *e,
    char *buf, size_t len)
{
	const struct usb_probe	*pr;
	const char		*l, *prod, *id;
	char			 line[256];
	size_t			 used, n = 0;

	if (p->usb == NULL || !is_current(pr = probe_of(p->usb, e->name), e))
		return 0;
	used = (size_t)snprintf(buf, len, "  USB (U):");
	/* info usb: "  Device 0.1, Port 1, Speed 12 Mb/s, Product P, ID: I". */
	for (l = pr->info; *l != '\0' && used < len; l += strcspn(l, "\n"),
	    l += *l == '\n') {
		snprintf(line, sizeof line, "%.*s", (int)strcspn(l, "\r\n"), l);
		if ((prod = strstr(line, "Product ")) == NULL ||
		    (id = strstr(prod, ", ID: ")) == NULL)
			continue;
		used += (size_t)snprintf(buf + used, len - used,
		    "%s %.*s (%s)", n++ ? "," : "", (int)(id - prod - 8),
		    prod + 8, id + 6);
	}
	if (n == 0 && used < len)
		snprintf(buf + used, len - used, " none");
	return 1;
}

void
guests_usb_read(struct guests_pane *p, const struct guests_entry *e)
{
	struct guests_usb	*u;
	struct usb_probe	*pr;

	if (e == NULL || !is_live(e) || (u = state(p)) == NULL)
		return;
	/* Once for each QEMU, answered or not; U and each change ask again. */
	if ((pr = probe_of(u, e->name)) != NULL && (pr->op != NULL ||
	    pr->pid == e->pid))
		return;
	probe(u, e, 0);
}

void
guests_usb_status(struct guests_pane *p, char *buf, size_t len)
{
	if (p->usb != NULL && p->usb->op != NULL)
		snprintf(buf, len, "%s: %s %s | ", p->usb->op_for,
		    p->usb->op_attach ? "attaching" : "detaching",
		    p->usb->op_label);
	else if (len > 0)
		buf[0] = '\0';
}

void
guests_usb_free(struct guests_pane *p)
{
	size_t	i;

	if (p->usb == NULL)
		return;
	for (i = 0; i < USB_PROBES; i++)
		guest_usb_op_free(p->usb->probes[i].op);
	guest_usb_op_free(p->usb->op);
	free(p->usb->v);
	free(p->usb);
	p->usb = NULL;
}
