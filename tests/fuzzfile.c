/*
 * The fuzz targets' input as a file.  A fuzz run writes it hundreds of
 * thousands of times, so the directory is made once and the file is
 * rewritten in place, then cut to size: ext4 writes a file out at close
 * when it was truncated to nothing first (auto_da_alloc), which made
 * each run wait a millisecond on the disk.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzzfile.h"

static char	dir[PATH_MAX];

static void
remove_dir(void)
{
	struct dirent	*de;
	DIR		*d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
	rmdir(dir);
}

static void
make_dir(void)
{
	const char	*tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/vfiotui-fuzz.XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		abort();
	}
	atexit(remove_dir);
}

const char *
fuzzfile_path(const char *name)
{
	static char	path[PATH_MAX + 64];

	if (dir[0] == '\0')
		make_dir();
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

const char *
fuzzfile_write(const char *name, const uint8_t *data, size_t len)
{
	const char	*path = fuzzfile_path(name);
	size_t		 left;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		perror(path);
		abort();
	}
	for (left = len; left > 0; data += n, left -= (size_t)n)
		if ((n = write(fd, data, left)) <= 0) {
			perror(path);
			abort();
		}
	if (ftruncate(fd, (off_t)len) == -1) {
		perror(path);
		abort();
	}
	close(fd);
	return path;
}
