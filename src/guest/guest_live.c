/*
 * The live model of one QEMU.  On connect it asks query-status, query-pci
 * and qom-list /machine/peripheral (which -device has which type), then
 * vfio-pci's "host" for each passed device; it is loaded when all of that
 * came.  Events are kept, and the ones that change the run state or the
 * devices make it ask again.
 *
 * QEMU answers in the order it was asked (no out-of-band commands are
 * enabled), so the host addresses asked for go in a queue, and each
 * answer is for the device at its head; and the load is done when the
 * answer to its last question came, whatever the events asked meanwhile
 * (a guest that keeps changing state would otherwise never be loaded).
 *
 * The listener may free the model from its callback: the model then only
 * marks itself, and the callback it came through frees it on the way out.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "guest_live.h"
#include "loop.h"
#include "pci.h"
#include "proctext.h"
#include "qmp.h"

struct guest_live_priv {
	struct qmp	*qmp;
	guest_live_cb	 cb;
	void		*arg;
	unsigned long	 asked;		/* questions sent */
	unsigned long	 answered;	/* answered, in the same order */
	unsigned long	 load_last;	/* the load's last question */
	struct {
		char	 id[64];
	}		*asks;		/* devices whose host was asked for */
	size_t		 nasks;
	int		 depth;
	int		 doomed;
	struct loop	*loop;
	struct loop_timer *renumber;	/* asks query-pci again */
	int		 renumber_tries;
	int		 unnumbered;	/* a bridge without a bus number */
};

/* A minute of one question a second. */
#define RENUMBER_TRIES	60

static void
gl_destroy(struct guest_live *gl)
{
	size_t	i;

	for (i = 0; i < gl->nevents; i++)
		json_object_put(gl->events[i].data);
	if (gl->priv->renumber != NULL)
		loop_timer_del(gl->priv->loop, gl->priv->renumber);
	qmp_free(gl->priv->qmp);
	free(gl->priv->asks);
	free(gl->priv);
	free(gl->devs);
	free(gl);
}

void
guest_live_free(struct guest_live *gl)
{
	if (gl == NULL)
		return;
	if (gl->priv->depth > 0) {
		gl->priv->doomed = 1;
		return;
	}
	gl_destroy(gl);
}

/* Every way in from the connection goes through gl_enter/gl_leave. */
static void
gl_enter(struct guest_live *gl)
{
	gl->priv->depth++;
}

static void
gl_leave(struct guest_live *gl)
{
	if (--gl->priv->depth == 0 && gl->priv->doomed)
		gl_destroy(gl);
}

/* Returns 0 when the listener freed the model. */
static int
gl_notify(struct guest_live *gl, unsigned int changed)
{
	if (gl->priv->doomed)
		return 0;
	if (gl->priv->cb != NULL && (gl->loaded || (changed &
	    (GUEST_LIVE_LOADED | GUEST_LIVE_CLOSED | GUEST_LIVE_ERROR))))
		gl->priv->cb(gl, changed, gl->priv->arg);
	return !gl->priv->doomed;
}

/*
 * Copies a string QEMU sent, its control characters made '?': the model
 * ends up on terminals, and a name is no place for an escape sequence.
 */
static void
copy_text(char *dst, size_t len, const char *src, size_t n)
{
	size_t	i;

	for (i = 0; i + 1 < len && i < n && src[i] != '\0'; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ?
		    '?' : src[i];
	dst[i] = '\0';
}

static const char *
get_str(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static unsigned int
get_uint(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	return (unsigned int)json_object_get_int64(v);
}

/* Sends a question; LOAD: one the load waits for, until it is loaded. */
static void
gl_ask(struct guest_live *gl, const char *execute, struct json_object *args,
    qmp_reply_cb cb, int load)
{
	if (qmp_command(gl->priv->qmp, execute, args, cb, gl) < 0)
		return;
	gl->priv->asked++;
	if (load && !gl->loaded)
		gl->priv->load_last = gl->priv->asked;
}

/*
 * Enters an answer: 0 when it brings nothing (the connection ended;
 * closed() says so), else 1, with the answer counted.
 */
static int
gl_answer(struct guest_live *gl, const struct qmp_reply *r)
{
	gl_enter(gl);
	if (r->error_class != NULL &&
	    strcmp(r->error_class, QMP_CLASS_CLOSED) == 0)
		return 0;
	gl->priv->answered++;
	return 1;
}

/* Leaves an answer; the load's last one makes the model loaded. */
static void
gl_answered(struct guest_live *gl)
{
	if (!gl->loaded && !gl->priv->doomed &&
	    gl->priv->answered >= gl->priv->load_last) {
		gl->loaded = 1;
		gl_notify(gl, GUEST_LIVE_LOADED | GUEST_LIVE_STATUS |
		    GUEST_LIVE_DEVICES);
	}
	gl_leave(gl);
}

static void
status_reply(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guest_live	*gl = arg;
	const char		*s;

	(void)q;
	if (!gl_answer(gl, r)) {
		gl_leave(gl);
		return;
	}
	if (r->ret != NULL && (s = get_str(r->ret, "status")) != NULL &&
	    strcmp(s, gl->status) != 0) {
		copy_text(gl->status, sizeof gl->status, s, SIZE_MAX);
		gl_notify(gl, GUEST_LIVE_STATUS);
	} else if (r->error_class != NULL) {
		/* Said at once: the load would never say more of it. */
		snprintf(gl->error, sizeof gl->error, "query-status: %s: %s",
		    r->error_class, r->error_desc ? r->error_desc : "");
		copy_text(gl->error, sizeof gl->error, gl->error, SIZE_MAX);
		if (!gl_notify(gl, GUEST_LIVE_ERROR)) {
			gl_leave(gl);
			return;
		}
	}
	gl_answered(gl);
}

static void
gl_ask_status(struct guest_live *gl, int load)
{
	gl_ask(gl, "query-status", NULL, status_reply, load);
}

static int
dev_add(struct guest_live *gl, size_t *cap, struct json_object *d)
{
	struct guest_live_dev	*dev, *v;
	struct json_object	*o;
	const char		*s;

	if (gl->ndevs == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		if ((v = realloc(gl->devs, *cap * sizeof *v)) == NULL)
			return -1;
		gl->devs = v;
	}
	dev = &gl->devs[gl->ndevs++];
	memset(dev, 0, sizeof *dev);
	dev->bus = get_uint(d, "bus");
	dev->slot = get_uint(d, "slot");
	dev->function = get_uint(d, "function");
	if (json_object_object_get_ex(d, "id", &o)) {
		dev->vendor = get_uint(o, "vendor");
		dev->device = get_uint(o, "device");
	}
	if (json_object_object_get_ex(d, "class_info", &o) &&
	    (s = get_str(o, "desc")) != NULL)
		copy_text(dev->class_desc, sizeof dev->class_desc, s,
		    SIZE_MAX);
	if ((s = get_str(d, "qdev_id")) != NULL)
		copy_text(dev->id, sizeof dev->id, s, SIZE_MAX);
	return 0;
}

/* The devices of one bus, and of the buses behind its bridges. */
static int
devs_add_bus(struct guest_live *gl, size_t *cap, struct json_object *devices,
    int depth)
{
	struct json_object	*d, *bridge, *below;
	size_t			 i;

	if (!json_object_is_type(devices, json_type_array) || depth > 8)
		return 0;
	for (i = 0; i < json_object_array_length(devices); i++) {
		d = json_object_array_get_idx(devices, i);
		if (dev_add(gl, cap, d) == -1)
			return -1;
		if (!json_object_object_get_ex(d, "pci_bridge", &bridge))
			continue;
		if (json_object_object_get_ex(bridge, "bus", &below) &&
		    get_uint(below, "secondary") == 0)
			gl->priv->unnumbered = 1;
		if (json_object_object_get_ex(bridge, "devices", &below) &&
		    devs_add_bus(gl, cap, below, depth + 1) == -1)
			return -1;
	}
	return 0;
}

static void	gl_ask_devices(struct guest_live *, int);

static void
renumber_due(void *arg)
{
	struct guest_live	*gl = arg;

	gl->priv->renumber = NULL;
	gl->priv->renumber_tries++;
	gl_ask_devices(gl, 0);
}

static void
pci_reply(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guest_live	*gl = arg;
	struct json_object	*bus, *devices;
	size_t			 i, cap = 0;

	(void)q;
	if (!gl_answer(gl, r)) {
		gl_leave(gl);
		return;
	}
	if (r->ret != NULL && json_object_is_type(r->ret, json_type_array)) {
		free(gl->devs);
		gl->devs = NULL;
		gl->ndevs = 0;
		gl->priv->unnumbered = 0;
		for (i = 0; i < json_object_array_length(r->ret); i++) {
			bus = json_object_array_get_idx(r->ret, i);
			if (json_object_object_get_ex(bus, "devices",
			    &devices) && devs_add_bus(gl, &cap, devices, 0) ==
			    -1)
				break;
		}
		if (gl->priv->unnumbered && gl->priv->renumber == NULL &&
		    gl->priv->renumber_tries < RENUMBER_TRIES)
			gl->priv->renumber = loop_timer_add(gl->priv->loop,
			    1000, 0, renumber_due, gl);
		gl_notify(gl, GUEST_LIVE_DEVICES);
	}
	gl_answered(gl);
}

static struct guest_live_dev *
dev_by_id(struct guest_live *gl, const char *id)
{
	size_t	i;

	for (i = 0; i < gl->ndevs; i++)
		if (gl->devs[i].id[0] != '\0' &&
		    strcmp(gl->devs[i].id, id) == 0)
			return &gl->devs[i];
	return NULL;
}

static void
host_reply(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	struct guest_live	*gl = arg;
	struct guest_live_priv	*p = gl->priv;
	struct guest_live_dev	*dev;
	struct pci_addr		 addr;
	char			 id[64];

	(void)q;
	if (!gl_answer(gl, r) || p->nasks == 0) {
		gl_leave(gl);
		return;
	}
	/* By id, not index: the devices may have been asked for again. */
	memcpy(id, p->asks[0].id, sizeof id);
	memmove(p->asks, p->asks + 1, --p->nasks * sizeof *p->asks);
	/* A vfio-pci given by sysfsdev= has no host address: ~0 in each
	 * field.  What is kept is a valid, canonical address. */
	if (r->ret != NULL && json_object_is_type(r->ret, json_type_string) &&
	    pci_addr_parse(json_object_get_string(r->ret), &addr) == 0 &&
	    (dev = dev_by_id(gl, id)) != NULL) {
		pci_addr_format(&addr, dev->host);
		gl_notify(gl, GUEST_LIVE_DEVICES);
	}
	gl_answered(gl);
}

static void
gl_ask_host(struct guest_live *gl, const char *id, int load)
{
	struct guest_live_priv	*p = gl->priv;
	struct json_object	*args;
	char			 path[128];
	void			*v;

	if ((v = realloc(p->asks, (p->nasks + 1) * sizeof *p->asks)) == NULL)
		return;
	p->asks = v;
	snprintf(p->asks[p->nasks++].id, sizeof p->asks[0].id, "%s", id);
	snprintf(path, sizeof path, "/machine/peripheral/%s", id);
	args = json_object_new_object();
	json_object_object_add(args, "path", json_object_new_string(path));
	json_object_object_add(args, "property",
	    json_object_new_string("host"));
	gl_ask(gl, "qom-get", args, host_reply, load);
}

/*
 * qom-list names each -device with an id, its type as "child<TYPE>".
 * LOAD: the list was one of the load's questions, and so are the hosts
 * it asks; a list asked again (a bridge renumbered) must not hold the
 * load back with its own.
 */
static void
peripherals(const struct qmp_reply *r, struct guest_live *gl, int load)
{
	struct guest_live_dev	*dev;
	struct json_object	*e;
	const char		*name, *type;
	size_t			 i, n;

	if (!gl_answer(gl, r)) {
		gl_leave(gl);
		return;
	}
	n = r->ret != NULL && json_object_is_type(r->ret, json_type_array) ?
	    json_object_array_length(r->ret) : 0;
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(r->ret, i);
		if ((name = get_str(e, "name")) == NULL ||
		    (type = get_str(e, "type")) == NULL ||
		    strncmp(type, "child<", 6) != 0 ||
		    (dev = dev_by_id(gl, name)) == NULL)
			continue;
		copy_text(dev->type, sizeof dev->type, type + 6,
		    strcspn(type + 6, ">"));
		if (strcmp(dev->type, "vfio-pci") == 0)
			gl_ask_host(gl, name, load);
	}
	if (n > 0)
		gl_notify(gl, GUEST_LIVE_DEVICES);
	gl_answered(gl);
}

static void
peripheral_reply_load(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	(void)q;
	peripherals(r, arg, 1);
}

static void
peripheral_reply(struct qmp *q, const struct qmp_reply *r, void *arg)
{
	(void)q;
	peripherals(r, arg, 0);
}

static void
gl_ask_devices(struct guest_live *gl, int load)
{
	struct json_object	*args = json_object_new_object();

	json_object_object_add(args, "path",
	    json_object_new_string("/machine/peripheral"));
	gl_ask(gl, "query-pci", NULL, pci_reply, load);
	gl_ask(gl, "qom-list", args, load ? peripheral_reply_load :
	    peripheral_reply, load);
}

/* "guest=true reason=guest-shutdown": the event's plain members. */
static void
event_detail(struct json_object *data, char *buf, size_t len)
{
	size_t	n = 0;
	int	w;

	buf[0] = '\0';
	if (data == NULL || !json_object_is_type(data, json_type_object))
		return;
	json_object_object_foreach(data, key, v) {
		if (json_object_is_type(v, json_type_object) ||
		    json_object_is_type(v, json_type_array) || n >= len)
			continue;
		w = snprintf(buf + n, len - n, "%s%s=%s", n ? " " : "", key,
		    v == NULL ? "null" : json_object_get_string(v));
		n = w < 0 || (size_t)w >= len - n ? len : n + (size_t)w;
	}
}

static void
gl_add_event(struct guest_live *gl, const struct qmp_event *ev)
{
	struct guest_live_event	*e;

	if (gl->nevents == GUEST_LIVE_EVENTS) {
		json_object_put(gl->events[0].data);
		memmove(gl->events, gl->events + 1,
		    --gl->nevents * sizeof *gl->events);
	}
	e = &gl->events[gl->nevents++];
	e->data = json_object_get(ev->data);
	e->sec = ev->sec;
	e->usec = ev->usec;
	copy_text(e->name, sizeof e->name, ev->name, SIZE_MAX);
	event_detail(ev->data, e->detail, sizeof e->detail);
	copy_text(e->detail, sizeof e->detail, e->detail, SIZE_MAX);
}

static void
on_event(struct qmp *q, const struct qmp_event *ev, void *arg)
{
	static const char *const state_events[] = { "STOP", "RESUME",
	    "RESET", "SHUTDOWN", "POWERDOWN", "GUEST_PANICKED", "SUSPEND",
	    "WAKEUP", "GUEST_CRASHLOADED", NULL };
	struct guest_live	*gl = arg;
	const char		*now;
	unsigned int		 what = GUEST_LIVE_EVENT;
	size_t			 i;

	(void)q;
	gl_enter(gl);
	gl_add_event(gl, ev);
	/* Asked first: QEMU answers while the listeners draw the event. */
	for (i = 0; state_events[i] != NULL; i++)
		if (strcmp(ev->name, state_events[i]) == 0)
			gl_ask_status(gl, 0);
	/*
	 * The state STOP and RESUME mean is shown with them, a round trip
	 * sooner; query-status then says when a stop was more (an I/O
	 * error, a shutdown that -no-shutdown holds).
	 */
	now = strcmp(ev->name, "STOP") == 0 ? "paused" :
	    strcmp(ev->name, "RESUME") == 0 ? "running" : NULL;
	if (now != NULL && strcmp(gl->status, now) != 0) {
		copy_text(gl->status, sizeof gl->status, now, SIZE_MAX);
		what |= GUEST_LIVE_STATUS;
	}
	if (!gl_notify(gl, what))
		goto out;
	/* QEMU may be gone before it could answer query-status. */
	if (strcmp(ev->name, "SHUTDOWN") == 0) {
		gl->shutdown_seen = 1;
		memcpy(gl->shutdown, gl->events[gl->nevents - 1].detail,
		    sizeof gl->shutdown);
		snprintf(gl->status, sizeof gl->status, "shutdown");
		if (!gl_notify(gl, GUEST_LIVE_STATUS))
			goto out;
	}
	if (strcmp(ev->name, "DEVICE_DELETED") == 0)
		gl_ask_devices(gl, 0);
out:
	gl_leave(gl);
}

static void
on_ready(struct qmp *q, void *arg)
{
	struct guest_live	*gl = arg;

	gl_enter(gl);
	snprintf(gl->version, sizeof gl->version, "%s", qmp_version(q));
	gl_ask_status(gl, 1);
	gl_ask_devices(gl, 1);
	gl_leave(gl);
}

static void
on_closed(struct qmp *q, enum qmp_end end, const char *reason, void *arg)
{
	struct guest_live	*gl = arg;

	(void)q;
	gl_enter(gl);
	gl->closed = 1;
	gl->end = end;
	/* After a SHUTDOWN, its reason is why QEMU went. */
	if (gl->shutdown_seen)
		snprintf(gl->exit_reason, sizeof gl->exit_reason,
		    "shutdown %s", gl->shutdown);
	else
		snprintf(gl->exit_reason, sizeof gl->exit_reason, "%s",
		    reason);
	gl_notify(gl, GUEST_LIVE_CLOSED);
	gl_leave(gl);
}

/*
 * QEMU's start, from field 22 of /proc/PID/stat (clock ticks after boot)
 * and the boot time in /proc/stat.  0 when either cannot be read.
 */
static long long
process_start(const char *proc_root, pid_t pid)
{
	char			 path[4096], buf[1024];
	struct proctext_stat	 st;
	unsigned long long	 btime = 0;
	FILE			*f;
	size_t			 n;

	snprintf(path, sizeof path, "%s/%d/stat", proc_root, (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (proctext_stat(buf, &st) == -1 || st.start == -1)
		return 0;
	snprintf(path, sizeof path, "%s/stat", proc_root);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(buf, sizeof buf, f) != NULL)
		if (proctext_number(buf, "btime ", &btime) == 0)
			break;
	fclose(f);
	if (btime == 0)
		return 0;
	return (long long)(btime + (unsigned long long)st.start /
	    (unsigned long long)sysconf(_SC_CLK_TCK));
}

struct guest_live *
guest_live_open(struct loop *loop, const char *path, const char *proc_root,
    guest_live_cb cb, void *arg, char *err, size_t errlen)
{
	const struct qmp_callbacks	 cbs = { .ready = on_ready,
					    .event = on_event,
					    .closed = on_closed };
	struct guest_live		*gl;

	if ((gl = calloc(1, sizeof *gl)) == NULL ||
	    (gl->priv = calloc(1, sizeof *gl->priv)) == NULL) {
		free(gl);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	gl->priv->cb = cb;
	gl->priv->arg = arg;
	gl->priv->loop = loop;
	snprintf(gl->path, sizeof gl->path, "%s", path);
	gl->priv->qmp = qmp_open(loop, path, &cbs, gl, err, errlen);
	if (gl->priv->qmp == NULL) {
		gl_destroy(gl);
		return NULL;
	}
	gl->connected_ms = loop_now_ms();
	gl->pid = qmp_peer_pid(gl->priv->qmp);
	if (gl->pid > 0)
		gl->started = process_start(proc_root, gl->pid);
	return gl;
}

struct qmp *
guest_live_qmp(struct guest_live *gl)
{
	return gl->priv->qmp;
}

long long
guest_live_uptime(const struct guest_live *gl)
{
	if (gl->started > 0)
		return (long long)time(NULL) - gl->started;
	return (loop_now_ms() - gl->connected_ms) / 1000;
}

void
guest_live_uptime_text(const struct guest_live *gl, char *buf, size_t len)
{
	long long	s = guest_live_uptime(gl);

	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(buf, len, "%lldh%02lldm%02llds", s / 3600,
		    s / 60 % 60, s % 60);
	else if (s >= 60)
		snprintf(buf, len, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(buf, len, "%llds", s);
}
