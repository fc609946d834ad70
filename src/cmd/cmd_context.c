/*
 * What every command shares: the model loaded from the roots the global
 * options chose, and the one way a command says its input is wrong.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "host.h"
#include "pcinames.h"
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
