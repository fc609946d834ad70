/*
 * watch: one line per change, flushed at once so a pipe sees it at once.
 *   2026-11-25T11:05:43.123 01:00.0 driver nvidia -> vfio-pci
 *   2026-11-25T11:05:44.020 01:00.0 power suspended -> active
 *   2026-11-25T11:05:45.500 01:00.1 remove
 * or, with --json, one object a line with the same fields.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <json-c/json.h>

#include "exitcode.h"
#include "host.h"
#include "loop.h"
#include "udev_monitor.h"
#include "changes.h"

struct watch {
	struct loop	*loop;
	struct host	*host;
	int		 json;
};

static void
timestamp(char *buf, size_t len)
{
	struct timeval	tv;
	struct tm	tm;
	char		secs[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(secs, sizeof secs, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03ld", secs, (long)tv.tv_usec / 1000);
}

static void
print_json(const struct host_change *c, const char *when)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "time", json_object_new_string(when));
	json_object_object_add(o, "address", json_object_new_string(c->name));
	json_object_object_add(o, "event",
	    json_object_new_string(host_event_name(c->event)));
	if (c->old != NULL) {
		json_object_object_add(o, "old", c->old[0] ?
		    json_object_new_string(c->old) : NULL);
		json_object_object_add(o, "new", c->new[0] ?
		    json_object_new_string(c->new) : NULL);
	}
	printf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static void
on_change(const struct host_change *c, void *arg)
{
	struct watch	*w = arg;
	char		 when[64], slot[PCI_ADDR_LEN];

	timestamp(when, sizeof when);
	if (w->json)
		print_json(c, when);
	else {
		pci_addr_format_slot(&c->addr, w->host->with_domains, slot);
		if (c->old == NULL)
			printf("%s %s %s\n", when, slot,
			    host_event_name(c->event));
		else
			printf("%s %s %s %s -> %s\n", when, slot,
			    host_event_name(c->event), c->old[0] ? c->old :
			    "none", c->new[0] ? c->new : "none");
	}
	fflush(stdout);
}

static void
on_signal(int signo, void *arg)
{
	struct watch	*w = arg;

	(void)signo;
	loop_exit(w->loop, EXIT_OK);
}

int
watch_run(struct loop *loop, struct host *host, int json)
{
	struct watch	 w = { .loop = loop, .host = host, .json = json };
	struct monitor	*m;
	int		 r;

	if (loop_add_signal(loop, SIGINT, on_signal, &w) < 0 ||
	    loop_add_signal(loop, SIGTERM, on_signal, &w) < 0 ||
	    (m = monitor_new(loop, host, 0)) == NULL) {
		fprintf(stderr, "vfiotui: watch: cannot set up: %s\n",
		    strerror(errno));
		return EXIT_FAILED;
	}
	if (monitor_fallback(m) != NULL)
		fprintf(stderr, "vfiotui: watch: %s\n", monitor_fallback(m));
	host_listen(host, on_change, &w);
	monitor_watch_power(m, 1);
	r = loop_run(loop);
	monitor_free(m);
	return r < 0 ? EXIT_FAILED : r;
}
