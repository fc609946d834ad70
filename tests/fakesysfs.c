/*
 * fakesysfs: an LD_PRELOAD object that plays the kernel's side of the PCI
 * sysfs files in a fixture tree made by mkfixture, so that vfiotui's
 * writes to bind, unbind, drivers_probe and driver_override change the
 * tree as the kernel would change /sys, and so that tests can make those
 * writes fail.  This file catches the calls; fakesysfs_kernel.c has the
 * kernel's rules and says which files it answers for.
 *
 *	gcc -std=c11 -Wall -Wextra -O2 -shared -fPIC -fvisibility=hidden \
 *	    -o fakesysfs.so tests/fakesysfs.c tests/fakesysfs_kernel.c \
 *	    tests/fixture_tree.c -ldl
 *	LD_PRELOAD=fakesysfs.so FAKESYSFS_ROOT=/abs/tree vfiotui ...
 *
 * Only write(2) called through the dynamic linker is seen: stdio and
 * shell builtins write from inside libc and are not.  A write the kernel
 * side does not answer for goes to the real write.
 *
 * open, open64, openat and openat64 are wrapped too, only to drop O_TRUNC
 * when a driver_override under the root is opened: sysfs ignores it, and
 * a refused write must leave the old value.
 *
 * Put this object before libumockdev-preload in LD_PRELOAD: umockdev
 * calls libc's write itself, so nothing after it sees the writes.  Under
 * ASan, run with ASAN_OPTIONS=verify_asan_link_order=0, as tests do.
 */
#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/types.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakesysfs.h"
#include "fixture_tree.h"

/* The calls this object stands in for, the only symbols it shows. */
#define FS_WRAPPER	__attribute__((visibility("default")))

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*open_fn)(const char *, int, ...);

/* Set while this thread is inside a wrapper: our own I/O goes straight. */
static _Thread_local int fs_busy;

/* The next definition of sym into *fn (a function pointer of fnsize). */
static void
fs_next(const char *sym, void *fn, size_t fnsize)
{
	void	*p;

	if ((p = dlsym(RTLD_NEXT, sym)) == NULL || fnsize != sizeof(p))
		abort();
	memcpy(fn, &p, fnsize);
}

ssize_t
fs_real_write(int fd, const void *buf, size_t len)
{
	static write_fn	fn;

	if (fn == NULL)
		fs_next("write", &fn, sizeof(fn));
	return fn(fd, buf, len);
}

/*
 * If fd is a regular file under the root, the root (resolved) into rq and
 * the file's path, relative to it, into rel.
 */
static int
fs_fd_path(struct fs_req *rq, int fd, char *rel, size_t size)
{
	const char	*root;
	char		 p[64], path[PATH_MAX];
	struct stat	 st;
	ssize_t		 n;
	size_t		 len;

	if ((root = getenv("FAKESYSFS_ROOT")) == NULL || *root != '/' ||
	    fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    realpath(root, rq->root) == NULL)
		return -1;
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	if ((n = readlink(p, path, sizeof(path) - 1)) == -1)
		return -1;
	path[n] = '\0';
	len = strlen(rq->root);
	if (strncmp(path, rq->root, len) != 0 || path[len] != '/')
		return -1;
	return fixture_path(rel, size, "%s", path + len + 1);
}

static int
fs_handle(int fd, const void *buf, size_t len, ssize_t *ret)
{
	struct fs_req	rq;
	char		rel[PATH_MAX];
	size_t		n = len;
	/* a success leaves errno alone */
	int		kind, r, saved = errno;

	if (fs_fd_path(&rq, fd, rel, sizeof(rel)) == -1)
		return 0;
	if (n > 0 && ((const char *)buf)[n - 1] == '\n')
		n--;
	if (n >= sizeof(rq.value))
		n = sizeof(rq.value) - 1;
	memcpy(rq.value, buf, n);
	rq.value[n] = '\0';
	if ((kind = fs_match(&rq, rel)) == 0)
		return 0;
	r = fs_kernel_write(&rq, kind, fd, len);
	if (r == 0) {
		errno = saved;
		*ret = (ssize_t)len;
	} else
		*ret = -1;
	return 1;
}

FS_WRAPPER ssize_t
write(int fd, const void *buf, size_t len)
{
	ssize_t	ret;
	int	handled, saved = errno;

	if (fs_busy)
		return fs_real_write(fd, buf, len);
	fs_busy = 1;
	handled = fs_handle(fd, buf, len, &ret);
	fs_busy = 0;
	if (handled)
		return ret;
	errno = saved;
	return fs_real_write(fd, buf, len);
}

/*
 * Opens without O_TRUNC a driver_override under the root; anything else
 * is opened as asked, with O_TRUNC done by ftruncate if we took it off.
 */
static int
fs_open(openat_fn at, open_fn op, int dirfd, const char *path, int flags,
    mode_t mode)
{
	struct fs_req	 rq;
	struct stat	 st;
	char		 rel[PATH_MAX];
	const char	*base = strrchr(path, '/');
	int		 fd, ours, saved;

	if (fs_busy || !(flags & O_TRUNC) || getenv("FAKESYSFS_ROOT") == NULL ||
	    strcmp(base != NULL ? base + 1 : path, "driver_override") != 0)
		return at != NULL ? at(dirfd, path, flags, mode) :
		    op(path, flags, mode);
	fs_busy = 1;
	fd = at != NULL ? at(dirfd, path, flags & ~O_TRUNC, mode) :
	    op(path, flags & ~O_TRUNC, mode);
	saved = errno;
	if (fd != -1) {
		ours = fs_fd_path(&rq, fd, rel, sizeof(rel)) == 0 &&
		    fs_is_override(&rq, rel);
		if (!ours && (flags & O_ACCMODE) != O_RDONLY &&
		    fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    ftruncate(fd, 0) == -1) {
			saved = errno;
			close(fd);
			fd = -1;
		}
	}
	fs_busy = 0;
	errno = saved;
	return fd;
}

/* The mode argument is only there with O_CREAT or O_TMPFILE. */
#define FS_MODE(flags, mode) do {					\
	va_list ap;							\
	if ((flags) & (O_CREAT | O_TMPFILE)) {				\
		va_start(ap, flags);					\
		mode = (mode_t)va_arg(ap, int);				\
		va_end(ap);						\
	}								\
} while (0)

FS_WRAPPER int
open(const char *path, int flags, ...)
{
	static open_fn	fn;
	mode_t		mode = 0;

	FS_MODE(flags, mode);
	if (fn == NULL)
		fs_next("open", &fn, sizeof(fn));
	return fs_open(NULL, fn, AT_FDCWD, path, flags, mode);
}

FS_WRAPPER int
open64(const char *path, int flags, ...)
{
	static open_fn	fn;
	mode_t		mode = 0;

	FS_MODE(flags, mode);
	if (fn == NULL)
		fs_next("open64", &fn, sizeof(fn));
	return fs_open(NULL, fn, AT_FDCWD, path, flags, mode);
}

FS_WRAPPER int
openat(int dirfd, const char *path, int flags, ...)
{
	static openat_fn	fn;
	mode_t			mode = 0;

	FS_MODE(flags, mode);
	if (fn == NULL)
		fs_next("openat", &fn, sizeof(fn));
	return fs_open(fn, NULL, dirfd, path, flags, mode);
}

FS_WRAPPER int
openat64(int dirfd, const char *path, int flags, ...)
{
	static openat_fn	fn;
	mode_t			mode = 0;

	FS_MODE(flags, mode);
	if (fn == NULL)
		fs_next("openat64", &fn, sizeof(fn));
	return fs_open(fn, NULL, dirfd, path, flags, mode);
}
