/*
 * What the steps of a start or a stop wait on, each on the loop: a
 * program run to its end, a daemon ended, a socket that begins to
 * listen, an answer or a notification on the switch's management
 * socket, the last two with a deadline, since a switch may never say a
 * word.  A wait lets go of what it held before the step it goes on
 * with runs, so that each step begins holding nothing but the
 * management connection.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "loop.h"
#include "vde_mgmt.h"
#include "vde_op.h"
#include "vde_sock.h"

/* How long a daemon has to go after SIGTERM. */
#define STOP_TIMEOUT_MS	3000

static void
unwait(struct vde_op *op)
{
	child_free(op->child);
	child_free(op->watch);
	op->child = op->watch = NULL;
	vde_sock_wait_free(op->sock_wait);
	op->sock_wait = NULL;
	loop_timer_del(op->loop, op->timer);
	op->timer = NULL;
	if (op->mgmt_watched)
		loop_del_fd(op->loop, vde_mgmt_fd(op->mgmt));
	op->mgmt_watched = 0;
	op->cmd = op->note = NULL;
}

static void
drop_mgmt(struct vde_op *op)
{
	unwait(op);
	vde_mgmt_free(op->mgmt);
	op->mgmt = NULL;
}

/* The wait is over: R is what it came to. */
static void
go_on(struct vde_op *op, int r)
{
	vde_op_step	next = op->next;

	unwait(op);
	op->r = r;
	next(op);
}

static void
on_begin(void *arg)
{
	struct vde_op	*op = arg;

	op->timer = NULL;
	go_on(op, 0);
}

struct vde_op *
vde_op_new(struct loop *loop, const struct netcfg *cfg, const char *proc_root,
    vde_op_cb cb, void *arg, vde_op_step first)
{
	struct vde_op	*op;

	if ((op = calloc(1, sizeof *op)) == NULL)
		return NULL;
	op->loop = loop;
	op->cfg = *cfg;
	op->proc_root = proc_root;
	op->cb = cb;
	op->arg = arg;
	op->next = first;
	/* From the loop: the owner holds the operation before it ends. */
	if ((op->timer = loop_timer_add(loop, 0, 0, on_begin, op)) == NULL) {
		free(op);
		return NULL;
	}
	return op;
}

void
vde_op_free(struct vde_op *op)
{
	if (op == NULL)
		return;
	drop_mgmt(op);
	free(op);
}

void
vde_op_say(struct vde_op *op, const char *fmt, ...)
{
	size_t	used = strlen(op->done);
	va_list	ap;

	if (used + 1 >= sizeof op->done)
		return;
	va_start(ap, fmt);
	vsnprintf(op->done + used, sizeof op->done - used, fmt, ap);
	va_end(ap);
	used = strlen(op->done);
	if (used + 1 < sizeof op->done)
		strcat(op->done, "\n");
}

void
vde_op_end(struct vde_op *op)
{
	drop_mgmt(op);
	op->cb(op->done, NULL, op->arg);
}

void
vde_op_fail(struct vde_op *op, const char *fmt, ...)
{
	va_list	ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(op->err, sizeof op->err, fmt, ap);
		va_end(ap);
	}
	drop_mgmt(op);
	op->cb(op->done, op->err, op->arg);
}

static void
on_ran(int status, const char *out, void *arg)
{
	struct vde_op	*op = arg;

	snprintf(op->out, sizeof op->out, "%.*s", (int)strcspn(out, "\n"),
	    out);
	go_on(op, status);
}

void
vde_op_run(struct vde_op *op, char **argv, vde_op_step next)
{
	op->next = next;
	op->child = child_run(op->loop, argv, on_ran, op, op->err,
	    sizeof op->err);
	if (op->child == NULL)
		vde_op_fail(op, NULL);
}

static void
on_ended(int status, const char *out, void *arg)
{
	(void)out;
	go_on(arg, status);
}

void
vde_op_end_pid(struct vde_op *op, pid_t pid, vde_op_step next)
{
	op->next = next;
	op->child = child_terminate(op->loop, pid, STOP_TIMEOUT_MS, on_ended,
	    op);
	if (op->child == NULL)
		vde_op_fail(op, "out of memory");
}

static void
on_socket(int r, void *arg)
{
	go_on(arg, r);
}

void
vde_op_wait_socket(struct vde_op *op, const char *path, vde_op_step next)
{
	op->next = next;
	op->sock_wait = vde_sock_wait_new(op->loop, path, VDE_SOCK_WAIT_MS,
	    on_socket, op);
	if (op->sock_wait == NULL)
		go_on(op, -errno);
}

/* The notification awaited among what was read; R: the last read's. */
static void
look_for_note(struct vde_op *op, int r)
{
	struct vde_mgmt_msg	msg;

	while (vde_mgmt_next(op->mgmt, &msg) == 1)
		if (msg.code >= 3000 &&
		    strncmp(msg.text, op->note, strlen(op->note)) == 0) {
			go_on(op, 0);
			return;
		}
	if (r < 0)
		go_on(op, -EPIPE);
}

static void
on_mgmt(int fd, short revents, void *arg)
{
	struct vde_op		*op = arg;
	struct vde_mgmt_msg	 msg;
	int			 r;

	(void)fd;
	(void)revents;
	r = vde_mgmt_read(op->mgmt);
	if (op->cmd == NULL) {
		look_for_note(op, r);
		return;
	}
	r = vde_mgmt_reply(op->mgmt, op->cmd, r, &msg, op->err,
	    sizeof op->err);
	if (r == 1)
		snprintf(op->out, sizeof op->out, "%s", msg.data);
	if (r != 0)
		go_on(op, r == 1 ? 0 : -1);
}

static void
on_late(void *arg)
{
	struct vde_op	*op = arg;

	op->timer = NULL;
	if (op->cmd == NULL) {
		go_on(op, -ETIMEDOUT);
		return;
	}
	snprintf(op->err, sizeof op->err, "no answer in %d ms",
	    VDE_OP_WAIT_MS);
	go_on(op, -1);
}

/* The connection and a deadline on the loop.  0, or -1 out of memory. */
static int
watch_mgmt(struct vde_op *op)
{
	if (loop_add_fd(op->loop, vde_mgmt_fd(op->mgmt), POLLIN, on_mgmt,
	    op) < 0)
		return -1;
	op->mgmt_watched = 1;
	op->timer = loop_timer_add(op->loop, VDE_OP_WAIT_MS, 0, on_late, op);
	return op->timer != NULL ? 0 : -1;
}

void
vde_op_call(struct vde_op *op, const char *cmd, vde_op_step next)
{
	int	r;

	op->next = next;
	if (op->mgmt == NULL && (op->mgmt = vde_mgmt_connect(op->cfg.mgmt,
	    op->err, sizeof op->err)) == NULL) {
		go_on(op, -1);
		return;
	}
	if ((r = vde_mgmt_send(op->mgmt, cmd)) < 0) {
		snprintf(op->err, sizeof op->err, "%s: %s", cmd, strerror(-r));
		go_on(op, -1);
		return;
	}
	op->cmd = cmd;
	if (watch_mgmt(op) == -1) {
		snprintf(op->err, sizeof op->err, "out of memory");
		go_on(op, -1);
	}
}

/* "pid 1234 MAC ..." in showinfo's data (vde_showinfo_pid). */
static void
on_showinfo(struct vde_op *op)
{
	op->pid = -1;
	if (op->r == 0 && (op->pid = vde_showinfo_pid(op->out)) == -1)
		snprintf(op->err, sizeof op->err, "%s: showinfo names no pid",
		    op->cfg.mgmt);
	op->pid_next(op);
}

void
vde_op_ask_pid(struct vde_op *op, vde_op_step next)
{
	op->pid_next = next;
	vde_op_call(op, "showinfo", on_showinfo);
}

static void
on_daemon_exit(int status, const char *out, void *arg)
{
	(void)status;
	(void)out;
	go_on(arg, -ECHILD);
}

void
vde_op_wait_note(struct vde_op *op, const char *note, pid_t pid,
    vde_op_step next)
{
	op->next = next;
	if ((op->watch = child_watch(op->loop, pid, on_daemon_exit, op)) ==
	    NULL) {
		go_on(op, errno == ESRCH ? -ECHILD : -errno);
		return;
	}
	op->note = note;
	if (watch_mgmt(op) == -1) {
		go_on(op, -ENOMEM);
		return;
	}
	/* It may be among what came with the reply to the call. */
	look_for_note(op, 0);
}
