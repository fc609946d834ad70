/*
 * The IOMMU pane's state, shared by the file that draws it (pane_iommu.c)
 * and the one that asks and acts for it (iommu_ask.c).
 */
#ifndef VFIOTUI_IOMMU_PANE_H
#define VFIOTUI_IOMMU_PANE_H

#include <stddef.h>

#include "keys.h"
#include "listview.h"
#include "pane.h"
#include "pci.h"
#include "reset.h"

struct host;
struct pcinames;
struct ui;
struct userconf;

/* A row of the list: a group's heading (DEV -1) or a device. */
struct iommu_row {
	long	dev;		/* index into host->devs, or -1 */
	long	group;		/* index into host->groups; -1: no group */
};

#define MAX_FLASHES	64
#define MAX_MARKS	32

/* A device that changed a moment ago, marked until UNTIL. */
struct flash {
	struct pci_addr	addr;
	long long	until;
};

struct iommu_pane {
	struct pane_ctx	 ctx;		/* ctx.conf hides devices */
	size_t		 cursor;	/* index into host->devs */
	struct pci_addr	 cursor_addr;	/* what it points at, across changes */
	char		 filter[64];	/* "": every device */
	struct iommu_row *rows;		/* what is shown, from build_rows() */
	size_t		 nrows;
	size_t		 nshown;	/* devices among the rows */
	struct listview	 lv;		/* over the rows, at the last draw */
	int		 marks[MAX_MARKS];	/* group numbers Space marked */
	size_t		 nmarks;
	struct flash	 flashes[MAX_FLASHES];
	size_t		 nflashes;
	/* The groups b's plan asks about (bind_ask.c), and its words. */
	struct {
		struct pci_addr	addr;		/* a device of the group */
		int		refused;	/* by the bind backend */
		/* its unbind may hang the host */
		int		hangs;
	}		 plan[MAX_MARKS];
	size_t		 nplan;
	char		 plan_text[4096];
	char		 plan_risks[1024];	/* what forcing it risks */
	char		 plan_hangs[512];	/* the reset traps that hang */
	struct pci_addr	 pending;	/* the device a dialog asks about */
	char		 pending_value[8];
	struct reset_advice reset;	/* of device RESET_OF; -1: none */
	long		 reset_of;
};

/* Builds the rows again (hidden devices, the filter); -1: no memory. */
int	iommu_build_rows(struct iommu_pane *);
/* Whether device I is shown (neither hidden nor filtered out). */
int	iommu_dev_shown(const struct iommu_pane *, size_t i);
/* The row the cursor's device is on. */
size_t	iommu_row_of_cursor(const struct iommu_pane *);
/* Up, Down, pages, Home and End over the devices shown; 1 if it was one. */
int	iommu_move(struct iommu_pane *, enum ui_action, size_t page);
/* n (DIR 1) and N (-1): the next device the filter matches. */
void	iommu_find(struct iommu_pane *, int dir);
/* '/': asks for the filter; Esc clears it. */
void	iommu_ask_filter(struct iommu_pane *);
void	iommu_clear_filter(struct iommu_pane *);
/* p: ask, then set power/control of the selected device. */
void	iommu_ask_power_control(struct iommu_pane *);
/*
 * b and u: ask, then give the marked groups, or else the selected
 * device's group, to vfio-pci or back.
 */
void	iommu_ask_binding(struct iommu_pane *, int bind);
/*
 * bind_ask.c: b's plan for the groups of the N devices ADDRS, shown
 * before y (or F, forced) binds them.
 */
void	iommu_ask_bind_plan(struct iommu_pane *, const struct pci_addr *addrs,
	    size_t n);
/* Space: marks the selected device's group, or unmarks it. */
void	iommu_toggle_mark(struct iommu_pane *);
/* Whether group number N is marked. */
int	iommu_is_marked(const struct iommu_pane *, int n);

#endif
