/*
 * fixture_desc: the description mkfixture builds a tree from, one line a
 * device, read into devices whose parent bridges, buses and folders in the
 * tree are resolved and checked.  mkfixture exits on the first error, and
 * so does this: with the file and line that are wrong.
 */
#ifndef FIXTURE_DESC_H
#define FIXTURE_DESC_H

#include <stddef.h>
#include <stdint.h>

#define FX_NAME_LEN	64

struct fx_dev {
	uint32_t	 addr;		/* domain << 16 | bus << 8 | devfn */
	uint32_t	 parent_addr;
	int		 parent;	/* index into devs, -1: root bus */
	uint32_t	 class;
	uint16_t	 vendor, device, sub_vendor, sub_device;
	uint8_t		 rev;
	long		 group;		/* -1: no IOMMU group */
	char		 driver[FX_NAME_LEN];	/* "": unbound */
	char		 override[FX_NAME_LEN];	/* "": the kernel's "(null)" */
	char		 power_state[FX_NAME_LEN];
	char		 runtime_status[FX_NAME_LEN];
	char		 control[FX_NAME_LEN];
	char		 reset_method[FX_NAME_LEN];	/* "": none written */
	int		 d3cold_allowed;
	int		 boot_vga;
	unsigned int	 seen;		/* bit per field, to catch repeats */
	int		 line;
	char		*path;		/* relative to the tree root */
	int		 depth;		/* components in path */
	int		 state;		/* 0 new, 1 resolving, 2 done */
	int		 has_children;
	uint8_t		 secondary, subordinate;
};

/* Open-addressing map from a 32-bit key to an int; sized once, never grows. */
struct fx_map {
	uint32_t	*keys;
	int		*vals;
	size_t		 mask;
};

struct fx_desc {
	const char	*name;		/* the file, or "<stdin>" */
	struct fx_dev	*devs;
	size_t		 ndevs, capdevs;
	struct fx_map	 by_addr;
};

/* Reads NAME ("-": stdin) into desc; exits with a message if it is wrong. */
void	fx_desc_load(struct fx_desc *desc, const char *name);
void	fx_desc_free(struct fx_desc *desc);
/* The index of the device at addr in desc->devs, or -1. */
int	fx_desc_find(const struct fx_desc *desc, uint32_t addr);
int	fx_dev_is_bridge(const struct fx_dev *d);
void	fx_format_addr(uint32_t addr, char buf[13]);

#endif
