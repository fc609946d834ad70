#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "looking_glass.h"
#include "profile.h"
#include "spawn.h"
#include "viewer.h"

/* Looking Glass' client, its input through the guest's SPICE socket. */
static int
looking_glass_argv(const struct profile *prof, const struct guest_paths *gp,
    char *shm, size_t shmlen, char *host, size_t hostlen, char **argv,
    char *err, size_t errlen)
{
	int	n = 0;

	if (!spawn_found("looking-glass-client")) {
		snprintf(err, errlen, "%s has looking-glass, but "
		    "looking-glass-client is not installed (build it from "
		    "looking-glass.io, for the version the guest's host "
		    "application is)", prof->name);
		return -1;
	}
	looking_glass_path(prof, shm, shmlen);
	argv[n++] = "looking-glass-client";
	argv[n++] = "-f";
	argv[n++] = shm;
	/* Port 0: the host is a unix socket. */
	if (prof->display == PROFILE_DISPLAY_SPICE && prof->spice_port == 0) {
		snprintf(host, hostlen, "spice:host=%s", gp->display);
		argv[n++] = host;
		argv[n++] = "spice:port=0";
	} else
		argv[n++] = "spice:enable=no";
	argv[n] = NULL;
	return 0;
}

/* A SPICE or VNC viewer on the guest's screen socket, or its port. */
static int
screen_argv(const struct profile *prof, const struct guest_paths *gp,
    const char *configured, const char *config_file, char *target,
    size_t targetlen, char **argv, char *err, size_t errlen)
{
	const char	*prog = configured, *base;

	if (prof->display != PROFILE_DISPLAY_SPICE &&
	    prof->display != PROFILE_DISPLAY_VNC) {
		snprintf(err, errlen, "%s shows no screen to a viewer: set "
		    "display = spice or vnc in %s", prof->name, prof->path);
		return -1;
	}
	if (prof->spice_port == 0 && access(gp->display, F_OK) == -1) {
		snprintf(err, errlen, "%s: %s: is the guest running? (vfiotui "
		    "guest list)", gp->display, strerror(errno));
		return -1;
	}
	if (prog[0] == '\0')
		prog = spawn_found("remote-viewer") ? "remote-viewer" :
		    prof->display == PROFILE_DISPLAY_VNC &&
		    spawn_found("vncviewer") ? "vncviewer" : NULL;
	if (prog == NULL) {
		snprintf(err, errlen, "no viewer: install virt-viewer "
		    "(remote-viewer)%s, or name one with viewer = in %s",
		    prof->display == PROFILE_DISPLAY_VNC ? " or "
		    "tigervnc-viewer (vncviewer)" : "", config_file);
		return -1;
	}
	base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
	if (prof->display == PROFILE_DISPLAY_SPICE && prof->spice_port != 0)
		snprintf(target, targetlen, "spice://127.0.0.1:%d",
		    prof->spice_port);
	else if (prof->display == PROFILE_DISPLAY_SPICE)
		snprintf(target, targetlen, "spice+unix://%s", gp->display);
	else if (strcmp(base, "vncviewer") == 0)
		snprintf(target, targetlen, "%s", gp->display);
	else
		snprintf(target, targetlen, "vnc+unix://%s", gp->display);
	argv[0] = (char *)prog;
	argv[1] = target;
	argv[2] = NULL;
	return 0;
}

pid_t
viewer_start(const struct profile *prof, const struct guest_paths *gp,
    const char *configured, const char *config_file, char *what,
    size_t whatlen, char *err, size_t errlen)
{
	char	 a[PATH_MAX + 32], b[PATH_MAX + 32], log[PATH_MAX + 16];
	char	*argv[7];
	int	 i, at = 0;
	pid_t	 pid;

	if ((prof->lg_mib > 0 ? looking_glass_argv(prof, gp, a, sizeof a, b,
	    sizeof b, argv, err, errlen) : screen_argv(prof, gp, configured,
	    config_file, a, sizeof a, argv, err, errlen)) == -1)
		return -1;
	snprintf(log, sizeof log, "%s/viewer.log", gp->dir);
	if ((pid = spawn_daemon(argv, log, NULL, err, errlen)) == -1)
		return -1;
	what[0] = '\0';
	for (i = 0; argv[i] != NULL && (size_t)at < whatlen; i++)
		at += snprintf(what + at, whatlen - (size_t)at, "%s%s",
		    i ? " " : "", argv[i]);
	return pid;
}
