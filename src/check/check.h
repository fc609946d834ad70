/*
 * Preflight checks: what must hold on the host before a guest can have a
 * GPU (CPU virtualization, /dev/kvm, the IOMMU, the vfio modules, the
 * GPU's group, driver, power and reset, /dev/vfio access, memlock, OVMF,
 * kvm's ignore_msrs).  Each says ok, warn or fail, why, and what to do.
 * Read only: everything comes from the host model, the sysfs and proc
 * roots, and a files root that stands for / (/dev, /usr/share).
 */
#ifndef VFIOTUI_CHECK_H
#define VFIOTUI_CHECK_H

#include <stddef.h>

struct host;
struct pci_addr;
struct pci_dev_info;
struct pcinames;
struct profile;

enum check_level {
	CHECK_OK,
	CHECK_WARN,
	CHECK_FAIL,
	CHECK_SKIP,	/* its facts would be this machine's, not the tree's */
};
#define CHECK_LEVELS	4

struct check {
	char			name[96];	/* "IOMMU groups", "01:00.0 reset" */
	enum check_level	level;
	char			why[320];
	char			fix[320];	/* "" when nothing is to be done */
};

struct check_list {
	struct check	*v;
	size_t		 n;
	size_t		 cap;
	int		 oom;	/* a check was dropped for want of memory */
};

struct check_env {
	const struct host	*host;		/* PCI_INFO_ALL */
	const char		*proc_root;	/* "/proc" */
	const char		*files_root;	/* prefix for /dev, /usr/share: "" */
	const struct pci_addr	*gpu;		/* NULL: every GPU not boot_vga */
	struct pcinames		*names;		/* laptop GPUs by name; or NULL */
	unsigned long		 guest_mib;	/* the largest guest; 0: none */
	const char		*guest_name;	/* that guest */
};

/*
 * Runs every check into LIST (emptied first).  Returns 0, or -1 when
 * memory ran out, with what was checked so far in LIST.
 */
int	check_run(const struct check_env *, struct check_list *);
void	check_list_free(struct check_list *);
/* Whether some check failed. */
int	check_list_failed(const struct check_list *);
/* "ok", "warn", "fail", "skip". */
const char	*check_level_word(enum check_level);

/* For check.c and check_gpu.c: adds one check (NULL when out of memory). */
struct check	*check_add(struct check_list *, const char *name,
		    enum check_level, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
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
/*
 * The Code 43 checklist of every guest profile, each item named after
 * its guest (check_guest.c).
 */
void	check_all_guests(const struct check_env *, struct check_list *);
/*
 * Guest NAME's Code 43 checklist and the memlock limit against its
 * memory, into LIST (emptied first), for `check GUEST` and the Guests
 * pane.  0, or -1 with ERR when the profile cannot be read.
 */
int	check_guest_profile(const struct check_env *, const char *name,
	    struct check_list *, char *err, size_t errlen);
/*
 * Sets env->guest_mib and env->guest_name (written into NAME) to the
 * largest guest among the profiles, if any.
 */
void	check_largest_guest(struct check_env *, char *name, size_t len);
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
