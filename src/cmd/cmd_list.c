/*
 * `vfiotui list [--json]`: every PCI device by IOMMU group, as the
 * classic list-iommu-groups script prints them, or the whole model as
 * JSON (src/cmd/cli.c formats both).
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "cmd.h"
#include "exitcode.h"
#include "host.h"

static int	cmd_list_exec(struct context *, int, char **);

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.usage = "[--json]",
	.globals = CMD_SYSFS,
	.help = "every PCI device by IOMMU group, as lspci -nn",
	.opts = { { "--json", "the whole model: ids, names, drivers, power, "
	    "groups" } },
	.exec = cmd_list_exec,
};

static int
cmd_list_exec(struct context *ctx, int argc, char **argv)
{
	int	json, r;

	if ((r = json_option(argc, argv, &json)) != EXIT_OK)
		return r;
	/* The text list needs ids and groups only: keep it cheap. */
	r = context_load(ctx, json ? PCI_INFO_ALL : PCI_INFO_IDENT);
	if (r != EXIT_OK)
		return r;
	if (json)
		return cli_list_json(stdout, ctx->host, ctx->names) == 0 ?
		    EXIT_OK : EXIT_FAILED;
	cli_list(stdout, ctx->host, ctx->names);
	return EXIT_OK;
}
