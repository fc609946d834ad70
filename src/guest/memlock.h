/*
 * The memory-lock limit a guest with passed-through devices needs: VFIO
 * pins all of its RAM, against the RLIMIT_MEMLOCK QEMU inherits from us.
 * Before such a start the limit is raised where that can be done safely
 * (the soft limit up to the hard one; both as root; else through pkexec
 * and `vfiotui memlock`, which sets it as root for the caller's own
 * process only), or the start is refused with the fix.
 */
#ifndef VFIOTUI_MEMLOCK_H
#define VFIOTUI_MEMLOCK_H

#include <sys/types.h>
#include <sys/resource.h>

#include <stddef.h>

struct profile;

/* What a guest of MIB MiB that passes devices must be able to lock. */
rlim_t	memlock_need(unsigned long mib);

/*
 * The fix for a limit below NEED bytes (RLIM_INFINITY: asks for
 * unlimited): the limits.conf lines and systemd's LimitMEMLOCK=, in BUF.
 */
void	memlock_fix(char *buf, size_t len, rlim_t need);

/*
 * Sees that this process, and so the QEMU it starts, may lock what PROF
 * needs, raising the limit if it must; a guest that passes no device
 * needs nothing.  ASK_TTY: pkexec may ask for a password on our terminal
 * (not under the dashboard's curses).  0, or -1 with the guest, the
 * limits and the fix in ERR.
 */
int	memlock_raise(const struct profile *, int ask_tty, char *err,
	    size_t errlen);

/*
 * The root side (`vfiotui memlock PID BYTES`): sets PID's memlock limit,
 * soft and hard, to BYTES capped at PROC_ROOT/meminfo's MemTotal + 1 GiB,
 * when PID's real uid is UID.  0 with the limit set in *SET, or -1 with
 * why in ERR.
 */
int	memlock_grant(const char *proc_root, pid_t pid, rlim_t bytes,
	    uid_t uid, rlim_t *set, char *err, size_t errlen);

#endif
