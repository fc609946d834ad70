#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "looking_glass.h"
#include "profile.h"

void
looking_glass_path(const struct profile *p, char *buf, size_t len)
{
	if (p->lg_kvmfr)
		snprintf(buf, len, "%s", LOOKING_GLASS_KVMFR);
	else
		snprintf(buf, len, "/dev/shm/looking-glass-%s", p->name);
}

int
looking_glass_prepare(const struct profile *p, char *err, size_t errlen)
{
	struct stat	st;
	char		path[128];
	off_t		size = (off_t)p->lg_mib * 1024 * 1024;
	int		fd;

	if (p->lg_mib == 0)
		return 0;
	looking_glass_path(p, path, sizeof path);
	if (p->lg_kvmfr) {
		if (access(path, R_OK | W_OK) == 0)
			return 0;
		snprintf(err, errlen, "%s:%d: looking-glass: %s: %s (load the "
		    "kvmfr module, with static_size_mb=%lu, and give this "
		    "user its device)", p->path, p->lg_line, path,
		    strerror(errno), p->lg_mib);
		return -1;
	}
	/* Not a link another user left: this user's file or a new one. */
	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1 || fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s:%d: looking-glass: %s: %s", p->path,
		    p->lg_line, path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (st.st_uid != geteuid() || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s:%d: looking-glass: %s is uid %d's, "
		    "not yours: remove it, or give the guest another name",
		    p->path, p->lg_line, path, (int)st.st_uid);
		close(fd);
		return -1;
	}
	if (fchmod(fd, 0600) == -1 || (st.st_size != size &&
	    ftruncate(fd, size) == -1)) {
		snprintf(err, errlen, "%s:%d: looking-glass: %s: %s", p->path,
		    p->lg_line, path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
