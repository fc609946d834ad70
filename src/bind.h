/*
 * Giving a device's whole IOMMU group to vfio-pci and back.  Every device
 * is journaled before it is touched; a step that fails rolls the group
 * back, or says exactly which device is left how and that `vfiotui
 * restore` repairs it.
 */
#ifndef VFIOTUI_BIND_H
#define VFIOTUI_BIND_H

#include <stdio.h>

struct host;
struct pci_addr;

struct bind_opts {
	int		 dry_run;	/* print the writes, change nothing */
	int		 force;		/* past the refusals a user may overrule */
	const char	*proc_root;	/* where to look for processes: /proc */
	const char	*journal_dir;
	FILE		*out;		/* what was done, or would be */
	FILE		*err;		/* why not, and what state it left */
};

/*
 * Each returns an EXIT_* code and prints its errors, one line each naming
 * the device and its state, on opts->err.
 */
int	bind_group(struct host *, const struct pci_addr *,
	    const struct bind_opts *);
int	unbind_group(struct host *, const struct pci_addr *,
	    const struct bind_opts *);
/* Gives every journaled device back to its original driver. */
int	bind_restore(struct host *, const struct bind_opts *);

#endif
