/*
 * The guest verbs that need nothing but a QMP socket: status, pause,
 * resume, powerdown, reset, kill and attach.  Each runs on its own
 * connection; status and attach read the guest through guest_live, the
 * model the Guests pane draws, so the CLI and the TUI see the same.
 */
#include "config.h"

#include <sys/stat.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "cmd.h"
#include "exitcode.h"
#include "guest_figures.h"
#include "guest_live.h"
#include "loop.h"
#include "qmp.h"

#define GUEST_TIMEOUT_MS	5000
/* The figures' interval: a rate between two samples a second apart. */
#define FIGURES_MS	1000

/* The verbs that are one QMP command, and the command. */
static const struct {
	const char	*verb;
	const char	*execute;
} guest_actions[] = {
	{ "pause", "stop" },
	{ "resume", "cont" },
	{ "powerdown", "system_powerdown" },
	{ "reset", "system_reset" },
	{ "kill", "quit" },
};

int
guest_arg_is_socket(const char *arg)
{
	struct stat	st;

	return strchr(arg, '/') != NULL ||
	    (stat(arg, &st) == 0 && S_ISSOCK(st.st_mode));
}

static void
print_json(struct json_object *o)
{
	printf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
}

static int
guest_action(const char *verb, const char *execute, const char *path,
    int json, int timeout_ms)
{
	struct json_object	*ret = NULL;
	char			 err[512];
	int			 end;

	if (qmp_call_sync(path, execute, NULL, &ret, timeout_ms, &end, err,
	    sizeof err) == -1) {
		/* QEMU may go before it answers quit. */
		if (strcmp(execute, "quit") == 0 && end != -1 &&
		    (end == QMP_END_EOF || end == QMP_END_IO))
			return EXIT_OK;
		fprintf(stderr, "vfiotui: %s: %s\n", verb, err);
		return EXIT_FAILED;
	}
	if (json)
		print_json(ret);
	json_object_put(ret);
	return EXIT_OK;
}

static void
format_pci(const struct guest_live_dev *d, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x.%x", d->bus, d->slot, d->function);
}

static struct json_object *
string_or_null(const char *s)
{
	return s[0] != '\0' ? json_object_new_string(s) : NULL;
}

static struct json_object *
dev_json(const struct guest_live_dev *d)
{
	struct json_object	*o = json_object_new_object();
	char			 buf[16];

	format_pci(d, buf, sizeof buf);
	json_object_object_add(o, "address", json_object_new_string(buf));
	snprintf(buf, sizeof buf, "%04x", d->vendor);
	json_object_object_add(o, "vendor", json_object_new_string(buf));
	snprintf(buf, sizeof buf, "%04x", d->device);
	json_object_object_add(o, "device", json_object_new_string(buf));
	json_object_object_add(o, "class", string_or_null(d->class_desc));
	json_object_object_add(o, "id", string_or_null(d->id));
	json_object_object_add(o, "type", string_or_null(d->type));
	json_object_object_add(o, "host", string_or_null(d->host));
	return o;
}

/* "2026-11-25T15:30:00.123", local time, like watch. */
static void
format_time(long long sec, long usec, char *buf, size_t len)
{
	struct tm	tm;
	time_t		t = (time_t)sec;
	char		secs[32];

	localtime_r(&t, &tm);
	strftime(secs, sizeof secs, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03ld", secs, usec / 1000);
}

static struct json_object *
event_json(const struct guest_live_event *e)
{
	struct json_object	*o = json_object_new_object();
	char			 when[64];

	format_time(e->sec, e->usec, when, sizeof when);
	json_object_object_add(o, "time", json_object_new_string(when));
	json_object_object_add(o, "event", json_object_new_string(e->name));
	json_object_object_add(o, "data", json_object_get(e->data));
	return o;
}

static struct json_object *
live_json(const struct guest_live *gl)
{
	struct json_object	*o = json_object_new_object(), *a;
	size_t			 i;

	json_object_object_add(o, "socket", json_object_new_string(gl->path));
	json_object_object_add(o, "status", string_or_null(gl->status));
	json_object_object_add(o, "version", string_or_null(gl->version));
	json_object_object_add(o, "pid", gl->pid > 0 ?
	    json_object_new_int(gl->pid) : NULL);
	json_object_object_add(o, "uptime_s",
	    json_object_new_int64(guest_live_uptime(gl)));
	a = json_object_new_array();
	for (i = 0; i < gl->ndevs; i++)
		json_object_array_add(a, dev_json(&gl->devs[i]));
	json_object_object_add(o, "devices", a);
	a = json_object_new_array();
	for (i = 0; i < gl->nevents; i++)
		json_object_array_add(a, event_json(&gl->events[i]));
	json_object_object_add(o, "events", a);
	return o;
}

static struct json_object *
figures_json(const struct guest_figures *f)
{
	struct json_object	*o = json_object_new_object(), *a;
	size_t			 i;

	a = json_object_new_array();
	for (i = 0; i < f->nvcpu && f->rates; i++)
		json_object_array_add(a, json_object_new_double(
		    (double)(long)(f->vcpu_pct[i] * 10 + 0.5) / 10));
	json_object_object_add(o, "vcpu_percent", a);
	json_object_object_add(o, "rss_kib",
	    json_object_new_int64((int64_t)f->rss_kib));
	json_object_object_add(o, "disk_read_bps", f->rates ?
	    json_object_new_int64((int64_t)f->rd_bps) : NULL);
	json_object_object_add(o, "disk_write_bps", f->rates ?
	    json_object_new_int64((int64_t)f->wr_bps) : NULL);
	return o;
}

/* "cpu vCPU0 99%, vCPU1 0%" and the rest, a line each. */
static void
print_figures(const struct guest_figures *f)
{
	size_t	i;

	if (f->rates && f->nvcpu > 0) {
		printf("cpu");
		for (i = 0; i < f->nvcpu; i++)
			printf("%s vCPU%zu %.0f%%", i ? "," : "", i,
			    f->vcpu_pct[i]);
		printf("\n");
	}
	printf("memory %llu MiB resident\n", f->rss_kib / 1024);
	if (f->rates)
		printf("disks %.0f B/s read, %.0f B/s written\n", f->rd_bps,
		    f->wr_bps);
}

static void
print_status(const struct guest_live *gl)
{
	const struct guest_live_dev	*d;
	char				 buf[32];
	size_t				 i;

	printf("%s\n", gl->status[0] ? gl->status : "unknown");
	printf("version %s\n", gl->version);
	if (gl->pid > 0)
		printf("pid %d\n", (int)gl->pid);
	guest_live_uptime_text(gl, buf, sizeof buf);
	printf("uptime %s\n", buf);
	for (i = 0; i < gl->ndevs; i++) {
		d = &gl->devs[i];
		format_pci(d, buf, sizeof buf);
		printf("device %s %04x:%04x %s", buf, d->vendor, d->device,
		    d->class_desc[0] ? d->class_desc : "-");
		if (d->id[0] != '\0')
			printf(" id=%s", d->id);
		if (d->type[0] != '\0')
			printf(" type=%s", d->type);
		if (d->host[0] != '\0')
			printf(" host=%s", d->host);
		printf("\n");
	}
}

/* status and attach: the model on a private loop. */
struct live_run {
	struct loop		*loop;
	struct loop_timer	*timer;
	const char		*verb;
	const char		*path;
	int			 json;
	int			 attach;
	int			 timeout_ms;
	int			 over;		/* said why it fails */
	struct guest_sampler	*sampler;	/* status: the figures */
	struct loop_timer	*again;
	struct guest_figures	 fig;
	int			 samples;
};

static void	live_timeout(void *);

/* The second sample, a second after the first: the rates. */
static void
sample_again(void *arg)
{
	struct live_run	*r = arg;

	r->again = NULL;
	guest_sampler_sample(r->sampler);
}

static void
on_figures(const struct guest_figures *fig, void *arg)
{
	struct live_run	*r = arg;

	r->fig = *fig;
	if (++r->samples == 1 && (r->again = loop_timer_add(r->loop,
	    FIGURES_MS, 0, sample_again, r)) != NULL)
		return;
	loop_exit(r->loop, EXIT_OK);
}

static void
print_event(const struct live_run *r, const struct guest_live_event *e)
{
	struct json_object	*o;
	char			 when[64];

	if (r->json) {
		o = event_json(e);
		print_json(o);
		json_object_put(o);
		return;
	}
	format_time(e->sec, e->usec, when, sizeof when);
	printf("%s %s%s%s\n", when, e->name, e->detail[0] ? " " : "",
	    e->detail);
	fflush(stdout);
}

static void
live_loaded(struct live_run *r, struct guest_live *gl)
{
	size_t	i;

	loop_timer_del(r->loop, r->timer);
	r->timer = NULL;
	if (!r->attach && gl->pid > 0 && (r->sampler = guest_sampler_new(
	    guest_live_qmp(gl), gl->pid, "/proc", on_figures, r)) != NULL) {
		guest_sampler_sample(r->sampler);
		/* Figures are a bonus: a QEMU slow to give them still has
		 * its status printed, a little later. */
		r->timer = loop_timer_add(r->loop, 2 * FIGURES_MS + 500, 0,
		    live_timeout, r);
		return;
	}
	if (!r->attach) {
		loop_exit(r->loop, EXIT_OK);
		return;
	}
	fprintf(stderr, "vfiotui: attach: %s: qemu %s, %s; events follow "
	    "(^C to stop)\n", r->path, gl->version, gl->status);
	for (i = 0; i < gl->nevents; i++)
		print_event(r, &gl->events[i]);
}

/* attach ends well when QEMU went after saying why (SHUTDOWN). */
static void
live_closed(struct live_run *r, struct guest_live *gl)
{
	if (r->attach && gl->loaded && gl->shutdown_seen &&
	    (gl->end == QMP_END_EOF || gl->end == QMP_END_IO)) {
		loop_exit(r->loop, EXIT_OK);
		return;
	}
	if (r->attach && gl->loaded && gl->end == QMP_END_EOF)
		fprintf(stderr, "vfiotui: attach: %s: QEMU went away without "
		    "a SHUTDOWN event (killed?)\n", r->path);
	else
		fprintf(stderr, "vfiotui: %s: %s\n", r->verb,
		    gl->exit_reason);
	loop_exit(r->loop, EXIT_FAILED);
}

static void
live_changed(struct guest_live *gl, unsigned int changed, void *arg)
{
	struct live_run	*r = arg;

	if (r->over)
		return;
	/* Before the load, an error is the answer: the rest would wait. */
	if ((changed & GUEST_LIVE_ERROR) && !gl->loaded) {
		fprintf(stderr, "vfiotui: %s: %s: %s\n", r->verb, r->path,
		    gl->error);
		r->over = 1;
		loop_exit(r->loop, EXIT_FAILED);
		return;
	}
	if (changed & GUEST_LIVE_LOADED)
		live_loaded(r, gl);
	else if ((changed & GUEST_LIVE_EVENT) && r->attach)
		print_event(r, &gl->events[gl->nevents - 1]);
	if (changed & GUEST_LIVE_CLOSED)
		live_closed(r, gl);
}

static void
live_timeout(void *arg)
{
	struct live_run	*r = arg;

	r->timer = NULL;
	/* The status is in; figures that do not come are left out. */
	if (r->sampler != NULL) {
		loop_exit(r->loop, EXIT_OK);
		return;
	}
	fprintf(stderr, "vfiotui: %s: %s: no answer within %d.%03d s (QEMU "
	    "serves one QMP client at a time: is another one attached?)\n",
	    r->verb, r->path, r->timeout_ms / 1000, r->timeout_ms % 1000);
	loop_exit(r->loop, EXIT_FAILED);
}

static void
live_signal(int signo, void *arg)
{
	struct live_run	*r = arg;

	(void)signo;
	loop_exit(r->loop, EXIT_OK);
}

static int
guest_live_verb(const char *verb, const char *path, int json, int timeout_ms)
{
	struct live_run		 r = { .verb = verb, .path = path,
				    .json = json, .timeout_ms = timeout_ms,
				    .attach = strcmp(verb, "attach") == 0 };
	struct guest_live	*gl = NULL;
	struct json_object	*o;
	char			 err[512];
	int			 code = EXIT_FAILED;

	if ((r.loop = loop_new()) == NULL ||
	    (r.attach && (loop_add_signal(r.loop, SIGINT, live_signal, &r) < 0
	    || loop_add_signal(r.loop, SIGTERM, live_signal, &r) < 0)) ||
	    (r.timer = loop_timer_add(r.loop, timeout_ms, 0, live_timeout,
	    &r)) == NULL)
		fprintf(stderr, "vfiotui: %s: cannot set up\n", verb);
	else if ((gl = guest_live_open(r.loop, path, "/proc", live_changed,
	    &r, err, sizeof err)) == NULL)
		fprintf(stderr, "vfiotui: %s: %s\n", verb, err);
	else
		code = loop_run(r.loop);
	if (code == EXIT_OK && !r.attach) {
		if (json) {
			o = live_json(gl);
			if (r.samples > 0)
				json_object_object_add(o, "figures",
				    figures_json(&r.fig));
			print_json(o);
			json_object_put(o);
		} else {
			print_status(gl);
			if (r.samples > 0)
				print_figures(&r.fig);
		}
	}
	loop_timer_del(r.loop, r.again);
	guest_live_free(gl);
	guest_sampler_free(r.sampler);
	loop_free(r.loop);
	return code < 0 ? EXIT_FAILED : code;
}

/* Runs VERB on the socket at PATH; -1 when VERB is none of those above. */
static int
guest_qmp_verb(const char *verb, const char *path, int json, int timeout_ms)
{
	size_t	i;

	if (strcmp(verb, "status") == 0 || strcmp(verb, "attach") == 0)
		return guest_live_verb(verb, path, json, timeout_ms);
	for (i = 0; i < sizeof guest_actions / sizeof guest_actions[0]; i++)
		if (strcmp(verb, guest_actions[i].verb) == 0)
			return guest_action(verb, guest_actions[i].execute,
			    path, json, timeout_ms);
	return -1;
}

int
cmd_guest_qmp(int argc, char **argv)
{
	const char	*verb = argv[0], *target = NULL;
	char		*end;
	long		 secs = GUEST_TIMEOUT_MS / 1000;
	int		 json = 0, i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
			secs = strtol(argv[++i], &end, 10);
			if (*end != '\0' || secs <= 0 || secs > 86400)
				return bad_usage("guest %s: --timeout wants "
				    "seconds, 1 to 86400, not '%s'", verb,
				    argv[i]);
		} else if (argv[i][0] != '-' && target == NULL)
			target = argv[i];
		else
			return bad_usage("guest %s: unexpected argument '%s'",
			    verb, argv[i]);
	}
	if (target == NULL)
		return bad_usage("guest %s: expected the path of a QMP socket",
		    verb);
	if (!guest_arg_is_socket(target))
		return bad_usage("guest %s: '%s' is not a QMP socket (give "
		    "its path, e.g. ./%s)", verb, target, target);
	r = guest_qmp_verb(verb, target, json, (int)secs * 1000);
	if (r == -1)
		return bad_usage("guest: unknown command '%s'", verb);
	return r;
}
