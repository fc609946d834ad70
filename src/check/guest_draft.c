/*
 * Each part of the draft is one function that decides and writes its
 * lines, the comment first: what it found and why it chose so, so that
 * a user reading the profile later knows what to change where.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "confline.h"
#include "cputopo.h"
#include "firmware.h"
#include "guest_draft.h"
#include "host.h"
#include "netcfg.h"
#include "pcinames.h"
#include "pin.h"
#include "profile.h"
#include "proctext.h"
#include "rom.h"
#include "safefile.h"
#include "xdg.h"

#define MEMINFO_MAX	(64 * 1024)
#define DEFAULT_MIB	(8UL * 1024)
#define VENDOR_NVIDIA	0x10de
/* The Code 43 check reads this; any 12 characters do. */
#define HV_VENDOR_ID	"0123456789ab"

/* What the draft knows about the GPU while it writes. */
struct gpu {
	const struct check_env		*env;
	const struct pci_dev_info	*d;
	const struct iommu_group	*group;
	char				 slot[PCI_ADDR_LEN];
	char				 name[256];
	int				 mobile;
};

static void
put1(FILE *out, const char *key, const char *value)
{
	confline_put(out, key, &value, 1);
}

/* FMT as comment lines, wrapped at 78 columns on blanks. */
static void __attribute__((format(printf, 2, 3)))
comment(FILE *out, const char *fmt, ...)
{
	va_list	 ap;
	char	 text[2048], *p, *cut;
	size_t	 n;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	for (p = text; *p != '\0'; p = cut + (*cut == ' ')) {
		n = strlen(p);
		cut = p + n;
		if (n > 76) {
			for (cut = p + 76; cut > p && *cut != ' '; cut--)
				;
			if (cut == p)	/* one long word: a path */
				cut = p + strcspn(p, " ");
		}
		fprintf(out, "# %.*s\n", (int)(cut - p), p);
	}
}

static int
is_gpu(const struct pci_dev_info *d)
{
	return d->class >> 16 == 0x03;
}

/* The GPU asked for, or the first one the host does not boot on. */
static int
pick_gpu(const struct check_env *env, const struct guest_draft *dr,
    struct gpu *g, char *err, size_t errlen)
{
	const struct host	*host = env->host;
	struct pci_addr		 addr;
	long			 i = -1;
	size_t			 k;

	if (dr->gpu != NULL) {
		if (pci_addr_parse(dr->gpu, &addr) == -1 ||
		    (i = host_find(host, &addr)) == -1) {
			snprintf(err, errlen, "--gpu %s: no such device here "
			    "(vfiotui list shows them)", dr->gpu);
			return -1;
		}
		if (!is_gpu(&host->devs[i])) {
			snprintf(err, errlen, "--gpu %s: not a display "
			    "controller (class %06x)", dr->gpu,
			    host->devs[i].class);
			return -1;
		}
	} else
		for (k = 0; k < host->ndevs && i == -1; k++)
			if (is_gpu(&host->devs[k]) && host->devs[k].boot_vga !=
			    1)
				i = (long)k;
	if (i == -1) {
		snprintf(err, errlen, "no GPU to pass but the one the host "
		    "boots on: name one with --gpu BB:DD.F");
		return -1;
	}
	g->env = env;
	g->d = &host->devs[i];
	pci_addr_format_slot(&g->d->addr, host->with_domains, g->slot);
	if ((g->group = host_group_of(host, (size_t)i)) == NULL) {
		snprintf(err, errlen, "%s has no IOMMU group: VFIO cannot take "
		    "it (is the IOMMU on? vfiotui check says)", g->slot);
		return -1;
	}
	if (env->names == NULL || pcinames_device_plain(env->names, g->d,
	    g->name, sizeof g->name) == NULL)
		snprintf(g->name, sizeof g->name, "%04x:%04x", g->d->vendor,
		    g->d->device);
	g->mobile = check_gpu_mobile(env, g->d);
	return 0;
}

/* How a ROM file serves G: 2 with an EFI image (OVMF), 1 legacy, 0 not. */
static int
rom_serves(const struct gpu *g, const char *path)
{
	struct rom	*rom;
	uint8_t		*data;
	size_t		 size, i;
	char		 err[256];
	int		 r = 0;

	if (rom_read_file(path, &data, &size, err, sizeof err) == -1)
		return 0;
	if ((rom = malloc(sizeof *rom)) != NULL) {
		rom_parse(data, size, rom);
		for (i = 0; i < rom->nimages && r == 0; i++)
			r = rom_image_serves(&rom->images[i], g->d->vendor,
			    g->d->device);
		if (r && rom_efi_gop(rom) != NULL)
			r = 2;
		free(rom);
	}
	free(data);
	return r;
}

/*
 * The best ROM for G in the dirs where users keep them: one with an EFI
 * image before a legacy one.  Its path in PATH, or "".
 */
static void
find_rom(const struct gpu *g, char *dirs, size_t dirslen, char *path,
    size_t len)
{
	char		 dir[PATH_MAX], err[256], file[PATH_MAX];
	const char	*fixed[] = { dir, "/var/lib/libvirt/vbios" };
	struct dirent	*e;
	size_t		 i;
	DIR		*d;
	int		 best = 0, r;

	path[0] = '\0';
	if (xdg_path(XDG_DATA, "roms", dir, sizeof dir, err, sizeof err) ==
	    -1)
		fixed[0] = "";
	snprintf(dirs, dirslen, "%s%s%s", fixed[0], fixed[0][0] ? ", " : "",
	    fixed[1]);
	for (i = 0; i < 2; i++) {
		if (fixed[i][0] == '\0' || (d = opendir(fixed[i])) == NULL)
			continue;
		while ((e = readdir(d)) != NULL && best < 2) {
			if (fnmatch("*.rom", e->d_name, 0) != 0 &&
			    fnmatch("*.bin", e->d_name, 0) != 0)
				continue;
			if (snprintf(file, sizeof file, "%s/%s", fixed[i],
			    e->d_name) >= (int)sizeof file)
				continue;
			if ((r = rom_serves(g, file)) > best) {
				best = r;
				snprintf(path, len, "%s", file);
			}
		}
		closedir(d);
	}
}

/* The ROM parser's verdict on PATH for G, as comment lines. */
static void
put_rom_verdict(FILE *out, const struct gpu *g, const char *path)
{
	struct rom_finding	 f[ROM_MAX_FINDINGS];
	struct rom_gpu		 rg = { g->d->name, g->d->vendor, g->d->device };
	struct rom		*rom;
	uint8_t			*data;
	size_t			 size, n, i;
	char			 err[512];
	int			 bad = 0;

	if (rom_read_file(path, &data, &size, err, sizeof err) == -1) {
		comment(out, "vBIOS: %s", err);
		return;
	}
	if ((rom = malloc(sizeof *rom)) != NULL) {
		rom_parse(data, size, rom);
		n = rom_verdict(rom, path, &rg, f, ROM_MAX_FINDINGS);
		for (i = 0; i < n; i++)
			if (f[i].level != ROM_OK) {
				bad = 1;
				comment(out, "vBIOS %s: %s", f[i].level ==
				    ROM_FAIL ? "FAILS" : "warns", f[i].text);
			}
		if (!bad)
			comment(out, "vBIOS checked: it serves %04x:%04x%s",
			    g->d->vendor, g->d->device, rom_efi_gop(rom) ?
			    ", with an X64 EFI image OVMF boots with" :
			    " (legacy only: no EFI image for OVMF)");
		free(rom);
	}
	free(data);
}

/* The GPU's group: each function that is not a bridge, one pci line. */
static void
put_gpu(FILE *out, const struct gpu *g, const struct guest_draft *dr)
{
	const struct host		*host = g->env->host;
	const struct pci_dev_info	*d;
	char				 words[5][PATH_MAX + 32], slot[PCI_ADDR_LEN];
	char				 rom[PATH_MAX], dirs[PATH_MAX * 2];
	const char			*w[5];
	size_t				 j;
	int				 n, k;

	fputc('\n', out);
	comment(out, "%s at %s, IOMMU group %d: every function in the "
	    "group but bridges (they stay with the host).", g->name,
	    g->slot, g->d->iommu_group);
	if (dr->rom != NULL)
		snprintf(rom, sizeof rom, "%s", dr->rom);
	else
		find_rom(g, dirs, sizeof dirs, rom, sizeof rom);
	if (rom[0] != '\0')
		put_rom_verdict(out, g, rom);
	else if (g->mobile)
		comment(out, "No vBIOS for it in %s: a laptop GPU has no ROM "
		    "of its own (it is in the laptop's firmware); save it "
		    "there and add romfile=FILE below.", dirs);
	if (g->mobile)
		comment(out, "A laptop's driver checks the subsystem ids "
		    "against its vBIOS: the host's, %04x:%04x.",
		    g->d->subsys_vendor, g->d->subsys_device);
	for (j = g->group->first; j < g->group->first + g->group->count;
	    j++) {
		d = &host->devs[j];
		if (pci_dev_is_bridge(d))
			continue;
		pci_addr_format_slot(&d->addr, host->with_domains, slot);
		n = 0;
		snprintf(words[n++], sizeof words[0], "%s", slot);
		if (d == g->d) {
			if (rom[0] != '\0')
				snprintf(words[n++], sizeof words[0],
				    "romfile=%s", rom);
			if (g->mobile) {
				snprintf(words[n++], sizeof words[0],
				    "x-pci-sub-vendor-id=0x%04x",
				    d->subsys_vendor);
				snprintf(words[n++], sizeof words[0],
				    "x-pci-sub-device-id=0x%04x",
				    d->subsys_device);
			}
			/* Its functions in one slot, as on the host. */
			snprintf(words[n++], sizeof words[0],
			    "multifunction=on");
		}
		for (k = 0; k < n; k++)
			w[k] = words[k];
		confline_put(out, "pci", w, n);
	}
}

/* The host's hugepages when it reserved some, else half its memory. */
static void
put_memory(FILE *out, const struct check_env *env,
    const struct guest_draft *dr)
{
	unsigned long long	 pages = 0, kib = 0, total = 0;
	unsigned long		 mib = dr->memory_mib;
	char			*meminfo, value[32];
	int			 huge = 0;

	if ((meminfo = check_read_proc(env, "meminfo", MEMINFO_MAX)) != NULL) {
		proctext_number(meminfo, "HugePages_Total:", &pages);
		proctext_number(meminfo, "Hugepagesize:", &kib);
		proctext_number(meminfo, "MemTotal:", &total);
		free(meminfo);
	}
	huge = pages * kib >= 1024ULL * 1024;
	if (mib == 0 && huge) {
		mib = (unsigned long)(pages * kib / 1024);
		comment(out, "All the hugepages the host reserved (%llu of "
		    "%llu KiB).", pages, kib);
	} else if (mib == 0) {
		mib = total / 1024 / 2 / 1024 * 1024;
		if (mib > DEFAULT_MIB)
			mib = DEFAULT_MIB;
		if (mib < 1024)
			mib = 1024;
		comment(out, "Half the host's memory, at most 8G (no "
		    "hugepages reserved).");
	}
	if (mib % 1024 == 0)
		snprintf(value, sizeof value, "%luG", mib / 1024);
	else
		snprintf(value, sizeof value, "%luM", mib);
	put1(out, "memory", value);
	if (huge)
		put1(out, "hugepages", "yes");
}

/* vCPUs on whole cores of one cache group, the host's first core kept. */
static void
put_cpus(FILE *out, const struct check_env *env,
    const struct guest_draft *dr)
{
	struct cputopo	topo;
	char		err[256], value[16];
	unsigned int	cpus = dr->cpus;
	int		room = 0, known;

	if ((known = cputopo_read(env->host->sys, &topo, err,
	    sizeof err) == 0)) {
		room = pin_auto_room(&topo);
		cputopo_free(&topo);
	}
	if (cpus == 0)
		cpus = room > 0 ? (unsigned int)room : 1;
	snprintf(value, sizeof value, "%u", cpus);
	if (room > 0 && cpus <= (unsigned int)room) {
		comment(out, "Whole cores of one L3 cache group, the host's "
		    "first core left to it and to QEMU's other threads.");
		put1(out, "cpus", value);
		put1(out, "pin", "auto");
	} else {
		comment(out, "Not pinned: %s.", !known ? err : room == 0 ?
		    "one core, nothing to pin apart" : "more vCPUs than one "
		    "cache group has beside the host's first core");
		put1(out, "cpus", value);
	}
}

static void
put_machine(FILE *out, const struct check_env *env, const struct gpu *g)
{
	char	path[PATH_MAX];
	int	kvm;

	snprintf(path, sizeof path, "%s/dev/kvm", env->files_root);
	kvm = access(path, F_OK) == 0;
	put1(out, "machine", "q35");
	if (!kvm)
		comment(out, "No /dev/kvm here: emulated, slowly (turn on "
		    "VT-x/AMD-V; vfiotui check says).");
	put1(out, "accel", kvm ? "kvm" : "tcg");
	if (g->d->vendor == VENDOR_NVIDIA) {
		comment(out, "Hide the hypervisor from the NVIDIA driver "
		    "(its Code 43 check).");
		put1(out, "cpu", kvm ? "host,kvm=off,hv_vendor_id=" HV_VENDOR_ID :
		    "max,kvm=off,hv_vendor_id=" HV_VENDOR_ID);
	} else if (kvm)
		put1(out, "cpu", "host");
}

static int
put_firmware(FILE *out, const struct check_env *env,
    const struct guest_draft *dr, char *err, size_t errlen)
{
	struct firmware	fw;

	if (firmware_find(env->files_root, dr->secure_boot, &fw) == -1) {
		snprintf(err, errlen, "no OVMF%s firmware installed (in "
		    "/usr/share/qemu/firmware or OVMF's usual places): install "
		    "ovmf (Debian, Ubuntu) or edk2-ovmf (Arch, Manjaro, "
		    "Fedora)", dr->secure_boot ? " Secure Boot" : "");
		return -1;
	}
	fputc('\n', out);
	comment(out, "UEFI (%s), Secure Boot %s; the guest gets its own "
	    "copy of the vars on its first start.", fw.from,
	    dr->secure_boot ? "on" : "off");
	put1(out, "firmware", "ovmf");
	put1(out, "ovmf-code", fw.code);
	put1(out, "ovmf-vars", fw.vars);
	return 0;
}

static void
put_drives(FILE *out, const struct guest_draft *dr)
{
	const char	*w[2];

	fputc('\n', out);
	if (dr->disk != NULL) {
		w[0] = dr->disk;
		w[1] = "if=virtio";
		confline_put(out, "disk", w, 2);
	} else
		comment(out, "No disk yet: disk = FILE (qemu-img create -f "
		    "qcow2 FILE 64G makes one).");
	if (dr->iso != NULL)
		put1(out, "cdrom", dr->iso);
}

/*
 * A laptop's NVIDIA driver wants a battery (Code 43 without one): the
 * fake battery table the user keeps in DATA/vfiotui/acpi, if any.
 */
static void
put_battery(FILE *out, const struct gpu *g)
{
	struct dirent	*e;
	const char	*w[2];
	char		 dir[PATH_MAX], err[256], arg[PATH_MAX * 2] = "";
	DIR		*d;

	if (!g->mobile)
		return;
	fputc('\n', out);
	if (xdg_path(XDG_DATA, "acpi", dir, sizeof dir, err, sizeof err) == 0 &&
	    (d = opendir(dir)) != NULL) {
		while (arg[0] == '\0' && (e = readdir(d)) != NULL)
			if (fnmatch("*.dat", e->d_name, 0) == 0 ||
			    fnmatch("*.aml", e->d_name, 0) == 0)
				snprintf(arg, sizeof arg, "file=%s/%s", dir,
				    e->d_name);
		closedir(d);
	}
	if (arg[0] == '\0') {
		comment(out, "A laptop's NVIDIA driver stops with Code 43 when "
		    "the guest has no battery: put a fake battery table (an "
		    "SSDT) in %s and add: extra = -acpitable file=FILE", dir);
		return;
	}
	comment(out, "A battery for the laptop's NVIDIA driver (else Code 43).");
	w[0] = "-acpitable";
	w[1] = arg;
	confline_put(out, "extra", w, 2);
}

/* A MAC of QEMU's range that stays the same for the same name. */
static void
put_network(FILE *out, const char *name)
{
	struct stat	st;
	uint32_t	h = 2166136261u;
	const char	*c;
	char		file[PATH_MAX], err[256], mac[24];
	int		vde;

	vde = netcfg_default_file(file, sizeof file, err, sizeof err) == 0 &&
	    stat(file, &st) == 0;
	fputc('\n', out);
	if (vde)
		comment(out, "vfiotui's VDE switch, as %s sets it up (vfiotui "
		    "net start).", file);
	else
		comment(out, "QEMU's user network: no net.conf for vfiotui's "
		    "switch (vfiotui net).");
	put1(out, "network", vde ? "vde" : "user");
	for (c = name; *c != '\0'; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	snprintf(mac, sizeof mac, "52:54:00:%02x:%02x:%02x", h >> 16 & 0xff,
	    h >> 8 & 0xff, h & 0xff);
	put1(out, "mac", mac);
	comment(out, "A window until the GPU's driver runs in the guest.");
	put1(out, "display", "spice");
}

int
guest_draft_write(const struct check_env *env, const struct guest_draft *dr,
    FILE *out, char *err, size_t errlen)
{
	struct gpu	g;

	if (pick_gpu(env, dr, &g, err, errlen) == -1)
		return -1;
	comment(out, "%s: written by vfiotui guest new from this machine.",
	    dr->name);
	comment(out, "vfiotui check %s judges it; vfiotui guest start %s "
	    "runs it.", dr->name, dr->name);
	comment(out, "Every key, its values and its default: man 5 "
	    "vfiotui-guest.");
	fputc('\n', out);
	put_memory(out, env, dr);
	put_cpus(out, env, dr);
	put_machine(out, env, &g);
	if (put_firmware(out, env, dr, err, errlen) == -1)
		return -1;
	put_drives(out, dr);
	put_gpu(out, &g, dr);
	put_network(out, dr->name);
	put_battery(out, &g);
	return 0;
}

int
guest_draft_save(const char *name, const char *text, size_t len, int force,
    char *path, size_t pathlen, char *err, size_t errlen)
{
	struct profile	*p;
	char		 dir[PATH_MAX], why[1024];
	int		 fd;

	if (profile_dir(dir, sizeof dir, err, errlen) == -1 ||
	    (fd = safefile_dir(dir, SAFEFILE_MAKE, err, errlen)) < 0)
		return -1;
	close(fd);
	snprintf(path, pathlen, "%s/%s.conf", dir, name);
	if (safefile_write(path, text, len, 0644, force ? 0 :
	    SAFEFILE_NOREPLACE, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s%s", why, force ? "" :
		    " (--force replaces it)");
		return -1;
	}
	if ((p = profile_load(dir, name, why, sizeof why)) == NULL) {
		snprintf(err, errlen, "wrote a profile it cannot read (a bug): "
		    "%s", why);
		return -1;
	}
	profile_free(p);
	return 0;
}
