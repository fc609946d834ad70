/*
 * The memlock limit of a start with passed-through devices, both sides:
 * memlock_raise() in the unprivileged vfiotui that starts QEMU, and
 * memlock_grant() in the one pkexec runs as root for it.  Only the soft
 * limit up to the hard one is ours to raise; past the hard limit it takes
 * root, which the grant gives to the caller's own process only.
 */
#include "config.h"

#include <sys/resource.h>

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memlock.h"
#include "proctext.h"
#include "profile.h"
#include "pkexec.h"

/*
 * libvirt's rule for the QEMUs it starts: the guest's RAM and 1 GiB more
 * for what QEMU itself locks besides (the ROM and MMIO regions VFIO maps,
 * its own DMA buffers).  Also the grant's margin over the host's RAM: no
 * guest locks more than that.
 */
#define MEMLOCK_SLACK	((rlim_t)1 << 30)

rlim_t
memlock_need(unsigned long mib)
{
	return ((rlim_t)mib << 20) + MEMLOCK_SLACK;
}

/* BYTES as limits.conf counts, in KiB rounded up, or "unlimited". */
static void
kib_text(char *buf, size_t len, rlim_t bytes)
{
	if (bytes == RLIM_INFINITY)
		snprintf(buf, len, "unlimited");
	else
		snprintf(buf, len, "%llu", ((unsigned long long)bytes + 1023) /
		    1024);
}

void
memlock_fix(char *buf, size_t len, rlim_t need)
{
	const struct passwd	*pw = getpwuid(getuid());
	char			 kib[32], bytes[32];

	kib_text(kib, sizeof kib, need);
	if (need == RLIM_INFINITY)
		snprintf(bytes, sizeof bytes, "infinity");
	else
		snprintf(bytes, sizeof bytes, "%llu", (unsigned long long)need);
	snprintf(buf, len, "'@kvm - memlock %s' (or '%s - memlock %s') in "
	    "/etc/security/limits.conf, then log in again; LimitMEMLOCK=%s for "
	    "a systemd user service", kib, pw != NULL ? pw->pw_name : "USER",
	    kib, bytes);
}

/*
 * Has the installed vfiotui, through pkexec, set our limit to NEED; 0
 * once it said it did, else -1 with why in WHY ("" when no polkit action
 * is installed to let it).  pkexec is waited for, in the dashboard too:
 * there its own agent is off (it would write over curses), so only a
 * desktop's agent or a rule that asks for no password can allow it.
 */
static int
ask_root(rlim_t need, int ask_tty, char *why, size_t len)
{
	char	 pid[24], bytes[24], out[512], err[400];
	char	*args[] = { "memlock", pid, bytes, NULL };
	int	 r;

	why[0] = '\0';
	if (access(POLKIT_ACTION, R_OK) == -1)
		return -1;
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	snprintf(bytes, sizeof bytes, "%llu", (unsigned long long)need);
	out[0] = '\0';
	r = pkexec_vfiotui(args, ask_tty, out, sizeof out, err, sizeof err);
	if (r == 0)
		return 0;
	if (r == -1) {
		snprintf(why, len, "pkexec did not raise it: %.300s", err);
		return -1;
	}
	out[strcspn(out, "\n")] = '\0';
	snprintf(why, len, "pkexec did not raise it (exit %d%s%.300s)", r,
	    out[0] ? ": " : "", out);
	return -1;
}

/* The refusal: the guest, what it needs, what we have, and the fix. */
static void
refuse(const struct profile *prof, rlim_t need, const char *why, char *err,
    size_t errlen)
{
	struct rlimit	rl = { 0, 0 };
	char		fix[320], cur[32], max[32], kib[32];

	getrlimit(RLIMIT_MEMLOCK, &rl);
	kib_text(kib, sizeof kib, need);
	kib_text(cur, sizeof cur, rl.rlim_cur);
	kib_text(max, sizeof max, rl.rlim_max);
	memlock_fix(fix, sizeof fix, need);
	if (why[0] == '\0')
		snprintf(err, errlen, "guest %s passes PCI devices, and VFIO "
		    "locks all its memory: it needs a memlock limit of %s KiB, "
		    "this process has %s KiB (hard limit %s KiB). Raise it: "
		    "%s. Or install vfiotui's polkit action (%s): then "
		    "vfiotui raises it itself", prof->name, kib, cur, max, fix,
		    POLKIT_ACTION);
	else
		snprintf(err, errlen, "guest %s passes PCI devices, and VFIO "
		    "locks all its memory: it needs a memlock limit of %s KiB, "
		    "this process has %s KiB (hard limit %s KiB), and %s. "
		    "Raise it: %s", prof->name, kib, cur, max, why, fix);
}

int
memlock_raise(const struct profile *prof, int ask_tty, char *err,
    size_t errlen)
{
	struct rlimit	rl;
	rlim_t		need;
	char		why[400];

	if (prof->npci == 0)
		return 0;
	need = memlock_need(prof->memory_mib);
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == -1) {
		snprintf(err, errlen, "guest %s: cannot read RLIMIT_MEMLOCK: "
		    "%s", prof->name, strerror(errno));
		return -1;
	}
	/* RLIM_INFINITY is the largest rlim_t: unlimited passes. */
	if (rl.rlim_cur >= need)
		return 0;
	/*
	 * Root locks past any limit (CAP_IPC_LOCK), but a QEMU that drops
	 * root (-runas) keeps only the limit.  Raising the hard one may be
	 * refused (no CAP_SYS_RESOURCE in a container): root goes on.
	 */
	if (geteuid() == 0) {
		if (rl.rlim_max < need)
			rl.rlim_max = need;
		rl.rlim_cur = need;
		setrlimit(RLIMIT_MEMLOCK, &rl);
		return 0;
	}
	/* Up to the hard limit anyone may. */
	if (rl.rlim_max >= need) {
		rl.rlim_cur = need;
		if (setrlimit(RLIMIT_MEMLOCK, &rl) == 0)
			return 0;
		snprintf(why, sizeof why, "setrlimit failed: %s",
		    strerror(errno));
	} else if (ask_root(need, ask_tty, why, sizeof why) == 0) {
		/* The grant caps what it gives: see what it gave. */
		if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur >= need)
			return 0;
		snprintf(why, sizeof why, "vfiotui memlock capped it at this "
		    "machine's memory + 1 GiB");
	}
	refuse(prof, need, why, err, errlen);
	return -1;
}

/*
 * The number after KEY ("Uid:") on a line of FILE (the first of several,
 * as the real uid is in /proc/PID/status), in *V.  0, or -1 with ERR.
 */
static int
proc_field(const char *file, const char *key, unsigned long long *v,
    char *err, size_t errlen)
{
	char	 line[512];
	FILE	*f;
	int	 r = -1;

	if ((f = fopen(file, "re")) == NULL) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -1;
	}
	while (r == -1 && fgets(line, sizeof line, f) != NULL)
		r = proctext_number(line, key, v);
	fclose(f);
	if (r == -1)
		snprintf(err, errlen, "%s: no %s line", file, key);
	return r;
}

int
memlock_grant(const char *proc_root, pid_t pid, rlim_t bytes, uid_t uid,
    rlim_t *set, char *err, size_t errlen)
{
	struct rlimit		rl;
	unsigned long long	owner, total_kib;
	char			path[4096];

	snprintf(path, sizeof path, "%s/%ld/status", proc_root, (long)pid);
	if (proc_field(path, "Uid:", &owner, err, errlen) == -1)
		return -1;
	if (uid != (uid_t)-1 && owner != uid) {
		snprintf(err, errlen, "pid %ld is uid %llu's, not uid %lu's: "
		    "only a user's own process gets its limit raised",
		    (long)pid, owner, (unsigned long)uid);
		return -1;
	}
	snprintf(path, sizeof path, "%s/meminfo", proc_root);
	if (proc_field(path, "MemTotal:", &total_kib, err, errlen) == -1)
		return -1;
	/* No guest locks more than the machine has. */
	if (bytes > ((rlim_t)total_kib << 10) + MEMLOCK_SLACK)
		bytes = ((rlim_t)total_kib << 10) + MEMLOCK_SLACK;
	rl.rlim_cur = rl.rlim_max = bytes;
	if (prlimit(pid, RLIMIT_MEMLOCK, &rl, NULL) == -1) {
		snprintf(err, errlen, "pid %ld: prlimit: %s", (long)pid,
		    strerror(errno));
		return -1;
	}
	*set = bytes;
	return 0;
}
