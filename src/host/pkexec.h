/*
 * The way to root for a user polkit allows: polkit's pkexec running the
 * installed vfiotui (the program the action org.vfiotui.bind names) with
 * the arguments given, and what pkexec's own exit statuses mean.
 */
#ifndef VFIOTUI_PKEXEC_H
#define VFIOTUI_PKEXEC_H

#include <stddef.h>

/*
 * Whether binding on SYSFS_ROOT (--sysfs, before it is opened) takes
 * pkexec: not root, on the real /sys.
 */
int	pkexec_needed(const char *sysfs_root);

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

/*
 * The other end: whether this vfiotui, run as root by pkexec for a user
 * (PKEXEC_UID set), must refuse the command ARGV (ARGC words, the command
 * first) on the roots SYSFS_ROOT and PROC_ROOT.  The polkit action names
 * the program, not its arguments, so this is where it is narrowed to what
 * takes root: bind, unbind, restore and memlock, on the real /sys and
 * /proc.  Anything else (a guest, the network, a fixture tree a user
 * wrote) would run as root on the user's word.  Says why on stderr.
 */
int	pkexec_refuses(const char *sysfs_root, const char *proc_root, int argc,
	    char **argv);

#endif
