/*
 * How a device can be reset between guests, from the kernel's
 * reset_method attribute (5.15 and later: flr, pm, bus, device_specific,
 * acpi, ...) and what is known to go wrong: AMD GPUs with the reset bug
 * (vendor-reset loaded or not), a bus reset that takes the other devices
 * on the bus with it, an Intel iGPU without FLR (unbinding it can hang
 * the host).  For show, the IOMMU pane's detail, the doctor and the bind
 * dialog.
 */
#ifndef VFIOTUI_RESET_H
#define VFIOTUI_RESET_H

#include <stddef.h>

struct host;

enum reset_level {
	RESET_FINE,
	RESET_WARN,
	RESET_BAD,
};

/* The known traps, which the bind dialog warns of before y. */
enum reset_trap {
	RESET_TRAP_NONE,
	RESET_TRAP_AMD_BUG,	/* dirty after a guest, no vendor-reset */
	RESET_TRAP_SHARED_BUS,	/* a bus reset takes others with it */
	RESET_TRAP_IGPU_HANG,	/* unbinding it can hang the host */
	RESET_TRAP_NO_RESET,	/* the kernel cannot reset it */
};

struct reset_advice {
	char		 methods[128];	/* as the kernel lists them; "?" */
	int		 alone;		/* resets without touching others */
	enum reset_level level;
	enum reset_trap	 trap;
	char		 why[320];	/* one line, with what to do */
};

/* The advice for host device I. */
void	reset_advise(const struct host *, size_t i, struct reset_advice *);
/*
 * "METHODS: WHY (a warning)": the words show, the IOMMU pane's detail and
 * the bind dialog give it in.  Returns BUF.
 */
const char *reset_advice_line(const struct reset_advice *, char *buf,
	    size_t len);

#endif
