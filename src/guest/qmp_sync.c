/*
 * qmp_call_sync(): one QMP command for the CLI, on the same client the
 * TUI uses, run on a private loop until the answer, the end of the
 * connection, or a timer.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "loop.h"
#include "qmp.h"

struct qmp_sync {
	struct loop		*loop;
	struct json_object	*ret;
	int			 timeout_ms;
	int			 ready;
	int			 end;	/* enum qmp_end, or -1 */
	char			*err;
	size_t			 errlen;
};

static void
sync_reply(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct qmp_sync	*s = arg;

	if (r->error_class == NULL) {
		s->ret = json_object_get(r->ret);
		loop_exit(s->loop, 0);
		return;
	}
	/* The end of the connection comes next, with its kind. */
	if (strcmp(r->error_class, QMP_CLASS_CLOSED) == 0)
		return;
	snprintf(s->err, s->errlen, "QEMU on %s said: %s (%s)", qmp_path(q),
	    r->error_desc, r->error_class);
	loop_exit(s->loop, -1);
}

static void
sync_ready(struct qmp *q, void *arg)
{
	struct qmp_sync	*s = arg;

	(void)q;
	s->ready = 1;
}

static void
sync_closed(struct qmp *q, enum qmp_end why, const char *reason, void *arg)
{
	struct qmp_sync	*s = arg;

	(void)q;
	/* Only then was the command surely on its way. */
	if (s->ready)
		s->end = (int)why;
	snprintf(s->err, s->errlen, "%s", reason);
	loop_exit(s->loop, -1);
}

static void
sync_timeout(void *arg)
{
	struct qmp_sync	*s = arg;

	snprintf(s->err, s->errlen, "no answer within %d.%03d s (QEMU "
	    "serves one QMP client at a time: is another one attached?)",
	    s->timeout_ms / 1000, s->timeout_ms % 1000);
	loop_exit(s->loop, -1);
}

static int
call(struct qmp_sync *s, const char *path, const char *execute,
    struct json_object *args, struct json_object **ret, int *end)
{
	struct qmp_callbacks	 cbs = { .ready = sync_ready,
				    .closed = sync_closed };
	struct qmp		*q = NULL;
	int			 r = -1;

	if ((s->loop = loop_new()) == NULL) {
		snprintf(s->err, s->errlen, "out of memory");
		json_object_put(args);
	} else if ((q = qmp_open(s->loop, path, &cbs, s, s->err,
	    s->errlen)) == NULL)
		json_object_put(args);
	else if (qmp_command(q, execute, args, sync_reply, s) < 0 ||
	    loop_timer_add(s->loop, s->timeout_ms, 0, sync_timeout, s) ==
	    NULL)
		snprintf(s->err, s->errlen, "out of memory");
	else
		r = loop_run(s->loop);
	qmp_free(q);
	loop_free(s->loop);
	if (end != NULL)
		*end = s->end;
	if (r == 0 && ret != NULL)
		*ret = s->ret;
	else
		json_object_put(s->ret);
	return r == 0 ? 0 : -1;
}

int
qmp_call_sync(const char *path, const char *execute,
    struct json_object *args, struct json_object **ret, int timeout_ms,
    int *end, char *err, size_t errlen)
{
	struct qmp_sync	s = { .timeout_ms = timeout_ms, .end = -1, .err = err,
			    .errlen = errlen };

	return call(&s, path, execute, args, ret, end);
}
