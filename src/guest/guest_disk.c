#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "guest_disk.h"
#include "rundir.h"
#include "spawn.h"
#include "xdg.h"

int
guest_disk_size_ok(const char *s)
{
	size_t	n = strspn(s, "0123456789");

	return n > 0 && s[0] != '0' && (s[n] == '\0' ||
	    (strchr("KMGT", s[n]) != NULL && s[n + 1] == '\0'));
}

int
guest_disk_path(const char *name, char *buf, size_t len, char *err,
    size_t errlen)
{
	char	dir[PATH_MAX];
	int	n;

	if (xdg_path(XDG_DATA, "disks", dir, sizeof dir, err, errlen) == -1)
		return -1;
	n = snprintf(buf, len, "%s/%s.qcow2", dir, name);
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "%s/%s.qcow2: path too long", dir, name);
		return -1;
	}
	return 0;
}

/* FILE's folder made, when it is the data dir's disks folder. */
static int
make_disks_dir(const char *file, char *err, size_t errlen)
{
	char	dir[PATH_MAX], copy[PATH_MAX];

	if (xdg_path(XDG_DATA, "disks", dir, sizeof dir, err, errlen) == -1)
		return -1;
	snprintf(copy, sizeof copy, "%s", file);
	if (strcmp(dirname(copy), dir) != 0)
		return 0;
	return rundir_make(dir, err, errlen) < 0 ? -1 : 0;
}

int
guest_disk_create(const char *file, const char *size, char *err,
    size_t errlen)
{
	struct stat	 st;
	char		 out[4096], why[1024];
	size_t		 n;
	char		*argv[] = { "qemu-img", "create", "-q", "-fqcow2",
			    (char *)file, (char *)size, NULL };
	int		 r;

	if (stat(file, &st) == 0) {
		snprintf(err, errlen, "%s is there already: leaving it", file);
		return -1;
	}
	if (make_disks_dir(file, err, errlen) == -1)
		return -1;
	if ((r = spawn_run(argv, out, sizeof out, why, sizeof why)) == 0)
		return 0;
	for (n = strlen(out); n > 0 && out[n - 1] == '\n'; n--)
		out[n - 1] = '\0';
	snprintf(err, errlen, "%s%s", r == -1 ? why : "qemu-img: ",
	    r == -1 ? "" : out);
	return -1;
}
