/*
 * fakesysfs: the two halves of the preload.  fakesysfs.c catches write(2)
 * and the opens; fakesysfs_kernel.c answers, as the kernel would, the
 * writes to the files it plays the kernel for.  The object is built with
 * -fvisibility=hidden, so nothing here is seen outside it.
 */
#ifndef FAKESYSFS_H
#define FAKESYSFS_H

#include <sys/types.h>

#include <limits.h>
#include <stddef.h>

#define FS_VALUE_MAX	256

/* One handled write: where it went and what it said. */
struct fs_req {
	char	 root[PATH_MAX];	/* FAKESYSFS_ROOT, resolved */
	char	 rel[PATH_MAX];		/* the file, relative to root */
	char	 addr[FS_VALUE_MAX];	/* device the write is about */
	char	 drv[FS_VALUE_MAX];	/* NAME of drivers/NAME/[un]bind */
	char	 value[FS_VALUE_MAX];	/* less one trailing newline */
};

/* libc's write, past this object: for the files fakesysfs keeps itself. */
ssize_t	fs_real_write(int fd, const void *buf, size_t len);

int	fs_is_override(struct fs_req *rq, const char *rel);
int	fs_match(struct fs_req *rq, const char *rel);
int	fs_kernel_write(const struct fs_req *rq, int kind, int fd, size_t len);

#endif
