/*
 * A walk of /proc/PID/fd.  Links we cannot read (other users' processes
 * when not root) are skipped: the kernel's own refusal to unbind a busy
 * driver is the last line of defence there.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "holders.h"
#include "pci.h"
#include "sysfs.h"

#define MAX_NODES	8

struct nodes {
	char	path[MAX_NODES][300];	/* "/dev/dri/card0" */
	size_t	n;
	int	nvidia;			/* also any /dev/nvidia* */
};

static void
find_nodes(const struct sysfs *sys, const struct pci_dev_info *d,
    struct nodes *nodes)
{
	struct dirent	*de;
	char		 path[64];
	DIR		*dir;

	nodes->n = 0;
	nodes->nvidia = strcmp(d->driver, "nvidia") == 0;
	snprintf(path, sizeof path, "bus/pci/devices/%s/drm", d->name);
	if ((dir = sysfs_opendir(sys, path)) == NULL)
		return;
	while ((de = readdir(dir)) != NULL && nodes->n < MAX_NODES)
		if (strncmp(de->d_name, "card", 4) == 0 ||
		    strncmp(de->d_name, "renderD", 7) == 0)
			snprintf(nodes->path[nodes->n++], sizeof nodes->path[0],
			    "/dev/dri/%s", de->d_name);
	closedir(dir);
}

static int
node_matches(const struct nodes *nodes, const char *target)
{
	size_t	i;

	for (i = 0; i < nodes->n; i++)
		if (strcmp(nodes->path[i], target) == 0)
			return 1;
	return nodes->nvidia && strncmp(target, "/dev/nvidia", 11) == 0;
}

static int
pid_holds(const char *proc_root, const char *pid, const struct nodes *nodes)
{
	struct dirent	*de;
	char		 path[4096], target[256];
	ssize_t		 n;
	DIR		*dir;
	int		 found = 0;

	snprintf(path, sizeof path, "%s/%s/fd", proc_root, pid);
	if ((dir = opendir(path)) == NULL)
		return 0;
	while (!found && (de = readdir(dir)) != NULL) {
		snprintf(path, sizeof path, "%s/%s/fd/%s", proc_root, pid,
		    de->d_name);
		n = readlink(path, target, sizeof target - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = node_matches(nodes, target);
	}
	closedir(dir);
	return found;
}

static void
append_holder(const char *proc_root, const char *pid, char *buf, size_t len)
{
	char	path[4096], comm[64] = "?";
	FILE	*f;
	size_t	used = strlen(buf);

	snprintf(path, sizeof path, "%s/%s/comm", proc_root, pid);
	if ((f = fopen(path, "re")) != NULL) {
		if (fgets(comm, sizeof comm, f) != NULL)
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	snprintf(buf + used, len - used, "%s%s (%s)", used ? ", " : "", comm,
	    pid);
}

/* The processes under PROC_ROOT that hold one of NODES. */
static size_t
find_holders(const char *proc_root, const struct nodes *nodes, char *buf,
    size_t len)
{
	struct dirent	*de;
	DIR		*dir;
	size_t		 count = 0;

	buf[0] = '\0';
	if ((nodes->n == 0 && !nodes->nvidia) ||
	    (dir = opendir(proc_root)) == NULL)
		return 0;
	while ((de = readdir(dir)) != NULL) {
		if (strspn(de->d_name, "0123456789") != strlen(de->d_name))
			continue;
		if (pid_holds(proc_root, de->d_name, nodes)) {
			append_holder(proc_root, de->d_name, buf, len);
			count++;
		}
	}
	closedir(dir);
	return count;
}

size_t
holders_find(const struct sysfs *sys, const char *proc_root,
    const struct pci_dev_info *d, char *buf, size_t len)
{
	struct nodes	nodes;

	find_nodes(sys, d, &nodes);
	return find_holders(proc_root, &nodes, buf, len);
}

size_t
holders_of_group(const char *proc_root, int group, char *buf, size_t len)
{
	struct nodes	nodes = { .n = 1 };

	snprintf(nodes.path[0], sizeof nodes.path[0], "/dev/vfio/%d", group);
	return find_holders(proc_root, &nodes, buf, len);
}
