/*
 * Giving a device's whole IOMMU group to vfio-pci and back.  Every device
 * is journaled before it is touched; a step that fails rolls the group
 * back, or says exactly which device is left how and that `vfiotui
 * restore` repairs it.  Nothing here prints: each run fills a struct
 * bind_result, which the command line (bind_text.c, bind_json.c) and the
 * dashboard (ui/binding.c) word their own way.
 */
#ifndef VFIOTUI_BIND_H
#define VFIOTUI_BIND_H

#include <limits.h>
#include <stddef.h>

#include "pci.h"

#define BIND_DRIVER_LEN	64	/* as struct pci_dev_info's */
#define BIND_WHY_LEN	512	/* a journal's or a holder list's words */

struct host;
struct bind_progress;

struct bind_opts {
	int		 dry_run;	/* plan the writes, change nothing */
	int		 force;		/* past the refusals one may overrule */
	const char	*proc_root;	/* where to look for processes: /proc */
	const char	*journal_dir;
	/*
	 * Before each step of each device (never in a dry run): a sysfs
	 * write can block for seconds while a driver lets go, and the
	 * dashboard says meanwhile what it waits for.  NULL: nothing.
	 */
	void		(*on_step)(const struct bind_progress *, void *);
	void		*step_arg;
};

enum bind_op {
	BIND_OP_BIND,
	BIND_OP_UNBIND,
	BIND_OP_RESTORE
};

/* What stopped the whole run before it moved any device. */
enum bind_failure {
	BIND_FAIL_NONE,
	BIND_FAIL_NO_DEVICE,	/* no PCI device at the address */
	BIND_FAIL_NO_GROUP,	/* the device has no IOMMU group */
	BIND_FAIL_REFUSED,	/* devices' refusals, or the group's holders */
	BIND_FAIL_JOURNAL_DIR,	/* the journal directory is unusable: why */
	BIND_FAIL_JOURNAL_READ,	/* restore: the journal cannot be listed: why */
	BIND_FAIL_NO_VFIO,	/* vfio-pci not loaded, nor loadable: error */
	BIND_FAIL_NO_MEMORY
};

/* What became of one device. */
enum bind_outcome {
	BIND_DEV_UNTOUCHED,	/* the run stopped before it */
	BIND_DEV_REFUSED,	/* for the reasons in refusals */
	BIND_DEV_PLANNED,	/* dry run: driver_after would take it */
	BIND_DEV_MOVED,		/* on driver_after now, checked */
	BIND_DEV_PUT_BACK,	/* bind failed in the group: on driver_before */
	BIND_DEV_LEFT,		/* not put back: on driver_after, journaled */
	BIND_DEV_FAILED,	/* at step, with error; on driver_after */
	BIND_DEV_NOT_ON_BUS	/* restore: gone; its journal entry is kept */
};

/* The refusals --force overrules, as bits of bind_dev.refusals. */
#define BIND_REFUSE_BOOT_VGA	0x1	/* the host's console */
#define BIND_REFUSE_STORAGE	0x2	/* a controller the host may run on */
#define BIND_REFUSE_NETWORK	0x4
#define BIND_REFUSE_IN_USE	0x8	/* a process holds it: holders */

/*
 * What bind warns of but does, as bits of bind_dev.warnings, with or
 * without --force.  A USB controller is a warning, not a refusal: giving
 * one to a guest for its own keyboard and mouse is an everyday step of
 * passthrough, and losing the host's input is undone by giving it back,
 * where a storage controller taken from under mounted disks loses data.
 */
#define BIND_WARN_USB		0x1	/* the host's keyboard may be on it */

/* The step of taking or giving back a device that failed. */
enum bind_step {
	BIND_STEP_NONE,
	BIND_STEP_JOURNAL,	/* writing its journal entry */
	BIND_STEP_OVERRIDE,	/* writing driver_override */
	BIND_STEP_UNBIND,	/* its driver's unbind */
	BIND_STEP_PROBE,	/* drivers_probe */
	BIND_STEP_READ_DRIVER,	/* reading its driver link */
	BIND_STEP_VERIFY	/* the driver link names the wrong driver */
};

/* A step about to begin, for on_step. */
struct bind_progress {
	enum bind_op		 op;
	const struct bind_dev	*dev;
	size_t			 index, count;	/* DEV is INDEX+1 of COUNT */
	enum bind_step		 step;
	int			 giving_back;	/* to its driver: rolled back */
	const char		*driver;	/* UNBIND: the one letting go */
};

/* What the user can do about a device's failure. */
enum bind_hint {
	BIND_HINT_NONE,
	BIND_HINT_RUN_AS_ROOT,	/* it was refused to a user who is not root */
	BIND_HINT_RESTORE	/* `vfiotui restore` tries again */
};

struct bind_dev {
	char		 name[PCI_ADDR_LEN];
	char		 driver_before[BIND_DRIVER_LEN];	/* "": none */
	char		 override_before[BIND_DRIVER_LEN];
	/* Where the run left it; in a dry run, where it would ("": any). */
	char		 driver_after[BIND_DRIVER_LEN];
	int		 vanished;	/* off the bus since: no driver_after */
	int		 journaled;	/* its journal entry was read: */
	char		 driver_journaled[BIND_DRIVER_LEN];
	char		 journal_error[BIND_WHY_LEN];	/* or why not */
	enum bind_outcome outcome;
	unsigned int	 refusals;	/* BIND_REFUSE_* */
	char		 holders[BIND_WHY_LEN];		/* "Xorg (1234)" */
	unsigned int	 warnings;	/* BIND_WARN_* */
	enum bind_step	 step;		/* the step that failed, or NONE */
	int		 error;		/* its -errno */
	enum bind_hint	 hint;
};

/* One line of a dry run's plan, in the order the run would do them. */
enum bind_write_kind {
	BIND_WRITE_MODULE,	/* load path, a module */
	BIND_WRITE_JOURNAL,	/* journal dev's driver and override at path */
	BIND_WRITE_SYSFS	/* write value to the sysfs file path */
};

struct bind_write {
	enum bind_write_kind	 kind;
	size_t			 dev;	/* index in devs; not for a module */
	char			*path;
	char			 value[BIND_DRIVER_LEN];
};

struct bind_result {
	enum bind_op		 op;
	int			 dry_run;
	char			 address[PCI_ADDR_LEN];	/* "": restore */
	int			 group;		/* -1: none, or restore */
	char			 sysfs_root[PATH_MAX];
	char			 journal_dir[PATH_MAX];
	enum bind_failure	 failure;
	int			 error;		/* NO_VFIO: loading's -errno */
	char			 why[BIND_WHY_LEN];	/* JOURNAL_DIR, _READ */
	/* The processes that hold /dev/vfio/N open. */
	char			 group_holders[BIND_WHY_LEN];
	/* Restore: why a journal entry was not believed. */
	char			 warning[BIND_WHY_LEN];
	struct bind_dev		*devs;
	size_t			 ndevs;
	struct bind_write	*plan;		/* dry run */
	size_t			 nplan;
	int			 exit_status;	/* EXIT_* */
};

/*
 * Each fills RESULT (which the caller empties with bind_result_clear)
 * and returns its exit_status, an EXIT_* code.
 */
int	bind_group(struct host *, const struct pci_addr *,
	    const struct bind_opts *, struct bind_result *);
int	unbind_group(struct host *, const struct pci_addr *,
	    const struct bind_opts *, struct bind_result *);
/* Gives every journaled device back to its original driver. */
int	bind_restore(struct host *, const struct bind_opts *,
	    struct bind_result *);

/* bind_result.c: an empty result for OP, and what fills and empties it. */
void	bind_result_init(struct bind_result *, enum bind_op);
/* N zeroed devices as devs; 0, or -1 out of memory. */
int	bind_result_alloc_devs(struct bind_result *, size_t n);
/* A plan line at the end of plan, its path from FMT; 0, or -1 (ENOMEM). */
int	bind_result_add_write(struct bind_result *, enum bind_write_kind,
	    size_t dev, const char *value, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* Frees the devices and the plan the result holds. */
void	bind_result_clear(struct bind_result *);
/*
 * The risk of refusal or warning BIT in a few words ("a storage controller
 * the host may need"), which the command line and the dashboard both say.
 */
const char	*bind_refusal_words(unsigned int bit);
const char	*bind_warning_words(unsigned int bit);

#endif
