/*
 * The host's CPUs as devices/system/cpu under the sysfs root tells them:
 * which are online, which are SMT siblings of one core, which share a
 * last-level cache (an L3: one CCX of a Ryzen, the whole die of most
 * Intel parts).  What a guest's vCPUs are pinned by (src/guest/pin.h).
 */
#ifndef VFIOTUI_CPUTOPO_H
#define VFIOTUI_CPUTOPO_H

#include <sched.h>
#include <stddef.h>

struct sysfs;

struct cputopo_cpu {
	int	cpu;
	int	core;		/* the lowest CPU of its core's SMT siblings */
	int	cache;		/* the lowest CPU sharing its L3 (or package) */
};

struct cputopo {
	struct cputopo_cpu	*v;		/* by CPU number, online ones */
	size_t			 n;
	cpu_set_t		 online;
	int			 has_l3;	/* else grouped by package */
};

/* Reads the topology: 0, or -1 with why in ERR (naming the file). */
int	cputopo_read(const struct sysfs *, struct cputopo *, char *err,
	    size_t errlen);
void	cputopo_free(struct cputopo *);

/* CPU's entry, or NULL when it is not online. */
const struct cputopo_cpu *cputopo_find(const struct cputopo *, int cpu);

#endif
