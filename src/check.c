/*
 * The host-wide preflight checks, in the order a user fixes them: CPU,
 * /dev/kvm, the IOMMU and the kernel command line, the vfio modules, then
 * each GPU (check_gpu.c), then memlock, OVMF and kvm's ignore_msrs.
 */
#include "config.h"

#include <sys/resource.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "host.h"
#include "sysfs.h"

struct check *
check_add(struct check_list *list, const char *name, enum check_level level,
    const char *fmt, ...)
{
	struct check	*c, *v;
	va_list		 ap;

	if (list->n == list->cap) {
		v = reallocarray(list->v, list->cap + 16, sizeof *v);
		if (v == NULL) {
			list->oom = 1;
			return NULL;
		}
		list->v = v;
		list->cap += 16;
	}
	c = &list->v[list->n++];
	snprintf(c->name, sizeof c->name, "%s", name);
	c->level = level;
	c->fix[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
	return c;
}

void
check_fix(struct check *c, const char *fmt, ...)
{
	va_list	ap;

	if (c == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(c->fix, sizeof c->fix, fmt, ap);
	va_end(ap);
}

void
check_list_free(struct check_list *list)
{
	free(list->v);
	memset(list, 0, sizeof *list);
}

int
check_list_failed(const struct check_list *list)
{
	size_t	i;

	for (i = 0; i < list->n; i++)
		if (list->v[i].level == CHECK_FAIL)
			return 1;
	return 0;
}

const char *
check_level_word(enum check_level level)
{
	static const char *const words[] = { "ok", "warn", "fail" };

	return words[level];
}

int
check_file_rw(const struct check_env *env, const char *path)
{
	char	full[4096];

	snprintf(full, sizeof full, "%s%s", env->files_root, path);
	if (access(full, F_OK) == -1)
		return -errno;
	return access(full, R_OK | W_OK) == -1 ? -errno : 0;
}

char *
check_read_proc(const struct check_env *env, const char *name, size_t max)
{
	char	path[4096], *buf;
	size_t	n;
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", env->proc_root, name);
	if ((f = fopen(path, "re")) == NULL)
		return NULL;
	if ((buf = malloc(max + 1)) != NULL) {
		n = fread(buf, 1, max, f);
		buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

/* Whether WORD is a whole word (space separated) of TEXT. */
static int
has_word(const char *text, const char *word)
{
	size_t		 len = strlen(word);
	const char	*p = text;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == text || p[-1] == ' ' || p[-1] == '\t' ||
		    p[-1] == '\n') && (p[len] == '\0' || p[len] == ' ' ||
		    p[len] == '\n' || p[len] == '\t'))
			return 1;
		p += len;
	}
	return 0;
}

/* The value of PARAM= on the command line, or NULL. */
static const char *
cmdline_value(const char *cmdline, const char *param, char *buf, size_t len)
{
	size_t		 plen = strlen(param);
	const char	*p = cmdline;
	size_t		 n;

	while ((p = strstr(p, param)) != NULL) {
		if (p == cmdline || p[-1] == ' ') {
			p += plen;
			n = strcspn(p, " \n");
			snprintf(buf, len, "%.*s", (int)n, p);
			return buf;
		}
		p += plen;
	}
	return NULL;
}

/* 'i' for Intel, 'a' for AMD, 0 unknown: from cpuinfo's flags. */
static int
check_cpu(const struct check_env *env, struct check_list *list)
{
	struct check	*c;
	char		*cpuinfo;
	int		 cpu = 0;

	/* The first CPU's lines are enough. */
	if ((cpuinfo = check_read_proc(env, "cpuinfo", 1 << 16)) == NULL) {
		check_add(list, "CPU virtualization", CHECK_WARN, "cannot "
		    "read %s/cpuinfo", env->proc_root);
		return 0;
	}
	if (has_word(cpuinfo, "vmx")) {
		check_add(list, "CPU virtualization", CHECK_OK, "vmx in "
		    "%s/cpuinfo: Intel VT-x is on", env->proc_root);
		cpu = 'i';
	} else if (has_word(cpuinfo, "svm")) {
		check_add(list, "CPU virtualization", CHECK_OK, "svm in "
		    "%s/cpuinfo: AMD-V is on", env->proc_root);
		cpu = 'a';
	} else {
		c = check_add(list, "CPU virtualization", CHECK_FAIL, "neither "
		    "vmx nor svm among the CPU flags in %s/cpuinfo",
		    env->proc_root);
		check_fix(c, "turn on Intel VT-x or AMD SVM in the firmware "
		    "setup");
		cpu = strstr(cpuinfo, "AuthenticAMD") != NULL ? 'a' : 'i';
	}
	free(cpuinfo);
	return cpu;
}

static void
check_kvm(const struct check_env *env, struct check_list *list, int cpu)
{
	struct check	*c;
	int		 r = check_file_rw(env, "/dev/kvm");

	if (r == 0) {
		check_add(list, "/dev/kvm", CHECK_OK, "/dev/kvm is there "
		    "and this user can open it");
		return;
	}
	if (r == -ENOENT) {
		c = check_add(list, "/dev/kvm", CHECK_FAIL, "no /dev/kvm: the "
		    "kvm module is not loaded");
		check_fix(c, "modprobe %s", cpu == 'a' ? "kvm_amd" :
		    "kvm_intel");
		return;
	}
	c = check_add(list, "/dev/kvm", CHECK_FAIL, "/dev/kvm: %s for this "
	    "user", strerror(-r));
	check_fix(c, "add yourself to group kvm (usermod -aG kvm $USER), "
	    "then log in again");
}

static void
check_iommu(const struct check_env *env, struct check_list *list)
{
	struct check	*c;

	if (env->host->ngroups > 0) {
		check_add(list, "IOMMU groups", CHECK_OK, "%zu IOMMU groups "
		    "in %s/kernel/iommu_groups", env->host->ngroups,
		    env->host->sys->root);
		return;
	}
	c = check_add(list, "IOMMU groups", CHECK_FAIL, "no IOMMU groups in "
	    "%s/kernel/iommu_groups: the IOMMU is off",
	    env->host->sys->root);
	check_fix(c, "turn on VT-d (Intel) or AMD-Vi/IOMMU in the firmware "
	    "setup, and see the command line check");
}

static void
check_cmdline_iommu(const struct check_env *env, struct check_list *list,
    const char *cmdline, int cpu)
{
	const char	*param = cpu == 'a' ? "amd_iommu=" : "intel_iommu=";
	const char	*v;
	struct check	*c;
	char		 buf[64];

	v = cmdline_value(cmdline, param, buf, sizeof buf);
	if (v != NULL && strncmp(v, "off", 3) == 0) {
		c = check_add(list, "IOMMU on the command line", CHECK_FAIL,
		    "%s%s turns the IOMMU off", param, v);
		check_fix(c, "remove %s%s from the kernel command line, then "
		    "reboot", param, v);
	} else if (v != NULL)
		check_add(list, "IOMMU on the command line", CHECK_OK, "%s%s",
		    param, v);
	else if (cpu == 'a')
		check_add(list, "IOMMU on the command line", CHECK_OK, "no "
		    "amd_iommu=: AMD-Vi is on by default");
	else if (env->host->ngroups > 0) {
		c = check_add(list, "IOMMU on the command line", CHECK_WARN,
		    "no intel_iommu=on: this kernel turned it on by default");
		check_fix(c, "add intel_iommu=on to the kernel command line "
		    "so that it stays on with other kernels");
	} else {
		c = check_add(list, "IOMMU on the command line", CHECK_FAIL,
		    "no intel_iommu=on on the kernel command line");
		check_fix(c, "add intel_iommu=on to the kernel command line "
		    "(GRUB_CMDLINE_LINUX, or systemd-boot's options line), "
		    "then reboot");
	}
}

static void
check_cmdline(const struct check_env *env, struct check_list *list, int cpu)
{
	const char	*v;
	struct check	*c;
	char		 buf[64], *cmdline;

	if ((cmdline = check_read_proc(env, "cmdline", 8192)) == NULL) {
		check_add(list, "IOMMU on the command line", CHECK_WARN,
		    "cannot read %s/cmdline", env->proc_root);
		return;
	}
	check_cmdline_iommu(env, list, cmdline, cpu);
	v = cmdline_value(cmdline, "iommu=", buf, sizeof buf);
	free(cmdline);
	if (v != NULL && strcmp(v, "pt") == 0) {
		check_add(list, "iommu=pt", CHECK_OK, "iommu=pt: the host's "
		    "own devices skip DMA translation");
		return;
	}
	c = check_add(list, "iommu=pt", CHECK_WARN, "no iommu=pt: the "
	    "host's own devices pay for DMA translation too");
	check_fix(c, "add iommu=pt to the kernel command line (guests keep "
	    "their isolation)");
}

void
check_memlock(const struct check_env *env, struct check_list *list)
{
	struct rlimit	 rl;
	struct check	*c;

	if (getrlimit(RLIMIT_MEMLOCK, &rl) == -1) {
		check_add(list, "memlock limit", CHECK_WARN, "cannot read "
		    "RLIMIT_MEMLOCK: %s", strerror(errno));
		return;
	}
	if (rl.rlim_cur == RLIM_INFINITY) {
		check_add(list, "memlock limit", CHECK_OK, "unlimited: QEMU "
		    "can lock all of a guest's memory, as VFIO needs");
		return;
	}
	if (geteuid() == 0) {
		check_add(list, "memlock limit", CHECK_OK, "%llu KiB, but root "
		    "locks memory past it (CAP_IPC_LOCK)",
		    (unsigned long long)rl.rlim_cur / 1024);
		return;
	}
	if (env->guest_mib > 0)
		c = check_add(list, "memlock limit", rl.rlim_cur <
		    (rlim_t)env->guest_mib << 20 ? CHECK_FAIL : CHECK_OK,
		    "%llu KiB, and guest %s has %lu MiB, which VFIO locks",
		    (unsigned long long)rl.rlim_cur / 1024, env->guest_name,
		    env->guest_mib);
	/* VFIO pins all of a guest's RAM: less than 1 GiB fits no guest. */
	else
		c = check_add(list, "memlock limit", rl.rlim_cur <
		    (1ull << 30) ? CHECK_WARN : CHECK_OK, "%llu KiB: a guest "
		    "with a passed-through device gets at most that much "
		    "memory", (unsigned long long)rl.rlim_cur / 1024);
	if (c != NULL && c->level != CHECK_OK)
		check_fix(c, "raise it for the users of group kvm: '@kvm - "
		    "memlock unlimited' in /etc/security/limits.conf "
		    "(LimitMEMLOCK= for a service)");
}

static void
check_ovmf(const struct check_env *env, struct check_list *list)
{
	/* Where Debian, Ubuntu, Arch, Fedora and QEMU itself put it. */
	static const char *const code[] = {
		"/usr/share/OVMF/OVMF_CODE_4M.fd",
		"/usr/share/OVMF/OVMF_CODE.fd",
		"/usr/share/ovmf/x64/OVMF_CODE.fd",
		"/usr/share/ovmf/OVMF.fd",
		"/usr/share/edk2/x64/OVMF_CODE.fd",
		"/usr/share/edk2/ovmf/OVMF_CODE.fd",
		"/usr/share/edk2-ovmf/x64/OVMF_CODE.fd",
		"/usr/share/qemu/edk2-x86_64-code.fd",
	};
	struct check	*c;
	char		 path[4096];
	size_t		 i;

	for (i = 0; i < sizeof code / sizeof code[0]; i++) {
		snprintf(path, sizeof path, "%s%s", env->files_root, code[i]);
		if (access(path, R_OK) == 0) {
			check_add(list, "OVMF", CHECK_OK, "UEFI firmware for "
			    "guests: %s", code[i]);
			return;
		}
	}
	c = check_add(list, "OVMF", CHECK_WARN, "no OVMF firmware in "
	    "%s/usr/share (OVMF, ovmf, edk2, qemu): UEFI guests cannot start",
	    env->files_root);
	check_fix(c, "install it: ovmf (Debian, Ubuntu), edk2-ovmf (Arch, "
	    "Fedora)");
}

static void
check_msrs(const struct check_env *env, struct check_list *list,
    int nvidia)
{
	struct check	*c;
	char		 v[16];
	int		 fd, r = -ENOENT;

	fd = openat(env->host->sys->rootfd, "module/kvm/parameters",
	    O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd != -1) {
		r = sysfs_read_attr(fd, "ignore_msrs", v, sizeof v);
		close(fd);
	}
	if (r >= 0 && (v[0] == 'Y' || v[0] == '1')) {
		check_add(list, "kvm ignore_msrs", CHECK_OK, "ignore_msrs=Y: "
		    "guests reading MSRs KVM does not know go on");
		return;
	}
	if (!nvidia) {
		check_add(list, "kvm ignore_msrs", CHECK_OK, "%s; only NVIDIA "
		    "guests need it and no NVIDIA GPU is checked",
		    r >= 0 ? "ignore_msrs=N" : "kvm is not loaded");
		return;
	}
	c = check_add(list, "kvm ignore_msrs", CHECK_WARN, r >= 0 ?
	    "ignore_msrs=N: NVIDIA's driver reads MSRs KVM does not know, "
	    "and the guest faults" : "kvm is not loaded (no "
	    "module/kvm/parameters/ignore_msrs): cannot tell ignore_msrs");
	check_fix(c, "'options kvm ignore_msrs=1 report_ignored_msrs=0' in "
	    "/etc/modprobe.d/kvm.conf, or kvm.ignore_msrs=1 on the kernel "
	    "command line");
}

/* The GPUs to check: the one asked for, or those the host does not boot on. */
static int
check_gpus(const struct check_env *env, struct check_list *list)
{
	const struct host	*host = env->host;
	const struct pci_dev_info *d;
	struct check		*c;
	size_t			 i, n = 0;
	int			 nvidia = 0;
	long			 want = -1;

	if (env->gpu != NULL && (want = host_find(host, env->gpu)) == -1) {
		c = check_add(list, "GPU", CHECK_FAIL, "no such PCI device");
		check_fix(c, "see 'vfiotui list' for the addresses");
		return 0;
	}
	for (i = 0; i < host->ndevs; i++) {
		d = &host->devs[i];
		if (want != -1 ? (long)i != want : !pci_dev_is_display(d) ||
		    d->boot_vga == 1)
			continue;
		check_gpu(env, i, list);
		nvidia |= d->vendor == 0x10de;
		n++;
	}
	if (n == 0) {
		c = check_add(list, "GPU", CHECK_WARN, "no GPU but the one the "
		    "host boots on (boot_vga 1)");
		check_fix(c, "name it to check it anyway: vfiotui check "
		    "BB:DD.F");
	}
	return nvidia;
}

int
check_run(const struct check_env *env, struct check_list *list)
{
	int	cpu, nvidia;

	list->n = 0;
	list->oom = 0;
	cpu = check_cpu(env, list);
	check_kvm(env, list, cpu);
	check_iommu(env, list);
	check_cmdline(env, list, cpu);
	check_modules(env, list);
	nvidia = check_gpus(env, list);
	check_memlock(env, list);
	check_ovmf(env, list);
	check_msrs(env, list, nvidia);
	return list->oom ? -1 : 0;
}
