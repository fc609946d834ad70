/*
 * The stamp is a sum of one hash per entry of the tree (path below DIR,
 * type, size, mtime to the nanosecond), so it does not depend on the
 * order readdir gives; it lives beside the ISO as ISO.stamp.  The ISO is
 * written to ISO.tmp and renamed: a failed build never leaves half an
 * image where QEMU would read it.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isocache.h"
#include "spawn.h"

#define MAX_DEPTH	32

struct stamp {
	uint64_t	sum;
	unsigned long	entries;
};

static uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char	*p = data;

	while (len-- > 0) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void
stamp_entry(struct stamp *s, const char *rel, const struct stat *st)
{
	uint64_t	h = 0xcbf29ce484222325ULL;
	long long	v[4] = { (long long)(st->st_mode & S_IFMT),
			    (long long)st->st_size,
			    (long long)st->st_mtim.tv_sec,
			    (long long)st->st_mtim.tv_nsec };

	h = fnv1a(h, rel, strlen(rel) + 1);
	h = fnv1a(h, v, sizeof v);
	s->sum += h;
	s->entries++;
}

/* Adds every entry under PATH (REL below the top) to the stamp. */
static int
stamp_tree(struct stamp *s, const char *path, const char *rel, int depth)
{
	char		 sub[PATH_MAX], subrel[PATH_MAX];
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	int		 r = 0;

	if (depth > MAX_DEPTH)
		return -ELOOP;
	if ((d = opendir(path)) == NULL)
		return -errno;
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof sub, "%s/%s", path, de->d_name) >=
		    (int)sizeof sub || snprintf(subrel, sizeof subrel,
		    "%s/%s", rel, de->d_name) >= (int)sizeof subrel) {
			r = -ENAMETOOLONG;
			break;
		}
		/* The ISO tools follow no links either. */
		if (lstat(sub, &st) == -1) {
			r = -errno;
			break;
		}
		stamp_entry(s, subrel, &st);
		if (S_ISDIR(st.st_mode))
			r = stamp_tree(s, sub, subrel, depth + 1);
	}
	closedir(d);
	return r;
}

static int
stamp_text(const char *dir, char *buf, size_t len)
{
	struct stamp	s = { 0 };
	int		r;

	if ((r = stamp_tree(&s, dir, "", 0)) < 0)
		return r;
	snprintf(buf, len, "vfiotui-iso 1 %s %016llx %lu\n", dir,
	    (unsigned long long)s.sum, s.entries);
	return 0;
}

static int
read_small(const char *path, char *buf, size_t len)
{
	ssize_t	n;
	int	fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static int
write_small(const char *path, const char *text)
{
	size_t	len = strlen(text);
	int	fd, r = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		r = -EIO;
	if (close(fd) == -1 && r == 0)
		r = -errno;
	return r;
}

/* Runs xorriso, or genisoimage where xorriso is missing. */
static int
build_iso(const char *dir, const char *out, char *err, size_t errlen)
{
	char	*xorriso[] = { "xorriso", "-as", "mkisofs", "-quiet", "-J",
		    "-R", "-V", "VFIOTUI", "-o", (char *)out, (char *)dir,
		    NULL };
	char	 text[1024], why[256];
	int	 st;

	st = spawn_run(xorriso, text, sizeof text, why, sizeof why);
	if (st == -1) {
		/* Same options: genisoimage is what mkisofs became. */
		xorriso[2] = "genisoimage";
		st = spawn_run(xorriso + 2, text, sizeof text, err, errlen);
		if (st == -1) {
			snprintf(err, errlen, "%s: cannot build an ISO: "
			    "install xorriso or genisoimage (%s)", dir, why);
			return -1;
		}
	}
	if (st != 0) {
		text[strcspn(text, "\n")] = '\0';
		snprintf(err, errlen, "%s: building the ISO failed (exit %d): "
		    "%s", dir, st, text[0] ? text : "no message");
		return -1;
	}
	return 0;
}

int
isocache_update(const char *dir, const char *iso, char *err, size_t errlen)
{
	char		stamp_path[PATH_MAX], tmp[PATH_MAX];
	char		now[PATH_MAX + 64], was[PATH_MAX + 64];
	struct stat	st;
	int		r;

	if (snprintf(stamp_path, sizeof stamp_path, "%s.stamp", iso) >=
	    (int)sizeof stamp_path || snprintf(tmp, sizeof tmp, "%s.tmp",
	    iso) >= (int)sizeof tmp) {
		snprintf(err, errlen, "%s: path too long", iso);
		return -1;
	}
	if ((r = stamp_text(dir, now, sizeof now)) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(-r));
		return -1;
	}
	if (stat(iso, &st) == 0 && read_small(stamp_path, was,
	    sizeof was) == 0 && strcmp(was, now) == 0)
		return 0;
	unlink(tmp);
	if (build_iso(dir, tmp, err, errlen) == -1) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, iso) == -1) {
		snprintf(err, errlen, "%s: %s", iso, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if ((r = write_small(stamp_path, now)) < 0) {
		snprintf(err, errlen, "%s: %s", stamp_path, strerror(-r));
		return -1;
	}
	return 1;
}
