/*
 * What check.c and each check_*.c share: adding a check, the checks that
 * check_run() calls, and the facts they read.  Only src/check includes
 * this header (tests/layers.sh holds it to that); the rest of vfiotui
 * sees check.h.
 */
#ifndef VFIOTUI_CHECK_PARTS_H
#define VFIOTUI_CHECK_PARTS_H

#include "check.h"

struct pci_dev_info;
struct profile;

/* Adds one check to LIST (NULL when out of memory). */
struct check	*check_add(struct check_list *, const char *name,
		    enum check_level, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
/* Empties LIST, its memory and KEEP kept. */
void	check_clear_list(struct check_list *);
/* Sets the check's fix line. */
void	check_fix(struct check *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * The IOMMU's groups, command line and interrupt remapping
 * (check_iommu.c); CPU is 'i' or 'a', the maker the CPU flags name, used
 * where the kernel does not say whose IOMMU it found.
 */
void	check_iommu(const struct check_env *, struct check_list *, int cpu);
/* The GPU checks of device index I (check_gpu.c). */
void	check_gpu(const struct check_env *, size_t i, struct check_list *);
/*
 * The Code 43 checklist of PROFILE, for each NVIDIA GPU it passes
 * (check_guest.c).
 */
void	check_guest(const struct check_env *, const struct profile *,
	    struct check_list *);
/*
 * For a profile with hugepages: hugetlbfs mounted where it says, and a
 * pool that holds its memory (check_hugepages.c).
 */
void	check_hugepages(const struct check_env *, const struct profile *,
	    struct check_list *);
/*
 * A profile's pin line: its plan on this host, and the kernel's
 * isolcpus and nohz_full against it (check_pin.c).
 */
void	check_pinning(const struct check_env *, const struct profile *,
	    struct check_list *);
/* A profile's Looking Glass memory (check_lg.c). */
void	check_looking_glass(const struct check_env *, const struct profile *,
	    struct check_list *);
/* vfio, vfio_pci, vfio_iommu_type1 (check_modules.c). */
void	check_modules(const struct check_env *, struct check_list *);
/*
 * Reads PROC_ROOT/NAME (at most MAX bytes) into a string the caller
 * frees; NULL when it cannot.
 */
char	*check_read_proc(const struct check_env *, const char *name,
	    size_t max);
/* The memlock limit, against env->guest_mib when set. */
void	check_memlock(const struct check_env *, struct check_list *);
/*
 * Where a check's facts come from: the proc root (or this process), or
 * the files root that stands for /.
 */
enum check_source {
	CHECK_FROM_PROC,
	CHECK_FROM_FILES,
};
/*
 * With a sysfs root that is not the live /sys, a tree that stands for
 * another machine, the live /proc or / would describe this one: then the
 * check NAME is not run but added as skipped, saying that WHAT (a file,
 * "/proc/cmdline") is this machine's.  1 when skipped, else 0.
 */
int	check_skipped(const struct check_env *, struct check_list *,
	    const char *name, enum check_source, const char *what);
/*
 * A laptop GPU, whose vBIOS is in the laptop's firmware and whose driver
 * checks the subsystem ids: its name says so, or the host runs on a
 * battery (check_guest.c).
 */
int	check_gpu_mobile(const struct check_env *, const struct pci_dev_info *);
/* Whether PATH under the files root can be read and written by us. */
int	check_file_rw(const struct check_env *, const char *path);

#endif
