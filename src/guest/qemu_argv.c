/*
 * From profile to argv.  The order follows how a reader checks a QEMU
 * line: machine, memory, firmware, drives, passed devices, network,
 * display, the user's extras, then what vfiotui needs to find the guest
 * again (QMP socket, pid file, -daemonize).
 */
#include "config.h"

#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "looking_glass.h"
#include "pci.h"
#include "profile.h"
#include "qemu_argv.h"

struct args {
	char	**v;
	size_t	  n, cap;
	int	  failed;
};

static void
add(struct args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add(struct args *a, const char *fmt, ...)
{
	va_list	  ap;
	char	**grown, *s;
	int	  r;

	if (a->failed)
		return;
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		if ((grown = realloc(a->v, a->cap * sizeof *grown)) == NULL) {
			a->failed = 1;
			return;
		}
		a->v = grown;
	}
	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0) {
		a->failed = 1;
		return;
	}
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

/* QEMU's option syntax: a comma inside a value is written twice. */
static char *
opt_escape(const char *s)
{
	char	*out = malloc(strlen(s) * 2 + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (; *s != '\0'; s++) {
		*o++ = *s;
		if (*s == ',')
			*o++ = ',';
	}
	*o = '\0';
	return out;
}

/* "-drive PREFIX,file=PATH" with PATH escaped. */
static void
add_drive(struct args *a, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add_drive(struct args *a, const char *path, const char *fmt, ...)
{
	va_list	 ap;
	char	*opts, *esc = opt_escape(path);
	int	 r;

	va_start(ap, fmt);
	r = vasprintf(&opts, fmt, ap);
	va_end(ap);
	if (esc == NULL || r < 0) {
		a->failed = 1;
		free(esc);
		return;
	}
	add(a, "-drive");
	add(a, "file=%s,%s", esc, opts);
	free(esc);
	free(opts);
}

int
qemu_cdrom_iso_path(const char *state_dir, size_t i, char *buf, size_t len)
{
	int	n = snprintf(buf, len, "%s/cdrom%zu.iso", state_dir, i);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static void
add_firmware(struct args *a, const struct profile *p,
    const struct qemu_paths *paths)
{
	if (p->firmware != PROFILE_FW_OVMF)
		return;
	add_drive(a, p->ovmf_code, "if=pflash,format=raw,readonly=on");
	add_drive(a, paths->ovmf_vars, "if=pflash,format=raw");
}

static const char *
disk_format(const struct profile_drive *d)
{
	size_t	len = strlen(d->path);

	if (d->format != NULL)
		return d->format;
	if (len > 6 && strcmp(d->path + len - 6, ".qcow2") == 0)
		return "qcow2";
	return "raw";
}

static void
add_drives(struct args *a, const struct profile *p,
    const struct qemu_paths *paths)
{
	struct stat	st;
	char		iso[4096];
	size_t		i;

	for (i = 0; i < p->ndisks; i++)
		add_drive(a, p->disks[i].path, "format=%s,if=%s",
		    disk_format(&p->disks[i]),
		    p->disks[i].iface ? p->disks[i].iface : "virtio");
	for (i = 0; i < p->ncdroms; i++) {
		const char *path = p->cdroms[i].path;

		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (qemu_cdrom_iso_path(paths->state_dir, i, iso,
			    sizeof iso) == -1) {
				a->failed = 1;
				return;
			}
			path = iso;
		}
		add_drive(a, path, "media=cdrom");
	}
}

static int
is_q35(const struct profile *p)
{
	return strncmp(p->machine, "q35", 3) == 0 ||
	    strncmp(p->machine, "pc-q35", 6) == 0;
}

static int
same_slot(const struct pci_addr *x, const struct pci_addr *y)
{
	return x->domain == y->domain && x->bus == y->bus && x->dev == y->dev;
}

/* Appends to the NUL-terminated BUF of LEN bytes. */
static void
cat(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t	used = strlen(buf);
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/*
 * MULTI: D is function 0 of a slot whose other functions pass too; QEMU
 * then wants multifunction=on on it ("single function device can't be
 * populated in function 0.1" otherwise), unless the profile says.  The
 * id (hostdevN, as libvirt names them) is how the live model finds which
 * host device a guest's PCI function is.
 */
static void
add_vfio(struct args *a, const struct profile_pci *d, size_t n, int port,
    int multi)
{
	char	opts[8192], host[PCI_ADDR_LEN], *rom;

	pci_addr_format(&d->addr, host);
	snprintf(opts, sizeof opts, "vfio-pci,host=%s", host);
	if (port > 0)
		cat(opts, sizeof opts, ",bus=rp%d,addr=00.%u", port,
		    d->addr.fn);
	if (d->multifunction != -1)
		cat(opts, sizeof opts, ",multifunction=%s",
		    d->multifunction ? "on" : "off");
	else if (multi)
		cat(opts, sizeof opts, ",multifunction=on");
	if (d->x_vga != -1)
		cat(opts, sizeof opts, ",x-vga=%s", d->x_vga ? "on" : "off");
	if (d->romfile != NULL) {
		if ((rom = opt_escape(d->romfile)) == NULL) {
			a->failed = 1;
			return;
		}
		cat(opts, sizeof opts, ",romfile=%s", rom);
		free(rom);
	}
	if (d->sub_vendor != -1)
		cat(opts, sizeof opts, ",x-pci-sub-vendor-id=0x%04lx",
		    d->sub_vendor);
	if (d->sub_device != -1)
		cat(opts, sizeof opts, ",x-pci-sub-device-id=0x%04lx",
		    d->sub_device);
	cat(opts, sizeof opts, ",id=hostdev%zu", n);
	add(a, "-device");
	add(a, "%s", opts);
}

/*
 * On q35 each host slot gets a PCIe root port of its own and its
 * functions keep their numbers on it: Windows' NVIDIA driver wants a GPU
 * behind a port, not on the root bus.
 */
/* Whether the profile passes another function of PCI[I]'s slot. */
static int
slot_shared(const struct profile *p, size_t i)
{
	size_t	j;

	for (j = 0; j < p->npci; j++)
		if (j != i && same_slot(&p->pci[j].addr, &p->pci[i].addr))
			return 1;
	return 0;
}

static void
add_pci(struct args *a, const struct profile *p)
{
	int	ports[PROFILE_MAX_PCI], nports = 0;
	size_t	i, j;

	for (i = 0; i < p->npci; i++) {
		ports[i] = 0;
		if (!is_q35(p)) {
			add_vfio(a, &p->pci[i], i, 0, 0);
			continue;
		}
		for (j = 0; j < i && ports[i] == 0; j++)
			if (same_slot(&p->pci[j].addr, &p->pci[i].addr))
				ports[i] = ports[j];
		if (ports[i] == 0) {
			ports[i] = ++nports;
			add(a, "-device");
			add(a, "pcie-root-port,id=rp%d,chassis=%d,slot=%d",
			    nports, nports, nports);
		}
		add_vfio(a, &p->pci[i], i, ports[i],
		    p->pci[i].addr.fn == 0 && slot_shared(p, i));
	}
}

static void
add_network(struct args *a, const struct profile *p,
    const struct qemu_paths *paths)
{
	const char	*sock = p->vde_sock ? p->vde_sock : paths->vde_sock;
	char		*esc;

	if (p->net == PROFILE_NET_NONE)
		return;
	add(a, "-netdev");
	if (p->net == PROFILE_NET_USER)
		add(a, "user,id=net0");
	else if ((esc = opt_escape(sock)) != NULL) {
		add(a, "vde,id=net0,sock=%s", esc);
		free(esc);
	} else
		a->failed = 1;
	add(a, "-device");
	add(a, "virtio-net-pci,netdev=net0%s%s", p->mac ? ",mac=" : "",
	    p->mac ? p->mac : "");
}

/*
 * SPICE and VNC listen on a socket in the guest's runtime dir, which only
 * its user can reach: no port another local user could connect to.  A
 * spice-port puts SPICE on 127.0.0.1 instead, for viewers that want one.
 */
static void
add_display(struct args *a, const struct profile *p,
    const struct qemu_paths *paths)
{
	char	*sock = NULL;

	if ((p->display == PROFILE_DISPLAY_VNC ||
	    (p->display == PROFILE_DISPLAY_SPICE && p->spice_port == 0)) &&
	    (paths->display_sock == NULL ||
	    (sock = opt_escape(paths->display_sock)) == NULL)) {
		a->failed = 1;
		return;
	}
	switch (p->display) {
	case PROFILE_DISPLAY_SPICE:
		add(a, "-spice");
		if (sock != NULL)
			add(a, "unix=on,addr=%s,disable-ticketing=on", sock);
		else
			add(a, "port=%d,addr=127.0.0.1,disable-ticketing=on",
			    p->spice_port);
		add(a, "-device");
		add(a, "qxl-vga");
		break;
	case PROFILE_DISPLAY_VNC:
		add(a, "-vnc");
		add(a, "unix:%s", sock);
		add(a, "-device");
		add(a, "VGA");
		break;
	case PROFILE_DISPLAY_GTK:
		add(a, "-display");
		add(a, "gtk");
		add(a, "-device");
		add(a, "VGA");
		break;
	case PROFILE_DISPLAY_NONE:
		add(a, "-display");
		add(a, "none");
		break;
	}
	free(sock);
}

static void
add_qmp(struct args *a, const char *path)
{
	char	*sock = opt_escape(path);

	if (sock == NULL) {
		a->failed = 1;
		return;
	}
	add(a, "-qmp");
	add(a, "unix:%s,server=on,wait=off", sock);
	free(sock);
}

/* Looking Glass' IVSHMEM on the shared memory file its client maps. */
static void
add_looking_glass(struct args *a, const struct profile *p)
{
	char	 path[128], *esc;

	if (p->lg_mib == 0)
		return;
	looking_glass_path(p, path, sizeof path);
	if ((esc = opt_escape(path)) == NULL) {
		a->failed = 1;
		return;
	}
	add(a, "-object");
	add(a, "memory-backend-file,id=looking-glass,share=on,mem-path=%s,"
	    "size=%luM", esc, p->lg_mib);
	add(a, "-device");
	add(a, "ivshmem-plain,memdev=looking-glass");
	free(esc);
}

/*
 * A USB controller always, so that guest usb can plug a device in while
 * the guest runs; the profile's usb devices on it from the start, each
 * with the id guest usb detach names.
 */
static void
add_usb(struct args *a, const struct profile *p)
{
	size_t	i;

	add(a, "-device");
	add(a, "qemu-xhci,id=xhci");
	for (i = 0; i < p->nusb; i++) {
		add(a, "-device");
		add(a, "usb-host,bus=xhci.0,vendorid=0x%04x,productid=0x%04x,"
		    "id=usb-%04x-%04x", p->usb[i].vendor, p->usb[i].product,
		    p->usb[i].vendor, p->usb[i].product);
	}
}

/*
 * The guest's first serial port on a socket that guest console attaches
 * to, everything the guest writes kept in a log (a Linux guest's boot
 * messages, readable with no display and nobody attached).
 */
static void
add_serial(struct args *a, const struct qemu_paths *paths)
{
	char	*sock, *log;

	if (paths->serial_sock == NULL)
		return;
	sock = opt_escape(paths->serial_sock);
	log = opt_escape(paths->console_log);
	if (sock == NULL || log == NULL)
		a->failed = 1;
	else {
		add(a, "-chardev");
		add(a, "socket,id=serial0,path=%s,server=on,wait=off,"
		    "logfile=%s", sock, log);
		add(a, "-serial");
		add(a, "chardev:serial0");
	}
	free(sock);
	free(log);
}

/*
 * QEMU talks to one client a socket at a time: the dashboard holds one
 * while commands come through another, and attach watches through a
 * third.
 */
static void
add_control(struct args *a, const struct qemu_paths *paths)
{
	add_qmp(a, paths->qmp_sock);
	add_qmp(a, paths->ctl_sock);
	add_qmp(a, paths->attach_sock);
	add(a, "-pidfile");
	add(a, "%s", paths->pidfile);
	/* QEMU's parent exits once the socket listens, or says why not. */
	add(a, "-daemonize");
	/*
	 * A daemonized QEMU sends stderr to /dev/null once it runs unless
	 * it has a log file: with -D its words from its fork on (a device it
	 * cannot open, vfio's errors when the guest's driver starts the
	 * card, the signal that ended it) are kept.  QEMU truncates the
	 * file, hence one apart from the start log.
	 */
	if (paths->log != NULL) {
		add(a, "-D");
		add(a, "%s", paths->log);
	}
}

char **
qemu_argv(const struct profile *p, const struct qemu_paths *paths,
    char *err, size_t errlen)
{
	struct args	a = { 0 };
	size_t		i;

	add(&a, "%s", p->qemu);
	add(&a, "-name");
	add(&a, "%s", p->name);
	add(&a, "-machine");
	add(&a, "%s,accel=%s", p->machine, p->accel);
	if (p->cpu != NULL) {
		add(&a, "-cpu");
		add(&a, "%s", p->cpu);
	}
	add(&a, "-m");
	add(&a, "%lu", p->memory_mib);
	/*
	 * All of it up front: VFIO pins it anyway, and a short pool fails
	 * now.
	 */
	if (p->hugepages != NULL) {
		add(&a, "-mem-path");
		add(&a, "%s", p->hugepages);
		add(&a, "-mem-prealloc");
	}
	add(&a, "-smp");
	add(&a, "%u", p->cpus);
	/* Only what the profile asks for: no default NIC, VGA or drives. */
	add(&a, "-nodefaults");
	add_firmware(&a, p, paths);
	add_drives(&a, p, paths);
	add_pci(&a, p);
	add_network(&a, p, paths);
	add_display(&a, p, paths);
	for (i = 0; i < p->nextra; i++)
		add(&a, "%s", p->extra[i]);
	add_looking_glass(&a, p);
	add_usb(&a, p);
	add_serial(&a, paths);
	add_control(&a, paths);
	if (a.failed) {
		snprintf(err, errlen, "%s: out of memory building QEMU's "
		    "command line", p->path);
		qemu_argv_free(a.v);
		return NULL;
	}
	return a.v;
}

void
qemu_argv_free(char **argv)
{
	size_t	i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}
