/*
 * vfio-pci binding, the way the kernel's documentation describes it:
 * driver_override names vfio-pci, the current driver lets go (unbind),
 * drivers_probe hands the device to the driver the override names, and
 * the driver link says whether it worked.  Unbinding clears the override
 * and probes again so the original driver takes the device back.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libkmod.h>

#include "bind.h"
#include "exitcode.h"
#include "holders.h"
#include "host.h"
#include "journal.h"
#include "pci.h"
#include "sysfs.h"

#define VFIO_DRIVER	"vfio-pci"

struct binder {
	struct host		*host;
	const struct bind_opts	*opts;
};

/* One sysfs write, or in a dry run the line that says it. */
static int
put(struct binder *b, const char *rel, const char *value)
{
	const struct sysfs	*sys = b->host->sys;

	if (b->opts->dry_run) {
		fprintf(b->opts->out, "write %s/%s %s\n", sys->root, rel,
		    strcmp(value, "\n") != 0 ? value : "(a newline: clears it)");
		return 0;
	}
	return sysfs_write_attr(sys->rootfd, rel, value);
}

static int
put_dev(struct binder *b, const char *name, const char *attr,
    const char *value)
{
	char	rel[128];

	snprintf(rel, sizeof rel, "bus/pci/devices/%s/%s", name, attr);
	return put(b, rel, value);
}

static int
unbind_from(struct binder *b, const char *name, const char *driver)
{
	char	rel[160];

	/* The driver name comes from a link the kernel made; still, no '/'. */
	if (strchr(driver, '/') != NULL || strcmp(driver, "..") == 0)
		return -EINVAL;
	snprintf(rel, sizeof rel, "bus/pci/drivers/%s/unbind", driver);
	return put(b, rel, name);
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

/*
 * Puts one device back as the journal entry describes it; with no entry
 * (E NULL: bound to vfio-pci by something else), lets whatever driver
 * wants it probe it.  Returns 0 when verified, else -errno.
 */
static int
give_back(struct binder *b, const char *name, const struct journal_entry *e)
{
	const char	*orig = e ? e->driver : NULL;
	char		 now[64];
	int		 r;

	if ((r = current_driver(b, name, now, sizeof now)) < 0)
		return r;
	/* An empty write clears the override, as the kernel documents. */
	if ((r = put_dev(b, name, "driver_override",
	    e && e->driver_override[0] ? e->driver_override : "\n")) < 0)
		return r;
	if (now[0] != '\0' && (orig == NULL || strcmp(now, orig) != 0) &&
	    (r = unbind_from(b, name, now)) < 0)
		return r;
	if ((orig == NULL || (orig[0] && strcmp(now, orig) != 0)) &&
	    (r = put(b, "bus/pci/drivers_probe", name)) < 0)
		return r;
	if (b->opts->dry_run)
		return 0;
	if ((r = current_driver(b, name, now, sizeof now)) < 0)
		return r;
	if (orig == NULL)
		return strcmp(now, VFIO_DRIVER) != 0 ? 0 : -EBUSY;
	return strcmp(now, orig) == 0 ? 0 : -ENODEV;
}

/*
 * Takes one device: journaled first, verified last.  On failure *STEP
 * says which step failed, for the message.
 */
static int
take(struct binder *b, const struct pci_dev_info *d, char *step,
    size_t steplen)
{
	struct journal_entry	e;
	char			now[64], why[512];
	int			r;

	memset(&e, 0, sizeof e);
	snprintf(e.name, sizeof e.name, "%s", d->name);
	snprintf(e.driver, sizeof e.driver, "%s", d->driver);
	snprintf(e.driver_override, sizeof e.driver_override, "%s",
	    d->driver_override);
	snprintf(step, steplen, "writing the journal in %s",
	    b->opts->journal_dir);
	if (b->opts->dry_run)
		fprintf(b->opts->out, "journal %s/%s driver=%s override=%s\n",
		    b->opts->journal_dir, d->name, d->driver,
		    d->driver_override);
	else if ((r = journal_record(b->opts->journal_dir, &e, why,
	    sizeof why)) < 0)
		return r;
	snprintf(step, steplen, "writing driver_override");
	if ((r = put_dev(b, d->name, "driver_override", VFIO_DRIVER)) < 0)
		return r;
	snprintf(step, steplen, "unbinding from %s", d->driver);
	if (d->driver[0] && (r = unbind_from(b, d->name, d->driver)) < 0)
		return r;
	snprintf(step, steplen, "drivers_probe");
	if ((r = put(b, "bus/pci/drivers_probe", d->name)) < 0)
		return r;
	if (b->opts->dry_run)
		return 0;
	snprintf(step, steplen, "reading its driver back");
	if ((r = current_driver(b, d->name, now, sizeof now)) < 0)
		return r;
	snprintf(step, steplen, "verifying");
	return strcmp(now, VFIO_DRIVER) == 0 ? 0 : -ENODEV;
}

/*
 * After a failure: every device taken so far, and the one that failed,
 * goes back.  What cannot be put back stays journaled, and is named.
 */
static void
roll_back(struct binder *b, struct pci_dev_info *devs, size_t n)
{
	struct journal_entry	e;
	char			now[64], why[512];
	size_t			i;

	for (i = n; i-- > 0;) {
		if (journal_read(b->opts->journal_dir, devs[i].name, &e, why,
		    sizeof why) < 0)
			continue;
		if (give_back(b, e.name, &e) == 0) {
			journal_remove(b->opts->journal_dir, e.name);
			fprintf(b->opts->err, "vfiotui: %s: put back on %s\n", e.name,
			    e.driver[0] ? e.driver : "no driver");
			continue;
		}
		if (current_driver(b, e.name, now, sizeof now) < 0)
			snprintf(now, sizeof now, "(gone)");
		fprintf(b->opts->err, "vfiotui: %s: left on %s (was %s); "
		    "'vfiotui restore' gives it back\n", e.name,
		    now[0] ? now : "no driver", e.driver[0] ? e.driver :
		    "no driver");
	}
}

static int
is_host_critical(const struct pci_dev_info *d)
{
	/* Storage (01) and network (02) controllers: the host may run on them. */
	return (d->class >> 16) == 0x01 || (d->class >> 16) == 0x02;
}

/* The refusals a user may overrule with --force; returns how many. */
static int
refusals(struct binder *b, const struct pci_dev_info *d)
{
	char	who[512];
	int	n = 0;

	if (d->boot_vga == 1) {
		fprintf(b->opts->err, "vfiotui: %s is the boot VGA device, the "
		    "host's console; taking it leaves the host without one\n",
		    d->name);
		n++;
	}
	if (is_host_critical(d)) {
		fprintf(b->opts->err, "vfiotui: %s is a %s controller the host may "
		    "need (driver %s)\n", d->name, (d->class >> 16) == 0x01 ?
		    "storage" : "network", d->driver[0] ? d->driver : "none");
		n++;
	}
	if (holders_find(b->host->sys, b->opts->proc_root, d, who,
	    sizeof who) > 0) {
		fprintf(b->opts->err, "vfiotui: %s is in use by %s\n", d->name, who);
		n++;
	}
	return n;
}

/*
 * A guest that has the group open would lose its devices under it: a
 * refusal for bind and unbind alike.  Returns how many processes hold it.
 */
static int
group_in_use(struct binder *b, const struct iommu_group *g, const char *verb)
{
	char	who[512];

	if (holders_of_group(b->opts->proc_root, g->number, who,
	    sizeof who) == 0)
		return 0;
	fprintf(b->opts->err, "vfiotui: %s: IOMMU group %d is assigned to a "
	    "running guest: /dev/vfio/%d is open in %s\n", verb, g->number,
	    g->number, who);
	return 1;
}

/*
 * The group of ADDR, checked as input: a device that exists and has a
 * group.  NULL after an error line.
 */
static const struct iommu_group *
group_for(struct binder *b, const struct pci_addr *addr, const char *verb)
{
	struct host			*host = b->host;
	const struct iommu_group	*g;
	char				 name[PCI_ADDR_LEN];
	long				 i;

	pci_addr_format(addr, name);
	if ((i = host_find(host, addr)) == -1) {
		fprintf(b->opts->err, "vfiotui: %s: no PCI device %s under "
		    "%s/bus/pci/devices\n", verb, name, host->sys->root);
		return NULL;
	}
	if ((g = host_group_of(host, (size_t)i)) == NULL)
		fprintf(b->opts->err, "vfiotui: %s: %s has no IOMMU group (the IOMMU "
		    "does not cover it, as igfx_off does for an iGPU); VFIO "
		    "cannot take it\n", verb, name);
	return g;
}

static int
prepare_journal(struct binder *b)
{
	char	why[512];

	if (b->opts->dry_run)
		return 0;
	if (journal_open(b->opts->journal_dir, why, sizeof why) < 0) {
		fprintf(b->opts->err, "vfiotui: cannot use the journal directory: "
		    "%s; nothing was changed\n", why);
		return -1;
	}
	return 0;
}

static void
explain_failure(struct binder *b, const char *name, const char *what, int r)
{
	fprintf(b->opts->err, "vfiotui: %s: %s failed: %s%s\n", name, what,
	    strerror(-r), (r == -EACCES || r == -EPERM) && geteuid() != 0 ?
	    " (binding needs root: run vfiotui as root)" : "");
	(void)b;
}

/* Copies the members of G that bind must take: non-bridges not on vfio. */
static size_t
members_to_take(const struct host *host, const struct iommu_group *g,
    struct pci_dev_info *out)
{
	size_t	i, n = 0;

	for (i = g->first; i < g->first + g->count; i++) {
		const struct pci_dev_info *d = &host->devs[i];

		if (!pci_dev_is_bridge(d) && strcmp(d->driver, VFIO_DRIVER) != 0)
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
	struct kmod_ctx		*ctx;
	struct kmod_module	*mod = NULL;
	int			 r = -ENOMEM;

	if (faccessat(b->host->sys->rootfd, "bus/pci/drivers/" VFIO_DRIVER,
	    F_OK, 0) == 0)
		return 0;
	if (b->opts->dry_run) {
		fprintf(b->opts->out, "load module vfio-pci\n");
		return 0;
	}
	if (strcmp(b->host->sys->root, "/sys") == 0 &&
	    (ctx = kmod_new(NULL, NULL)) != NULL) {
		r = kmod_module_new_from_name(ctx, "vfio-pci", &mod);
		if (r == 0)
			r = kmod_module_probe_insert_module(mod,
			    KMOD_PROBE_APPLY_BLACKLIST, NULL, NULL, NULL, NULL);
		kmod_module_unref(mod);
		kmod_unref(ctx);
		if (r == 0)
			return 0;
	}
	fprintf(b->opts->err, "vfiotui: the vfio-pci driver is not loaded (no "
	    "%s/bus/pci/drivers/vfio-pci)%s%s: load it with 'modprobe "
	    "vfio-pci'; nothing was changed\n", b->host->sys->root,
	    r < 0 && r != -ENOMEM ? " and loading it failed: " : "",
	    r < 0 && r != -ENOMEM ? strerror(-r) : "");
	return -1;
}

static int
bind_members(struct binder *b, struct pci_dev_info *devs, size_t n)
{
	char	step[160];
	size_t	i;
	int	r;

	for (i = 0; i < n; i++) {
		if ((r = take(b, &devs[i], step, sizeof step)) == 0)
			continue;
		if (strcmp(step, "verifying") == 0)
			fprintf(b->opts->err, "vfiotui: %s: vfio-pci did not take it "
			    "after drivers_probe\n", devs[i].name);
		else
			explain_failure(b, devs[i].name, step, r);
		roll_back(b, devs, i + 1);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

int
bind_group(struct host *host, const struct pci_addr *addr,
    const struct bind_opts *opts)
{
	struct binder			 b = { .host = host, .opts = opts };
	const struct iommu_group	*g;
	struct pci_dev_info		*devs;
	size_t				 n, i;
	int				 refused = 0, r;

	/* No such device, or none VFIO can take: the system's no. */
	if ((g = group_for(&b, addr, "bind")) == NULL)
		return EXIT_FAILED;
	if ((devs = calloc(g->count, sizeof *devs)) == NULL)
		return EXIT_FAILED;
	n = members_to_take(host, g, devs);
	for (i = 0; i < n && !opts->force; i++)
		refused += refusals(&b, &devs[i]);
	if (!opts->force)
		refused += group_in_use(&b, g, "bind");
	r = EXIT_FAILED;
	if (refused > 0)
		fprintf(opts->err, "vfiotui: bind: IOMMU group %d left as it is "
		    "(--force to take it anyway)\n", g->number);
	else if (prepare_journal(&b) == 0 && load_vfio(&b) == 0)
		r = bind_members(&b, devs, n);
	/* The model follows what the tree now says, whatever happened. */
	for (i = 0; i < n && !opts->dry_run; i++)
		host_update_device(host, devs[i].name);
	if (r == EXIT_OK) {
		for (i = 0; i < n; i++)
			fprintf(opts->out, "%s: %s -> vfio-pci\n", devs[i].name,
			    devs[i].driver[0] ? devs[i].driver : "no driver");
		if (!opts->dry_run)
			fprintf(opts->out, "IOMMU group %d is viable: "
			    "/dev/vfio/%d\n", g->number, g->number);
	}
	free(devs);
	return r;
}

/* Gives one device back, journal or not, and says how it went. */
static int
release(struct binder *b, const char *name)
{
	struct journal_entry	 e;
	const struct journal_entry *ep = NULL;
	char			 now[64], why[512];
	int			 r;

	if ((r = journal_read(b->opts->journal_dir, name, &e, why,
	    sizeof why)) == 0)
		ep = &e;
	else if (r != -ENOENT)
		fprintf(b->opts->err, "vfiotui: %s: cannot read its journal entry: "
		    "%s; letting any driver probe it\n", name, why);
	r = give_back(b, name, ep);
	if (r == 0) {
		if (!b->opts->dry_run && ep != NULL)
			journal_remove(b->opts->journal_dir, name);
		if (current_driver(b, name, now, sizeof now) < 0)
			now[0] = '\0';
		fprintf(b->opts->out, "%s: vfio-pci -> %s\n", name,
		    b->opts->dry_run ? (ep && ep->driver[0] ? ep->driver :
		    "(whatever probes it)") : now[0] ? now : "no driver");
		return 0;
	}
	if (current_driver(b, name, now, sizeof now) < 0)
		snprintf(now, sizeof now, "(gone)");
	if (r == -ENODEV && ep != NULL)
		fprintf(b->opts->err, "vfiotui: %s: %s did not take it back; it is on "
		    "%s%s\n", name, ep->driver, now[0] ? now : "no driver",
		    ep ? "; 'vfiotui restore' tries again" : "");
	else
		explain_failure(b, name, "giving it back", r);
	return r;
}

/* Whether vfio-pci holds D, or is set to take it. */
static int
on_vfio(const struct pci_dev_info *d)
{
	return strcmp(d->driver, VFIO_DRIVER) == 0 ||
	    strcmp(d->driver_override, VFIO_DRIVER) == 0;
}

int
unbind_group(struct host *host, const struct pci_addr *addr,
    const struct bind_opts *opts)
{
	struct binder			 b = { .host = host, .opts = opts };
	const struct iommu_group	*g;
	char				(*names)[PCI_ADDR_LEN];
	size_t				 n = 0, i;
	int				 failed = 0;

	if ((g = group_for(&b, addr, "unbind")) == NULL)
		return EXIT_FAILED;
	if (!opts->force && group_in_use(&b, g, "unbind")) {
		fprintf(opts->err, "vfiotui: unbind: IOMMU group %d left as it "
		    "is (stop the guest first, or --force)\n", g->number);
		return EXIT_FAILED;
	}
	/* Names, not pointers: a release may reorder the model. */
	if ((names = calloc(g->count, sizeof *names)) == NULL)
		return EXIT_FAILED;
	for (i = g->first; i < g->first + g->count; i++)
		if (!pci_dev_is_bridge(&host->devs[i]) &&
		    on_vfio(&host->devs[i]))
			memcpy(names[n++], host->devs[i].name, sizeof names[0]);
	if (n == 0)
		fprintf(opts->out, "IOMMU group %d: no device is on vfio-pci\n",
		    g->number);
	for (i = 0; i < n; i++)
		failed += release(&b, names[i]) < 0;
	for (i = 0; i < n && !opts->dry_run; i++)
		host_update_device(host, names[i]);
	free(names);
	return failed ? EXIT_FAILED : EXIT_OK;
}

int
bind_restore(struct host *host, const struct bind_opts *opts)
{
	struct binder		 b = { .host = host, .opts = opts };
	struct journal_entry	*list;
	struct pci_addr		 addr;
	size_t			 n, i;
	char			 why[512];
	int			 failed = 0;

	if (journal_list(opts->journal_dir, &list, &n, why, sizeof why) < 0) {
		fprintf(opts->err, "vfiotui: restore: cannot read the journal in "
		    "%s: %s\n", opts->journal_dir, why);
		return EXIT_FAILED;
	}
	if (why[0] != '\0') {
		fprintf(opts->err, "vfiotui: restore: %s\n", why);
		failed++;
	}
	if (n == 0)
		fprintf(opts->out, "nothing to restore: the journal in %s is "
		    "empty\n", opts->journal_dir);
	for (i = 0; i < n; i++) {
		if (pci_addr_parse(list[i].name, &addr) == 0 &&
		    host_find(host, &addr) == -1) {
			fprintf(opts->err, "vfiotui: restore: %s is not on the bus "
			    "(removed?); its journal entry is kept\n",
			    list[i].name);
			failed++;
			continue;
		}
		failed += release(&b, list[i].name) < 0;
	}
	free(list);
	return failed ? EXIT_FAILED : EXIT_OK;
}
