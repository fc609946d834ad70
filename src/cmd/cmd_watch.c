/*
 * `vfiotui watch [--json]`: driver, power and hotplug changes as they
 * come, on the loop (src/cmd/changes.c says them).
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "exitcode.h"
#include "host.h"
#include "loop.h"
#include "changes.h"

static int	cmd_watch_exec(struct context *, int, char **);

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.usage = "[--json]",
	.globals = CMD_SYSFS,
	.help = "driver, power and hotplug changes as they come",
	.opts = { { "--json", "one JSON object a line" } },
	.exec = cmd_watch_exec,
};

static int
cmd_watch_exec(struct context *ctx, int argc, char **argv)
{
	struct loop	*loop;
	int		 json, r;

	if ((r = json_option(argc, argv, &json)) != EXIT_OK)
		return r;
	if ((r = context_load(ctx, PCI_INFO_ALL)) != EXIT_OK)
		return r;
	if ((loop = loop_new()) == NULL) {
		fprintf(stderr, "vfiotui: out of memory\n");
		return EXIT_FAILED;
	}
	r = watch_run(loop, ctx->host, json);
	loop_free(loop);
	return r;
}
