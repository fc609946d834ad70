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

#include "check_parts.h"
#include "confline.h"
#include "firmware.h"
#include "guest_disk.h"
#include "guest_draft.h"
#include "guest_draft_int.h"
#include "host.h"
#include "profile.h"
#include "rom.h"
#include "safefile.h"
#include "xdg.h"

#define VENDOR_NVIDIA	0x10de
/* The Code 43 check reads this; any 12 characters do. */
#define HV_VENDOR_ID	"0123456789ab"

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

/* How a ROM file serves G: 2 with an EFI image (OVMF), 1 legacy, 0 not. */
static int
rom_serves(const struct draft_gpu *g, const char *path)
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
find_rom(const struct draft_gpu *g, char *dirs, size_t dirslen, char *path,
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
put_rom_verdict(FILE *out, const struct draft_gpu *g, const char *path)
{
	struct rom_finding	 f[ROM_MAX_FINDINGS];
	struct rom_gpu		 rg = { g->d->name, g->d->vendor,
				    g->d->device };
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
put_gpu(FILE *out, const struct draft_gpu *g, const struct guest_draft *dr)
{
	const struct host		*host = g->env->host;
	const struct pci_dev_info	*d;
	char				 words[5][PATH_MAX + 32];
	char				 slot[PCI_ADDR_LEN];
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

static void
put_memory(FILE *out, const struct check_env *env,
    const struct guest_draft *dr)
{
	struct draft_memory	m;
	char			value[32];

	draft_memory(env, dr, &m);
	if (dr->memory_mib == 0 && m.huge)
		comment(out, "All the hugepages the host reserved (%llu of "
		    "%llu KiB).", m.pages, m.page_kib);
	else if (dr->memory_mib == 0)
		comment(out, "Half the host's memory, at most 8G (no "
		    "hugepages reserved).");
	draft_mib_text(m.mib, value, sizeof value);
	put1(out, "memory", value);
	if (m.huge)
		put1(out, "hugepages", "yes");
}

static void
put_cpus(FILE *out, const struct check_env *env,
    const struct guest_draft *dr)
{
	struct draft_cpus	c;
	char			value[16];

	draft_cpus(env, dr, &c);
	snprintf(value, sizeof value, "%u", c.cpus);
	if (c.pinned) {
		comment(out, "Whole cores of one L3 cache group, the host's "
		    "first core left to it and to QEMU's other threads.");
		put1(out, "cpus", value);
		put1(out, "pin", "auto");
	} else {
		comment(out, "Not pinned: %s.", !c.known ? c.err : c.room == 0 ?
		    "one core, nothing to pin apart" : "more vCPUs than one "
		    "cache group has beside the host's first core");
		put1(out, "cpus", value);
	}
}

static void
put_machine(FILE *out, const struct check_env *env, const struct draft_gpu *g)
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
		put1(out, "cpu", kvm ?
		    "host,kvm=off,hv_vendor_id=" HV_VENDOR_ID :
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
	char		 disk[PATH_MAX + 80], why[256];

	fputc('\n', out);
	if (dr->disk_size != NULL && guest_disk_path(dr->name, disk,
	    sizeof disk, why, sizeof why) == 0)
		comment(out, "A qcow2 disk of %s of its own, made by vfiotui "
		    "guest new.", dr->disk_size);
	if (dr->disk != NULL || dr->disk_size != NULL) {
		w[0] = dr->disk != NULL ? dr->disk : disk;
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
put_battery(FILE *out, const struct draft_gpu *g)
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
	comment(out, "A battery for the laptop's NVIDIA driver (else Code "
	    "43).");
	w[0] = "-acpitable";
	w[1] = arg;
	confline_put(out, "extra", w, 2);
}

/* A MAC of QEMU's range that stays the same for the same name. */
static void
put_network(FILE *out, const struct guest_draft *dr)
{
	struct draft_net	 n;
	uint32_t		 h = 2166136261u;
	const char		*c;
	char			 mac[24];

	draft_network(dr, &n);
	fputc('\n', out);
	if (n.asked)
		comment(out, "The network asked for (--network %s).", n.kind);
	else if (strcmp(n.kind, "vde") == 0)
		comment(out, "vfiotui's VDE switch, as %s sets it up (vfiotui "
		    "net start).", n.conf);
	else
		comment(out, "QEMU's user network: no net.conf for vfiotui's "
		    "switch (vfiotui net).");
	put1(out, "network", n.kind);
	if (strcmp(n.kind, "none") != 0) {
		for (c = dr->name; *c != '\0'; c++)
			h = (h ^ (uint8_t)*c) * 16777619u;
		snprintf(mac, sizeof mac, "52:54:00:%02x:%02x:%02x",
		    h >> 16 & 0xff, h >> 8 & 0xff, h & 0xff);
		put1(out, "mac", mac);
	}
	comment(out, "A window until the GPU's driver runs in the guest.");
	put1(out, "display", "spice");
}

int
guest_draft_write(const struct check_env *env, const struct guest_draft *dr,
    FILE *out, char *err, size_t errlen)
{
	struct draft_gpu	g;

	if (draft_pick_gpu(env, dr, &g, err, errlen) == -1)
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
	put_network(out, dr);
	put_battery(out, &g);
	return 0;
}

int
guest_draft_text(const struct check_env *env, const struct guest_draft *dr,
    char **text, size_t *len, char *err, size_t errlen)
{
	FILE	*out;
	int	 r;

	*text = NULL;
	if ((out = open_memstream(text, len)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r = guest_draft_write(env, dr, out, err, errlen);
	if (fclose(out) == EOF && r == 0) {
		snprintf(err, errlen, "out of memory");
		r = -1;
	}
	if (r == -1) {
		free(*text);
		*text = NULL;
	}
	return r;
}

/* The profile TEXT of LEN bytes written as guest NAME's, and read back. */
static int
save_profile(const char *name, const char *text, size_t len, int force,
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

int
guest_draft_save(const struct guest_draft *dr, const char *text, size_t len,
    int force, char *path, size_t pathlen, char *err, size_t errlen)
{
	char	disk[PATH_MAX + 80], why[1024];

	if (dr->disk_size != NULL) {
		if (guest_disk_path(dr->name, disk, sizeof disk, err,
		    errlen) == -1)
			return -1;
		if (guest_disk_create(disk, dr->disk_size, why,
		    sizeof why) == -1) {
			snprintf(err, errlen, "--disk %s: %s", dr->disk_size,
			    why);
			return -1;
		}
	}
	if (save_profile(dr->name, text, len, force, path, pathlen, err,
	    errlen) == 0)
		return 0;
	if (dr->disk_size != NULL)
		unlink(disk);
	return -1;
}
