/*
 * Host facts for the header.  Each is one cheap read, done when the
 * dashboard starts and when the model changes (a driver registering
 * shows as a bind).  They all come from the one root they describe: a
 * fixture's groups beside this machine's uname would be a machine that
 * does not exist.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "hostfacts.h"
#include "sysfs.h"

static void
read_osrelease(struct hostfacts *f, const char *proc_root)
{
	char	 path[4096];
	FILE	*fp;

	f->kernel[0] = '\0';
	snprintf(path, sizeof path, "%s/sys/kernel/osrelease", proc_root);
	if ((fp = fopen(path, "re")) == NULL)
		return;
	if (fgets(f->kernel, sizeof f->kernel, fp) == NULL)
		f->kernel[0] = '\0';
	f->kernel[strcspn(f->kernel, "\n")] = '\0';
	fclose(fp);
}

/* VALUE of the line "KEY=VALUE" in TEXT, into BUF ("" when none). */
static void
tree_value(const char *text, const char *key, char *buf, size_t len)
{
	const char	*p = text;
	size_t		 klen = strlen(key);

	buf[0] = '\0';
	for (; *p != '\0'; p += strcspn(p, "\n"), p += *p == '\n') {
		if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
			p += klen + 1;
			snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
			return;
		}
	}
}

/* A tree's facts: what its own file says, or the --proc given with it. */
static void
read_tree(struct hostfacts *f, const struct sysfs *sys,
    const char *proc_root)
{
	char	text[1024];

	snprintf(f->tree, sizeof f->tree, "%s", sysfs_root(sys));
	if (sysfs_read(sys, HOSTFACTS_TREE_FILE, text, sizeof text) < 0)
		text[0] = '\0';
	tree_value(text, "demo", f->demo, sizeof f->demo);
	tree_value(text, "kernel", f->kernel, sizeof f->kernel);
	if (f->kernel[0] == '\0' && strcmp(proc_root, "/proc") != 0)
		read_osrelease(f, proc_root);
}

static int
count_entries(const struct sysfs *sys, const char *rel)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = sysfs_opendir(sys, rel)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

void
hostfacts_read(struct hostfacts *f, const struct sysfs *sys,
    const char *proc_root)
{
	memset(f, 0, sizeof *f);
	f->live = sysfs_is_live(sys);
	if (f->live)
		read_osrelease(f, proc_root);
	else
		read_tree(f, sys, proc_root);
	f->iommu_groups = count_entries(sys, "kernel/iommu_groups");
	f->vfio_pci = sysfs_exists(sys, "bus/pci/drivers/vfio-pci");
}
