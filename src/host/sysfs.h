/*
 * The movable sysfs root: every read of the system goes through a struct
 * sysfs, so tests point vfiotui at a fixture tree with --sysfs DIR.  What
 * it holds is src/host/sysfs.c's alone: callers open, read and ask through
 * the functions below, and pass the handle on.
 */
#ifndef VFIOTUI_SYSFS_H
#define VFIOTUI_SYSFS_H

#include <dirent.h>
#include <stddef.h>

struct sysfs;

/* Opens root; on failure returns NULL and writes why into err. */
struct sysfs	*sysfs_open(const char *root, char *err, size_t errlen);
void		 sysfs_close(struct sysfs *);
/* The root's path, for messages and for libpci, which takes a path. */
const char	*sysfs_root(const struct sysfs *);
/*
 * Whether the root is the kernel's own /sys, not a fixture tree
 * (--sysfs): only there do uevents come and modules load, and only there
 * does a write need root.
 */
int		 sysfs_is_live(const struct sysfs *);
/* The same of a root not opened yet: what --sysfs named, or "/sys". */
int		 sysfs_root_is_live(const char *root);

/*
 * Paths below the root: REL is relative to it ("bus/pci/devices"), and
 * one that starts with '/' or has a ".." component is refused (-EINVAL,
 * or EINVAL in errno), so that no name a caller puts in it walks out of
 * the tree.
 */
/* openat(2) of REL with FLAGS, O_CLOEXEC always: a descriptor or -errno. */
int	 sysfs_openat(const struct sysfs *, const char *rel, int flags);
/* The directory REL, for readdir(); NULL with errno set on failure. */
DIR	*sysfs_opendir(const struct sysfs *, const char *rel);
/* Whether something is at REL (a link is followed). */
int	 sysfs_exists(const struct sysfs *, const char *rel);
/* The target of the symlink REL, NUL-terminated: its length, or -errno. */
int	 sysfs_readlink(const struct sysfs *, const char *rel, char *buf,
	    size_t len);
/* sysfs_read_attr() and sysfs_write_attr() of REL. */
int	 sysfs_read(const struct sysfs *, const char *rel, char *buf,
	    size_t len);
int	 sysfs_write(const struct sysfs *, const char *rel, const char *value);

/*
 * Reads attribute NAME of the directory DIRFD into buf, without the
 * trailing newline.  Returns the length, or -errno.  Refuses a NAME whose
 * last component is "config": reading a device's config space wakes a
 * runtime-suspended GPU.
 */
int	sysfs_read_attr(int dirfd, const char *name, char *buf, size_t len);
/* Writes VALUE to attribute NAME of DIRFD in one write(); 0 or -errno. */
int	sysfs_write_attr(int dirfd, const char *name, const char *value);
/* Reads a hexadecimal attribute such as "0x10de"; -errno on failure. */
int	sysfs_read_hex(int dirfd, const char *name, unsigned long *val);
/* The value of such an attribute's text S; 0, or -EINVAL. */
int	sysfs_parse_hex(const char *s, unsigned long *val);
/*
 * The number that names a numbered thing, as the last component of a
 * link to kernel/iommu_groups/N: N, or -1 when S is no such number.
 */
int	sysfs_parse_index(const char *s);
/* The last component of the symlink NAME under DIRFD, or -errno. */
int	sysfs_read_link_base(int dirfd, const char *name, char *buf,
	    size_t len);
/* The same of the symlink REL below the root. */
int	sysfs_link_base(const struct sysfs *, const char *rel, char *buf,
	    size_t len);

#endif
