/*
 * QEMU's command line for a guest profile: an argv to exec, never a shell
 * line.  Building it reads nothing but whether a cdrom entry is a
 * directory, so `guest start NAME --print` has no side effects.
 */
#ifndef VFIOTUI_QEMU_ARGV_H
#define VFIOTUI_QEMU_ARGV_H

#include <stddef.h>

struct profile;

/* Where the guest's runtime and state files are. */
struct qemu_paths {
	const char	*qmp_sock;	/* for the one who watches */
	const char	*ctl_sock;	/* for one-shot commands meanwhile */
	const char	*attach_sock;	/* for guest attach meanwhile */
	const char	*pidfile;
	const char	*log;		/* QEMU's stderr once it daemonized */
	const char	*ovmf_vars;	/* the guest's own copy */
	const char	*vde_sock;	/* the switch of "network = vde" */
	const char	*state_dir;	/* where directory cdroms' ISOs go */
	const char	*serial_sock;	/* the console's; NULL: no serial */
	const char	*display_sock;	/* SPICE's or VNC's */
	const char	*console_log;	/* what the guest wrote to it */
};

/*
 * The argv (NULL-terminated; free with qemu_argv_free()), or NULL with
 * why in ERR.  QEMU daemonizes itself once its QMP socket listens.
 */
char	**qemu_argv(const struct profile *, const struct qemu_paths *,
	    char *err, size_t errlen);
void	  qemu_argv_free(char **);

/* The ISO cached for cdrom entry I when it names a directory. */
int	qemu_cdrom_iso_path(const char *state_dir, size_t i, char *buf,
	    size_t len);

#endif
