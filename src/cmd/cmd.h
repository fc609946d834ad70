/*
 * The commands.  Each cmd_*.c defines the entries of the commands it
 * runs (name, usage, options, help, function), so that what a command's
 * help says sits beside the code that parses its arguments;
 * src/cmd/cmd_table.c lists them all and finds the one a command line names.
 * The program's --help and every command's (src/cmd/help.c) print the
 * entries, and the bash completion and tests/man.sh read that.
 *
 * And what every command shares (src/cmd/cmd_context.c): the roots the
 * global options move, the model loaded from them, and the one way a
 * command says its input is wrong.
 */
#ifndef VFIOTUI_CMD_H
#define VFIOTUI_CMD_H

#include <stdio.h>

struct check_list;
struct host;
struct pcinames;
struct sysfs;
struct guest_paths;

struct context {
	const char		*sysfs_root;	/* --sysfs, default /sys */
	const char		*proc_root;	/* --proc, default /proc */
	struct sysfs		*sys;
	struct host		*host;
	struct pcinames		*names;
};

/* The global options that change what a command does, for its help. */
#define CMD_SYSFS	0x1	/* [--sysfs DIR] */
#define CMD_PROC	0x2	/* [--proc DIR] */

#define CMD_OPTS_MAX	10

struct cmd_opt {
	const char	*name;		/* "--timeout S" */
	const char	*help;
};

/*
 * A command.  EXEC runs it on ARGV from the last word of its name on
 * (for "guest start NAME", ARGV is "start NAME") and returns an EXIT_*
 * code, having said why on stderr when it is not EXIT_OK.
 */
struct cmd_entry {
	const char	*name;		/* "list", "guest start" */
	const char	*usage;		/* what follows the name */
	int		 globals;	/* CMD_SYSFS, CMD_PROC */
	const char	*help;		/* what it does, in one line */
	struct cmd_opt	 opts[CMD_OPTS_MAX];
	int		(*exec)(struct context *, int argc, char **argv);
};

/* Every command, in the order --help lists them; NULL ends it. */
extern const struct cmd_entry *const cmd_table[];

/*
 * The command the first words of ARGV name, the longest name that
 * matches, with *NWORDS the words its name took; NULL when none does.
 */
const struct cmd_entry	*cmd_find(int argc, char **argv, int *nwords);

/* Whether command E is one of FAMILY's ("net start" is net's). */
int	cmd_in_family(const struct cmd_entry *e, const char *family);

/* Whether WORD names a family of commands: net, guest. */
int	cmd_is_family(const char *word);

/*
 * Says why ARGV, in which cmd_find() found no command, names none: an
 * unknown command, or a family's verb missing or unknown.  EXIT_USAGE.
 */
int	cmd_unknown(int argc, char **argv);

/*
 * Opens the sysfs root and loads the model (WHAT: PCI_INFO_* flags);
 * prints why not on failure.  Returns an EXIT_* code.
 */
int	context_load(struct context *, int what);
/* Frees what context_load() loaded, all or part of it. */
void	context_free(struct context *);

/* One line on stderr ("vfiotui: ... (try 'vfiotui --help')"); EXIT_USAGE. */
int	bad_usage(const char *, ...) __attribute__((format(printf, 1, 2)));

/* Prints checks as vfiotui check does (check_text.c). */
void	check_print_text(FILE *, const struct check_list *);

/* A command whose only option is --json: sets *json, or says what is wrong. */
int	json_option(int argc, char **argv, int *json);

/*
 * Whether guest NAME has no profile: no such guest, the system's no
 * (EXIT_FAILED), where a profile that does not parse is bad input.
 */
int	guest_profile_missing(const char *name);
/* Whether NAME has a profile or a runtime dir (at GP's dir). */
int	guest_known(const char *name, const struct guest_paths *gp);

/*
 * Guest NAME's profile and paths for a guest VERB, or the exit status of
 * why not (said on stderr): a bad name is bad usage, a missing profile
 * the system's no, one that does not parse bad input.
 */
struct guest_paths;
struct profile;
int	guest_profile_load(const char *verb, const char *name,
	    struct profile **, struct guest_paths *);

/* Whether ARG names a QMP socket, not a guest: a '/' in it, or a socket. */
int	guest_arg_is_socket(const char *arg);

/*
 * vfiotui guest VERB [--json] [--timeout S] SOCKET, ARGV from VERB on:
 * the verbs that work on any QEMU's QMP socket (src/cmd/cmd_guest_qmp.c),
 * once src/cmd/cmd_guest.c has made a guest's NAME its socket.
 */
int	cmd_guest_qmp(int argc, char **argv);

#endif
