/*
 * fixture_tree: the links and files that bind a device to a driver in a
 * fixture tree, for mkfixture and for the fakes that play the kernel.
 * The links are relative, as in /sys, so that a tree can be copied.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fixture_tree.h"

const char *const fixture_driver_files[] = { "bind", "unbind", "new_id",
    "remove_id", NULL };

int
fixture_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		return errno = ENAMETOOLONG, -1;
	return 0;
}

int
fixture_up(const char *dev, char *buf, size_t size)
{
	size_t	len = 0;

	for (; dev != NULL; dev = strchr(dev + 1, '/')) {
		if (len + 3 >= size)
			return errno = ENAMETOOLONG, -1;
		memcpy(buf + len, "../", 3);
		len += 3;
	}
	buf[len] = '\0';
	return 0;
}

int
fixture_dev_driver(const char *root, const char *dev, char *drv,
    size_t size)
{
	char	p[PATH_MAX], t[PATH_MAX], *base;
	ssize_t	n;

	*drv = '\0';
	if (fixture_path(p, sizeof(p), "%s/%s/driver", root, dev) == -1 ||
	    (n = readlink(p, t, sizeof(t) - 1)) == -1)
		return -1;
	t[n] = '\0';
	base = strrchr(t, '/');
	return fixture_path(drv, size, "%s", base != NULL ? base + 1 : t);
}

int
fixture_bind_links(const char *root, const char *dev, const char *addr,
    const char *drv)
{
	char	p[PATH_MAX], t[PATH_MAX], up[PATH_MAX];

	if (fixture_path(p, sizeof(p), "%s/bus/pci/drivers/%s/%s", root, drv,
	    addr) == -1 || fixture_path(t, sizeof(t), "../../../../%s",
	    dev) == -1 || symlink(t, p) == -1)
		return -1;
	if (fixture_up(dev, up, sizeof(up)) == -1 ||
	    fixture_path(p, sizeof(p), "%s/%s/driver", root, dev) == -1 ||
	    fixture_path(t, sizeof(t), "%sbus/pci/drivers/%s", up, drv) == -1 ||
	    symlink(t, p) == -1)
		return -1;
	return 0;
}

void
fixture_unbind_links(const char *root, const char *dev, const char *addr,
    const char *drv)
{
	char	p[PATH_MAX];

	if (fixture_path(p, sizeof(p), "%s/%s/driver", root, dev) == 0)
		unlink(p);
	if (fixture_path(p, sizeof(p), "%s/bus/pci/drivers/%s/%s", root, drv,
	    addr) == 0)
		unlink(p);
}

size_t
fixture_uevent_driver(const char *in, const char *drv, char *out,
    size_t size)
{
	const char	*line, *nl;
	size_t		 len = 0, n;

	if (drv != NULL && fixture_path(out, size, "DRIVER=%s\n", drv) == 0)
		len = strlen(out);
	for (line = in; *line != '\0'; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			nl++;
		else
			nl = line + strlen(line);
		n = (size_t)(nl - line);
		/* Room for the newline a last line without one gets. */
		if (strncmp(line, "DRIVER=", 7) == 0 || len + n + 1 > size)
			continue;
		memcpy(out + len, line, n);
		len += n;
	}
	if (len > 0 && out[len - 1] != '\n')
		out[len++] = '\n';
	return len;
}
