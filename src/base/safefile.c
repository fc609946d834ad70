/*
 * Safe directories, exclusive temp files renamed into place, and reads
 * that never block and believe only the right kind of file.  Everything
 * is opened relative to a directory fd that was checked, so a directory
 * swapped for a link after the check is not followed either.
 */
#include "config.h"

#include <sys/random.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "safefile.h"

#define MAX_LINKS	16

void
safefile_owner(uid_t uid, char *buf, size_t len)
{
	struct passwd	*pw = getpwuid(uid);

	if (pw != NULL)
		snprintf(buf, len, "%s (uid %u)", pw->pw_name, (unsigned)uid);
	else
		snprintf(buf, len, "uid %u", (unsigned)uid);
}

static const char *
kind_of(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "not a regular file";
}

static int
fail(int r, char *err, size_t errlen, const char *path, const char *why)
{
	snprintf(err, errlen, "%s: %s", path, why);
	return r;
}

/*
 * Only this user or root could have changed a directory it owns and no
 * one else may write; a sticky one (/tmp) keeps others to their own
 * entries, enough on the way but not for a directory vfiotui writes in.
 */
static int
dir_trusted(const char *path, const struct stat *st, int own, char *err,
    size_t errlen)
{
	char	who[64];

	if (st->st_uid != geteuid() && st->st_uid != 0) {
		safefile_owner(st->st_uid, who, sizeof who);
		snprintf(err, errlen, "%s: owned by %s: vfiotui keeps its "
		    "files only in its own user's or root's directories (run "
		    "it as that user, or point XDG_RUNTIME_DIR and "
		    "XDG_STATE_HOME at your own)", path, who);
		return -EPERM;
	}
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
	    (own || (st->st_mode & S_ISVTX) == 0)) {
		snprintf(err, errlen, "%s: writable by others (mode %04o): "
		    "another user could replace vfiotui's files there (chmod "
		    "go-w %s)", path, (unsigned)(st->st_mode & 07777), path);
		return -EPERM;
	}
	return 0;
}

/* Steps from directory *FD into COMP, a link already resolved away. */
static int
step(int *fd, const char *comp, const char *at, int own, char *err,
    size_t errlen)
{
	struct stat	st;
	int		next;

	next = openat(*fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (next == -1)
		return fail(-errno, err, errlen, at, errno == ENOTDIR ?
		    "not a directory" : strerror(errno));
	close(*fd);
	*fd = next;
	if (fstat(next, &st) == -1)
		return fail(-errno, err, errlen, at, strerror(errno));
	return dir_trusted(at, &st, own, err, errlen);
}

/*
 * COMP of TODO is the link ST: TODO becomes its target and what followed
 * it, and AT and *FD go back to where a relative target starts.
 */
static int
follow(int *fd, const char *comp, const struct stat *st, char *todo,
    size_t len, const char *rest, char *at, char *err, size_t errlen)
{
	char	target[PATH_MAX], who[64], *slash;
	char	joined[PATH_MAX];
	ssize_t	n;

	if (st->st_uid != geteuid() && st->st_uid != 0) {
		safefile_owner(st->st_uid, who, sizeof who);
		snprintf(err, errlen, "%s: a symbolic link owned by %s: not "
		    "followed to where vfiotui keeps its files", at, who);
		return -EPERM;
	}
	if ((n = readlinkat(*fd, comp, target, sizeof target - 1)) == -1)
		return fail(-errno, err, errlen, at, strerror(errno));
	target[n] = '\0';
	if ((size_t)snprintf(joined, sizeof joined, "%s/%s", target, rest) >=
	    sizeof joined || strlen(joined) >= len)
		return fail(-ENAMETOOLONG, err, errlen, at, "path too long");
	strcpy(todo, joined);
	if ((slash = strrchr(at, '/')) != NULL)
		*slash = '\0';
	if (target[0] == '/') {
		at[0] = '\0';
		close(*fd);
		if ((*fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
			return fail(-errno, err, errlen, "/", strerror(errno));
	}
	return 0;
}

/* Finds COMP in *FD, making it with MAKE. */
static int
look(int fd, const char *comp, int make, struct stat *st, const char *at,
    char *err, size_t errlen)
{
	if (fstatat(fd, comp, st, AT_SYMLINK_NOFOLLOW) == 0)
		return 0;
	if (errno != ENOENT || !make)
		return fail(-errno, err, errlen, at, strerror(errno));
	if (mkdirat(fd, comp, 0700) == -1 && errno != EEXIST)
		return fail(-errno, err, errlen, at, strerror(errno));
	if (fstatat(fd, comp, st, AT_SYMLINK_NOFOLLOW) == -1)
		return fail(-errno, err, errlen, at, strerror(errno));
	return 0;
}

int
safefile_dir(const char *dir, int flags, char *err, size_t errlen)
{
	char		 todo[PATH_MAX], at[PATH_MAX], *comp, *rest, *slash;
	struct stat	 st;
	int		 fd, r = 0, links = 0, last;

	if (dir[0] != '/')
		return fail(-EINVAL, err, errlen, dir, "not an absolute path");
	if (strlen(dir) >= sizeof todo)
		return fail(-ENAMETOOLONG, err, errlen, dir, "path too long");
	strcpy(todo, dir);
	at[0] = '\0';
	if ((fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return fail(-errno, err, errlen, "/", strerror(errno));
	for (rest = todo; r == 0; ) {
		rest += strspn(rest, "/");
		if (*rest == '\0')
			break;
		comp = rest;
		rest += strcspn(rest, "/");
		if (*rest != '\0')
			*rest++ = '\0';
		last = rest[strspn(rest, "/")] == '\0';
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			/* Back up the path already checked. */
			if ((slash = strrchr(at, '/')) != NULL)
				*slash = '\0';
			r = step(&fd, "..", at[0] ? at : "/", last, err,
			    errlen);
			continue;
		}
		if (strlen(at) + strlen(comp) + 2 > sizeof at) {
			r = fail(-ENAMETOOLONG, err, errlen, dir,
			    "path too long");
			break;
		}
		strcat(strcat(at, "/"), comp);
		if ((r = look(fd, comp, flags & SAFEFILE_MAKE, &st, at, err,
		    errlen)) < 0)
			break;
		if (!S_ISLNK(st.st_mode)) {
			r = step(&fd, comp, at, last, err, errlen);
			continue;
		}
		if (last || ++links > MAX_LINKS)
			r = fail(-ELOOP, err, errlen, at, last ? "a symbolic "
			    "link, where vfiotui wants a directory of its own "
			    "(remove the link)" : "too many symbolic links");
		else
			r = follow(&fd, comp, &st, todo, sizeof todo, rest, at,
			    err, errlen);
		rest = todo;
	}
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* The directory of PATH, checked, and where its last name starts. */
static int
parent_of(const char *path, const char **name, char *err, size_t errlen)
{
	char		 dir[PATH_MAX];
	const char	*slash = strrchr(path, '/');

	if (slash == NULL || slash[1] == '\0')
		return fail(-EINVAL, err, errlen, path, "not a file's path");
	if ((size_t)(slash - path) >= sizeof dir)
		return fail(-ENAMETOOLONG, err, errlen, path, "path too long");
	snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 :
	    (int)(slash - path), path);
	*name = slash + 1;
	return safefile_dir(dir, 0, err, errlen);
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static uint32_t
random32(void)
{
	struct timespec	ts;
	uint32_t	v;

	if (getrandom(&v, sizeof v, GRND_NONBLOCK) == (ssize_t)sizeof v)
		return v;
	/* Early boot: O_EXCL still catches a clash, and we try again. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)ts.tv_nsec ^ (uint32_t)getpid() << 16;
}

/* A new NAME.tmp.PID.RANDOM in DFD, its name in TMP. */
static int
create_temp(int dfd, const char *name, mode_t mode, char *tmp, size_t len)
{
	int	fd, tries;

	for (tries = 0; tries < 8; tries++) {
		if ((size_t)snprintf(tmp, len, "%s.tmp.%ld.%08x", name,
		    (long)getpid(), (unsigned)random32()) >= len)
			return -ENAMETOOLONG;
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, mode);
		if (fd != -1 || errno != EEXIST)
			return fd == -1 ? -errno : fd;
	}
	return -EEXIST;
}

int
safefile_write(const char *path, const void *buf, size_t len, mode_t mode,
    int flags, char *err, size_t errlen)
{
	char		 tmp[NAME_MAX + 1];
	const char	*name;
	int		 dfd, fd, r;

	if ((dfd = parent_of(path, &name, err, errlen)) < 0)
		return dfd;
	if ((fd = create_temp(dfd, name, mode, tmp, sizeof tmp)) < 0) {
		close(dfd);
		return fail(fd, err, errlen, path, strerror(-fd));
	}
	r = write_all(fd, buf, len);
	if (r == 0 && fsync(fd) == -1)
		r = -errno;
	if (close(fd) == -1 && r == 0)
		r = -errno;
	/* A link fails where PATH exists; a rename would replace it. */
	if (r == 0 && (flags & SAFEFILE_NOREPLACE))
		r = linkat(dfd, tmp, dfd, name, 0) == -1 ? -errno : 0;
	else if (r == 0 && renameat(dfd, tmp, dfd, name) == 0)
		tmp[0] = '\0';
	else if (r == 0)
		r = -errno;
	if (tmp[0] != '\0')
		unlinkat(dfd, tmp, 0);
	close(dfd);
	if (r < 0)
		fail(r, err, errlen, path, strerror(-r));
	return r;
}

int
safefile_append(const char *path, char *err, size_t errlen)
{
	const char	*name;
	struct stat	 st;
	char		 why[128];
	int		 dfd, fd, e;

	if ((dfd = parent_of(path, &name, err, errlen)) < 0)
		return dfd;
	/* Non-blocking: a FIFO without a reader fails rather than waits. */
	fd = openat(dfd, name, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0600);
	e = errno;
	close(dfd);
	if (fd == -1)
		return fail(-e, err, errlen, path, e == ELOOP ?
		    "a symbolic link: not written through (remove it)" :
		    strerror(e));
	if (fstat(fd, &st) == -1)
		snprintf(why, sizeof why, "%s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(why, sizeof why, "%s, not a regular file: not written "
		    "(remove it)", kind_of(st.st_mode));
	else if (st.st_uid != geteuid())
		snprintf(why, sizeof why, "owned by uid %u, not by this user: "
		    "not written (remove it)", (unsigned)st.st_uid);
	else if (st.st_nlink != 1)
		snprintf(why, sizeof why, "has %lu names: not written through "
		    "a hard link (remove it)", (unsigned long)st.st_nlink);
	else {
		/* The child it becomes stdout of shares the flag. */
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		return fd;
	}
	close(fd);
	return fail(-EPERM, err, errlen, path, why);
}

/* Is the open file FD what a read of PATH with FLAGS and CAP believes? */
static int
file_ok(int fd, const char *path, int flags, off_t cap, char *err,
    size_t errlen)
{
	struct stat	st;
	char		why[160], who[64];

	if (fstat(fd, &st) == -1)
		return fail(-errno, err, errlen, path, strerror(errno));
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, sizeof why, "%s, not a regular file: not read",
		    kind_of(st.st_mode));
		return fail(-EINVAL, err, errlen, path, why);
	}
	if ((flags & SAFEFILE_OWN) && st.st_uid != geteuid()) {
		safefile_owner(st.st_uid, who, sizeof who);
		snprintf(why, sizeof why, "owned by %s, not by this user: not "
		    "believed (remove it)", who);
		return fail(-EPERM, err, errlen, path, why);
	}
	if (cap > 0 && st.st_size > cap) {
		snprintf(why, sizeof why, "%lld bytes, more than the %lld this "
		    "file may have", (long long)st.st_size, (long long)cap);
		return fail(-EFBIG, err, errlen, path, why);
	}
	return 0;
}

int
safefile_open(const char *path, int flags, off_t cap, char *err,
    size_t errlen)
{
	const char	*name = path;
	int		 dfd = AT_FDCWD, fd, of, r, e;

	of = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	if ((flags & SAFEFILE_OWN) &&
	    (dfd = parent_of(path, &name, err, errlen)) < 0)
		return dfd;
	if (flags & SAFEFILE_OWN)
		of |= O_NOFOLLOW;
	fd = openat(dfd, name, of);
	e = errno;
	if (dfd != AT_FDCWD)
		close(dfd);
	if (fd == -1)
		return fail(-e, err, errlen, path, e == ELOOP &&
		    (flags & SAFEFILE_OWN) ? "a symbolic link: not believed "
		    "(remove it)" : strerror(e));
	if ((r = file_ok(fd, path, flags, cap, err, errlen)) < 0) {
		close(fd);
		return r;
	}
	/* A regular file: reads would not block anyway; stdio wants it off. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

FILE *
safefile_fopen(const char *path, int flags, off_t cap, char *err,
    size_t errlen)
{
	FILE	*f;
	int	 fd;

	if ((fd = safefile_open(path, flags, cap, err, errlen)) < 0) {
		errno = -fd;
		return NULL;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		fail(-errno, err, errlen, path, strerror(errno));
		close(fd);
	}
	return f;
}

int
safefile_read(const char *path, int flags, off_t cap, char **buf,
    size_t *len, char *err, size_t errlen)
{
	struct stat	 st;
	size_t		 got = 0;
	ssize_t		 n;
	char		*b;
	int		 fd;

	if ((fd = safefile_open(path, flags, cap, err, errlen)) < 0)
		return fd;
	if (fstat(fd, &st) == -1 || (b = malloc((size_t)st.st_size + 1)) ==
	    NULL) {
		close(fd);
		return fail(-ENOMEM, err, errlen, path, "out of memory");
	}
	/* What is there: the file may shrink (or grow) while it is read. */
	while (got < (size_t)st.st_size &&
	    (n = read(fd, b + got, (size_t)st.st_size - got)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			n = -errno;
			free(b);
			close(fd);
			return fail((int)n, err, errlen, path, strerror(-n));
		}
		got += (size_t)n;
	}
	close(fd);
	b[got] = '\0';
	*buf = b;
	*len = got;
	return 0;
}

/* NAME.tmp.PID or NAME.tmp.PID.MORE: PID, else 0. */
static pid_t
temp_pid(const char *name)
{
	const char	*p = strstr(name, ".tmp.");
	char		*end;
	long		 pid;

	if (p == NULL || p == name)
		return 0;
	pid = strtol(p + 5, &end, 10);
	if (end == p + 5 || (*end != '\0' && *end != '.') || pid <= 0 ||
	    pid > INT_MAX)
		return 0;
	return (pid_t)pid;
}

void
safefile_sweep(int dirfd)
{
	struct dirent	*de;
	struct stat	 st;
	pid_t		 pid;
	DIR		*d;
	int		 fd;

	/* A description of its own: the caller's offset stays. */
	if ((fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if ((pid = temp_pid(de->d_name)) == 0)
			continue;
		/* A live writer's (EPERM: alive, someone else's). */
		if (kill(pid, 0) == 0 || errno == EPERM)
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_uid == geteuid())
			unlinkat(dirfd, de->d_name, 0);
	}
	closedir(d);
}
