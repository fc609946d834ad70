/*
 * A guest's start on the poll loop, the one start there is: QEMU's argv
 * first (a net.conf that does not parse changes nothing), then the files
 * (memlock limit, dirs, OVMF vars), the ISOs of its directory cdroms
 * built by children (guest_prep.h), and the parent QEMU, whose pidfd says
 * when it has daemonized or failed.  The dashboard runs it on its loop;
 * the command line on a loop of its own until it ends
 * (guest_start_sync()).  A guest with a pin line has its threads pinned
 * (pin.h) before it counts as running.  The checks come before, from the caller
 * (guest_check()): the dashboard offers a fix for what they refuse.
 */
#ifndef VFIOTUI_GUEST_START_H
#define VFIOTUI_GUEST_START_H

#include <sys/types.h>

#include <stddef.h>

struct guest_paths;
struct guest_start;
struct loop;
struct profile;
struct sysfs;

enum guest_start_step {
	GUEST_START_NOTE,	/* LINE: what a preparation made or found */
	/* LINE: the pin plan applied, as pin.h words it */
	GUEST_START_PINNED,
	GUEST_START_BUILDING,	/* LINE: the directory whose ISO is built */
	GUEST_START_BUILD_PROGRESS,	/* LINE: "DIR: 45%" */
	GUEST_START_LAUNCHED,	/* LINE NULL: QEMU sets the guest up */
	GUEST_START_RUNNING,	/* the end: the guest runs, with PID */
	GUEST_START_FAILED,	/* the end: LINE says why */
};

/*
 * A step, the line the command line prints for it, and the guest's pid
 * (from RUNNING on; else 0).  After RUNNING or FAILED nothing more comes,
 * and the callback may free the start.
 */
typedef void	(*guest_start_cb)(enum guest_start_step, const char *line,
		    pid_t pid, void *arg);

/*
 * Starts guest PROFILE (which the start takes, and frees) with PATHS and
 * PROC_ROOT (kept: they must outlive the start); a pin line is planned
 * on the CPUs that SYS shows (may be NULL when the profile pins
 * nothing) and applied once QEMU is up.  With ASK_TTY pkexec may
 * ask for a password on our terminal (the command line's, never the
 * dashboard's).  NOTE, BUILDING and LAUNCHED may be said from within this
 * call, the end never.  The start in *START, 0; or -1 with why in ERR
 * and, in *BAD_INPUT, whether the user's files were at fault (a net.conf
 * that does not parse: the command line's usage error) rather than the
 * system.
 */
int	guest_start_begin(struct loop *, struct profile *,
	    const struct guest_paths *, const struct sysfs *,
	    const char *proc_root, int ask_tty, guest_start_cb, void *arg,
	    struct guest_start **start, int *bad_input, char *err,
	    size_t errlen);

/*
 * Calls a start off: an ISO builder is ended and what it wrote removed; a
 * QEMU that is setting the guest up is left to it, unwatched.  NULL is
 * fine.
 */
void	guest_start_free(struct guest_start *);

/*
 * guest_start_begin() on a loop of its own until it ends: the guest's
 * pid, or -1 (CB had the line; *BAD_INPUT as above).
 */
pid_t	guest_start_sync(struct profile *, const struct guest_paths *,
	    const struct sysfs *, const char *proc_root, guest_start_cb,
	    void *arg, int *bad_input);

#endif
