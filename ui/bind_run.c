/*
 * The dashboard's binds, on the loop: each job runs in a forked child
 * (a driver letting go of a GPU can take seconds, pkexec waits for
 * polkit), whose pipe says its steps as it goes and then its result as
 * bind --json; its pidfd says when it is done.  Meanwhile keys are
 * answered.  The dashboard binds one group at a time: a second run is
 * refused while one is under way.  The child changes sysfs, not our
 * model: the devices of each result are read again here (as a uevent
 * would have them read), so that the panes are true without udev too.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "bind_json.h"
#include "binding.h"
#include "dialogs.h"
#include "exitcode.h"
#include "host.h"
#include "loop.h"
#include "spawn.h"
#include "ui_priv.h"

/* What a child may say: root's answer for a group of 64 devices. */
#define SAID_MAX	(128 * 1024)

struct bind_run {
	struct ui		*ui;
	struct ui_bind_job	*jobs;
	size_t			 njobs, next;
	int			 keep_going;
	int			 status;	/* the first failure's */
	ui_binding_cb		 cb;
	void			*arg;
	pid_t			 pid;		/* the job's child */
	int			 pidfd, outfd;
	char			*said;		/* its words but its steps */
	size_t			 nsaid;
	size_t			 scan;		/* where a line begins */
};

static struct bind_run	*run;

static void	next_job(struct bind_run *);

int
ui_binding_busy(void)
{
	return run != NULL;
}

/*
 * The whole lines said since SCAN: a step's goes to the status bar and
 * out of SAID, the rest (the result) stays.
 */
static void
take_steps(struct bind_run *r)
{
	size_t	 step = strlen(UI_BINDING_STEP), len;
	char	*nl;

	while ((nl = memchr(r->said + r->scan, '\n', r->nsaid - r->scan)) !=
	    NULL) {
		len = (size_t)(nl - (r->said + r->scan)) + 1;
		if (len > step && memcmp(r->said + r->scan, UI_BINDING_STEP,
		    step) == 0) {
			ui_step(r->ui, "%.*s", (int)(len - step - 1),
			    r->said + r->scan + step);
			ui_redraw(r->ui);
			memmove(r->said + r->scan, nl + 1, r->nsaid - r->scan -
			    len);
			r->nsaid -= len;
		} else
			r->scan += len;
	}
}

/* Reads what the pipe holds now; at its end, closes it. */
static void
read_said(struct bind_run *r)
{
	ssize_t	n;

	while ((n = read(r->outfd, r->said + r->nsaid, SAID_MAX - 1 -
	    r->nsaid)) > 0) {
		r->nsaid += (size_t)n;
		take_steps(r);
	}
	if (n == 0 || (errno != EAGAIN && errno != EINTR))
		loop_close_fd(r->ui->loop, &r->outfd);
}

static void
on_said(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	read_said(arg);
}

/* The job's result on the status bar, its devices read again. */
static void
show_said(struct bind_run *r, const struct ui_bind_job *job, int status)
{
	struct bind_result	 res;
	const char		*error;
	char			 err[256], where[PCI_ADDR_LEN];
	size_t			 i;

	r->said[r->nsaid] = '\0';
	pci_addr_format(&job->addr, where);
	if ((error = strstr(r->said, UI_BINDING_ERROR)) != NULL) {
		error += strlen(UI_BINDING_ERROR);
		ui_message(r->ui, "%.*s", (int)strcspn(error, "\n"), error);
		return;
	}
	if (bind_json_parse(r->said, &res, err, sizeof err) == -1) {
		ui_message(r->ui, "%s %s: the bind ended (exit %d) without a "
		    "result (%s); 'vfiotui show %s' says where it is",
		    job->bind ? "bind" : "unbind", where, status, err, where);
		return;
	}
	for (i = 0; i < res.ndevs; i++)
		host_update_device(job->host, res.devs[i].name);
	ui_binding_show(r->ui, &res);
	bind_result_clear(&res);
}

static void
end_run(struct bind_run *r)
{
	ui_binding_cb	 cb = r->cb;
	void		*arg = r->arg;
	int		 status = r->status;

	ui_redraw(r->ui);
	run = NULL;
	free(r->said);
	free(r->jobs);
	free(r);
	if (cb != NULL)
		cb(status, arg);
}

/* The child is done: its last words, its result, the next job. */
static void
on_done(int fd, short revents, void *arg)
{
	struct bind_run		*r = arg;
	int			 status;

	(void)fd;
	(void)revents;
	/* The pidfd said it exited: this reaps it without waiting. */
	status = spawn_wait(r->pid);
	r->pid = 0;
	loop_close_fd(r->ui->loop, &r->pidfd);
	if (r->outfd != -1)
		read_said(r);
	loop_close_fd(r->ui->loop, &r->outfd);
	show_said(r, &r->jobs[r->next - 1], status);
	if (status != EXIT_OK && r->status == EXIT_OK)
		r->status = status;
	if (status != EXIT_OK && !r->keep_going)
		r->next = r->njobs;
	next_job(r);
}

/* Starts the next job's child, or ends the run. */
static void
next_job(struct bind_run *r)
{
	struct ui_bind_job	*job;
	char			 err[256], where[PCI_ADDR_LEN];

	while (r->next < r->njobs) {
		job = &r->jobs[r->next++];
		r->nsaid = r->scan = 0;
		r->pid = spawn_fork(ui_binding_child, job, &r->outfd, err,
		    sizeof err);
		if (r->pid != -1 && (r->pidfd = spawn_pidfd(r->pid)) >= 0 &&
		    fcntl(r->outfd, F_SETFL, O_NONBLOCK) == 0 &&
		    loop_add_fd(r->ui->loop, r->outfd, POLLIN, on_said, r) ==
		    0 && loop_add_fd(r->ui->loop, r->pidfd, POLLIN, on_done,
		    r) == 0)
			return;
		if (r->pid == -1)
			r->outfd = -1;
		else {
			snprintf(err, sizeof err, "cannot follow its child "
			    "(pid %d)", (int)r->pid);
			/* The bind goes on alone: wait for it here. */
			spawn_wait(r->pid);
		}
		if (r->pidfd < 0)
			r->pidfd = -1;
		loop_close_fd(r->ui->loop, &r->pidfd);
		loop_close_fd(r->ui->loop, &r->outfd);
		pci_addr_format(&job->addr, where);
		ui_message(r->ui, "%s %s: %s", job->bind ? "bind" : "unbind",
		    where, err);
		r->status = EXIT_FAILED;
		if (!r->keep_going)
			break;
	}
	end_run(r);
}

int
ui_binding_start(struct ui *ui, const struct ui_bind_job *jobs, size_t n,
    int keep_going, ui_binding_cb cb, void *arg)
{
	struct bind_run	*r;

	if (run != NULL) {
		ui_message(ui, "a bind is under way: wait for it to end");
		return -1;
	}
	if ((r = calloc(1, sizeof *r)) == NULL ||
	    (r->jobs = calloc(n > 0 ? n : 1, sizeof *jobs)) == NULL ||
	    (r->said = malloc(SAID_MAX)) == NULL) {
		if (r != NULL)
			free(r->jobs);
		free(r);
		ui_message(ui, "bind: out of memory");
		return -1;
	}
	memcpy(r->jobs, jobs, n * sizeof *jobs);
	r->ui = ui;
	r->njobs = n;
	r->keep_going = keep_going;
	r->status = EXIT_OK;
	r->cb = cb;
	r->arg = arg;
	r->pidfd = r->outfd = -1;
	run = r;
	next_job(r);
	return 0;
}
