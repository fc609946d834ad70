/*
 * vfiotui guest usb NAME list | attach WHAT | detach WHAT: the host's USB
 * devices (src/host/usb.c), and plugging one into a running guest or out
 * (src/guest/guest_usb.c, on a private loop here, on the dashboard's in
 * the Guests pane).  WHAT is a host device's VID:PID, or one of QEMU's
 * emulated usb-tablet, usb-kbd, usb-mouse, which take the same way.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "guest.h"
#include "guest_usb.h"
#include "loop.h"
#include "profile.h"
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

/* What the op said when it ended, for run(). */
struct usb_run {
	struct loop	*loop;
	char		 info[4096];
	char		 err[640];
	int		 failed;
};

static void
run_done(const char *info, const char *err, void *arg)
{
	struct usb_run	*r = arg;

	snprintf(r->info, sizeof r->info, "%s", info ? info : "");
	snprintf(r->err, sizeof r->err, "%s", err ? err : "");
	r->failed = err != NULL;
	loop_exit(r->loop, 0);
}

/* VERB of WHAT on guest GP's socket, on a private loop: 0, or -1 with ERR. */
static int
run(struct usb_run *r, const struct guest_paths *gp, enum guest_usb_verb verb,
    const char *what, const struct usb_dev *v, size_t n)
{
	if ((r->loop = loop_new()) == NULL) {
		snprintf(r->err, sizeof r->err, "out of memory");
		return -1;
	}
	if (guest_usb_start(r->loop, gp->ctl, verb, what, v, n, QMP_MS,
	    run_done, r, r->err, sizeof r->err) == NULL)
		r->failed = 1;
	else
		loop_run(r->loop);
	loop_free(r->loop);
	return r->failed ? -1 : 0;
}

static int
list(struct context *ctx, const struct guest_paths *gp)
{
	struct usb_run	 r = { 0 };
	struct usb_dev	*v;
	size_t		 n, i;

	if (host_devices(ctx, &v, &n) == -1)
		return EXIT_FAILED;
	printf("the host's USB devices:%s\n", n ? "" : " none");
	for (i = 0; i < n; i++)
		printf("  %-8s %04x:%04x  %s%s%s%s\n", v[i].path, v[i].vendor,
		    v[i].product, v[i].name[0] ? v[i].name : "(no name)",
		    v[i].drivers[0] ? " (" : "", v[i].drivers,
		    v[i].drivers[0] ? ")" : "");
	free(v);
	if (run(&r, gp, GUEST_USB_LIST, NULL, NULL, 0) == -1) {
		printf("the guest's: none (it is not running)\n");
		return EXIT_OK;
	}
	printf("the guest's:\n%s", r.info[0] ? r.info : "  none\n");
	return EXIT_OK;
}

static int
attach_detach(struct context *ctx, const char *name,
    const struct guest_paths *gp, const char *verb, const char *what)
{
	struct usb_run	 r = { 0 };
	struct usb_dev	*v = NULL;
	size_t		 n = 0;
	int		 attach = strcmp(verb, "attach") == 0;
	char		 id[32];

	if (attach && !guest_usb_is_emulated(what) &&
	    host_devices(ctx, &v, &n) == -1)
		return EXIT_FAILED;
	run(&r, gp, attach ? GUEST_USB_ATTACH : GUEST_USB_DETACH, what, v, n);
	free(v);
	if (r.failed) {
		/* A device the host lacks is refused before QEMU is asked. */
		if (strncmp(r.err, "no USB device", 13) == 0)
			fprintf(stderr, "vfiotui: guest usb: %s\n", r.err);
		else
			fprintf(stderr, "vfiotui: guest usb: %s: %s\n", name,
			    r.err);
		return EXIT_FAILED;
	}
	guest_usb_id(what, id, sizeof id);
	if (attach)
		printf("guest %s: %s attached (id %s)\n", name, what, id);
	else
		printf("guest %s: %s detached (the guest let it go)\n", name,
		    what);
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
	if (argc == 4 && !guest_usb_is_emulated(argv[3]) &&
	    usb_id_parse(argv[3], &vendor, &product) == -1)
		return bad_usage("guest usb: '%s' is neither VID:PID "
		    "(046d:c52b) nor usb-tablet, usb-kbd or usb-mouse",
		    argv[3]);
	if (!profile_name_ok(argv[1]))
		return bad_usage("guest usb: '%s' is not a guest name",
		    argv[1]);
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
	return attach_detach(ctx, argv[1], &gp, verb, argv[3]);
}
