/*
 * What the draft chooses, part by part, apart from writing it: the GPU,
 * memory, vCPUs and network decided once here, for the profile
 * guest_draft.c writes and for the form of the Guests pane, which shows
 * each choice and why before anything is written; and guest new's
 * options, read the same way for both.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_parts.h"
#include "cpulist.h"
#include "cputopo.h"
#include "guest_disk.h"
#include "guest_draft.h"
#include "guest_draft_int.h"
#include "host.h"
#include "netcfg.h"
#include "pcinames.h"
#include "pin.h"
#include "profile.h"
#include "proctext.h"

#define MEMINFO_MAX	(64 * 1024)
#define DEFAULT_MIB	(8UL * 1024)

const char *const guest_draft_options[GUEST_DRAFT_NPARTS] = {
	[GUEST_DRAFT_GPU] = "--gpu",
	[GUEST_DRAFT_ISO] = "--iso",
	[GUEST_DRAFT_DISK] = "--disk",
	[GUEST_DRAFT_MEMORY] = "--memory",
	[GUEST_DRAFT_CPUS] = "--cpus",
	[GUEST_DRAFT_NETWORK] = "--network",
};

static int
is_gpu(const struct pci_dev_info *d)
{
	return d->class >> 16 == 0x03;
}

int
draft_pick_gpu(const struct check_env *env, const struct guest_draft *dr,
    struct draft_gpu *g, char *err, size_t errlen)
{
	const struct host	*host = env->host;
	struct pci_addr		 addr;
	long			 i = -1;
	size_t			 k;

	if (dr->gpu != NULL) {
		if (pci_addr_parse(dr->gpu, &addr) == -1 ||
		    (i = host_find(host, &addr)) == -1) {
			snprintf(err, errlen, "--gpu %s: no such device here "
			    "(vfiotui list shows them)", dr->gpu);
			return -1;
		}
		if (!is_gpu(&host->devs[i])) {
			snprintf(err, errlen, "--gpu %s: not a display "
			    "controller (class %06x)", dr->gpu,
			    host->devs[i].class);
			return -1;
		}
	} else
		for (k = 0; k < host->ndevs && i == -1; k++)
			if (is_gpu(&host->devs[k]) && host->devs[k].boot_vga !=
			    1)
				i = (long)k;
	if (i == -1) {
		snprintf(err, errlen, "no GPU to pass but the one the host "
		    "boots on: name one with --gpu BB:DD.F");
		return -1;
	}
	g->env = env;
	g->d = &host->devs[i];
	pci_addr_format_slot(&g->d->addr, host->with_domains, g->slot);
	if ((g->group = host_group_of(host, (size_t)i)) == NULL) {
		snprintf(err, errlen, "%s has no IOMMU group: VFIO cannot take "
		    "it (is the IOMMU on? vfiotui check says)", g->slot);
		return -1;
	}
	if (env->names == NULL || pcinames_device_plain(env->names, g->d,
	    g->name, sizeof g->name) == NULL)
		snprintf(g->name, sizeof g->name, "%04x:%04x", g->d->vendor,
		    g->d->device);
	g->mobile = check_gpu_mobile(env, g->d);
	return 0;
}

size_t
draft_gpu_functions(const struct draft_gpu *g)
{
	const struct host	*host = g->env->host;
	size_t			 j, n = 0;

	for (j = g->group->first; j < g->group->first + g->group->count; j++)
		n += !pci_dev_is_bridge(&host->devs[j]);
	return n;
}

/* The host's hugepages when it reserved some, else half its memory. */
void
draft_memory(const struct check_env *env, const struct guest_draft *dr,
    struct draft_memory *m)
{
	char	*meminfo;

	memset(m, 0, sizeof *m);
	if ((meminfo = check_read_proc(env, "meminfo", MEMINFO_MAX)) != NULL) {
		proctext_number(meminfo, "HugePages_Total:", &m->pages);
		proctext_number(meminfo, "Hugepagesize:", &m->page_kib);
		proctext_number(meminfo, "MemTotal:", &m->total_kib);
		free(meminfo);
	}
	m->huge = m->pages * m->page_kib >= 1024ULL * 1024;
	if ((m->mib = dr->memory_mib) != 0)
		return;
	if (m->huge)
		m->mib = (unsigned long)(m->pages * m->page_kib / 1024);
	else {
		m->mib = m->total_kib / 1024 / 2 / 1024 * 1024;
		if (m->mib > DEFAULT_MIB)
			m->mib = DEFAULT_MIB;
		if (m->mib < 1024)
			m->mib = 1024;
	}
}

void
draft_mib_text(unsigned long mib, char *buf, size_t len)
{
	if (mib % 1024 == 0)
		snprintf(buf, len, "%luG", mib / 1024);
	else
		snprintf(buf, len, "%luM", mib);
}

/* pin = auto's host CPUs for C's vCPUs on TOPO, as a list. */
static void
auto_plan(const struct cputopo *topo, struct draft_cpus *c)
{
	struct profile	*p;
	struct pin_plan	 plan;
	cpu_set_t	 set;
	char		 err[256], what[] = "guest new";
	size_t		 i;

	c->plan[0] = '\0';
	if ((p = calloc(1, sizeof *p)) == NULL)
		return;
	p->path = what;
	p->cpus = c->cpus;
	p->pin.line = 1;
	p->pin.automatic = 1;
	if (pin_plan_make(p, topo, &plan, err, sizeof err) == 1) {
		CPU_ZERO(&set);
		for (i = 0; i < plan.nvcpu; i++)
			CPU_SET(plan.vcpu[i], &set);
		cpulist_format(&set, c->plan, sizeof c->plan);
		pin_plan_free(&plan);
	}
	free(p);
}

/* vCPUs on whole cores of one cache group, the host's first core kept. */
void
draft_cpus(const struct check_env *env, const struct guest_draft *dr,
    struct draft_cpus *c)
{
	struct cputopo	topo;

	memset(c, 0, sizeof *c);
	if ((c->known = cputopo_read(env->host->sys, &topo, c->err,
	    sizeof c->err) == 0))
		c->room = pin_auto_room(&topo);
	c->cpus = dr->cpus;
	if (c->cpus == 0)
		c->cpus = c->room > 0 ? (unsigned int)c->room : 1;
	c->pinned = c->room > 0 && c->cpus <= (unsigned int)c->room;
	if (c->known) {
		if (c->pinned)
			auto_plan(&topo, c);
		cputopo_free(&topo);
	}
}

/* --network, else vfiotui's switch when its net.conf exists, else user. */
void
draft_network(const struct guest_draft *dr, struct draft_net *n)
{
	struct stat	st;
	char		err[256];
	int		conf;

	conf = netcfg_default_file(n->conf, sizeof n->conf, err,
	    sizeof err) == 0 && stat(n->conf, &st) == 0;
	if (!conf)
		snprintf(n->conf, sizeof n->conf, "net.conf");
	n->asked = dr->network != NULL;
	n->kind = n->asked ? dr->network : conf ? "vde" : "user";
}

/* "8G", "8192M", "8192": MiB, or 0 when S is none of them. */
static unsigned long
parse_mib(const char *s)
{
	unsigned long	 v;
	char		*end;

	v = strtoul(s, &end, 10);
	if (end == s || v == 0)
		return 0;
	if (strcmp(end, "G") == 0 && v <= 16384)
		return v * 1024;
	if ((strcmp(end, "M") == 0 || *end == '\0') && v <= 16384UL * 1024)
		return v;
	return 0;
}

static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if (iscntrl((unsigned char)*s))
			return 1;
	return 0;
}

int
guest_draft_set(struct guest_draft *dr, const char *opt, const char *value,
    char *err, size_t errlen)
{
	const char	**s;
	unsigned long	  n;
	char		 *end;

	s = strcmp(opt, "--gpu") == 0 ? &dr->gpu :
	    strcmp(opt, "--iso") == 0 ? &dr->iso :
	    strcmp(opt, "--disk") == 0 ? &dr->disk :
	    strcmp(opt, "--rom") == 0 ? &dr->rom :
	    strcmp(opt, "--network") == 0 ? &dr->network : NULL;
	if (s == NULL && strcmp(opt, "--memory") != 0 &&
	    strcmp(opt, "--cpus") != 0)
		return 1;
	if (value == NULL) {
		snprintf(err, errlen, "%s wants a value", opt);
		return -1;
	}
	if (s == &dr->network && strcmp(value, "vde") != 0 &&
	    strcmp(value, "user") != 0 && strcmp(value, "none") != 0) {
		snprintf(err, errlen, "--network wants vde, user or none, not "
		    "'%s'", value);
		return -1;
	}
	if (s != NULL && has_control(value)) {
		/* A profile's line ends at a newline: no word can hold one. */
		snprintf(err, errlen, "%s: '%s' has a control character (a "
		    "newline?), which no profile line can hold", opt, value);
		return -1;
	}
	if (s == &dr->disk && guest_disk_size_ok(value) &&
	    access(value, F_OK) == -1) {
		/* "64G", and no file of that name: a disk to make. */
		dr->disk = NULL;
		dr->disk_size = value;
	} else if (s != NULL) {
		*s = value;
		if (s == &dr->disk)
			dr->disk_size = NULL;
	} else if (opt[2] == 'm' && (dr->memory_mib = parse_mib(value)) == 0) {
		snprintf(err, errlen, "--memory wants e.g. 8G or 4096M, not "
		    "'%s'", value);
		return -1;
	} else if (opt[2] == 'c') {
		n = strtoul(value, &end, 10);
		if (value[0] < '0' || value[0] > '9' || n == 0 ||
		    *end != '\0' || n > 1024) {
			snprintf(err, errlen, "--cpus wants 1 to 1024, not "
			    "'%s'", value);
			return -1;
		}
		dr->cpus = (unsigned int)n;
	}
	return 0;
}

/* KIB as "16 GiB", "15.5 GiB" or "512 MiB". */
static void
size_text(unsigned long long kib, char *buf, size_t len)
{
	if (kib < 1024 * 1024)
		snprintf(buf, len, "%llu MiB", kib / 1024);
	else if (kib % (1024 * 1024) == 0)
		snprintf(buf, len, "%llu GiB", kib / (1024 * 1024));
	else
		snprintf(buf, len, "%.1f GiB", (double)kib / (1024 * 1024));
}

static void
choose_gpu(const struct check_env *env, const struct guest_draft *dr,
    struct guest_draft_choice *c)
{
	struct draft_gpu	g;
	size_t			n;

	if (draft_pick_gpu(env, dr, &g, c->why, sizeof c->why) == -1) {
		c->value[0] = '\0';
		return;
	}
	pci_addr_format(&g.d->addr, c->value);
	n = draft_gpu_functions(&g);
	snprintf(c->why, sizeof c->why, "%s: IOMMU group %d, %zu "
	    "function%s%s; %s", dr->gpu != NULL ? "as given" :
	    "not the host's boot GPU", g.d->iommu_group, n, n == 1 ? "" : "s",
	    g.mobile ? ", laptop sub-ids" : "", g.name);
}

static void
choose_memory(const struct check_env *env, const struct guest_draft *dr,
    struct guest_draft_choice *c)
{
	struct draft_memory	m;
	char			total[32], huge[32];

	draft_memory(env, dr, &m);
	draft_mib_text(m.mib, c->value, sizeof c->value);
	size_text(m.total_kib, total, sizeof total);
	size_text(m.pages * m.page_kib, huge, sizeof huge);
	if (dr->memory_mib != 0 && m.huge)
		snprintf(c->why, sizeof c->why, "as given; from the %s of "
		    "hugepages the host reserved", huge);
	else if (dr->memory_mib != 0)
		snprintf(c->why, sizeof c->why, "as given; the host has %s, "
		    "no hugepages reserved", total);
	else if (m.huge)
		snprintf(c->why, sizeof c->why, "all the %s of hugepages the "
		    "host reserved (hugepages = yes)", huge);
	else
		snprintf(c->why, sizeof c->why, "half of the host's %s, at "
		    "most 8 GiB; no hugepages reserved", total);
}

static void
choose_cpus(const struct check_env *env, const struct guest_draft *dr,
    struct guest_draft_choice *c)
{
	struct draft_cpus	p;

	draft_cpus(env, dr, &p);
	snprintf(c->value, sizeof c->value, "%u", p.cpus);
	if (p.pinned)
		snprintf(c->why, sizeof c->why, "pinned to CPUs %s (pin = "
		    "auto): whole cores, the host keeps its first", p.plan);
	else
		snprintf(c->why, sizeof c->why, "not pinned: %s", !p.known ?
		    p.err : p.room == 0 ? "one core, nothing to pin apart" :
		    "more than one cache group has beside the host's core");
}

static void
choose_network(const struct guest_draft *dr, struct guest_draft_choice *c)
{
	struct draft_net	n;

	draft_network(dr, &n);
	snprintf(c->value, sizeof c->value, "%s", n.kind);
	if (strcmp(n.kind, "none") == 0)
		snprintf(c->why, sizeof c->why, "as given: no NIC");
	else if (strcmp(n.kind, "vde") == 0)
		snprintf(c->why, sizeof c->why, "vfiotui's VDE switch%s "
		    "(vfiotui net start)", n.asked ? ", as given" : ", as "
		    "its net.conf says");
	else
		snprintf(c->why, sizeof c->why, "QEMU's user network (NAT)%s",
		    n.asked ? ", as given" : ": no net.conf for vfiotui's "
		    "switch");
}

/* A file the user names, or none: what it becomes in the guest. */
static void
choose_file(const char *path, const char *what, const char *none,
    struct guest_draft_choice *c)
{
	snprintf(c->value, sizeof c->value, "%s", path != NULL ? path : "");
	if (path == NULL)
		snprintf(c->why, sizeof c->why, "%s", none);
	else
		snprintf(c->why, sizeof c->why, "%s%s", what,
		    access(path, F_OK) == 0 ? "" : " (no such file yet)");
}

void
guest_draft_choose(const struct check_env *env, const struct guest_draft *dr,
    struct guest_draft_choice out[GUEST_DRAFT_NPARTS])
{
	choose_gpu(env, dr, &out[GUEST_DRAFT_GPU]);
	choose_file(dr->iso, "the installer, as a cdrom", "none: an "
	    "installer ISO, or a folder of drivers, as a cdrom",
	    &out[GUEST_DRAFT_ISO]);
	if (dr->disk_size != NULL) {
		snprintf(out[GUEST_DRAFT_DISK].value, sizeof out[0].value,
		    "%s", dr->disk_size);
		snprintf(out[GUEST_DRAFT_DISK].why, sizeof out[0].why, "a new "
		    "qcow2 disk of %s, made in vfiotui's data dir as %s.qcow2",
		    dr->disk_size, dr->name != NULL && dr->name[0] != '\0' ?
		    dr->name : "NAME");
	} else
		choose_file(dr->disk, "the guest's disk, on virtio", "none "
		    "yet: a size (64G) makes a qcow2 disk; or an image's or a "
		    "device's path", &out[GUEST_DRAFT_DISK]);
	choose_memory(env, dr, &out[GUEST_DRAFT_MEMORY]);
	choose_cpus(env, dr, &out[GUEST_DRAFT_CPUS]);
	choose_network(dr, &out[GUEST_DRAFT_NETWORK]);
}
