/*
 * The help of every command, from the table of commands (src/cmd/cmd.h):
 * the program's --help lists their synopses, a command's --help prints
 * its entry in full, a family's (net, guest) its verbs' synopses.  The
 * bash completion reads both, and tests/man.sh holds the man page to
 * them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "help.h"

/*
 * "  NAME ARGS", then WHAT beside it from column 21, or on the next line
 * when NAME ARGS leaves fewer than two blanks; WHAT wraps at 80 columns.
 */
static void
print_line(FILE *out, const char *left, const char *what)
{
	const char	*p = what;
	int		 col, n;

	col = fprintf(out, "  %s", left);
	while (*p != '\0') {
		n = (int)strcspn(p, " ");
		/* Two blanks at least between a synopsis and its help. */
		if ((p == what ? col > 18 : col > 20 && col + 1 + n > 80)) {
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
print_synopsis(FILE *out, const struct cmd_entry *e)
{
	char	left[128];

	snprintf(left, sizeof left, "%s %s", e->name, e->usage);
	print_line(out, left, e->help);
}

void
help_usage(FILE *out)
{
	const struct cmd_entry	*const *e;

	fprintf(out,
	    "usage: vfiotui [--sysfs DIR] [--proc DIR] [COMMAND [ARGS]]\n"
	    "\n"
	    "With no command, the terminal dashboard starts (its settings:\n"
	    "~/.config/vfiotui/config, see vfiotui(1)).\n"
	    "'vfiotui COMMAND --help' describes a command and its options;\n"
	    "the options below that a command takes may follow it too.\n"
	    "\n"
	    "commands:\n");
	for (e = cmd_table; *e != NULL; e++)
		print_synopsis(out, *e);
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
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static void
print_command(FILE *out, const struct cmd_entry *e)
{
	const struct cmd_opt	*o;
	char			 globals[64];
	size_t			 i;

	snprintf(globals, sizeof globals, "%s%s", e->globals & CMD_SYSFS ?
	    "[--sysfs DIR] " : "", e->globals & CMD_PROC ? "[--proc DIR] " :
	    "");
	/* Past 80 columns they go: the last line names them anyway. */
	if (strlen("usage: vfiotui ") + strlen(globals) + strlen(e->name) + 1 +
	    strlen(e->usage) > 80)
		globals[0] = '\0';
	fprintf(out, "usage: vfiotui %s%s %s\n\n%s\n", globals, e->name,
	    e->usage, e->help);
	for (i = 0; i < CMD_OPTS_MAX && e->opts[i].name != NULL; i++) {
		o = &e->opts[i];
		if (i == 0)
			fprintf(out, "\noptions:\n");
		print_line(out, o->name, o->help);
	}
	if (globals[0] != '\0')
		fprintf(out, "\nbefore or after the command: %s(see 'vfiotui "
		    "--help')\n", globals);
}

int
help_command(int argc, char **argv)
{
	const struct cmd_entry	*const *e, *cmd;
	int			 nwords;

	if ((cmd = cmd_find(argc, argv, &nwords)) != NULL) {
		print_command(stdout, cmd);
		return EXIT_OK;
	}
	/* "net --help", "guest --json --help": the family's verbs. */
	if (!cmd_is_family(argv[0]) || (argc > 1 && argv[1][0] != '-'))
		return cmd_unknown(argc, argv);
	printf("usage: vfiotui %s COMMAND [ARGS]\n\ncommands:\n", argv[0]);
	for (e = cmd_table; *e != NULL; e++)
		if (cmd_in_family(*e, argv[0]))
			print_synopsis(stdout, *e);
	printf("\n'vfiotui %s COMMAND --help' describes one.\n", argv[0]);
	return EXIT_OK;
}
