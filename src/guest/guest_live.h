/*
 * One running QEMU as seen through its QMP socket: run state, version,
 * uptime, the PCI devices it shows its guest (vfio-pci ones with their
 * host address), its last events, and, once the socket closed, why.  The
 * model keeps itself current from QEMU's events and tells one listener
 * what changed; `vfiotui guest status` and `attach` and the Guests pane
 * all read it.
 */
#ifndef VFIOTUI_GUEST_LIVE_H
#define VFIOTUI_GUEST_LIVE_H

#include <sys/types.h>

#include "qmp.h"

struct json_object;
struct loop;

#define GUEST_LIVE_EVENTS	16	/* the last events kept */

struct guest_live_dev {
	unsigned int	bus;
	unsigned int	slot;
	unsigned int	function;
	unsigned int	vendor;
	unsigned int	device;
	/* "VGA controller"; "" if QEMU knows none */
	char		class_desc[48];
	char		id[64];		/* -device ...,id=; "" when none */
	char		type[48];	/* "vfio-pci"; "" when it has no id */
	/* vfio-pci's host, dddd:bb:dd.f, or "" */
	char		host[18];
};

struct guest_live_event {
	long long	sec;		/* QEMU's time, Unix epoch */
	long		usec;
	char		name[48];	/* "SHUTDOWN" */
	char		detail[160];	/* "guest=true reason=guest-shutdown" */
	struct json_object *data;	/* QEMU's, or NULL; the model's */
};

/* What changed, for the listener: a mask of these. */
#define GUEST_LIVE_STATUS	0x01	/* status */
#define GUEST_LIVE_DEVICES	0x02	/* devs */
#define GUEST_LIVE_EVENT	0x04	/* a new events[nevents - 1] */
#define GUEST_LIVE_LOADED	0x08	/* the first status and devices came */
/* the socket closed: end, exit_reason */
#define GUEST_LIVE_CLOSED	0x10
#define GUEST_LIVE_ERROR	0x20	/* QEMU refused query-status: error */

/* Read-only for everyone but guest_live.c. */
struct guest_live {
	char			 path[108];
	char			 version[32];	/* "7.2.22" */
	pid_t			 pid;		/* QEMU's, or -1 */
	/* "running", ...; "" at first */
	char			 status[32];
	/* "query-status: CLASS: desc" */
	char			 error[256];
	int			 loaded;
	long long		 connected_ms;	/* CLOCK_MONOTONIC */
	/* QEMU's start, epoch s; 0 unknown */
	long long		 started;
	struct guest_live_dev	*devs;
	size_t			 ndevs;
	/* oldest first */
	struct guest_live_event	 events[GUEST_LIVE_EVENTS];
	size_t			 nevents;
	int			 shutdown_seen;	/* a SHUTDOWN event came */
	char			 shutdown[160];	/* its detail */
	int			 closed;
	enum qmp_end		 end;		/* once closed */
	char			 exit_reason[256];
	struct guest_live_priv	*priv;
};

typedef void	(*guest_live_cb)(struct guest_live *, unsigned int changed,
		    void *arg);

/*
 * Connects to the QMP socket at PATH and starts loading; CB hears of
 * every change.  PROC_ROOT (/proc) gives QEMU's start time.  NULL with
 * ERR set when it cannot connect.
 */
struct guest_live	*guest_live_open(struct loop *, const char *path,
			    const char *proc_root, guest_live_cb, void *arg,
			    char *err, size_t errlen);
void			 guest_live_free(struct guest_live *);

/* The connection, for commands (pause: qmp_command(q, "stop", ...)). */
struct qmp		*guest_live_qmp(struct guest_live *);

/* Seconds since QEMU started, or since we connected when unknown. */
long long		 guest_live_uptime(const struct guest_live *);
/* The same as "1h02m03s", "3m05s", "42s". */
void			 guest_live_uptime_text(const struct guest_live *,
			    char *buf, size_t len);

#endif
