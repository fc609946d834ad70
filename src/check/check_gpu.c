/*
 * The checks of one GPU: its IOMMU group, the functions of its slot, its
 * driver, boot_vga, power, reset method and /dev/vfio node.  All but the
 * reset method (which the model does not keep) come from the host model.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check_parts.h"
#include "host.h"
#include "reset.h"
#include "sysfs.h"

struct gpu {
	const struct check_env		*env;
	const struct pci_dev_info	*d;
	const struct iommu_group	*g;
	char				 slot[PCI_ADDR_LEN];
	char				 name[48];
};

static const char *
gpu_name(struct gpu *gpu, const char *what)
{
	snprintf(gpu->name, sizeof gpu->name, "%s %s", gpu->slot, what);
	return gpu->name;
}

/* "0000:00:01.0 pcieport, 0000:01:00.0 vfio-pci" */
static void
group_members(const struct host *host, const struct iommu_group *g,
    int blockers_only, char *buf, size_t len)
{
	const struct pci_dev_info	*m;
	size_t				 i, used = 0;

	buf[0] = '\0';
	for (i = g->first; i < g->first + g->count && used < len; i++) {
		m = &host->devs[i];
		if (blockers_only && !iommu_dev_blocks(m))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s %s",
		    used > 0 ? ", " : "", m->name, m->driver[0] != '\0' ?
		    m->driver : "(no driver)");
	}
}

static void
check_group(struct gpu *gpu, struct check_list *list)
{
	const struct host	*host = gpu->env->host;
	struct check		*c;
	char			 members[192];

	if (gpu->g == NULL) {
		c = check_add(list, gpu_name(gpu, "group"), CHECK_FAIL, "in no "
		    "IOMMU group: the IOMMU is off or leaves it out");
		check_fix(c, "turn the IOMMU on (see the IOMMU checks)");
		return;
	}
	if (iommu_group_is_viable(host, gpu->g)) {
		group_members(host, gpu->g, 0, members, sizeof members);
		check_add(list, gpu_name(gpu, "group"), CHECK_OK, "group %d is "
		    "viable: %s", gpu->g->number, members);
		return;
	}
	group_members(host, gpu->g, 1, members, sizeof members);
	c = check_add(list, gpu_name(gpu, "group"), CHECK_FAIL, "group %d is "
	    "not viable, held by host drivers: %s", gpu->g->number, members);
	check_fix(c, "vfiotui bind %s gives every device of the group to "
	    "vfio-pci", gpu->slot);
}

/* The other functions of the slot (HDMI audio, USB-C) go with it. */
static void
check_functions(struct gpu *gpu, struct check_list *list)
{
	const struct host		*host = gpu->env->host;
	const struct pci_dev_info	*m, *away = NULL;
	struct check			*c;
	char				 fns[160] = "";
	size_t				 i, n = 0, used = 0;

	for (i = 0; i < host->ndevs; i++) {
		m = &host->devs[i];
		if (m->addr.domain != gpu->d->addr.domain ||
		    m->addr.bus != gpu->d->addr.bus ||
		    m->addr.dev != gpu->d->addr.dev)
			continue;
		n++;
		if (used < sizeof fns)
			used += (size_t)snprintf(fns + used, sizeof fns - used,
			    "%s%s [%06x]", used > 0 ? ", " : "", m->name,
			    m->class);
		if (m->iommu_group != gpu->d->iommu_group && away == NULL)
			away = m;
	}
	if (away == NULL) {
		check_add(list, gpu_name(gpu, "functions"), CHECK_OK, "%zu "
		    "function%s, in one group: %s", n, n == 1 ? "" : "s", fns);
		return;
	}
	c = check_add(list, gpu_name(gpu, "functions"), CHECK_WARN, "%s is "
	    "in another IOMMU group than %s: %s", away->name, gpu->d->name,
	    fns);
	check_fix(c, "pass both groups to the guest, keeping the functions "
	    "together (multifunction=on)");
}

static void
check_driver(struct gpu *gpu, struct check_list *list)
{
	const char	*drv = gpu->d->driver;
	struct check	*c;

	if (strcmp(drv, "vfio-pci") == 0) {
		check_add(list, gpu_name(gpu, "driver"), CHECK_OK, "bound to "
		    "vfio-pci");
		return;
	}
	if (drv[0] != '\0')
		c = check_add(list, gpu_name(gpu, "driver"), CHECK_WARN,
		    "bound to %s: the host has it", drv);
	else
		c = check_add(list, gpu_name(gpu, "driver"), CHECK_WARN,
		    "bound to no driver");
	check_fix(c, "vfiotui bind %s before the guest starts", gpu->slot);
}

static void
check_boot_vga(struct gpu *gpu, struct check_list *list)
{
	struct check	*c;

	if (gpu->d->boot_vga != 1) {
		check_add(list, gpu_name(gpu, "boot_vga"), CHECK_OK, "%s",
		    gpu->d->boot_vga == 0 ? "boot_vga 0: not the host's boot "
		    "display" : "no boot_vga attribute: not a boot display");
		return;
	}
	c = check_add(list, gpu_name(gpu, "boot_vga"), CHECK_WARN, "boot_vga "
	    "1: the firmware and the host's console draw on it");
	check_fix(c, "make another GPU the primary display in the firmware "
	    "setup, or boot with video=efifb:off");
}

/* Whether runtime PM can power it down (D3cold) between guests. */
static void
check_power(struct gpu *gpu, struct check_list *list)
{
	const struct pci_dev_info	*d = gpu->d;
	struct check			*c;
	char				 now[64];

	snprintf(now, sizeof now, "%s (power_state %s, control %s)",
	    pci_dev_power_word(d), d->power_state[0] ? d->power_state : "?",
	    d->power_control[0] ? d->power_control : "?");
	if (d->d3cold_allowed == 0) {
		c = check_add(list, gpu_name(gpu, "power"), CHECK_WARN, "%s; "
		    "d3cold_allowed 0: it never reaches D3cold", now);
		check_fix(c, "echo 1 > /sys/bus/pci/devices/%s/d3cold_allowed",
		    d->name);
	} else if (strcmp(d->power_control, "on") == 0) {
		c = check_add(list, gpu_name(gpu, "power"), CHECK_WARN, "%s: "
		    "runtime PM is off, it stays awake between guests", now);
		check_fix(c, "p in the dashboard, or echo auto > "
		    "/sys/bus/pci/devices/%s/power/control", d->name);
	} else
		check_add(list, gpu_name(gpu, "power"), CHECK_OK, "%s; it can "
		    "reach D3cold when idle", now);
}

static void
check_reset(struct gpu *gpu, struct check_list *list)
{
	const struct host	*host = gpu->env->host;
	struct reset_advice	 a;
	struct check		*c;

	reset_advise(host, (size_t)(gpu->d - host->devs), &a);
	c = check_add(list, gpu_name(gpu, "reset"), a.level == RESET_FINE ?
	    CHECK_OK : a.level == RESET_WARN ? CHECK_WARN : CHECK_FAIL,
	    "reset_method %s: %s", strcmp(a.methods, "?") == 0 ? "unknown" :
	    a.methods[0] ? a.methods : "empty", a.why);
	if (c != NULL && a.level == RESET_BAD)
		check_fix(c, "start one guest per host boot, or load a reset "
		    "module for it (vendor-reset for AMD cards)");
}

static void
check_vfio_node(struct gpu *gpu, struct check_list *list)
{
	struct check	*c;
	char		 node[32];
	int		 r;

	if (gpu->g == NULL)
		return;
	snprintf(node, sizeof node, "/dev/vfio/%d", gpu->g->number);
	if (check_skipped(gpu->env, list, gpu_name(gpu, "/dev/vfio"),
	    CHECK_FROM_FILES, node))
		return;
	r = check_file_rw(gpu->env, node);
	if (r == 0 && (r = check_file_rw(gpu->env, "/dev/vfio/vfio")) == 0) {
		check_add(list, gpu_name(gpu, "/dev/vfio"), CHECK_OK, "%s and "
		    "/dev/vfio/vfio: this user can open them", node);
		return;
	}
	if (r == -ENOENT && strcmp(gpu->d->driver, "vfio-pci") != 0) {
		c = check_add(list, gpu_name(gpu, "/dev/vfio"), CHECK_WARN,
		    "no %s yet: it comes when the group is bound to vfio-pci",
		    node);
		check_fix(c, "vfiotui bind %s", gpu->slot);
		return;
	}
	if (r == -ENOENT) {
		c = check_add(list, gpu_name(gpu, "/dev/vfio"), CHECK_FAIL,
		    "bound to vfio-pci, yet no %s or /dev/vfio/vfio", node);
		check_fix(c, "see the kernel log (dmesg | grep -i vfio)");
		return;
	}
	c = check_add(list, gpu_name(gpu, "/dev/vfio"), CHECK_FAIL, "%s: %s "
	    "for this user", node, strerror(-r));
	check_fix(c, "install vfiotui's udev rule (%s gives group kvm the "
	    "node) and join group kvm, or run QEMU as root", UDEV_RULE);
}

void
check_gpu(const struct check_env *env, size_t i, struct check_list *list)
{
	struct gpu	gpu = { .env = env, .d = &env->host->devs[i] };

	gpu.g = host_group_of(env->host, i);
	pci_addr_format_slot(&gpu.d->addr, env->host->with_domains, gpu.slot);
	check_group(&gpu, list);
	check_functions(&gpu, list);
	check_driver(&gpu, list);
	check_boot_vga(&gpu, list);
	check_power(&gpu, list);
	check_reset(&gpu, list);
	check_vfio_node(&gpu, list);
}
