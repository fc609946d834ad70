/*
 * Both ends of pkexec: running BINDIR/vfiotui ARGS through it (the
 * installed binary, as the action's exec.path names it, so that polkit
 * picks org.vfiotui.bind), and the commands that vfiotui, run so, takes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pkexec.h"
#include "spawn.h"
#include "sysfs.h"

int
pkexec_needed(const char *sysfs_root)
{
	/* Fixture trees (--sysfs) are the tests': no root needed there. */
	return geteuid() != 0 && sysfs_root_is_live(sysfs_root);
}

/* The refusal, from pkexec's own exit status. */
static void
refused(int r, const char *said, char *err, size_t errlen)
{
	char	first[160];

	snprintf(first, sizeof first, "%s", said != NULL ? said : "");
	first[strcspn(first, "\n")] = '\0';
	snprintf(err, errlen, "polkit did not allow it (pkexec exit %d%s%s): "
	    "%s", r, first[0] ? ": " : "", first, r == 126 ?
	    "the authentication was dismissed" : "an administrator's "
	    "password, or a polkit rule for org.vfiotui.bind, lets it");
}

int
pkexec_vfiotui(char *const args[], int on_tty, char *out, size_t outlen,
    char *err, size_t errlen)
{
	char	**argv, why[256];
	size_t	  n = 0, i;
	int	  r;

	if (access(POLKIT_ACTION, R_OK) == -1) {
		snprintf(err, errlen, "run it as root, or install vfiotui "
		    "('make install' puts the polkit action in %s) and "
		    "polkit's pkexec", POLKIT_ACTION);
		return -1;
	}
	while (args[n] != NULL)
		n++;
	if ((argv = calloc(n + 4, sizeof *argv)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	i = 0;
	argv[i++] = "pkexec";
	if (!on_tty)
		argv[i++] = "--disable-internal-agent";
	argv[i++] = BINDIR "/vfiotui";
	memcpy(argv + i, args, n * sizeof *argv);
	r = on_tty ? spawn_run_here(argv, why, sizeof why) :
	    spawn_run(argv, out, outlen, why, sizeof why);
	free(argv);
	if (r == -1) {
		snprintf(err, errlen, "pkexec cannot run: %s (install polkit, "
		    "or run vfiotui as root)", why);
		return -1;
	}
	if (r == 126 || r == 127) {
		refused(r, on_tty ? NULL : out, err, errlen);
		return -1;
	}
	return r;
}

int
pkexec_refuses(const char *sysfs_root, const char *proc_root, int argc,
    char **argv)
{
	static const char	*const needs_root[] = { "bind", "unbind",
				    "restore", "memlock" };
	size_t			 i;

	if (getenv("PKEXEC_UID") == NULL)
		return 0;
	if (!sysfs_root_is_live(sysfs_root) ||
	    strcmp(proc_root, "/proc") != 0) {
		fprintf(stderr, "vfiotui: run by pkexec, vfiotui works on the "
		    "real /sys and /proc only: --sysfs and --proc trees are "
		    "for root's own tests\n");
		return 1;
	}
	for (i = 0; argc > 0 && i < sizeof needs_root / sizeof *needs_root;
	    i++)
		if (strcmp(argv[0], needs_root[i]) == 0)
			return 0;
	fprintf(stderr, "vfiotui: run by pkexec, vfiotui only runs bind, "
	    "unbind, restore and memlock as root%s%s%s: run it as yourself, "
	    "without pkexec\n", argc > 0 ? ", not '" : "", argc > 0 ?
	    argv[0] : "", argc > 0 ? "'" : " (not the dashboard)");
	return 1;
}
