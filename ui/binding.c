/*
 * Binding from the dashboard, for every pane that offers it (the IOMMU
 * pane's b and u, the Guests pane's start and give-back): what runs in
 * the bind's child (bind_run.c runs it and reads it on the loop), and
 * the words of its result.  The status bar gets one short line of bind's
 * result: what changed, or the first thing that went wrong and what to
 * do about it.  A user who is not root binds through pkexec
 * (src/host/pkexec.c), as the command line does, and root's --json is
 * the result (src/host/bind_json.c); a local bind writes its steps up
 * the pipe as it goes, then its result in the same JSON.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "bind_json.h"
#include "binding.h"
#include "dialogs.h"
#include "exitcode.h"
#include "host.h"
#include "journal.h"
#include "pkexec.h"
#include "sysfs.h"

static const char *
driver_or_none(const char *driver)
{
	return driver[0] != '\0' ? driver : "no driver";
}

/* Why the group was left as it is: its first refusal. */
static void
show_refusal(struct ui *ui, const struct bind_result *res)
{
	const struct bind_dev	*bd;
	size_t			 i;

	for (i = 0; i < res->ndevs; i++) {
		bd = &res->devs[i];
		if (bd->refusals & BIND_REFUSE_BOOT_VGA)
			ui_message(ui, "IOMMU group %d left as it is: %s is %s",
			    res->group, bd->name,
			    bind_refusal_words(BIND_REFUSE_BOOT_VGA));
		else if (bd->refusals & BIND_REFUSE_IN_USE)
			ui_message(ui, "IOMMU group %d left as it is: %s is in "
			    "use by %s", res->group, bd->name, bd->holders);
		else if (bd->refusals != 0)
			ui_message(ui, "IOMMU group %d left as it is: %s is %s",
			    res->group, bd->name,
			    bind_refusal_words(bd->refusals));
		if (bd->refusals != 0)
			return;
	}
	ui_message(ui, "IOMMU group %d left as it is: a running guest holds "
	    "it (%s)%s", res->group, res->group_holders,
	    res->op == BIND_OP_UNBIND ? "; stop the guest first" : "");
}

/* What stopped the run before any device; 0 when nothing did. */
static int
show_failure(struct ui *ui, const struct bind_result *res)
{
	const char	*verb = res->op == BIND_OP_BIND ? "bind" : "unbind";

	switch (res->failure) {
	case BIND_FAIL_NONE:
		return 0;
	case BIND_FAIL_NO_DEVICE:
		ui_message(ui, "%s: no PCI device %s", verb, res->address);
		break;
	case BIND_FAIL_NO_GROUP:
		ui_message(ui, "%s has no IOMMU group: VFIO cannot take it",
		    res->address);
		break;
	case BIND_FAIL_REFUSED:
		show_refusal(ui, res);
		break;
	case BIND_FAIL_JOURNAL_DIR:
	case BIND_FAIL_JOURNAL_READ:
		ui_message(ui, "%s: the journal: %s; nothing was changed", verb,
		    res->why);
		break;
	case BIND_FAIL_NO_VFIO:
		ui_message(ui, "vfio-pci is not loaded%s%s (modprobe "
		    "vfio-pci); nothing was changed", res->error ? ", and "
		    "loading it failed: " : "", res->error ?
		    strerror(-res->error) : "");
		break;
	case BIND_FAIL_NO_MEMORY:
		ui_message(ui, "%s: out of memory", verb);
		break;
	}
	return 1;
}

static const char *
step_words(enum bind_step step)
{
	switch (step) {
	case BIND_STEP_JOURNAL:
		return "writing its journal entry";
	case BIND_STEP_OVERRIDE:
		return "writing driver_override";
	case BIND_STEP_UNBIND:
		return "its driver's unbind";
	case BIND_STEP_PROBE:
		return "drivers_probe";
	case BIND_STEP_READ_DRIVER:
		return "reading its driver";
	case BIND_STEP_NONE:
	case BIND_STEP_VERIFY:
		break;
	}
	return "checking its driver";
}

/* What step P waits for: "unbinding snd_hda_intel". */
static void
progress_words(const struct bind_progress *p, char *buf, size_t len)
{
	switch (p->step) {
	case BIND_STEP_JOURNAL:
		snprintf(buf, len, "writing its journal entry");
		break;
	case BIND_STEP_OVERRIDE:
		snprintf(buf, len, p->giving_back ? "clearing driver_override" :
		    "driver_override vfio-pci");
		break;
	case BIND_STEP_UNBIND:
		snprintf(buf, len, "unbinding %s", p->driver);
		break;
	case BIND_STEP_PROBE:
		snprintf(buf, len, "drivers_probe");
		break;
	default:
		snprintf(buf, len, "waiting for %s", p->giving_back ?
		    "its driver" : "vfio-pci");
		break;
	}
}

/*
 * bind's on_step in the child: "binding 0000:01:00.1 (2 of 3): unbinding
 * snd_hda_intel..." up the pipe as a step line, at once.
 */
static void
on_step(const struct bind_progress *p, void *arg)
{
	FILE	*out = arg;
	char	 what[128];

	progress_words(p, what, sizeof what);
	fprintf(out, "%s%s %s (%zu of %zu): %s...\n", UI_BINDING_STEP,
	    p->op != BIND_OP_BIND ? "giving back" : p->giving_back ?
	    "rolling back" : "binding", p->dev->name, p->index + 1, p->count,
	    what);
	fflush(out);
}

/* How bind left the group after BD failed, for the status bar. */
static void
group_after_failure(const struct bind_result *res, const struct bind_dev *bd,
    char *buf, size_t len)
{
	const struct bind_dev	*d;
	size_t			 i;
	int			 as_was;

	as_was = bd->outcome == BIND_DEV_PUT_BACK ||
	    bd->step == BIND_STEP_JOURNAL;
	for (i = 0; i < res->ndevs; i++) {
		d = &res->devs[i];
		if (d->outcome == BIND_DEV_LEFT) {
			snprintf(buf, len, "; %s left on %s: 'vfiotui "
			    "restore' gives it back", d == bd ? "it is" :
			    d->name, d->vanished ? "(gone)" :
			    driver_or_none(d->driver_after));
			return;
		}
		if (d->outcome == BIND_DEV_MOVED)
			as_was = 0;
	}
	buf[0] = '\0';
	if (as_was)
		snprintf(buf, len, "; IOMMU group %d is as it was", res->group);
}

/* The device that failed: at which step, and what it left. */
static void
show_device_failure(struct ui *ui, const struct bind_result *res,
    const struct bind_dev *bd)
{
	char	what[256], after[256];

	if (bd->step != BIND_STEP_VERIFY)
		snprintf(what, sizeof what, "%s failed: %s%s",
		    step_words(bd->step), strerror(-bd->error),
		    bd->hint == BIND_HINT_RUN_AS_ROOT ? " (needs root)" : "");
	else if (res->op == BIND_OP_BIND)
		snprintf(what, sizeof what, "vfio-pci did not take it");
	else if (bd->journaled)
		snprintf(what, sizeof what, "%s did not take it back",
		    driver_or_none(bd->driver_journaled));
	else
		snprintf(what, sizeof what, "no other driver took it");
	if (res->op == BIND_OP_BIND)
		group_after_failure(res, bd, after, sizeof after);
	else
		snprintf(after, sizeof after, "%s", bd->hint ==
		    BIND_HINT_RESTORE ? "; 'vfiotui restore' tries again" : "");
	ui_message(ui, "%s: %s%s", bd->name, what, after);
}

void
ui_binding_show(struct ui *ui, const struct bind_result *res)
{
	const struct bind_dev	*bd;
	size_t			 i;

	if (show_failure(ui, res))
		return;
	for (i = 0; i < res->ndevs; i++)
		if (res->devs[i].step != BIND_STEP_NONE) {
			show_device_failure(ui, res, &res->devs[i]);
			return;
		}
	if (res->op == BIND_OP_BIND) {
		ui_message(ui, "IOMMU group %d is viable: /dev/vfio/%d",
		    res->group, res->group);
		return;
	}
	if (res->ndevs == 0) {
		ui_message(ui, "IOMMU group %d: no device is on vfio-pci",
		    res->group);
		return;
	}
	bd = &res->devs[0];
	ui_message(ui, "%s: %s -> %s%s", bd->name,
	    driver_or_none(bd->driver_before),
	    driver_or_none(bd->driver_after), res->ndevs > 1 ?
	    " (and the rest of its group, back on their drivers)" : "");
}

/* Room for root's answer: a group of 64 devices, in pretty JSON. */
#define ROOT_ANSWER_MAX	(128 * 1024)

/*
 * In the child: the installed vfiotui binds as root, through pkexec; its
 * --json answer goes up OUT as it is.  Its exit status, or EXIT_FAILED
 * with an error line when it did not run.
 */
static int
root_binding(FILE *out, const struct ui_bind_job *job)
{
	char	 where[PCI_ADDR_LEN], err[512], *answer, *args[5];
	int	 r, n = 0;

	pci_addr_format(&job->addr, where);
	args[n++] = job->bind ? "bind" : "unbind";
	args[n++] = "--json";
	if (job->force)
		args[n++] = "--force";
	args[n++] = where;
	args[n] = NULL;
	/* Root's run says nothing until it ends: this is all there is. */
	fprintf(out, "%s%s %s through pkexec, as root...\n", UI_BINDING_STEP,
	    args[0], where);
	fflush(out);
	if ((answer = malloc(ROOT_ANSWER_MAX)) == NULL) {
		fprintf(out, "%s%s %s: out of memory\n", UI_BINDING_ERROR,
		    args[0], where);
		return EXIT_FAILED;
	}
	r = pkexec_vfiotui(args, 0, answer, ROOT_ANSWER_MAX, err, sizeof err);
	if (r == -1)
		fprintf(out, "%s%s %s needs root: %s\n", UI_BINDING_ERROR,
		    args[0], where, err);
	else
		fputs(answer, out);
	free(answer);
	return r == -1 ? EXIT_FAILED : r;
}

/* bind's options here, its journal in the runtime dir; -1: ERR says why. */
static int
local_opts(struct bind_opts *opts, const char *proc_root, char *jdir,
    size_t jlen, char *err, size_t errlen)
{
	memset(opts, 0, sizeof *opts);
	opts->proc_root = proc_root;
	opts->journal_dir = jdir;
	return journal_dir(jdir, jlen, err, errlen);
}

int
ui_binding_child(int fd, void *arg)
{
	const struct ui_bind_job	*job = arg;
	struct bind_opts		 opts;
	struct bind_result		 res;
	FILE				*out;
	char				 jdir[PATH_MAX], err[256];
	int				 r;

	if ((out = fdopen(fd, "w")) == NULL)
		return EXIT_FAILED;
	if (pkexec_needed(sysfs_root(job->host->sys)))
		r = root_binding(out, job);
	else if (local_opts(&opts, job->proc_root, jdir, sizeof jdir, err,
	    sizeof err) == -1) {
		fprintf(out, "%s%s\n", UI_BINDING_ERROR, err);
		r = EXIT_FAILED;
	} else {
		opts.force = job->force;
		opts.on_step = on_step;
		opts.step_arg = out;
		r = job->bind ? bind_group(job->host, &job->addr, &opts, &res) :
		    unbind_group(job->host, &job->addr, &opts, &res);
		bind_json_print(out, &res);
		bind_result_clear(&res);
	}
	fclose(out);
	return r;
}

int
ui_binding_plan(struct host *host, const char *proc_root,
    const struct pci_addr *addr, struct bind_result *res)
{
	struct bind_opts	opts;
	char			jdir[PATH_MAX], err[256];

	/* A plan names the journal's path only: none is no reason not to. */
	if (local_opts(&opts, proc_root, jdir, sizeof jdir, err,
	    sizeof err) == -1)
		snprintf(jdir, sizeof jdir, "(no runtime dir)");
	opts.dry_run = 1;
	return bind_group(host, addr, &opts, res);
}
