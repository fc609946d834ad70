/*
 * vfiotui guest new NAME: a profile drafted from this machine
 * (src/check/guest_draft.c), written where guest start looks, read back
 * as guest start will read it, and judged by its Code 43 checklist.  The
 * hidden --files-root DIR stands for / (/dev/kvm, the firmware) in the
 * tests, as in vfiotui check.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd.h"
#include "exitcode.h"
#include "guest_draft.h"
#include "host.h"
#include "profile.h"

static int	cmd_guest_new_exec(struct context *, int, char **);

const struct cmd_entry cmd_guest_new_entry = {
	.name = "guest new",
	.usage = "[OPTIONS] NAME",
	.globals = CMD_SYSFS | CMD_PROC,
	.help = "write a guest's profile from this machine, then check it",
	.opts = {
		{ "--gpu BB:DD.F", "the GPU to pass (default: the first the "
		    "host does not boot on)" },
		{ "--iso FILE", "the installer, as a cdrom" },
		{ "--disk FILE|SIZE", "the guest's disk (image or block "
		    "device), or a new qcow2 disk of SIZE (64G)" },
		{ "--rom FILE", "its vBIOS (default: searched in "
		    "~/.local/share/vfiotui/roms)" },
		{ "--memory M", "e.g. 8G (default: the reserved hugepages, or "
		    "half the host's memory up to 8G)" },
		{ "--cpus N", "vCPUs (default: whole cores beside the host's "
		    "first)" },
		{ "--network NET", "vde, user or none (default: vde when "
		    "net.conf exists, else user)" },
		{ "--secure-boot", "OVMF with Secure Boot" },
		{ "--force", "replace a profile of that name" },
		{ "--print", "print the profile; write nothing" },
	},
	.exec = cmd_guest_new_exec,
};

static int
parse_args(int argc, char **argv, struct guest_draft *dr, int *force,
    int *print, const char **files_root)
{
	const char	*opt;
	char		 err[256];
	int		 i, r;

	for (i = 1; i < argc; i++) {
		opt = argv[i];
		if ((r = guest_draft_set(dr, opt, i + 1 < argc ? argv[i + 1] :
		    NULL, err, sizeof err)) == -1)
			return bad_usage("guest new: %s", err);
		if (r == 0)
			i++;
		else if (strcmp(opt, "--files-root") == 0) {
			if (++i == argc)
				return bad_usage("guest new: %s wants a value",
				    opt);
			*files_root = argv[i];
		} else if (strcmp(opt, "--secure-boot") == 0)
			dr->secure_boot = 1;
		else if (strcmp(opt, "--force") == 0)
			*force = 1;
		else if (strcmp(opt, "--print") == 0)
			*print = 1;
		else if (opt[0] != '-' && dr->name == NULL)
			dr->name = opt;
		else
			return bad_usage("guest new: unexpected argument '%s'",
			    opt);
	}
	if (dr->name == NULL)
		return bad_usage("guest new: which name? (vfiotui guest new "
		    "win10)");
	if (!profile_name_ok(dr->name))
		return bad_usage("guest new: '%s' cannot name a guest "
		    "(letters, digits, '-', '_', '.')", dr->name);
	return EXIT_OK;
}

static int
cmd_guest_new_exec(struct context *ctx, int argc, char **argv)
{
	struct guest_draft	 dr = { 0 };
	struct check_env	 env = { .proc_root = ctx->proc_root,
				    .files_root = "" };
	struct check_list	 list = { 0 };
	char			*text = NULL, err[1024], path[PATH_MAX + 80];
	size_t			 len = 0;
	int			 force = 0, print = 0, r;

	if ((r = parse_args(argc, argv, &dr, &force, &print,
	    &env.files_root)) != EXIT_OK ||
	    (r = context_load(ctx, PCI_INFO_ALL)) != EXIT_OK)
		return r;
	env.host = ctx->host;
	env.names = ctx->names;
	if (guest_draft_text(&env, &dr, &text, &len, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest new: %s\n", err);
		return EXIT_FAILED;
	}
	if (print) {
		fputs(text, stdout);
		free(text);
		return EXIT_OK;
	}
	r = guest_draft_save(&dr, text, len, force, path, sizeof path, err,
	    sizeof err);
	free(text);
	if (r == -1) {
		fprintf(stderr, "vfiotui: guest new: %s\n", err);
		return EXIT_FAILED;
	}
	printf("wrote %s\n", path);
	/* What the guest's driver will look at, on what was written. */
	if (check_guest_profile(&env, dr.name, &list, err, sizeof err) == 0) {
		printf("Its Code 43 checklist:\n");
		check_print_text(stdout, &list);
	}
	check_free_list(&list);
	return EXIT_OK;
}
