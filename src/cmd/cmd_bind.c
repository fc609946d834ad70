/*
 * `vfiotui bind|unbind [--dry-run] [--force] [--json] BB:DD.F` and
 * `vfiotui restore [--dry-run] [--json]`: a device's IOMMU group to
 * vfio-pci and back (src/host/bind.c does it), as root, or through pkexec for
 * a user polkit allows; the result in words (bind_text.c) or as JSON
 * (bind_json.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bind.h"
#include "bind_json.h"
#include "bind_text.h"
#include "cmd.h"
#include "exitcode.h"
#include "host.h"
#include "journal.h"
#include "pci.h"
#include "pkexec.h"

#define OPT_DRY_RUN	{ "--dry-run", "print every sysfs write, change " \
			    "nothing" }
#define OPT_BIND_JSON	{ "--json", "the result as JSON: each device's " \
			    "driver before and after, or the step that failed" }

static int	cmd_bind_exec(struct context *, int, char **);

const struct cmd_entry cmd_bind_entry = {
	.name = "bind",
	.usage = "[--dry-run] [--force] [--json] BB:DD.F",
	.globals = CMD_SYSFS | CMD_PROC,
	.help = "give the device's IOMMU group to vfio-pci",
	.opts = { OPT_DRY_RUN, { "--force", "take the boot GPU, storage, "
	    "network, or a GPU in use too" }, OPT_BIND_JSON },
	.exec = cmd_bind_exec,
};

const struct cmd_entry cmd_unbind_entry = {
	.name = "unbind",
	.usage = "[--dry-run] [--force] [--json] BB:DD.F",
	.globals = CMD_SYSFS | CMD_PROC,
	.help = "give the group back to its host drivers",
	.opts = { OPT_DRY_RUN, { "--force", "even while a running guest "
	    "holds the group" }, OPT_BIND_JSON },
	.exec = cmd_bind_exec,
};

const struct cmd_entry cmd_restore_entry = {
	.name = "restore",
	.usage = "[--dry-run] [--json]",
	.globals = CMD_SYSFS,
	.help = "give every journaled device back",
	.opts = { OPT_DRY_RUN, OPT_BIND_JSON },
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
escalate(const char *verb, int force, int json, const struct pci_addr *addr)
{
	char	where[PCI_ADDR_LEN], err[512], *argv[5];
	int	n = 0, r;

	argv[n++] = (char *)verb;
	if (force)
		argv[n++] = "--force";
	if (json)
		argv[n++] = "--json";
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

static void
print_result(struct bind_result *res, int json, int *r)
{
	if (!json)
		bind_text_print(res, stdout, stderr);
	else if (bind_json_print(stdout, res) == -1)
		*r = EXIT_FAILED;
}

/*
 * Before root is asked for, what the system refuses anyway (no such
 * device, no IOMMU group, a device the host needs) is said as a dry run
 * as ourselves finds it, as root would say it: a password is not asked
 * for a no.  Root checks again, and may see more holders.  1 when it was
 * refused, with the exit status in R.
 */
static int
refused_as_user(struct context *ctx, const char *verb,
    const struct pci_addr *addr, const struct bind_opts *opts, int json,
    int *r)
{
	struct bind_opts	o = *opts;
	struct bind_result	res;
	char			jdir[4096], err[512];

	if ((*r = context_load(ctx, PCI_INFO_ALL)) != EXIT_OK)
		return 1;
	o.dry_run = 1;
	o.journal_dir = journal_dir(jdir, sizeof jdir, err, sizeof err) == 0 ?
	    jdir : "";
	*r = strcmp(verb, "bind") == 0 ? bind_group(ctx->host, addr, &o, &res) :
	    unbind_group(ctx->host, addr, &o, &res);
	if (res.failure != BIND_FAIL_NO_DEVICE &&
	    res.failure != BIND_FAIL_NO_GROUP &&
	    res.failure != BIND_FAIL_REFUSED) {
		bind_result_clear(&res);
		return 0;
	}
	res.dry_run = 0;
	print_result(&res, json, r);
	bind_result_clear(&res);
	return 1;
}

/*
 * bind, unbind and restore (ARGV[0] says which): [--dry-run] [--force]
 * [--json] and, but for restore, one address.
 */
static int
cmd_bind_exec(struct context *ctx, int argc, char **argv)
{
	struct bind_opts	opts = { .proc_root = ctx->proc_root };
	struct bind_result	res;
	const char		*verb = argv[0], *where = NULL;
	char			 jdir[4096], err[512];
	struct pci_addr		 addr;
	int			 restore = strcmp(verb, "restore") == 0, r, i;
	int			 json = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			opts.dry_run = 1;
		else if (strcmp(argv[i], "--force") == 0 && !restore)
			opts.force = 1;
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
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
	if (!opts.dry_run && pkexec_needed(ctx->sysfs_root)) {
		if (!restore && refused_as_user(ctx, verb, &addr, &opts, json,
		    &r))
			return r;
		return escalate(verb, opts.force, json, restore ? NULL : &addr);
	}
	if (journal_dir(jdir, sizeof jdir, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: %s: %s%s\n", verb, err, restore ? "" :
		    "; nothing was changed");
		return EXIT_FAILED;
	}
	opts.journal_dir = jdir;
	if ((r = context_load(ctx, PCI_INFO_ALL)) != EXIT_OK)
		return r;
	if (restore)
		r = bind_restore(ctx->host, &opts, &res);
	else if (strcmp(verb, "bind") == 0)
		r = bind_group(ctx->host, &addr, &opts, &res);
	else
		r = unbind_group(ctx->host, &addr, &opts, &res);
	print_result(&res, json, &r);
	bind_result_clear(&res);
	return r;
}
