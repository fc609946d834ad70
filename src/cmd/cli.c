/*
 * Output of list and show.  `list` reproduces the classic
 * list-iommu-groups script exactly (the lspci -nn line after the group),
 * so users can diff the two; `show` reads like `lspci -nnk -s` and adds
 * what a passthrough user needs next: group, viability, power.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"
#include "exitcode.h"
#include "host.h"
#include "pcinames.h"
#include "reset.h"
#include "sysfs.h"

void
cli_list(FILE *out, const struct host *host, struct pcinames *names)
{
	char	line[1024];
	size_t	i;

	for (i = 0; i < host->ndevs; i++) {
		const struct pci_dev_info *d = &host->devs[i];

		pcinames_lspci_line(names, d, host->with_domains, line,
		    sizeof line);
		if (d->iommu_group == -1)
			fprintf(out, "No IOMMU group %s\n", line);
		else
			fprintf(out, "IOMMU Group %d %s\n", d->iommu_group,
			    line);
	}
}

static struct json_object *
json_string_or_null(const char *s)
{
	return s[0] != '\0' ? json_object_new_string(s) : NULL;
}

struct json_object *
cli_json_hex(unsigned int v, int digits)
{
	char	buf[16];

	snprintf(buf, sizeof buf, "%0*x", digits, v);
	return json_object_new_string(buf);
}

static struct json_object *
json_tristate(int v)
{
	return v == -1 ? NULL : json_object_new_boolean(v);
}

static struct json_object *
dev_power_json(const struct pci_dev_info *d)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "summary",
	    json_object_new_string(pci_dev_power_word(d)));
	json_object_object_add(o, "power_state",
	    json_string_or_null(d->power_state));
	json_object_object_add(o, "runtime_status",
	    json_string_or_null(d->runtime_status));
	json_object_object_add(o, "control",
	    json_string_or_null(d->power_control));
	json_object_object_add(o, "d3cold_allowed",
	    json_tristate(d->d3cold_allowed));
	return o;
}

static struct json_object *
dev_json(const struct host *host, struct pcinames *names,
    const struct pci_dev_info *d)
{
	struct json_object	*o = json_object_new_object();
	char			 buf[1024];

	json_object_object_add(o, "address", json_object_new_string(d->name));
	json_object_object_add(o, "iommu_group", d->iommu_group == -1 ? NULL :
	    json_object_new_int(d->iommu_group));
	json_object_object_add(o, "lspci", json_object_new_string(
	    pcinames_lspci_line(names, d, host->with_domains, buf,
	    sizeof buf)));
	json_object_object_add(o, "class", cli_json_hex(d->class, 6));
	json_object_object_add(o, "class_name", json_object_new_string(
	    pcinames_class_plain(names, d, buf, sizeof buf)));
	json_object_object_add(o, "vendor", cli_json_hex(d->vendor, 4));
	json_object_object_add(o, "device", cli_json_hex(d->device, 4));
	json_object_object_add(o, "name", json_object_new_string(
	    pcinames_device_plain(names, d, buf, sizeof buf)));
	json_object_object_add(o, "subsystem_vendor",
	    cli_json_hex(d->subsys_vendor, 4));
	json_object_object_add(o, "subsystem_device",
	    cli_json_hex(d->subsys_device, 4));
	json_object_object_add(o, "revision", cli_json_hex(d->revision, 2));
	json_object_object_add(o, "driver", json_string_or_null(d->driver));
	json_object_object_add(o, "driver_override",
	    json_string_or_null(d->driver_override));
	json_object_object_add(o, "parent", json_string_or_null(d->parent));
	json_object_object_add(o, "bridge",
	    json_object_new_boolean(pci_dev_is_bridge(d)));
	json_object_object_add(o, "boot_vga", json_tristate(d->boot_vga));
	json_object_object_add(o, "power", dev_power_json(d));
	return o;
}

static struct json_object *
group_json(const struct host *host, const struct iommu_group *g)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*devs = json_object_new_array();
	size_t			 i;

	for (i = g->first; i < g->first + g->count; i++)
		json_object_array_add(devs,
		    json_object_new_string(host->devs[i].name));
	json_object_object_add(o, "group", json_object_new_int(g->number));
	json_object_object_add(o, "viable",
	    json_object_new_boolean(iommu_group_is_viable(host, g)));
	json_object_object_add(o, "devices", devs);
	return o;
}

int
cli_list_json(FILE *out, const struct host *host, struct pcinames *names)
{
	struct json_object	*root, *devs, *groups;
	size_t			 i;
	int			 r;

	root = json_object_new_object();
	devs = json_object_new_array();
	groups = json_object_new_array();
	for (i = 0; i < host->ngroups; i++)
		json_object_array_add(groups, group_json(host,
		    &host->groups[i]));
	for (i = 0; i < host->ndevs; i++)
		json_object_array_add(devs, dev_json(host, names,
		    &host->devs[i]));
	json_object_object_add(root, "sysfs",
	    json_object_new_string(sysfs_root(host->sys)));
	json_object_object_add(root, "groups", groups);
	json_object_object_add(root, "devices", devs);
	r = fprintf(out, "%s\n", json_object_to_json_string_ext(root,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return r < 0 ? -1 : 0;
}

static void
show_group(FILE *out, const struct host *host, const struct iommu_group *g)
{
	size_t	i, blockers = iommu_group_blockers(host, g);

	if (blockers == 0)
		fprintf(out, "\tIOMMU group: %d (viable: every device is "
		    "bound to vfio-pci or to nothing, bridges aside)\n",
		    g->number);
	else
		fprintf(out, "\tIOMMU group: %d (not viable: %zu device%s "
		    "held by a host driver)\n", g->number, blockers,
		    blockers == 1 ? "" : "s");
	for (i = g->first; i < g->first + g->count; i++) {
		const struct pci_dev_info *m = &host->devs[i];

		fprintf(out, "\t\t%s %s%s%s\n", m->name,
		    m->driver[0] ? m->driver : "(no driver)",
		    pci_dev_is_bridge(m) ? ", bridge" : "",
		    iommu_dev_blocks(m) ? ", blocks the group" : "");
	}
}

int
cli_show(FILE *out, const struct host *host, struct pcinames *names,
    const struct pci_addr *addr)
{
	const struct pci_dev_info	*d;
	const struct iommu_group	*g;
	struct reset_advice		 reset;
	char				 buf[1024], name[PCI_ADDR_LEN];
	long				 i;

	if ((i = host_find(host, addr)) == -1) {
		pci_addr_format(addr, name);
		fprintf(stderr, "vfiotui: show: no PCI device %s under "
		    "%s/bus/pci/devices\n", name, sysfs_root(host->sys));
		return EXIT_FAILED;
	}
	d = &host->devs[i];
	fprintf(out, "%s\n", pcinames_lspci_line(names, d, host->with_domains,
	    buf, sizeof buf));
	if (d->subsys_vendor != 0 && d->subsys_vendor != 0xffff)
		fprintf(out, "\tSubsystem: %s\n",
		    pcinames_subsystem(names, d, buf, sizeof buf));
	if (d->driver[0] != '\0')
		fprintf(out, "\tKernel driver in use: %s\n", d->driver);
	if ((g = host_group_of(host, (size_t)i)) != NULL)
		show_group(out, host, g);
	else
		fprintf(out, "\tIOMMU group: none (the IOMMU does not cover "
		    "this device; it cannot be passed through)\n");
	fprintf(out, "\tParent bridge: %s\n", d->parent[0] ? d->parent :
	    "none (root bus)");
	fprintf(out, "\tPower: %s (power_state %s, runtime_status %s, "
	    "control %s, d3cold_allowed %s)\n", pci_dev_power_word(d),
	    d->power_state[0] ? d->power_state : "?",
	    d->runtime_status[0] ? d->runtime_status : "?",
	    d->power_control[0] ? d->power_control : "?",
	    d->d3cold_allowed == -1 ? "?" : d->d3cold_allowed ? "1" : "0");
	if (d->boot_vga != -1)
		fprintf(out, "\tboot_vga: %d%s\n", d->boot_vga,
		    d->boot_vga ? " (the firmware's console GPU)" : "");
	fprintf(out, "\tdriver_override: %s\n",
	    d->driver_override[0] ? d->driver_override : "(none)");
	reset_advise(host, (size_t)i, &reset);
	fprintf(out, "\tReset: %s\n", reset_advice_line(&reset, buf,
	    sizeof buf));
	return EXIT_OK;
}
