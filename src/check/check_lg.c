/*
 * A guest's Looking Glass memory judged before it starts: the kvmfr
 * module and its device, or the /dev/shm file guest start makes (this
 * user's, mode 0600, the profile's size), which a file left by another
 * user or a smaller one would spoil.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check_parts.h"
#include "host.h"
#include "looking_glass.h"
#include "profile.h"
#include "sysfs.h"

#define ITEM	"Looking Glass"

static void
check_kvmfr(const struct check_env *env, const struct profile *prof,
    const char *path, struct check_list *list)
{
	struct check	*c;
	char		 full[4096];

	snprintf(full, sizeof full, "%s%s", env->files_root, path);
	if (!sysfs_exists(env->host->sys, "module/kvmfr")) {
		c = check_add(list, ITEM, CHECK_FAIL, "looking-glass = ... "
		    "kvmfr, but the kvmfr module is not loaded");
		check_fix(c, "modprobe kvmfr static_size_mb=%lu (it comes with "
		    "Looking Glass' source, built with DKMS)", prof->lg_mib);
	} else if (access(full, R_OK | W_OK) == -1) {
		c = check_add(list, ITEM, CHECK_FAIL, "%s: this user cannot "
		    "read and write it", path);
		check_fix(c, "a udev rule: SUBSYSTEM==\"kvmfr\", OWNER=\"%s\", "
		    "MODE=\"0600\"", getenv("USER") ? getenv("USER") : "you");
	} else
		check_add(list, ITEM, CHECK_OK, "%s, %lu MiB, from kvmfr", path,
		    prof->lg_mib);
}

void
check_looking_glass(const struct check_env *env, const struct profile *prof,
    struct check_list *list)
{
	struct stat	 st;
	struct check	*c;
	char		 path[128], full[4096];

	if (prof->lg_mib == 0)
		return;
	looking_glass_path(prof, path, sizeof path);
	if (check_skipped(env, list, ITEM, CHECK_FROM_FILES, path))
		return;
	if (prof->lg_kvmfr) {
		check_kvmfr(env, prof, path, list);
		return;
	}
	snprintf(full, sizeof full, "%s%s", env->files_root, path);
	if (lstat(full, &st) == -1) {
		check_add(list, ITEM, CHECK_OK, "%s: made at start, %lu MiB, "
		    "this user's, mode 0600", path, prof->lg_mib);
		return;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		c = check_add(list, ITEM, CHECK_FAIL, "%s is uid %d's%s: the "
		    "start would refuse it", path, (int)st.st_uid,
		    S_ISREG(st.st_mode) ? "" : ", not a file");
		check_fix(c, "remove it (as its owner or root)");
		return;
	}
	if ((st.st_mode & 077) != 0)
		c = check_add(list, ITEM, CHECK_WARN, "%s is mode %04o: other "
		    "users may read the guest's screen", path,
		    (unsigned)(st.st_mode & 07777));
	else
		c = check_add(list, ITEM, CHECK_OK, "%s, %lld of %lu MiB, this "
		    "user's", path, (long long)st.st_size / (1024 * 1024),
		    prof->lg_mib);
	if (c != NULL && c->level == CHECK_WARN)
		check_fix(c, "chmod 600 %s (the start does it too)", path);
}
