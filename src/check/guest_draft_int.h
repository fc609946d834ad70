/*
 * Between the draft's writer (guest_draft.c) and what tells its choices
 * without writing them (guest_draft_choice.c): the decisions each part
 * makes, so that the form of the Guests pane explains the very choice
 * the profile then holds.  Not for other modules.
 */
#ifndef VFIOTUI_GUEST_DRAFT_INT_H
#define VFIOTUI_GUEST_DRAFT_INT_H

#include <limits.h>
#include <stddef.h>

#include "pci.h"

struct check_env;
struct guest_draft;
struct iommu_group;

/* The GPU the draft passes. */
struct draft_gpu {
	const struct check_env		*env;
	const struct pci_dev_info	*d;
	const struct iommu_group	*group;
	char				 slot[PCI_ADDR_LEN];
	char				 name[256];
	int				 mobile;
};

/* The guest's memory, and what the host has. */
struct draft_memory {
	unsigned long		mib;
	int			huge;		/* hugepages = yes */
	unsigned long long	pages;		/* the host's hugepages */
	unsigned long long	page_kib;
	unsigned long long	total_kib;	/* MemTotal */
};

/* The vCPUs, and whether pin = auto takes them. */
struct draft_cpus {
	unsigned int	cpus;
	int		room;		/* vCPUs pin = auto has room for */
	int		known;		/* the topology was read */
	int		pinned;
	char		err[256];	/* why not, when not known */
	char		plan[256];	/* pin = auto's host CPUs */
};

/* The network, and the net.conf that chose it. */
struct draft_net {
	const char	*kind;		/* vde, user, none */
	int		 asked;		/* --network */
	char		 conf[PATH_MAX];
};

/* The GPU asked for, or the first one the host does not boot on. */
int	draft_pick_gpu(const struct check_env *, const struct guest_draft *,
	    struct draft_gpu *, char *err, size_t errlen);
/* How many of the GPU's group's functions pass (bridges stay). */
size_t	draft_gpu_functions(const struct draft_gpu *);
void	draft_memory(const struct check_env *, const struct guest_draft *,
	    struct draft_memory *);
/* MIB as a profile writes it: "8G", "1536M". */
void	draft_mib_text(unsigned long mib, char *buf, size_t len);
void	draft_cpus(const struct check_env *, const struct guest_draft *,
	    struct draft_cpus *);
void	draft_network(const struct guest_draft *, struct draft_net *);

#endif
