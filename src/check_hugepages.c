/*
 * A guest that asks for hugepages: QEMU preallocates all of its memory
 * from hugetlbfs at start, so a pool too small or a mount that is not
 * there makes the start fail.  Both are seen in /proc, before it does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "profile.h"

#define MEMINFO_MAX	(1 << 16)
#define MOUNTS_MAX	(1 << 20)

/* The number after "KEY:" in /proc/meminfo text, or -1. */
static long long
meminfo_value(const char *text, const char *key)
{
	const char	*p = text;
	size_t		 len = strlen(key);

	for (; p != NULL && *p != '\0'; p = strchr(p, '\n'), p += p != NULL) {
		if (strncmp(p, key, len) == 0 && p[len] == ':')
			return strtoll(p + len + 1, NULL, 10);
	}
	return -1;
}

/* Whether /proc/mounts text has hugetlbfs mounted on DIR. */
static int
hugetlbfs_at(const char *mounts, const char *dir)
{
	char		 point[4096], type[64];
	const char	*p = mounts;

	for (; p != NULL && *p != '\0'; p = strchr(p, '\n'), p += p != NULL) {
		if (sscanf(p, "%*s %4095s %63s", point, type) == 2 &&
		    strcmp(point, dir) == 0 && strcmp(type, "hugetlbfs") == 0)
			return 1;
	}
	return 0;
}

/* Whether the pool holds the guest: meminfo's free pages and their size. */
static void
check_pool(const struct check_env *env, const struct profile *prof,
    const char *meminfo, struct check_list *list)
{
	long long	 pages = meminfo_value(meminfo, "HugePages_Free");
	long long	 kib = meminfo_value(meminfo, "Hugepagesize");
	long long	 need;
	struct check	*c;

	if (pages < 0 || kib <= 0) {
		check_add(list, "hugepages", CHECK_WARN, "%s/meminfo says "
		    "nothing of hugepages: the kernel may lack hugetlbfs",
		    env->proc_root);
		return;
	}
	need = ((long long)prof->memory_mib * 1024 + kib - 1) / kib;
	if (pages >= need) {
		check_add(list, "hugepages", CHECK_OK, "%lld free pages of %lld "
		    "KiB hold guest %s's %lu MiB", pages, kib, prof->name,
		    prof->memory_mib);
		return;
	}
	c = check_add(list, "hugepages", CHECK_FAIL, "%lld free pages of "
	    "%lld KiB, and guest %s needs %lld for its %lu MiB: QEMU would "
	    "fail to start", pages, kib, prof->name, need, prof->memory_mib);
	check_fix(c, "reserve them: echo %lld > /proc/sys/vm/nr_hugepages "
	    "(more than free now if some are in use), or hugepages=%lld on "
	    "the kernel command line; or %s:%d: hugepages = no", need, need,
	    prof->path, prof->hugepages_line);
}

void
check_hugepages(const struct check_env *env, const struct profile *prof,
    struct check_list *list)
{
	char		*meminfo, *mounts;
	struct check	*c;

	if (prof->hugepages == NULL)
		return;
	mounts = check_read_proc(env, "mounts", MOUNTS_MAX);
	if (mounts != NULL && !hugetlbfs_at(mounts, prof->hugepages)) {
		c = check_add(list, "hugepages mount", CHECK_FAIL, "no "
		    "hugetlbfs is mounted on %s, which guest %s's memory "
		    "comes from", prof->hugepages, prof->name);
		check_fix(c, "mount -t hugetlbfs hugetlbfs %s (systemd's "
		    "dev-hugepages.mount does it for /dev/hugepages), or "
		    "%s:%d: hugepages = the mount point", prof->hugepages,
		    prof->path, prof->hugepages_line);
	}
	free(mounts);
	if ((meminfo = check_read_proc(env, "meminfo", MEMINFO_MAX)) == NULL) {
		check_add(list, "hugepages", CHECK_WARN, "cannot read "
		    "%s/meminfo", env->proc_root);
		return;
	}
	check_pool(env, prof, meminfo, list);
	free(meminfo);
}
