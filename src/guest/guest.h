/*
 * A guest's life outside QMP: where its files are, whether its QEMU runs,
 * the checks before a start (devices on vfio-pci, groups viable, files
 * there), what a start prepares (the OVMF vars copy, ISOs of directory
 * cdroms), and the start itself.  QEMU daemonizes itself and outlives
 * vfiotui; it is found again through its pid file and QMP socket.
 */
#ifndef VFIOTUI_GUEST_H
#define VFIOTUI_GUEST_H

#include <sys/types.h>

#include <limits.h>
#include <stddef.h>

struct host;
struct profile;

struct guest_paths {
	char	dir[PATH_MAX];		/* $RUNDIR/guests/NAME */
	char	qmp[PATH_MAX];		/* dir/qmp.sock: the watcher's */
	char	ctl[PATH_MAX];		/* dir/ctl.sock: one-shot commands' */
	char	attach[PATH_MAX];	/* dir/attach.sock: guest attach's */
	char	serial[PATH_MAX];	/* dir/serial.sock: the console */
	char	console[PATH_MAX];	/* dir/console.log: what it wrote */
	char	display[PATH_MAX];	/* dir/screen.sock: SPICE's or VNC's */
	char	pidfile[PATH_MAX];	/* dir/pid */
	/* dir/log: starts, QEMU's option errors */
	char	log[PATH_MAX];
	/* dir/qemu.log: QEMU's stderr once it forked to daemonize (-D),
	 * this run's */
	char	qemu_log[PATH_MAX];
	/* $XDG_STATE_HOME/vfiotui/guests/NAME */
	char	state[PATH_MAX];
	char	vars[PATH_MAX];		/* state/OVMF_VARS.fd */
};

/* The paths of guest NAME.  0, or -1 with why in ERR. */
int	guest_paths(const char *name, struct guest_paths *, char *err,
	    size_t errlen);

/* The runtime dir that holds every guest's dir, in BUF. */
int	guest_run_root(char *buf, size_t len, char *err, size_t errlen);

struct guest_name {
	char	name[64];		/* PROFILE_NAME_MAX */
	int	has_profile;
};

/*
 * Every guest with a profile or a runtime dir (its profile may be gone),
 * sorted by name: *N of them in an array the caller frees (NULL when
 * none).  -1 with ERR when the profiles cannot be read; 1 with why in ERR
 * when the runtime dirs cannot (the guests running are not all there).
 */
int	guest_names(struct guest_name **, size_t *n, char *err,
	    size_t errlen);

/* The command name a running QEMU of PROFILE has (NULL: the default). */
const char	*guest_comm(const struct profile *, char *buf, size_t len);

/*
 * The pid of the guest's QEMU when it runs (its pid file names a live
 * process called COMM), else 0.
 */
pid_t	guest_pid(const struct guest_paths *, const char *proc_root,
	    const char *comm);

/* Why a check refused a start: what the TUI can offer to fix. */
enum guest_refusal {
	GUEST_OK,
	GUEST_NOT_BOUND,	/* a passed device is not on vfio-pci */
	GUEST_NET_DOWN,		/* network = vde: vfiotui's switch is down */
	GUEST_OTHER,
};

/*
 * The checks before a start, changing nothing: every passed device is on
 * vfio-pci with its group viable, every file the profile names exists,
 * the VDE switch of a "network = vde" answers.
 * GUEST_OK, or the refusal with one line in ERR ("FILE:LINE: ...") and,
 * for GUEST_NOT_BOUND, the device's index in the profile in *PCI.
 */
enum guest_refusal	guest_check(const struct profile *, const struct host *,
			    const struct guest_paths *, size_t *pci,
			    char *err, size_t errlen);

/*
 * What a start makes before QEMU runs (guest_start.h, which builds the
 * ISOs of directory cdroms after these): the memlock limit a guest that
 * passes devices needs (memlock.h; ASK_TTY: pkexec may ask on our
 * terminal), the guest's dirs, and its OVMF vars (copied from the
 * template once, never overwritten).  Says what it made on NOTE (may be
 * NULL).  0, or -1 with why in ERR.
 */
int	guest_prepare_files(const struct profile *,
	    const struct guest_paths *, int ask_tty,
	    void (*note)(const char *, void *), void *arg, char *err,
	    size_t errlen);
/*
 * Whether cdrom I of PROFILE is a directory: then 1, with the ISO it
 * becomes in ISO; else 0.
 */
int	guest_cdrom_iso(const struct profile *, const struct guest_paths *,
	    size_t i, char *iso, size_t len);

/*
 * QEMU's argv for PROFILE with the guest's paths in *ARGV (the caller
 * qemu_argv_free()s it): 0, or with why in ERR -EINVAL when net.conf
 * cannot be read ("network = vde" means the switch it names, vfiotui net
 * start's) and -ENOMEM.
 */
int	guest_argv(const struct profile *, const struct guest_paths *,
	    char ***argv, char *err, size_t errlen);

/*
 * Starts QEMU with ARGV (which daemonizes itself) without waiting: the
 * returned pid is the parent QEMU, which exits once the guest runs or
 * failed to start.  Its output goes to the guest's log.  -1 with ERR.
 */
pid_t	guest_launch(char *const argv[], const struct guest_paths *,
	    char *err, size_t errlen);

/*
 * The last LEN - 1 bytes (at most) of the guest's log, then of what QEMU
 * wrote once it forked to daemonize, in BUF.  0, or -1 when there is no
 * log.
 */
int	guest_log_tail(const struct guest_paths *, char *buf, size_t len);

/*
 * After the parent QEMU exited with STATUS: the guest's pid, or -1 with
 * QEMU's own words from the log in ERR.
 */
pid_t	guest_launched(int status, const struct profile *,
	    const struct guest_paths *, const char *proc_root, char *err,
	    size_t errlen);

#endif
