/*
 * What every subcommand shares: the roots the global options move, the
 * model loaded from them, and the two ways a command reports bad input.
 * main.c owns these; each cmd_*.c file implements one family of
 * subcommands on top of them.
 */
#ifndef VFIOTUI_CMD_H
#define VFIOTUI_CMD_H

struct host;
struct pcinames;
struct sysfs;

struct context {
	const char		*sysfs_root;	/* --sysfs, default /sys */
	const char		*proc_root;	/* --proc, default /proc */
	struct sysfs		*sys;
	struct host		*host;
	struct pcinames		*names;
};

/*
 * Opens the sysfs root and loads the model (WHAT: PCI_INFO_* flags);
 * prints why not on failure.  Returns an EXIT_* code.
 */
int	context_load(struct context *, int what);

/* One line on stderr ("vfiotui: ... (try 'vfiotui --help')"); EXIT_USAGE. */
int	bad_usage(const char *, ...) __attribute__((format(printf, 1, 2)));

/* A command whose only option is --json: sets *json, or says what is wrong. */
int	json_option(int argc, char **argv, int *json);

int	cmd_rom(struct context *, int argc, char **argv);
int	cmd_check(struct context *, int argc, char **argv);

#endif
