/*
 * vfio-pci binding, the way the kernel's documentation describes it:
 * driver_override names vfio-pci, the current driver lets go (unbind),
 * drivers_probe hands the device to the driver the override names, and
 * the driver link says whether it worked.  Unbinding clears the override
 * and probes again so the original driver takes the device back.  What
 * happened, device by device, goes into the caller's struct bind_result.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "exitcode.h"
#include "holders.h"
#include "host.h"
#include "journal.h"
#include "kmodlib.h"
#include "pci.h"
#include "sysfs.h"

#define VFIO_DRIVER	"vfio-pci"

struct binder {
	struct host		*host;
	const struct bind_opts	*opts;
	struct bind_result	*res;
};

/* Index of BD in the result, for the plan's lines. */
static size_t
dev_index(const struct binder *b, const struct bind_dev *bd)
{
	return (size_t)(bd - b->res->devs);
}

/* One sysfs write, or in a dry run the plan's line that says it. */
static int
put(struct binder *b, const struct bind_dev *bd, const char *rel,
    const char *value)
{
	const struct sysfs	*sys = b->host->sys;

	if (b->opts->dry_run)
		return bind_result_add_write(b->res, BIND_WRITE_SYSFS,
		    dev_index(b, bd), value, "%s/%s", sysfs_root(sys),
		    rel) == 0 ? 0 : -ENOMEM;
	return sysfs_write(sys, rel, value);
}

static int
put_dev(struct binder *b, const struct bind_dev *bd, const char *attr,
    const char *value)
{
	char	rel[128];

	snprintf(rel, sizeof rel, "bus/pci/devices/%s/%s", bd->name, attr);
	return put(b, bd, rel, value);
}

static int
unbind_from(struct binder *b, const struct bind_dev *bd, const char *driver)
{
	char	rel[160];

	/* The driver name comes from a link the kernel made; still, no '/'. */
	if (strchr(driver, '/') != NULL || strcmp(driver, "..") == 0)
		return -EINVAL;
	snprintf(rel, sizeof rel, "bus/pci/drivers/%s/unbind", driver);
	return put(b, bd, rel, bd->name);
}

/*
 * BD is at STEP now (in *WHERE), which the caller's progress line hears
 * of; DRIVER is the one an unbind step lets go.
 */
static void
at_step(struct binder *b, const struct bind_dev *bd, enum bind_step *where,
    enum bind_step step, const char *driver)
{
	struct bind_progress	p;

	*where = step;
	if (b->opts->on_step == NULL || b->opts->dry_run)
		return;
	memset(&p, 0, sizeof p);
	p.op = b->res->op;
	p.dev = bd;
	p.index = dev_index(b, bd);
	p.count = b->res->ndevs;
	p.step = step;
	/* A bind takes only untouched devices; the rest go back. */
	p.giving_back = p.op != BIND_OP_BIND ||
	    bd->outcome != BIND_DEV_UNTOUCHED;
	p.driver = driver;
	b->opts->on_step(&p, b->opts->step_arg);
}

/* The driver the device has now ("" for none), read fresh. */
static int
current_driver(struct binder *b, const char *name, char *buf, size_t len)
{
	struct pci_dev_info	info;
	int			r;

	memset(&info, 0, sizeof info);
	if ((r = pci_dev_read(b->host->sys, name, PCI_INFO_STATE, &info)) < 0)
		return r;
	snprintf(buf, len, "%s", info.driver);
	return 0;
}

/* Where BD ended up, for the result. */
static void
note_driver_after(struct binder *b, struct bind_dev *bd)
{
	bd->vanished = current_driver(b, bd->name, bd->driver_after,
	    sizeof bd->driver_after) < 0;
	if (bd->vanished)
		bd->driver_after[0] = '\0';
}

/* What the user can do about error R. */
static enum bind_hint
hint_for(int r)
{
	return (r == -EACCES || r == -EPERM) && geteuid() != 0 ?
	    BIND_HINT_RUN_AS_ROOT : BIND_HINT_NONE;
}

/*
 * Puts one device back as the journal entry describes it; with no entry
 * (E NULL: bound to vfio-pci by something else), lets whatever driver
 * wants it probe it.  Returns 0 when verified, else -errno with the step
 * that failed in *STEP.
 */
static int
give_back(struct binder *b, const struct bind_dev *bd,
    const struct journal_entry *e, enum bind_step *step)
{
	const char	*orig = e ? e->driver : NULL;
	char		 now[64];
	int		 r;

	at_step(b, bd, step, BIND_STEP_READ_DRIVER, NULL);
	if ((r = current_driver(b, bd->name, now, sizeof now)) < 0)
		return r;
	/* An empty write clears the override, as the kernel documents. */
	at_step(b, bd, step, BIND_STEP_OVERRIDE, NULL);
	if ((r = put_dev(b, bd, "driver_override",
	    e && e->driver_override[0] ? e->driver_override : "\n")) < 0)
		return r;
	if (now[0] != '\0' && (orig == NULL || strcmp(now, orig) != 0)) {
		at_step(b, bd, step, BIND_STEP_UNBIND, now);
		if ((r = unbind_from(b, bd, now)) < 0)
			return r;
	}
	if (orig == NULL || (orig[0] && strcmp(now, orig) != 0)) {
		at_step(b, bd, step, BIND_STEP_PROBE, NULL);
		if ((r = put(b, bd, "bus/pci/drivers_probe", bd->name)) < 0)
			return r;
	}
	if (b->opts->dry_run)
		return 0;
	at_step(b, bd, step, BIND_STEP_READ_DRIVER, NULL);
	if ((r = current_driver(b, bd->name, now, sizeof now)) < 0)
		return r;
	*step = BIND_STEP_VERIFY;
	if (orig == NULL)
		return strcmp(now, VFIO_DRIVER) != 0 ? 0 : -EBUSY;
	return strcmp(now, orig) == 0 ? 0 : -ENODEV;
}

/* The journal entry of D, or in a dry run the plan's line for it. */
static int
record(struct binder *b, const struct pci_dev_info *d,
    const struct bind_dev *bd)
{
	struct journal_entry	e;
	char			why[512];

	if (b->opts->dry_run)
		return bind_result_add_write(b->res, BIND_WRITE_JOURNAL,
		    dev_index(b, bd), "", "%s/%s", b->opts->journal_dir,
		    d->name) == 0 ? 0 : -ENOMEM;
	memset(&e, 0, sizeof e);
	snprintf(e.name, sizeof e.name, "%s", d->name);
	snprintf(e.driver, sizeof e.driver, "%s", d->driver);
	snprintf(e.driver_override, sizeof e.driver_override, "%s",
	    d->driver_override);
	return journal_record(b->opts->journal_dir, &e, why, sizeof why);
}

/*
 * Takes one device: journaled first, verified last.  On failure BD's step
 * says which step failed.
 */
static int
take(struct binder *b, const struct pci_dev_info *d, struct bind_dev *bd)
{
	char	now[64];
	int	r;

	at_step(b, bd, &bd->step, BIND_STEP_JOURNAL, NULL);
	if ((r = record(b, d, bd)) < 0)
		return r;
	at_step(b, bd, &bd->step, BIND_STEP_OVERRIDE, NULL);
	if ((r = put_dev(b, bd, "driver_override", VFIO_DRIVER)) < 0)
		return r;
	if (d->driver[0] != '\0') {
		at_step(b, bd, &bd->step, BIND_STEP_UNBIND, d->driver);
		if ((r = unbind_from(b, bd, d->driver)) < 0)
			return r;
	}
	at_step(b, bd, &bd->step, BIND_STEP_PROBE, NULL);
	if ((r = put(b, bd, "bus/pci/drivers_probe", d->name)) < 0)
		return r;
	if (!b->opts->dry_run) {
		at_step(b, bd, &bd->step, BIND_STEP_READ_DRIVER, NULL);
		if ((r = current_driver(b, d->name, now, sizeof now)) < 0)
			return r;
		bd->step = BIND_STEP_VERIFY;
		if (strcmp(now, VFIO_DRIVER) != 0)
			return -ENODEV;
	}
	bd->step = BIND_STEP_NONE;
	return 0;
}

/*
 * After a failure: every device taken so far, and the one that failed,
 * goes back.  What cannot be put back stays journaled.
 */
static void
roll_back(struct binder *b, size_t n)
{
	struct journal_entry	 e;
	struct bind_dev		*bd;
	enum bind_step		 step;
	char			 why[512];
	size_t			 i;

	for (i = n; i-- > 0;) {
		bd = &b->res->devs[i];
		if (journal_read(b->opts->journal_dir, bd->name, &e, why,
		    sizeof why) < 0)
			continue;
		/* Its driver_override was refused: nothing changed to undo. */
		if (bd->step == BIND_STEP_OVERRIDE) {
			journal_remove(b->opts->journal_dir, e.name);
			continue;
		}
		bd->journaled = 1;
		snprintf(bd->driver_journaled, sizeof bd->driver_journaled,
		    "%s", e.driver);
		if (give_back(b, bd, &e, &step) == 0) {
			journal_remove(b->opts->journal_dir, e.name);
			bd->outcome = BIND_DEV_PUT_BACK;
			snprintf(bd->driver_after, sizeof bd->driver_after,
			    "%s", e.driver);
			continue;
		}
		bd->outcome = BIND_DEV_LEFT;
		note_driver_after(b, bd);
	}
}

static int
is_host_critical(const struct pci_dev_info *d)
{
	/*
	 * Storage (01) and network (02) controllers: the host may run on
	 * them.
	 */
	return (d->class >> 16) == 0x01 || (d->class >> 16) == 0x02;
}

/* What bind warns of whatever it is told, noted in BD. */
static void
warnings(const struct pci_dev_info *d, struct bind_dev *bd)
{
	if ((d->class >> 8) == 0x0c03)
		bd->warnings |= BIND_WARN_USB;
}

/* The refusals a user may overrule with --force, noted in BD. */
static void
refusals(struct binder *b, const struct pci_dev_info *d, struct bind_dev *bd)
{
	if (d->boot_vga == 1)
		bd->refusals |= BIND_REFUSE_BOOT_VGA;
	if (is_host_critical(d))
		bd->refusals |= (d->class >> 16) == 0x01 ?
		    BIND_REFUSE_STORAGE : BIND_REFUSE_NETWORK;
	if (holders_find(b->host->sys, b->opts->proc_root, d, bd->holders,
	    sizeof bd->holders) > 0)
		bd->refusals |= BIND_REFUSE_IN_USE;
	if (bd->refusals != 0) {
		bd->outcome = BIND_DEV_REFUSED;
		b->res->failure = BIND_FAIL_REFUSED;
	}
}

/*
 * A guest that has the group open would lose its devices under it: a
 * refusal for bind and unbind alike.  Returns whether processes hold it.
 */
static int
group_in_use(struct binder *b, const struct iommu_group *g)
{
	if (holders_of_group(b->opts->proc_root, g->number,
	    b->res->group_holders, sizeof b->res->group_holders) == 0)
		return 0;
	b->res->failure = BIND_FAIL_REFUSED;
	return 1;
}

/*
 * The group of ADDR, checked as input: a device that exists and has a
 * group.  NULL with the failure noted.
 */
static const struct iommu_group *
group_for(struct binder *b, const struct pci_addr *addr)
{
	const struct iommu_group	*g;
	long				 i;

	if ((i = host_find(b->host, addr)) == -1) {
		b->res->failure = BIND_FAIL_NO_DEVICE;
		return NULL;
	}
	if ((g = host_group_of(b->host, (size_t)i)) == NULL)
		b->res->failure = BIND_FAIL_NO_GROUP;
	else
		b->res->group = g->number;
	return g;
}

static int
prepare_journal(struct binder *b)
{
	if (b->opts->dry_run)
		return 0;
	if (journal_open(b->opts->journal_dir, b->res->why,
	    sizeof b->res->why) < 0) {
		b->res->failure = BIND_FAIL_JOURNAL_DIR;
		return -1;
	}
	return 0;
}

/* Copies the members of G that bind must take: non-bridges not on vfio. */
static size_t
members_to_take(const struct host *host, const struct iommu_group *g,
    struct pci_dev_info *out)
{
	size_t	i, n = 0;

	for (i = g->first; i < g->first + g->count; i++) {
		const struct pci_dev_info *d = &host->devs[i];

		if (!pci_dev_is_bridge(d) &&
		    strcmp(d->driver, VFIO_DRIVER) != 0)
			out[n++] = *d;
	}
	return n;
}

/*
 * vfio-pci must be loaded for drivers_probe to find it.  On the real /sys
 * it is loaded (libkmod, as modprobe would, with its dependencies); a
 * --sysfs tree can only be told about it.
 */
static int
load_vfio(struct binder *b)
{
	int	r = -ENOMEM;

	if (sysfs_exists(b->host->sys, "bus/pci/drivers/" VFIO_DRIVER))
		return 0;
	if (b->opts->dry_run) {
		if (bind_result_add_write(b->res, BIND_WRITE_MODULE, 0, "",
		    "vfio-pci") == 0)
			return 0;
		b->res->failure = BIND_FAIL_NO_MEMORY;
		return -1;
	}
	if (sysfs_is_live(b->host->sys) &&
	    (r = kmodlib_probe("vfio-pci")) == 0)
		return 0;
	b->res->failure = BIND_FAIL_NO_VFIO;
	/* -ENOMEM stands for "not tried" too: nothing to add to the no. */
	b->res->error = r != -ENOMEM ? r : 0;
	return -1;
}

static int
bind_members(struct binder *b, const struct pci_dev_info *devs, size_t n)
{
	struct bind_dev	*bd;
	size_t		 i;
	int		 r;

	for (i = 0; i < n; i++) {
		bd = &b->res->devs[i];
		if ((r = take(b, &devs[i], bd)) == 0) {
			bd->outcome = b->opts->dry_run ? BIND_DEV_PLANNED :
			    BIND_DEV_MOVED;
			snprintf(bd->driver_after, sizeof bd->driver_after,
			    "%s", VFIO_DRIVER);
			continue;
		}
		bd->outcome = BIND_DEV_FAILED;
		bd->error = r;
		bd->hint = hint_for(r);
		note_driver_after(b, bd);
		roll_back(b, i + 1);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

/* Starts the result: empty, about OP on ADDR (NULL for restore). */
static void
start(struct binder *b, enum bind_op op, const struct pci_addr *addr)
{
	bind_result_init(b->res, op);
	b->res->dry_run = b->opts->dry_run;
	if (addr != NULL)
		pci_addr_format(addr, b->res->address);
	snprintf(b->res->sysfs_root, sizeof b->res->sysfs_root, "%s",
	    sysfs_root(b->host->sys));
	snprintf(b->res->journal_dir, sizeof b->res->journal_dir, "%s",
	    b->opts->journal_dir);
}

/* N devices in the result; -1 having noted that memory ran out. */
static int
alloc_devs(struct binder *b, size_t n)
{
	if (bind_result_alloc_devs(b->res, n) == -1) {
		b->res->failure = BIND_FAIL_NO_MEMORY;
		return -1;
	}
	return 0;
}

/* BD as the model has D now, where it stays until the run moves it. */
static void
describe(struct bind_dev *bd, const struct pci_dev_info *d)
{
	snprintf(bd->name, sizeof bd->name, "%s", d->name);
	snprintf(bd->driver_before, sizeof bd->driver_before, "%s", d->driver);
	snprintf(bd->override_before, sizeof bd->override_before, "%s",
	    d->driver_override);
	snprintf(bd->driver_after, sizeof bd->driver_after, "%s", d->driver);
}

static int
finish(struct bind_result *res, int exit_status)
{
	res->exit_status = exit_status;
	return exit_status;
}

int
bind_group(struct host *host, const struct pci_addr *addr,
    const struct bind_opts *opts, struct bind_result *res)
{
	struct binder			 b = { host, opts, res };
	const struct iommu_group	*g;
	struct pci_dev_info		*devs;
	size_t				 n, i;
	int				 r = EXIT_FAILED;

	start(&b, BIND_OP_BIND, addr);
	/* No such device, or none VFIO can take: the system's no. */
	if ((g = group_for(&b, addr)) == NULL)
		return finish(res, EXIT_FAILED);
	if ((devs = calloc(g->count, sizeof *devs)) == NULL) {
		res->failure = BIND_FAIL_NO_MEMORY;
		return finish(res, EXIT_FAILED);
	}
	n = members_to_take(host, g, devs);
	if (alloc_devs(&b, n) == -1) {
		free(devs);
		return finish(res, EXIT_FAILED);
	}
	for (i = 0; i < n; i++) {
		describe(&res->devs[i], &devs[i]);
		warnings(&devs[i], &res->devs[i]);
		if (!opts->force)
			refusals(&b, &devs[i], &res->devs[i]);
	}
	if (!opts->force)
		group_in_use(&b, g);
	if (res->failure == BIND_FAIL_NONE && prepare_journal(&b) == 0 &&
	    load_vfio(&b) == 0)
		r = bind_members(&b, devs, n);
	/* The model follows what the tree now says, whatever happened. */
	for (i = 0; i < n && !opts->dry_run; i++)
		host_update_device(host, devs[i].name);
	free(devs);
	return finish(res, r);
}

/* Gives one device back, journal or not, and notes how it went. */
static int
release(struct binder *b, struct bind_dev *bd)
{
	struct journal_entry		 e;
	const struct journal_entry	*ep = NULL;
	enum bind_step			 step;
	int				 r;

	if ((r = journal_read(b->opts->journal_dir, bd->name, &e,
	    bd->journal_error, sizeof bd->journal_error)) == 0) {
		ep = &e;
		bd->journaled = 1;
		snprintf(bd->driver_journaled, sizeof bd->driver_journaled,
		    "%s", e.driver);
	}
	if (r == 0 || r == -ENOENT)
		bd->journal_error[0] = '\0';
	if ((r = give_back(b, bd, ep, &step)) == 0) {
		if (!b->opts->dry_run && ep != NULL)
			journal_remove(b->opts->journal_dir, bd->name);
		if (b->opts->dry_run) {
			bd->outcome = BIND_DEV_PLANNED;
			snprintf(bd->driver_after, sizeof bd->driver_after,
			    "%s", ep ? ep->driver : "");
		} else {
			bd->outcome = BIND_DEV_MOVED;
			note_driver_after(b, bd);
		}
		return 0;
	}
	bd->outcome = BIND_DEV_FAILED;
	bd->step = step;
	bd->error = r;
	bd->hint = r == -ENODEV && ep != NULL ? BIND_HINT_RESTORE :
	    hint_for(r);
	note_driver_after(b, bd);
	return r;
}

/* Whether unbind gives D back: vfio-pci holds it, or is set to take it. */
static int
to_give_back(const struct pci_dev_info *d)
{
	return !pci_dev_is_bridge(d) && (strcmp(d->driver, VFIO_DRIVER) == 0 ||
	    strcmp(d->driver_override, VFIO_DRIVER) == 0);
}

int
unbind_group(struct host *host, const struct pci_addr *addr,
    const struct bind_opts *opts, struct bind_result *res)
{
	struct binder			 b = { host, opts, res };
	const struct iommu_group	*g;
	size_t				 n = 0, i;
	int				 failed = 0;

	start(&b, BIND_OP_UNBIND, addr);
	if ((g = group_for(&b, addr)) == NULL)
		return finish(res, EXIT_FAILED);
	if (!opts->force && group_in_use(&b, g))
		return finish(res, EXIT_FAILED);
	for (i = g->first; i < g->first + g->count; i++)
		n += to_give_back(&host->devs[i]);
	if (alloc_devs(&b, n) == -1)
		return finish(res, EXIT_FAILED);
	/* Names, not pointers: a release may reorder the model. */
	for (n = 0, i = g->first; i < g->first + g->count; i++)
		if (to_give_back(&host->devs[i]))
			describe(&res->devs[n++], &host->devs[i]);
	for (i = 0; i < n; i++)
		failed += release(&b, &res->devs[i]) < 0;
	for (i = 0; i < n && !opts->dry_run; i++)
		host_update_device(host, res->devs[i].name);
	return finish(res, failed ? EXIT_FAILED : EXIT_OK);
}

int
bind_restore(struct host *host, const struct bind_opts *opts,
    struct bind_result *res)
{
	struct binder		 b = { host, opts, res };
	struct journal_entry	*list;
	struct bind_dev		*bd;
	struct pci_addr		 addr;
	size_t			 n, i;
	long			 at;
	int			 failed = 0;

	start(&b, BIND_OP_RESTORE, NULL);
	if (journal_list(opts->journal_dir, &list, &n, res->warning,
	    sizeof res->warning) < 0) {
		snprintf(res->why, sizeof res->why, "%s", res->warning);
		res->warning[0] = '\0';
		res->failure = BIND_FAIL_JOURNAL_READ;
		return finish(res, EXIT_FAILED);
	}
	failed += res->warning[0] != '\0';
	if (alloc_devs(&b, n) == -1) {
		free(list);
		return finish(res, EXIT_FAILED);
	}
	for (i = 0; i < n; i++) {
		bd = &res->devs[i];
		/* journal_list lists only entries whose names parse. */
		at = pci_addr_parse(list[i].name, &addr) == 0 ?
		    host_find(host, &addr) : -1;
		if (at != -1)
			describe(bd, &host->devs[at]);
		/* The entry's own name: release reads it by that. */
		snprintf(bd->name, sizeof bd->name, "%s", list[i].name);
		if (at == -1) {
			bd->outcome = BIND_DEV_NOT_ON_BUS;
			bd->vanished = 1;
			failed++;
			continue;
		}
		failed += release(&b, bd) < 0;
	}
	free(list);
	return finish(res, failed ? EXIT_FAILED : EXIT_OK);
}
