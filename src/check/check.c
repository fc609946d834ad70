/*
 * The host-wide preflight checks, in the order a user fixes them: CPU,
 * /dev/kvm, the IOMMU, the kernel command line and interrupt remapping
 * (check_iommu.c), the vfio modules, then each GPU (check_gpu.c), then
 * memlock, OVMF and kvm's ignore_msrs.
 *
 * A sysfs root that is not the live /sys stands for another machine.
 * Beside it, what the live /proc (the CPU, the running kernel's command
 * line, modules and interrupts, this process's limits) or the real /
 * (/dev, /usr/share) say is this machine's: a check that reads them is
 * skipped, saying so, rather than mixing the two machines into one
 * verdict.  The memlock limit is kept: it is this process's, that of
 * whoever would start the guest, not a fact of either machine.  --proc
 * DIR (and the tests' --files-root) stand for the tree's machine, and the
 * checks run again.
 */
#include "config.h"

#include <sys/resource.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_parts.h"
#include "host.h"
#include "memlock.h"
#include "proctext.h"
#include "sysfs.h"

int
check_gravity(enum check_level level)
{
	return level == CHECK_FAIL ? 3 : level == CHECK_WARN ? 2 :
	    level == CHECK_SKIP ? 1 : 0;
}

/*
 * Where a check of LEVEL goes: a new slot, or with LIST full to its KEEP,
 * the last of the least grave kept, if less grave than LEVEL; NULL when
 * none is (or for want of memory).
 */
static struct check *
check_slot(struct check_list *list, enum check_level level)
{
	struct check	*v;
	size_t		 i, cap, least;
	int		 g;

	if (list->keep == 0 || list->n < list->keep) {
		if (list->n == list->cap) {
			cap = list->cap ? list->cap * 2 : 16;
			if ((v = reallocarray(list->v, cap, sizeof *v)) ==
			    NULL) {
				list->oom = 1;
				return NULL;
			}
			list->v = v;
			list->cap = cap;
		}
		return &list->v[list->n++];
	}
	for (i = list->n, least = list->n; i > 0; i--) {
		g = check_gravity(list->v[i - 1].level);
		if (g < check_gravity(level) && (least == list->n ||
		    g < check_gravity(list->v[least].level)))
			least = i - 1;
	}
	return least < list->n ? &list->v[least] : NULL;
}

struct check *
check_add(struct check_list *list, const char *name, enum check_level level,
    const char *fmt, ...)
{
	struct check	*c;
	va_list		 ap;

	list->count[level]++;
	if ((c = check_slot(list, level)) == NULL)
		return NULL;
	snprintf(c->name, sizeof c->name, "%s%s%s",
	    list->prefix ? list->prefix : "", list->prefix ? ": " : "", name);
	c->level = level;
	c->fix[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
	return c;
}

void
check_clear_list(struct check_list *list)
{
	list->n = 0;
	list->oom = 0;
	memset(list->count, 0, sizeof list->count);
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
check_free_list(struct check_list *list)
{
	free(list->v);
	memset(list, 0, sizeof *list);
}

int
check_list_failed(const struct check_list *list)
{
	return list->count[CHECK_FAIL] > 0;
}

const char *
check_level_word(enum check_level level)
{
	static const char *const words[] = { "ok", "warn", "fail", "skip" };

	return words[level];
}

int
check_skipped(const struct check_env *env, struct check_list *list,
    const char *name, enum check_source from, const char *what)
{
	const char	*tree = sysfs_root(env->host->sys);

	if (sysfs_is_live(env->host->sys) || (from == CHECK_FROM_PROC ?
	    strcmp(env->proc_root, "/proc") != 0 : env->files_root[0] != '\0'))
		return 0;
	check_add(list, name, CHECK_SKIP, "not checked: %s is this "
	    "machine's, and %s stands for another", what, tree);
	return 1;
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

/* 'i' for Intel, 'a' for AMD, 0 unknown: from cpuinfo's flags. */
static int
check_cpu(const struct check_env *env, struct check_list *list)
{
	struct check	*c;
	char		*cpuinfo;
	int		 cpu = 0;

	if (check_skipped(env, list, "CPU virtualization", CHECK_FROM_PROC,
	    "/proc/cpuinfo"))
		return 0;
	/* The first CPU's lines are enough. */
	if ((cpuinfo = check_read_proc(env, "cpuinfo", 1 << 16)) == NULL) {
		check_add(list, "CPU virtualization", CHECK_WARN, "cannot "
		    "read %s/cpuinfo", env->proc_root);
		return 0;
	}
	if (proctext_has_word(cpuinfo, "vmx")) {
		check_add(list, "CPU virtualization", CHECK_OK, "vmx in "
		    "%s/cpuinfo: Intel VT-x is on", env->proc_root);
		cpu = 'i';
	} else if (proctext_has_word(cpuinfo, "svm")) {
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
	int		 r;

	if (check_skipped(env, list, "/dev/kvm", CHECK_FROM_FILES,
	    "/dev/kvm"))
		return;
	if ((r = check_file_rw(env, "/dev/kvm")) == 0) {
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

void
check_memlock(const struct check_env *env, struct check_list *list)
{
	struct rlimit	 rl;
	struct check	*c;
	char		 fix[256];
	rlim_t		 need = memlock_need(env->guest_mib);

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
	/* Up to the hard limit guest start raises it itself. */
	if (env->guest_mib > 0 && rl.rlim_cur < need && rl.rlim_max >= need)
		c = check_add(list, "memlock limit", CHECK_OK, "%llu KiB, and "
		    "guest %s has %lu MiB, which VFIO locks: guest start "
		    "raises it, the hard limit allows", (unsigned long long)
		    rl.rlim_cur / 1024, env->guest_name, env->guest_mib);
	else if (env->guest_mib > 0)
		c = check_add(list, "memlock limit", rl.rlim_cur < need ?
		    CHECK_FAIL : CHECK_OK,
		    "%llu KiB, and guest %s has %lu MiB, which VFIO locks",
		    (unsigned long long)rl.rlim_cur / 1024, env->guest_name,
		    env->guest_mib);
	/* VFIO pins all of a guest's RAM: less than 1 GiB fits no guest. */
	else
		c = check_add(list, "memlock limit", rl.rlim_cur <
		    (1ull << 30) ? CHECK_WARN : CHECK_OK, "%llu KiB: a guest "
		    "with a passed-through device gets at most that much "
		    "memory", (unsigned long long)rl.rlim_cur / 1024);
	if (c != NULL && c->level != CHECK_OK) {
		memlock_fix(fix, sizeof fix, env->guest_mib > 0 ? need :
		    RLIM_INFINITY);
		check_fix(c, "raise it: %s", fix);
	}
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

	if (check_skipped(env, list, "OVMF", CHECK_FROM_FILES,
	    "/usr/share"))
		return;
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
	int		 r;

	r = sysfs_read(env->host->sys, "module/kvm/parameters/ignore_msrs", v,
	    sizeof v);
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
	const struct host		*host = env->host;
	const struct pci_dev_info	*d;
	struct check			*c;
	size_t				 i, n = 0;
	int				 nvidia = 0;
	long				 want = -1;

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
	if (n > 0)
		return nvidia;
	/* A VM or a server may have no display controller at all. */
	for (i = 0; i < host->ndevs && !pci_dev_is_display(&host->devs[i]);
	    i++)
		;
	if (i == host->ndevs) {
		c = check_add(list, "GPU", CHECK_WARN, "no GPU: no display "
		    "controller (PCI class 03) in %s", sysfs_root(host->sys));
		check_fix(c, "vfiotui list shows the devices there are; "
		    "another kind can be passed with vfiotui bind BB:DD.F");
		return 0;
	}
	c = check_add(list, "GPU", CHECK_WARN, "no GPU but the one the "
	    "host boots on (boot_vga 1)");
	check_fix(c, "name it to check it anyway: vfiotui check BB:DD.F");
	return 0;
}

int
check_run(const struct check_env *env, struct check_list *list)
{
	int	cpu, nvidia;

	check_clear_list(list);
	cpu = check_cpu(env, list);
	check_kvm(env, list, cpu);
	check_iommu(env, list, cpu);
	check_modules(env, list);
	nvidia = check_gpus(env, list);
	check_memlock(env, list);
	check_ovmf(env, list);
	check_msrs(env, list, nvidia);
	return list->oom ? -1 : 0;
}
