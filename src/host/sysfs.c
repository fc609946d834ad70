/*
 * The movable sysfs root and the few primitives every reader needs.
 * Attributes are read relative to directory descriptors (openat) so a scan
 * of thousands of devices costs one path lookup per file, not a full walk.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysfs.h"

struct sysfs {
	char	*root;		/* the directory that stands for /sys */
	int	 rootfd;	/* O_PATH descriptor of root */
};

struct sysfs *
sysfs_open(const char *root, char *err, size_t errlen)
{
	struct sysfs	*sys;
	struct stat	 st;
	int		 fd;

	fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		return NULL;
	}
	if (fstatat(fd, "bus/pci/devices", &st, 0) == -1 ||
	    !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a sysfs tree "
		    "(no bus/pci/devices directory)", root);
		close(fd);
		return NULL;
	}
	sys = calloc(1, sizeof *sys);
	if (sys == NULL || (sys->root = strdup(root)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(sys);
		close(fd);
		return NULL;
	}
	sys->rootfd = fd;
	return sys;
}

void
sysfs_close(struct sysfs *sys)
{
	if (sys == NULL)
		return;
	close(sys->rootfd);
	free(sys->root);
	free(sys);
}

const char *
sysfs_root(const struct sysfs *sys)
{
	return sys->root;
}

int
sysfs_root_is_live(const char *root)
{
	return strcmp(root, "/sys") == 0;
}

int
sysfs_is_live(const struct sysfs *sys)
{
	return sysfs_root_is_live(sys->root);
}

/* Whether REL stays below the root: not absolute, no ".." in it. */
static int
rel_ok(const char *rel)
{
	const char	*p;
	size_t		 n;

	if (rel[0] == '/')
		return 0;
	for (p = rel;; p += n + 1) {
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		if (p[n] == '\0')
			return 1;
	}
}

int
sysfs_openat(const struct sysfs *sys, const char *rel, int flags)
{
	int	fd;

	if (!rel_ok(rel))
		return -EINVAL;
	if ((fd = openat(sys->rootfd, rel, flags | O_CLOEXEC)) == -1)
		return -errno;
	return fd;
}

DIR *
sysfs_opendir(const struct sysfs *sys, const char *rel)
{
	DIR	*dir;
	int	 fd, saved;

	if ((fd = sysfs_openat(sys, rel, O_RDONLY | O_DIRECTORY)) < 0) {
		errno = -fd;
		return NULL;
	}
	if ((dir = fdopendir(fd)) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return dir;
}

int
sysfs_exists(const struct sysfs *sys, const char *rel)
{
	return rel_ok(rel) && faccessat(sys->rootfd, rel, F_OK, 0) == 0;
}

/* readlinkat(2), the target NUL-terminated: its length, or -errno. */
static int
read_link(int dirfd, const char *name, char *buf, size_t len)
{
	ssize_t	n;

	if (len == 0)
		return -EINVAL;
	if ((n = readlinkat(dirfd, name, buf, len - 1)) == -1)
		return -errno;
	buf[n] = '\0';
	return (int)n;
}

int
sysfs_readlink(const struct sysfs *sys, const char *rel, char *buf,
    size_t len)
{
	if (!rel_ok(rel))
		return -EINVAL;
	return read_link(sys->rootfd, rel, buf, len);
}

int
sysfs_read(const struct sysfs *sys, const char *rel, char *buf, size_t len)
{
	if (!rel_ok(rel))
		return -EINVAL;
	return sysfs_read_attr(sys->rootfd, rel, buf, len);
}

int
sysfs_write(const struct sysfs *sys, const char *rel, const char *value)
{
	if (!rel_ok(rel))
		return -EINVAL;
	return sysfs_write_attr(sys->rootfd, rel, value);
}

/* A device's config space, whatever directory NAME starts from. */
static int
names_config(const char *name)
{
	const char	*base = strrchr(name, '/');

	return strcmp(base != NULL ? base + 1 : name, "config") == 0;
}

int
sysfs_read_attr(int dirfd, const char *name, char *buf, size_t len)
{
	ssize_t	n;
	int	fd, saved;

	if (len == 0)
		return -EINVAL;
	if (names_config(name))
		return -EPERM;
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1)
		return -errno;
	do
		n = read(fd, buf, len - 1);
	while (n == -1 && errno == EINTR);
	saved = errno;
	close(fd);
	if (n == -1)
		return -saved;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return (int)n;
}

int
sysfs_write_attr(int dirfd, const char *name, const char *value)
{
	size_t	len = strlen(value);
	ssize_t	n;
	int	fd, r = 0;

	if (names_config(name))
		return -EPERM;
	fd = openat(dirfd, name, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1)
		return -errno;
	/* sysfs takes a value in one write; a short write is a refusal. */
	n = write(fd, value, len);
	if (n == -1)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	if (close(fd) == -1 && r == 0)
		r = -errno;
	return r;
}

int
sysfs_read_hex(int dirfd, const char *name, unsigned long *val)
{
	char	 buf[32];
	int	 n;

	n = sysfs_read_attr(dirfd, name, buf, sizeof buf);
	if (n < 0)
		return n;
	return sysfs_parse_hex(buf, val);
}

/*
 * Hex digits, "0x" before them or not, and nothing else: strtoul() also
 * takes blanks and a sign, "-1" as ffffffffffffffff (a boot_vga of -1
 * read as set).
 */
int
sysfs_parse_hex(const char *s, unsigned long *val)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (s[0] == '\0' || s[strspn(s, "0123456789abcdefABCDEF")] != '\0')
		return -EINVAL;
	errno = 0;
	*val = strtoul(s, NULL, 16);
	return errno != 0 ? -EINVAL : 0;
}

/* Digits only, as with hex; and no more than an int holds, not cut. */
int
sysfs_parse_index(const char *s)
{
	unsigned long	n;

	if (s[0] == '\0' || s[strspn(s, "0123456789")] != '\0')
		return -1;
	errno = 0;
	n = strtoul(s, NULL, 10);
	if (errno != 0 || n > INT_MAX)
		return -1;
	return (int)n;
}

/* The last component of the link NAME under DIRFD, into BUF. */
static int
link_base(int dirfd, const char *name, char *buf, size_t len)
{
	char		 target[4096];
	const char	*base;
	int		 r;

	if ((r = read_link(dirfd, name, target, sizeof target)) < 0)
		return r;
	base = strrchr(target, '/');
	base = base != NULL ? base + 1 : target;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	return (int)strlen(buf);
}

int
sysfs_read_link_base(int dirfd, const char *name, char *buf, size_t len)
{
	return link_base(dirfd, name, buf, len);
}

int
sysfs_link_base(const struct sysfs *sys, const char *rel, char *buf,
    size_t len)
{
	if (!rel_ok(rel))
		return -EINVAL;
	return link_base(sys->rootfd, rel, buf, len);
}
