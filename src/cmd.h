/*
 * What every subcommand shares: the roots the global options move, the
 * model loaded from them, and the two ways a command reports bad input
 * (src/cmd_context.c); each cmd_*.c file implements one family of
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
/* Frees what context_load() loaded, all or part of it. */
void	context_free(struct context *);

/* One line on stderr ("vfiotui: ... (try 'vfiotui --help')"); EXIT_USAGE. */
int	bad_usage(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * Whether guest NAME has no profile: no such guest, the system's no
 * (EXIT_FAILED), where a profile that does not parse is bad input.
 */
int	guest_profile_missing(const char *name);

/* A command whose only option is --json: sets *json, or says what is wrong. */
int	json_option(int argc, char **argv, int *json);

/* The subcommand families, one file each. */
int	cmd_list(struct context *, int argc, char **argv);
int	cmd_show(struct context *, int argc, char **argv);
int	cmd_watch(struct context *, int argc, char **argv);
/* bind, unbind and restore, ARGV[0] saying which. */
int	cmd_binding(struct context *, int argc, char **argv);
int	cmd_net(struct context *, int argc, char **argv);
int	cmd_rom(struct context *, int argc, char **argv);
int	cmd_check(struct context *, int argc, char **argv);
/* vfiotui memlock PID BYTES: root's side of guest start's memlock. */
int	cmd_memlock(struct context *, int argc, char **argv);
/*
 * vfiotui guest VERB [--json] [--timeout S] SOCKET: the verbs that work on
 * any QEMU's QMP socket (src/cmd_guest_qmp.c).
 */
int	cmd_guest(struct context *, int argc, char **argv);
/* Whether ARG names a QMP socket, not a guest: a '/' in it, or a socket. */
int	guest_arg_is_socket(const char *arg);
/*
 * Runs VERB (status, pause, resume, powerdown, reset, kill, attach) on the
 * QMP socket at PATH; -1 when VERB is none of them, else an EXIT_* code.
 */
int	guest_qmp_verb(const char *verb, const char *path, int json,
	    int timeout_ms);
/*
 * vfiotui guest ...: list, start and stop by name (src/cmd_guest.c); the
 * other verbs get a NAME turned into its socket, then go to cmd_guest().
 */
int	cmd_guests(struct context *, int argc, char **argv);

#endif
