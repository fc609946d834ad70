/*
 * Only the lists sysfs gives are read (no cpuid, no /proc/cpuinfo): they
 * are what the kernel schedules by, and a fixture tree can carry them.
 * A CPU without a topology folder (some VMs) is a core of its own; one
 * without an L3 (no cache/indexN/level of 3) is grouped by its package.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"
#include "cputopo.h"
#include "sysfs.h"

#define CPU_DIR		"devices/system/cpu"
#define MAX_CACHES	10	/* cache/index0 .. index9 */

/* The lowest CPU of the list in REL, or DFLT when REL is not there. */
static int
first_of(const struct sysfs *sys, const char *rel, int dflt)
{
	char		buf[4096];
	cpu_set_t	set;
	int		first;

	if (sysfs_read(sys, rel, buf, sizeof buf) < 0 ||
	    cpulist_parse(buf, &set) == -1 || (first = cpulist_first(&set)) ==
	    -1)
		return dflt;
	return first;
}

/* CPU's L3 group: its cache/indexN of level 3; -1 when it has none. */
static int
l3_of(const struct sysfs *sys, int cpu)
{
	char	rel[128], level[16];
	int	i;

	for (i = 0; i < MAX_CACHES; i++) {
		snprintf(rel, sizeof rel, CPU_DIR "/cpu%d/cache/index%d/level",
		    cpu, i);
		if (sysfs_read(sys, rel, level, sizeof level) < 0)
			continue;
		if (strcmp(level, "3") != 0)
			continue;
		snprintf(rel, sizeof rel, CPU_DIR "/cpu%d/cache/index%d/"
		    "shared_cpu_list", cpu, i);
		return first_of(sys, rel, cpu);
	}
	return -1;
}

int
cputopo_read(const struct sysfs *sys, struct cputopo *t, char *err,
    size_t errlen)
{
	char			 buf[4096], rel[128];
	struct cputopo_cpu	*c;
	int			 cpu, l3;

	memset(t, 0, sizeof *t);
	if (sysfs_read(sys, CPU_DIR "/online", buf, sizeof buf) < 0 ||
	    cpulist_parse(buf, &t->online) == -1 ||
	    CPU_COUNT(&t->online) == 0) {
		snprintf(err, errlen, "%s/" CPU_DIR "/online: no list of the "
		    "online CPUs", sysfs_root(sys));
		return -1;
	}
	if ((t->v = calloc((size_t)CPU_COUNT(&t->online), sizeof *t->v)) ==
	    NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t->has_l3 = 1;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &t->online))
			continue;
		c = &t->v[t->n++];
		c->cpu = cpu;
		snprintf(rel, sizeof rel, CPU_DIR "/cpu%d/topology/"
		    "thread_siblings_list", cpu);
		c->core = first_of(sys, rel, cpu);
		if ((l3 = l3_of(sys, cpu)) == -1) {
			t->has_l3 = 0;
			snprintf(rel, sizeof rel, CPU_DIR "/cpu%d/topology/"
			    "core_siblings_list", cpu);
			l3 = first_of(sys, rel, t->v[0].cpu);
		}
		c->cache = l3;
	}
	return 0;
}

void
cputopo_free(struct cputopo *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

const struct cputopo_cpu *
cputopo_find(const struct cputopo *t, int cpu)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].cpu == cpu)
			return &t->v[i];
	return NULL;
}
