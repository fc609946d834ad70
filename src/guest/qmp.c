/*
 * The QMP connection.  One read feeds the stream parser, whose messages
 * are the greeting (first, once), events and replies; replies find their
 * command by id in the list of commands sent.  Output is queued: commands
 * made before the greeting wait in HELD, and go out behind
 * qmp_capabilities once it came.
 *
 * A callback may free its own connection; freeing then only marks it,
 * and the fd callback, the one way in from the loop, frees it on the way
 * out.  qmp_call_sync() lives in qmp_sync.c.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "loop.h"
#include "qmp.h"
#include "qmp_stream.h"
#include "unixsock.h"

struct qmp_buf {
	char	*data;
	size_t	 off;
	size_t	 len;
};

struct qmp_pending {
	struct qmp_pending	*next;
	long long		 id;
	qmp_reply_cb		 cb;
	void			*arg;
};

struct qmp {
	struct loop		*loop;
	int			 fd;
	char			 path[sizeof(((struct sockaddr_un *)0)->
				     sun_path)];
	struct qmp_callbacks	 cbs;
	void			*arg;
	struct qmp_stream	*stream;
	int			 greeted;
	char			 version[32];
	pid_t			 pid;
	struct qmp_buf		 out;
	struct qmp_buf		 held;
	struct qmp_pending	*pending;	/* oldest first */
	long long		 next_id;
	int			 in_callback;
	int			 doomed;
};

static void	qmp_on_fd(int, short, void *);
static int	qmp_send_now(struct qmp *);

static int
buf_append(struct qmp_buf *b, const char *s, size_t n)
{
	char	*p;

	if (n == 0)
		return 0;
	if (b->off > 0) {
		memmove(b->data, b->data + b->off, b->len - b->off);
		b->len -= b->off;
		b->off = 0;
	}
	if ((p = realloc(b->data, b->len + n)) == NULL)
		return -ENOMEM;
	memcpy(p + b->len, s, n);
	b->data = p;
	b->len += n;
	return 0;
}

static void
qmp_watch(struct qmp *q)
{
	if (q->fd != -1)
		loop_set_fd_events(q->loop, q->fd,
		    POLLIN | (q->out.off < q->out.len ? POLLOUT : 0));
}

static const char *
connect_hint(int e)
{
	switch (e) {
	case ENOENT:
		return " (is QEMU running with -qmp unix:PATH,server=on,"
		    "wait=off?)";
	case ECONNREFUSED:
		return " (nobody listens there: QEMU has gone and left the "
		    "socket behind, or it is not a socket)";
	case EAGAIN:
		return " (its queue is full: is another client attached?)";
	default:
		return "";
	}
}

static int
qmp_connect(struct qmp *q, const char *path, char *err, size_t errlen)
{
	struct ucred		cred;
	socklen_t		len = sizeof cred;
	int			fd;

	if (strlen(path) >= sizeof q->path) {
		snprintf(err, errlen, "QMP socket path too long (%zu bytes, "
		    "at most %zu): %s", strlen(path), sizeof q->path - 1, path);
		return -1;
	}
	strcpy(q->path, path);
	if ((fd = unixsock_connect(path, SOCK_NONBLOCK)) < 0) {
		snprintf(err, errlen, "cannot connect to QMP socket %s: %s%s",
		    path, strerror(-fd), connect_hint(-fd));
		return -1;
	}
	q->fd = fd;
	q->pid = getsockopt(q->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) ==
	    0 ? cred.pid : -1;
	return 0;
}

struct qmp *
qmp_open(struct loop *loop, const char *path, const struct qmp_callbacks *cbs,
    void *arg, char *err, size_t errlen)
{
	struct qmp	*q;

	if ((q = calloc(1, sizeof *q)) == NULL ||
	    (q->stream = qmp_stream_new(QMP_MAX_MESSAGE)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(q);
		return NULL;
	}
	q->loop = loop;
	q->fd = -1;
	q->pid = -1;
	q->cbs = *cbs;
	q->arg = arg;
	q->next_id = 1;
	if (qmp_connect(q, path, err, errlen) == -1) {
		qmp_free(q);
		return NULL;
	}
	if (loop_add_fd(loop, q->fd, POLLIN, qmp_on_fd, q) < 0) {
		snprintf(err, errlen, "out of memory");
		qmp_free(q);
		return NULL;
	}
	return q;
}

static void
qmp_destroy(struct qmp *q)
{
	struct qmp_pending	*p;

	loop_close_fd(q->loop, &q->fd);
	while ((p = q->pending) != NULL) {
		q->pending = p->next;
		free(p);
	}
	qmp_stream_free(q->stream);
	free(q->out.data);
	free(q->held.data);
	free(q);
}

void
qmp_free(struct qmp *q)
{
	if (q == NULL)
		return;
	if (q->in_callback) {
		/* Called back from our own fd callback: it frees us. */
		q->doomed = 1;
		loop_close_fd(q->loop, &q->fd);
		return;
	}
	qmp_destroy(q);
}

int
qmp_command(struct qmp *q, const char *execute, struct json_object *args,
    qmp_reply_cb cb, void *arg)
{
	struct json_object	*o;
	struct qmp_pending	*p, **tail;
	const char		*text;
	int			 r;

	if (q->fd == -1) {
		json_object_put(args);
		return -ENOTCONN;
	}
	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (o = json_object_new_object()) == NULL) {
		free(p);
		json_object_put(args);
		return -ENOMEM;
	}
	p->id = q->next_id++;
	p->cb = cb;
	p->arg = arg;
	json_object_object_add(o, "execute", json_object_new_string(execute));
	if (args != NULL)
		json_object_object_add(o, "arguments", args);
	json_object_object_add(o, "id", json_object_new_int64(p->id));
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	/* Before the greeting, only qmp_capabilities may go out. */
	if (q->greeted || strcmp(execute, "qmp_capabilities") == 0)
		r = buf_append(&q->out, text, strlen(text));
	else
		r = buf_append(&q->held, text, strlen(text));
	json_object_put(o);
	if (r < 0) {
		free(p);
		return r;
	}
	for (tail = &q->pending; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = p;
	/*
	 * Out at once, not on the next poll(): QEMU works on it while the
	 * caller goes on (draws, for one).  A failure is left to qmp_flush,
	 * as ending the connection here would call back into the caller.
	 */
	if (qmp_send_now(q) == 0)
		qmp_watch(q);
	else
		loop_set_fd_events(q->loop, q->fd, POLLIN | POLLOUT);
	return 0;
}

const char *
qmp_path(const struct qmp *q)
{
	return q->path;
}

const char *
qmp_version(const struct qmp *q)
{
	return q->version;
}

pid_t
qmp_peer_pid(const struct qmp *q)
{
	return q->pid;
}

int
qmp_is_open(const struct qmp *q)
{
	return q->fd != -1;
}

/*
 * The end of the connection: the commands still waiting hear of it, then
 * the owner.  Returns with the connection closed, maybe doomed.
 */
static void
qmp_end(struct qmp *q, enum qmp_end why, const char *reason)
{
	struct qmp_reply	 reply = { .error_class = QMP_CLASS_CLOSED,
				    .error_desc = reason };
	struct qmp_pending	*p;

	loop_close_fd(q->loop, &q->fd);
	while ((p = q->pending) != NULL && !q->doomed) {
		q->pending = p->next;
		if (p->cb != NULL)
			p->cb(q, &reply, p->arg);
		free(p);
	}
	if (!q->doomed && q->cbs.closed != NULL)
		q->cbs.closed(q, why, reason, q->arg);
}

/*
 * Sends what the socket takes now: 0, or the errno of a send that failed
 * for good (the data stays, for qmp_flush to end the connection on).
 */
static int
qmp_send_now(struct qmp *q)
{
	ssize_t	n;

	while (q->out.off < q->out.len) {
		n = send(q->fd, q->out.data + q->out.off,
		    q->out.len - q->out.off, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		/* QEMU has gone: what it sent last is still to be read,
		 * and the read says how it ended. */
		if (n == -1 && (errno == EPIPE || errno == ECONNRESET)) {
			q->out.off = q->out.len;
			break;
		}
		if (n == -1)
			return errno;
		q->out.off += (size_t)n;
	}
	return 0;
}

static void
qmp_flush(struct qmp *q)
{
	char	reason[256];
	int	e;

	if ((e = qmp_send_now(q)) != 0) {
		snprintf(reason, sizeof reason, "cannot write to %s: %s",
		    q->path, strerror(e));
		qmp_end(q, QMP_END_IO, reason);
		return;
	}
	qmp_watch(q);
}

static int
get_int(struct json_object *o, const char *key)
{
	struct json_object	*v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int(v)
	    : 0;
}

static void
caps_done(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	char	reason[512];

	(void)arg;
	if (r->error_class == NULL) {
		if (q->cbs.ready != NULL)
			q->cbs.ready(q, q->arg);
	} else if (strcmp(r->error_class, QMP_CLASS_CLOSED) != 0) {
		snprintf(reason, sizeof reason, "QEMU refused "
		    "qmp_capabilities on %s: %s", q->path, r->error_desc);
		qmp_end(q, QMP_END_PROTOCOL, reason);
	}
}

static void
qmp_greeting(struct qmp *q, struct json_object *msg)
{
	struct json_object	*v, *qemu;
	char			 reason[256];

	if (!json_object_object_get_ex(msg, "QMP", &v)) {
		snprintf(reason, sizeof reason, "%s does not speak QMP: its "
		    "first message is no greeting", q->path);
		qmp_end(q, QMP_END_PROTOCOL, reason);
		return;
	}
	q->greeted = 1;
	if (json_object_object_get_ex(v, "version", &v) &&
	    json_object_object_get_ex(v, "qemu", &qemu))
		snprintf(q->version, sizeof q->version, "%d.%d.%d",
		    get_int(qemu, "major"), get_int(qemu, "minor"),
		    get_int(qemu, "micro"));
	/* Our own first, then whatever the owner sent meanwhile. */
	if (qmp_command(q, "qmp_capabilities", NULL, caps_done, NULL) < 0 ||
	    buf_append(&q->out, q->held.data + q->held.off,
	    q->held.len - q->held.off) < 0) {
		qmp_end(q, QMP_END_IO, "out of memory");
		return;
	}
	q->held.off = q->held.len;
	qmp_watch(q);
}

static void
qmp_event(struct qmp *q, struct json_object *msg, struct json_object *name)
{
	struct qmp_event	 ev = { .name = json_object_get_string(name) };
	struct json_object	*ts;

	if (json_object_object_get_ex(msg, "timestamp", &ts)) {
		ev.sec = get_int(ts, "seconds");
		ev.usec = get_int(ts, "microseconds");
	}
	json_object_object_get_ex(msg, "data", &ev.data);
	if (q->cbs.event != NULL)
		q->cbs.event(q, &ev, q->arg);
}

/* A reply to nobody's command (QEMU's own, or a stranger's) is dropped. */
static void
qmp_reply(struct qmp *q, struct json_object *msg)
{
	struct qmp_reply	  reply = { 0 };
	struct qmp_pending	**pp, *p;
	struct json_object	 *id, *e, *v;

	if (!json_object_object_get_ex(msg, "id", &id) ||
	    !json_object_is_type(id, json_type_int))
		return;
	for (pp = &q->pending; (p = *pp) != NULL; pp = &p->next)
		if (p->id == json_object_get_int64(id))
			break;
	if (p == NULL)
		return;
	*pp = p->next;
	if (json_object_object_get_ex(msg, "error", &e)) {
		reply.error_class = json_object_object_get_ex(e, "class", &v) ?
		    json_object_get_string(v) : "GenericError";
		reply.error_desc = json_object_object_get_ex(e, "desc", &v) ?
		    json_object_get_string(v) : "no description";
	} else
		json_object_object_get_ex(msg, "return", &reply.ret);
	if (p->cb != NULL)
		p->cb(q, &reply, p->arg);
	free(p);
}

static void
qmp_dispatch(struct qmp *q, struct json_object *msg)
{
	struct json_object	*v;

	if (!q->greeted)
		qmp_greeting(q, msg);
	else if (json_object_object_get_ex(msg, "event", &v) &&
	    json_object_is_type(v, json_type_string))
		qmp_event(q, msg, v);
	else if (json_object_object_get_ex(msg, "return", NULL) ||
	    json_object_object_get_ex(msg, "error", NULL))
		qmp_reply(q, msg);
}

static void
qmp_read(struct qmp *q)
{
	struct json_object	*msg;
	char			 buf[16384], reason[512];
	ssize_t			 n;
	int			 r = 0;

	n = read(q->fd, buf, sizeof buf);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	/* QEMU closing with our commands unread resets the connection. */
	if (n == -1 && errno == ECONNRESET)
		n = 0;
	if (n == -1) {
		snprintf(reason, sizeof reason, "lost the connection to %s: "
		    "%s", q->path, strerror(errno));
		qmp_end(q, QMP_END_IO, reason);
		return;
	}
	qmp_stream_push(q->stream, buf, (size_t)n);
	while (q->fd != -1 && (r = qmp_stream_next(q->stream, &msg)) == 1) {
		qmp_dispatch(q, msg);
		json_object_put(msg);
	}
	if (q->fd == -1)
		return;
	if (r == -1) {
		snprintf(reason, sizeof reason, "QEMU sent %s on %s",
		    qmp_stream_error(q->stream), q->path);
		qmp_end(q, qmp_stream_overlong(q->stream) ? QMP_END_OVERLONG :
		    QMP_END_MALFORMED, reason);
	} else if (n == 0) {
		snprintf(reason, sizeof reason, "QEMU closed the connection "
		    "on %s%s", q->path, qmp_stream_partial(q->stream) ?
		    " in the middle of a message" : "");
		qmp_end(q, QMP_END_EOF, reason);
	}
}

static void
qmp_on_fd(int fd, short revents, void *arg)
{
	struct qmp	*q = arg;

	(void)fd;
	q->in_callback = 1;
	if (revents & POLLOUT)
		qmp_flush(q);
	if (q->fd != -1 && (revents & (POLLIN | POLLHUP | POLLERR)))
		qmp_read(q);
	q->in_callback = 0;
	if (q->doomed)
		qmp_destroy(q);
}
