/*
 * The stamp is a sum of one hash per entry of the tree (path below DIR,
 * type, size, mtime to the nanosecond), so it does not depend on the
 * order readdir gives; it lives beside the ISO as ISO.stamp.  The ISO is
 * written to ISO.tmp.PID and renamed: a failed build never leaves half an
 * image where QEMU would read it, the CLI and a dashboard building at
 * once do not write into one file, and the stamp is written only after
 * the rename.  The tool's output comes up a pipe (guest_prep.c reads its
 * progress there, and what it said for a failure).  Only files,
 * directories and links go on the image: a FIFO in the folder would
 * stall the tool for ever.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isocache.h"
#include "isotool.h"
#include "safefile.h"
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
stamp_tree(struct stamp *s, const char *path, const char *rel, int depth,
    char *err, size_t errlen)
{
	char		 sub[PATH_MAX], subrel[PATH_MAX];
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	int		 r = 0;

	if (depth > MAX_DEPTH) {
		snprintf(err, errlen, "%s: more than %d folders deep", path,
		    MAX_DEPTH);
		return -ELOOP;
	}
	if ((d = opendir(path)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof sub, "%s/%s", path, de->d_name) >=
		    (int)sizeof sub || snprintf(subrel, sizeof subrel,
		    "%s/%s", rel, de->d_name) >= (int)sizeof subrel) {
			snprintf(err, errlen, "%s: path too long", path);
			r = -ENAMETOOLONG;
			break;
		}
		/* The ISO tools follow no links either. */
		if (lstat(sub, &st) == -1) {
			r = -errno;
			snprintf(err, errlen, "%s: %s", sub, strerror(errno));
			break;
		}
		if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
		    !S_ISLNK(st.st_mode)) {
			snprintf(err, errlen, "%s: not a file, folder or link: "
			    "it cannot go on the guest's CD (remove it)", sub);
			r = -EINVAL;
			break;
		}
		stamp_entry(s, subrel, &st);
		if (S_ISDIR(st.st_mode))
			r = stamp_tree(s, sub, subrel, depth + 1, err, errlen);
	}
	closedir(d);
	return r;
}

static int
stamp_text(const char *dir, char *buf, size_t len, char *err, size_t errlen)
{
	struct stamp	s = { 0 };
	int		r;

	if ((r = stamp_tree(&s, dir, "", 0, err, errlen)) < 0)
		return r;
	snprintf(buf, len, "vfiotui-iso 1 %s %016llx %lu\n", dir,
	    (unsigned long long)s.sum, s.entries);
	return 0;
}

/* The first line of PATH, if this user wrote it; "" if none. */
static void
first_line(const char *path, char *buf, size_t len)
{
	char	 why[PATH_MAX + 128];
	FILE	*f;

	buf[0] = '\0';
	if ((f = safefile_fopen(path, SAFEFILE_OWN, 0, why, sizeof why)) ==
	    NULL)
		return;
	if (fgets(buf, (int)len, f) == NULL)
		buf[0] = '\0';
	fclose(f);
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

	if (path_with(b->dir, sizeof b->dir, dir, "") == -1 ||
	    path_with(b->iso, sizeof b->iso, iso, "") == -1 ||
	    path_own(b->tmp, sizeof b->tmp, iso, ".tmp") == -1 ||
	    path_with(b->stamp_path, sizeof b->stamp_path, iso, ".stamp") ==
	    -1) {
		snprintf(err, errlen, "%s: path too long", iso);
		return -1;
	}
	if (stamp_text(dir, b->stamp, sizeof b->stamp, err, errlen) < 0)
		return -1;
	first_line(b->stamp_path, was, sizeof was);
	return stat(iso, &st) == 0 && strcmp(was, b->stamp) == 0 ? 0 : 1;
}

pid_t
isocache_spawn(struct isocache_build *b, int *out_fd, char *err,
    size_t errlen)
{
	/* Not -quiet: its progress lines are the pane's percentage. */
	char	*argv[] = { "xorriso", "-as", "mkisofs", "-J", "-R", "-V",
		    "VFIOTUI", "-o", b->tmp, b->dir, NULL };
	char	 why[256];
	pid_t	 pid;

	isocache_abandon(b);
	pid = spawn_piped(argv, out_fd, why, sizeof why);
	if (pid == -1) {
		/* Same options: genisoimage is what mkisofs became. */
		argv[2] = "genisoimage";
		pid = spawn_piped(argv + 2, out_fd, err, errlen);
	}
	if (pid == -1) {
		snprintf(err, errlen, "%s: cannot build an ISO: install "
		    "xorriso or genisoimage (%s)", b->dir, why);
		isocache_abandon(b);
	}
	return pid;
}

int
isocache_commit(struct isocache_build *b, int status, const char *said,
    char *err, size_t errlen)
{
	char	text[1024];

	if (status != 0) {
		isotool_why(said, text, sizeof text);
		snprintf(err, errlen, "%s: building the ISO failed (exit %d): "
		    "%s", b->dir, status, text[0] ? text : "no message");
		isocache_abandon(b);
		return -1;
	}
	if (rename(b->tmp, b->iso) == -1) {
		snprintf(err, errlen, "%s: %s", b->iso, strerror(errno));
		isocache_abandon(b);
		return -1;
	}
	if (safefile_write(b->stamp_path, b->stamp, strlen(b->stamp), 0644, 0,
	    err, errlen) < 0)
		return -1;
	return 0;
}

void
isocache_abandon(struct isocache_build *b)
{
	unlink(b->tmp);
}
