/*
 * The help of every command.  Each entry is a command's synopsis, one line
 * of what it does, and its options; the program's --help lists the
 * synopses, a command's --help prints its entry in full.  The bash
 * completion reads both, and tests/man.sh holds the man page to them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "help.h"

#define HELP_OPTS_MAX	3

struct help_opt {
	const char	*name;
	const char	*what;
};

struct help_cmd {
	const char	*name;		/* "list", "guest start" */
	const char	*args;
	const char	*globals;	/* the global options that change it */
	const char	*what;
	struct help_opt	 opts[HELP_OPTS_MAX];
};

#define SYSFS		"[--sysfs DIR] "
#define SYSFS_PROC	"[--sysfs DIR] [--proc DIR] "
#define PROC		"[--proc DIR] "
#define OPT_JSON(what)	{ "--json", what }
#define OPT_TIMEOUT	{ "--timeout S", "wait S seconds for QEMU's answer (5)" }
#define OPT_CONFIG	{ "--config FILE", "read FILE, not " \
			    "~/.config/vfiotui/net.conf (root: " SYSCONFDIR \
			    "/vfiotui/net.conf)" }
#define OPT_DRY_RUN	{ "--dry-run", "print every sysfs write, change nothing" }
#define OPT_BIND_JSON	OPT_JSON("the result as JSON: each device's driver " \
			    "before and after, or the step that failed")
#define QMP_ARGS	"[--json] [--timeout S] NAME|SOCKET"
#define QMP_OPTS	{ OPT_JSON("QMP's answer as JSON"), OPT_TIMEOUT }

static const struct help_cmd help_cmds[] = {
	{ "list", "[--json]", SYSFS,
	    "every PCI device by IOMMU group, as lspci -nn",
	    { OPT_JSON("the whole model: ids, names, drivers, power, groups") } },
	{ "show", "BB:DD.F", SYSFS,
	    "one device: ids, driver, group, power", { { NULL, NULL } } },
	{ "watch", "[--json]", SYSFS,
	    "driver, power and hotplug changes as they come",
	    { OPT_JSON("one JSON object a line") } },
	{ "bind", "[--dry-run] [--force] [--json] BB:DD.F", SYSFS_PROC,
	    "give the device's IOMMU group to vfio-pci",
	    { OPT_DRY_RUN, { "--force", "take the boot GPU, storage, "
	    "network, or a GPU in use too" }, OPT_BIND_JSON } },
	{ "unbind", "[--dry-run] [--force] [--json] BB:DD.F", SYSFS_PROC,
	    "give the group back to its host drivers",
	    { OPT_DRY_RUN, { "--force", "even while a running guest holds "
	    "the group" }, OPT_BIND_JSON } },
	{ "restore", "[--dry-run] [--json]", SYSFS,
	    "give every journaled device back",
	    { OPT_DRY_RUN, OPT_BIND_JSON } },
	{ "net start", "[--config FILE]", "",
	    "start the guests' VDE switch, tap address and slirpvde",
	    { OPT_CONFIG } },
	{ "net stop", "[--force] [--config FILE]", "",
	    "stop the switch and slirpvde, remove their sockets",
	    { { "--force", "stop a switch vfiotui did not start too" },
	    OPT_CONFIG } },
	{ "net status", "[--json] [--config FILE]", "",
	    "the switch, its ports, the tap and slirpvde",
	    { OPT_JSON("the same as one JSON object"), OPT_CONFIG } },
	{ "rom", "FILE [--json] [--device BB:DD.F]", SYSFS,
	    "a vBIOS file's images, as rom-parser lists them, judged",
	    { OPT_JSON("the images and the verdict as JSON"),
	    { "--device BB:DD.F", "whether the images are for this device" } } },
	{ "check", "[--json] [BB:DD.F|GUEST]", SYSFS_PROC,
	    "preflight checks, or a guest's Code 43 checklist",
	    { OPT_JSON("the checks as JSON") } },
	{ "guest list", "[--json]", "",
	    "guests from profiles, and the running ones",
	    { OPT_JSON("name, profile, running, pid and qmp of each") } },
	{ "guest start", "[--print] NAME", SYSFS,
	    "check and start a guest from its profile",
	    { { "--print", "print QEMU's arguments, one a line; start "
	    "nothing" } } },
	{ "guest stop", "[--timeout S] NAME", "",
	    "ACPI power-down, then quit after S seconds",
	    { { "--timeout S", "wait S s for its OS (default: stop-timeout, "
	    "60)" } } },
	{ "guest status", QMP_ARGS, "",
	    "a QEMU's run state, version, pid, uptime and PCI devices",
	    { OPT_JSON("the whole record as one object"), OPT_TIMEOUT } },
	{ "guest pause", QMP_ARGS, "", "stop the guest's CPUs (QMP stop)",
	    QMP_OPTS },
	{ "guest resume", QMP_ARGS, "", "run them again (QMP cont)",
	    QMP_OPTS },
	{ "guest powerdown", QMP_ARGS, "", "press the ACPI power button",
	    QMP_OPTS },
	{ "guest reset", QMP_ARGS, "", "reset the guest (system_reset)",
	    QMP_OPTS },
	{ "guest kill", QMP_ARGS, "", "tell QEMU to quit now", QMP_OPTS },
	{ "guest attach", QMP_ARGS, "",
	    "print QEMU's events as they come, until it goes or ^C",
	    { OPT_JSON("one JSON object a line"), OPT_TIMEOUT } },
	{ "memlock", "PID BYTES", PROC,
	    "root, for guest start through pkexec: let PID, the caller's "
	    "process, lock BYTES", { { NULL, NULL } } },
};
#define HELP_NCMDS	(sizeof help_cmds / sizeof help_cmds[0])

/*
 * "  NAME ARGS", then WHAT beside it from column 21, or on the next line
 * when NAME ARGS is too long; WHAT wraps at 80 columns.
 */
static void
print_line(FILE *out, const char *left, const char *what)
{
	const char	*p = what;
	int		 col, n;

	col = fprintf(out, "  %s", left);
	while (*p != '\0') {
		n = (int)strcspn(p, " ");
		if (col > 20 && (p == what || col + 1 + n > 80)) {
			fprintf(out, "\n%20s", "");
			col = 20;
		}
		col += fprintf(out, "%*s%.*s", 21 - col > 1 ? 21 - col : 1, "",
		    n, p);
		p += n;
		p += strspn(p, " ");
	}
	fprintf(out, "\n");
}

static void
print_synopsis(FILE *out, const struct help_cmd *c)
{
	char	left[128];

	snprintf(left, sizeof left, "%s %s", c->name, c->args);
	print_line(out, left, c->what);
}

void
help_usage(FILE *out)
{
	size_t	i;

	fprintf(out,
	    "usage: vfiotui [--sysfs DIR] [--proc DIR] [COMMAND [ARGS]]\n"
	    "\n"
	    "With no command, the terminal dashboard starts (its settings:\n"
	    "~/.config/vfiotui/config, see vfiotui(1)).\n"
	    "'vfiotui COMMAND --help' describes a command and its options.\n"
	    "\n"
	    "commands:\n");
	for (i = 0; i < HELP_NCMDS; i++)
		print_synopsis(out, &help_cmds[i]);
	fprintf(out,
	    "\n"
	    "options:\n"
	    "  --sysfs DIR        read the system from DIR instead of /sys\n"
	    "  --proc DIR         look for processes in DIR instead of /proc\n"
	    "  -h, --help         show this help\n"
	    "  -V, --version      show the version\n"
	    "\n"
	    "exit status: %d done, %d the action failed, %d bad usage or "
	    "input\n", EXIT_OK, EXIT_FAILED, EXIT_USAGE);
}

int
help_asked(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

/* Whether command C is FAMILY, or FAMILY VERB when VERB is not NULL. */
static int
help_matches(const struct help_cmd *c, const char *family, const char *verb)
{
	size_t	len = strlen(family);

	if (strncmp(c->name, family, len) != 0)
		return 0;
	if (verb == NULL)
		return c->name[len] == '\0' || c->name[len] == ' ';
	return c->name[len] == ' ' && strcmp(c->name + len + 1, verb) == 0;
}

static void
print_command(FILE *out, const struct help_cmd *c)
{
	const struct help_opt	*o;
	const char		*globals = c->globals;
	size_t			 i;

	/* Past 80 columns they go: the last line names them anyway. */
	if (strlen("usage: vfiotui ") + strlen(globals) + strlen(c->name) + 1 +
	    strlen(c->args) > 80)
		globals = "";
	fprintf(out, "usage: vfiotui %s%s %s\n\n%s\n", globals, c->name,
	    c->args, c->what);
	for (i = 0; i < HELP_OPTS_MAX && c->opts[i].name != NULL; i++) {
		o = &c->opts[i];
		if (i == 0)
			fprintf(out, "\noptions:\n");
		print_line(out, o->name, o->what);
	}
	if (c->globals[0] != '\0')
		fprintf(out, "\nbefore the command: %s(see 'vfiotui --help')\n",
		    c->globals);
}

int
help_command(int argc, char **argv)
{
	const char	*verb = NULL;
	size_t		 i, n = 0;

	if (argc > 1 && argv[1][0] != '-')
		verb = argv[1];
	for (i = 0; i < HELP_NCMDS; i++) {
		if (!help_matches(&help_cmds[i], argv[0], NULL))
			continue;
		n++;
		/* A command without verbs, or the verb asked for. */
		if (strchr(help_cmds[i].name, ' ') == NULL ||
		    (verb != NULL && help_matches(&help_cmds[i], argv[0],
		    verb))) {
			print_command(stdout, &help_cmds[i]);
			return EXIT_OK;
		}
	}
	if (n == 0)
		return bad_usage("unknown command '%s'", argv[0]);
	if (verb != NULL)
		return bad_usage("%s: unknown command '%s'", argv[0], verb);
	printf("usage: vfiotui %s COMMAND [ARGS]\n\ncommands:\n", argv[0]);
	for (i = 0; i < HELP_NCMDS; i++)
		if (help_matches(&help_cmds[i], argv[0], NULL))
			print_synopsis(stdout, &help_cmds[i]);
	printf("\n'vfiotui %s COMMAND --help' describes one.\n", argv[0]);
	return EXIT_OK;
}
