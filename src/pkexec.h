/*
 * The way to root for a user polkit allows: polkit's pkexec running the
 * installed vfiotui (the program the action org.vfiotui.bind names) with
 * the arguments given, and what pkexec's own exit statuses mean.
 */
#ifndef VFIOTUI_PKEXEC_H
#define VFIOTUI_PKEXEC_H

#include <stddef.h>

struct sysfs;

/* Whether binding on SYS takes pkexec: not root, on the real /sys. */
int	pkexec_needed(const struct sysfs *sys);

/*
 * Runs BINDIR/vfiotui ARGS (NULL-terminated) as root through pkexec.
 * ON_TTY: on our own stdin, stdout and stderr, where pkexec's agent may
 * ask for a password; else its output is collected in OUT and pkexec
 * runs no agent of its own (it would write over the dashboard), so only
 * a rule or a desktop's agent can allow it.  Returns that vfiotui's exit
 * status, or -1 with why in ERR: no action installed, pkexec cannot run,
 * or polkit did not allow it (pkexec's 126 and 127, which no vfiotui
 * exits with).
 */
int	pkexec_vfiotui(char *const args[], int on_tty, char *out, size_t outlen,
	    char *err, size_t errlen);

#endif
