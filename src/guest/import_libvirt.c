/*
 * A libvirt domain (what virsh dumpxml writes) as a vfiotui profile,
 * read with libxml2.  What maps is written as keys, in a profile's
 * usual order; what does not, element by element, as a comment naming
 * it.  Laptop users pass a GPU's subsystem ids with
 * <qemu:commandline> "-set device.hostdev0.x-pci-sub-vendor-id=..."
 * (or <qemu:override>), so those are read before the pci lines are
 * written, and land on the device's line when its alias says which.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confline.h"
#include "cpulist.h"
#include "import.h"
#include "pci.h"
#include "xmllib.h"

#define QEMU_NS	"http://libvirt.org/schemas/domain/qemu/1.0"

/* libxml2, opened by the first import (xmllib.h). */
static const struct xmllib	*xml;

/* A <hostdev type='pci'>, its alias, and what its pci line will say. */
struct lv_pci {
	char	 addr[PCI_ADDR_LEN];
	char	 alias[64];
	char	 rom[1024];		/* "": none */
	long	 sub_vendor;		/* -1: not set */
	long	 sub_device;
	int	 x_vga;			/* -1: not set */
};

struct lv {
	const char	*path;
	struct import	*imp;
	xmlNode		*dom;
	unsigned long	 cpus;
	struct lv_pci	 pci[PROFILE_MAX_PCI];
	size_t		 npci;
	size_t		 pci_written;
	char		*extra[PROFILE_MAX_EXTRA];	/* QEMU's words */
	size_t		 nextra;
	int		 net_done;
	int		 display_done;
	int		 ncontrollers, controller_line;
	char		*err;
	size_t		 errlen;
};

/* "PATH:LINE: ..." of NODE in ERR; -1. */
static int
lv_fail(struct lv *lv, xmlNode *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
lv_fail(struct lv *lv, xmlNode *node, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	n = snprintf(lv->err, lv->errlen, "%s:%ld: ", lv->path,
	    xml->line(node));
	if (n < 0 || (size_t)n >= lv->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(lv->err + n, lv->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int
is_named(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* Whether N is libvirt's QEMU namespace element NAME. */
static int
is_qemu(xmlNode *n, const char *name)
{
	return is_named(n, name) && n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, QEMU_NS) == 0;
}

/* The first element child of N called NAME, or NULL. */
static xmlNode *
child(xmlNode *n, const char *name)
{
	xmlNode	*c;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (is_named(c, name))
			return c;
	return NULL;
}

/* N's attribute NAME in BUF (LEN bytes), or NULL when it has none. */
static const char *
attr(xmlNode *n, const char *name, char *buf, size_t len)
{
	xmlChar	*v;

	if (n == NULL || (v = xml->prop(n, (const xmlChar *)name)) == NULL)
		return NULL;
	snprintf(buf, len, "%s", (const char *)v);
	(*xml->free)(v);
	return buf;
}

/* Whether N's attribute NAME is VALUE. */
static int
attr_is(xmlNode *n, const char *name, const char *value)
{
	char	buf[64];

	return attr(n, name, buf, sizeof buf) != NULL &&
	    strcmp(buf, value) == 0;
}

/* N's text, blanks trimmed, in BUF; "" when it has none. */
static const char *
text(xmlNode *n, char *buf, size_t len)
{
	xmlChar	*v;
	char	*s, *e;

	buf[0] = '\0';
	if (n == NULL || (v = xml->content(n)) == NULL)
		return buf;
	for (s = (char *)v; *s == ' ' || *s == '\n' || *s == '\t'; s++)
		;
	snprintf(buf, len, "%s", s);
	for (e = buf + strlen(buf); e > buf && (e[-1] == ' ' ||
	    e[-1] == '\n' || e[-1] == '\t'); e--)
		e[-1] = '\0';
	(*xml->free)(v);
	return buf;
}

/* Notes element N (with its type and model, if any) as not carried. */
static void
lv_drop(struct lv *lv, xmlNode *n, const char *why)
{
	char	what[128], type[64], model[64];
	xmlNode	*m = child(n, "model");

	if (attr(n, "type", type, sizeof type) != NULL)
		snprintf(what, sizeof what, "<%s type='%s'>", n->name, type);
	else
		snprintf(what, sizeof what, "<%s>", n->name);
	if (attr(n, "model", model, sizeof model) == NULL &&
	    attr(m, "type", model, sizeof model) == NULL)
		model[0] = '\0';
	import_drop(lv->imp, what, "line %ld%s%s: %s", xml->line(n),
	    model[0] != '\0' ? ", model " : "", model, why);
}

/* A libvirt size (NUMBER, in UNIT, KiB when none) in MiB; -1 if bad. */
static long
size_mib(xmlNode *n, const char *dflt)
{
	static const struct {
		const char		*unit;
		unsigned long long	 bytes;
	} units[] = {
		{ "b", 1 }, { "bytes", 1 }, { "KB", 1000ULL },
		{ "k", 1ULL << 10 }, { "KiB", 1ULL << 10 },
		{ "MB", 1000000ULL }, { "M", 1ULL << 20 },
		{ "MiB", 1ULL << 20 }, { "GB", 1000000000ULL },
		{ "G", 1ULL << 30 }, { "GiB", 1ULL << 30 },
		{ "TB", 1000000000000ULL }, { "T", 1ULL << 40 },
		{ "TiB", 1ULL << 40 },
	};
	char			 unit[16], num[32], *end;
	unsigned long long	 v;
	size_t			 i;

	if (attr(n, "unit", unit, sizeof unit) == NULL)
		snprintf(unit, sizeof unit, "%s", dflt);
	text(n, num, sizeof num);
	errno = 0;
	v = strtoull(num, &end, 10);
	if (num[0] < '0' || num[0] > '9' || *end != '\0' || errno != 0)
		return -1;
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(unit, units[i].unit) == 0) {
			if (v > (1ULL << 60) / units[i].bytes)
				return -1;
			return (long)(v * units[i].bytes >> 20);
		}
	return -1;
}

static int
do_memory(struct lv *lv)
{
	xmlNode	*mem = child(lv->dom, "memory");
	xmlNode	*cur = child(lv->dom, "currentMemory");
	char	 buf[32];
	long	 mib, cur_mib;

	if (mem == NULL)
		mem = cur;
	if (mem == NULL)
		return 0;
	if ((mib = size_mib(mem, "KiB")) < 1)
		return lv_fail(lv, mem, "<%s>: not a size libvirt writes",
		    mem->name);
	if (mib % 1024 == 0)
		snprintf(buf, sizeof buf, "%ldG", mib / 1024);
	else
		snprintf(buf, sizeof buf, "%ldM", mib);
	import_put(lv->imp, "memory", buf, NULL);
	if (cur != NULL && cur != mem && (cur_mib = size_mib(cur, "KiB")) !=
	    mib)
		import_drop(lv->imp, "<currentMemory>", "line %ld: %ld MiB "
		    "at boot, ballooned: the guest gets all of memory",
		    xml->line(cur), cur_mib);
	return 0;
}

static int
do_vcpu(struct lv *lv)
{
	xmlNode	*n = child(lv->dom, "vcpu");
	char	 buf[32], *end;

	if (n == NULL)
		return 0;
	text(n, buf, sizeof buf);
	lv->cpus = strtoul(buf, &end, 10);
	if (buf[0] < '1' || buf[0] > '9' || *end != '\0' || lv->cpus > 1024)
		return lv_fail(lv, n, "<vcpu>: '%s' is not a number of CPUs",
		    buf);
	import_put(lv->imp, "cpus", buf, NULL);
	if (attr(n, "current", buf, sizeof buf) != NULL)
		import_drop(lv->imp, "<vcpu current>", "line %ld: %s online "
		    "at boot; the guest gets them all", xml->line(n), buf);
	return 0;
}

/* machine, from <os><type machine=...>, and accel from <domain type>. */
static void
do_machine(struct lv *lv)
{
	xmlNode	*type = child(child(lv->dom, "os"), "type");
	char	 m[128];

	if (attr(type, "machine", m, sizeof m) != NULL) {
		/* pc-q35-7.2 is what this QEMU called q35 then. */
		if (strncmp(m, "pc-q35-", 7) == 0 || strcmp(m, "q35") == 0)
			import_put(lv->imp, "machine", "q35", NULL);
		else
			import_put(lv->imp, "machine", m, NULL);
	}
	if (attr_is(lv->dom, "type", "kvm"))
		import_put(lv->imp, "accel", "kvm", NULL);
	else if (attr_is(lv->dom, "type", "qemu"))
		import_put(lv->imp, "accel", "tcg", NULL);
}

/*
 * cpu = BASE[,kvm=off][,hv_vendor_id=ID]: what the NVIDIA driver's
 * Code 43 check is hidden from, as <features> said it.
 */
static void
do_cpu(struct lv *lv)
{
	xmlNode	*cpu = child(lv->dom, "cpu");
	xmlNode	*features = child(lv->dom, "features");
	xmlNode	*hv = child(features, "hyperv"), *c;
	char	 line[256], base[64], vendor[64], mode[32];
	int	 hidden, has_vendor;

	hidden = attr_is(child(child(features, "kvm"), "hidden"), "state",
	    "on");
	has_vendor = attr_is(child(hv, "vendor_id"), "state", "on") &&
	    attr(child(hv, "vendor_id"), "value", vendor, sizeof vendor);
	base[0] = '\0';
	if (attr(cpu, "mode", mode, sizeof mode) != NULL &&
	    (strcmp(mode, "host-passthrough") == 0 ||
	    strcmp(mode, "host-model") == 0))
		snprintf(base, sizeof base, "host");
	else if (child(cpu, "model") != NULL)
		text(child(cpu, "model"), base, sizeof base);
	if (base[0] == '\0' && (hidden || has_vendor))
		snprintf(base, sizeof base, "host");
	if (base[0] != '\0') {
		snprintf(line, sizeof line, "%s%s%s%s", base,
		    hidden ? ",kvm=off" : "", has_vendor ? ",hv_vendor_id=" :
		    "", has_vendor ? vendor : "");
		import_put(lv->imp, "cpu", line, NULL);
	}
	if (child(cpu, "topology") != NULL)
		lv_drop(lv, child(cpu, "topology"), "vfiotui passes -smp "
		    "CPUS, one core a CPU");
	for (c = cpu != NULL ? cpu->children : NULL; c != NULL; c = c->next)
		if (is_named(c, "feature"))
			lv_drop(lv, c, "no CPU features but cpu's");
	for (c = features != NULL ? features->children : NULL; c != NULL;
	    c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_named(c, "acpi") ||
		    is_named(c, "apic") || is_named(c, "kvm") ||
		    (is_named(c, "hyperv") && child(c, "vendor_id") != NULL &&
		    child(c, "vendor_id") == xml->first_child(c) &&
		    xml->child_count(c) == 1))
			continue;
		lv_drop(lv, c, is_named(c, "hyperv") ? "only vendor_id is "
		    "carried (its others: cpu = ...,hv_relaxed,...)" :
		    "vfiotui has no key for it");
	}
}

/* <os><loader type='pflash'> and <nvram template=...>: OVMF. */
static void
do_firmware(struct lv *lv)
{
	xmlNode	*os = child(lv->dom, "os");
	xmlNode	*loader = child(os, "loader"), *nvram = child(os, "nvram");
	char	 code[1024], tmpl[1024], fw[16], vars[1024];

	if (loader == NULL && !(attr(os, "firmware", fw, sizeof fw) != NULL &&
	    strcmp(fw, "efi") == 0)) {
		import_put(lv->imp, "firmware", "seabios", NULL);
		return;
	}
	import_put(lv->imp, "firmware", "ovmf", NULL);
	if (loader != NULL && text(loader, code, sizeof code)[0] != '\0')
		import_put(lv->imp, "ovmf-code", code, NULL);
	if (attr(nvram, "template", tmpl, sizeof tmpl) != NULL)
		import_put(lv->imp, "ovmf-vars", tmpl, NULL);
	if (nvram != NULL && text(nvram, vars, sizeof vars)[0] != '\0')
		import_comment(lv->imp, "libvirt's copy of the vars was %s; "
		    "vfiotui keeps its own, made from ovmf-vars on the first "
		    "start (copy that file over it to keep its settings)",
		    vars);
	if (attr_is(loader, "secure", "yes"))
		import_drop(lv->imp, "<loader secure='yes'>", "line %ld: "
		    "Secure Boot's SMM is not set up", xml->line(loader));
}

/* A hex or decimal attribute of N in [0, MAX]; -1 when bad or missing. */
static long
num_attr(xmlNode *n, const char *name, long max)
{
	char	 buf[32], *end;
	long	 v;

	if (attr(n, name, buf, sizeof buf) == NULL)
		return -1;
	errno = 0;
	v = strtol(buf, &end, 0);
	if (end == buf || *end != '\0' || errno != 0 || v < 0 || v > max)
		return -1;
	return v;
}

/* The PCI hostdev H, its alias hostdevK unless it names one. */
static int
read_pci(struct lv *lv, xmlNode *h, int k)
{
	xmlNode		*a = child(child(h, "source"), "address");
	struct lv_pci	*p;
	struct pci_addr	 addr;
	long		 d, b, s, f;

	if (a == NULL)
		return lv_fail(lv, h, "<hostdev type='pci'> without a "
		    "<source><address>: which device?");
	d = num_attr(a, "domain", 0xffff);
	b = num_attr(a, "bus", 0xff);
	s = num_attr(a, "slot", 0x1f);
	f = num_attr(a, "function", 7);
	if (d == -1 || b == -1 || s == -1 || f == -1)
		return lv_fail(lv, a, "<address>: domain, bus, slot and "
		    "function must be numbers (0x0000, 0x01, 0x00, 0x0)");
	if (lv->npci == PROFILE_MAX_PCI)
		return lv_fail(lv, h, "more than %d PCI devices",
		    PROFILE_MAX_PCI);
	p = &lv->pci[lv->npci++];
	*p = (struct lv_pci){ .sub_vendor = -1, .sub_device = -1,
	    .x_vga = -1 };
	addr = (struct pci_addr){ (uint32_t)d, (uint8_t)b, (uint8_t)s,
	    (uint8_t)f };
	pci_addr_format_slot(&addr, d != 0, p->addr);
	if (attr(child(h, "alias"), "name", p->alias, sizeof p->alias) ==
	    NULL)
		snprintf(p->alias, sizeof p->alias, "hostdev%d", k);
	if (attr(child(h, "rom"), "file", p->rom, sizeof p->rom) == NULL)
		p->rom[0] = '\0';
	return 0;
}

/* Every hostdev, numbered as libvirt names them (hostdev0, ...). */
static int
read_hostdevs(struct lv *lv)
{
	xmlNode	*devs = child(lv->dom, "devices"), *c;
	int	 k = 0;

	for (c = devs != NULL ? devs->children : NULL; c != NULL; c = c->next)
		if (is_named(c, "hostdev")) {
			if (attr_is(c, "type", "pci") &&
			    read_pci(lv, c, k) == -1)
				return -1;
			k++;
		}
	return 0;
}

/* Sets PROP=VALUE of the hostdev ALIAS; 0, or -1 when it is not ours. */
static int
set_pci_prop(struct lv *lv, const char *alias, const char *prop,
    const char *value)
{
	struct lv_pci	*p = NULL;
	char		*end;
	long		 v;
	size_t		 i;

	for (i = 0; i < lv->npci; i++)
		if (strcmp(lv->pci[i].alias, alias) == 0)
			p = &lv->pci[i];
	if (p == NULL)
		return -1;
	if (strcmp(prop, "x-vga") == 0) {
		if (strcmp(value, "on") == 0 || strcmp(value, "true") == 0)
			p->x_vga = 1;
		else if (strcmp(value, "off") == 0 ||
		    strcmp(value, "false") == 0)
			p->x_vga = 0;
		else
			return -1;
		return 0;
	}
	errno = 0;
	v = strtol(value, &end, 0);
	if (end == value || *end != '\0' || errno != 0 || v < 0 || v > 0xffff)
		return -1;
	if (strcmp(prop, "x-pci-sub-vendor-id") == 0)
		p->sub_vendor = v;
	else if (strcmp(prop, "x-pci-sub-device-id") == 0)
		p->sub_device = v;
	else
		return -1;
	return 0;
}

/* "device.ALIAS.PROP=VALUE" of -set, on a pci line; -1 when not. */
static int
set_arg(struct lv *lv, const char *arg)
{
	char	 buf[1024], *alias, *prop, *value;

	snprintf(buf, sizeof buf, "%s", arg);
	if (strncmp(buf, "device.", 7) != 0)
		return -1;
	alias = buf + 7;
	if ((value = strchr(alias, '=')) == NULL)
		return -1;
	*value++ = '\0';
	if ((prop = strrchr(alias, '.')) == NULL)
		return -1;
	*prop++ = '\0';
	return set_pci_prop(lv, alias, prop, value);
}

static int
add_extra(struct lv *lv, xmlNode *n, const char *word)
{
	if (lv->nextra == PROFILE_MAX_EXTRA) {
		lv_drop(lv, n, "more QEMU arguments than a profile holds");
		return 0;
	}
	if ((lv->extra[lv->nextra] = strdup(word)) == NULL)
		return lv_fail(lv, n, "out of memory");
	lv->nextra++;
	return 0;
}

/* <qemu:commandline>: -set on a hostdev to its pci line, the rest extra. */
static int
read_commandline(struct lv *lv, xmlNode *cl)
{
	xmlNode	*a, *next;
	char	 v[1024], nv[1024];

	for (a = cl->children; a != NULL; a = a->next) {
		if (is_qemu(a, "env")) {
			lv_drop(lv, a, "vfiotui passes QEMU no environment");
			continue;
		}
		if (!is_qemu(a, "arg") || attr(a, "value", v, sizeof v) == NULL)
			continue;
		for (next = a->next; next != NULL && !is_qemu(next, "arg");
		    next = next->next)
			;
		if (strcmp(v, "-set") == 0 && next != NULL &&
		    attr(next, "value", nv, sizeof nv) != NULL &&
		    set_arg(lv, nv) == 0) {
			a = next;
			continue;
		}
		if (add_extra(lv, a, v) == -1)
			return -1;
	}
	return 0;
}

/* <qemu:override><qemu:device alias=...><qemu:frontend><qemu:property>. */
static void
read_override(struct lv *lv, xmlNode *ov)
{
	xmlNode	*d, *p;
	char	 alias[64], name[64], value[64];

	for (d = ov->children; d != NULL; d = d->next) {
		if (!is_qemu(d, "device") ||
		    attr(d, "alias", alias, sizeof alias) == NULL)
			continue;
		for (p = d->children; p != NULL; p = p->next)
			if (is_qemu(p, "frontend"))
				break;
		for (p = p != NULL ? p->children : NULL; p != NULL;
		    p = p->next) {
			if (!is_qemu(p, "property"))
				continue;
			if (attr(p, "name", name, sizeof name) == NULL ||
			    attr(p, "value", value, sizeof value) == NULL ||
			    set_pci_prop(lv, alias, name, value) == -1)
				import_drop(lv->imp, "<qemu:property>",
				    "line %ld: %s of %s is no pci option",
				    xml->line(p), name, alias);
		}
	}
}

static int
read_qemu_ns(struct lv *lv)
{
	xmlNode	*c;

	for (c = lv->dom->children; c != NULL; c = c->next)
		if (is_qemu(c, "commandline") && read_commandline(lv, c) == -1)
			return -1;
		else if (is_qemu(c, "override"))
			read_override(lv, c);
	return 0;
}

static void
put_pci(struct lv *lv)
{
	struct lv_pci	*p = &lv->pci[lv->pci_written++];
	char		 rom[1100], sv[32], sd[32], vga[16];
	const char	*words[5];
	int		 n = 0;

	words[n++] = p->addr;
	if (p->rom[0] != '\0') {
		snprintf(rom, sizeof rom, "romfile=%s", p->rom);
		words[n++] = rom;
	}
	if (p->sub_vendor != -1) {
		snprintf(sv, sizeof sv, "x-pci-sub-vendor-id=0x%04lx",
		    p->sub_vendor);
		words[n++] = sv;
	}
	if (p->sub_device != -1) {
		snprintf(sd, sizeof sd, "x-pci-sub-device-id=0x%04lx",
		    p->sub_device);
		words[n++] = sd;
	}
	if (p->x_vga != -1) {
		snprintf(vga, sizeof vga, "x-vga=%s", p->x_vga ? "on" : "off");
		words[n++] = vga;
	}
	import_putv(lv->imp, "pci", words, n);
}

/* <disk type='file|block' device='disk|cdrom'>. */
static void
do_disk(struct lv *lv, xmlNode *d)
{
	xmlNode		*src = child(d, "source");
	char		 path[1024], fmt[32], bus[32], opt_fmt[48], opt_if[48];
	const char	*words[3];
	int		 n = 0, cdrom = attr_is(d, "device", "cdrom");

	if (!cdrom && !attr_is(d, "device", "disk") &&
	    attr(d, "device", bus, sizeof bus) != NULL) {
		lv_drop(lv, d, "only disks and cdroms are carried");
		return;
	}
	if (attr(src, "file", path, sizeof path) == NULL &&
	    attr(src, "dev", path, sizeof path) == NULL) {
		lv_drop(lv, d, src == NULL ? "no image (an empty tray)" :
		    "only a file or a block device is carried");
		return;
	}
	words[n++] = path;
	if (cdrom) {
		import_putv(lv->imp, "cdrom", words, n);
		return;
	}
	if (attr(child(d, "driver"), "type", fmt, sizeof fmt) != NULL) {
		snprintf(opt_fmt, sizeof opt_fmt, "format=%s", fmt);
		words[n++] = opt_fmt;
	}
	if (attr(child(d, "target"), "bus", bus, sizeof bus) != NULL) {
		/* On q35 QEMU's if=ide disks sit on its AHCI (SATA). */
		if (strcmp(bus, "sata") == 0)
			snprintf(bus, sizeof bus, "ide");
		if (strcmp(bus, "virtio") == 0 || strcmp(bus, "ide") == 0) {
			snprintf(opt_if, sizeof opt_if, "if=%s", bus);
			words[n++] = opt_if;
		} else
			import_drop(lv->imp, "<target bus>", "line %ld: %s's "
			    "bus %s: it is virtio here", xml->line(d), path,
			    bus);
	}
	import_putv(lv->imp, "disk", words, n);
}

/* One interface: QEMU's user network for now, and its MAC. */
static void
do_interface(struct lv *lv, xmlNode *i)
{
	xmlNode	*src = child(i, "source");
	char	 type[32], name[128], mac[32], model[32];

	if (lv->net_done++) {
		lv_drop(lv, i, "a profile has one network");
		return;
	}
	if (attr(i, "type", type, sizeof type) == NULL)
		snprintf(type, sizeof type, "?");
	if (attr(src, "network", name, sizeof name) != NULL ||
	    attr(src, "bridge", name, sizeof name) != NULL ||
	    attr(src, "dev", name, sizeof name) != NULL)
		import_comment(lv->imp, "libvirt's network %s (<interface "
		    "type='%s'>): vfiotui's is VDE (vfiotui net start, then "
		    "network = vde); QEMU's user network until then", name,
		    type);
	else
		import_comment(lv->imp, "<interface type='%s'>: QEMU's user "
		    "network; vfiotui's is VDE (vfiotui net start, then "
		    "network = vde)", type);
	import_put(lv->imp, "network", "user", NULL);
	if (attr(child(i, "mac"), "address", mac, sizeof mac) != NULL)
		import_put(lv->imp, "mac", mac, NULL);
	if (attr(child(i, "model"), "type", model, sizeof model) != NULL &&
	    strcmp(model, "virtio") != 0)
		import_drop(lv->imp, "<model>", "line %ld: the NIC %s: "
		    "vfiotui's is virtio-net-pci", xml->line(i), model);
}

static void
do_graphics(struct lv *lv, xmlNode *g)
{
	char	port[16];

	if (!attr_is(g, "type", "spice") || lv->display_done) {
		lv_drop(lv, g, "vfiotui's display is spice or gtk");
		return;
	}
	lv->display_done = 1;
	import_put(lv->imp, "display", "spice", NULL);
	if (!attr_is(g, "autoport", "yes") &&
	    attr(g, "port", port, sizeof port) != NULL &&
	    strcmp(port, "-1") != 0)
		import_put(lv->imp, "spice-port", port, NULL);
	else
		import_comment(lv->imp, "libvirt chose a free spice port; "
		    "vfiotui's is spice-port (5900)");
}

/* Looking Glass's shared memory: said, not carried (no key yet). */
static void
do_shmem(struct lv *lv, xmlNode *s)
{
	char	name[64];
	long	mib;

	if (attr(s, "name", name, sizeof name) == NULL ||
	    strcmp(name, "looking-glass") != 0) {
		lv_drop(lv, s, "vfiotui has no key for it");
		return;
	}
	mib = child(s, "size") != NULL ? size_mib(child(s, "size"), "b") : -1;
	import_drop(lv->imp, "<shmem name='looking-glass'>", "line %ld: "
	    "Looking Glass's %ld MiB; vfiotui has no key for it yet (extra = "
	    "-device ivshmem-plain,memdev=lg -object memory-backend-file,"
	    "id=lg,share=on,mem-path=/dev/shm/looking-glass,size=%ldM)",
	    xml->line(s), mib, mib);
}

static void
do_hostdev(struct lv *lv, xmlNode *h)
{
	long	bus, dev;

	if (attr_is(h, "type", "pci")) {
		put_pci(lv);
		if (attr_is(child(h, "rom"), "bar", "off"))
			import_drop(lv->imp, "<rom bar='off'>", "line %ld: "
			    "its ROM BAR is shown", xml->line(h));
		return;
	}
	if (attr_is(h, "type", "usb") && (bus = num_attr(child(child(h,
	    "source"), "vendor"), "id", 0xffff)) != -1 &&
	    (dev = num_attr(child(child(h, "source"), "product"), "id",
	    0xffff)) != -1) {
		import_drop(lv->imp, "<hostdev type='usb'>", "line %ld: "
		    "%04lx:%04lx (extra = -device usb-host,vendorid=0x%04lx,"
		    "productid=0x%04lx)", xml->line(h), bus, dev, bus, dev);
		return;
	}
	lv_drop(lv, h, "only PCI devices are passed");
}

/* <devices>, in their order; what is not carried said at its place. */
static int
do_devices(struct lv *lv)
{
	xmlNode	*c, *devs = child(lv->dom, "devices");
	char	 path[1024];
	int	 usb_tablet = 0;

	for (c = devs != NULL ? devs->children : NULL; c != NULL; c = c->next)
		if (c->type != XML_ELEMENT_NODE)
			continue;
		else if (is_named(c, "disk"))
			do_disk(lv, c);
		else if (is_named(c, "interface"))
			do_interface(lv, c);
		else if (is_named(c, "graphics"))
			do_graphics(lv, c);
		else if (is_named(c, "hostdev"))
			do_hostdev(lv, c);
		else if (is_named(c, "shmem"))
			do_shmem(lv, c);
		else if (is_named(c, "controller")) {
			/* libvirt writes a dozen; one comment says them. */
			if (lv->ncontrollers++ == 0)
				lv->controller_line = (int)xml->line(c);
		} else if (is_named(c, "emulator"))
			import_drop(lv->imp, "<emulator>", "line %ld: %s "
			    "(qemu = PATH to run another than "
			    "qemu-system-x86_64)", xml->line(c),
			    text(c, path, sizeof path));
		else if (is_named(c, "input") && attr_is(c, "bus", "ps2"))
			continue;	/* q35's own, with or without libvirt */
		else if (is_named(c, "input") && attr_is(c, "type", "tablet") &&
		    attr_is(c, "bus", "usb"))
			usb_tablet = 1;
		else if (is_named(c, "video"))
			lv_drop(lv, c, "vfiotui adds qxl-vga with display = "
			    "spice");
		else
			lv_drop(lv, c, "vfiotui has no key for it");
	if (lv->ncontrollers > 0)
		import_drop(lv->imp, "<controller>", "%d from line %d: "
		    "vfiotui adds the root ports and controllers it needs",
		    lv->ncontrollers, lv->controller_line);
	if (!lv->display_done)
		import_put(lv->imp, "display", "none", NULL);
	if (!lv->net_done)
		import_put(lv->imp, "network", "none", NULL);
	/* The absolute pointer that spice's window wants. */
	if (usb_tablet && (add_extra(lv, devs, "-usb") == -1 ||
	    add_extra(lv, devs, "-device") == -1 ||
	    add_extra(lv, devs, "usb-tablet") == -1))
		return -1;
	return 0;
}

static void
do_memory_backing(struct lv *lv)
{
	xmlNode	*mb = child(lv->dom, "memoryBacking"), *c;

	for (c = mb != NULL ? mb->children : NULL; c != NULL; c = c->next)
		if (is_named(c, "hugepages"))
			import_put(lv->imp, "hugepages", "yes", NULL);
		else if (c->type == XML_ELEMENT_NODE)
			lv_drop(lv, c, "of <memoryBacking>, only hugepages");
}

/*
 * <cputune>: pin = CPU... when each vCPU has one CPU of its own, in
 * vCPU order, and emulator= from <emulatorpin>.
 */
static void
do_cputune(struct lv *lv)
{
	xmlNode		*ct = child(lv->dom, "cputune"), *c, *emu = NULL;
	char		 words[CONFLINE_MAX_WORDS][32], set[64], emuw[80];
	const char	*w[CONFLINE_MAX_WORDS];
	cpu_set_t	 cs;
	long		 v, cpu;
	unsigned long	 n = 0, i;
	int		 ok = 1;

	if (ct == NULL)
		return;
	for (i = 0; i < CONFLINE_MAX_WORDS; i++)
		words[i][0] = '\0';
	for (c = ct->children; c != NULL; c = c->next)
		if (is_named(c, "vcpupin")) {
			v = num_attr(c, "vcpu", CONFLINE_MAX_WORDS - 2);
			cpu = num_attr(c, "cpuset", CPU_SETSIZE - 1);
			if (v == -1 || cpu == -1 || words[v][0] != '\0')
				ok = 0;
			else {
				snprintf(words[v], sizeof words[v], "%ld", cpu);
				n++;
			}
		} else if (is_named(c, "emulatorpin"))
			emu = c;
		else if (c->type == XML_ELEMENT_NODE)
			lv_drop(lv, c, "of <cputune>, vcpupin and emulatorpin");
	if (n == 0 && emu == NULL)
		return;
	if (!ok || n != lv->cpus) {
		import_drop(lv->imp, "<vcpupin>", "line %ld: vfiotui's pin "
		    "puts each of the %lu vCPUs on one CPU of its own",
		    xml->line(ct), lv->cpus);
		return;
	}
	for (i = 0; i < n; i++)
		w[i] = words[i];
	if (emu != NULL && attr(emu, "cpuset", set, sizeof set) != NULL &&
	    cpulist_parse(set, &cs) == 0) {
		snprintf(emuw, sizeof emuw, "emulator=%s", set);
		w[n++] = emuw;
	} else if (emu != NULL)
		lv_drop(lv, emu, "its cpuset is not a list of CPUs (0-1,4)");
	if (n > 0)
		import_putv(lv->imp, "pin", w, (int)n);
}

/* <clock offset='localtime'>: Windows keeps the RTC in local time. */
static int
do_clock(struct lv *lv)
{
	xmlNode	*clock = child(lv->dom, "clock"), *c;

	if (clock == NULL)
		return 0;
	if (attr_is(clock, "offset", "localtime") &&
	    (add_extra(lv, clock, "-rtc") == -1 ||
	    add_extra(lv, clock, "base=localtime") == -1))
		return -1;
	for (c = clock->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			lv_drop(lv, c, "QEMU's timers are its defaults");
	return 0;
}

/* The extra words, a line for each option ("-rtc base=localtime"). */
static void
put_extra(struct lv *lv)
{
	size_t	i, first;

	for (i = 0; i < lv->nextra; i = first) {
		first = i + 1;
		while (first < lv->nextra && lv->extra[first][0] != '-')
			first++;
		import_putv(lv->imp, "extra",
		    (const char *const *)lv->extra + i, (int)(first - i));
	}
}

/* The domain's other elements, said as not carried. */
static void
drop_others(struct lv *lv)
{
	static const char *const done[] = { "name", "uuid", "memory",
	    "currentMemory", "vcpu", "os", "features", "cpu", "devices",
	    "memoryBacking", "cputune", "clock" };
	xmlNode	*c;
	size_t	 i;

	for (c = lv->dom->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_qemu(c, "commandline") ||
		    is_qemu(c, "override"))
			continue;
		for (i = 0; i < sizeof done / sizeof done[0]; i++)
			if (is_named(c, done[i]))
				break;
		if (i == sizeof done / sizeof done[0])
			lv_drop(lv, c, "vfiotui has no key for it");
	}
}

static int
import_domain(struct lv *lv)
{
	char	name[PROFILE_NAME_MAX];

	text(child(lv->dom, "name"), name, sizeof name);
	snprintf(lv->imp->name, sizeof lv->imp->name, "%s", name);
	import_comment(lv->imp, "Imported from %s (libvirt's domain %s) by "
	    "vfiotui guest import.", lv->path, name);
	if (read_hostdevs(lv) == -1 || read_qemu_ns(lv) == -1 ||
	    do_memory(lv) == -1 || do_vcpu(lv) == -1)
		return -1;
	do_machine(lv);
	do_cpu(lv);
	do_firmware(lv);
	if (do_devices(lv) == -1 || do_clock(lv) == -1)
		return -1;
	do_memory_backing(lv);
	do_cputune(lv);
	put_extra(lv);
	drop_others(lv);
	return 0;
}

int
import_libvirt(const char *path, const char *text, size_t len,
    struct import *imp, char *err, size_t errlen)
{
	struct lv	 lv = { .path = path, .imp = imp, .err = err,
			    .errlen = errlen };
	const xmlError	*xe;
	xmlDoc		*doc;
	size_t		 i;
	int		 r = -1;

	if (len > INT32_MAX) {
		snprintf(err, errlen, "%s: too big for a domain", path);
		return -1;
	}
	if ((xml = xmllib_open(err, errlen)) == NULL)
		return -1;
	xml->reset_error();
	/* No network, no entities expanded: the file is a user's. */
	doc = xml->read_memory(text, (int)len, path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		xe = xml->last_error();
		if (xe != NULL && xe->message != NULL) {
			snprintf(err, errlen, "%s:%d: not XML: %s", path,
			    xe->line, xe->message);
			err[strcspn(err, "\n")] = '\0';
		} else
			snprintf(err, errlen, "%s: not XML", path);
		return -1;
	}
	lv.dom = xml->root(doc);
	if (lv.dom == NULL || !is_named(lv.dom, "domain"))
		lv_fail(&lv, lv.dom != NULL ? lv.dom : (xmlNode *)doc,
		    "not a libvirt domain (its root is <%s>; virsh dumpxml "
		    "writes <domain>)", lv.dom != NULL ?
		    (const char *)lv.dom->name : "");
	else if (child(lv.dom, "name") == NULL)
		lv_fail(&lv, lv.dom, "<domain> without a <name>");
	else
		r = import_domain(&lv);
	for (i = 0; i < lv.nextra; i++)
		free(lv.extra[i]);
	xml->free_doc(doc);
	return r;
}
