/*
 * vfiotui: argument parsing and subcommand dispatch.  Global options come
 * before the subcommand; with no subcommand the TUI starts.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "bind_json.h"
#include "bind_text.h"
#include "cli.h"
#include "cmd.h"
#include "exitcode.h"
#include "help.h"
#include "host.h"
#include "journal.h"
#include "loop.h"
#include "pcinames.h"
#include "pkexec.h"
#include "sysfs.h"
#include "userconf.h"
#include "watch.h"
#include "ui.h"

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
	if ((ctx->names = pcinames_new(ctx->sysfs_root)) == NULL) {
		fprintf(stderr, "vfiotui: cannot set up libpci\n");
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

static void
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

static int
cmd_list(struct context *ctx, int argc, char **argv)
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

static int
cmd_show(struct context *ctx, int argc, char **argv)
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

static int
cmd_watch(struct context *ctx, int argc, char **argv)
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

/*
 * bind, unbind and restore: [--dry-run] [--force] [--json] and, but for
 * restore, one address.
 */
static int
cmd_binding(struct context *ctx, int argc, char **argv)
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
	/* Fixture trees (--sysfs) are the tests': no root needed there. */
	if (geteuid() != 0 && !opts.dry_run &&
	    strcmp(ctx->sysfs_root, "/sys") == 0)
		return escalate(verb, opts.force, json, restore ? NULL : &addr);
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
	if (!json)
		bind_text_print(&res, stdout, stderr);
	else if (bind_json_print(stdout, &res) == -1)
		r = EXIT_FAILED;
	bind_result_clear(&res);
	return r;
}

static int
cmd_tui(struct context *ctx)
{
	static struct userconf	 conf;
	struct loop		*loop;
	char			 err[4600];
	int			 r;

	/* A bad setting refuses the dashboard: it would mislead. */
	if (userconf_load(&conf, NULL, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: %s\n", err);
		return EXIT_USAGE;
	}
	if ((r = context_load(ctx, PCI_INFO_ALL)) != EXIT_OK)
		return r;
	if ((loop = loop_new()) == NULL) {
		fprintf(stderr, "vfiotui: out of memory\n");
		return EXIT_FAILED;
	}
	r = ui_run(loop, ctx->host, ctx->names, ctx->proc_root, &conf);
	loop_free(loop);
	return r;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sysfs", required_argument, NULL, 's' },
		{ "proc", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct context	ctx = { .sysfs_root = "/sys", .proc_root = "/proc" };
	int		c, r;

	setlocale(LC_ALL, "");
	opterr = 0;
	/* '+': options after the command belong to the command. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			ctx.sysfs_root = optarg;
			break;
		case 'p':
			ctx.proc_root = optarg;
			break;
		case 'h':
			help_usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("vfiotui %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		default:
			return bad_usage("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (pkexec_refuses(ctx.sysfs_root, ctx.proc_root, argc, argv))
		return EXIT_FAILED;
	if (argc == 0)
		r = cmd_tui(&ctx);
	else if (help_asked(argc, argv))
		r = help_command(argc, argv);
	else if (strcmp(argv[0], "list") == 0)
		r = cmd_list(&ctx, argc, argv);
	else if (strcmp(argv[0], "show") == 0)
		r = cmd_show(&ctx, argc, argv);
	else if (strcmp(argv[0], "watch") == 0)
		r = cmd_watch(&ctx, argc, argv);
	else if (strcmp(argv[0], "bind") == 0 ||
	    strcmp(argv[0], "unbind") == 0 || strcmp(argv[0], "restore") == 0)
		r = cmd_binding(&ctx, argc, argv);
	else if (strcmp(argv[0], "net") == 0)
		r = cmd_net(&ctx, argc, argv);
	else if (strcmp(argv[0], "rom") == 0)
		r = cmd_rom(&ctx, argc, argv);
	else if (strcmp(argv[0], "check") == 0)
		r = cmd_check(&ctx, argc, argv);
	else if (strcmp(argv[0], "guest") == 0)
		r = cmd_guests(&ctx, argc, argv);
	else if (strcmp(argv[0], "memlock") == 0)
		r = cmd_memlock(&ctx, argc, argv);
	else
		r = bad_usage("unknown command '%s'", argv[0]);
	context_free(&ctx);
	return r;
}
