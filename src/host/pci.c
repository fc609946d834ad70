/*
 * Reading one PCI device from sysfs, and PCI addresses.  The address
 * parser is strict because an address becomes a path: nothing that is not
 * exactly dddd:bb:dd.f may reach a path join.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pci.h"
#include "sysfs.h"

/*
 * Reads MIN to MAX hex digits at *s, advancing it.  What follows is the
 * caller's to check: a separator in an address, the next field's tag
 * (itself hex: "d" of "v000010DEd") in a modalias.
 */
static int
parse_hex_field(const char **s, int min, int max, unsigned long *val)
{
	const char	*p = *s;
	int		 n = 0;

	*val = 0;
	while (isxdigit((unsigned char)*p) && n < max) {
		*val = *val * 16 + (unsigned long)(isdigit((unsigned char)*p) ?
		    *p - '0' : tolower((unsigned char)*p) - 'a' + 10);
		p++;
		n++;
	}
	if (n < min)
		return -1;
	*s = p;
	return 0;
}

int
pci_addr_parse(const char *s, struct pci_addr *addr)
{
	unsigned long	 f1, bus, dev, fn;
	const char	*p = s, *colon;

	/* With two colons the first field is the domain. */
	colon = strchr(s, ':');
	if (colon != NULL && strchr(colon + 1, ':') != NULL) {
		if (parse_hex_field(&p, 4, 8, &f1) == -1 || *p++ != ':')
			return -1;
		addr->domain = (uint32_t)f1;
	} else
		addr->domain = 0;
	if (parse_hex_field(&p, 2, 2, &bus) == -1 || *p++ != ':')
		return -1;
	if (parse_hex_field(&p, 2, 2, &dev) == -1 || dev > 0x1f ||
	    *p++ != '.')
		return -1;
	if (parse_hex_field(&p, 1, 1, &fn) == -1 || fn > 7 || *p != '\0')
		return -1;
	addr->bus = (uint8_t)bus;
	addr->dev = (uint8_t)dev;
	addr->fn = (uint8_t)fn;
	return 0;
}

void
pci_addr_format(const struct pci_addr *addr, char buf[PCI_ADDR_LEN])
{
	snprintf(buf, PCI_ADDR_LEN, "%04x:%02x:%02x.%u", addr->domain,
	    addr->bus, addr->dev, addr->fn);
}

void
pci_addr_format_slot(const struct pci_addr *addr, int with_domain,
    char buf[PCI_ADDR_LEN])
{
	if (with_domain)
		pci_addr_format(addr, buf);
	else
		snprintf(buf, PCI_ADDR_LEN, "%02x:%02x.%u", addr->bus,
		    addr->dev, addr->fn);
}

int
pci_addr_cmp(const struct pci_addr *a, const struct pci_addr *b)
{
	if (a->domain != b->domain)
		return a->domain < b->domain ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	return 0;
}

/*
 * Where a device's attributes are read: its directory DFD, or with DFD -1
 * the root, REL ("bus/pci/devices/ADDR/") before each name.  A listing
 * reads two files and a link of each device; opening and closing its
 * directory for them was two of nine system calls.
 */
struct attrs {
	const struct sysfs	*sys;
	int			 dfd;
	char			 rel[48];
};

static int
attr_read(const struct attrs *a, const char *name, char *buf, size_t len)
{
	char	path[64];

	if (a->dfd != -1)
		return sysfs_read_attr(a->dfd, name, buf, len);
	snprintf(path, sizeof path, "%s%s", a->rel, name);
	return sysfs_read(a->sys, path, buf, len);
}

static int
attr_hex(const struct attrs *a, const char *name, unsigned long *val)
{
	char	buf[32];
	int	r;

	if ((r = attr_read(a, name, buf, sizeof buf)) < 0)
		return r;
	return sysfs_parse_hex(buf, val);
}

/* The last component of the link NAME, or -errno. */
static int
attr_link_base(const struct attrs *a, const char *name, char *buf,
    size_t len)
{
	char	path[64];

	if (a->dfd != -1)
		return sysfs_read_link_base(a->dfd, name, buf, len);
	snprintf(path, sizeof path, "%s%s", a->rel, name);
	return sysfs_link_base(a->sys, path, buf, len);
}

/*
 * modalias carries vendor, device, subsystem and class in one read:
 * "pci:v000010DEd00001C20sv00001558sd000065A1bc03sc00i00".  Listing a host
 * with thousands of functions is mostly open() and read(), so one file
 * instead of five halves the cost.
 */
static int
read_modalias(const struct attrs *a, struct pci_dev_info *info)
{
	char	buf[128];

	if (attr_read(a, "modalias", buf, sizeof buf) < 0)
		return -1;
	return pci_modalias_parse(buf, info);
}

/*
 * The kernel's "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X", field by
 * field: sscanf's %8X took a sign ("bc-1" for a class of ffff....) and
 * ids past 16 bits, which the casts then cut to another device's.
 */
int
pci_modalias_parse(const char *s, struct pci_dev_info *info)
{
	static const struct {
		const char	*tag;
		int		 digits;
	} fields[] = { { "pci:v", 8 }, { "d", 8 }, { "sv", 8 }, { "sd", 8 },
	    { "bc", 2 }, { "sc", 2 }, { "i", 2 } };
	unsigned long	v[7];
	size_t		i, len;

	for (i = 0; i < 7; i++) {
		len = strlen(fields[i].tag);
		if (strncmp(s, fields[i].tag, len) != 0)
			return -1;
		s += len;
		if (parse_hex_field(&s, fields[i].digits, fields[i].digits,
		    &v[i]) == -1)
			return -1;
	}
	for (i = 0; i < 4; i++)
		if (v[i] > 0xffff)
			return -1;
	if (*s != '\0')
		return -1;
	info->vendor = (uint16_t)v[0];
	info->device = (uint16_t)v[1];
	info->subsys_vendor = (uint16_t)v[2];
	info->subsys_device = (uint16_t)v[3];
	info->class = (uint32_t)(v[4] << 16 | v[5] << 8 | v[6]);
	return 0;
}

static int
read_ids(const struct attrs *a, struct pci_dev_info *info)
{
	unsigned long	vendor, device, class, v;
	int		r;

	if ((r = attr_hex(a, "vendor", &vendor)) < 0 ||
	    (r = attr_hex(a, "device", &device)) < 0 ||
	    (r = attr_hex(a, "class", &class)) < 0)
		return r;
	info->vendor = (uint16_t)vendor;
	info->device = (uint16_t)device;
	info->class = (uint32_t)class & 0xffffff;
	info->subsys_vendor = attr_hex(a, "subsystem_vendor", &v) == 0 ?
	    (uint16_t)v : 0;
	info->subsys_device = attr_hex(a, "subsystem_device", &v) == 0 ?
	    (uint16_t)v : 0;
	return 0;
}

static int
read_ident(const struct attrs *a, struct pci_dev_info *info)
{
	unsigned long	rev;
	char		group[32];
	int		r;

	if (read_modalias(a, info) == -1 && (r = read_ids(a, info)) < 0)
		return r;
	/* Kernels before 4.x have no revision attribute. */
	info->revision = attr_hex(a, "revision", &rev) == 0 ? (uint8_t)rev : 0;
	info->iommu_group = -1;
	if (attr_link_base(a, "iommu_group", group, sizeof group) > 0)
		info->iommu_group = sysfs_parse_index(group);
	return 0;
}

/* The parent bridge is the directory above the device in devices/. */
static void
read_parent(const struct sysfs *sys, struct pci_dev_info *info)
{
	char		 path[64], target[4096], *slash;
	struct pci_addr	 parent;

	info->parent[0] = '\0';
	snprintf(path, sizeof path, "bus/pci/devices/%s", info->name);
	if (sysfs_readlink(sys, path, target, sizeof target) < 0)
		return;
	if ((slash = strrchr(target, '/')) == NULL)
		return;
	*slash = '\0';
	slash = strrchr(target, '/');
	slash = slash != NULL ? slash + 1 : target;
	if (pci_addr_parse(slash, &parent) == 0)
		pci_addr_format(&parent, info->parent);
}

static void
read_detail(const struct sysfs *sys, int dfd, struct pci_dev_info *info)
{
	unsigned long	 v;

	info->boot_vga = sysfs_read_hex(dfd, "boot_vga", &v) == 0 ? v != 0 : -1;
	read_parent(sys, info);
}

static void
read_word(int dfd, const char *name, char *buf, size_t len)
{
	if (sysfs_read_attr(dfd, name, buf, len) < 0)
		buf[0] = '\0';
}

static void
read_driver(const struct attrs *a, struct pci_dev_info *info)
{
	if (attr_link_base(a, "driver", info->driver, sizeof info->driver) < 0)
		info->driver[0] = '\0';
}

static void
read_state(int dfd, struct pci_dev_info *info)
{
	unsigned long	v;

	read_word(dfd, "driver_override", info->driver_override,
	    sizeof info->driver_override);
	if (strcmp(info->driver_override, "(null)") == 0)
		info->driver_override[0] = '\0';
	info->d3cold_allowed = sysfs_read_hex(dfd, "d3cold_allowed", &v) == 0 ?
	    v != 0 : -1;
}

static void
read_power(int dfd, struct pci_dev_info *info)
{
	read_word(dfd, "power_state", info->power_state,
	    sizeof info->power_state);
	read_word(dfd, "power/runtime_status", info->runtime_status,
	    sizeof info->runtime_status);
	read_word(dfd, "power/control", info->power_control,
	    sizeof info->power_control);
}

static int
open_dev_dir(const struct sysfs *sys, const char *name)
{
	char	path[64];

	snprintf(path, sizeof path, "bus/pci/devices/%s", name);
	return sysfs_openat(sys, path, O_PATH | O_DIRECTORY);
}

int
pci_dev_read(const struct sysfs *sys, const char *name, int what,
    struct pci_dev_info *info)
{
	struct attrs	a = { .sys = sys, .dfd = -1 };
	int		r = 0;

	if (pci_addr_parse(name, &info->addr) == -1)
		return -EINVAL;
	pci_addr_format(&info->addr, info->name);
	snprintf(a.rel, sizeof a.rel, "bus/pci/devices/%s/", info->name);
	/* Past the identity and driver, a dozen reads: the directory pays. */
	if ((what & ~(PCI_INFO_IDENT | PCI_INFO_DRIVER)) &&
	    (a.dfd = open_dev_dir(sys, info->name)) < 0)
		return a.dfd;
	if (what & PCI_INFO_IDENT)
		r = read_ident(&a, info);
	if (r == 0 && (what & (PCI_INFO_DRIVER | PCI_INFO_STATE)))
		read_driver(&a, info);
	if (r == 0 && (what & PCI_INFO_DETAIL))
		read_detail(sys, a.dfd, info);
	if (r == 0 && (what & PCI_INFO_STATE))
		read_state(a.dfd, info);
	if (r == 0 && (what & PCI_INFO_POWER))
		read_power(a.dfd, info);
	if (a.dfd != -1)
		close(a.dfd);
	return r;
}

int
pci_dev_read_power(const struct sysfs *sys, struct pci_dev_info *info)
{
	int	dfd;

	if ((dfd = open_dev_dir(sys, info->name)) < 0)
		return dfd;
	read_power(dfd, info);
	close(dfd);
	return 0;
}

int
pci_dev_write_attr(const struct sysfs *sys, const char *name,
    const char *attr, const char *value)
{
	int	dfd, r;

	if ((dfd = open_dev_dir(sys, name)) < 0)
		return dfd;
	r = sysfs_write_attr(dfd, attr, value);
	close(dfd);
	return r;
}

int
pci_dev_reads_ff(const struct pci_dev_info *info)
{
	return strcmp(info->power_state, "D3cold") == 0;
}

int
pci_dev_is_bridge(const struct pci_dev_info *info)
{
	unsigned int	sub = info->class >> 8;

	/* PCI-to-PCI and semi-transparent bridges: VFIO leaves them alone. */
	return sub == 0x0604 || sub == 0x0609;
}

int
pci_dev_is_display(const struct pci_dev_info *info)
{
	return (info->class >> 16) == 0x03;
}

const char *
pci_dev_power_word(const struct pci_dev_info *info)
{
	if (pci_dev_reads_ff(info))
		return "D3cold";
	if (strcmp(info->runtime_status, "suspended") == 0)
		return "suspended";
	if (info->power_state[0] != '\0')
		return info->power_state;
	if (info->runtime_status[0] != '\0')
		return info->runtime_status;
	return "?";
}
