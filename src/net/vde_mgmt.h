/*
 * vde_switch's management socket (-mgmt): a banner, a "vde$ " prompt,
 * and for each command either "1000 Success" or "1NNN error", the first
 * preceded by "0000 DATA END WITH '.'", data lines and ".".  Debug
 * subscriptions (debug/add port/+) add "3NNN category text" lines between
 * replies.  The parser takes bytes as they come, so the same code serves
 * a blocking call from the command line and a connection on the poll
 * loop.
 */
#ifndef VFIOTUI_VDE_MGMT_H
#define VFIOTUI_VDE_MGMT_H

#include <stddef.h>

#define VDE_MGMT_SUCCESS	1000

struct vde_mgmt;

/* A reply (code 1000-2999) or a notification (3000-3999). */
struct vde_mgmt_msg {
	int		 code;
	const char	*text;	/* the rest of the code line */
	const char	*data;	/* a reply's data lines, '\n'-ended; or "" */
};

/* One port of port/allprint, with its first endpoint. */
struct vde_port {
	int	number;
	int	active;
	char	user[32];
	int	nendpoints;
	char	module[16];	/* "unix", "tuntap" */
	char	desc[128];	/* "slirpvde: user=root pid=42" */
};

/* Connects to PATH (non-blocking, close-on-exec); NULL with why in ERR. */
struct vde_mgmt	*vde_mgmt_connect(const char *path, char *err,
		    size_t errlen);
void		 vde_mgmt_free(struct vde_mgmt *);
int		 vde_mgmt_fd(const struct vde_mgmt *);

/* Sends one command line.  0 or -errno. */
int	vde_mgmt_send(struct vde_mgmt *, const char *cmd);

/*
 * Reads what the socket holds without blocking.  0, or -EPIPE once the
 * switch has closed it, or -errno.
 */
int	vde_mgmt_read(struct vde_mgmt *);

/*
 * The next complete message read so far: 1 with MSG filled (valid until
 * the next call), or 0 when none is complete yet.
 */
int	vde_mgmt_next(struct vde_mgmt *, struct vde_mgmt_msg *msg);

/*
 * The reply to CMD among the messages read so far, notifications passed
 * over: 1 with MSG on "1000 Success"; 0 when it has not come and R, what
 * vde_mgmt_read() last returned, is 0; -1 with why in ERR (the switch's
 * error, or R's).  For a call on the loop: send, then this after each
 * read.
 */
int	vde_mgmt_reply(struct vde_mgmt *, const char *cmd, int r,
	    struct vde_mgmt_msg *msg, char *err, size_t errlen);

/*
 * Sends CMD and waits up to TIMEOUT_MS for its reply, passing over
 * notifications.  0 on "1000 Success" with MSG filled; -1 with why in ERR
 * (the switch's error, a timeout, or a closed socket).
 */
int	vde_mgmt_call(struct vde_mgmt *, const char *cmd, int timeout_ms,
	    struct vde_mgmt_msg *msg, char *err, size_t errlen);

/*
 * The ports in port/allprint's DATA.  *PORTS is malloc'ed (the caller
 * frees it); returns the count, or -1 when out of memory.
 */
int	vde_ports_parse(const char *data, struct vde_port **ports);

/*
 * The pid that showinfo's DATA names on its line "pid 1234 MAC ...", or
 * -1 when it names none.
 */
int	vde_showinfo_pid(const char *data);

#endif
