/*
 * What the Guests pane asks before it acts, and the acting: start (and
 * the offer to bind what a guest needs, or to start its network), stop,
 * pause and resume, reset, force quit, attach, and giving an exited
 * guest's devices back.  The work is src/'s (guests, bind through
 * ui_binding).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "check.h"
#include "dialogs.h"
#include "exitcode.h"
#include "guest_list.h"
#include "guest_live.h"
#include "guests_pane.h"
#include "host.h"
#include "netcfg.h"
#include "profile.h"
#include "userconf.h"
#include "vde.h"
#include "viewer.h"

long
guests_pane_pending(struct guests_pane *p)
{
	size_t	i;

	for (i = 0; i < guests_count(p->guests); i++)
		if (strcmp(guests_get(p->guests, i)->name, p->pending) == 0)
			return (long)i;
	ui_message(p->ctx.ui, "%s is gone", p->pending);
	return -1;
}

static void
start(struct guests_pane *p, size_t i);

/* The group is bound (or not): then the start again. */
static void
on_bound(int status, void *arg)
{
	struct guests_pane	*p = arg;
	long			 i;

	if (status != EXIT_OK || (i = guests_pane_pending(p)) == -1)
		return;
	start(p, (size_t)i);
}

/* Yes to "give the group to vfio-pci and start": bind, then try again. */
static void
do_bind_start(void *arg)
{
	struct guests_pane	*p = arg;
	struct ui_bind_job	 job = { .host = p->ctx.host,
				    .proc_root = p->ctx.proc_root,
				    .addr = p->pending_addr, .bind = 1 };

	ui_binding_start(p->ctx.ui, &job, 1, 0, on_bound, p);
}

/* The network started for a guest: then the guest, or why not. */
static void
on_net_started(const char *done, const char *err, void *arg)
{
	struct guests_pane	*p = arg;
	long			 i;

	(void)done;
	vde_op_free(p->net_op);
	p->net_op = NULL;
	if (err != NULL)
		ui_message(p->ctx.ui, "%s: the network did not start: %s",
		    p->pending, err);
	else if ((i = guests_pane_pending(p)) != -1)
		start(p, (size_t)i);
}

/* Yes to "start the network, then the guest". */
static void
do_net_start(void *arg)
{
	struct guests_pane	*p = arg;
	char			 err[1024];

	if (p->net_op != NULL) {
		ui_message(p->ctx.ui, "%s: the network is starting already",
		    p->pending);
		return;
	}
	/* net.conf as it is now: the one the guest's check just read. */
	if (netcfg_load(&p->net_cfg, NULL, err, sizeof err) < 0) {
		ui_message(p->ctx.ui, "%s", err);
		return;
	}
	if ((p->net_op = vde_op_start(p->ctx.loop, &p->net_cfg,
	    p->ctx.proc_root,
	    on_net_started, p)) == NULL)
		ui_message(p->ctx.ui, "net start: out of memory");
	else
		ui_message(p->ctx.ui, "%s: starting the network (vde_switch at "
		    "%s), then the guest", p->pending, p->net_cfg.sock);
}

static void
start(struct guests_pane *p, size_t i)
{
	const struct guests_entry	*e = guests_get(p->guests, i);
	char				 err[1024], text[1280];
	char				 slot[PCI_ADDR_LEN];
	enum guest_refusal		 r;

	snprintf(p->pending, sizeof p->pending, "%s", e->name);
	r = guests_start(p->guests, i, p->ctx.host, &p->pending_addr, err,
	    sizeof err);
	/* The start said where it is (guests_tell). */
	if (r == GUEST_OK) {
		if (e->phase != GUESTS_BUILDING)
			ui_progress(p->ctx.ui, "%s: starting QEMU", e->name);
		return;
	}
	if (r == GUEST_NET_DOWN) {
		snprintf(text, sizeof text, "%s cannot start: %s. Start the "
		    "network, then the guest?", e->name, strstr(err, "vde: ") ?
		    strstr(err, "vde: ") + 5 : err);
		ui_confirm(p->ctx.ui, text, do_net_start, p);
		return;
	}
	if (r != GUEST_NOT_BOUND) {
		ui_message(p->ctx.ui, "%s", err);
		return;
	}
	pci_addr_format_slot(&p->pending_addr, p->ctx.host->with_domains, slot);
	snprintf(text, sizeof text, "%s cannot start: %s. Give the IOMMU group "
	    "of %s to vfio-pci, then start it?", e->name,
	    strstr(err, "pci: ") ? strstr(err, "pci: ") + 5 : err, slot);
	ui_confirm(p->ctx.ui, text, do_bind_start, p);
}

static void
do_stop(void *arg)
{
	struct guests_pane	*p = arg;
	char			 err[256];
	long			 i;

	if ((i = guests_pane_pending(p)) != -1 &&
	    guests_stop(p->guests, (size_t)i, err, sizeof err) == -1)
		ui_message(p->ctx.ui, "%s", err);
}

/* Yes to calling a start off: a build that ended meanwhile stays. */
static void
do_call_off(void *arg)
{
	struct guests_pane	*p = arg;
	long			 i;

	if ((i = guests_pane_pending(p)) == -1)
		return;
	if (guests_get(p->guests, (size_t)i)->phase == GUESTS_BUILDING)
		do_stop(p);
	else
		ui_message(p->ctx.ui,
		    "%s: its ISOs were built meanwhile (x stops "
		    "the guest)", p->pending);
}

/* R and K: one QMP command, after a yes. */
static void
do_command(struct guests_pane *p, const char *execute)
{
	char	err[256];
	long	i;

	if ((i = guests_pane_pending(p)) != -1 &&
	    guests_command(p->guests, (size_t)i, execute, err, sizeof err) ==
	    -1)
		ui_message(p->ctx.ui, "%s", err);
}

static void
do_reset(void *arg)
{
	do_command(arg, "system_reset");
}

static void
do_kill(void *arg)
{
	do_command(arg, "quit");
}

static void
do_attach(const char *path, void *arg)
{
	struct guests_pane	*p = arg;
	char			 err[512];

	if (path[0] == '\0')
		return;
	if (guests_attach(p->guests, path, err, sizeof err) == -1)
		ui_message(p->ctx.ui, "attach: %s", err);
	/* Listed even when it would not connect, which it says. */
	guests_rows_build(p);
	guests_rows_follow(p, path);
}

/* u: the guest's devices, by their group, back to the host's drivers. */
static void
do_give_back(void *arg)
{
	struct guests_pane		*p = arg;
	const struct guests_entry	*e;
	struct ui_bind_job		 jobs[GUESTS_PCI_TEXT / 8];
	char				 words[GUESTS_PCI_TEXT], *w, *save;
	size_t				 n = 0;
	long				 i;

	if ((i = guests_pane_pending(p)) == -1)
		return;
	e = guests_get(p->guests, (size_t)i);
	snprintf(words, sizeof words, "%s", e->pci);
	for (w = strtok_r(words, " ", &save); w != NULL && n < sizeof jobs /
	    sizeof jobs[0]; w = strtok_r(NULL, " ", &save)) {
		jobs[n] = (struct ui_bind_job){ .host = p->ctx.host,
		    .proc_root = p->ctx.proc_root };
		if (pci_addr_parse(w, &jobs[n].addr) == 0)
			n++;
	}
	ui_binding_start(p->ctx.ui, jobs, n, 0, NULL, NULL);
}

static int
is_live(const struct guests_entry *e)
{
	return e->live != NULL && !e->live->closed;
}

static void
ask(struct guests_pane *p, void (*fn)(void *), const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
ask(struct guests_pane *p, void (*fn)(void *), const char *fmt, ...)
{
	char	text[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	ui_confirm(p->ctx.ui, text, fn, p);
}

static void
pause_resume(struct guests_pane *p, size_t i, const struct guests_entry *e)
{
	/* -S leaves a guest in prelaunch: cont starts it, as it resumes. */
	int	paused = strcmp(e->live->status, "paused") == 0 ||
		    strcmp(e->live->status, "prelaunch") == 0;
	char	err[256];

	if (guests_command(p->guests, i, paused ? "cont" : "stop", err,
	    sizeof err) == -1)
		ui_message(p->ctx.ui, "%s", err);
	else {
		ui_progress(p->ctx.ui, "%s: %s", e->name, paused ? "resuming" :
		    "pausing");
		guests_busy_pause(p, e->name, paused ? "running" : "paused");
	}
}

/* u: the devices of a guest that does not run, back to the host. */
static void
ask_give_back(struct guests_pane *p, const struct guests_entry *e)
{
	if (e->pci[0] == '\0' || e->pid > 0 || e->phase == GUESTS_BUILDING ||
	    e->phase == GUESTS_STARTING)
		ui_message(p->ctx.ui, "%s: %s", e->name, e->pci[0] == '\0' ?
		    "passes no devices" : "its QEMU still runs");
	else
		ask(p, do_give_back, "Give %s's devices (%s) back to the "
		    "host's drivers?", e->name, e->pci);
}

/* v: the guest's screen, in a viewer that outlives the dashboard. */
static void
view(struct guests_pane *p, const struct guests_entry *e)
{
	struct profile	*prof;
	char		 dir[PATH_MAX], err[1024], what[PATH_MAX * 2];
	pid_t		 pid;

	if (e->attached || !e->has_profile) {
		ui_message(p->ctx.ui,
		    "%s: no profile says how to show its screen",
		    e->name);
		return;
	}
	if (profile_dir(dir, sizeof dir, err, sizeof err) == -1 ||
	    (prof = profile_load(dir, e->name, err, sizeof err)) == NULL) {
		ui_message(p->ctx.ui, "%s", err);
		return;
	}
	if ((pid = viewer_start(prof, &e->paths,
	    p->ctx.conf ? p->ctx.conf->viewer :
	    "", p->ctx.conf ? p->ctx.conf->file : "the user config", what,
	    sizeof what, err, sizeof err)) == -1)
		ui_message(p->ctx.ui, "%s: %s", e->name, err);
	else
		ui_message(p->ctx.ui, "%s: %s (pid %d)", e->name, what,
		    (int)pid);
	profile_free(prof);
}

void
guests_pane_act(struct guests_pane *p, enum ui_action action)
{
	size_t				 i;
	const struct guests_entry	*e = guests_pane_selected(p, &i);
	char				 dir[PATH_MAX], why[256];

	if (action == ACT_ATTACH) {
		ui_prompt(p->ctx.ui, "Attach the QEMU behind this QMP socket:",
		    do_attach, p);
		return;
	}
	if (action == ACT_NEW) {
		guests_new_form(p);
		return;
	}
	if (e == NULL) {
		if (keys_action_name(action) != NULL && profile_dir(dir,
		    sizeof dir, why, sizeof why) == 0)
			ui_message(p->ctx.ui,
			    "Guests pane: no guest to act on; "
			    "a profile in %s makes one", dir);
		else if (keys_action_name(action) != NULL)
			ui_message(p->ctx.ui, "Guests pane: no guest to act on "
			    "(%s)", why);
		return;
	}
	snprintf(p->pending, sizeof p->pending, "%s", e->name);
	switch (action) {
	case ACT_START:
		start(p, i);
		return;
	case ACT_UNBIND:
		ask_give_back(p, e);
		return;
	case ACT_VIEW:
		view(p, e);
		return;
	case ACT_USB:
		guests_usb_open(p, e);
		return;
	case ACT_SNAPSHOT:
		guests_snapshot_open(p, e);
		return;
	case ACT_SCREENSHOT:
		guests_screenshot_ask(p, e);
		return;
	case ACT_STOP:
	case ACT_POWER_CONTROL:
	case ACT_RESET:
	case ACT_KILL:
		break;
	default:
		ui_unsupported(p->ctx.ui, "Guests", action);
		return;
	}
	/* The rest steer a running QEMU, but x calls a build of ISOs off. */
	if (action == ACT_STOP && e->phase == GUESTS_BUILDING)
		ask(p, do_call_off, "Call off the start of %s? The ISO being "
		    "built is thrown away.", e->name);
	else if (!is_live(e))
		ui_message(p->ctx.ui, "%s is not running", e->name);
	else if (action == ACT_STOP)
		ask(p, do_stop, "Power %s down? If its OS has not shut down "
		    "after %d s, QEMU is told to quit.", e->name,
		    e->stop_timeout);
	else if (action == ACT_POWER_CONTROL)
		pause_resume(p, i, e);
	else if (action == ACT_RESET)
		ask(p, do_reset, "Reset %s? Like the reset button: unsaved "
		    "work in the guest is lost.", e->name);
	else
		ask(p, do_kill, "Force %s to quit now? Its OS gets no chance "
		    "to shut down.", e->name);
}
