/*
 * The IOMMU checks: groups, the kernel command line (intel_iommu= or
 * amd_iommu=, iommu=pt) and interrupt remapping.  Which IOMMU it is comes
 * from the kernel (/sys/class/iommu: dmarN is Intel's VT-d, ivhdN AMD-Vi),
 * not from the CPU: a VM, or an odd board, can pair them otherwise, and
 * then the CPU names the wrong command line parameter.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_parts.h"
#include "host.h"
#include "proctext.h"
#include "sysfs.h"

/* 'i' (dmarN) or 'a' (ivhdN) from SYSFS/class/iommu; 0 when neither. */
static int
iommu_kind(const struct check_env *env)
{
	struct dirent	*e;
	DIR		*d;
	int		 kind = 0;

	if ((d = sysfs_opendir(env->host->sys, "class/iommu")) == NULL)
		return 0;
	while (kind == 0 && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "dmar", 4) == 0)
			kind = 'i';
		else if (strncmp(e->d_name, "ivhd", 4) == 0)
			kind = 'a';
	}
	closedir(d);
	return kind;
}

static void
check_groups(const struct check_env *env, struct check_list *list)
{
	struct check	*c;

	if (env->host->ngroups > 0) {
		check_add(list, "IOMMU groups", CHECK_OK, "%zu IOMMU groups "
		    "in %s/kernel/iommu_groups", env->host->ngroups,
		    sysfs_root(env->host->sys));
		return;
	}
	c = check_add(list, "IOMMU groups", CHECK_FAIL, "no IOMMU groups in "
	    "%s/kernel/iommu_groups: the IOMMU is off",
	    sysfs_root(env->host->sys));
	check_fix(c, "turn on VT-d (Intel) or AMD-Vi/IOMMU in the firmware "
	    "setup, and see the command line check");
}

static void
check_cmdline_iommu(const struct check_env *env, struct check_list *list,
    const char *cmdline, int kind)
{
	const char	*param = kind == 'a' ? "amd_iommu=" : "intel_iommu=";
	const char	*v;
	struct check	*c;
	char		 buf[64];

	v = proctext_cmdline(cmdline, param, buf, sizeof buf);
	if (v != NULL && strncmp(v, "off", 3) == 0) {
		c = check_add(list, "IOMMU on the command line", CHECK_FAIL,
		    "%s%s turns the IOMMU off", param, v);
		check_fix(c, "remove %s%s from the kernel command line, then "
		    "reboot", param, v);
	} else if (v != NULL)
		check_add(list, "IOMMU on the command line", CHECK_OK, "%s%s",
		    param, v);
	else if (kind == 'a')
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

/* KIND: 'i' or 'a', the IOMMU's maker. */
static void
check_cmdline(const struct check_env *env, struct check_list *list, int kind)
{
	const char	*v;
	struct check	*c;
	char		 buf[64], *cmdline;

	if (check_skipped(env, list, "IOMMU on the command line",
	    CHECK_FROM_PROC, "/proc/cmdline")) {
		check_skipped(env, list, "iommu=pt", CHECK_FROM_PROC,
		    "/proc/cmdline");
		return;
	}
	if ((cmdline = check_read_proc(env, "cmdline", 8192)) == NULL) {
		check_add(list, "IOMMU on the command line", CHECK_WARN,
		    "cannot read %s/cmdline", env->proc_root);
		return;
	}
	check_cmdline_iommu(env, list, cmdline, kind);
	v = proctext_cmdline(cmdline, "iommu=", buf, sizeof buf);
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

/*
 * Interrupt remapping: without it a device a guest owns can forge
 * interrupts to the host, and vfio_iommu_type1 refuses to attach its
 * group unless told allow_unsafe_interrupts.  The kernel shows remapped
 * interrupt chips as IR-IO-APIC and IR-PCI-MSI* in /proc/interrupts, on
 * Intel and AMD alike; dmesg would say more but takes privileges.
 */
static void
check_irq_remap(const struct check_env *env, struct check_list *list)
{
	struct check	*c;
	char		*irqs, unsafe[8] = "";

	if (env->host->ngroups == 0)
		return;		/* the IOMMU is off: the groups check says so */
	if (check_skipped(env, list, "interrupt remapping", CHECK_FROM_PROC,
	    "/proc/interrupts"))
		return;
	if ((irqs = check_read_proc(env, "interrupts", 1 << 20)) == NULL) {
		check_add(list, "interrupt remapping", CHECK_WARN, "cannot "
		    "read %s/interrupts", env->proc_root);
		return;
	}
	if (strstr(irqs, "IR-") != NULL) {
		check_add(list, "interrupt remapping", CHECK_OK, "on: "
		    "interrupts go through the IOMMU's remapping (IR- chips "
		    "in %s/interrupts)", env->proc_root);
		free(irqs);
		return;
	}
	free(irqs);
	sysfs_read(env->host->sys, "module/vfio_iommu_type1/parameters/"
	    "allow_unsafe_interrupts", unsafe, sizeof unsafe);
	if (unsafe[0] == 'Y' || unsafe[0] == '1') {
		c = check_add(list, "interrupt remapping", CHECK_WARN, "off, "
		    "and vfio_iommu_type1 allow_unsafe_interrupts is on: a "
		    "guest's device can forge interrupts to the host");
	} else {
		c = check_add(list, "interrupt remapping", CHECK_FAIL, "off "
		    "(no IR- chips in %s/interrupts): vfio_iommu_type1 "
		    "refuses to give a group to a guest", env->proc_root);
	}
	check_fix(c, "turn on interrupt remapping (x2APIC and VT-d or "
	    "AMD-Vi in the firmware setup; no intremap=off on the command "
	    "line); only if the board has none: options vfio_iommu_type1 "
	    "allow_unsafe_interrupts=1 in /etc/modprobe.d");
}

void
check_iommu(const struct check_env *env, struct check_list *list, int cpu)
{
	int	kind = iommu_kind(env);

	check_groups(env, list);
	check_cmdline(env, list, kind != 0 ? kind : cpu);
	check_irq_remap(env, list);
}
