/*
 * Every guest the dashboard shows: those with a profile, those whose QEMU
 * runs (found again through the runtime dir when vfiotui starts), and
 * QMP sockets attached by hand.  Each running one is watched through a
 * guest_live and its pidfd on the loop, which together say how it ended
 * (guest_end.h); starting and stopping run on the loop too (the
 * ISOs of directory cdroms and the parent QEMU's exit on pidfds, the stop
 * as guest_stop.h, which the command line runs too), so the
 * dashboard never waits for a guest.  The profile dir and the guests'
 * runtime dirs are watched, so that a profile written or a guest started
 * from a shell shows up by itself.
 */
#ifndef VFIOTUI_GUEST_LIST_H
#define VFIOTUI_GUEST_LIST_H

#include <sys/types.h>

#include <stddef.h>

#include "guest.h"
#include "guest_figures.h"

struct guest_live;
struct guest_start;
struct guest_stop;
struct guests;
struct host;
struct loop;
struct loop_timer;
struct pci_addr;

enum guests_phase {
	GUESTS_STOPPED,		/* no QEMU */
	GUESTS_BUILDING,	/* a cdrom's ISO is built before QEMU starts */
	GUESTS_STARTING,	/* the parent QEMU is setting the guest up */
	GUESTS_RUNNING,		/* QEMU runs: live says how */
	GUESTS_STOPPING,	/* power-down sent; quit at stop_deadline_ms */
	GUESTS_EXITED,		/* QEMU went: how, in exit_reason */
};

#define GUESTS_PCI_TEXT	128

struct guests_entry {
	char			 name[108];	/* the guest, or a socket */
	int			 attached;	/* a socket, no profile */
	int			 has_profile;
	char			 profile_err[512];	/* one that fails */
	char			 pci[GUESTS_PCI_TEXT];	/* "01:00.0 01:00.1" */
	int			 stop_timeout;	/* the profile's, in s */
	struct guest_paths	 paths;		/* not for attached ones */
	enum guests_phase	 phase;
	pid_t			 pid;
	struct guest_live	*live;		/* NULL when not connected */
	long long		 stop_deadline_ms;
	int			 quit_sent;
	char			 exit_reason[256];	/* how it ended */
	char			 note[512];	/* why a start failed, ... */
	char			 pinned[1024];	/* the pin plan, or "" */
	int			 connect_tries;	/* a socket not listening yet */
	int			 pidfd;		/* pid's, while it runs */
	struct guest_start	*start;		/* building, starting */
	struct guest_stop	*stop;		/* while it stops */
	struct loop_timer	*greet_timer;	/* until QEMU greets */
	struct guest_sampler	*sampler;	/* once its figures are asked */
	struct guest_figures	 fig;		/* QEMU's last answer */
	int			 has_fig;	/* one came since it started */
	struct guests		*list;		/* the list it is in */
};

/* What changed, for a listener to redo only what depends on it. */
enum {
	GUESTS_CHANGED_LIST = 0x1,	/* guests came, went or were edited */
	GUESTS_CHANGED_STATE = 0x2,	/* a guest's run state, QEMU's model */
	GUESTS_CHANGED_FIGURES = 0x4,	/* what a guest costs */
};

/*
 * Something about the guests changed (CHANGED, GUESTS_CHANGED_*); redraw.
 * SAY, when not NULL, is a line for the log of messages (what a start on
 * the loop came to).
 */
typedef void	(*guests_cb)(unsigned changed, const char *say, void *arg);

struct guests	*guests_new(struct loop *, const char *proc_root, guests_cb,
		    void *arg);
void		 guests_free(struct guests *);

/*
 * Reads the profiles and the runtime dir again: new guests appear, a
 * running QEMU that is not watched yet is connected.  0, or -1 with ERR;
 * 1 with why in ERR when the runtime dirs cannot be read (guest_names).
 */
int	guests_scan(struct guests *, char *err, size_t errlen);
/*
 * Whether inotify follows the profile and runtime dirs (then the list
 * rescans itself); without it, the caller rescans when the user acts.
 */
int	guests_watched(const struct guests *);

size_t				 guests_count(const struct guests *);
const struct guests_entry	*guests_get(const struct guests *, size_t i);

/*
 * Starts guest I: the checks (HOST says whether its devices are on
 * vfio-pci), the preparations, and QEMU, whose start the loop then
 * follows; stale ISOs of directory cdroms are built on the loop first.
 * GUEST_OK, or the refusal with ERR and, for GUEST_NOT_BOUND, the
 * refused device in *ADDR.
 */
enum guest_refusal	guests_start(struct guests *, size_t i,
			    const struct host *, struct pci_addr *addr,
			    char *err, size_t errlen);
/*
 * ACPI power-down, then quit after the profile's stop-timeout (60 s for
 * an attached socket) unless QEMU went first; a start still building
 * ISOs is called off.  0, or -1 with ERR.
 */
int	guests_stop(struct guests *, size_t i, char *err, size_t errlen);
/* One QMP command without arguments: stop, cont, system_reset, quit. */
int	guests_command(struct guests *, size_t i, const char *execute,
	    char *err, size_t errlen);
/*
 * Samples what each running guest costs (guest_figures.h) into its fig,
 * for whoever asks on a tick of their own (the Guests pane, while it is
 * shown): the list keeps no timer for it.  QEMU answers on the loop; a
 * refusal is told once, when it is new.
 */
void	guests_sample(struct guests *);
/* Watches the QEMU behind the QMP socket at PATH.  0, or -1 with ERR. */
int	guests_attach(struct guests *, const char *path, char *err,
	    size_t errlen);
/*
 * The last LEN - 1 bytes (at most) of guest I's log, then of what QEMU
 * wrote once it forked to daemonize, in BUF.
 */
int	guests_log_tail(const struct guests *, size_t i, char *buf,
	    size_t len);
/* Its last N lines, each ending in '\n'; -1 for an attached socket. */
int	guests_log_lines(const struct guests *, size_t i, int n, char *buf,
	    size_t len);

#endif
