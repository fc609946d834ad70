/*
 * `vfiotui show BB:DD.F`: one device, as lspci -nnk -s shows it, with its
 * IOMMU group and power (src/cmd/cli.c formats it).
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "cmd.h"
#include "exitcode.h"
#include "host.h"
#include "pci.h"

static int	cmd_show_exec(struct context *, int, char **);

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "BB:DD.F",
	.globals = CMD_SYSFS,
	.help = "one device: ids, driver, group, power",
	.exec = cmd_show_exec,
};

static int
cmd_show_exec(struct context *ctx, int argc, char **argv)
{
	struct pci_addr	addr;
	int		r;

	if (argc != 2)
		return bad_usage("show: expected one address, "
		    "BB:DD.F or DDDD:BB:DD.F");
	if (pci_addr_parse(argv[1], &addr) == -1)
		return bad_usage("show: '%s' is not a PCI address "
		    "(BB:DD.F or DDDD:BB:DD.F)", argv[1]);
	if ((r = context_load(ctx, PCI_INFO_ALL)) != EXIT_OK)
		return r;
	return cli_show(stdout, ctx->host, ctx->names, &addr);
}
