/*
 * vfiotui guest view NAME and guest screenshot NAME FILE: the guest's
 * screen, through the viewer src/guest/viewer.c picks, and QMP's
 * screendump as a PNG, which QEMU writes itself.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cmd.h"
#include "exitcode.h"
#include "guest.h"
#include "profile.h"
#include "qmp.h"
#include "screenshot.h"
#include "userconf.h"
#include "viewer.h"

#define SCREENDUMP_MS	10000

static int	cmd_guest_view_exec(struct context *, int, char **);
static int	cmd_guest_screenshot_exec(struct context *, int, char **);

const struct cmd_entry cmd_guest_view_entry = {
	.name = "guest view",
	.usage = "NAME",
	.help = "open a viewer on the guest's screen (display = spice|vnc)",
	.exec = cmd_guest_view_exec,
};

const struct cmd_entry cmd_guest_screenshot_entry = {
	.name = "guest screenshot",
	.usage = "NAME FILE",
	.help = "the guest's screen, now, as a PNG file",
	.exec = cmd_guest_screenshot_exec,
};

/* NAME's profile and paths, or the exit status of why not. */
static int
cmd_guest_view_exec(struct context *ctx, int argc, char **argv)
{
	struct guest_paths	 gp;
	struct userconf		 conf;
	struct profile		*prof;
	char			 what[PATH_MAX * 2], err[1024];
	pid_t			 pid;
	int			 r;

	(void)ctx;
	if (argc != 2 || argv[1][0] == '-')
		return bad_usage("guest view: expected one guest's name");
	if ((r = guest_profile_load("view", argv[1], &prof, &gp)) != EXIT_OK)
		return r;
	if (userconf_load(&conf, NULL, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: %s\n", err);
		r = EXIT_FAILED;
	} else if ((pid = viewer_start(prof, &gp, conf.viewer, conf.file, what,
	    sizeof what, err, sizeof err)) == -1) {
		fprintf(stderr, "vfiotui: guest view: %s\n", err);
		r = EXIT_FAILED;
	} else
		printf("guest %s: %s (pid %d, its words in %s/viewer.log)\n",
		    argv[1], what, (int)pid, gp.dir);
	profile_free(prof);
	return r;
}

static int
cmd_guest_screenshot_exec(struct context *ctx, int argc, char **argv)
{
	struct json_object	*args;
	struct guest_paths	 gp;
	struct profile		*prof;
	char			 file[PATH_MAX], err[1024];
	unsigned		 w, h;
	int			 r;

	(void)ctx;
	if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-')
		return bad_usage("guest screenshot: expected a guest's name "
		    "and a file");
	if ((r = guest_profile_load("screenshot", argv[1], &prof, &gp)) !=
	    EXIT_OK)
		return r;
	profile_free(prof);
	if (screenshot_path(argv[2], file, sizeof file) == -1)
		return bad_usage("guest screenshot: the file's path is too "
		    "long");
	args = screenshot_args(file);
	if (qmp_call_sync(gp.ctl, "screendump", args, NULL, SCREENDUMP_MS,
	    NULL, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest screenshot: %s: %s\n", argv[1],
		    err);
		return EXIT_FAILED;
	}
	if (!screenshot_png_size(file, &w, &h)) {
		fprintf(stderr, "vfiotui: guest screenshot: QEMU said yes, but "
		    "%s is no PNG\n", file);
		return EXIT_FAILED;
	}
	printf("%s: guest %s's screen, %ux%u\n", file, argv[1], w, h);
	return EXIT_OK;
}
