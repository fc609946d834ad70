/*
 * fakekernel: plays the kernel for tests.  It puts a fixture tree (from
 * mkfixture) into a umockdev testbed, prints the testbed's directory, and
 * then takes commands on stdin, one a line, changing the tree as the
 * kernel would and sending the uevents the kernel would send, through
 * umockdev, to every libudev monitor running under the umockdev preload
 * with that UMOCKDEV_DIR.
 *
 *   bind ADDR DRIVER        driver link, drivers/DRIVER/ADDR, "bind"
 *   unbind ADDR             both links gone, "unbind"
 *   set ADDR ATTR VALUE     writes an attribute, sends nothing (as runtime
 *                           PM does not)
 *   uevent ADDR ACTION      sends ACTION for the device
 *   remove ADDR             "remove", then the device leaves the tree
 *   add ADDR                a removed device comes back (rescan), "add"
 *
 * Each command is answered with "ok" or "error: why" on stdout.  At EOF
 * the testbed is removed.
 *
 * Run it under umockdev-wrapper: umockdev builds each uevent from the
 * device as libudev sees it in this process, so /sys must be the testbed
 * here too.
 */
#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <umockdev.h>

#include "fixture_tree.h"

struct bed {
	UMockdevTestbed	*tb;
	char		*root;		/* UMOCKDEV_DIR */
	char		*sys;		/* root/sys */
	char		 stash[PATH_MAX];	/* removed devices wait here */
};

/* snprintf for paths: a path that does not fit is a bug in the test. */
static void __attribute__((format(printf, 3, 4)))
pathf(char *buf, size_t len, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		fprintf(stderr, "fakekernel: path too long\n");
		exit(1);
	}
}

/* Runs ARGV outside the preload, which would make cp -a lose links. */
static int
run(char *const argv[])
{
	pid_t	pid;
	int	status;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		unsetenv("LD_PRELOAD");
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* "devices/pci0000:00/0000:00:01.0/0000:01:00.0" for ADDR, from its link. */
static int
dev_path(const struct bed *bed, const char *addr, char *out, size_t len)
{
	char	link[PATH_MAX], target[PATH_MAX], *p;
	ssize_t	n;

	if (strchr(addr, '/') != NULL || strlen(addr) != 12)
		return -1;
	pathf(link, sizeof link, "%s/bus/pci/devices/%s", bed->sys, addr);
	if ((n = readlink(link, target, sizeof target - 1)) == -1)
		return -1;
	target[n] = '\0';
	if ((p = strstr(target, "devices/")) == NULL || strlen(p) >= len)
		return -1;
	strcpy(out, p);
	return 0;
}

static void
emit(struct bed *bed, const char *path, const char *action)
{
	char	devpath[PATH_MAX];

	pathf(devpath, sizeof devpath, "/sys/%s", path);
	umockdev_testbed_uevent(bed->tb, devpath, action);
}

/* Rewrites the uevent file's DRIVER= line. */
static int
set_uevent_driver(const struct bed *bed, const char *path, const char *drv)
{
	char	file[PATH_MAX], in[4096], out[4096];
	size_t	n;
	FILE	*f;

	pathf(file, sizeof file, "%s/%s/uevent", bed->sys, path);
	if ((f = fopen(file, "r")) == NULL)
		return -1;
	n = fread(in, 1, sizeof in - 1, f);
	in[n] = '\0';
	fclose(f);
	n = fixture_uevent_driver(in, drv, out, sizeof out);
	if ((f = fopen(file, "w")) == NULL)
		return -1;
	fwrite(out, 1, n, f);
	return fclose(f);
}

static int
cmd_unbind(struct bed *bed, const char *addr, const char *path)
{
	char	drv[NAME_MAX + 1];

	if (fixture_dev_driver(bed->sys, path, drv, sizeof drv) == -1)
		return -1;
	fixture_unbind_links(bed->sys, path, addr, drv);
	if (set_uevent_driver(bed, path, NULL) == -1)
		return -1;
	emit(bed, path, "unbind");
	return 0;
}

static int
cmd_bind(struct bed *bed, const char *addr, const char *path,
    const char *drv)
{
	char	dir[PATH_MAX];

	pathf(dir, sizeof dir, "%s/bus/pci/drivers/%s", bed->sys, drv);
	if ((mkdir(dir, 0755) == -1 && errno != EEXIST) ||
	    fixture_bind_links(bed->sys, path, addr, drv) == -1)
		return -1;
	if (set_uevent_driver(bed, path, drv) == -1)
		return -1;
	emit(bed, path, "bind");
	return 0;
}

static int
cmd_set(struct bed *bed, const char *path, const char *attr,
    const char *value)
{
	char	file[PATH_MAX * 2];
	FILE	*f;

	if (strstr(attr, "..") != NULL)
		return -1;
	pathf(file, sizeof file, "%s/%s/%s", bed->sys, path, attr);
	if ((f = fopen(file, "w")) == NULL)
		return -1;
	fprintf(f, "%s\n", value);
	return fclose(f);
}

/*
 * Moves the device's folder, and the link that names it, aside; the
 * iommu_group and driver links inside go with it and come back with it.
 */
static int
cmd_remove(struct bed *bed, const char *addr, const char *path)
{
	char	from[PATH_MAX], to[PATH_MAX];

	emit(bed, path, "remove");
	pathf(from, sizeof from, "%s/%s", bed->sys, path);
	pathf(to, sizeof to, "%s/%s", bed->stash, addr);
	if (rename(from, to) == -1)
		return -1;
	pathf(from, sizeof from, "%s/bus/pci/devices/%s", bed->sys, addr);
	pathf(to, sizeof to, "%s/%s.link", bed->stash, addr);
	return rename(from, to);
}

static int
cmd_add(struct bed *bed, const char *addr)
{
	char	from[PATH_MAX], to[PATH_MAX], path[PATH_MAX];

	pathf(from, sizeof from, "%s/%s.link", bed->stash, addr);
	pathf(to, sizeof to, "%s/bus/pci/devices/%s", bed->sys, addr);
	if (rename(from, to) == -1)
		return -1;
	if (dev_path(bed, addr, path, sizeof path) == -1)
		return -1;
	pathf(from, sizeof from, "%s/%s", bed->stash, addr);
	pathf(to, sizeof to, "%s/%s", bed->sys, path);
	if (rename(from, to) == -1)
		return -1;
	emit(bed, path, "add");
	return 0;
}

static int
command(struct bed *bed, char *line)
{
	char	*verb, *addr, *a1, *a2, path[PATH_MAX], *save;

	verb = strtok_r(line, " \n", &save);
	addr = strtok_r(NULL, " \n", &save);
	a1 = strtok_r(NULL, " \n", &save);
	a2 = strtok_r(NULL, "\n", &save);
	if (verb == NULL || addr == NULL)
		return -1;
	if (strcmp(verb, "add") == 0)
		return cmd_add(bed, addr);
	if (dev_path(bed, addr, path, sizeof path) == -1)
		return -1;
	if (strcmp(verb, "bind") == 0 && a1 != NULL)
		return cmd_bind(bed, addr, path, a1);
	if (strcmp(verb, "unbind") == 0)
		return cmd_unbind(bed, addr, path);
	if (strcmp(verb, "set") == 0 && a1 != NULL && a2 != NULL)
		return cmd_set(bed, path, a1, a2);
	if (strcmp(verb, "uevent") == 0 && a1 != NULL) {
		emit(bed, path, a1);
		return 0;
	}
	if (strcmp(verb, "remove") == 0)
		return cmd_remove(bed, addr, path);
	errno = EINVAL;
	return -1;
}

int
main(int argc, char **argv)
{
	struct bed	 bed;
	char		 line[1024], src[PATH_MAX];

	if (argc != 2) {
		fprintf(stderr, "usage: fakekernel FIXTURE_TREE\n");
		return 2;
	}
	bed.tb = umockdev_testbed_new();
	bed.root = umockdev_testbed_get_root_dir(bed.tb);
	bed.sys = umockdev_testbed_get_sys_dir(bed.tb);
	snprintf(bed.stash, sizeof bed.stash, "%s/removed", bed.root);
	pathf(src, sizeof src, "%s/.", argv[1]);
	if (mkdir(bed.stash, 0700) == -1 ||
	    run((char *[]){ "cp", "-a", src, bed.sys, NULL }) == -1) {
		fprintf(stderr, "fakekernel: cannot fill %s\n", bed.sys);
		g_object_unref(bed.tb);
		return 1;
	}
	printf("%s\n", bed.root);
	fflush(stdout);
	while (fgets(line, sizeof line, stdin) != NULL) {
		if (command(&bed, line) == 0)
			printf("ok\n");
		else
			printf("error: %s\n", strerror(errno ? errno : EINVAL));
		fflush(stdout);
		errno = 0;
	}
	g_free(bed.root);
	g_free(bed.sys);
	g_object_unref(bed.tb);
	return 0;
}
