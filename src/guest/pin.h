/*
 * Where a guest's QEMU threads run: the plan a profile's pin line makes
 * on this host's CPUs (pin = auto: whole cores of one L3 group, the
 * host's first core left to it and to QEMU's other threads), and its
 * application to a running QEMU, each vCPU thread (QMP's
 * query-cpus-fast) on its CPU, every other thread on the emulator's.
 */
#ifndef VFIOTUI_PIN_H
#define VFIOTUI_PIN_H

#include <sys/types.h>

#include <sched.h>
#include <stddef.h>

struct cputopo;
struct profile;

struct pin_plan {
	int		*vcpu;		/* the host CPU of vCPU i */
	size_t		 nvcpu;
	cpu_set_t	 emulator;	/* QEMU's other threads */
};

/*
 * PROFILE's plan on TOPO in *PLAN: 1 (pin_plan_free() it), 0 when the
 * profile pins nothing, or -1 with why in ERR ("FILE:LINE: pin: ...").
 */
int	pin_plan_make(const struct profile *, const struct cputopo *,
	    struct pin_plan *, char *err, size_t errlen);
void	pin_plan_free(struct pin_plan *);

/*
 * How many vCPUs pin = auto can place on TOPO: the most CPUs of one group
 * beside the host's first core (0 on a one-core host).
 */
int	pin_auto_room(const struct cputopo *);

/* "vCPU 0 on CPU 4, 1 on 12; QEMU's other threads on CPU 0,8". */
void	pin_plan_describe(const struct pin_plan *, char *buf, size_t len);

/*
 * Puts QEMU PID's threads where PLAN says: TIDS[i] is vCPU i's thread
 * (N of them, as many as the plan's vCPUs), every other thread under
 * PROC_ROOT/PID/task goes on the emulator's CPUs.  0, or -1 with why in
 * ERR (what was pinned before the failure stays).
 */
int	pin_apply(const struct pin_plan *, pid_t pid, const pid_t *tids,
	    size_t n, const char *proc_root, char *err, size_t errlen);

#endif
