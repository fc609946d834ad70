/*
 * How a guest's QEMU ended: the SHUTDOWN reasons QEMU names, put in
 * words, and the record of the end in the guest's runtime dir (its file
 * "end", removed by the next start).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "guest_end.h"
#include "guest_live.h"
#include "safefile.h"

/* QEMU's ShutdownCause names (qapi/run-state.json), in words. */
static const struct {
	const char	*reason;
	const char	*words;
} reasons[] = {
	{ "guest-shutdown", "shut down by the guest" },
	{ "host-qmp-quit", "quit by QMP" },
	{ "host-signal", "ended by a signal (SIGTERM, SIGINT or SIGHUP)" },
	{ "host-ui", "closed from its window" },
	{ "guest-reset", "reset by the guest, and -no-reboot" },
	{ "guest-panic", "the guest panicked" },
};

void
guest_end_words(const struct guest_live *gl, int quit_sent, char *buf,
    size_t len)
{
	const char	*r = gl != NULL && gl->shutdown_seen ?
			    strstr(gl->shutdown, "reason=") : NULL;
	size_t		 i, n;

	if (r != NULL) {
		r += strlen("reason=");
		n = strcspn(r, " ");
		for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
			if (strlen(reasons[i].reason) == n &&
			    strncmp(reasons[i].reason, r, n) == 0) {
				snprintf(buf, len, "%s", reasons[i].words);
				return;
			}
		snprintf(buf, len, "shut down (%.*s)", (int)n, r);
	} else if (quit_sent)
		/* QEMU may close the socket before the event is out. */
		snprintf(buf, len, "quit by QMP");
	else
		snprintf(buf, len, "%s", GUEST_END_KILLED);
}

static void
end_path(const struct guest_paths *p, char *buf, size_t len)
{
	snprintf(buf, len, "%s/end", p->dir);
}

int
guest_end_record(const struct guest_paths *p, const char *words)
{
	char	path[PATH_MAX + 8], line[512], err[256];

	end_path(p, path, sizeof path);
	snprintf(line, sizeof line, "%s\n", words);
	return safefile_write(path, line, strlen(line), 0600, 0, err,
	    sizeof err);
}

void
guest_end_forget(const struct guest_paths *p)
{
	char	path[PATH_MAX + 8];

	end_path(p, path, sizeof path);
	unlink(path);
}

void
guest_end_read(const struct guest_paths *p, char *buf, size_t len)
{
	char	path[PATH_MAX + 8], err[256], *text;
	size_t	n;

	buf[0] = '\0';
	end_path(p, path, sizeof path);
	/* Believed only as this user's own regular file. */
	if (safefile_read(path, SAFEFILE_OWN, 512, &text, &n, err,
	    sizeof err) == 0) {
		snprintf(buf, len, "%.*s", (int)strcspn(text, "\n"), text);
		free(text);
	}
	if (buf[0] == '\0' && access(p->pidfile, F_OK) == 0)
		snprintf(buf, len, "%s", GUEST_END_KILLED);
}

void
guest_end_log_lines(const struct guest_paths *p, int n, char *buf,
    size_t len)
{
	char	tail[4096], *s;

	buf[0] = '\0';
	if (guest_log_tail(p, tail, sizeof tail) == -1)
		return;
	/* Back from the end over N newlines, the last one's own aside. */
	s = tail + strlen(tail);
	if (s > tail && s[-1] == '\n')
		s--;
	while (s > tail && (s[-1] != '\n' || --n > 0))
		s--;
	snprintf(buf, len, "%s%s", s, s[0] && tail[strlen(tail) - 1] != '\n' ?
	    "\n" : "");
}
