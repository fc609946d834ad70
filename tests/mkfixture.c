/*
 * mkfixture: builds a fake sysfs root (devices/, bus/pci/,
 * kernel/iommu_groups/) from a compact one-line-per-device description, so
 * that vfiotui can be tested on machines we do not have, with lspci as the
 * oracle.
 *
 *	mkfixture [--no-config] DESC_FILE OUT_DIR
 *
 * A line is a PCI address DDDD:BB:DD.F followed by key=value fields:
 * class=XXXXXX id=VVVV:DDDD (both required), subsys=VVVV:DDDD, rev=XX,
 * group=N, driver=NAME, parent=DDDD:BB:DD.F, power_state=D0,
 * runtime_status=active, control=on, d3cold_allowed=1, boot_vga=0,
 * driver_override=NAME.  '#' starts a comment.  Devices may come in any
 * order: parents are resolved once the whole description has been read.
 *
 * Every symlink is relative so that a tree can be copied with cp -a.
 * This is a test tool, not part of vfiotui, so it simply exits on the first
 * error.
 */
#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FX_NAME_LEN	64
#define FX_EMPTY	INT_MIN
#define FX_IRQ		16

struct fx_dev {
	uint32_t	 addr;		/* domain << 16 | bus << 8 | devfn */
	uint32_t	 parent_addr;
	int		 parent;	/* index into devs, -1: root bus */
	uint32_t	 class;
	uint16_t	 vendor, device, sub_vendor, sub_device;
	uint8_t		 rev;
	long		 group;		/* -1: no IOMMU group */
	char		 driver[FX_NAME_LEN];	/* "": unbound */
	char		 override[FX_NAME_LEN];	/* "": the kernel's "(null)" */
	char		 power_state[FX_NAME_LEN];
	char		 runtime_status[FX_NAME_LEN];
	char		 control[FX_NAME_LEN];
	int		 d3cold_allowed;
	int		 boot_vga;
	unsigned int	 seen;		/* bit per field, to catch repeats */
	int		 line;
	char		*path;		/* relative to the tree root */
	int		 depth;		/* components in path */
	int		 state;		/* 0 new, 1 resolving, 2 done */
	int		 has_children;
	int		 dir_made;
	uint8_t		 secondary, subordinate;
};

/* Open-addressing map from a 32-bit key to an int; sized once, never grows. */
struct fx_map {
	uint32_t	*keys;
	int		*vals;
	size_t		 mask;
};

struct fixture {
	const char	*desc_name;
	const char	*out;
	int		 rootfd;
	int		 with_config;
	struct fx_dev	*devs;
	size_t		 ndevs, capdevs;
	struct fx_map	 by_addr;
};

static void __attribute__((noreturn, format(printf, 3, 4)))
fail_at(const struct fixture *fx, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkfixture: %s:%d: ", fx->desc_name, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((noreturn))
fail_sys(const struct fixture *fx, const char *dir, const char *name)
{
	fprintf(stderr, "mkfixture: %s%s%s%s%s: %s\n", fx->out,
	    *dir != '\0' ? "/" : "", dir, *name != '\0' ? "/" : "", name,
	    strerror(errno));
	exit(1);
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n, size)) == NULL) {
		perror("mkfixture");
		exit(1);
	}
	return p;
}

static void
map_init(struct fx_map *m, size_t n)
{
	size_t size, i;

	for (size = 16; size < 2 * n; size <<= 1)
		continue;
	m->keys = xcalloc(size, sizeof(*m->keys));
	m->vals = xcalloc(size, sizeof(*m->vals));
	for (i = 0; i < size; i++)
		m->vals[i] = FX_EMPTY;
	m->mask = size - 1;
}

static void
map_free(struct fx_map *m)
{
	free(m->keys);
	free(m->vals);
}

/* The slot for key: either holding key, or empty (vals[] == FX_EMPTY). */
static size_t
map_slot(const struct fx_map *m, uint32_t key)
{
	size_t i;

	i = (key * 2654435761u) & m->mask;
	while (m->vals[i] != FX_EMPTY && m->keys[i] != key)
		i = (i + 1) & m->mask;
	return i;
}

static int
map_get(const struct fx_map *m, uint32_t key)
{
	return m->vals[map_slot(m, key)];
}

static void
map_put(struct fx_map *m, uint32_t key, int val)
{
	size_t i;

	i = map_slot(m, key);
	m->keys[i] = key;
	m->vals[i] = val;
}

static int
parse_hex(const char *s, size_t ndigits, unsigned long *out)
{
	size_t i;

	if (strlen(s) != ndigits)
		return -1;
	for (i = 0; i < ndigits; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -1;
	*out = strtoul(s, NULL, 16);
	return 0;
}

/* Exactly DDDD:BB:DD.F, the form the kernel names devices with. */
static int
parse_addr(const char *s, uint32_t *addr)
{
	char dom[5], bus[3], slot[3], fn[2];
	unsigned long d, b, sl, f;

	if (strlen(s) != 12 || s[4] != ':' || s[7] != ':' || s[10] != '.')
		return -1;
	memcpy(dom, s, 4), dom[4] = '\0';
	memcpy(bus, s + 5, 2), bus[2] = '\0';
	memcpy(slot, s + 8, 2), slot[2] = '\0';
	fn[0] = s[11], fn[1] = '\0';
	if (parse_hex(dom, 4, &d) == -1 || parse_hex(bus, 2, &b) == -1 ||
	    parse_hex(slot, 2, &sl) == -1 || parse_hex(fn, 1, &f) == -1 ||
	    sl > 0x1f || f > 7)
		return -1;
	*addr = d << 16 | b << 8 | sl << 3 | f;
	return 0;
}

static void
format_addr(uint32_t addr, char buf[13])
{
	snprintf(buf, 13, "%04x:%02x:%02x.%x", addr >> 16, (addr >> 8) & 0xff,
	    (addr >> 3) & 0x1f, addr & 7);
}

static int
parse_pair(const char *s, uint16_t *a, uint16_t *b)
{
	char first[5];
	unsigned long x, y;

	if (strlen(s) != 9 || s[4] != ':')
		return -1;
	memcpy(first, s, 4), first[4] = '\0';
	if (parse_hex(first, 4, &x) == -1 || parse_hex(s + 5, 4, &y) == -1)
		return -1;
	*a = x, *b = y;
	return 0;
}

static int
parse_name(const char *s, char out[FX_NAME_LEN])
{
	size_t i, len;

	len = strlen(s);
	if (len == 0 || len >= FX_NAME_LEN)
		return -1;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) &&
		    strchr("_-.", s[i]) == NULL)
			return -1;
	memcpy(out, s, len + 1);
	return 0;
}

static int
parse_word(const char *s, const char *const *words, char out[FX_NAME_LEN])
{
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
			return parse_name(s, out);
	return -1;
}

static int
parse_bool(const char *s, int *out)
{
	if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0)
		return -1;
	*out = *s == '1';
	return 0;
}

/* Field parsers share one signature so that they can sit in a table. */
static int
f_class(struct fx_dev *d, const char *v)
{
	unsigned long x;

	if (parse_hex(v, 6, &x) == -1)
		return -1;
	d->class = x;
	return 0;
}

static int
f_rev(struct fx_dev *d, const char *v)
{
	unsigned long x;

	if (parse_hex(v, 2, &x) == -1)
		return -1;
	d->rev = x;
	return 0;
}

static int
f_group(struct fx_dev *d, const char *v)
{
	char *end;

	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	d->group = strtol(v, &end, 10);
	return *end != '\0' || errno != 0 || d->group > INT_MAX ? -1 : 0;
}

static int
f_id(struct fx_dev *d, const char *v)
{
	return parse_pair(v, &d->vendor, &d->device);
}

static int
f_subsys(struct fx_dev *d, const char *v)
{
	return parse_pair(v, &d->sub_vendor, &d->sub_device);
}

static int
f_driver(struct fx_dev *d, const char *v)
{
	return parse_name(v, d->driver);
}

static int
f_override(struct fx_dev *d, const char *v)
{
	return parse_name(v, d->override);
}

static int
f_parent(struct fx_dev *d, const char *v)
{
	return parse_addr(v, &d->parent_addr);
}

static int
f_power_state(struct fx_dev *d, const char *v)
{
	static const char *const w[] = { "D0", "D1", "D2", "D3hot", "D3cold",
	    "unknown", NULL };

	return parse_word(v, w, d->power_state);
}

static int
f_runtime_status(struct fx_dev *d, const char *v)
{
	static const char *const w[] = { "active", "suspended", "suspending",
	    "resuming", "error", "unsupported", NULL };

	return parse_word(v, w, d->runtime_status);
}

static int
f_control(struct fx_dev *d, const char *v)
{
	static const char *const w[] = { "on", "auto", NULL };

	return parse_word(v, w, d->control);
}

static int
f_d3cold(struct fx_dev *d, const char *v)
{
	return parse_bool(v, &d->d3cold_allowed);
}

static int
f_boot_vga(struct fx_dev *d, const char *v)
{
	return parse_bool(v, &d->boot_vga);
}

/* Order matters: the index is the bit in fx_dev.seen. */
static const struct fx_field {
	const char	*key;
	int		(*parse)(struct fx_dev *, const char *);
	const char	*expect;
} fx_fields[] = {
	{ "class", f_class, "6 hex digits, e.g. 030000" },
	{ "id", f_id, "VVVV:DDDD in hex" },
	{ "subsys", f_subsys, "VVVV:DDDD in hex" },
	{ "rev", f_rev, "2 hex digits" },
	{ "group", f_group, "a group number" },
	{ "driver", f_driver, "a driver name" },
	{ "parent", f_parent, "a PCI address DDDD:BB:DD.F" },
	{ "power_state", f_power_state, "D0, D1, D2, D3hot, D3cold, unknown" },
	{ "runtime_status", f_runtime_status,
	    "active, suspended, suspending, resuming, error, unsupported" },
	{ "control", f_control, "on or auto" },
	{ "d3cold_allowed", f_d3cold, "0 or 1" },
	{ "boot_vga", f_boot_vga, "0 or 1" },
	{ "driver_override", f_override, "a driver name" },
};
#define FX_SEEN_REQUIRED	(1u << 0 | 1u << 1)	/* class, id */
#define FX_SEEN_PARENT		(1u << 6)
#define FX_SEEN_BOOT_VGA	(1u << 11)

static void
parse_field(const struct fixture *fx, struct fx_dev *d, char *tok)
{
	const struct fx_field *f;
	char *val;
	size_t i;

	if ((val = strchr(tok, '=')) == NULL)
		fail_at(fx, d->line, "'%s' is not key=value", tok);
	*val++ = '\0';
	for (i = 0; i < sizeof(fx_fields) / sizeof(fx_fields[0]); i++)
		if (strcmp(tok, fx_fields[i].key) == 0)
			break;
	if (i == sizeof(fx_fields) / sizeof(fx_fields[0]))
		fail_at(fx, d->line, "unknown key '%s'", tok);
	f = &fx_fields[i];
	if (d->seen & 1u << i)
		fail_at(fx, d->line, "%s given twice", tok);
	d->seen |= 1u << i;
	if (f->parse(d, val) == -1)
		fail_at(fx, d->line, "bad %s '%s': expected %s", tok, val,
		    f->expect);
}

static struct fx_dev *
dev_new(struct fixture *fx, int line)
{
	struct fx_dev *d;

	if (fx->ndevs == fx->capdevs) {
		fx->capdevs = fx->capdevs ? fx->capdevs * 2 : 256;
		fx->devs = reallocarray(fx->devs, fx->capdevs, sizeof(*d));
		if (fx->devs == NULL) {
			perror("mkfixture");
			exit(1);
		}
	}
	d = &fx->devs[fx->ndevs++];
	memset(d, 0, sizeof(*d));
	d->line = line;
	d->parent = -1;
	d->group = -1;
	strcpy(d->power_state, "D0");
	strcpy(d->runtime_status, "active");
	strcpy(d->control, "on");
	d->d3cold_allowed = 1;
	return d;
}

static void
parse_line(struct fixture *fx, char *s, int line)
{
	struct fx_dev *d;
	char *tok, *save;

	if ((tok = strchr(s, '#')) != NULL)
		*tok = '\0';
	if ((tok = strtok_r(s, " \t\r\n", &save)) == NULL)
		return;
	d = dev_new(fx, line);
	if (parse_addr(tok, &d->addr) == -1)
		fail_at(fx, line, "'%s' is not a PCI address DDDD:BB:DD.F",
		    tok);
	while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL)
		parse_field(fx, d, tok);
	if ((d->seen & FX_SEEN_REQUIRED) != FX_SEEN_REQUIRED)
		fail_at(fx, line, "class= and id= are required");
	/* The kernel only has boot_vga on VGA-class devices. */
	if (d->seen & FX_SEEN_BOOT_VGA && d->class >> 8 != 0x0300)
		fail_at(fx, line, "boot_vga= is only for class 0300xx");
}

static void
read_desc(struct fixture *fx)
{
	FILE *f;
	char *buf = NULL;
	size_t size = 0;
	int line = 0;

	if (strcmp(fx->desc_name, "-") == 0) {
		f = stdin;
		fx->desc_name = "<stdin>";
	} else if ((f = fopen(fx->desc_name, "r")) == NULL) {
		fprintf(stderr, "mkfixture: %s: %s\n", fx->desc_name,
		    strerror(errno));
		exit(1);
	}
	while (getline(&buf, &size, f) != -1)
		parse_line(fx, buf, ++line);
	if (ferror(f)) {
		fprintf(stderr, "mkfixture: %s: read error\n", fx->desc_name);
		exit(1);
	}
	free(buf);
	if (f != stdin)
		fclose(f);
}

static int
is_bridge(const struct fx_dev *d)
{
	return d->class >> 8 == 0x0604;
}

/* Index the devices by address and point each one at its parent bridge. */
static void
link_parents(struct fixture *fx)
{
	struct fx_dev *d, *p;
	char a[13], pa[13];
	size_t i;
	int j;

	map_init(&fx->by_addr, fx->ndevs);
	for (i = 0; i < fx->ndevs; i++) {
		d = &fx->devs[i];
		format_addr(d->addr, a);
		if ((j = map_get(&fx->by_addr, d->addr)) != FX_EMPTY)
			fail_at(fx, d->line, "%s is also on line %d", a,
			    fx->devs[j].line);
		map_put(&fx->by_addr, d->addr, (int)i);
	}
	for (i = 0; i < fx->ndevs; i++) {
		d = &fx->devs[i];
		if (!(d->seen & FX_SEEN_PARENT))
			continue;
		format_addr(d->addr, a);
		format_addr(d->parent_addr, pa);
		if ((j = map_get(&fx->by_addr, d->parent_addr)) == FX_EMPTY)
			fail_at(fx, d->line, "parent %s is not described", pa);
		p = &fx->devs[j];
		if (!is_bridge(p))
			fail_at(fx, d->line, "parent %s is not a PCI bridge "
			    "(class 0604xx)", pa);
		if (p->addr >> 16 != d->addr >> 16)
			fail_at(fx, d->line, "%s is in another domain than "
			    "its parent %s", a, pa);
		if (p->has_children && p->secondary != ((d->addr >> 8) & 0xff))
			fail_at(fx, d->line, "%s is on another bus than the "
			    "other children of %s", a, pa);
		d->parent = j;
		p->has_children = 1;
		p->secondary = (d->addr >> 8) & 0xff;
	}
}

/*
 * A bus hangs off exactly one place: a root complex or one bridge.  This
 * also bounds the nesting depth to the number of buses.
 */
static void
check_buses(struct fixture *fx)
{
	struct fx_map owner;
	struct fx_dev *d;
	char a[13], oa[13];
	size_t i;
	uint32_t bus;
	int o;

	map_init(&owner, fx->ndevs);
	for (i = 0; i < fx->ndevs; i++) {
		d = &fx->devs[i];
		bus = d->addr >> 8;
		if ((o = map_get(&owner, bus)) == FX_EMPTY)
			map_put(&owner, bus, d->parent);
		else if (o != d->parent) {
			format_addr(d->addr, a);
			if (o != -1)
				format_addr(fx->devs[o].addr, oa);
			fail_at(fx, d->line, "bus %04x:%02x of %s is already "
			    "behind %s", bus >> 8, bus & 0xff, a,
			    o == -1 ? "the root complex" : oa);
		}
	}
	map_free(&owner);
}

static void
resolve_path(struct fixture *fx, size_t i)
{
	struct fx_dev *d = &fx->devs[i], *p;
	char a[13];
	int n;

	if (d->state == 2)
		return;
	format_addr(d->addr, a);
	if (d->state == 1)
		fail_at(fx, d->line, "%s is its own ancestor", a);
	d->state = 1;
	if (d->parent == -1) {
		n = asprintf(&d->path, "devices/pci%.7s/%s", a, a);
		d->depth = 3;
	} else {
		resolve_path(fx, d->parent);
		p = &fx->devs[d->parent];
		n = asprintf(&d->path, "%s/%s", p->path, a);
		d->depth = p->depth + 1;
		for (; p != NULL; p = p->parent == -1 ? NULL :
		    &fx->devs[p->parent])
			if (p->subordinate < ((d->addr >> 8) & 0xff))
				p->subordinate = (d->addr >> 8) & 0xff;
	}
	if (n == -1) {
		perror("mkfixture");
		exit(1);
	}
	/* Symlink targets climb back up, so leave room for that too. */
	if ((size_t)n + 3 * d->depth + 64 > PATH_MAX)
		fail_at(fx, d->line, "%s is nested too deep", a);
	d->state = 2;
}

static void
put(const struct fixture *fx, int dirfd, const char *dir, const char *name,
    const void *buf, size_t len)
{
	int fd;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1 || write(fd, buf, len) != (ssize_t)len)
		fail_sys(fx, dir, name);
	close(fd);
}

static void __attribute__((format(printf, 5, 6)))
putf(const struct fixture *fx, int dirfd, const char *dir, const char *name,
    const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(fx, dirfd, dir, name, buf, (size_t)n);
}

static void
make_dir(const struct fixture *fx, int dirfd, const char *dir, const char *name,
    int may_exist)
{
	if (mkdirat(dirfd, name, 0755) == -1 &&
	    !(may_exist && errno == EEXIST))
		fail_sys(fx, dir, name);
}

static void
make_link(const struct fixture *fx, int dirfd, const char *dir,
    const char *name, const char *up, const char *target)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s%s", up, target);
	if (symlinkat(buf, dirfd, name) == -1)
		fail_sys(fx, dir, name);
}

static void
make_device_dir(struct fixture *fx, struct fx_dev *d)
{
	char rootbus[20];

	if (d->dir_made)
		return;
	if (d->parent != -1)
		make_device_dir(fx, &fx->devs[d->parent]);
	else {
		/* "devices/pciDDDD:BB" is the first 18 characters. */
		snprintf(rootbus, sizeof(rootbus), "%.18s", d->path);
		make_dir(fx, fx->rootfd, "", rootbus, 1);
	}
	make_dir(fx, fx->rootfd, "", d->path, 0);
	d->dir_made = 1;
}

static void
put_le16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

/* The standard header only: lspci refuses a device without one. */
static void
write_config(const struct fixture *fx, const struct fx_dev *d, int dirfd)
{
	uint8_t cfg[256];
	uint32_t slot;
	int fn;

	memset(cfg, 0, sizeof(cfg));
	put_le16(cfg + 0x00, d->vendor);
	put_le16(cfg + 0x02, d->device);
	put_le16(cfg + 0x04, 0x0007);	/* I/O, memory, bus master */
	cfg[0x08] = d->rev;
	cfg[0x09] = d->class & 0xff;
	cfg[0x0a] = (d->class >> 8) & 0xff;
	cfg[0x0b] = d->class >> 16;
	cfg[0x0e] = is_bridge(d) ? 0x01 : 0x00;
	slot = d->addr & ~7u;
	for (fn = 0; fn < 8; fn++)
		if (slot + fn != d->addr &&
		    map_get(&fx->by_addr, slot + fn) != FX_EMPTY)
			cfg[0x0e] |= 0x80;
	if (is_bridge(d)) {
		cfg[0x18] = (d->addr >> 8) & 0xff;
		cfg[0x19] = d->secondary;
		cfg[0x1a] = d->subordinate;
	} else {
		put_le16(cfg + 0x2c, d->sub_vendor);
		put_le16(cfg + 0x2e, d->sub_device);
	}
	cfg[0x3c] = FX_IRQ;
	cfg[0x3d] = 1;			/* INTA# */
	put(fx, dirfd, d->path, "config", cfg, sizeof(cfg));
}

/*
 * "resource" has one line per resource the kernel knows: 6 BARs, the ROM
 * and 6 SR-IOV BARs (CONFIG_PCI_IOV, as on distribution kernels), plus 4
 * windows on a bridge.  All zero: nothing here is mapped.
 */
static void
write_resource(const struct fixture *fx, const struct fx_dev *d, int dirfd)
{
	static const char zero[] = "0x0000000000000000 0x0000000000000000 "
	    "0x0000000000000000\n";
	char buf[17 * sizeof(zero)];
	size_t i, n, len = sizeof(zero) - 1;

	n = is_bridge(d) ? 17 : 13;
	for (i = 0; i < n; i++)
		memcpy(buf + i * len, zero, len);
	put(fx, dirfd, d->path, "resource", buf, n * len);
}

/* The properties the kernel puts in a uevent, which umockdev replays. */
static void
write_uevent(const struct fixture *fx, const struct fx_dev *d, int dirfd)
{
	char a[13], driver[FX_NAME_LEN + 8] = "";

	format_addr(d->addr, a);
	if (*d->driver != '\0')
		snprintf(driver, sizeof(driver), "DRIVER=%s\n", d->driver);
	putf(fx, dirfd, d->path, "uevent", "%sPCI_CLASS=%X\nPCI_ID=%04X:%04X\n"
	    "PCI_SUBSYS_ID=%04X:%04X\nPCI_SLOT_NAME=%s\nMODALIAS=pci:v%08Xd%08X"
	    "sv%08Xsd%08Xbc%02Xsc%02Xi%02X\n", driver, d->class, d->vendor,
	    d->device, d->sub_vendor, d->sub_device, a, d->vendor, d->device,
	    d->sub_vendor, d->sub_device, d->class >> 16,
	    (d->class >> 8) & 0xff, d->class & 0xff);
}

static void
write_attrs(const struct fixture *fx, const struct fx_dev *d, int dirfd)
{
	const char *p = d->path;

	putf(fx, dirfd, p, "vendor", "0x%04x\n", d->vendor);
	putf(fx, dirfd, p, "device", "0x%04x\n", d->device);
	putf(fx, dirfd, p, "class", "0x%06x\n", d->class);
	putf(fx, dirfd, p, "revision", "0x%02x\n", d->rev);
	putf(fx, dirfd, p, "subsystem_vendor", "0x%04x\n", d->sub_vendor);
	putf(fx, dirfd, p, "subsystem_device", "0x%04x\n", d->sub_device);
	putf(fx, dirfd, p, "driver_override", "%s\n",
	    *d->override != '\0' ? d->override : "(null)");
	putf(fx, dirfd, p, "power_state", "%s\n", d->power_state);
	putf(fx, dirfd, p, "d3cold_allowed", "%d\n", d->d3cold_allowed);
	putf(fx, dirfd, p, "enable", "1\n");
	putf(fx, dirfd, p, "irq", "%d\n", FX_IRQ);
	putf(fx, dirfd, p, "numa_node", "-1\n");
	putf(fx, dirfd, p, "modalias",
	    "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X\n", d->vendor,
	    d->device, d->sub_vendor, d->sub_device, d->class >> 16,
	    (d->class >> 8) & 0xff, d->class & 0xff);
	if (d->class >> 8 == 0x0300)
		putf(fx, dirfd, p, "boot_vga", "%d\n", d->boot_vga);
	write_uevent(fx, d, dirfd);
	write_resource(fx, d, dirfd);
	make_dir(fx, dirfd, p, "power", 0);
	putf(fx, dirfd, p, "power/runtime_status", "%s\n", d->runtime_status);
	putf(fx, dirfd, p, "power/control", "%s\n", d->control);
	if (fx->with_config)
		write_config(fx, d, dirfd);
}

/* Folders that several devices link into, made before the workers start. */
static void
make_shared_dirs(const struct fixture *fx, const struct fx_dev *d)
{
	static const char *const files[] = { "bind", "unbind", "new_id",
	    "remove_id", NULL };
	const char *const *f;
	char dir[32 + FX_NAME_LEN];
	int fd;

	if (d->group != -1) {
		snprintf(dir, sizeof(dir), "kernel/iommu_groups/%ld", d->group);
		if (mkdirat(fx->rootfd, dir, 0755) == 0) {
			strcat(dir, "/devices");
			make_dir(fx, fx->rootfd, "", dir, 0);
		} else if (errno != EEXIST)
			fail_sys(fx, dir, "");
	}
	if (*d->driver == '\0')
		return;
	snprintf(dir, sizeof(dir), "bus/pci/drivers/%s", d->driver);
	if (mkdirat(fx->rootfd, dir, 0755) == -1) {
		if (errno != EEXIST)
			fail_sys(fx, dir, "");
		return;
	}
	if ((fd = openat(fx->rootfd, dir, O_DIRECTORY | O_CLOEXEC)) == -1)
		fail_sys(fx, dir, "");
	for (f = files; *f != NULL; f++)
		put(fx, fd, dir, *f, "", 0);
	close(fd);
}

/* Everything under the device's own folder, and the links that name it. */
static void
fill_device(const struct fixture *fx, const struct fx_dev *d)
{
	char a[13], up[3 * 256 + 1], name[64 + FX_NAME_LEN];
	int fd, i;

	format_addr(d->addr, a);
	if ((fd = openat(fx->rootfd, d->path, O_DIRECTORY | O_CLOEXEC)) == -1)
		fail_sys(fx, d->path, "");
	write_attrs(fx, d, fd);
	for (i = 0; i < d->depth; i++)
		memcpy(up + 3 * i, "../", 3);
	up[3 * i] = '\0';
	make_link(fx, fd, d->path, "subsystem", up, "bus/pci");
	if (d->group != -1) {
		snprintf(name, sizeof(name), "kernel/iommu_groups/%ld",
		    d->group);
		make_link(fx, fd, d->path, "iommu_group", up, name);
		snprintf(name, sizeof(name),
		    "kernel/iommu_groups/%ld/devices/%s", d->group, a);
		make_link(fx, fx->rootfd, "", name, "../../../../", d->path);
	}
	if (*d->driver != '\0') {
		snprintf(name, sizeof(name), "bus/pci/drivers/%s", d->driver);
		make_link(fx, fd, d->path, "driver", up, name);
		snprintf(name, sizeof(name), "bus/pci/drivers/%s/%s",
		    d->driver, a);
		make_link(fx, fx->rootfd, "", name, "../../../../", d->path);
	}
	close(fd);
	snprintf(name, sizeof(name), "bus/pci/devices/%s", a);
	make_link(fx, fx->rootfd, "", name, "../../../", d->path);
}

/*
 * Creating files dominates (tens of thousands for a big host), and each
 * device's files are independent of the others', so fill the devices from
 * one process per CPU.  A worker that fails has printed why.
 */
static void
fill_devices(const struct fixture *fx)
{
	pid_t pid;
	size_t i;
	long w, nworkers;
	int status, failed = 0;

	nworkers = sysconf(_SC_NPROCESSORS_ONLN);
	if (nworkers < 1 || fx->ndevs < 256)
		nworkers = 1;
	if (nworkers > 16)
		nworkers = 16;
	for (w = 0; w < nworkers; w++) {
		if (nworkers > 1 && (pid = fork()) != 0) {
			if (pid == -1)
				fail_sys(fx, "", "");
			continue;
		}
		for (i = (size_t)w; i < fx->ndevs; i += (size_t)nworkers)
			fill_device(fx, &fx->devs[i]);
		if (nworkers > 1)
			_exit(0);
	}
	while (nworkers > 1 && wait(&status) != -1)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed = 1;
	if (failed)
		exit(1);
}

static void
build_tree(struct fixture *fx)
{
	static const char *const dirs[] = { "devices", "bus", "bus/pci",
	    "bus/pci/devices", "bus/pci/drivers", "bus/pci/slots", "kernel",
	    "kernel/iommu_groups", NULL };
	const char *const *dir;
	size_t i;

	for (dir = dirs; *dir != NULL; dir++)
		make_dir(fx, fx->rootfd, "", *dir, 0);
	put(fx, fx->rootfd, "", "bus/pci/drivers_probe", "", 0);
	put(fx, fx->rootfd, "", "bus/pci/rescan", "", 0);
	for (i = 0; i < fx->ndevs; i++) {
		make_device_dir(fx, &fx->devs[i]);
		make_shared_dirs(fx, &fx->devs[i]);
	}
	fill_devices(fx);
}

/* OUT must be new or empty: we never mix a fixture with older files. */
static void
open_out(struct fixture *fx)
{
	struct dirent *de;
	DIR *dir;
	int fd;

	if (mkdir(fx->out, 0755) == -1 && errno != EEXIST)
		fail_sys(fx, "", "");
	if ((fx->rootfd = open(fx->out, O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (fd = dup(fx->rootfd)) == -1 || (dir = fdopendir(fd)) == NULL)
		fail_sys(fx, "", "");
	while ((de = readdir(dir)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			fprintf(stderr, "mkfixture: %s: not empty\n", fx->out);
			exit(1);
		}
	closedir(dir);
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: mkfixture [--no-config] DESC_FILE OUT_DIR\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct fixture fx;
	size_t i;

	memset(&fx, 0, sizeof(fx));
	fx.with_config = 1;
	if (argc > 1 && strcmp(argv[1], "--no-config") == 0) {
		fx.with_config = 0;
		argc--, argv++;
	}
	if (argc != 3)
		usage();
	fx.desc_name = argv[1];
	fx.out = argv[2];
	read_desc(&fx);
	link_parents(&fx);
	check_buses(&fx);
	for (i = 0; i < fx.ndevs; i++)
		resolve_path(&fx, i);
	open_out(&fx);
	build_tree(&fx);
	for (i = 0; i < fx.ndevs; i++)
		free(fx.devs[i].path);
	free(fx.devs);
	map_free(&fx.by_addr);
	close(fx.rootfd);
	return 0;
}
