/*
 * vfiotui guest usb NAME list | attach WHAT | detach WHAT: the host's USB
 * devices (src/host/usb.c), and plugging one into a running guest's USB
 * controller (qemu_argv gives every guest one, id xhci) with QMP's
 * device_add, or out with device_del, which ends when QEMU says
 * DEVICE_DELETED (the guest let go of it).  WHAT is a host device's
 * VID:PID, or one of QEMU's emulated usb-tablet, usb-kbd, usb-mouse,
 * which take the same way.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cmd.h"
#include "exitcode.h"
#include "guest.h"
#include "profile.h"
#include "qmp.h"
#include "sysfs.h"
#include "usb.h"

#define QMP_MS		10000

static int	cmd_guest_usb_exec(struct context *, int, char **);

const struct cmd_entry cmd_guest_usb_entry = {
	.name = "guest usb",
	.usage = "NAME list|attach|detach [VID:PID|usb-tablet|usb-kbd]",
	.globals = CMD_SYSFS,
	.help = "the host's USB devices; plug one into a running guest, or "
	    "out",
	.exec = cmd_guest_usb_exec,
};

static const char *const emulated[] = { "usb-tablet", "usb-kbd",
    "usb-mouse" };

static int
is_emulated(const char *what)
{
	size_t	i;

	for (i = 0; i < sizeof emulated / sizeof emulated[0]; i++)
		if (strcmp(what, emulated[i]) == 0)
			return 1;
	return 0;
}

static int
host_devices(struct context *ctx, struct usb_dev **v, size_t *n)
{
	char	err[512];

	if ((ctx->sys == NULL && (ctx->sys = sysfs_open(ctx->sysfs_root, err,
	    sizeof err)) == NULL) || usb_list(ctx->sys, v, n, err,
	    sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest usb: %s\n", err);
		return -1;
	}
	return 0;
}

static int
list(struct context *ctx, const struct guest_paths *gp)
{
	struct json_object	*args, *ret;
	struct usb_dev		*v;
	size_t			 n, i;
	char			 err[512];

	if (host_devices(ctx, &v, &n) == -1)
		return EXIT_FAILED;
	printf("the host's USB devices:%s\n", n ? "" : " none");
	for (i = 0; i < n; i++)
		printf("  %-8s %04x:%04x  %s%s%s%s\n", v[i].path, v[i].vendor,
		    v[i].product, v[i].name[0] ? v[i].name : "(no name)",
		    v[i].drivers[0] ? " (" : "", v[i].drivers,
		    v[i].drivers[0] ? ")" : "");
	free(v);
	args = json_object_new_object();
	json_object_object_add(args, "command-line",
	    json_object_new_string("info usb"));
	if (qmp_call_sync(gp->ctl, "human-monitor-command", args, &ret,
	    QMP_MS, NULL, err, sizeof err) == -1) {
		printf("the guest's: none (it is not running)\n");
		return EXIT_OK;
	}
	printf("the guest's:\n%s", json_object_get_string(ret)[0] ?
	    json_object_get_string(ret) : "  none\n");
	json_object_put(ret);
	return EXIT_OK;
}

/* WHAT's device_add arguments and its id in ID; -1 (said) when none. */
static struct json_object *
device_args(struct context *ctx, const char *what, char *id, size_t idlen)
{
	struct json_object	*args;
	struct usb_dev		*v;
	uint16_t		 vendor, product;
	size_t			 n, i;

	args = json_object_new_object();
	json_object_object_add(args, "bus", json_object_new_string("xhci.0"));
	if (is_emulated(what)) {
		snprintf(id, idlen, "%s", what);
		json_object_object_add(args, "driver",
		    json_object_new_string(what));
	} else {
		usb_id_parse(what, &vendor, &product);
		if (host_devices(ctx, &v, &n) == -1) {
			json_object_put(args);
			return NULL;
		}
		for (i = 0; i < n && (v[i].vendor != vendor ||
		    v[i].product != product); i++)
			;
		free(v);
		if (i == n) {
			fprintf(stderr, "vfiotui: guest usb: no USB device "
			    "%s on this host (vfiotui guest usb NAME list "
			    "shows them)\n", what);
			json_object_put(args);
			return NULL;
		}
		snprintf(id, idlen, "usb-%04x-%04x", vendor, product);
		json_object_object_add(args, "driver",
		    json_object_new_string("usb-host"));
		json_object_object_add(args, "vendorid",
		    json_object_new_int(vendor));
		json_object_object_add(args, "productid",
		    json_object_new_int(product));
	}
	json_object_object_add(args, "id", json_object_new_string(id));
	return args;
}

static int
attach(struct context *ctx, const char *name, const struct guest_paths *gp,
    const char *what)
{
	struct json_object	*args;
	char			 id[32], err[512];

	if ((args = device_args(ctx, what, id, sizeof id)) == NULL)
		return EXIT_FAILED;
	if (qmp_call_sync(gp->ctl, "device_add", args, NULL, QMP_MS, NULL,
	    err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest usb: %s: %s\n", name, err);
		return EXIT_FAILED;
	}
	printf("guest %s: %s attached (id %s)\n", name, what, id);
	return EXIT_OK;
}

static int
detach(const char *name, const struct guest_paths *gp, const char *what)
{
	struct json_object	*args;
	uint16_t		 vendor, product;
	char			 id[32], err[512];

	if (is_emulated(what))
		snprintf(id, sizeof id, "%s", what);
	else {
		usb_id_parse(what, &vendor, &product);
		snprintf(id, sizeof id, "usb-%04x-%04x", vendor, product);
	}
	args = json_object_new_object();
	json_object_object_add(args, "id", json_object_new_string(id));
	if (qmp_call_sync_event(gp->ctl, "device_del", args,
	    "DEVICE_DELETED", id, QMP_MS, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest usb: %s: %s\n", name, err);
		return EXIT_FAILED;
	}
	printf("guest %s: %s detached (the guest let it go)\n", name, what);
	return EXIT_OK;
}

static int
cmd_guest_usb_exec(struct context *ctx, int argc, char **argv)
{
	struct guest_paths	 gp;
	uint16_t		 vendor, product;
	const char		*verb;
	char			 err[512];

	if (argc < 3 || argv[1][0] == '-')
		return bad_usage("guest usb: expected NAME list|attach|detach "
		    "[WHAT]");
	verb = argv[2];
	if (strcmp(verb, "list") == 0 ? argc != 3 :
	    (strcmp(verb, "attach") != 0 && strcmp(verb, "detach") != 0) ||
	    argc != 4)
		return bad_usage("guest usb: expected NAME list, or NAME "
		    "attach|detach VID:PID|usb-tablet|usb-kbd|usb-mouse");
	if (argc == 4 && !is_emulated(argv[3]) &&
	    usb_id_parse(argv[3], &vendor, &product) == -1)
		return bad_usage("guest usb: '%s' is neither VID:PID (046d:c52b)"
		    " nor usb-tablet, usb-kbd or usb-mouse", argv[3]);
	if (!profile_name_ok(argv[1]))
		return bad_usage("guest usb: '%s' is not a guest name", argv[1]);
	if (guest_paths(argv[1], &gp, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest usb: %s\n", err);
		return EXIT_FAILED;
	}
	if (!guest_known(argv[1], &gp)) {
		fprintf(stderr, "vfiotui: guest usb: no guest %s (no profile, "
		    "no runtime dir; vfiotui guest list shows them)\n",
		    argv[1]);
		return EXIT_FAILED;
	}
	if (strcmp(verb, "list") == 0)
		return list(ctx, &gp);
	return strcmp(verb, "attach") == 0 ? attach(ctx, argv[1], &gp,
	    argv[3]) : detach(argv[1], &gp, argv[3]);
}
