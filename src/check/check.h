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
struct pcinames;

enum check_level {
	CHECK_OK,
	CHECK_WARN,
	CHECK_FAIL,
	CHECK_SKIP,	/* its facts would be this machine's, not the tree's */
};
#define CHECK_LEVELS	4

struct check {
	/* "IOMMU groups", "01:00.0 reset" */
	char			name[96];
	enum check_level	level;
	char			why[320];
	/* "" when nothing is to be done */
	char			fix[320];
};

struct check_list {
	struct check	*v;
	size_t		 n;
	size_t		 cap;
	int		 oom;	/* a check was dropped for want of memory */
	/*
	 * 0: every check is kept.  Else at most KEEP, the gravest: past them
	 * a check takes the place of the last of the least grave kept, if
	 * that is less grave, or is only counted.  The Checks pane keeps a
	 * screenful of rows where a host of 5000 devices has 6500 checks
	 * (5 MB).
	 */
	size_t		 keep;
	size_t		 count[CHECK_LEVELS];	/* every one, kept or not */
	const char	*prefix;	/* before each name: "win10: " */
};

struct check_env {
	const struct host	*host;		/* PCI_INFO_ALL */
	const char		*proc_root;	/* "/proc" */
	/* prefix for /dev, /usr/share: "" */
	const char		*files_root;
	/* NULL: every GPU not boot_vga */
	const struct pci_addr	*gpu;
	/* laptop GPUs by name; or NULL */
	struct pcinames		*names;
	unsigned long		 guest_mib;	/* the largest guest; 0: none */
	const char		*guest_name;	/* that guest */
};

/*
 * Runs every check into LIST (emptied first).  Returns 0, or -1 when
 * memory ran out, with what was checked so far in LIST.
 */
int	check_run(const struct check_env *, struct check_list *);
void	check_free_list(struct check_list *);
/* Whether some check failed. */
int	check_list_failed(const struct check_list *);
/* How grave: fail 3, warn 2, skip 1 (it says less than a warning), ok 0. */
int	check_gravity(enum check_level);
/* "ok", "warn", "fail", "skip". */
const char	*check_level_word(enum check_level);

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

#endif
