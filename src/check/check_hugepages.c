/*
 * A guest that asks for hugepages: QEMU preallocates all of its memory
 * from hugetlbfs at start, so a pool too small or a mount that is not
 * there makes the start fail.  Both are seen in /proc, before it does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_parts.h"
#include "proctext.h"
#include "profile.h"

#define MEMINFO_MAX	(1 << 16)
#define MOUNTS_MAX	(1 << 20)

/* Whether the pool holds the guest: meminfo's free pages and their size. */
static void
check_pool(const struct check_env *env, const struct profile *prof,
    const char *meminfo, struct check_list *list)
{
	unsigned long long	 pages, kib, need;
	struct check		*c;

	if (proctext_number(meminfo, "HugePages_Free:", &pages) == -1 ||
	    proctext_number(meminfo, "Hugepagesize:", &kib) == -1 ||
	    kib == 0) {
		check_add(list, "hugepages", CHECK_WARN, "%s/meminfo says "
		    "nothing of hugepages: the kernel may lack hugetlbfs",
		    env->proc_root);
		return;
	}
	/* Rounded up without the sum that a huge page size would wrap. */
	need = prof->memory_mib * 1024ULL / kib +
	    (prof->memory_mib * 1024ULL % kib != 0);
	if (pages >= need) {
		check_add(list, "hugepages", CHECK_OK, "%llu free pages of "
		    "%llu KiB hold guest %s's %lu MiB", pages, kib, prof->name,
		    prof->memory_mib);
		return;
	}
	c = check_add(list, "hugepages", CHECK_FAIL, "%llu free pages of "
	    "%llu KiB, and guest %s needs %llu for its %lu MiB: QEMU would "
	    "fail to start", pages, kib, prof->name, need, prof->memory_mib);
	check_fix(c, "reserve them: echo %llu > /proc/sys/vm/nr_hugepages "
	    "(more than free now if some are in use), or hugepages=%llu on "
	    "the kernel command line; or %s:%d: hugepages = no", need, need,
	    prof->path, prof->hugepages_line);
}

void
check_hugepages(const struct check_env *env, const struct profile *prof,
    struct check_list *list)
{
	char		*meminfo, *mounts;
	struct check	*c;

	if (prof->hugepages == NULL || check_skipped(env, list, "hugepages",
	    CHECK_FROM_PROC, "/proc/meminfo"))
		return;
	mounts = check_read_proc(env, "mounts", MOUNTS_MAX);
	if (mounts != NULL && !proctext_mounted(mounts, prof->hugepages,
	    "hugetlbfs")) {
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
