/*
 * `vfiotui bind|unbind [--dry-run] [--force] BB:DD.F` and `vfiotui
 * restore [--dry-run]`: a device's IOMMU group to vfio-pci and back
 * (src/bind.c does it), as root, or through pkexec for a user polkit
 * allows.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "cmd.h"
#include "exitcode.h"
#include "host.h"
#include "journal.h"
#include "pci.h"
#include "pkexec.h"

#define OPT_DRY_RUN	{ "--dry-run", "print every sysfs write, change " \
			    "nothing" }

static int	cmd_bind_exec(struct context *, int, char **);

const struct cmd_entry cmd_bind_entry = {
	.name = "bind",
	.usage = "[--dry-run] [--force] BB:DD.F",
	.globals = CMD_SYSFS | CMD_PROC,
	.help = "give the device's IOMMU group to vfio-pci",
	.opts = { OPT_DRY_RUN, { "--force", "take the boot GPU, storage, "
	    "network, or a GPU in use too" } },
	.exec = cmd_bind_exec,
};

const struct cmd_entry cmd_unbind_entry = {
	.name = "unbind",
	.usage = "[--dry-run] [--force] BB:DD.F",
	.globals = CMD_SYSFS | CMD_PROC,
	.help = "give the group back to its host drivers",
	.opts = { OPT_DRY_RUN, { "--force", "even while a running guest "
	    "holds the group" } },
	.exec = cmd_bind_exec,
};

const struct cmd_entry cmd_restore_entry = {
	.name = "restore",
	.usage = "[--dry-run]",
	.globals = CMD_SYSFS,
	.help = "give every journaled device back",
	.opts = { OPT_DRY_RUN },
	.exec = cmd_bind_exec,
};

/*
 * Binding writes sysfs, which takes root.  A user polkit allows gets it
 * through pkexec, which runs the installed vfiotui as root on our
 * terminal (its agent may ask for a password there).  Root is handed the
 * command as we parsed it, the address in its canonical form, never the
 * user's words.  Returns that vfiotui's exit status, or EXIT_FAILED
 * having said why it did not run.
 */
static int
escalate(const char *verb, int force, const struct pci_addr *addr)
{
	char	where[PCI_ADDR_LEN], err[512], *argv[4];
	int	n = 0, r;

	argv[n++] = (char *)verb;
	if (force)
		argv[n++] = "--force";
	if (addr != NULL) {
		pci_addr_format(addr, where);
		argv[n++] = where;
	}
	argv[n] = NULL;
	if ((r = pkexec_vfiotui(argv, 1, NULL, 0, err, sizeof err)) == -1) {
		fprintf(stderr, "vfiotui: %s needs root: %s\n", verb, err);
		return EXIT_FAILED;
	}
	return r;
}

/*
 * bind, unbind and restore (ARGV[0] says which): [--dry-run] [--force]
 * and, but for restore, one address.
 */
static int
cmd_bind_exec(struct context *ctx, int argc, char **argv)
{
	struct bind_opts	opts = { .proc_root = ctx->proc_root,
				    .out = stdout, .err = stderr };
	const char		*verb = argv[0], *where = NULL;
	char			 jdir[4096], err[512];
	struct pci_addr		 addr;
	int			 restore = strcmp(verb, "restore") == 0, r, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			opts.dry_run = 1;
		else if (strcmp(argv[i], "--force") == 0 && !restore)
			opts.force = 1;
		else if (argv[i][0] != '-' && where == NULL && !restore)
			where = argv[i];
		else
			return bad_usage("%s: unexpected argument '%s'", verb,
			    argv[i]);
	}
	if (!restore && where == NULL)
		return bad_usage("%s: expected one address, BB:DD.F or "
		    "DDDD:BB:DD.F", verb);
	if (!restore && pci_addr_parse(where, &addr) == -1)
		return bad_usage("%s: '%s' is not a PCI address (BB:DD.F or "
		    "DDDD:BB:DD.F)", verb, where);
	/* Fixture trees (--sysfs) are the tests': no root needed there. */
	if (geteuid() != 0 && !opts.dry_run &&
	    strcmp(ctx->sysfs_root, "/sys") == 0)
		return escalate(verb, opts.force, restore ? NULL : &addr);
	if (journal_dir(jdir, sizeof jdir, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: %s: %s%s\n", verb, err, restore ? "" :
		    "; nothing was changed");
		return EXIT_FAILED;
	}
	opts.journal_dir = jdir;
	if ((r = context_load(ctx, PCI_INFO_ALL)) != EXIT_OK)
		return r;
	if (restore)
		return bind_restore(ctx->host, &opts);
	if (strcmp(verb, "bind") == 0)
		return bind_group(ctx->host, &addr, &opts);
	return unbind_group(ctx->host, &addr, &opts);
}
