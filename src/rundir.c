/*
 * The runtime directory's place and creation, shared by everything that
 * keeps state across vfiotui runs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rundir.h"
#include "safefile.h"

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
rundir_make(const char *dir, char *err, size_t errlen)
{
	int	fd;

	if ((fd = safefile_dir(dir, SAFEFILE_MAKE, err, errlen)) < 0)
		return fd;
	safefile_sweep(fd);
	close(fd);
	return 0;
}
