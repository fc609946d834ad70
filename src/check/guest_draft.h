/*
 * A guest profile drafted from the machine, for vfiotui guest new: the
 * GPU's IOMMU group in one slot with the laptop's subsystem ids, a vBIOS
 * found where ROMs are kept and judged by the ROM parser, OVMF where
 * this distribution keeps it, the hidden hypervisor NVIDIA's driver
 * wants, memory and hugepages from what the host reserved, vCPUs pinned
 * to whole cores, and vfiotui's network.  Every choice is a comment in
 * the profile.  It lives beside the checks because it knows what they
 * know: the Code 43 checklist then judges what it wrote.
 */
#ifndef VFIOTUI_GUEST_DRAFT_H
#define VFIOTUI_GUEST_DRAFT_H

#include <stdio.h>

struct check_env;

struct guest_draft {
	const char	*name;
	const char	*gpu;		/* BB:DD.F; NULL: the first GPU that
					 * the host does not boot on */
	const char	*iso;		/* the installer; NULL: none */
	const char	*disk;		/* an image or device; NULL: none */
	const char	*rom;		/* the vBIOS; NULL: searched */
	unsigned long	 memory_mib;	/* 0: from the host */
	unsigned int	 cpus;		/* 0: from the host's cores */
	int		 secure_boot;
};

/*
 * Writes the profile DRAFT asks for on ENV's machine to OUT.  0, or -1
 * with why in ERR (no such GPU, no OVMF, ...), OUT then partly written.
 */
int	guest_draft_write(const struct check_env *, const struct guest_draft *,
	    FILE *out, char *err, size_t errlen);

/*
 * TEXT (LEN bytes) as guest NAME's profile where guest start looks (the
 * dir made if missing; an existing profile kept unless FORCE), then read
 * back as guest start reads it.  0 with its path in PATH, or -1 with why
 * in ERR.
 */
int	guest_draft_save(const char *name, const char *text, size_t len,
	    int force, char *path, size_t pathlen, char *err, size_t errlen);

#endif
