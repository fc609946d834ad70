/*
 * The stamp is a sum of one hash per entry of the tree (path below DIR,
 * type, size, mtime to the nanosecond), so it does not depend on the
 * order readdir gives; it lives beside the ISO as ISO.stamp.  The ISO is
 * written to ISO.tmp.PID and renamed: a failed build never leaves half an
 * image where QEMU would read it, the CLI and a dashboard building at
 * once do not write into one file, and the stamp is written only after
 * the rename.  The tool's output goes to ISO.out.PID, read back for its
 * first line when it fails.
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

static int
path_with(char *buf, size_t len, const char *iso, const char *suffix)
{
	int	n = snprintf(buf, len, "%s%s", iso, suffix);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* ISO.SUFFIX.PID: this process's own. */
static int
path_own(char *buf, size_t len, const char *iso, const char *suffix)
{
	char	own[32];

	snprintf(own, sizeof own, "%s.%ld", suffix, (long)getpid());
	return path_with(buf, len, iso, own);
}

int
isocache_stale(const char *dir, const char *iso, struct isocache_build *b,
    char *err, size_t errlen)
{
	char		was[sizeof b->stamp];
	struct stat	st;
	int		r;

	if (path_with(b->dir, sizeof b->dir, dir, "") == -1 ||
	    path_with(b->iso, sizeof b->iso, iso, "") == -1 ||
	    path_own(b->tmp, sizeof b->tmp, iso, ".tmp") == -1 ||
	    path_own(b->out, sizeof b->out, iso, ".out") == -1 ||
	    path_with(b->stamp_path, sizeof b->stamp_path, iso, ".stamp") ==
	    -1) {
		snprintf(err, errlen, "%s: path too long", iso);
		return -1;
	}
	if ((r = stamp_text(dir, b->stamp, sizeof b->stamp)) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(-r));
		return -1;
	}
	return stat(iso, &st) == 0 && read_small(b->stamp_path, was,
	    sizeof was) == 0 && strcmp(was, b->stamp) == 0 ? 0 : 1;
}

pid_t
isocache_spawn(struct isocache_build *b, char *err, size_t errlen)
{
	char	*argv[] = { "xorriso", "-as", "mkisofs", "-quiet", "-J",
		    "-R", "-V", "VFIOTUI", "-o", b->tmp, b->dir, NULL };
	char	 why[256];
	pid_t	 pid;

	isocache_abandon(b);
	pid = spawn_child(argv, b->out, why, sizeof why);
	if (pid == -1) {
		/* Same options: genisoimage is what mkisofs became. */
		argv[2] = "genisoimage";
		pid = spawn_child(argv + 2, b->out, err, errlen);
	}
	if (pid == -1) {
		snprintf(err, errlen, "%s: cannot build an ISO: install "
		    "xorriso or genisoimage (%s)", b->dir, why);
		isocache_abandon(b);
	}
	return pid;
}

int
isocache_commit(struct isocache_build *b, int status, char *err,
    size_t errlen)
{
	char	text[1024];
	int	r;

	if (status != 0) {
		if (read_small(b->out, text, sizeof text) < 0)
			text[0] = '\0';
		text[strcspn(text, "\n")] = '\0';
		snprintf(err, errlen, "%s: building the ISO failed (exit %d): "
		    "%s", b->dir, status, text[0] ? text : "no message");
		isocache_abandon(b);
		return -1;
	}
	unlink(b->out);
	if (rename(b->tmp, b->iso) == -1) {
		snprintf(err, errlen, "%s: %s", b->iso, strerror(errno));
		isocache_abandon(b);
		return -1;
	}
	if ((r = write_small(b->stamp_path, b->stamp)) < 0) {
		snprintf(err, errlen, "%s: %s", b->stamp_path, strerror(-r));
		return -1;
	}
	return 0;
}

void
isocache_abandon(struct isocache_build *b)
{
	unlink(b->tmp);
	unlink(b->out);
}

int
isocache_update(const char *dir, const char *iso, char *err, size_t errlen)
{
	struct isocache_build	b;
	pid_t			pid;
	int			r;

	if ((r = isocache_stale(dir, iso, &b, err, errlen)) <= 0)
		return r;
	if ((pid = isocache_spawn(&b, err, errlen)) == -1 ||
	    isocache_commit(&b, spawn_wait(pid), err, errlen) == -1)
		return -1;
	return 1;
}
