/*
 * What every command shares: the model loaded from the roots the global
 * options chose, the one way a command says its input is wrong, and a
 * guest's profile and paths loaded for a guest verb.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "guest.h"
#include "host.h"
#include "pcinames.h"
#include "profile.h"
#include "sysfs.h"

int
bad_usage(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "vfiotui: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try 'vfiotui --help')\n");
	return EXIT_USAGE;
}

int
context_load(struct context *ctx, int what)
{
	char	err[512];

	if ((ctx->sys = sysfs_open(ctx->sysfs_root, err, sizeof err)) == NULL) {
		fprintf(stderr, "vfiotui: %s\n", err);
		return EXIT_USAGE;
	}
	if ((ctx->host = host_load(ctx->sys, what, err, sizeof err)) == NULL) {
		fprintf(stderr, "vfiotui: %s\n", err);
		return EXIT_FAILED;
	}
	if ((ctx->names = pcinames_new(ctx->sys)) == NULL) {
		fprintf(stderr, "vfiotui: cannot set up libpci\n");
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

void
context_free(struct context *ctx)
{
	pcinames_free(ctx->names);
	host_free(ctx->host);
	sysfs_close(ctx->sys);
}

int
json_option(int argc, char **argv, int *json)
{
	int	i;

	*json = 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") != 0)
			return bad_usage("%s: unknown argument '%s'", argv[0],
			    argv[i]);
		*json = 1;
	}
	return EXIT_OK;
}

int
guest_profile_load(const char *verb, const char *name, struct profile **prof,
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
