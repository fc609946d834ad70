#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "unixsock.h"

int
unixsock_connect(const char *path, int flags)
{
	struct sockaddr_un	sun = { .sun_family = AF_UNIX };
	size_t			len = strlen(path);
	int			fd, r;

	if (len >= sizeof sun.sun_path)
		return -ENAMETOOLONG;
	memcpy(sun.sun_path, path, len + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | flags, 0)) ==
	    -1)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}
