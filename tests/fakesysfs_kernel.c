/*
 * fakesysfs_kernel: the kernel's rules for the PCI sysfs files that
 * fakesysfs catches the writes to, in a fixture tree made by mkfixture.
 * A write to a regular file whose resolved path is one of these, under the
 * resolved FAKESYSFS_ROOT, is handled here (one trailing newline is
 * stripped from the value):
 *
 *   bus/pci/drivers/NAME/unbind ADDR	unbind if bound to NAME, or ENODEV
 *   bus/pci/drivers/NAME/bind ADDR	bind if unbound (EBUSY), if
 *					driver_override allows NAME and the
 *					folder exists (ENODEV)
 *   bus/pci/drivers_probe ADDR		bind the override, or else the
 *					driver remembered at unbind
 *   devices/.../ADDR/driver_override	sets the file; empty: "(null)"
 *
 * ROOT/fake/ holds this helper's state: probe/ADDR (the driver an unbind
 * took ADDR from, which drivers_probe binds again), removed/ (devices
 * that vanished), writes.log ("PATH VALUE" for every handled write, in
 * order) and fail/ADDR.{unbind,probe,vanish-after-unbind,kill-at-probe,
 * override}, the faults tests ask for, and slow/ADDR.unbind holding a
 * number of milliseconds the unbind takes (a GPU's driver letting go).
 */
#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fakesysfs.h"
#include "fixture_tree.h"

/* The whole of a small file, less one trailing newline; -1 if absent. */
static int
fs_read(const char *path, char *buf, size_t size)
{
	ssize_t	n;
	int	fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return 0;
}

static int
fs_put(const char *path, int flags, const char *buf, size_t len)
{
	ssize_t	n;
	int	fd;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);
	if (fd == -1)
		return -1;
	n = fs_real_write(fd, buf, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* A name the kernel could have given a device or a driver. */
static int
fs_name_ok(const char *s)
{
	return *s != '\0' && strchr(s, '/') == NULL && strcmp(s, ".") != 0 &&
	    strcmp(s, "..") != 0;
}

static void
fs_mkstate(const struct fs_req *rq, const char *sub)
{
	char	p[PATH_MAX];

	if (fixture_path(p, sizeof(p), "%s/fake", rq->root) == 0)
		mkdir(p, 0755);
	if (fixture_path(p, sizeof(p), "%s/fake/%s", rq->root, sub) == 0)
		mkdir(p, 0755);
}

static void
fs_log(const struct fs_req *rq)
{
	char	p[PATH_MAX], line[PATH_MAX + FS_VALUE_MAX + 2];
	int	n;

	fs_mkstate(rq, ".");
	n = snprintf(line, sizeof(line), "%s %s\n", rq->rel, rq->value);
	if (n > 0 && (size_t)n < sizeof(line) &&
	    fixture_path(p, sizeof(p), "%s/fake/writes.log", rq->root) == 0)
		fs_put(p, O_APPEND, line, (size_t)n);
}

static int
fs_errno_named(const char *s)
{
	static const struct {
		const char	*name;
		int		 err;
	} names[] = {
		{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EINTR", EINTR },
		{ "EIO", EIO }, { "ENXIO", ENXIO }, { "EAGAIN", EAGAIN },
		{ "ENOMEM", ENOMEM }, { "EACCES", EACCES },
		{ "EBUSY", EBUSY }, { "EEXIST", EEXIST },
		{ "ENODEV", ENODEV }, { "EINVAL", EINVAL },
		{ "ENOSPC", ENOSPC }, { "EROFS", EROFS },
		{ "ENOSYS", ENOSYS }, { "EOPNOTSUPP", EOPNOTSUPP },
		{ "ETIMEDOUT", ETIMEDOUT }, { "EPROBE_DEFER", 517 },
	};
	size_t	 i;
	long	 n;
	char	*end;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].err;
	n = strtol(s, &end, 10);
	if (end != s && *end == '\0' && n > 0 && n < 4096)
		return (int)n;
	return EIO;
}

/*
 * Is ROOT/fake/fail/ADDR.WHAT there?  *err gets the errno it names (EIO
 * for an empty file or an unknown name).
 */
static int
fs_fault(const struct fs_req *rq, const char *what, int *err)
{
	char	p[PATH_MAX], buf[64];

	if (fixture_path(p, sizeof(p), "%s/fake/fail/%s.%s", rq->root, rq->addr,
	    what) == -1 || fs_read(p, buf, sizeof(buf)) == -1)
		return 0;
	buf[strcspn(buf, " \t\n")] = '\0';
	if (err != NULL)
		*err = fs_errno_named(buf);
	return 1;
}

/* Waits as long as ROOT/fake/slow/ADDR.WHAT says, if it is there. */
static void
fs_slow(const struct fs_req *rq, const char *what)
{
	char		p[PATH_MAX], buf[32];
	struct timespec	ts;
	long		ms;

	if (fixture_path(p, sizeof(p), "%s/fake/slow/%s.%s", rq->root, rq->addr,
	    what) == -1 || fs_read(p, buf, sizeof(buf)) == -1 ||
	    (ms = strtol(buf, NULL, 10)) <= 0 || ms > 60000)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = ms % 1000 * 1000000;
	nanosleep(&ts, NULL);
}

/* The device's folder relative to root, as bus/pci/devices/ADDR names it. */
static int
fs_dev(const struct fs_req *rq, char *dev, size_t size)
{
	char	p[PATH_MAX], r[PATH_MAX];
	size_t	n = strlen(rq->root);

	if (!fs_name_ok(rq->addr) || fixture_path(p, sizeof(p),
	    "%s/bus/pci/devices/%s", rq->root, rq->addr) == -1 ||
	    realpath(p, r) == NULL || strncmp(r, rq->root, n) != 0 ||
	    r[n] != '/')
		return -1;
	return fixture_path(dev, size, "%s", r + n + 1);
}

/* Rewrites the uevent file with DRIVER=drv first, or with none. */
static int
fs_uevent(const struct fs_req *rq, const char *dev, const char *drv)
{
	char	p[PATH_MAX], in[4096], out[4096];

	if (fixture_path(p, sizeof(p), "%s/%s/uevent", rq->root, dev) == -1 ||
	    fs_read(p, in, sizeof(in)) == -1)
		return -1;
	return fs_put(p, O_TRUNC, out,
	    fixture_uevent_driver(in, drv, out, sizeof(out)));
}

/* A driver the kernel has loaded: its folder and its four files. */
static void
fs_load_driver(const struct fs_req *rq, const char *drv)
{
	const char *const *f;
	char	p[PATH_MAX];

	if (fixture_path(p, sizeof(p), "%s/bus/pci/drivers/%s", rq->root,
	    drv) == -1 || (mkdir(p, 0755) == -1 && errno != EEXIST))
		return;
	for (f = fixture_driver_files; *f != NULL; f++)
		if (fixture_path(p, sizeof(p), "%s/bus/pci/drivers/%s/%s",
		    rq->root, drv, *f) == 0)
			fs_put(p, 0, "", 0);
}

/* Both links, as mkfixture makes them, and the uevent; -1 with errno. */
static int
fs_bind(const struct fs_req *rq, const char *drv)
{
	char		dev[PATH_MAX], cur[FS_VALUE_MAX], ovr[FS_VALUE_MAX];
	char		p[PATH_MAX];
	struct stat	st;

	if (fs_dev(rq, dev, sizeof(dev)) == -1 || !fs_name_ok(drv))
		return errno = ENODEV, -1;
	fixture_dev_driver(rq->root, dev, cur, sizeof(cur));
	if (*cur != '\0')
		return errno = EBUSY, -1;
	if (fixture_path(p, sizeof(p), "%s/%s/driver_override", rq->root,
	    dev) == -1 || fs_read(p, ovr, sizeof(ovr)) == -1)
		*ovr = '\0';
	if ((*ovr != '\0' && strcmp(ovr, "(null)") != 0 &&
	    strcmp(ovr, drv) != 0) ||
	    fixture_path(p, sizeof(p), "%s/bus/pci/drivers/%s", rq->root,
	    drv) == -1 || stat(p, &st) == -1 || !S_ISDIR(st.st_mode))
		return errno = ENODEV, -1;
	if (fixture_bind_links(rq->root, dev, rq->addr, drv) == -1)
		return errno = EIO, -1;
	fs_uevent(rq, dev, drv);
	return 0;
}

/* The device leaves the tree, as a surprise removal takes it. */
static void
fs_vanish(const struct fs_req *rq, const char *dev)
{
	char	p[PATH_MAX], t[PATH_MAX], *grp;
	ssize_t	n;

	if (fixture_path(p, sizeof(p), "%s/%s/iommu_group", rq->root,
	    dev) == 0 && (n = readlink(p, t, sizeof(t) - 1)) != -1) {
		t[n] = '\0';
		grp = strrchr(t, '/');
		if (fixture_path(p, sizeof(p),
		    "%s/kernel/iommu_groups/%s/devices/%s", rq->root,
		    grp != NULL ? grp + 1 : t, rq->addr) == 0)
			unlink(p);
	}
	fs_mkstate(rq, "removed");
	if (fixture_path(p, sizeof(p), "%s/%s", rq->root, dev) == 0 &&
	    fixture_path(t, sizeof(t), "%s/fake/removed/%s", rq->root,
	    rq->addr) == 0)
		rename(p, t);
	if (fixture_path(p, sizeof(p), "%s/bus/pci/devices/%s", rq->root,
	    rq->addr) == 0)
		unlink(p);
}

static int
fs_unbind(const struct fs_req *rq, const char *drv)
{
	char	dev[PATH_MAX], cur[FS_VALUE_MAX], p[PATH_MAX];
	int	err;

	fs_slow(rq, "unbind");
	if (fs_fault(rq, "unbind", &err))
		return errno = err, -1;
	if (fs_dev(rq, dev, sizeof(dev)) == -1)
		return errno = ENODEV, -1;
	fixture_dev_driver(rq->root, dev, cur, sizeof(cur));
	if (*cur == '\0' || strcmp(cur, drv) != 0)
		return errno = ENODEV, -1;
	fixture_unbind_links(rq->root, dev, rq->addr, drv);
	fs_uevent(rq, dev, NULL);
	if (strcmp(drv, "vfio-pci") != 0) {
		fs_mkstate(rq, "probe");
		if (fixture_path(p, sizeof(p), "%s/fake/probe/%s", rq->root,
		    rq->addr) == 0)
			fs_put(p, O_EXCL, drv, strlen(drv));
	}
	if (fs_fault(rq, "vanish-after-unbind", NULL))
		fs_vanish(rq, dev);
	return 0;
}

static int
fs_probe(const struct fs_req *rq)
{
	char	dev[PATH_MAX], cur[FS_VALUE_MAX], drv[FS_VALUE_MAX];
	char	p[PATH_MAX];

	if (fs_fault(rq, "kill-at-probe", NULL))
		raise(SIGKILL);
	if (fs_dev(rq, dev, sizeof(dev)) == -1)
		return errno = ENODEV, -1;
	fixture_dev_driver(rq->root, dev, cur, sizeof(cur));
	if (*cur != '\0' || fs_fault(rq, "probe", NULL))
		return 0;
	if (fixture_path(p, sizeof(p), "%s/%s/driver_override", rq->root,
	    dev) == 0 && fs_read(p, drv, sizeof(drv)) == 0 &&
	    *drv != '\0' && strcmp(drv, "(null)") != 0) {
		if (fs_name_ok(drv))
			fs_load_driver(rq, drv);
	} else if (fixture_path(p, sizeof(p), "%s/fake/probe/%s", rq->root,
	    rq->addr) == -1 || fs_read(p, drv, sizeof(drv)) == -1)
		return 0;
	/* A driver that will not take the device is no error for the writer. */
	fs_bind(rq, drv);
	return 0;
}

/* The kernel keeps the name, and shows "(null)" once it is cleared. */
static int
fs_override(const struct fs_req *rq, int fd)
{
	char	buf[FS_VALUE_MAX + 1];
	int	err, n;

	if (fs_fault(rq, "override", &err))
		return errno = err, -1;
	n = snprintf(buf, sizeof(buf), "%s\n",
	    *rq->value != '\0' ? rq->value : "(null)");
	if (n < 0 || (size_t)n >= sizeof(buf))
		return errno = EINVAL, -1;
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, (size_t)n, 0) != n)
		return -1;
	return 0;
}

/*
 * Is rel, a path relative to root, a device's driver_override?  Sets
 * rq->addr to the device's address.
 */
int
fs_is_override(struct fs_req *rq, const char *rel)
{
	char		 dev[PATH_MAX];
	const char	*slash, *base;
	size_t		 n;

	if (strncmp(rel, "devices/", 8) != 0 ||
	    (slash = strrchr(rel, '/')) == NULL ||
	    strcmp(slash + 1, "driver_override") != 0)
		return 0;
	for (base = slash; base > rel && base[-1] != '/'; base--)
		continue;
	n = (size_t)(slash - rel);
	return fixture_path(rq->addr, sizeof(rq->addr), "%.*s",
	    (int)(slash - base), base) == 0 &&
	    fs_dev(rq, dev, sizeof(dev)) == 0 && strlen(dev) == n &&
	    strncmp(dev, rel, n) == 0;
}

/*
 * Fills rq->rel, rq->addr and rq->drv if rel (relative to root) is a file
 * we play the kernel for, and returns what it is: 'u'nbind, 'b'ind,
 * 'p'robe, 'o'verride, or 0.
 */
int
fs_match(struct fs_req *rq, const char *rel)
{
	const char	*name = rel + 16, *slash;

	fixture_path(rq->rel, sizeof(rq->rel), "%s", rel);
	fixture_path(rq->addr, sizeof(rq->addr), "%s", rq->value);
	if (strcmp(rel, "bus/pci/drivers_probe") == 0)
		return 'p';
	if (strncmp(rel, "bus/pci/drivers/", 16) == 0 &&
	    (slash = strchr(name, '/')) != NULL && slash > name &&
	    fixture_path(rq->drv, sizeof(rq->drv), "%.*s", (int)(slash - name),
	    name) == 0) {
		if (strcmp(slash + 1, "unbind") == 0)
			return 'u';
		if (strcmp(slash + 1, "bind") == 0)
			return 'b';
		return 0;
	}
	if (!fs_is_override(rq, rel))
		return 0;
	/* Logged under one name however the writer reached it. */
	fixture_path(rq->rel, sizeof(rq->rel),
	    "bus/pci/devices/%s/driver_override", rq->addr);
	return 'o';
}

/*
 * The kernel's answer to a write of len bytes to fd, a file fs_match
 * found to be kind: 0, or -1 with errno.
 */
int
fs_kernel_write(const struct fs_req *rq, int kind, int fd, size_t len)
{
	fs_log(rq);
	if (len >= FS_VALUE_MAX)
		return errno = EINVAL, -1;
	if (kind == 'u')
		return fs_unbind(rq, rq->drv);
	if (kind == 'b')
		return fs_bind(rq, rq->drv);
	if (kind == 'p')
		return fs_probe(rq);
	return fs_override(rq, fd);
}
