/*
 * What a running guest costs, as virt-top shows it: the CPU each vCPU
 * thread used (its ticks in /proc/PID/task/TID/stat, the threads from
 * QMP's query-cpus-fast), QEMU's resident memory, and the guest's disk
 * reads and writes (query-blockstats), as rates between two samples.
 * Nothing polls by itself: the caller samples (the Guests pane on its
 * tick while it is shown, guest status twice a second apart).
 */
#ifndef VFIOTUI_GUEST_FIGURES_H
#define VFIOTUI_GUEST_FIGURES_H

#include <sys/types.h>

#include <stddef.h>

struct guest_sampler;
struct qmp;

#define GUEST_FIGURES_VCPUS	64	/* the vCPUs shown */

struct guest_figures {
	size_t			nvcpu;
	double			vcpu_pct[GUEST_FIGURES_VCPUS];	/* of a CPU */
	unsigned long long	rss_kib;
	double			rd_bps, wr_bps;	/* the disks' bytes a second */
	int			rates;		/* two samples: rates hold */
	char			error[192];	/* what QEMU refused, why; "" */
};

typedef void	(*guest_figures_cb)(const struct guest_figures *, void *arg);

/*
 * A sampler of QEMU PID through Q (which must outlive it).  NULL when out
 * of memory.
 */
struct guest_sampler	*guest_sampler_new(struct qmp *, pid_t pid,
			    const char *proc_root, guest_figures_cb, void *arg);
/*
 * Takes a sample; CB hears the figures once QEMU answered, with its
 * refusal in their error (a refused vCPU query is asked again next time).
 */
void			 guest_sampler_sample(struct guest_sampler *);
/*
 * Frees S.  QEMU's answers are S's callbacks' until Q is freed (which
 * drops them) or closed (which answers them): free S after that.
 */
void			 guest_sampler_free(struct guest_sampler *);

#endif
