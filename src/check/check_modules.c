/*
 * The vfio modules: loaded (/proc/modules), built in (/sys/module/NAME),
 * or at least in the running kernel's /lib/modules, where modprobe finds
 * them.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_parts.h"
#include "host.h"
#include "proctext.h"
#include "sysfs.h"

/* Loaded as a module (/proc/modules) or built in (/sys/module/NAME). */
static int
module_loaded(const struct check_env *env, const char *modules,
    const char *name)
{
	char	path[128];
	int	fd;

	if (modules != NULL && proctext_module_loaded(modules, name))
		return 1;
	snprintf(path, sizeof path, "module/%s", name);
	if ((fd = sysfs_openat(env->host->sys, path, O_PATH | O_DIRECTORY)) < 0)
		return 0;
	close(fd);
	return 1;
}

/*
 * Whether module NAME is in the running kernel's tree: a line of
 * modules.dep or modules.builtin in /lib/modules/RELEASE (RELEASE from
 * the proc root's sys/kernel/osrelease).  1, 0, or -1 when unknown;
 * RELEASE goes into rel.
 */
static int
module_available(const struct check_env *env, const char *name, char *rel,
    size_t rellen)
{
	static const char *const lists[] = { "modules.dep", "modules.builtin" };
	char	path[4096], line[512], *release;
	size_t	i;
	FILE	*f;
	int	r = -1;

	if ((release = check_read_proc(env, "sys/kernel/osrelease",
	    128)) == NULL)
		return -1;
	release[strcspn(release, "\n")] = '\0';
	snprintf(rel, rellen, "%s", release);
	free(release);
	for (i = 0; i < sizeof lists / sizeof lists[0] && r != 1; i++) {
		snprintf(path, sizeof path, "%s/lib/modules/%s/%s",
		    env->files_root, rel, lists[i]);
		if ((f = fopen(path, "re")) == NULL)
			continue;
		r = 0;
		while (r == 0 && fgets(line, sizeof line, f) != NULL)
			r = proctext_module_line(line, name);
		fclose(f);
	}
	return r;
}

void
check_modules(const struct check_env *env, struct check_list *list)
{
	static const char *const names[] = { "vfio", "vfio_pci",
	    "vfio_iommu_type1" };
	struct check	*c;
	char		 missing[128] = "", absent[128] = "", rel[128] = "";
	char		*modules, *to;
	size_t		 i;
	int		 known = 1;

	if (check_skipped(env, list, "vfio modules", CHECK_FROM_PROC,
	    "/proc/modules"))
		return;
	modules = check_read_proc(env, "modules", 1 << 20);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (module_loaded(env, modules, names[i]))
			continue;
		switch (module_available(env, names[i], rel, sizeof rel)) {
		case 0:
			to = absent;
			break;
		case -1:
			known = 0;
			/* FALLTHROUGH */
		default:
			to = missing;
			break;
		}
		snprintf(to + strlen(to), sizeof missing - strlen(to), "%s%s",
		    to[0] ? ", " : "", names[i]);
	}
	free(modules);
	if (absent[0] != '\0') {
		c = check_add(list, "vfio modules", CHECK_FAIL, "not in this "
		    "kernel: %s (neither loaded, built in, nor in "
		    "/lib/modules/%s)", absent, rel);
		check_fix(c, "boot a kernel built with CONFIG_VFIO, "
		    "CONFIG_VFIO_PCI and CONFIG_VFIO_IOMMU_TYPE1");
		return;
	}
	if (missing[0] == '\0') {
		check_add(list, "vfio modules", CHECK_OK, "vfio, vfio_pci and "
		    "vfio_iommu_type1 are loaded");
		return;
	}
	if (known)
		c = check_add(list, "vfio modules", CHECK_WARN, "not loaded: "
		    "%s, but in /lib/modules/%s", missing, rel);
	else
		c = check_add(list, "vfio modules", CHECK_WARN, "not loaded: "
		    "%s", missing);
	check_fix(c, "modprobe vfio-pci (vfiotui bind loads it), or load "
	    "them at boot: vfio vfio_iommu_type1 vfio_pci in "
	    "/etc/modules-load.d/vfio.conf or the initramfs");
}
