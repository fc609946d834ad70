/*
 * fixture_desc: reads mkfixture's description of a host.  A line is a PCI
 * address DDDD:BB:DD.F followed by key=value fields:
 * class=XXXXXX id=VVVV:DDDD (both required), subsys=VVVV:DDDD, rev=XX,
 * group=N, driver=NAME, parent=DDDD:BB:DD.F, power_state=D0,
 * runtime_status=active, control=on, d3cold_allowed=1, boot_vga=0,
 * driver_override=NAME, reset_method=flr,bus (written as the kernel
 * lists them, "flr bus"; "none" for an empty list; absent: no such
 * attribute, as before 5.15).  '#' starts a comment.  Devices may come in any
 * order: parents are resolved once the whole description has been read,
 * and each device's folder in the tree follows from its parents.
 */
#define _GNU_SOURCE

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_desc.h"

#define FX_EMPTY	INT_MIN

static void __attribute__((noreturn, format(printf, 3, 4)))
fail_at(const struct fx_desc *desc, int line, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "mkfixture: %s:%d: ", desc->name, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n, size)) == NULL) {
		perror("mkfixture");
		exit(1);
	}
	return p;
}

static void
map_init(struct fx_map *m, size_t n)
{
	size_t	size, i;

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
	size_t	i;

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
	size_t	i;

	i = map_slot(m, key);
	m->keys[i] = key;
	m->vals[i] = val;
}

static int
parse_hex(const char *s, size_t ndigits, unsigned long *out)
{
	size_t	i;

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
	char		dom[5], bus[3], slot[3], fn[2];
	unsigned long	d, b, sl, f;

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

void
fx_format_addr(uint32_t addr, char buf[13])
{
	snprintf(buf, 13, "%04x:%02x:%02x.%x", addr >> 16, (addr >> 8) & 0xff,
	    (addr >> 3) & 0x1f, addr & 7);
}

static int
parse_pair(const char *s, uint16_t *a, uint16_t *b)
{
	char		first[5];
	unsigned long	x, y;

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
	size_t	i, len;

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
	unsigned long	x;

	if (parse_hex(v, 6, &x) == -1)
		return -1;
	d->class = x;
	return 0;
}

static int
f_rev(struct fx_dev *d, const char *v)
{
	unsigned long	x;

	if (parse_hex(v, 2, &x) == -1)
		return -1;
	d->rev = x;
	return 0;
}

static int
f_group(struct fx_dev *d, const char *v)
{
	char	*end;

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

/* Methods, comma-separated, as the kernel lists them, blank-separated. */
static int
f_reset_method(struct fx_dev *d, const char *v)
{
	size_t	i, len = strlen(v);

	if (strcmp(v, "none") == 0) {
		strcpy(d->reset_method, " ");
		return 0;
	}
	if (len == 0 || len >= FX_NAME_LEN)
		return -1;
	for (i = 0; i < len; i++)
		if (!islower((unsigned char)v[i]) && v[i] != '_' && v[i] != ',')
			return -1;
	for (i = 0; i <= len; i++)
		d->reset_method[i] = v[i] == ',' ? ' ' : v[i];
	return 0;
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
	{ "reset_method", f_reset_method, "methods such as flr,bus, or none" },
};
#define FX_SEEN_REQUIRED	(1u << 0 | 1u << 1)	/* class, id */
#define FX_SEEN_PARENT		(1u << 6)
#define FX_SEEN_BOOT_VGA	(1u << 11)

static void
parse_field(const struct fx_desc *desc, struct fx_dev *d, char *tok)
{
	const struct fx_field	*f;
	char			*val;
	size_t			 i;

	if ((val = strchr(tok, '=')) == NULL)
		fail_at(desc, d->line, "'%s' is not key=value", tok);
	*val++ = '\0';
	for (i = 0; i < sizeof(fx_fields) / sizeof(fx_fields[0]); i++)
		if (strcmp(tok, fx_fields[i].key) == 0)
			break;
	if (i == sizeof(fx_fields) / sizeof(fx_fields[0]))
		fail_at(desc, d->line, "unknown key '%s'", tok);
	f = &fx_fields[i];
	if (d->seen & 1u << i)
		fail_at(desc, d->line, "%s given twice", tok);
	d->seen |= 1u << i;
	if (f->parse(d, val) == -1)
		fail_at(desc, d->line, "bad %s '%s': expected %s", tok, val,
		    f->expect);
}

static struct fx_dev *
dev_new(struct fx_desc *desc, int line)
{
	struct fx_dev	*d;

	if (desc->ndevs == desc->capdevs) {
		desc->capdevs = desc->capdevs ? desc->capdevs * 2 : 256;
		desc->devs = reallocarray(desc->devs, desc->capdevs,
		    sizeof(*d));
		if (desc->devs == NULL) {
			perror("mkfixture");
			exit(1);
		}
	}
	d = &desc->devs[desc->ndevs++];
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
parse_line(struct fx_desc *desc, char *s, int line)
{
	struct fx_dev	*d;
	char		*tok, *save;

	if ((tok = strchr(s, '#')) != NULL)
		*tok = '\0';
	if ((tok = strtok_r(s, " \t\r\n", &save)) == NULL)
		return;
	d = dev_new(desc, line);
	if (parse_addr(tok, &d->addr) == -1)
		fail_at(desc, line, "'%s' is not a PCI address DDDD:BB:DD.F",
		    tok);
	while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL)
		parse_field(desc, d, tok);
	if ((d->seen & FX_SEEN_REQUIRED) != FX_SEEN_REQUIRED)
		fail_at(desc, line, "class= and id= are required");
	/* The kernel only has boot_vga on VGA-class devices. */
	if (d->seen & FX_SEEN_BOOT_VGA && d->class >> 8 != 0x0300)
		fail_at(desc, line, "boot_vga= is only for class 0300xx");
}

static void
read_desc(struct fx_desc *desc)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 size = 0;
	int	 line = 0;

	if (strcmp(desc->name, "-") == 0) {
		f = stdin;
		desc->name = "<stdin>";
	} else if ((f = fopen(desc->name, "r")) == NULL) {
		fprintf(stderr, "mkfixture: %s: %s\n", desc->name,
		    strerror(errno));
		exit(1);
	}
	while (getline(&buf, &size, f) != -1)
		parse_line(desc, buf, ++line);
	if (ferror(f)) {
		fprintf(stderr, "mkfixture: %s: read error\n", desc->name);
		exit(1);
	}
	free(buf);
	if (f != stdin)
		fclose(f);
}

int
fx_dev_is_bridge(const struct fx_dev *d)
{
	return d->class >> 8 == 0x0604;
}

/* Index the devices by address and point each one at its parent bridge. */
static void
link_parents(struct fx_desc *desc)
{
	struct fx_dev	*d, *p;
	char		 a[13], pa[13];
	size_t		 i;
	int		 j;

	map_init(&desc->by_addr, desc->ndevs);
	for (i = 0; i < desc->ndevs; i++) {
		d = &desc->devs[i];
		fx_format_addr(d->addr, a);
		if ((j = map_get(&desc->by_addr, d->addr)) != FX_EMPTY)
			fail_at(desc, d->line, "%s is also on line %d", a,
			    desc->devs[j].line);
		map_put(&desc->by_addr, d->addr, (int)i);
	}
	for (i = 0; i < desc->ndevs; i++) {
		d = &desc->devs[i];
		if (!(d->seen & FX_SEEN_PARENT))
			continue;
		fx_format_addr(d->addr, a);
		fx_format_addr(d->parent_addr, pa);
		if ((j = map_get(&desc->by_addr, d->parent_addr)) == FX_EMPTY)
			fail_at(desc, d->line, "parent %s is not described",
			    pa);
		p = &desc->devs[j];
		if (!fx_dev_is_bridge(p))
			fail_at(desc, d->line, "parent %s is not a PCI bridge "
			    "(class 0604xx)", pa);
		if (p->addr >> 16 != d->addr >> 16)
			fail_at(desc, d->line, "%s is in another domain than "
			    "its parent %s", a, pa);
		if (p->has_children && p->secondary != ((d->addr >> 8) & 0xff))
			fail_at(desc, d->line, "%s is on another bus than the "
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
check_buses(struct fx_desc *desc)
{
	struct fx_map	 owner;
	struct fx_dev	*d;
	char		 a[13], oa[13];
	size_t		 i;
	uint32_t	 bus;
	int		 o;

	map_init(&owner, desc->ndevs);
	for (i = 0; i < desc->ndevs; i++) {
		d = &desc->devs[i];
		bus = d->addr >> 8;
		if ((o = map_get(&owner, bus)) == FX_EMPTY)
			map_put(&owner, bus, d->parent);
		else if (o != d->parent) {
			fx_format_addr(d->addr, a);
			if (o != -1)
				fx_format_addr(desc->devs[o].addr, oa);
			fail_at(desc, d->line, "bus %04x:%02x of %s is already "
			    "behind %s", bus >> 8, bus & 0xff, a,
			    o == -1 ? "the root complex" : oa);
		}
	}
	map_free(&owner);
}

static void
resolve_path(struct fx_desc *desc, size_t i)
{
	struct fx_dev	*d = &desc->devs[i], *p;
	char		 a[13];
	int		 n;

	if (d->state == 2)
		return;
	fx_format_addr(d->addr, a);
	if (d->state == 1)
		fail_at(desc, d->line, "%s is its own ancestor", a);
	d->state = 1;
	if (d->parent == -1) {
		n = asprintf(&d->path, "devices/pci%.7s/%s", a, a);
		d->depth = 3;
	} else {
		resolve_path(desc, d->parent);
		p = &desc->devs[d->parent];
		n = asprintf(&d->path, "%s/%s", p->path, a);
		d->depth = p->depth + 1;
		for (; p != NULL; p = p->parent == -1 ? NULL :
		    &desc->devs[p->parent])
			if (p->subordinate < ((d->addr >> 8) & 0xff))
				p->subordinate = (d->addr >> 8) & 0xff;
	}
	if (n == -1) {
		perror("mkfixture");
		exit(1);
	}
	/* Symlink targets climb back up, so leave room for that too. */
	if ((size_t)n + 3 * d->depth + 64 > PATH_MAX)
		fail_at(desc, d->line, "%s is nested too deep", a);
	d->state = 2;
}

void
fx_desc_load(struct fx_desc *desc, const char *name)
{
	size_t	i;

	memset(desc, 0, sizeof(*desc));
	desc->name = name;
	read_desc(desc);
	link_parents(desc);
	check_buses(desc);
	for (i = 0; i < desc->ndevs; i++)
		resolve_path(desc, i);
}

int
fx_desc_find(const struct fx_desc *desc, uint32_t addr)
{
	int	i;

	i = map_get(&desc->by_addr, addr);
	return i == FX_EMPTY ? -1 : i;
}

void
fx_desc_free(struct fx_desc *desc)
{
	size_t	i;

	for (i = 0; i < desc->ndevs; i++)
		free(desc->devs[i].path);
	free(desc->devs);
	map_free(&desc->by_addr);
}
