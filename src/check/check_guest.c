/*
 * The Code 43 checklist of a guest profile: for each NVIDIA GPU it
 * passes, what the NVIDIA driver in the guest looks at before it gives
 * up (subsystem ids, the vBIOS, a PCIe port, the slot's functions, the
 * hypervisor's name, and on a laptop a battery), each with the profile
 * line that settles it.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_parts.h"
#include "host.h"
#include "pcinames.h"
#include "profile.h"
#include "rom.h"
#include "sysfs.h"

struct passed {
	const struct check_env		*env;
	const struct profile		*prof;
	const struct profile_pci	*pci;	/* the GPU's pci = line */
	const struct pci_dev_info	*d;
	char				 slot[PCI_ADDR_LEN];
	char				 name[48];
	int				 mobile;
};

static const char *
item(struct passed *g, const char *what)
{
	snprintf(g->name, sizeof g->name, "%s %s", g->slot, what);
	return g->name;
}

int
check_gpu_mobile(const struct check_env *env, const struct pci_dev_info *d)
{
	char		 name[256];
	struct dirent	*e;
	DIR		*dir;
	int		 found = 0;

	if (env->names != NULL && pcinames_device_plain(env->names, d, name,
	    sizeof name) != NULL && (strstr(name, "Mobile") != NULL ||
	    strstr(name, "Max-Q") != NULL || strstr(name, "Laptop") != NULL))
		return 1;
	if ((dir = sysfs_opendir(env->host->sys, "class/power_supply")) == NULL)
		return 0;
	while ((e = readdir(dir)) != NULL && !found)
		found = strncmp(e->d_name, "BAT", 3) == 0;
	closedir(dir);
	return found;
}

static void
check_subsystem(struct passed *g, struct check_list *list)
{
	const struct profile_pci	*p = g->pci;
	struct check			*c;

	if (p->sub_vendor == g->d->subsys_vendor &&
	    p->sub_device == g->d->subsys_device) {
		check_add(list, item(g, "subsystem ids"), CHECK_OK, "x-pci-sub-"
		    "vendor-id and x-pci-sub-device-id give %04x:%04x, the "
		    "device's subsystem", g->d->subsys_vendor,
		    g->d->subsys_device);
		return;
	}
	if (p->sub_vendor == -1 && p->sub_device == -1 && !g->mobile) {
		check_add(list, item(g, "subsystem ids"), CHECK_OK, "not set: "
		    "the guest sees the device's own, %04x:%04x",
		    g->d->subsys_vendor, g->d->subsys_device);
		return;
	}
	if (p->sub_vendor == -1 && p->sub_device == -1)
		c = check_add(list, item(g, "subsystem ids"), CHECK_WARN, "not "
		    "set: the laptop driver checks the subsystem ids against "
		    "its vBIOS; the device's are %04x:%04x",
		    g->d->subsys_vendor, g->d->subsys_device);
	else
		c = check_add(list, item(g, "subsystem ids"), CHECK_FAIL, "the "
		    "profile gives %04lx:%04lx, the device's subsystem is "
		    "%04x:%04x", p->sub_vendor == -1 ? 0 : p->sub_vendor,
		    p->sub_device == -1 ? 0 : p->sub_device,
		    g->d->subsys_vendor, g->d->subsys_device);
	check_fix(c, "%s:%d: on 'pci = %s' set x-pci-sub-vendor-id=0x%04x "
	    "x-pci-sub-device-id=0x%04x", g->prof->path, p->line, g->slot,
	    g->d->subsys_vendor, g->d->subsys_device);
}

/* The first failing verdict on the ROM, in the guest's terms. */
static void
romfile_verdict(struct passed *g, struct check_list *list,
    const struct rom *rom)
{
	struct rom_finding	 f[ROM_MAX_FINDINGS];
	struct rom_gpu		 gpu = { g->d->name, g->d->vendor,
				    g->d->device };
	const struct rom_image	*gop = rom_efi_gop(rom);
	struct check		*c;
	size_t			 i, n;

	n = rom_verdict(rom, g->pci->romfile, &gpu, f, ROM_MAX_FINDINGS);
	for (i = 0; i < n; i++) {
		if (f[i].level != ROM_FAIL)
			continue;
		c = check_add(list, item(g, "romfile"), CHECK_FAIL, "%s: %s",
		    g->pci->romfile, f[i].text);
		check_fix(c, "%s", f[i].fix);
		return;
	}
	if (gop == NULL && g->prof->firmware == PROFILE_FW_OVMF) {
		c = check_add(list, item(g, "romfile"), CHECK_FAIL, "%s has no "
		    "X64 EFI image, and the guest boots OVMF", g->pci->romfile);
		check_fix(c, "%s:%d: a romfile with an EFI GOP image (vfiotui "
		    "rom FILE lists its images), or firmware = seabios",
		    g->prof->path, g->pci->line);
		return;
	}
	check_add(list, item(g, "romfile"), CHECK_OK, "%s: every image for "
	    "%04x:%04x%s", g->pci->romfile, g->d->vendor, g->d->device, gop ?
	    ", with an X64 EFI image" : " (legacy only: SeaBIOS)");
}

static void
check_romfile(struct passed *g, struct check_list *list)
{
	struct check	*c;
	struct rom	*rom;
	uint8_t		*data;
	size_t		 size;
	char		 err[512];

	if (g->pci->romfile == NULL && !g->mobile) {
		check_add(list, item(g, "romfile"), CHECK_OK, "not set: QEMU "
		    "gives the guest the card's own ROM");
		return;
	}
	if (g->pci->romfile == NULL) {
		c = check_add(list, item(g, "romfile"), CHECK_FAIL, "not set: "
		    "a laptop GPU has no ROM of its own, its vBIOS is in the "
		    "laptop's firmware");
		check_fix(c, "%s:%d: on 'pci = %s' add romfile=/path/to/"
		    "vbios.rom (saved with GPU-Z, or from sysfs)",
		    g->prof->path, g->pci->line, g->slot);
		return;
	}
	if (rom_read_file(g->pci->romfile, &data, &size, err,
	    sizeof err) == -1) {
		c = check_add(list, item(g, "romfile"), CHECK_FAIL, "%s", err);
		check_fix(c, "%s:%d: fix the romfile= path", g->prof->path,
		    g->pci->line);
		return;
	}
	if ((rom = malloc(sizeof *rom)) != NULL) {
		rom_parse(data, size, rom);
		romfile_verdict(g, list, rom);
		free(rom);
	}
	free(data);
}

static void
check_root_port(struct passed *g, struct check_list *list)
{
	const char	*machine = g->prof->machine ? g->prof->machine : "pc";
	struct check	*c;

	if (strstr(machine, "q35") != NULL) {
		check_add(list, item(g, "PCIe root port"), CHECK_OK, "machine "
		    "%s: vfiotui puts the GPU behind a pcie-root-port, not on "
		    "the root bus", machine);
		return;
	}
	c = check_add(list, item(g, "PCIe root port"), CHECK_FAIL, "machine "
	    "%s has no PCIe: the GPU sits on the root bus, where the driver "
	    "does not look for it", machine);
	check_fix(c, "%s: machine = q35", g->prof->path);
}

/* The profile's entry for ADDR, or NULL. */
static const struct profile_pci *
profile_entry(const struct profile *prof, const struct pci_addr *addr)
{
	size_t	i;

	for (i = 0; i < prof->npci; i++)
		if (pci_addr_cmp(&prof->pci[i].addr, addr) == 0)
			return &prof->pci[i];
	return NULL;
}

/* Every function of the GPU's slot passed, and flagged multifunction. */
static void
check_functions(struct passed *g, struct check_list *list)
{
	const struct host		*host = g->env->host;
	const struct pci_dev_info	*m;
	struct check			*c;
	char				 fn[PCI_ADDR_LEN];
	size_t				 i, n = 0;

	for (i = 0; i < host->ndevs; i++) {
		m = &host->devs[i];
		if (m->addr.domain != g->d->addr.domain ||
		    m->addr.bus != g->d->addr.bus ||
		    m->addr.dev != g->d->addr.dev)
			continue;
		n++;
		if (profile_entry(g->prof, &m->addr) != NULL)
			continue;
		pci_addr_format_slot(&m->addr, host->with_domains, fn);
		c = check_add(list, item(g, "functions"), CHECK_WARN, "%s "
		    "[%06x] of the same slot is not passed: the guest sees a "
		    "GPU without it", fn, m->class);
		check_fix(c, "%s: add the line 'pci = %s'", g->prof->path, fn);
		return;
	}
	/* Unset, vfiotui sets it (qemu_argv.c); off, QEMU refuses to start. */
	if (n > 1 && g->pci->multifunction == 0) {
		c = check_add(list, item(g, "functions"), CHECK_FAIL, "%zu "
		    "functions passed, but multifunction=off: QEMU refuses "
		    "a function 1 beside a single-function device", n);
		check_fix(c, "%s:%d: on 'pci = %s' drop multifunction=off",
		    g->prof->path, g->pci->line, g->slot);
		return;
	}
	check_add(list, item(g, "functions"), CHECK_OK, n > 1 ? "the "
	    "slot's %zu functions pass together, multifunction=on" : "the "
	    "slot has %zu function", n);
}

static void
check_hidden(struct passed *g, struct check_list *list)
{
	const char	*cpu = g->prof->cpu ? g->prof->cpu : "host";
	int		 kvm_off = strstr(cpu, "kvm=off") != NULL;
	int		 vendor = strstr(cpu, "hv_vendor_id=") != NULL;
	struct check	*c;

	if (kvm_off && vendor) {
		check_add(list, item(g, "hidden hypervisor"), CHECK_OK, "cpu "
		    "= %s: kvm=off and hv_vendor_id hide it", cpu);
		return;
	}
	c = check_add(list, item(g, "hidden hypervisor"), CHECK_WARN, "cpu "
	    "= %s shows the hypervisor: NVIDIA drivers before 465 stop with "
	    "Code 43 when they see it", cpu);
	check_fix(c, "%s: cpu = %s%s%s", g->prof->path, cpu,
	    kvm_off ? "" : ",kvm=off",
	    vendor ? "" : ",hv_vendor_id=0123456789ab");
}

/* A laptop's driver reads the battery's state through ACPI. */
static void
check_battery(struct passed *g, struct check_list *list)
{
	struct check	*c;
	size_t		 i;

	if (!g->mobile)
		return;
	for (i = 0; i < g->prof->nextra; i++)
		if (strcmp(g->prof->extra[i], "-acpitable") == 0) {
			check_add(list, item(g, "ACPI battery"), CHECK_OK,
			    "-acpitable gives the guest a battery table");
			return;
		}
	c = check_add(list, item(g, "ACPI battery"), CHECK_FAIL, "no "
	    "-acpitable: the laptop driver finds no battery and stops with "
	    "Code 43");
	check_fix(c, "%s: extra = -acpitable file=/path/to/SSDT1.dat (a fake "
	    "battery table)", g->prof->path);
}

void
check_guest(const struct check_env *env, const struct profile *prof,
    struct check_list *list)
{
	struct passed	 g = { .env = env, .prof = prof };
	struct check	*c;
	size_t		 i, n = 0;
	long		 d;

	for (i = 0; i < prof->npci; i++) {
		g.pci = &prof->pci[i];
		pci_addr_format_slot(&g.pci->addr, env->host->with_domains,
		    g.slot);
		if ((d = host_find(env->host, &g.pci->addr)) == -1) {
			c = check_add(list, item(&g, "device"), CHECK_FAIL,
			    "no PCI device %s on this host", g.slot);
			check_fix(c, "%s:%d: fix the address (vfiotui list)",
			    prof->path, g.pci->line);
			continue;
		}
		g.d = &env->host->devs[d];
		if (g.d->vendor != 0x10de || !pci_dev_is_display(g.d))
			continue;
		g.mobile = check_gpu_mobile(env, g.d);
		check_subsystem(&g, list);
		check_romfile(&g, list);
		check_root_port(&g, list);
		check_functions(&g, list);
		check_hidden(&g, list);
		check_battery(&g, list);
		n++;
	}
	if (n == 0)
		check_add(list, "Code 43", CHECK_OK, "%s passes no NVIDIA GPU: "
		    "nothing for NVIDIA's driver to refuse", prof->name);
	check_hugepages(env, prof, list);
}

/*
 * Calls FN with each guest profile by name: PROF loaded, or NULL with ERR
 * saying why it does not load.  No profile dir: no call.
 */
static void
each_profile(void (*fn)(const char *name, const struct profile *prof,
    const char *err, void *arg), void *arg)
{
	struct profile	*prof;
	char		 dir[4096], err[512], **names;
	size_t		 i;

	if (profile_dir(dir, sizeof dir, err, sizeof err) == -1 ||
	    (names = profile_names(dir, err, sizeof err)) == NULL)
		return;
	for (i = 0; names[i] != NULL; i++) {
		prof = profile_load(dir, names[i], err, sizeof err);
		fn(names[i], prof, err, arg);
		profile_free(prof);
	}
	profile_names_free(names);
}

struct largest {
	struct check_env	*env;
	char			*name;
	size_t			 len;
};

static void
take_largest(const char *name, const struct profile *prof, const char *err,
    void *arg)
{
	struct largest	*l = arg;

	(void)name;
	(void)err;
	/* A broken profile is guest start's to report. */
	if (prof != NULL && prof->memory_mib > l->env->guest_mib) {
		l->env->guest_mib = prof->memory_mib;
		snprintf(l->name, l->len, "%s", prof->name);
		l->env->guest_name = l->name;
	}
}

/* The largest guest among the profiles, for the memlock check. */
void
check_largest_guest(struct check_env *env, char *name, size_t len)
{
	struct largest	l = { env, name, len };

	each_profile(take_largest, &l);
}

struct all_guests {
	const struct check_env	*env;
	struct check_list	*list;
};

static void
check_one_guest(const char *name, const struct profile *prof,
    const char *err, void *arg)
{
	struct all_guests	*a = arg;
	struct check		*c;

	if (prof == NULL) {
		c = check_add(a->list, name, CHECK_FAIL, "%s", err);
		check_fix(c, "correct the profile (vfiotui guest start "
		    "--print %s says the same)", name);
		return;
	}
	/* Each item says whose it is; a long name is cut. */
	a->list->prefix = prof->name;
	check_guest(a->env, prof, a->list);
	a->list->prefix = NULL;
}

void
check_all_guests(const struct check_env *env, struct check_list *list)
{
	struct all_guests	a = { env, list };

	each_profile(check_one_guest, &a);
}

int
check_guest_profile(const struct check_env *env, const char *name,
    struct check_list *list, char *err, size_t errlen)
{
	struct check_env	 e = *env;
	struct profile		*prof;
	char			 dir[4096];

	if (profile_dir(dir, sizeof dir, err, errlen) == -1 ||
	    (prof = profile_load(dir, name, err, errlen)) == NULL)
		return -1;
	/* Memlock against this guest: it is the one about to start. */
	e.guest_mib = prof->memory_mib;
	e.guest_name = prof->name;
	check_clear_list(list);
	check_guest(&e, prof, list);
	check_pinning(&e, prof, list);
	check_looking_glass(&e, prof, list);
	check_memlock(&e, list);
	profile_free(prof);
	return 0;
}
