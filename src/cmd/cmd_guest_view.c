/*
 * vfiotui guest view NAME and guest screenshot NAME FILE: the guest's
 * screen.  SPICE and VNC listen on screen.sock in the guest's runtime dir
 * (src/guest/qemu_argv.c), so the viewer is given that socket's URI; the
 * viewer is the dashboard config's "viewer =", else remote-viewer (both
 * protocols), else vncviewer for VNC.  The screenshot is QMP's
 * screendump, as a PNG, written by QEMU itself.
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
#include "looking_glass.h"
#include "profile.h"
#include "qmp.h"
#include "spawn.h"
#include "userconf.h"

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
load(const char *verb, const char *name, struct profile **prof,
    struct guest_paths *gp)
{
	char	dir[PATH_MAX], err[1024];

	if (!profile_name_ok(name))
		return bad_usage("guest %s: '%s' is not a guest name", verb,
		    name);
	if (profile_dir(dir, sizeof dir, err, sizeof err) == -1 ||
	    (*prof = profile_load(dir, name, err, sizeof err)) == NULL ||
	    guest_paths(name, gp, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest %s: %s\n", verb, err);
		return guest_profile_missing(name) ? EXIT_FAILED : EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The viewer for PROF in *PROG, or NULL (said on stderr). */
static const char *
pick_viewer(const struct profile *prof, const struct userconf *conf)
{
	if (conf->viewer[0] != '\0')
		return conf->viewer;
	if (spawn_found("remote-viewer"))
		return "remote-viewer";
	if (prof->display == PROFILE_DISPLAY_VNC && spawn_found("vncviewer"))
		return "vncviewer";
	fprintf(stderr, "vfiotui: guest view: no viewer: install virt-viewer "
	    "(remote-viewer)%s, or name one with viewer = in %s\n",
	    prof->display == PROFILE_DISPLAY_VNC ? " or tigervnc-viewer "
	    "(vncviewer)" : "", conf->file);
	return NULL;
}

/* What PROG is given: a URI, or for vncviewer the socket itself. */
static void
viewer_target(const struct profile *prof, const struct guest_paths *gp,
    const char *prog, char *buf, size_t len)
{
	const char	*base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;

	if (prof->display == PROFILE_DISPLAY_SPICE && prof->spice_port != 0)
		snprintf(buf, len, "spice://127.0.0.1:%d", prof->spice_port);
	else if (prof->display == PROFILE_DISPLAY_SPICE)
		snprintf(buf, len, "spice+unix://%s", gp->display);
	else if (strcmp(base, "vncviewer") == 0)
		snprintf(buf, len, "%s", gp->display);
	else
		snprintf(buf, len, "vnc+unix://%s", gp->display);
}

/*
 * Looking Glass' client on the guest's shared memory, its input through
 * the guest's SPICE socket (port 0: the host is a unix socket) where it
 * has one.  Its pid, or -1 (said).
 */
static pid_t
view_looking_glass(const struct profile *prof, const struct guest_paths *gp,
    const char *log)
{
	char	 shm[128], host[PATH_MAX + 16], err[512];
	char	*argv[7];
	int	 n = 0;
	pid_t	 pid;

	if (!spawn_found("looking-glass-client")) {
		fprintf(stderr, "vfiotui: guest view: %s has looking-glass, but "
		    "looking-glass-client is not installed (build it from "
		    "looking-glass.io, for the version the guest's host "
		    "application is)\n", prof->name);
		return -1;
	}
	looking_glass_path(prof, shm, sizeof shm);
	argv[n++] = "looking-glass-client";
	argv[n++] = "-f";
	argv[n++] = shm;
	if (prof->display == PROFILE_DISPLAY_SPICE && prof->spice_port == 0) {
		snprintf(host, sizeof host, "spice:host=%s", gp->display);
		argv[n++] = host;
		argv[n++] = "spice:port=0";
	} else
		argv[n++] = "spice:enable=no";
	argv[n] = NULL;
	if ((pid = spawn_daemon(argv, log, NULL, err, sizeof err)) == -1)
		fprintf(stderr, "vfiotui: guest view: %s\n", err);
	else
		printf("guest %s: looking-glass-client -f %s (pid %d, its words "
		    "in %s)\n", prof->name, shm, (int)pid, log);
	return pid;
}

static int
cmd_guest_view_exec(struct context *ctx, int argc, char **argv)
{
	struct guest_paths	 gp;
	struct userconf		 conf;
	struct profile		*prof;
	const char		*prog;
	char			 target[PATH_MAX + 32], log[PATH_MAX + 16];
	char			 err[1024], *vargv[3];
	pid_t			 pid;
	int			 r;

	(void)ctx;
	if (argc != 2 || argv[1][0] == '-')
		return bad_usage("guest view: expected one guest's name");
	if ((r = load("view", argv[1], &prof, &gp)) != EXIT_OK)
		return r;
	r = EXIT_FAILED;
	snprintf(log, sizeof log, "%s/viewer.log", gp.dir);
	if (prof->lg_mib > 0)
		r = view_looking_glass(prof, &gp, log) == -1 ? EXIT_FAILED :
		    EXIT_OK;
	else if (prof->display != PROFILE_DISPLAY_SPICE &&
	    prof->display != PROFILE_DISPLAY_VNC)
		fprintf(stderr, "vfiotui: guest view: %s shows no screen to a "
		    "viewer: set display = spice or vnc in %s\n", argv[1],
		    prof->path);
	else if (prof->spice_port == 0 && access(gp.display, F_OK) == -1)
		fprintf(stderr, "vfiotui: guest view: %s: %s: is the guest "
		    "running? (vfiotui guest list)\n", gp.display,
		    strerror(errno));
	else if (userconf_load(&conf, NULL, err, sizeof err) == -1)
		fprintf(stderr, "vfiotui: %s\n", err);
	else if ((prog = pick_viewer(prof, &conf)) != NULL) {
		viewer_target(prof, &gp, prog, target, sizeof target);
		vargv[0] = (char *)prog;
		vargv[1] = target;
		vargv[2] = NULL;
		/* Its own session: it outlives this command, as a window does. */
		if ((pid = spawn_daemon(vargv, log, NULL, err, sizeof err)) ==
		    -1)
			fprintf(stderr, "vfiotui: guest view: %s\n", err);
		else {
			printf("guest %s: %s %s (pid %d, its words in %s)\n",
			    argv[1], prog, target, (int)pid, log);
			r = EXIT_OK;
		}
	}
	profile_free(prof);
	return r;
}

/* Whether PATH starts as a PNG does; its size in *W and *H. */
static int
png_size(const char *path, unsigned *w, unsigned *h)
{
	unsigned char	b[24];
	FILE		*f;
	size_t		 n;

	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	n = fread(b, 1, sizeof b, f);
	fclose(f);
	if (n < sizeof b || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0 ||
	    memcmp(b + 12, "IHDR", 4) != 0)
		return 0;
	*w = (unsigned)b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19];
	*h = (unsigned)b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23];
	return 1;
}

static int
cmd_guest_screenshot_exec(struct context *ctx, int argc, char **argv)
{
	struct json_object	*args;
	struct guest_paths	 gp;
	struct profile		*prof;
	char			 file[PATH_MAX], cwd[PATH_MAX], err[1024];
	unsigned		 w, h;
	int			 r;

	(void)ctx;
	if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-')
		return bad_usage("guest screenshot: expected a guest's name and "
		    "a file");
	if ((r = load("screenshot", argv[1], &prof, &gp)) != EXIT_OK)
		return r;
	profile_free(prof);
	/* QEMU writes it, from / where it daemonized. */
	if (argv[2][0] != '/' && getcwd(cwd, sizeof cwd) != NULL)
		r = snprintf(file, sizeof file, "%s/%s", cwd, argv[2]);
	else
		r = snprintf(file, sizeof file, "%s", argv[2]);
	if (r < 0 || (size_t)r >= sizeof file)
		return bad_usage("guest screenshot: the file's path is too long");
	args = json_object_new_object();
	json_object_object_add(args, "filename", json_object_new_string(file));
	json_object_object_add(args, "format", json_object_new_string("png"));
	if (qmp_call_sync(gp.ctl, "screendump", args, NULL, SCREENDUMP_MS,
	    NULL, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest screenshot: %s: %s\n", argv[1],
		    err);
		return EXIT_FAILED;
	}
	if (!png_size(file, &w, &h)) {
		fprintf(stderr, "vfiotui: guest screenshot: QEMU said yes, but "
		    "%s is no PNG\n", file);
		return EXIT_FAILED;
	}
	printf("%s: guest %s's screen, %ux%u\n", file, argv[1], w, h);
	return EXIT_OK;
}
