/*
 * A cdrom made from a directory (drivers for the guest, as the reference
 * setup's gen-win-drivers-iso.sh did): the ISO is built with xorriso, or
 * genisoimage, and kept with a stamp of the tree it came from, so that it
 * is built again only when the tree changed.
 */
#ifndef VFIOTUI_ISOCACHE_H
#define VFIOTUI_ISOCACHE_H

#include <sys/types.h>

#include <limits.h>
#include <stddef.h>

/*
 * One build of the ISO of a tree: isocache_stale(), isocache_spawn(), then
 * isocache_commit() once the loop saw the builder exit (guest_prep.c).
 */
struct isocache_build {
	char	dir[PATH_MAX];		/* the tree */
	char	iso[PATH_MAX];		/* the cached image QEMU reads */
	char	tmp[PATH_MAX];		/* ISO.tmp.PID: what the tool writes */
	char	stamp_path[PATH_MAX];	/* ISO.stamp */
	char	stamp[PATH_MAX + 64];	/* of the tree, written last */
};

/*
 * Whether ISO is out of date for the tree under DIR: 1 (B then says how
 * to build it), 0 when the cached one is current, -1 with why in ERR.
 */
int	isocache_stale(const char *dir, const char *iso,
	    struct isocache_build *b, char *err, size_t errlen);

/*
 * Starts the tool that builds B (xorriso, or genisoimage where xorriso
 * is missing) as a child, without waiting; what it says (its progress,
 * its errors) comes up the pipe whose reading end is put in *OUT_FD.
 * Its pid, or -1 with why in ERR (naming DIR and what to install).
 */
pid_t	isocache_spawn(struct isocache_build *b, int *out_fd, char *err,
	    size_t errlen);

/*
 * After the tool exited with STATUS, having said SAID (its lines that
 * were not progress): puts the ISO in place, then its stamp.  0, or -1
 * with why in ERR (naming DIR, with the tool's line that says why); a
 * failed build leaves nothing behind.
 */
int	isocache_commit(struct isocache_build *b, int status,
	    const char *said, char *err, size_t errlen);

/* Removes what a build that was stopped midway wrote. */
void	isocache_abandon(struct isocache_build *b);

#endif
