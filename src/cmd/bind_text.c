/*
 * bind, unbind and restore in words, from their struct bind_result: line
 * for line what they printed when they printed as they went, which
 * tests/bind-*.sh and the VM tests hold them to.  Errors go to ERR as
 * "vfiotui: " lines, in the order the run met them.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "bind.h"
#include "bind_text.h"
#include "exitcode.h"

static const char *
or_else(const char *s, const char *none)
{
	return s[0] != '\0' ? s : none;
}

static const char *
verb_of(const struct bind_result *res)
{
	switch (res->op) {
	case BIND_OP_BIND:
		return "bind";
	case BIND_OP_UNBIND:
		return "unbind";
	case BIND_OP_RESTORE:
		break;
	}
	return "restore";
}

/* Where BD is now: its driver, "no driver", or "(gone)". */
static const char *
now_on(const struct bind_dev *bd)
{
	return bd->vanished ? "(gone)" : or_else(bd->driver_after,
	    "no driver");
}

static void
print_write(const struct bind_result *res, const struct bind_write *w,
    FILE *out)
{
	const struct bind_dev	*bd = &res->devs[w->dev];

	switch (w->kind) {
	case BIND_WRITE_MODULE:
		fprintf(out, "load module %s\n", w->path);
		break;
	case BIND_WRITE_JOURNAL:
		fprintf(out, "journal %s driver=%s override=%s\n", w->path,
		    bd->driver_before, bd->override_before);
		break;
	case BIND_WRITE_SYSFS:
		fprintf(out, "write %s %s\n", w->path, strcmp(w->value,
		    "\n") != 0 ? w->value : "(a newline: clears it)");
		break;
	}
}

/* The plan's lines about device DEV, or every line when DEV is -1. */
static void
print_plan(const struct bind_result *res, long dev, FILE *out)
{
	size_t	i;

	for (i = 0; i < res->nplan; i++)
		if (dev == -1 || (res->plan[i].kind != BIND_WRITE_MODULE &&
		    res->plan[i].dev == (size_t)dev))
			print_write(res, &res->plan[i], out);
}

static void
print_refusals(const struct bind_result *res, FILE *err)
{
	const struct bind_dev	*bd;
	size_t			 i;

	for (i = 0; i < res->ndevs; i++) {
		bd = &res->devs[i];
		if (bd->refusals & BIND_REFUSE_BOOT_VGA)
			fprintf(err, "vfiotui: %s is %s; taking it leaves the "
			    "host without one\n", bd->name,
			    bind_refusal_words(BIND_REFUSE_BOOT_VGA));
		if (bd->refusals & (BIND_REFUSE_STORAGE | BIND_REFUSE_NETWORK))
			fprintf(err, "vfiotui: %s is %s (driver %s)\n",
			    bd->name, bind_refusal_words(bd->refusals &
			    (BIND_REFUSE_STORAGE | BIND_REFUSE_NETWORK)),
			    or_else(bd->driver_before, "none"));
		if (bd->refusals & BIND_REFUSE_IN_USE)
			fprintf(err, "vfiotui: %s is in use by %s\n", bd->name,
			    bd->holders);
	}
	if (res->group_holders[0] != '\0')
		fprintf(err, "vfiotui: %s: IOMMU group %d is assigned to a "
		    "running guest: /dev/vfio/%d is open in %s\n",
		    verb_of(res), res->group, res->group, res->group_holders);
	fprintf(err, "vfiotui: %s: IOMMU group %d left as it is (%s)\n",
	    verb_of(res), res->group, res->op == BIND_OP_BIND ?
	    "--force to take it anyway" : "stop the guest first, or --force");
}

/* Why the run stopped before it moved a device; 0 when it did not. */
static int
print_failure(const struct bind_result *res, FILE *err)
{
	switch (res->failure) {
	case BIND_FAIL_NONE:
		return 0;
	case BIND_FAIL_NO_DEVICE:
		fprintf(err, "vfiotui: %s: no PCI device %s under "
		    "%s/bus/pci/devices\n", verb_of(res), res->address,
		    res->sysfs_root);
		break;
	case BIND_FAIL_NO_GROUP:
		fprintf(err, "vfiotui: %s: %s has no IOMMU group (the IOMMU "
		    "does not cover it, as igfx_off does for an iGPU); VFIO "
		    "cannot take it\n", verb_of(res), res->address);
		break;
	case BIND_FAIL_REFUSED:
		print_refusals(res, err);
		break;
	case BIND_FAIL_JOURNAL_DIR:
		fprintf(err, "vfiotui: cannot use the journal directory: %s; "
		    "nothing was changed\n", res->why);
		break;
	case BIND_FAIL_JOURNAL_READ:
		fprintf(err, "vfiotui: restore: cannot read the journal in "
		    "%s: %s\n", res->journal_dir, res->why);
		break;
	case BIND_FAIL_NO_VFIO:
		fprintf(err, "vfiotui: the vfio-pci driver is not loaded (no "
		    "%s/bus/pci/drivers/vfio-pci)%s%s: load it with 'modprobe "
		    "vfio-pci'; nothing was changed\n", res->sysfs_root,
		    res->error ? " and loading it failed: " : "",
		    res->error ? strerror(-res->error) : "");
		break;
	case BIND_FAIL_NO_MEMORY:
		fprintf(err, "vfiotui: %s: out of memory\n", verb_of(res));
		break;
	}
	return 1;
}

/* "vfiotui: ADDR: WHAT failed: ERROR", and the hint. */
static void
print_step_failure(const struct bind_dev *bd, const char *what, FILE *err)
{
	fprintf(err, "vfiotui: %s: %s failed: %s%s\n", bd->name, what,
	    strerror(-bd->error), bd->hint == BIND_HINT_RUN_AS_ROOT ?
	    " (binding needs root: run vfiotui as root)" : "");
}

/* The step of taking BD that failed, in words. */
static void
print_take_failure(const struct bind_result *res, const struct bind_dev *bd,
    FILE *err)
{
	char	what[PATH_MAX + 64];

	switch (bd->step) {
	case BIND_STEP_NONE:
		return;
	case BIND_STEP_VERIFY:
		fprintf(err, "vfiotui: %s: vfio-pci did not take it after "
		    "drivers_probe\n", bd->name);
		return;
	case BIND_STEP_JOURNAL:
		snprintf(what, sizeof what, "writing the journal in %s",
		    res->journal_dir);
		break;
	case BIND_STEP_OVERRIDE:
		snprintf(what, sizeof what, "writing driver_override");
		break;
	case BIND_STEP_UNBIND:
		snprintf(what, sizeof what, "unbinding from %s",
		    bd->driver_before);
		break;
	case BIND_STEP_PROBE:
		snprintf(what, sizeof what, "drivers_probe");
		break;
	case BIND_STEP_READ_DRIVER:
		snprintf(what, sizeof what, "reading its driver back");
		break;
	}
	print_step_failure(bd, what, err);
}

/*
 * bind: the failure and how each device taken so far went back, newest
 * first; or every device's move and the group's node.
 */
static void
print_bind(const struct bind_result *res, FILE *out, FILE *err)
{
	const struct bind_dev	*bd;
	size_t			 i, failed;
	int			 left = 0;

	for (failed = 0; failed < res->ndevs; failed++)
		if (res->devs[failed].step != BIND_STEP_NONE)
			break;
	if (failed < res->ndevs) {
		print_take_failure(res, &res->devs[failed], err);
		for (i = failed + 1; i-- > 0;) {
			bd = &res->devs[i];
			if (bd->outcome == BIND_DEV_PUT_BACK)
				fprintf(err, "vfiotui: %s: put back on %s\n",
				    bd->name, or_else(bd->driver_after,
				    "no driver"));
			else if (bd->outcome == BIND_DEV_LEFT) {
				fprintf(err, "vfiotui: %s: left on %s (was "
				    "%s); 'vfiotui restore' gives it back\n",
				    bd->name, now_on(bd), or_else(
				    bd->driver_journaled, "no driver"));
				left++;
			}
		}
		if (!left)
			fprintf(err, "vfiotui: bind: every device is as it "
			    "was: nothing to restore\n");
		return;
	}
	if (res->exit_status != EXIT_OK)
		return;
	/* A dry run's lines say "would": nothing moved. */
	for (i = 0; i < res->ndevs; i++)
		fprintf(out, "%s: %s%s -> vfio-pci\n", res->devs[i].name,
		    res->dry_run ? "would go " : "",
		    or_else(res->devs[i].driver_before, "no driver"));
	if (!res->dry_run)
		fprintf(out, "IOMMU group %d is viable: /dev/vfio/%d\n",
		    res->group, res->group);
}

/* unbind and restore: how device I went back, or why it did not. */
static void
print_release(const struct bind_result *res, size_t i, FILE *out, FILE *err)
{
	const struct bind_dev	*bd = &res->devs[i];

	if (bd->journal_error[0] != '\0')
		fprintf(err, "vfiotui: %s: cannot read its journal entry: %s; "
		    "letting any driver probe it\n", bd->name,
		    bd->journal_error);
	print_plan(res, (long)i, out);
	switch (bd->outcome) {
	case BIND_DEV_PLANNED:
		fprintf(out, "%s: would go vfio-pci -> %s\n", bd->name,
		    or_else(bd->driver_after, "(whatever probes it)"));
		break;
	case BIND_DEV_MOVED:
		fprintf(out, "%s: vfio-pci -> %s\n", bd->name,
		    or_else(bd->driver_after, "no driver"));
		break;
	case BIND_DEV_FAILED:
		if (bd->hint == BIND_HINT_RESTORE)
			fprintf(err, "vfiotui: %s: %s did not take it back; it "
			    "is on %s; 'vfiotui restore' tries again\n",
			    bd->name, bd->driver_journaled, now_on(bd));
		else
			print_step_failure(bd, "giving it back", err);
		break;
	case BIND_DEV_NOT_ON_BUS:
		fprintf(err, "vfiotui: restore: %s is not on the bus "
		    "(removed?); its journal entry is kept\n", bd->name);
		break;
	default:
		break;
	}
}

/* What bind does but warns of, refused or not: the dashboard's words. */
static void
print_warnings(const struct bind_result *res, FILE *err)
{
	const struct bind_dev	*bd;
	size_t			 i;

	for (i = 0; i < res->ndevs; i++) {
		bd = &res->devs[i];
		if (bd->warnings & BIND_WARN_USB)
			fprintf(err, "vfiotui: warning: %s is %s\n", bd->name,
			    bind_warning_words(BIND_WARN_USB));
	}
}

void
bind_text_print(const struct bind_result *res, FILE *out, FILE *err)
{
	size_t	i;

	if (res->op == BIND_OP_BIND)
		print_warnings(res, err);
	if (print_failure(res, err))
		return;
	if (res->op == BIND_OP_BIND) {
		print_plan(res, -1, out);
		print_bind(res, out, err);
		return;
	}
	if (res->warning[0] != '\0')
		fprintf(err, "vfiotui: restore: %s\n", res->warning);
	if (res->ndevs == 0 && res->op == BIND_OP_UNBIND)
		fprintf(out, "IOMMU group %d: no device is on vfio-pci\n",
		    res->group);
	else if (res->ndevs == 0)
		fprintf(out, "nothing to restore: the journal in %s is empty\n",
		    res->journal_dir);
	for (i = 0; i < res->ndevs; i++)
		print_release(res, i, out, err);
}
