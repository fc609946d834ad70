/*
 * Host facts for the header.  Each is one cheap read, done when the
 * dashboard starts and when the model changes (a driver registering
 * shows as a bind).
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "hostfacts.h"
#include "sysfs.h"

static void
read_kernel(struct hostfacts *f, const char *proc_root)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(f->kernel, sizeof f->kernel, "?");
	snprintf(path, sizeof path, "%s/sys/kernel/osrelease", proc_root);
	if ((fp = fopen(path, "re")) == NULL)
		return;
	if (fgets(f->kernel, sizeof f->kernel, fp) == NULL)
		snprintf(f->kernel, sizeof f->kernel, "?");
	f->kernel[strcspn(f->kernel, "\n")] = '\0';
	fclose(fp);
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
	read_kernel(f, proc_root);
	f->iommu_groups = count_entries(sys, "kernel/iommu_groups");
	f->vfio_pci = sysfs_exists(sys, "bus/pci/drivers/vfio-pci");
}
