/*
 * A QMP connection on the poll loop: connect to QEMU's unix socket, read
 * the greeting, negotiate capabilities, send commands with ids and match
 * their replies, pass events on as they come, and say why the connection
 * ended.  Nothing here blocks: writes are queued and flushed when the
 * socket takes them.
 *
 * The life of a connection:
 *
 *	q = qmp_open(loop, path, &cbs, arg, err, sizeof err);
 *	qmp_command(q, "query-status", NULL, on_status, arg);
 *	...	cbs.ready once QEMU accepted qmp_capabilities,
 *		one reply callback per command, in any case,
 *		cbs.event for each event, between replies,
 *		cbs.closed once, when the connection ended (QEMU quit,
 *		died, or sent something that is not QMP)
 *	qmp_free(q);
 *
 * Commands may be sent at once: they wait for the greeting and go out
 * after qmp_capabilities.  Every callback may call qmp_command(), and
 * qmp_free() on its own connection.
 *
 * QEMU serves one client per QMP socket at a time; a second client
 * connects but hears nothing until the first leaves.  A guest that the
 * TUI watches and the CLI steers needs two -qmp sockets (vfiotui gives it
 * three: the dashboard's, one-shot commands', attach's).
 */
#ifndef VFIOTUI_QMP_H
#define VFIOTUI_QMP_H

#include <stddef.h>
#include <sys/types.h>

struct json_object;
struct loop;
struct qmp;

/* The longest message accepted from QEMU (query-qmp-schema is ~200 KiB). */
#define QMP_MAX_MESSAGE	(1024 * 1024)

/* The error class given to the commands still waiting when it closed. */
#define QMP_CLASS_CLOSED	"ConnectionClosed"

/*
 * A reply: RET is "return" (an object or array, borrowed for the call)
 * when ERROR_CLASS is NULL; otherwise QEMU's error class and description
 * ("GenericError", "CommandNotFound", ...) or QMP_CLASS_CLOSED.
 */
struct qmp_reply {
	struct json_object	*ret;
	const char		*error_class;
	const char		*error_desc;
};

/* An event: DATA may be NULL; the time is QEMU's, in the Unix epoch. */
struct qmp_event {
	const char		*name;
	struct json_object	*data;
	long long		 sec;
	long			 usec;
};

/* Why a connection ended. */
enum qmp_end {
	QMP_END_EOF,		/* QEMU closed it (or reset it) */
	QMP_END_IO,		/* a socket error: ECONNRESET, ... */
	QMP_END_MALFORMED,	/* bytes that are not JSON objects */
	QMP_END_OVERLONG,	/* a message over QMP_MAX_MESSAGE */
	QMP_END_PROTOCOL,	/* JSON, but not QMP: no greeting, ... */
};

struct qmp_callbacks {
	void	(*ready)(struct qmp *, void *arg);
	void	(*event)(struct qmp *, const struct qmp_event *, void *arg);
	/* REASON is one line: "QEMU closed the connection", ... */
	void	(*closed)(struct qmp *, enum qmp_end, const char *reason,
		    void *arg);
};

typedef void	(*qmp_reply_cb)(struct qmp *, const struct qmp_reply *,
		    void *arg);

/*
 * Connects to the QMP socket at PATH.  NULL with ERR set when it cannot
 * (no such socket, nobody listening, path too long); CBS is copied and
 * any of its members may be NULL.
 */
struct qmp	*qmp_open(struct loop *, const char *path,
		    const struct qmp_callbacks *, void *arg, char *err,
		    size_t errlen);
/* Closes and frees, calling nothing: pending replies are dropped. */
void		 qmp_free(struct qmp *);

/*
 * Sends EXECUTE with ARGS (taken, may be NULL).  CB (may be NULL) gets
 * exactly one reply.  Returns 0, or -ENOTCONN once the connection ended,
 * -ENOMEM.
 */
int	qmp_command(struct qmp *, const char *execute, struct json_object *,
	    qmp_reply_cb, void *arg);

const char	*qmp_path(const struct qmp *);
/* "7.2.22" from the greeting; "" before it came. */
const char	*qmp_version(const struct qmp *);
/* QEMU's pid (SO_PEERCRED), or -1 when the kernel did not say. */
pid_t		 qmp_peer_pid(const struct qmp *);
/* Whether the connection still stands (not yet closed). */
int		 qmp_is_open(const struct qmp *);

/*
 * One command on a connection of its own, for the CLI: connects, sends,
 * and runs a private loop until the reply, the end of the connection or
 * TIMEOUT_MS.  Returns 0 with *RET set (the caller puts it) when RET is
 * not NULL, or -1 with ERR saying what happened.  When END is not NULL,
 * *END is how the connection ended after QEMU accepted the capabilities
 * (an enum qmp_end: `quit` may end it before its answer), else -1.
 */
int	qmp_call_sync(const char *path, const char *execute,
	    struct json_object *args, struct json_object **ret, int timeout_ms,
	    int *end, char *err, size_t errlen);

#endif
