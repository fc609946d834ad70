/*
 * The runtime directory's place and creation, shared by everything that
 * keeps state across vfiotui runs.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rundir.h"
#include "safefile.h"

/*
 * An existing runtime dir TOP (BASE/vfiotui) is this user's own.  One of
 * another user's is their state, not ours: root's, seen by a user whose
 * XDG_RUNTIME_DIR points at it (empty lists, "no such guest", a switch
 * "down" that is up), or a user's, seen by root run with that user's
 * environment (sudo -E).  A missing one is made later, safely.
 */
static int
rundir_own(const char *base, const char *top, char *err, size_t errlen)
{
	struct stat	st;
	char		who[64];
	int		e;

	if (lstat(top, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "the runtime dir %s is not a "
			    "directory", top);
			return -1;
		}
		if (st.st_uid == geteuid())
			return 0;
		safefile_owner(st.st_uid, who, sizeof who);
		snprintf(err, errlen, "the runtime dir %s belongs to %s, not "
		    "to this user: XDG_RUNTIME_DIR (%s) is not your own "
		    "runtime dir", top, who, base);
		return -1;
	}
	if ((e = errno) == ENOENT)
		return 0;
	if (stat(base, &st) == 0 && st.st_uid != geteuid()) {
		safefile_owner(st.st_uid, who, sizeof who);
		snprintf(err, errlen, "cannot reach the runtime dir %s: %s "
		    "(XDG_RUNTIME_DIR, %s, belongs to %s, mode %04o, not to "
		    "this user)",
		    top, strerror(e), base, who,
		    (unsigned)(st.st_mode & 07777));
	} else
		snprintf(err, errlen, "cannot reach the runtime dir %s: %s",
		    top, strerror(e));
	return -1;
}

int
rundir_path(const char *sub, char *buf, size_t len, char *err, size_t errlen)
{
	const char	*xdg = getenv("XDG_RUNTIME_DIR");
	const char	*base;
	int		 n;

	if (xdg != NULL && xdg[0] == '/')
		base = xdg;
	else if (geteuid() == 0)
		base = "/run";
	else {
		snprintf(err, errlen, "no runtime dir: XDG_RUNTIME_DIR is not "
		    "set (log in through a session manager, or set it)");
		return -1;
	}
	n = snprintf(buf, len, "%s/vfiotui", base);
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "runtime dir path too long: %s/vfiotui",
		    base);
		return -1;
	}
	if (rundir_own(base, buf, err, errlen) == -1)
		return -1;
	if (sub != NULL &&
	    snprintf(buf + n, len - n, "/%s", sub) >= (int)(len - n)) {
		snprintf(err, errlen, "runtime dir path too long: %s/%s", buf,
		    sub);
		return -1;
	}
	return 0;
}

int
rundir_make(const char *dir, char *err, size_t errlen)
{
	int	fd;

	if ((fd = safefile_dir(dir, SAFEFILE_MAKE, err, errlen)) < 0)
		return fd;
	safefile_sweep(fd);
	close(fd);
	return 0;
}
