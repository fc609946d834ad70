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

#include <limits.h>
#include <stdio.h>

struct check_env;

struct guest_draft {
	const char	*name;
	const char	*gpu;		/* BB:DD.F; NULL: the first GPU that
					 * the host does not boot on */
	const char	*iso;		/* the installer; NULL: none */
	const char	*disk;		/* an image or device; NULL: none */
	const char	*disk_size;	/* --disk SIZE: a qcow2 disk of its
					 * own to make; NULL: none */
	const char	*rom;		/* the vBIOS; NULL: searched */
	unsigned long	 memory_mib;	/* 0: from the host */
	unsigned int	 cpus;		/* 0: from the host's cores */
	const char	*network;	/* vde, user, none; NULL: vde when
					 * net.conf exists, else user */
	int		 secure_boot;
};

/*
 * Sets the part of DR that guest new's option OPT (--gpu, --memory, ...)
 * names from VALUE, which DR then points to: 0; -1 with why in ERR
 * (VALUE NULL or not one OPT takes); 1 when OPT is none of them.
 */
int	guest_draft_set(struct guest_draft *, const char *opt,
	    const char *value, char *err, size_t errlen);

/* The parts the Guests pane's form shows, each an option of guest new. */
enum guest_draft_part {
	GUEST_DRAFT_GPU,
	GUEST_DRAFT_ISO,
	GUEST_DRAFT_DISK,
	GUEST_DRAFT_MEMORY,
	GUEST_DRAFT_CPUS,
	GUEST_DRAFT_NETWORK,
	GUEST_DRAFT_NPARTS
};

/* A part's option ("--gpu"), by enum guest_draft_part. */
extern const char *const	guest_draft_options[GUEST_DRAFT_NPARTS];

/* What the draft writes for a part, and why, in one short line. */
struct guest_draft_choice {
	char	value[PATH_MAX];	/* as its option takes it; "": none */
	char	why[512];
};

/*
 * What the profile DR asks for on ENV's machine would hold, part by part,
 * without writing it: a part DR names is taken as it is, the others as
 * guest new chooses them.  A GPU it cannot pick has its value "" and the
 * reason as its why.
 */
void	guest_draft_choose(const struct check_env *, const struct guest_draft *,
	    struct guest_draft_choice out[GUEST_DRAFT_NPARTS]);

/*
 * Writes the profile DRAFT asks for on ENV's machine to OUT.  0, or -1
 * with why in ERR (no such GPU, no OVMF, ...), OUT then partly written.
 */
int	guest_draft_write(const struct check_env *, const struct guest_draft *,
	    FILE *out, char *err, size_t errlen);

/*
 * The profile guest_draft_write() writes, in *TEXT (LEN bytes, the
 * caller frees it).  0, or -1 with why in ERR and *TEXT NULL.
 */
int	guest_draft_text(const struct check_env *, const struct guest_draft *,
	    char **text, size_t *len, char *err, size_t errlen);

/*
 * TEXT (LEN bytes) as DR's profile where guest start looks (the dir made
 * if missing; an existing profile kept unless FORCE), then read back as
 * guest start reads it; first the qcow2 disk DR asks to make, which is
 * removed again when the profile cannot be written.  0 with its path in
 * PATH, or -1 with why in ERR.
 */
int	guest_draft_save(const struct guest_draft *dr, const char *text,
	    size_t len, int force, char *path, size_t pathlen, char *err,
	    size_t errlen);

#endif
