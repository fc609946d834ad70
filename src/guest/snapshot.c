#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "loop.h"
#include "qmp.h"
#include "snapshot.h"

/* How often a running job's progress is asked; how long it may take. */
#define PROGRESS_MS	500
#define JOB_MAX_MS	(10 * 60 * 1000)

struct snapshot_job {
	struct loop		*loop;
	struct qmp		*qmp;
	enum snapshot_op	 op;
	char			 tag[128];
	char			 id[48];	/* the QMP job's */
	snapshot_cb		 cb;
	void			*arg;
	struct loop_timer	*progress;
	struct loop_timer	*deadline;
	int			 percent;	/* the last said, or -1 */
	int			 running;	/* the job was accepted */
	int			 ended;
	enum snapshot_step	 result;	/* once concluded: said after */
	char			 result_line[640];	/* the dismiss */
};

static const char *const verbs[] = {
	[SNAPSHOT_SAVE] = "saving",
	[SNAPSHOT_LOAD] = "loading",
	[SNAPSHOT_DELETE] = "deleting",
};
static const char *const done_words[] = {
	[SNAPSHOT_SAVE] = "saved",
	[SNAPSHOT_LOAD] = "loaded: the guest is as it was then",
	[SNAPSHOT_DELETE] = "deleted",
};
static const char *const commands[] = {
	[SNAPSHOT_SAVE] = "snapshot-save",
	[SNAPSHOT_LOAD] = "snapshot-load",
	[SNAPSHOT_DELETE] = "snapshot-delete",
};

static void
stop_timers(struct snapshot_job *j)
{
	loop_timer_del(j->loop, j->progress);
	loop_timer_del(j->loop, j->deadline);
	j->progress = j->deadline = NULL;
}

static void
end(struct snapshot_job *j, enum snapshot_step step, const char *line)
{
	if (j->ended)
		return;
	j->ended = 1;
	stop_timers(j);
	j->cb(step, line, j->arg);
}

/* "snapshot TAG: WHAT: WHY", WHAT NULL for none: the end. */
static void
failed(struct snapshot_job *j, const char *what, const char *why)
{
	char	line[1024];

	snprintf(line, sizeof line, "snapshot %s: %s%s%s", j->tag,
	    what ? what : "", what ? ": " : "", why);
	end(j, SNAPSHOT_FAILED, line);
}

/* Our job in query-jobs' answer RET, or NULL. */
static struct json_object *
our_job(struct snapshot_job *j, struct json_object *ret)
{
	struct json_object	*o, *id;
	size_t			 i, n;

	if (!json_object_is_type(ret, json_type_array))
		return NULL;
	n = json_object_array_length(ret);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(ret, i);
		if (json_object_object_get_ex(o, "id", &id) &&
		    strcmp(json_object_get_string(id), j->id) == 0)
			return o;
	}
	return NULL;
}

static long long
member_int(struct json_object *o, const char *key)
{
	struct json_object	*v;

	return json_object_object_get_ex(o, key, &v) ?
	    json_object_get_int64(v) : 0;
}

/* query-jobs while it runs: the percentage, when it moved. */
static void
on_progress(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct snapshot_job	*j = arg;
	struct json_object	*o;
	long long		 cur, total;
	char			 line[256];
	int			 pct;

	(void)q;
	if (r->error_class != NULL || (o = our_job(j, r->ret)) == NULL)
		return;
	cur = member_int(o, "current-progress");
	total = member_int(o, "total-progress");
	if (total <= 0 || (pct = (int)(cur * 100 / total)) == j->percent)
		return;
	j->percent = pct;
	snprintf(line, sizeof line, "snapshot %s: %s: %d%%", j->tag,
	    verbs[j->op], pct);
	j->cb(SNAPSHOT_PROGRESS, line, j->arg);
}

static void
ask_progress(void *arg)
{
	struct snapshot_job	*j = arg;

	qmp_command(j->qmp, "query-jobs", NULL, on_progress, j);
}

/* The job is gone from QEMU's list: the result, which may free the job. */
static void
on_dismissed(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct snapshot_job	*j = arg;

	(void)q;
	(void)r;
	end(j, j->result, j->result_line);
}

/*
 * query-jobs once it concluded: its error, or none, said once QEMU has
 * dismissed the job (a concluded one stays in its list until then, and
 * the caller may close the connection as soon as it hears the end).
 */
static void
on_concluded(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct snapshot_job	*j = arg;
	struct json_object	*o, *err, *args;

	if (r->error_class != NULL) {
		failed(j, "query-jobs", r->error_desc);
		return;
	}
	if ((o = our_job(j, r->ret)) != NULL &&
	    json_object_object_get_ex(o, "error", &err)) {
		j->result = SNAPSHOT_FAILED;
		snprintf(j->result_line, sizeof j->result_line,
		    "snapshot %s: QEMU: %s", j->tag,
		    json_object_get_string(err));
	} else {
		j->result = SNAPSHOT_DONE;
		snprintf(j->result_line, sizeof j->result_line,
		    "snapshot %s: %s", j->tag, done_words[j->op]);
	}
	args = json_object_new_object();
	json_object_object_add(args, "id", json_object_new_string(j->id));
	if (qmp_command(q, "job-dismiss", args, on_dismissed, j) < 0)
		end(j, j->result, j->result_line);
}

static void
on_event(struct qmp *q, const struct qmp_event *ev, void *arg)
{
	struct snapshot_job	*j = arg;
	struct json_object	*id, *status;

	if (strcmp(ev->name, "JOB_STATUS_CHANGE") != 0 || ev->data == NULL ||
	    !json_object_object_get_ex(ev->data, "id", &id) ||
	    strcmp(json_object_get_string(id), j->id) != 0 ||
	    !json_object_object_get_ex(ev->data, "status", &status) ||
	    strcmp(json_object_get_string(status), "concluded") != 0)
		return;
	qmp_command(q, "query-jobs", NULL, on_concluded, j);
}

static void
on_started(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct snapshot_job	*j = arg;

	(void)q;
	if (r->error_class != NULL) {
		failed(j, "QEMU", r->error_desc);
		return;
	}
	j->running = 1;
	j->progress = loop_timer_add(j->loop, PROGRESS_MS, 1, ask_progress,
	    j);
}

/*
 * The writable disks in query-block's answer RET into DEVICES; the first
 * one's name in *VMSTATE.  0, or -1 (said) when one is not qcow2.
 */
static int
disks_of(struct snapshot_job *j, struct json_object *ret,
    struct json_object *devices, const char **vmstate)
{
	struct json_object	*b, *ins, *ro, *node, *image, *fmt, *file;
	char			 why[512];
	size_t			 i, n;

	*vmstate = NULL;
	n = json_object_is_type(ret, json_type_array) ?
	    json_object_array_length(ret) : 0;
	for (i = 0; i < n; i++) {
		b = json_object_array_get_idx(ret, i);
		if (!json_object_object_get_ex(b, "inserted", &ins) ||
		    (json_object_object_get_ex(ins, "ro", &ro) &&
		    json_object_get_boolean(ro)) ||
		    !json_object_object_get_ex(ins, "node-name", &node))
			continue;
		if (json_object_object_get_ex(ins, "image", &image) &&
		    json_object_object_get_ex(image, "format", &fmt) &&
		    strcmp(json_object_get_string(fmt), "qcow2") != 0) {
			json_object_object_get_ex(ins, "file", &file);
			snprintf(why, sizeof why, "%s is %s, and snapshots "
			    "need qcow2 disks (qemu-img convert -O qcow2 "
			    "makes one)",
			    file ? json_object_get_string(file) : "a disk",
			    json_object_get_string(fmt));
			failed(j, NULL, why);
			return -1;
		}
		if (*vmstate == NULL)
			*vmstate = json_object_get_string(node);
		json_object_array_add(devices,
		    json_object_new_string(json_object_get_string(node)));
	}
	if (*vmstate != NULL)
		return 0;
	failed(j, NULL, "the guest has no disk to keep it on "
	    "(a qcow2 disk = line)");
	return -1;
}

static void
on_blocks(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct snapshot_job	*j = arg;
	struct json_object	*args, *devices;
	const char		*vmstate;

	if (r->error_class != NULL) {
		failed(j, "query-block", r->error_desc);
		return;
	}
	devices = json_object_new_array();
	if (disks_of(j, r->ret, devices, &vmstate) == -1) {
		json_object_put(devices);
		return;
	}
	args = json_object_new_object();
	json_object_object_add(args, "job-id", json_object_new_string(j->id));
	json_object_object_add(args, "tag", json_object_new_string(j->tag));
	if (j->op != SNAPSHOT_DELETE)
		json_object_object_add(args, "vmstate",
		    json_object_new_string(vmstate));
	json_object_object_add(args, "devices", devices);
	if (qmp_command(q, commands[j->op], args, on_started, j) < 0)
		failed(j, NULL, "out of memory");
}

static void
on_closed(struct qmp *q, enum qmp_end why, const char *reason, void *arg)
{
	(void)q;
	(void)why;
	failed(arg, NULL, reason);
}

static void
on_deadline(void *arg)
{
	struct snapshot_job	*j = arg;

	j->deadline = NULL;
	failed(j, NULL, "no end after 10 minutes: see "
	    "vfiotui guest attach for QEMU's events");
}

struct snapshot_job *
snapshot_job_start(struct loop *loop, const char *ctl, enum snapshot_op op,
    const char *tag, snapshot_cb cb, void *arg, char *err, size_t errlen)
{
	static const struct qmp_callbacks	cbs = { .event = on_event,
						    .closed = on_closed };
	struct snapshot_job	*j;

	if ((j = calloc(1, sizeof *j)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	j->loop = loop;
	j->op = op;
	j->cb = cb;
	j->arg = arg;
	j->percent = -1;
	snprintf(j->tag, sizeof j->tag, "%s", tag);
	snprintf(j->id, sizeof j->id, "vfiotui-%s-%d", commands[op],
	    (int)getpid());
	if ((j->qmp = qmp_open(loop, ctl, &cbs, j, err, errlen)) == NULL ||
	    qmp_command(j->qmp, "query-block", NULL, on_blocks, j) < 0 ||
	    (j->deadline = loop_timer_add(loop, JOB_MAX_MS, 0, on_deadline,
	    j)) == NULL) {
		if (j->qmp != NULL)
			snprintf(err, errlen, "out of memory");
		snapshot_job_free(j);
		return NULL;
	}
	return j;
}

void
snapshot_job_free(struct snapshot_job *j)
{
	if (j == NULL)
		return;
	stop_timers(j);
	qmp_free(j->qmp);
	free(j);
}

struct snapshot_sync {
	struct loop	*loop;
	snapshot_cb	 cb;
	void		*arg;
	int		 r;
};

static void
sync_step(enum snapshot_step step, const char *line, void *arg)
{
	struct snapshot_sync	*ss = arg;

	ss->cb(step, line, ss->arg);
	if (step == SNAPSHOT_PROGRESS)
		return;
	ss->r = step == SNAPSHOT_DONE ? 0 : -1;
	loop_exit(ss->loop, 0);
}

int
snapshot_sync(const char *ctl, enum snapshot_op op, const char *tag,
    snapshot_cb cb, void *arg)
{
	struct snapshot_sync	 ss = { .cb = cb, .arg = arg, .r = -1 };
	struct snapshot_job	*j = NULL;
	char			 err[512], line[640];

	if ((ss.loop = loop_new()) == NULL)
		snprintf(err, sizeof err, "out of memory");
	else if ((j = snapshot_job_start(ss.loop, ctl, op, tag, sync_step,
	    &ss, err, sizeof err)) != NULL && loop_run(ss.loop) == -1 &&
	    ss.r == -1)
		snprintf(err, sizeof err, "poll: %s", strerror(errno));
	if (j == NULL || (ss.r == -1 && !j->ended)) {
		snprintf(line, sizeof line, "snapshot %s: %s", tag, err);
		cb(SNAPSHOT_FAILED, line, arg);
	}
	snapshot_job_free(j);
	loop_free(ss.loop);
	return ss.r;
}
