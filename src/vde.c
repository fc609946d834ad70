/*
 * Starting and stopping the switch and slirpvde.  vde_switch daemonizes
 * itself (in the foreground it reads a console on stdin and quits at its
 * end); its own -pidfile is written after the fork, too late to read, so
 * the pid comes from the switch itself ("showinfo" on the management
 * socket) and goes into our pid file.  slirpvde has no pid file option
 * and runs through spawn_daemon.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rundir.h"
#include "safefile.h"
#include "spawn.h"
#include "vde.h"
#include "vde_sock.h"

#define MGMT_TIMEOUT_MS	2000
#define STOP_TIMEOUT_MS	3000

int
vde_daemon_file(const struct netcfg *cfg, const char *daemon,
    const char *suffix, char *buf, size_t len)
{
	char	name[64];

	snprintf(name, sizeof name, "%s%s", daemon, suffix);
	return netcfg_run_path(cfg, name, buf, len);
}

static void	log_line(const struct netcfg *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	say(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Appends a dated line to DAEMON's log: what vfiotui did to it. */
static void
log_line(const struct netcfg *cfg, const char *daemon, const char *fmt, ...)
{
	char	 path[PATH_MAX], when[32], why[PATH_MAX + 128];
	time_t	 t = time(NULL);
	va_list	 ap;
	FILE	*f;
	int	 fd;

	if (vde_daemon_file(cfg, daemon, ".log", path, sizeof path) < 0 ||
	    (fd = safefile_append(path, why, sizeof why)) < 0)
		return;
	if ((f = fdopen(fd, "a")) == NULL) {
		close(fd);
		return;
	}
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", localtime(&t));
	fprintf(f, "%s vfiotui: ", when);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

static void
say(char *done, size_t donelen, const char *fmt, ...)
{
	size_t	used = strlen(done);
	va_list	ap;

	if (used + 1 >= donelen)
		return;
	va_start(ap, fmt);
	vsnprintf(done + used, donelen - used, fmt, ap);
	va_end(ap);
	used = strlen(done);
	if (used + 1 < donelen)
		strcat(done, "\n");
}

/* The switch's pid, as it says itself: "pid 1234 MAC ..." in showinfo. */
static pid_t
ask_pid(const char *mgmt, char *err, size_t errlen)
{
	struct vde_mgmt_msg	 msg;
	struct vde_mgmt		*m;
	pid_t			 pid = -1;

	if ((m = vde_mgmt_connect(mgmt, err, errlen)) == NULL)
		return -1;
	if (vde_mgmt_call(m, "showinfo", MGMT_TIMEOUT_MS, &msg, err,
	    errlen) == 0 && (pid = vde_showinfo_pid(msg.data)) == -1)
		snprintf(err, errlen, "%s: showinfo names no pid", mgmt);
	vde_mgmt_free(m);
	return pid;
}

/*
 * The management socket gets the data socket's group and mode, less
 * what others may do: a kvm user then sees the ports of root's switch,
 * while only the group may tell it to shut down.
 */
static void
switch_argv(const struct netcfg *cfg, char **argv, char *mode,
    char *mgmt_mode)
{
	int	n = 0;

	argv[n++] = "vde_switch";
	argv[n++] = "-sock";
	argv[n++] = (char *)cfg->sock;
	argv[n++] = "-mgmt";
	argv[n++] = (char *)cfg->mgmt;
	argv[n++] = "-daemon";
	if (cfg->tap[0] != '\0') {
		argv[n++] = "-tap";
		argv[n++] = (char *)cfg->tap;
	}
	if (cfg->mode != 0) {
		snprintf(mode, 8, "%o", (unsigned)cfg->mode & 0777);
		argv[n++] = "-mod";
		argv[n++] = mode;
		snprintf(mgmt_mode, 8, "%o", (unsigned)cfg->mode & 0770);
		argv[n++] = "--mgmtmode";
		argv[n++] = mgmt_mode;
	}
	if (cfg->group[0] != '\0') {
		argv[n++] = "-group";
		argv[n++] = (char *)cfg->group;
		argv[n++] = "--mgmtgroup";
		argv[n++] = (char *)cfg->group;
	}
	argv[n] = NULL;
}

/*
 * Runs ARGV; 0 when it exits 0, else -1 with "WHAT: " and the first line
 * of what it said in ERR.
 */
static int
run_checked(char **argv, const char *what, char *err, size_t errlen)
{
	char	out[512];
	int	r;

	if ((r = spawn_run(argv, out, sizeof out, err, errlen)) == -1)
		return -1;
	if (r != 0) {
		out[strcspn(out, "\n")] = '\0';
		snprintf(err, errlen, "%s: %s", what, out);
		return -1;
	}
	return 0;
}

/*
 * Whether a libvdeplug client can really plug into the switch: vde_plug
 * (vde2's own client) connects and, its stdin at its end, leaves.  It
 * runs in a process of its own because libvdeplug loads its backends
 * with dlopen(RTLD_DEEPBIND), which AddressSanitizer refuses.
 */
static int
check_plug(const char *sock, char *err, size_t errlen)
{
	char	*argv[] = { "vde_plug", (char *)sock, NULL };
	char	 what[4200];

	snprintf(what, sizeof what, "%s: the switch does not accept a "
	    "connection", sock);
	return run_checked(argv, what, err, errlen);
}

static int
start_switch(const struct netcfg *cfg, const char *pidfile, char *done,
    size_t donelen, char *err, size_t errlen)
{
	char	*argv[20], mode[8], mgmt_mode[8], out[1024];
	pid_t	 pid;
	int	 r;

	if (vde_clear_stale(cfg, err, errlen) == -1)
		return -1;
	unlink(pidfile);
	switch_argv(cfg, argv, mode, mgmt_mode);
	if ((r = spawn_run(argv, out, sizeof out, err, errlen)) == -1)
		return -1;
	if (r != 0) {
		out[strcspn(out, "\n")] = '\0';
		log_line(cfg, "switch", "vde_switch failed: %s", out);
		snprintf(err, errlen, "vde_switch failed (exit %d): %s", r,
		    out[0] ? out : "no message");
		return -1;
	}
	if ((r = vde_wait_socket(cfg->mgmt)) < 0) {
		snprintf(err, errlen, "vde_switch started, but its management "
		    "socket %s does not answer: %s", cfg->mgmt, strerror(-r));
		return -1;
	}
	if ((pid = ask_pid(cfg->mgmt, err, errlen)) == -1)
		return -1;
	if ((r = spawn_pidfile_write(pidfile, pid)) < 0) {
		snprintf(err, errlen, "%s: %s (vde_switch runs as pid %d)",
		    pidfile, strerror(-r), (int)pid);
		return -1;
	}
	log_line(cfg, "switch", "started vde_switch pid %d on %s", (int)pid,
	    cfg->sock);
	if (check_plug(cfg->sock, err, errlen) == -1)
		return -1;
	say(done, donelen, "switch: started (pid %d) on %s", (int)pid,
	    cfg->sock);
	return 0;
}

/* The host's side of the tap: its address and the link up. */
static int
set_tap(const struct netcfg *cfg, char *done, size_t donelen, char *err,
    size_t errlen)
{
	char	*addr[] = { "ip", "addr", "replace", (char *)cfg->address,
		    "dev", (char *)cfg->tap, NULL };
	char	*up[] = { "ip", "link", "set", "dev", (char *)cfg->tap, "up",
		    NULL };

	if (cfg->tap[0] == '\0')
		return 0;
	if (cfg->address[0] != '\0' && run_checked(addr, "ip addr replace",
	    err, errlen) == -1)
		return -1;
	if (run_checked(up, "ip link set", err, errlen) == -1)
		return -1;
	say(done, donelen, "tap: %s up%s%s", cfg->tap,
	    cfg->address[0] ? " with " : "", cfg->address);
	return 0;
}

/*
 * Waits until slirpvde has plugged into the switch (a port/ep/+ note on
 * M) or has exited (its pidfd): 0 when plugged in.
 */
static int
wait_plugged(struct vde_mgmt *m, int pidfd, char *err, size_t errlen)
{
	struct pollfd		fds[2] = { { .fd = vde_mgmt_fd(m),
				    .events = POLLIN }, { .fd = pidfd,
				    .events = POLLIN } };
	struct vde_mgmt_msg	msg;

	for (;;) {
		while (vde_mgmt_next(m, &msg) == 1)
			if (strncmp(msg.text, "port/ep/+", 9) == 0)
				return 0;
		if (poll(fds, 2, MGMT_TIMEOUT_MS) <= 0) {
			snprintf(err, errlen, "slirpvde did not plug into the "
			    "switch in %d ms", MGMT_TIMEOUT_MS);
			return -1;
		}
		if (fds[1].revents & POLLIN) {
			snprintf(err, errlen, "slirpvde exited at once");
			return -1;
		}
		if (vde_mgmt_read(m) < 0) {
			snprintf(err, errlen, "the switch closed its "
			    "management socket");
			return -1;
		}
	}
}

static int
run_slirp(const struct netcfg *cfg, struct vde_mgmt *m, char *done,
    size_t donelen, char *err, size_t errlen)
{
	char	*argv[] = { "slirpvde", "-s", (char *)cfg->sock,
		    cfg->dhcp ? "--dhcp" : NULL, NULL };
	char	 pidfile[PATH_MAX], log[PATH_MAX];
	pid_t	 pid;
	int	 pidfd, r;

	vde_daemon_file(cfg, "slirpvde", ".pid", pidfile, sizeof pidfile);
	vde_daemon_file(cfg, "slirpvde", ".log", log, sizeof log);
	unlink(pidfile);
	if ((pid = spawn_daemon(argv, log, pidfile, err, errlen)) == -1)
		return -1;
	if ((pidfd = spawn_pidfd(pid)) < 0) {
		snprintf(err, errlen, "slirpvde exited at once");
		return -1;
	}
	r = wait_plugged(m, pidfd, err, errlen);
	close(pidfd);
	if (r == -1) {
		spawn_terminate(pid, STOP_TIMEOUT_MS);
		unlink(pidfile);
		log_line(cfg, "slirpvde", "%s", err);
		snprintf(err + strlen(err), errlen - strlen(err), " (see %s)",
		    log);
		return -1;
	}
	say(done, donelen, "slirpvde: started (pid %d)%s", (int)pid,
	    cfg->dhcp ? ", DHCP on" : "");
	return 0;
}

static int
start_slirp(const struct netcfg *cfg, const char *proc_root, char *done,
    size_t donelen, char *err, size_t errlen)
{
	struct vde_mgmt_msg	 msg;
	struct vde_mgmt		*m;
	char			 pidfile[PATH_MAX];
	pid_t			 pid;
	int			 r;

	if (!cfg->slirp)
		return 0;
	vde_daemon_file(cfg, "slirpvde", ".pid", pidfile, sizeof pidfile);
	if ((pid = spawn_pidfile_alive(proc_root, pidfile, "slirpvde")) > 0) {
		say(done, donelen, "slirpvde: already running (pid %d)",
		    (int)pid);
		return 0;
	}
	if ((m = vde_mgmt_connect(cfg->mgmt, err, errlen)) == NULL)
		return -1;
	r = vde_mgmt_call(m, "debug/add port/ep/+", MGMT_TIMEOUT_MS, &msg,
	    err, errlen);
	if (r == 0)
		r = run_slirp(cfg, m, done, donelen, err, errlen);
	vde_mgmt_free(m);
	return r;
}

int
vde_start(const struct netcfg *cfg, const char *proc_root, char *done,
    size_t donelen, char *err, size_t errlen)
{
	char	pidfile[PATH_MAX];
	pid_t	pid;

	done[0] = '\0';
	if (rundir_make(cfg->dir, err, errlen) < 0)
		return -1;
	vde_daemon_file(cfg, "switch", ".pid", pidfile, sizeof pidfile);
	if ((pid = spawn_pidfile_alive(proc_root, pidfile, "vde_switch")) > 0)
		say(done, donelen, "switch: already running (pid %d)",
		    (int)pid);
	else if (vde_switch_answers(cfg->sock)) {
		say(done, donelen, "switch: an external switch answers at %s: "
		    "left as it is", cfg->sock);
		return 0;
	} else if (start_switch(cfg, pidfile, done, donelen, err,
	    errlen) == -1)
		return -1;
	if (set_tap(cfg, done, donelen, err, errlen) == -1)
		return -1;
	return start_slirp(cfg, proc_root, done, donelen, err, errlen);
}

/* Stops DAEMON (COMM) when its pid file names it; removes the file. */
static int
stop_daemon(const struct netcfg *cfg, const char *proc_root,
    const char *daemon, const char *comm, char *done, size_t donelen,
    char *err, size_t errlen)
{
	char	pidfile[PATH_MAX];
	pid_t	pid;
	int	r;

	vde_daemon_file(cfg, daemon, ".pid", pidfile, sizeof pidfile);
	if ((pid = spawn_pidfile_alive(proc_root, pidfile, comm)) > 0) {
		if ((r = spawn_terminate(pid, STOP_TIMEOUT_MS)) < 0) {
			snprintf(err, errlen, "%s (pid %d) does not stop: %s",
			    comm, (int)pid, strerror(-r));
			return -1;
		}
		log_line(cfg, daemon, "stopped %s pid %d", comm, (int)pid);
		say(done, donelen, "%s: stopped (pid %d)", daemon, (int)pid);
	} else if (access(pidfile, F_OK) == 0)
		say(done, donelen, "%s: was dead; its pid file is removed",
		    daemon);
	unlink(pidfile);
	return 0;
}

/* A switch we did not start: only by its own word, and only if asked. */
static int
stop_external(const struct netcfg *cfg, int force, char *done,
    size_t donelen, char *err, size_t errlen)
{
	char	why[256];
	pid_t	pid;
	int	r;

	if (!force) {
		snprintf(err, errlen, "the switch at %s was not started by "
		    "vfiotui (external): not stopped (stop the service that "
		    "started it, or use --force)", cfg->sock);
		return -1;
	}
	if ((pid = ask_pid(cfg->mgmt, why, sizeof why)) == -1) {
		snprintf(err, errlen, "the external switch at %s has no "
		    "management socket at %s (%s): stop it with the service "
		    "that started it", cfg->sock, cfg->mgmt, why);
		return -1;
	}
	if ((r = spawn_terminate(pid, STOP_TIMEOUT_MS)) < 0) {
		snprintf(err, errlen, "vde_switch (pid %d) does not stop: %s",
		    (int)pid, strerror(-r));
		return -1;
	}
	say(done, donelen, "switch: external switch stopped (pid %d)",
	    (int)pid);
	return 0;
}

int
vde_stop(const struct netcfg *cfg, const char *proc_root, int force,
    char *done, size_t donelen, char *err, size_t errlen)
{
	char	pidfile[PATH_MAX];
	int	ours;

	done[0] = '\0';
	if (stop_daemon(cfg, proc_root, "slirpvde", "slirpvde", done, donelen,
	    err, errlen) == -1)
		return -1;
	vde_daemon_file(cfg, "switch", ".pid", pidfile, sizeof pidfile);
	ours = spawn_pidfile_alive(proc_root, pidfile, "vde_switch") > 0;
	if (ours) {
		if (stop_daemon(cfg, proc_root, "switch", "vde_switch", done,
		    donelen, err, errlen) == -1)
			return -1;
	} else if (vde_switch_answers(cfg->sock)) {
		if (stop_external(cfg, force, done, donelen, err, errlen) == -1)
			return -1;
	} else {
		if (stop_daemon(cfg, proc_root, "switch", "vde_switch", done,
		    donelen, err, errlen) == -1)
			return -1;
		if (strstr(done, "switch:") == NULL)
			say(done, donelen, "switch: not running");
	}
	/* Clients killed with the switch leave their sockets behind. */
	return vde_clear_stale(cfg, err, errlen);
}
