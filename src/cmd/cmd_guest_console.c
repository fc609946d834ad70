/*
 * vfiotui guest console NAME: the terminal on the guest's first serial
 * port (QEMU's chardev socket, serial.sock in its runtime dir), as virsh
 * console does: raw mode on a terminal, ^] to leave, the terminal as it
 * was afterwards whatever ends the session (the escape, QEMU going,
 * SIGTERM or SIGHUP, which the loop takes instead of a handler).  What
 * the guest wrote before anyone attached is in console.log beside it.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cmd.h"
#include "exitcode.h"
#include "guest.h"
#include "loop.h"
#include "profile.h"
#include "unixsock.h"

#define ESCAPE	0x1d	/* ^] */

static int	cmd_guest_console_exec(struct context *, int, char **);

const struct cmd_entry cmd_guest_console_entry = {
	.name = "guest console",
	.usage = "NAME",
	.help = "the terminal on the guest's serial port; ^] leaves",
	.exec = cmd_guest_console_exec,
};

struct console {
	struct loop	*loop;
	int		 sock;
	const char	*end;	/* why it ended, for the last line */
};

/* Writes all of BUF to FD: 0, or -1. */
static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
finish(struct console *c, const char *why)
{
	c->end = why;
	loop_exit(c->loop, 0);
}

/* The keyboard: to the guest, up to the escape. */
static void
on_stdin(int fd, short revents, void *arg)
{
	struct console	*c = arg;
	char		 buf[4096], *esc;
	ssize_t		 n;

	(void)revents;
	if ((n = read(fd, buf, sizeof buf)) <= 0) {
		finish(c, n == 0 ? "end of input" : strerror(errno));
		return;
	}
	if ((esc = memchr(buf, ESCAPE, (size_t)n)) != NULL)
		n = esc - buf;
	if (write_all(c->sock, buf, (size_t)n) == -1)
		finish(c, strerror(errno));
	else if (esc != NULL)
		finish(c, NULL);
}

/* The guest's output: to the terminal. */
static void
on_guest(int fd, short revents, void *arg)
{
	struct console	*c = arg;
	char		 buf[4096];
	ssize_t		 n;

	(void)revents;
	if ((n = read(fd, buf, sizeof buf)) <= 0)
		finish(c, "the guest's console closed (QEMU went)");
	else if (write_all(STDOUT_FILENO, buf, (size_t)n) == -1)
		finish(c, strerror(errno));
}

static void
on_signal(int signo, void *arg)
{
	finish(arg, strsignal(signo));
}

/* The session on LOOP, with the terminal raw when it is one. */
static int
session(struct console *c, const char *name)
{
	struct termios	saved, raw;
	int		tty = isatty(STDIN_FILENO), r;

	if (tty && tcgetattr(STDIN_FILENO, &saved) == 0) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
	} else
		tty = 0;
	fprintf(stderr, "vfiotui: guest %s's serial console; ^] leaves\r\n",
	    name);
	r = loop_run(c->loop);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	fprintf(stderr, "\nvfiotui: left guest %s's console%s%s\n", name,
	    c->end ? ": " : "", c->end ? c->end : "");
	return r;
}

static int
cmd_guest_console_exec(struct context *ctx, int argc, char **argv)
{
	struct console		 c = { .sock = -1 };
	struct guest_paths	 gp;
	char			 err[512];
	int			 r = EXIT_FAILED;

	(void)ctx;
	if (argc == 2 && argv[1][0] == '-')
		return bad_usage("guest console: unexpected argument '%s'",
		    argv[1]);
	if (argc != 2)
		return bad_usage("guest console: expected one guest's name");
	if (!profile_name_ok(argv[1]))
		return bad_usage("guest console: '%s' is not a guest name",
		    argv[1]);
	if (guest_paths(argv[1], &gp, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest console: %s\n", err);
		return EXIT_FAILED;
	}
	if ((c.sock = unixsock_connect(gp.serial, 0)) < 0) {
		fprintf(stderr, "vfiotui: guest %s has no console to attach "
		    "to (%s: %s): is it running? (vfiotui guest list)\n",
		    argv[1], gp.serial, strerror(-c.sock));
		return EXIT_FAILED;
	}
	if ((c.loop = loop_new()) == NULL ||
	    loop_add_fd(c.loop, STDIN_FILENO, POLLIN, on_stdin, &c) < 0 ||
	    loop_add_fd(c.loop, c.sock, POLLIN, on_guest, &c) < 0 ||
	    loop_add_signal(c.loop, SIGTERM, on_signal, &c) < 0 ||
	    loop_add_signal(c.loop, SIGHUP, on_signal, &c) < 0)
		fprintf(stderr, "vfiotui: guest console: out of memory\n");
	else if (session(&c, argv[1]) == 0)
		r = EXIT_OK;
	loop_free(c.loop);
	close(c.sock);
	return r;
}
