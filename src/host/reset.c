/*
 * The AMD ids are the cards vendor-reset (github.com/gnif/vendor-reset)
 * supports, the ones whose reset bug VFIO users meet: Polaris 10/11/12,
 * Vega 10/20, Navi 10/12/14.  With it loaded, the kernel's reset_method
 * lists device_specific first.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "host.h"
#include "pci.h"
#include "reset.h"
#include "sysfs.h"

#define VENDOR_AMD	0x1002
#define VENDOR_INTEL	0x8086

static const unsigned short amd_reset_bug[] = {
	0x67c0, 0x67c1, 0x67c2, 0x67c4, 0x67c7, 0x67ca, 0x67cc, 0x67cf,
	0x67d0, 0x67df, 0x67e0, 0x67e1, 0x67e3, 0x67e7, 0x67e8, 0x67e9,
	0x67eb, 0x67ef, 0x67ff, 0x6980, 0x6981, 0x6985, 0x6986, 0x6987,
	0x6995, 0x6997, 0x699f, 0x6860, 0x6861, 0x6862, 0x6863, 0x6864,
	0x6867, 0x6868, 0x6869, 0x686a, 0x686b, 0x686c, 0x686d, 0x686e,
	0x687f, 0x66a0, 0x66a1, 0x66a2, 0x66a3, 0x66a4, 0x66a7, 0x66af,
	0x7310, 0x7312, 0x7318, 0x7319, 0x731a, 0x731b, 0x731e, 0x731f,
	0x7360, 0x7362, 0x7340, 0x7341, 0x7347, 0x734f,
};

static int
has_method(const char *methods, const char *want)
{
	char		 copy[128], *w, *save;

	snprintf(copy, sizeof copy, "%s", methods);
	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		if (strcmp(w, want) == 0)
			return 1;
	return 0;
}

static int
amd_bug(const struct pci_dev_info *d)
{
	size_t	i;

	if (d->vendor != VENDOR_AMD || d->class >> 16 != 0x03)
		return 0;
	for (i = 0; i < sizeof amd_reset_bug / sizeof amd_reset_bug[0]; i++)
		if (amd_reset_bug[i] == d->device)
			return 1;
	return 0;
}

/*
 * The devices a bus reset of D's parent bridge also resets: those on its
 * bus in other slots (D's own functions go with it anyway).  Their names
 * in LIST, how many.
 */
static int
bus_neighbours(const struct host *host, const struct pci_dev_info *d,
    char *list, size_t len)
{
	const struct pci_dev_info	*o;
	size_t				 i, at = 0;
	int				 n = 0;

	list[0] = '\0';
	for (i = 0; i < host->ndevs; i++) {
		o = &host->devs[i];
		if (strcmp(o->parent, d->parent) != 0 ||
		    o->addr.domain != d->addr.domain ||
		    o->addr.bus != d->addr.bus || o->addr.dev == d->addr.dev)
			continue;
		if (at < len)
			at += (size_t)snprintf(list + at, len - at, "%s%s",
			    n ? ", " : "", o->name);
		n++;
	}
	return n;
}

static void
advise(struct reset_advice *a, enum reset_level level, enum reset_trap trap,
    int alone, const char *why)
{
	a->level = level;
	a->trap = trap;
	a->alone = alone;
	snprintf(a->why, sizeof a->why, "%s", why);
}

void
reset_advise(const struct host *host, size_t i, struct reset_advice *a)
{
	const struct pci_dev_info	*d = &host->devs[i];
	char				 rel[96], others[192], why[320];
	int				 n;

	snprintf(rel, sizeof rel, "bus/pci/devices/%s/reset_method", d->name);
	if (sysfs_read(host->sys, rel, a->methods, sizeof a->methods) < 0)
		snprintf(a->methods, sizeof a->methods, "?");
	if (amd_bug(d) && !has_method(a->methods, "device_specific")) {
		advise(a, RESET_BAD, RESET_TRAP_AMD_BUG, 0,
		    sysfs_exists(host->sys, "module/vendor_reset") ?
		    "an AMD card with the reset bug: "
		    "vendor-reset is loaded, but not this card's reset "
		    "(echo device_specific > reset_method)" : "an AMD card "
		    "with the reset bug: after a guest it stays dirty until "
		    "the host reboots; load vendor-reset");
		return;
	}
	if (amd_bug(d)) {
		advise(a, RESET_FINE, RESET_TRAP_NONE, 1, "vendor-reset "
		    "resets it (device_specific)");
		return;
	}
	if (strcmp(a->methods, "?") == 0) {
		advise(a, RESET_WARN, RESET_TRAP_NONE, 0, "no reset_method "
		    "(a kernel before 5.15): how it resets is unknown");
		return;
	}
	if (has_method(a->methods, "flr") ||
	    has_method(a->methods, "device_specific")) {
		advise(a, RESET_FINE, RESET_TRAP_NONE, 1,
		    has_method(a->methods, "flr") ? "FLR: it resets alone" :
		    "its driver's own reset");
		return;
	}
	if (d->vendor == VENDOR_INTEL && d->class >> 16 == 0x03) {
		advise(a, RESET_WARN, RESET_TRAP_IGPU_HANG, 0, "an Intel "
		    "iGPU without FLR: taking it from i915 can hang the host; "
		    "leave it to the host (or use GVT-g)");
		return;
	}
	if (has_method(a->methods, "bus") && d->parent[0] != '\0') {
		if ((n = bus_neighbours(host, d, others, sizeof others)) == 0) {
			advise(a, RESET_FINE, RESET_TRAP_NONE, 1, "a bus "
			    "reset, and nothing else is on its bus");
			return;
		}
		snprintf(why, sizeof why, "only a bus reset, which resets "
		    "%s too (%d more on its bus)", others, n);
		advise(a, RESET_WARN, RESET_TRAP_SHARED_BUS, 0, why);
		return;
	}
	if (has_method(a->methods, "pm")) {
		advise(a, RESET_WARN, RESET_TRAP_NONE, 0, "pm only: a D3hot "
		    "round trip, which many GPUs ignore (No_Soft_Reset)");
		return;
	}
	advise(a, RESET_BAD, RESET_TRAP_NO_RESET, 0, a->methods[0] == '\0' ?
	    "it cannot be reset: a guest that restarts finds it as it left "
	    "it" : "no reset the kernel can do alone");
}

const char *
reset_advice_line(const struct reset_advice *a, char *buf, size_t len)
{
	snprintf(buf, len, "%s: %s%s", a->methods[0] ? a->methods : "none",
	    a->why, a->level == RESET_FINE ? "" : a->level == RESET_WARN ?
	    " (a warning)" : " (a problem)");
	return buf;
}
