/*
 * A fake QMP server for the robustness tests and bench/soak.sh: it
 * listens on a unix socket, takes one client, plays the script in its
 * arguments, and ends.
 *
 *	fakeqmp SOCKET STEP...
 *
 *	greet		QEMU 7.2's greeting, in one write
 *	send TEXT	TEXT in one write; \r, \n and \\ are escapes, and
 *			$ID1..$ID9 the ids of the commands read so far
 *	bytes TEXT	TEXT one byte a write, 2 ms apart
 *	expect NAME	read one command; fail unless it executes NAME
 *	overlong N	an event N bytes long, in writes of 64 KiB
 *	sleep MS	wait
 *	hang		read until the client leaves (a greeting then silence)
 *	flood MS	events as QEMU sends them (STOP, RESUME, RTC_CHANGE in
 *			turn, stamped with the time), as fast as the client
 *			reads them, for MS; meanwhile every command is
 *			answered, query-status with the state the last event
 *			left
 *
 * "ready" on stdout says it listens.  Exit status: 0 when the whole
 * script ran, 1 when a command was not the one expected, 2 when the
 * client left before the end.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#define GREETING "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, " \
	"\"minor\": 2, \"major\": 7}, \"package\": \"fake\"}, " \
	"\"capabilities\": [\"oob\"]}}\r\n"

static char	ids[10][64];
static int	nids;

static void
pause_ms(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static void
put(int fd, const char *s, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = write(fd, s, n)) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "fakeqmp: the client left: %s\n",
			    strerror(errno));
			exit(2);
		}
		s += w;
		n -= (size_t)w;
	}
}

/* TEXT with its escapes and ids replaced, in a buffer of its own. */
static char *
expand(const char *in, size_t *len)
{
	char	*out, *o;
	int	 k;

	/* An id is at most 63 bytes for each 4-byte "$IDn". */
	if ((out = malloc(strlen(in) * 16 + 1)) == NULL)
		exit(3);
	for (o = out; *in != '\0'; in++) {
		if (in[0] == '\\' && in[1] != '\0') {
			in++;
			*o++ = *in == 'r' ? '\r' : *in == 'n' ? '\n' : *in;
		} else if (strncmp(in, "$ID", 3) == 0 && in[3] >= '1' &&
		    in[3] <= '9') {
			k = in[3] - '0';
			o = stpcpy(o, k <= nids ? ids[k] : "null");
			in += 3;
		} else
			*o++ = *in;
	}
	*len = (size_t)(o - out);
	return out;
}

/* Reads one JSON object, a byte at a time: commands are short. */
static struct json_object *
read_command(int fd)
{
	struct json_tokener	*tok = json_tokener_new();
	struct json_object	*o = NULL;
	char			 c;
	ssize_t			 n;

	while (o == NULL && (n = read(fd, &c, 1)) == 1) {
		o = json_tokener_parse_ex(tok, &c, 1);
		if (o == NULL &&
		    json_tokener_get_error(tok) != json_tokener_continue)
			break;
	}
	json_tokener_free(tok);
	return o;
}

static int
expect(int fd, const char *name)
{
	struct json_object	*o, *v;
	const char		*got = "nothing";

	if ((o = read_command(fd)) != NULL &&
	    json_object_object_get_ex(o, "execute", &v))
		got = json_object_get_string(v);
	if (strcmp(got, name) != 0) {
		fprintf(stderr, "fakeqmp: expected %s, got %s\n", name, got);
		json_object_put(o);
		return -1;
	}
	if (nids < 9 && json_object_object_get_ex(o, "id", &v))
		snprintf(ids[++nids], sizeof ids[0], "%s",
		    json_object_to_json_string(v));
	json_object_put(o);
	return 0;
}

static void
overlong(int fd, long n)
{
	static const char	head[] = "{\"event\": \"BIG\", "
				    "\"data\": {\"s\": \"";
	char			chunk[65536];
	long			left = n - (long)sizeof head + 1 - 4;

	memset(chunk, 'a', sizeof chunk);
	put(fd, head, sizeof head - 1);
	for (; left > 0; left -= (long)sizeof chunk)
		put(fd, chunk, left < (long)sizeof chunk ? (size_t)left :
		    sizeof chunk);
	put(fd, "\"}}\n", 4);
}

/*
 * The flood's output: answers and events in the order they go out.
 * Events are added only while little is queued, so that an answer waits
 * behind FLOOD_BATCH bytes of them at most (and what the socket holds),
 * as it would behind QEMU's own.
 */
struct flood {
	char		*out;
	size_t		 off;
	size_t		 len;
	size_t		 cap;
	int		 paused;	/* what the last STOP or RESUME left */
	unsigned long	 events;	/* sent so far: the next one's kind */
};

#define FLOOD_LOW	4096
#define FLOOD_BATCH	16384

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
flood_add(struct flood *f, const char *s, size_t n)
{
	if (f->off > 0) {
		memmove(f->out, f->out + f->off, f->len - f->off);
		f->len -= f->off;
		f->off = 0;
	}
	if (f->len + n > f->cap) {
		f->cap = (f->len + n) * 2;
		if ((f->out = realloc(f->out, f->cap)) == NULL)
			exit(3);
	}
	memcpy(f->out + f->len, s, n);
	f->len += n;
}

static void
flood_events(struct flood *f)
{
	struct timespec	ts;
	char		ev[256];
	int		n;

	while (f->len - f->off < FLOOD_BATCH) {
		clock_gettime(CLOCK_REALTIME, &ts);
		n = snprintf(ev, sizeof ev, "{\"timestamp\": {\"seconds\": "
		    "%lld, \"microseconds\": %ld}, \"event\": ",
		    (long long)ts.tv_sec, ts.tv_nsec / 1000);
		switch (f->events++ % 3) {
		case 0:
			f->paused = 1;
			n += snprintf(ev + n, sizeof ev - (size_t)n,
			    "\"STOP\"}\r\n");
			break;
		case 1:
			f->paused = 0;
			n += snprintf(ev + n, sizeof ev - (size_t)n,
			    "\"RESUME\"}\r\n");
			break;
		default:
			n += snprintf(ev + n, sizeof ev - (size_t)n,
			    "\"RTC_CHANGE\", \"data\": {\"offset\": %lu, "
			    "\"qom-path\": \"/machine/unattached/device[26]\"}"
			    "}\r\n", f->events % 60);
			break;
		}
		flood_add(f, ev, (size_t)n);
	}
}

/* What QEMU 7.2 answers, for the commands the dashboard sends. */
static void
flood_answer(struct flood *f, struct json_object *cmd)
{
	struct json_object	*v;
	const char		*name = "", *ret = "{}";
	char			 reply[1024];
	int			 n;

	if (json_object_object_get_ex(cmd, "execute", &v))
		name = json_object_get_string(v);
	if (strcmp(name, "query-status") == 0)
		ret = f->paused ? "{\"status\": \"paused\", \"singlestep\": "
		    "false, \"running\": false}" : "{\"status\": \"running\", "
		    "\"singlestep\": false, \"running\": true}";
	else if (strcmp(name, "query-pci") == 0)
		ret = "[{\"bus\": 0, \"devices\": [{\"bus\": 0, \"slot\": 0, "
		    "\"function\": 0, \"class_info\": {\"desc\": \"Host "
		    "bridge\", \"class\": 1536}, \"id\": {\"device\": 10688, "
		    "\"vendor\": 32902}, \"qdev_id\": \"\", "
		    "\"regions\": []}]}]";
	else if (strcmp(name, "qom-list") == 0)
		ret = "[]";
	if (json_object_object_get_ex(cmd, "id", &v))
		n = snprintf(reply, sizeof reply, "{\"return\": %s, \"id\": "
		    "%.200s}\r\n", ret, json_object_to_json_string(v));
	else
		n = snprintf(reply, sizeof reply, "{\"return\": %s}\r\n", ret);
	flood_add(f, reply, (size_t)n);
}

/* Reads what came and answers each whole command; -1 on garbage. */
static int
flood_read(int fd, struct json_tokener *tok, struct flood *f)
{
	struct json_object	*o;
	char			 buf[4096];
	ssize_t			 n;
	size_t			 len, off;

	if ((n = read(fd, buf, sizeof buf)) == -1 &&
	    (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		fprintf(stderr, "fakeqmp: the client left during the flood\n");
		exit(2);
	}
	len = (size_t)n;
	for (off = 0; off < len; off += json_tokener_get_parse_end(tok)) {
		o = json_tokener_parse_ex(tok, buf + off, (int)(len - off));
		if (o == NULL) {
			if (json_tokener_get_error(tok) ==
			    json_tokener_continue)
				return 0;
			fprintf(stderr, "fakeqmp: a command that is no JSON\n");
			return -1;
		}
		flood_answer(f, o);
		json_object_put(o);
	}
	return 0;
}

static void
flood_write(int fd, struct flood *f)
{
	ssize_t	w;

	w = write(fd, f->out + f->off, f->len - f->off);
	if (w == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (w == -1) {
		fprintf(stderr, "fakeqmp: the client left: %s\n",
		    strerror(errno));
		exit(2);
	}
	f->off += (size_t)w;
}

static int
flood(int fd, long ms)
{
	struct json_tokener	*tok = json_tokener_new();
	struct flood		 f = { 0 };
	struct pollfd		 pfd = { .fd = fd };
	long long		 end = now_ms() + ms, left;
	int			 flags = fcntl(fd, F_GETFL), r = 0;

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	pfd.events = POLLIN | POLLOUT;
	while (r == 0 && (left = end - now_ms()) > 0) {
		if (f.len - f.off < FLOOD_LOW)
			flood_events(&f);
		if (poll(&pfd, 1, (int)left) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "fakeqmp: poll: %s\n", strerror(errno));
			exit(3);
		}
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
			r = flood_read(fd, tok, &f);
		if (pfd.revents & POLLOUT)
			flood_write(fd, &f);
	}
	/* The script goes on where the flood's last message ends. */
	fcntl(fd, F_SETFL, flags);
	put(fd, f.out + f.off, f.len - f.off);
	free(f.out);
	json_tokener_free(tok);
	return r;
}

static int
step(int fd, const char *verb, const char *arg)
{
	char	*text, buf[256];
	size_t	 len, i;

	if (strcmp(verb, "greet") == 0)
		put(fd, GREETING, strlen(GREETING));
	else if (strcmp(verb, "send") == 0 || strcmp(verb, "bytes") == 0) {
		text = expand(arg, &len);
		for (i = 0; verb[0] == 'b' && i < len; i++) {
			put(fd, text + i, 1);
			pause_ms(2);
		}
		if (verb[0] == 's')
			put(fd, text, len);
		free(text);
	} else if (strcmp(verb, "expect") == 0)
		return expect(fd, arg);
	else if (strcmp(verb, "overlong") == 0)
		overlong(fd, atol(arg));
	else if (strcmp(verb, "sleep") == 0)
		pause_ms(atol(arg));
	else if (strcmp(verb, "flood") == 0)
		return flood(fd, atol(arg));
	else if (strcmp(verb, "hang") == 0) {
		while (read(fd, buf, sizeof buf) > 0)
			;
	} else {
		fprintf(stderr, "fakeqmp: unknown step '%s'\n", verb);
		return -1;
	}
	return 0;
}

static int
takes_arg(const char *verb)
{
	return strcmp(verb, "greet") != 0 && strcmp(verb, "hang") != 0;
}

int
main(int argc, char **argv)
{
	struct sockaddr_un	sun = { .sun_family = AF_UNIX };
	int			lfd, fd, i;

	if (argc < 2 || strlen(argv[1]) >= sizeof sun.sun_path) {
		fprintf(stderr, "usage: fakeqmp SOCKET STEP...\n");
		return 3;
	}
	signal(SIGPIPE, SIG_IGN);
	strcpy(sun.sun_path, argv[1]);
	unlink(argv[1]);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sun, sizeof sun) == -1 ||
	    listen(lfd, 1) == -1) {
		fprintf(stderr, "fakeqmp: %s: %s\n", argv[1], strerror(errno));
		return 3;
	}
	printf("ready\n");
	fflush(stdout);
	if ((fd = accept(lfd, NULL, NULL)) == -1) {
		fprintf(stderr, "fakeqmp: accept: %s\n", strerror(errno));
		return 3;
	}
	for (i = 2; i < argc; i++) {
		if (takes_arg(argv[i]) && i + 1 == argc) {
			fprintf(stderr, "fakeqmp: %s needs an argument\n",
			    argv[i]);
			return 3;
		}
		if (step(fd, argv[i], takes_arg(argv[i]) ? argv[i + 1] : NULL)
		    == -1)
			return 1;
		if (takes_arg(argv[i]))
			i++;
	}
	close(fd);
	unlink(argv[1]);
	return 0;
}
