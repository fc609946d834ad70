/*
 * vfiotui: the global options, then the command the table of commands
 * (src/cmd/cmd_table.c) finds in the words after them, or with none the
 * dashboard.  Options after the command are the command's own, but for
 * the global ones it takes (--sysfs, --proc), which may come there too.
 */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "help.h"
#include "host.h"
#include "loop.h"
#include "pkexec.h"
#include "userconf.h"
#include "ui.h"

static int
run_dashboard(struct context *ctx)
{
	static struct userconf	 conf;
	struct loop		*loop;
	char			 err[4600];
	int			 r;

	/*
	 * The character set alone, and only here: curses needs it for wide
	 * characters, while the commands print nothing locale-bound and list
	 * would pay its opens on every run.  Nothing here is worded, sorted or
	 * numbered by locale; every category would cost two opens each where
	 * there is no locale-archive.
	 */
	setlocale(LC_CTYPE, "");
	/* A bad setting refuses the dashboard: it would mislead. */
	if (userconf_load(&conf, NULL, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: %s\n", err);
		return EXIT_USAGE;
	}
	/* What every row needs; ui_run() reads the rest around its frame. */
	if ((r = context_load(ctx, PCI_INFO_IDENT | PCI_INFO_DRIVER)) !=
	    EXIT_OK)
		return r;
	if ((loop = loop_new()) == NULL) {
		fprintf(stderr, "vfiotui: out of memory\n");
		return EXIT_FAILED;
	}
	r = ui_run(loop, ctx->host, ctx->names, ctx->proc_root, &conf);
	loop_free(loop);
	return r;
}

/*
 * Takes the global options command E takes (its globals) out of ARGV,
 * its words after its name, into CTX: "list --sysfs DIR" is
 * "--sysfs DIR list".  Returns the words left, or -1 having said what is
 * wrong.
 */
static int
take_globals(const struct cmd_entry *e, struct context *ctx, int argc,
    char **argv)
{
	static const struct {
		const char	*name;
		int		 flag;
	} globals[] = { { "--sysfs", CMD_SYSFS }, { "--proc", CMD_PROC } };
	const char	**root, *value;
	size_t		  g, len;
	int		  i, n = 0;

	for (i = 0; i < argc; i++) {
		for (g = 0; g < sizeof globals / sizeof globals[0]; g++) {
			len = strlen(globals[g].name);
			if ((e->globals & globals[g].flag) &&
			    strncmp(argv[i], globals[g].name, len) == 0 &&
			    (argv[i][len] == '\0' || argv[i][len] == '='))
				break;
		}
		if (g == sizeof globals / sizeof globals[0]) {
			argv[n++] = argv[i];
			continue;
		}
		root = globals[g].flag == CMD_SYSFS ? &ctx->sysfs_root :
		    &ctx->proc_root;
		if ((value = strchr(argv[i], '=')) != NULL)
			value++;
		else if (i + 1 < argc)
			value = argv[++i];
		else {
			bad_usage("%s: %s needs a directory", e->name,
			    globals[g].name);
			return -1;
		}
		*root = value;
	}
	argv[n] = NULL;
	return n;
}

int
main(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "sysfs", required_argument, NULL, 's' },
		{ "proc", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct context			 ctx = { .sysfs_root = "/sys",
					    .proc_root = "/proc" };
	const struct cmd_entry		*cmd;
	int				 c, n, nwords, r;

	/*
	 * libpci's names are thousands of small blocks, freed on the way
	 * out; glibc would hand the heap back to the kernel a few pages at a
	 * time, a brk each (260 for a desktop's list: an eighth of its time).
	 */
	mallopt(M_TRIM_THRESHOLD, 16 << 20);
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
	/* Before pkexec's narrowing, which must see every root. */
	if ((cmd = cmd_find(argc, argv, &nwords)) != NULL &&
	    (n = take_globals(cmd, &ctx, argc - nwords, argv + nwords)) == -1)
		return EXIT_USAGE;
	if (cmd != NULL)
		argc = nwords + n;
	if (pkexec_refuses(ctx.sysfs_root, ctx.proc_root, argc, argv))
		return EXIT_FAILED;
	if (argc == 0)
		r = run_dashboard(&ctx);
	else if (help_asked(argc, argv))
		r = help_command(argc, argv);
	else if (cmd == NULL)
		r = cmd_unknown(argc, argv);
	else
		r = cmd->exec(&ctx, argc - nwords + 1, argv + nwords - 1);
	context_free(&ctx);
	return r;
}
