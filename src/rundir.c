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
	if (sub != NULL)
		n = snprintf(buf, len, "%s/vfiotui/%s", base, sub);
	else
		n = snprintf(buf, len, "%s/vfiotui", base);
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "runtime dir path too long: %s/vfiotui",
		    base);
		return -1;
	}
	return 0;
}

int
rundir_make(const char *dir)
{
	char		path[4096], *p;
	struct stat	st;

	if (strlen(dir) >= sizeof path)
		return -ENAMETOOLONG;
	strcpy(path, dir);
	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return -errno;
	if (stat(path, &st) == -1)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	/* Someone else's directory is not ours to use. */
	if (access(path, W_OK | X_OK) == -1)
		return -errno;
	return 0;
}
