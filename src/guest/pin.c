/*
 * pin = auto follows the advice VFIO users trade (and libvirt's
 * <cputune> examples): the host keeps its first core, where most of its
 * interrupts and housekeeping land; the guest gets whole cores, SMT
 * siblings together, of one L3 group, so that its vCPUs share a cache
 * and not a core with the host; QEMU's other threads (the main loop, its
 * I/O) run on the host's core.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"
#include "cputopo.h"
#include "pin.h"
#include "profile.h"

/* The CPUs of cache group CACHE that the guest may have: whole cores. */
static void
group_free_cpus(const struct cputopo *t, int cache, int host_core,
    cpu_set_t *set)
{
	size_t	i;

	CPU_ZERO(set);
	for (i = 0; i < t->n; i++)
		if (t->v[i].cache == cache && t->v[i].core != host_core)
			CPU_SET(t->v[i].cpu, set);
}

/*
 * The group for NEED vCPUs: one with room, those without the host's core
 * first (its cache is the host's), then the smallest that fits (the
 * others stay whole for another guest).  -1 when none has room.
 */
static int
pick_group(const struct cputopo *t, size_t need, int host_core,
    int host_cache, int *largest)
{
	cpu_set_t	set, seen;
	size_t		i;
	int		best = -1, best_n = 0, n, cache;

	*largest = 0;
	CPU_ZERO(&seen);
	for (i = 0; i < t->n; i++) {
		cache = t->v[i].cache;
		if (CPU_ISSET(cache, &seen))
			continue;
		CPU_SET(cache, &seen);
		group_free_cpus(t, cache, host_core, &set);
		if ((n = CPU_COUNT(&set)) > *largest)
			*largest = n;
		if ((size_t)n < need)
			continue;
		if (best == -1 || (best == host_cache && cache != host_cache) ||
		    ((cache != host_cache) == (best != host_cache) &&
		    n < best_n)) {
			best = cache;
			best_n = n;
		}
	}
	return best;
}

/* NEED vCPUs on whole cores of GROUP, siblings one after the other. */
static void
fill_cores(const struct cputopo *t, const cpu_set_t *group, size_t need,
    struct pin_plan *plan)
{
	size_t	i, j;

	for (i = 0; i < t->n && plan->nvcpu < need; i++) {
		if (!CPU_ISSET(t->v[i].cpu, group) || t->v[i].core !=
		    t->v[i].cpu)
			continue;
		for (j = 0; j < t->n && plan->nvcpu < need; j++)
			if (t->v[j].core == t->v[i].cpu)
				plan->vcpu[plan->nvcpu++] = t->v[j].cpu;
	}
}

static int
plan_auto(const struct profile *p, const struct cputopo *t,
    struct pin_plan *plan, char *err, size_t errlen)
{
	const struct cputopo_cpu	*first = &t->v[0];
	cpu_set_t			 group;
	size_t				 i;
	int				 cache, largest;

	cache = pick_group(t, p->cpus, first->core, first->cache, &largest);
	if (cache == -1) {
		snprintf(err, errlen, "%s:%d: pin = auto: %u vCPUs, but no %s "
		    "has as many CPUs beside the host's first core (the most: "
		    "%d): lower cpus, or name the CPUs (pin = 2 3 ...)",
		    p->path, p->pin.line, p->cpus, t->has_l3 ? "L3 cache group"
		    : "CPU package", largest);
		return -1;
	}
	group_free_cpus(t, cache, first->core, &group);
	fill_cores(t, &group, p->cpus, plan);
	for (i = 0; i < t->n; i++)
		if (t->v[i].core == first->core)
			CPU_SET(t->v[i].cpu, &plan->emulator);
	return 0;
}

/* Every CPU named is online here, and there is one for each vCPU. */
static int
plan_given(const struct profile *p, const struct cputopo *t,
    struct pin_plan *plan, char *err, size_t errlen)
{
	size_t	i;

	if (p->pin.nvcpu != p->cpus) {
		snprintf(err, errlen, "%s:%d: pin: %zu host CPUs for %u vCPUs "
		    "(cpus =): one each", p->path, p->pin.line, p->pin.nvcpu,
		    p->cpus);
		return -1;
	}
	for (i = 0; i < p->pin.nvcpu; i++) {
		if (cputopo_find(t, p->pin.vcpu[i]) == NULL) {
			snprintf(err, errlen, "%s:%d: pin: CPU %d is not "
			    "online on this machine",
			    p->path, p->pin.line, p->pin.vcpu[i]);
			return -1;
		}
		plan->vcpu[plan->nvcpu++] = p->pin.vcpu[i];
	}
	/* Off the vCPUs' CPUs, where there are others. */
	plan->emulator = t->online;
	for (i = 0; i < plan->nvcpu; i++)
		CPU_CLR(plan->vcpu[i], &plan->emulator);
	if (CPU_COUNT(&plan->emulator) == 0)
		plan->emulator = t->online;
	return 0;
}

int
pin_plan_make(const struct profile *p, const struct cputopo *t,
    struct pin_plan *plan, char *err, size_t errlen)
{
	cpu_set_t	off;
	int		cpu;

	memset(plan, 0, sizeof *plan);
	if (p->pin.line == 0)
		return 0;
	if ((plan->vcpu = calloc(p->cpus, sizeof *plan->vcpu)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((p->pin.automatic ? plan_auto(p, t, plan, err, errlen) :
	    plan_given(p, t, plan, err, errlen)) == -1) {
		pin_plan_free(plan);
		return -1;
	}
	if (CPU_COUNT(&p->pin.emulator) == 0)
		return 1;
	CPU_AND(&off, &p->pin.emulator, &t->online);
	if (!CPU_EQUAL(&off, &p->pin.emulator)) {
		CPU_XOR(&off, &off, &p->pin.emulator);
		cpu = cpulist_first(&off);
		snprintf(err, errlen, "%s:%d: pin: emulator CPU %d is not "
		    "online on this machine", p->path, p->pin.line, cpu);
		pin_plan_free(plan);
		return -1;
	}
	plan->emulator = p->pin.emulator;
	return 1;
}

int
pin_auto_room(const struct cputopo *t)
{
	int	largest;

	pick_group(t, 0, t->v[0].core, t->v[0].cache, &largest);
	return largest;
}

void
pin_plan_free(struct pin_plan *plan)
{
	free(plan->vcpu);
	plan->vcpu = NULL;
	plan->nvcpu = 0;
}

void
pin_plan_describe(const struct pin_plan *plan, char *buf, size_t len)
{
	char	emu[256];
	size_t	i, at = 0;
	int	n;

	buf[0] = '\0';
	for (i = 0; i < plan->nvcpu && at < len; i++) {
		n = snprintf(buf + at, len - at, i == 0 ? "vCPU %zu on CPU %d" :
		    ", %zu on %d", i, plan->vcpu[i]);
		at += n < 0 ? len : (size_t)n;
	}
	cpulist_format(&plan->emulator, emu, sizeof emu);
	if (at < len)
		snprintf(buf + at, len - at, "; QEMU's other threads on CPU %s",
		    emu);
}

/* Whether TID is one of the vCPUs' threads. */
static int
is_vcpu(pid_t tid, const pid_t *tids, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (tids[i] == tid)
			return 1;
	return 0;
}

static int
set_affinity(pid_t tid, const cpu_set_t *set, const char *what, char *err,
    size_t errlen)
{
	char	list[256];

	if (sched_setaffinity(tid, sizeof *set, set) == 0 || errno == ESRCH)
		return 0;
	cpulist_format(set, list, sizeof list);
	snprintf(err, errlen, "pinning %s (thread %d) to CPU %s: %s", what,
	    (int)tid, list, strerror(errno));
	return -1;
}

int
pin_apply(const struct pin_plan *plan, pid_t pid, const pid_t *tids,
    size_t n, const char *proc_root, char *err, size_t errlen)
{
	struct dirent	*de;
	cpu_set_t	 one;
	char		 dir[4096];
	DIR		*d;
	size_t		 i;
	long		 tid;
	int		 r = 0;

	if (n != plan->nvcpu) {
		snprintf(err, errlen, "QEMU runs %zu vCPUs, the plan has %zu",
		    n, plan->nvcpu);
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/%d/task", proc_root, (int)pid);
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	/* The others first: a thread QEMU starts later inherits the main's. */
	while (r == 0 && (de = readdir(d)) != NULL) {
		if ((tid = strtol(de->d_name, NULL, 10)) <= 0 ||
		    is_vcpu((pid_t)tid, tids, n))
			continue;
		r = set_affinity((pid_t)tid, &plan->emulator, "a QEMU thread",
		    err, errlen);
	}
	closedir(d);
	for (i = 0; r == 0 && i < n; i++) {
		CPU_ZERO(&one);
		CPU_SET(plan->vcpu[i], &one);
		r = set_affinity(tids[i], &one, "a vCPU", err, errlen);
	}
	return r;
}
