/*
 * What each key of a profile means: one handler a key, which checks the
 * words of its line and sets the profile, or says what is wrong with the
 * line.  Paths are resolved here, once: ~/ from $HOME, relative ones
 * from the profile's directory.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confline.h"
#include "cpulist.h"
#include "profile.h"
#include "profile_keys.h"
#include "usb.h"

/* ~/x from $HOME, x relative to the directory of P's file. */
static char *
resolve_path(const struct profile *p, struct confline *l, const char *word)
{
	const char	*home = getenv("HOME");
	const char	*slash = strrchr(p->path, '/');
	char		*out;
	int		 n;

	if (word[0] == '/')
		return strdup(word);
	if (strncmp(word, "~/", 2) == 0) {
		if (home == NULL || home[0] != '/') {
			confline_error(l, "'%s': HOME is not set", word);
			return NULL;
		}
		n = asprintf(&out, "%s/%s", home, word + 2);
	} else if (slash != NULL)
		n = asprintf(&out, "%.*s/%s", (int)(slash - p->path), p->path,
		    word);
	else
		n = asprintf(&out, "./%s", word);
	if (n < 0) {
		confline_error(l, "out of memory");
		return NULL;
	}
	return out;
}

static int
set_string(struct confline *l, char **dst, const char *value)
{
	free(*dst);
	if ((*dst = strdup(value)) == NULL)
		return confline_error(l, "out of memory");
	return 0;
}

static int
set_path(const struct profile *p, struct confline *l, char **dst,
    const char *word)
{
	char	*path;

	if ((path = resolve_path(p, l, word)) == NULL)
		return -1;
	free(*dst);
	*dst = path;
	return 0;
}

/* A whole number in [MIN, MAX], decimal or 0x hex. */
static int
parse_number(struct confline *l, const char *what, const char *s, long min,
    long max, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (end == s || *end != '\0' || errno != 0 || v < min || v > max)
		return confline_error(l, "%s: bad number '%s' (expected %ld to "
		    "%ld)", what, s, min, max);
	*out = v;
	return 0;
}

static int
parse_onoff(struct confline *l, const char *what, const char *s, int *out)
{
	if (strcmp(s, "on") == 0)
		*out = 1;
	else if (strcmp(s, "off") == 0)
		*out = 0;
	else
		return confline_error(l, "%s: expected on or off, not '%s'",
		    what, s);
	return 0;
}

static int
key_name(struct profile *p, struct confline *l)
{
	if (confline_single(l) == -1)
		return -1;
	/* The file name is how commands find the guest. */
	if (strcmp(l->words[0], p->name) != 0)
		return confline_error(l, "name '%s' differs from the file's "
		    "name '%s' (rename one of them)", l->words[0], p->name);
	return 0;
}

static int
key_qemu(struct profile *p, struct confline *l)
{
	if (confline_single(l) == -1)
		return -1;
	/* A bare name is looked up on PATH; anything else is a path. */
	if (strchr(l->words[0], '/') == NULL)
		return set_string(l, &p->qemu, l->words[0]);
	return set_path(p, l, &p->qemu, l->words[0]);
}

/* "8G", "512M", "4096" (MiB). */
static int
key_memory(struct profile *p, struct confline *l)
{
	char	 num[32], *w;
	size_t	 len;
	long	 v, mul = 1;

	if (confline_single(l) == -1)
		return -1;
	w = l->words[0];
	len = strlen(w);
	if (len == 0 || len >= sizeof num)
		return confline_error(l, "memory: bad number '%s'", w);
	memcpy(num, w, len + 1);
	if (num[len - 1] == 'G' || num[len - 1] == 'g')
		mul = 1024;
	if (mul != 1 || num[len - 1] == 'M' || num[len - 1] == 'm')
		num[len - 1] = '\0';
	if (num[0] < '0' || num[0] > '9')
		return confline_error(l, "memory: bad number '%s' (e.g. 8G, "
		    "4096M)", w);
	if (parse_number(l, "memory", num, 1, 16L * 1024 * 1024 / mul,
	    &v) == -1)
		return -1;
	p->memory_mib = (unsigned long)(v * mul);
	return 0;
}

static int
key_cpus(struct profile *p, struct confline *l)
{
	long	v;

	if (confline_single(l) == -1 ||
	    parse_number(l, "cpus", l->words[0], 1, 1024, &v) == -1)
		return -1;
	p->cpus = (unsigned int)v;
	return 0;
}

static int
key_machine(struct profile *p, struct confline *l)
{
	if (confline_single(l) == -1)
		return -1;
	return set_string(l, &p->machine, l->words[0]);
}

static int
key_accel(struct profile *p, struct confline *l)
{
	if (confline_single(l) == -1)
		return -1;
	if (strcmp(l->words[0], "kvm") != 0 && strcmp(l->words[0], "tcg"))
		return confline_error(l, "accel: expected kvm or tcg, not '%s'",
		    l->words[0]);
	return set_string(l, &p->accel, l->words[0]);
}

static int
key_cpu(struct profile *p, struct confline *l)
{
	if (confline_single(l) == -1)
		return -1;
	return set_string(l, &p->cpu, l->words[0]);
}

static int
key_firmware(struct profile *p, struct confline *l)
{
	if (confline_single(l) == -1)
		return -1;
	if (strcmp(l->words[0], "ovmf") == 0)
		p->firmware = PROFILE_FW_OVMF;
	else if (strcmp(l->words[0], "seabios") == 0)
		p->firmware = PROFILE_FW_SEABIOS;
	else
		return confline_error(l, "firmware: expected ovmf or seabios, "
		    "not '%s'", l->words[0]);
	p->firmware_line = l->number;
	return 0;
}

static int
key_ovmf_code(struct profile *p, struct confline *l)
{
	if (confline_single(l) == -1)
		return -1;
	p->firmware_line = l->number;
	return set_path(p, l, &p->ovmf_code, l->words[0]);
}

static int
key_ovmf_vars(struct profile *p, struct confline *l)
{
	if (confline_single(l) == -1)
		return -1;
	p->firmware_line = l->number;
	return set_path(p, l, &p->ovmf_vars, l->words[0]);
}

/* "disk = PATH [format=F] [if=I]" and "cdrom = PATH". */
static int
add_drive(const struct profile *p, struct confline *l,
    struct profile_drive *drives, size_t *n, int disk)
{
	struct profile_drive	*d;
	int			 i;

	if (!disk && confline_single(l) == -1)
		return -1;
	if (*n == PROFILE_MAX_DRIVES)
		return confline_error(l, "more than %d %s entries",
		    PROFILE_MAX_DRIVES, l->key);
	d = &drives[*n];
	d->line = l->number;
	if ((d->path = resolve_path(p, l, l->words[0])) == NULL)
		return -1;
	(*n)++;
	for (i = 1; i < l->nwords; i++) {
		const char *w = l->words[i];

		int r;

		if (strncmp(w, "format=", 7) == 0 && w[7] != '\0')
			r = set_string(l, &d->format, w + 7);
		else if (strncmp(w, "if=", 3) == 0 && w[3] != '\0')
			r = set_string(l, &d->iface, w + 3);
		else
			r = confline_error(l, "disk: unknown option '%s' "
			    "(format=F, if=I)", w);
		if (r == -1)
			return -1;
	}
	return 0;
}

static int
key_disk(struct profile *p, struct confline *l)
{
	return add_drive(p, l, p->disks, &p->ndisks, 1);
}

static int
key_cdrom(struct profile *p, struct confline *l)
{
	return add_drive(p, l, p->cdroms, &p->ncdroms, 0);
}

static int
pci_option(const struct profile *p, struct confline *l,
    struct profile_pci *dev, const char *w)
{
	const char	*v = strchr(w, '=');
	size_t		 klen = v != NULL ? (size_t)(v - w) : strlen(w);

	if (v == NULL || v[1] == '\0')
		return confline_error(l, "pci: '%s' is not OPTION=VALUE", w);
	v++;
	if (klen == 7 && strncmp(w, "romfile", klen) == 0)
		return set_path(p, l, &dev->romfile, v);
	if (klen == 19 && strncmp(w, "x-pci-sub-vendor-id", klen) == 0)
		return parse_number(l, "x-pci-sub-vendor-id", v, 0, 0xffff,
		    &dev->sub_vendor);
	if (klen == 19 && strncmp(w, "x-pci-sub-device-id", klen) == 0)
		return parse_number(l, "x-pci-sub-device-id", v, 0, 0xffff,
		    &dev->sub_device);
	if (klen == 5 && strncmp(w, "x-vga", klen) == 0)
		return parse_onoff(l, "x-vga", v, &dev->x_vga);
	if (klen == 13 && strncmp(w, "multifunction", klen) == 0)
		return parse_onoff(l, "multifunction", v, &dev->multifunction);
	return confline_error(l, "pci: unknown option '%.*s' (romfile, "
	    "x-pci-sub-vendor-id, x-pci-sub-device-id, x-vga, multifunction)",
	    (int)klen, w);
}

static int
key_pci(struct profile *p, struct confline *l)
{
	struct profile_pci	*dev;
	size_t			 i;
	int			 w;

	if (p->npci == PROFILE_MAX_PCI)
		return confline_error(l, "more than %d pci entries",
		    PROFILE_MAX_PCI);
	dev = &p->pci[p->npci];
	*dev = (struct profile_pci){ .sub_vendor = -1, .sub_device = -1,
	    .x_vga = -1, .multifunction = -1, .line = l->number };
	if (pci_addr_parse(l->words[0], &dev->addr) == -1)
		return confline_error(l, "pci: bad address '%s' (BB:DD.F or "
		    "DDDD:BB:DD.F)", l->words[0]);
	for (i = 0; i < p->npci; i++)
		if (pci_addr_cmp(&p->pci[i].addr, &dev->addr) == 0)
			return confline_error(l, "pci: %s is passed already on "
			    "line %d", l->words[0], p->pci[i].line);
	p->npci++;
	for (w = 1; w < l->nwords; w++)
		if (pci_option(p, l, dev, l->words[w]) == -1)
			return -1;
	return 0;
}

static int
key_network(struct profile *p, struct confline *l)
{
	const char	*w = l->words[0];

	if (strcmp(w, "vde") == 0 && l->nwords <= 2) {
		p->net = PROFILE_NET_VDE;
		if (l->nwords == 2)
			return set_path(p, l, &p->vde_sock, l->words[1]);
		return 0;
	}
	if (l->nwords != 1)
		return confline_error(l, "network = vde [SWITCH-DIR] | user | "
		    "none");
	if (strcmp(w, "user") == 0)
		p->net = PROFILE_NET_USER;
	else if (strcmp(w, "none") == 0)
		p->net = PROFILE_NET_NONE;
	else
		return confline_error(l, "network: expected vde, user or none, "
		    "not '%s'", w);
	return 0;
}

/* Six pairs of hex digits between colons: sscanf's %2x took "+D", "-1". */
static int
key_mac(struct profile *p, struct confline *l)
{
	const char	*w;
	int		 i;

	if (confline_single(l) == -1)
		return -1;
	w = l->words[0];
	for (i = 0; i < 17 && w[i] != '\0'; i++)
		if (i % 3 == 2 ? w[i] != ':' : !isxdigit((unsigned char)w[i]))
			break;
	if (i != 17 || w[17] != '\0')
		return confline_error(l, "mac: bad address '%s' "
		    "(52:54:00:12:34:56)", w);
	return set_string(l, &p->mac, w);
}

static int
key_display(struct profile *p, struct confline *l)
{
	if (confline_single(l) == -1)
		return -1;
	if (strcmp(l->words[0], "spice") == 0)
		p->display = PROFILE_DISPLAY_SPICE;
	else if (strcmp(l->words[0], "gtk") == 0)
		p->display = PROFILE_DISPLAY_GTK;
	else if (strcmp(l->words[0], "vnc") == 0)
		p->display = PROFILE_DISPLAY_VNC;
	else if (strcmp(l->words[0], "none") == 0)
		p->display = PROFILE_DISPLAY_NONE;
	else
		return confline_error(l, "display: expected spice, vnc, gtk or "
		    "none, not '%s'", l->words[0]);
	return 0;
}

static int
key_spice_port(struct profile *p, struct confline *l)
{
	long	v;

	if (confline_single(l) == -1 ||
	    parse_number(l, "spice-port", l->words[0], 1, 65535, &v) == -1)
		return -1;
	p->spice_port = (int)v;
	return 0;
}

static int
key_stop_timeout(struct profile *p, struct confline *l)
{
	long	v;

	if (confline_single(l) == -1 ||
	    parse_number(l, "stop-timeout", l->words[0], 1, 86400, &v) == -1)
		return -1;
	p->stop_timeout = (int)v;
	return 0;
}

/* yes (hugetlbfs at /dev/hugepages), no, or the mount point. */
static int
key_hugepages(struct profile *p, struct confline *l)
{
	const char	*w;

	if (confline_single(l) == -1)
		return -1;
	w = l->words[0];
	p->hugepages_line = l->number;
	if (strcmp(w, "no") == 0) {
		free(p->hugepages);
		p->hugepages = NULL;
		return 0;
	}
	if (strcmp(w, "yes") == 0)
		return set_string(l, &p->hugepages, "/dev/hugepages");
	if (w[0] != '/')
		return confline_error(l, "hugepages: expected yes, no or "
		    "the hugetlbfs mount point, not '%s'", w);
	return set_path(p, l, &p->hugepages, w);
}

/* One word of pin's CPUs, "3" or "2-5": appended in its order. */
static int
pin_append(struct profile *p, struct confline *l, const char *w)
{
	cpu_set_t	 set;
	int		*grown, cpu;

	if (cpulist_parse(w, &set) == -1 || CPU_COUNT(&set) == 0)
		return confline_error(l, "pin: '%s' is not a CPU or a range "
		    "of CPUs (pin = auto, or one host CPU a vCPU: pin = 2 3 "
		    "or pin = 2-3, then emulator=CPUS)", w);
	if ((grown = realloc(p->pin.vcpu, (p->pin.nvcpu +
	    (size_t)CPU_COUNT(&set)) * sizeof *grown)) == NULL)
		return confline_error(l, "out of memory");
	p->pin.vcpu = grown;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			p->pin.vcpu[p->pin.nvcpu++] = cpu;
	return 0;
}

/* pin = auto | CPU... [emulator=CPUS] */
static int
key_pin(struct profile *p, struct confline *l)
{
	const char	*w;
	int		 i;

	free(p->pin.vcpu);
	memset(&p->pin, 0, sizeof p->pin);
	p->pin.line = l->number;
	for (i = 0; i < l->nwords; i++) {
		w = l->words[i];
		if (strcmp(w, "auto") == 0 && i == 0)
			p->pin.automatic = 1;
		else if (strncmp(w, "emulator=", 9) == 0) {
			if (cpulist_parse(w + 9, &p->pin.emulator) == -1 ||
			    CPU_COUNT(&p->pin.emulator) == 0)
				return confline_error(l, "pin: emulator=%s is "
				    "not a list of CPUs (emulator=0-1)", w + 9);
		} else if (p->pin.automatic)
			return confline_error(l, "pin = auto: only "
			    "emulator=CPUS may follow, not '%s'", w);
		else if (pin_append(p, l, w) == -1)
			return -1;
	}
	if (!p->pin.automatic && p->pin.nvcpu == 0)
		return confline_error(l, "pin: which host CPUs? (pin = auto, "
		    "or pin = 2 3 for vCPUs 0 and 1)");
	return 0;
}

static int
key_usb(struct profile *p, struct confline *l)
{
	struct profile_usb	*u;

	if (confline_single(l) == -1)
		return -1;
	if (p->nusb == PROFILE_MAX_USB)
		return confline_error(l, "more than %d usb devices",
		    PROFILE_MAX_USB);
	u = &p->usb[p->nusb];
	if (usb_id_parse(l->words[0], &u->vendor, &u->product) == -1)
		return confline_error(l, "usb: expected VID:PID in hex, as "
		    "lsusb shows it (046d:c52b), not '%s'", l->words[0]);
	u->line = l->number;
	p->nusb++;
	return 0;
}

/*
 * Looking Glass' shared memory for a WIDTHxHEIGHT screen, as its docs
 * size it: two frames of 32-bit pixels and 10 MiB, in MiB rounded up to
 * a power of two (IVSHMEM's BAR must be one).
 */
static unsigned long
lg_size_for(unsigned long w, unsigned long h)
{
	unsigned long	need = (w * h * 4 * 2 + (1024 * 1024 - 1)) /
			    (1024 * 1024) + 10, mib = 1;

	while (mib < need)
		mib <<= 1;
	return mib;
}

/* looking-glass = SIZE (32M) | WIDTHxHEIGHT [kvmfr] */
static int
key_looking_glass(struct profile *p, struct confline *l)
{
	unsigned long	 w, h;
	const char	*s = l->words[0];
	char		*end;

	if (l->nwords > 2 || (l->nwords == 2 &&
	    strcmp(l->words[1], "kvmfr") != 0))
		return confline_error(l, "looking-glass: expected SIZE or "
		    "WIDTHxHEIGHT, then kvmfr or nothing");
	p->lg_kvmfr = l->nwords == 2;
	p->lg_line = l->number;
	w = strtoul(s, &end, 10);
	if (end != s && *end == 'x' && w > 0 && w <= 16384) {
		h = strtoul(end + 1, &end, 10);
		if (*end == '\0' && h > 0 && h <= 16384) {
			p->lg_mib = lg_size_for(w, h);
			return 0;
		}
	} else if (end != s && strcmp(end, "M") == 0 && w >= 1 &&
	    w <= 4096 && (w & (w - 1)) == 0) {
		p->lg_mib = w;
		return 0;
	}
	return confline_error(l, "looking-glass: '%s' is neither a size in "
	    "MiB that is a power of two (32M) nor a screen (1920x1080)", s);
}

static int
key_extra(struct profile *p, struct confline *l)
{
	int	i;

	for (i = 0; i < l->nwords; i++) {
		if (p->nextra == PROFILE_MAX_EXTRA)
			return confline_error(l, "more than %d extra arguments",
			    PROFILE_MAX_EXTRA);
		if (set_string(l, &p->extra[p->nextra], l->words[i]) == -1)
			return -1;
		p->nextra++;
	}
	return 0;
}

const struct profile_key profile_keys[] = {
	{ "name", key_name, 0 },
	{ "qemu", key_qemu, 0 },
	{ "memory", key_memory, 0 },
	{ "cpus", key_cpus, 0 },
	{ "machine", key_machine, 0 },
	{ "accel", key_accel, 0 },
	{ "cpu", key_cpu, 0 },
	{ "firmware", key_firmware, 0 },
	{ "ovmf-code", key_ovmf_code, 0 },
	{ "ovmf-vars", key_ovmf_vars, 0 },
	{ "disk", key_disk, 1 },
	{ "cdrom", key_cdrom, 1 },
	{ "pci", key_pci, 1 },
	{ "network", key_network, 0 },
	{ "mac", key_mac, 0 },
	{ "display", key_display, 0 },
	{ "spice-port", key_spice_port, 0 },
	{ "stop-timeout", key_stop_timeout, 0 },
	{ "hugepages", key_hugepages, 0 },
	{ "pin", key_pin, 0 },
	{ "usb", key_usb, 1 },
	{ "looking-glass", key_looking_glass, 0 },
	{ "extra", key_extra, 1 },
};
const size_t profile_nkeys = sizeof profile_keys / sizeof profile_keys[0];

const struct profile_key *
profile_key_find(const char *name)
{
	size_t	i;

	for (i = 0; i < profile_nkeys; i++)
		if (strcmp(profile_keys[i].name, name) == 0)
			return &profile_keys[i];
	return NULL;
}
