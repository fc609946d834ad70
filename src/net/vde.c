/*
 * The steps of starting and stopping the switch and slirpvde, each run
 * from the loop (vde_op.h says how they wait).  vde_switch daemonizes
 * itself (in the foreground it reads a console on stdin and quits at its
 * end); its own -pidfile is written after the fork, too late to read, so
 * the pid comes from the switch itself ("showinfo" on the management
 * socket) and goes into our pid file.  slirpvde has no pid file option
 * and runs through spawn_daemon.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rundir.h"
#include "safefile.h"
#include "spawn.h"
#include "vde.h"
#include "vde_op.h"
#include "vde_sock.h"

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


/* A start, in the order its steps run. */
static void	switch_ran(struct vde_op *);
static void	mgmt_listens(struct vde_op *);
static void	switch_pid(struct vde_op *);
static void	switch_plugged(struct vde_op *);
static void	start_tap(struct vde_op *);
static void	tap_addressed(struct vde_op *);
static void	tap_up(struct vde_op *);
static void	start_slirp(struct vde_op *);
static void	slirp_subscribed(struct vde_op *);
static void	slirp_plugged(struct vde_op *);
static void	slirp_ended(struct vde_op *);

static void
start_begin(struct vde_op *op)
{
	const struct netcfg	*cfg = &op->cfg;
	char			*argv[20], mode[8], mgmt_mode[8];
	pid_t			 pid;

	if (rundir_make(cfg->dir, op->err, sizeof op->err) < 0) {
		vde_op_fail(op, NULL);
		return;
	}
	vde_daemon_file(cfg, "switch", ".pid", op->pidfile,
	    sizeof op->pidfile);
	pid = spawn_pidfile_alive(op->proc_root, op->pidfile, "vde_switch");
	if (pid > 0) {
		vde_op_say(op, "switch: already running (pid %d)", (int)pid);
		start_tap(op);
	} else if (vde_switch_answers(cfg->sock)) {
		vde_op_say(op, "switch: an external switch answers at %s: "
		    "left as it is", cfg->sock);
		vde_op_end(op);
	} else if (vde_clear_stale(cfg, op->err, sizeof op->err) == -1)
		vde_op_fail(op, NULL);
	else {
		unlink(op->pidfile);
		switch_argv(cfg, argv, mode, mgmt_mode);
		vde_op_run(op, argv, switch_ran);
	}
}

/* vde_switch's parent exited: the switch daemonized, or it said why not. */
static void
switch_ran(struct vde_op *op)
{
	if (op->r != 0) {
		log_line(&op->cfg, "switch", "vde_switch failed: %s", op->out);
		vde_op_fail(op, "vde_switch failed (exit %d): %s", op->r,
		    op->out[0] ? op->out : "no message");
		return;
	}
	vde_op_wait_socket(op, op->cfg.mgmt, mgmt_listens);
}

static void
mgmt_listens(struct vde_op *op)
{
	if (op->r < 0) {
		vde_op_fail(op, "vde_switch started, but its management "
		    "socket %s does not answer: %s", op->cfg.mgmt,
		    strerror(-op->r));
		return;
	}
	vde_op_ask_pid(op, switch_pid);
}

/* The switch runs, as it says: its pid file, then a client's try. */
static void
switch_pid(struct vde_op *op)
{
	/*
	 * Whether a libvdeplug client can really plug in: vde_plug (vde2's
	 * own client) connects and, its stdin at its end, leaves.  It runs
	 * in a process of its own because libvdeplug loads its backends
	 * with dlopen(RTLD_DEEPBIND), which AddressSanitizer refuses.
	 */
	char	*argv[] = { "vde_plug", op->cfg.sock, NULL };
	int	 r;

	if (op->pid == -1) {
		vde_op_fail(op, NULL);
		return;
	}
	if ((r = spawn_pidfile_write(op->pidfile, op->pid)) < 0) {
		vde_op_fail(op, "%s: %s (vde_switch runs as pid %d)",
		    op->pidfile, strerror(-r), (int)op->pid);
		return;
	}
	log_line(&op->cfg, "switch", "started vde_switch pid %d on %s",
	    (int)op->pid, op->cfg.sock);
	vde_op_run(op, argv, switch_plugged);
}

static void
switch_plugged(struct vde_op *op)
{
	if (op->r != 0) {
		vde_op_fail(op, "%s: the switch does not accept a connection: "
		    "%s", op->cfg.sock, op->out);
		return;
	}
	vde_op_say(op, "switch: started (pid %d) on %s", (int)op->pid,
	    op->cfg.sock);
	start_tap(op);
}

/* The host's side of the tap: its address, then the link up. */
static void
start_tap(struct vde_op *op)
{
	char	*argv[] = { "ip", "addr", "replace", op->cfg.address, "dev",
		    op->cfg.tap, NULL };

	if (op->cfg.tap[0] == '\0')
		start_slirp(op);
	else if (op->cfg.address[0] != '\0')
		vde_op_run(op, argv, tap_addressed);
	else {
		op->r = 0;	/* no address to give it */
		tap_addressed(op);
	}
}

static void
tap_addressed(struct vde_op *op)
{
	char	*argv[] = { "ip", "link", "set", "dev", op->cfg.tap, "up",
		    NULL };

	if (op->r != 0) {
		vde_op_fail(op, "ip addr replace: %s", op->out);
		return;
	}
	vde_op_run(op, argv, tap_up);
}

static void
tap_up(struct vde_op *op)
{
	if (op->r != 0) {
		vde_op_fail(op, "ip link set: %s", op->out);
		return;
	}
	vde_op_say(op, "tap: %s up%s%s", op->cfg.tap,
	    op->cfg.address[0] ? " with " : "", op->cfg.address);
	start_slirp(op);
}

static void
start_slirp(struct vde_op *op)
{
	pid_t	pid;

	if (!op->cfg.slirp) {
		vde_op_end(op);
		return;
	}
	vde_daemon_file(&op->cfg, "slirpvde", ".pid", op->pidfile,
	    sizeof op->pidfile);
	pid = spawn_pidfile_alive(op->proc_root, op->pidfile, "slirpvde");
	if (pid > 0) {
		vde_op_say(op, "slirpvde: already running (pid %d)", (int)pid);
		vde_op_end(op);
		return;
	}
	/* Subscribed first, so that its port's note cannot come before. */
	vde_op_call(op, "debug/add port/ep/+", slirp_subscribed);
}

static void
slirp_subscribed(struct vde_op *op)
{
	char	*argv[] = { "slirpvde", "-s", op->cfg.sock,
		    op->cfg.dhcp ? "--dhcp" : NULL, NULL };
	char	 log[PATH_MAX];

	if (op->r < 0) {
		vde_op_fail(op, NULL);
		return;
	}
	vde_daemon_file(&op->cfg, "slirpvde", ".log", log, sizeof log);
	unlink(op->pidfile);
	op->pid = spawn_daemon(argv, log, op->pidfile, op->err,
	    sizeof op->err);
	if (op->pid == -1) {
		vde_op_fail(op, NULL);
		return;
	}
	vde_op_wait_note(op, "port/ep/+", op->pid, slirp_plugged);
}

static void
slirp_plugged(struct vde_op *op)
{
	if (op->r == 0) {
		vde_op_say(op, "slirpvde: started (pid %d)%s", (int)op->pid,
		    op->cfg.dhcp ? ", DHCP on" : "");
		vde_op_end(op);
		return;
	}
	if (op->r == -ECHILD)
		snprintf(op->err, sizeof op->err, "slirpvde exited at once");
	else if (op->r == -ETIMEDOUT)
		snprintf(op->err, sizeof op->err, "slirpvde did not plug into "
		    "the switch in %d ms", VDE_OP_WAIT_MS);
	else
		snprintf(op->err, sizeof op->err, "the switch closed its "
		    "management socket");
	vde_op_end_pid(op, op->pid, slirp_ended);
}

/* The one that did not plug in is gone: why, in its log and in err. */
static void
slirp_ended(struct vde_op *op)
{
	char	log[PATH_MAX];
	size_t	n = strlen(op->err);

	unlink(op->pidfile);
	log_line(&op->cfg, "slirpvde", "%s", op->err);
	vde_daemon_file(&op->cfg, "slirpvde", ".log", log, sizeof log);
	snprintf(op->err + n, sizeof op->err - n, " (see %s)", log);
	vde_op_fail(op, NULL);
}

struct vde_op *
vde_op_start(struct loop *loop, const struct netcfg *cfg,
    const char *proc_root, vde_op_cb cb, void *arg)
{
	return vde_op_new(loop, cfg, proc_root, cb, arg, start_begin);
}

/* A stop, in the order its steps run. */
static void	stop_daemon(struct vde_op *, const char *daemon,
		    const char *comm, vde_op_step then);
static void	daemon_stopped(struct vde_op *);
static void	stop_switch(struct vde_op *);
static void	stop_external(struct vde_op *);
static void	external_pid(struct vde_op *);
static void	external_stopped(struct vde_op *);
static void	stop_none(struct vde_op *);
static void	stop_clear(struct vde_op *);

static void
stop_begin(struct vde_op *op)
{
	stop_daemon(op, "slirpvde", "slirpvde", stop_switch);
}

/* Stops DAEMON (COMM) when its pid file names it; removes the file. */
static void
stop_daemon(struct vde_op *op, const char *daemon, const char *comm,
    vde_op_step then)
{
	vde_daemon_file(&op->cfg, daemon, ".pid", op->pidfile,
	    sizeof op->pidfile);
	op->daemon = daemon;
	op->comm = comm;
	op->then = then;
	if ((op->pid = spawn_pidfile_alive(op->proc_root, op->pidfile,
	    comm)) > 0) {
		vde_op_end_pid(op, op->pid, daemon_stopped);
		return;
	}
	if (access(op->pidfile, F_OK) == 0)
		vde_op_say(op, "%s: was dead; its pid file is removed",
		    daemon);
	unlink(op->pidfile);
	then(op);
}

static void
daemon_stopped(struct vde_op *op)
{
	if (op->r < 0) {
		vde_op_fail(op, "%s (pid %d) does not stop: %s", op->comm,
		    (int)op->pid, strerror(-op->r));
		return;
	}
	log_line(&op->cfg, op->daemon, "stopped %s pid %d", op->comm,
	    (int)op->pid);
	vde_op_say(op, "%s: stopped (pid %d)", op->daemon, (int)op->pid);
	unlink(op->pidfile);
	op->then(op);
}

static void
stop_switch(struct vde_op *op)
{
	char	pidfile[PATH_MAX];

	vde_daemon_file(&op->cfg, "switch", ".pid", pidfile, sizeof pidfile);
	if (spawn_pidfile_alive(op->proc_root, pidfile, "vde_switch") > 0)
		stop_daemon(op, "switch", "vde_switch", stop_clear);
	else if (vde_switch_answers(op->cfg.sock))
		stop_external(op);
	else
		stop_daemon(op, "switch", "vde_switch", stop_none);
}

/* A switch we did not start: only by its own word, and only if asked. */
static void
stop_external(struct vde_op *op)
{
	if (!op->force) {
		vde_op_fail(op, "the switch at %s was not started by vfiotui "
		    "(external): not stopped (stop the service that started "
		    "it, or use --force)", op->cfg.sock);
		return;
	}
	vde_op_ask_pid(op, external_pid);
}

static void
external_pid(struct vde_op *op)
{
	char	why[sizeof op->err];

	if (op->pid == -1) {
		snprintf(why, sizeof why, "%s", op->err);
		vde_op_fail(op, "the external switch at %s has no management "
		    "socket at %s (%s): stop it with the service that started "
		    "it", op->cfg.sock, op->cfg.mgmt, why);
		return;
	}
	vde_op_end_pid(op, op->pid, external_stopped);
}

static void
external_stopped(struct vde_op *op)
{
	if (op->r < 0) {
		vde_op_fail(op, "vde_switch (pid %d) does not stop: %s",
		    (int)op->pid, strerror(-op->r));
		return;
	}
	vde_op_say(op, "switch: external switch stopped (pid %d)",
	    (int)op->pid);
	stop_clear(op);
}

/* No switch ran; a dead one's pid file may have been removed. */
static void
stop_none(struct vde_op *op)
{
	if (strstr(op->done, "switch:") == NULL)
		vde_op_say(op, "switch: not running");
	stop_clear(op);
}

/* Clients killed with the switch leave their sockets behind. */
static void
stop_clear(struct vde_op *op)
{
	if (vde_clear_stale(&op->cfg, op->err, sizeof op->err) == -1)
		vde_op_fail(op, NULL);
	else
		vde_op_end(op);
}

struct vde_op *
vde_op_stop(struct loop *loop, const struct netcfg *cfg,
    const char *proc_root, int force, vde_op_cb cb, void *arg)
{
	struct vde_op	*op;

	if ((op = vde_op_new(loop, cfg, proc_root, cb, arg, stop_begin)) !=
	    NULL)
		op->force = force;
	return op;
}
