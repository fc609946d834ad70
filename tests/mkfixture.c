/*
 * mkfixture: builds a fake sysfs root (devices/, bus/pci/,
 * kernel/iommu_groups/) from a compact one-line-per-device description
 * (read by fixture_desc.c, which says what a line holds), so that vfiotui
 * can be tested on machines we do not have, with lspci as the oracle.
 *
 *	mkfixture [--no-config] DESC_FILE OUT_DIR
 *
 * Every symlink is relative so that a tree can be copied with cp -a.
 * This is a test tool, not part of vfiotui, so it simply exits on the first
 * error.
 */
#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

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

#include "fixture_desc.h"
#include "fixture_tree.h"

#define FX_IRQ		16

/* The tree being written from a description. */
struct fixture {
	const struct fx_desc *desc;
	const char	*out;
	int		 rootfd;
	int		 with_config;
	char		*dir_made;	/* a flag per device in desc */
};

static void __attribute__((noreturn))
fail_sys(const struct fixture *fx, const char *dir, const char *name)
{
	fprintf(stderr, "mkfixture: %s%s%s%s%s: %s\n", fx->out,
	    *dir != '\0' ? "/" : "", dir, *name != '\0' ? "/" : "", name,
	    strerror(errno));
	exit(1);
}

static void
put(const struct fixture *fx, int dirfd, const char *dir, const char *name,
    const void *buf, size_t len)
{
	int	fd;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1 || write(fd, buf, len) != (ssize_t)len)
		fail_sys(fx, dir, name);
	close(fd);
}

static void __attribute__((format(printf, 5, 6)))
putf(const struct fixture *fx, int dirfd, const char *dir, const char *name,
    const char *fmt, ...)
{
	char	buf[1024];
	va_list	ap;
	int	n;

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
	char	buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s%s", up, target);
	if (symlinkat(buf, dirfd, name) == -1)
		fail_sys(fx, dir, name);
}

static void
make_device_dir(const struct fixture *fx, size_t i)
{
	const struct fx_dev	*d = &fx->desc->devs[i];
	char			 rootbus[20];

	if (fx->dir_made[i])
		return;
	if (d->parent != -1)
		make_device_dir(fx, (size_t)d->parent);
	else {
		/* "devices/pciDDDD:BB" is the first 18 characters. */
		snprintf(rootbus, sizeof(rootbus), "%.18s", d->path);
		make_dir(fx, fx->rootfd, "", rootbus, 1);
	}
	make_dir(fx, fx->rootfd, "", d->path, 0);
	fx->dir_made[i] = 1;
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
	uint8_t		cfg[256];
	uint32_t	slot;
	int		fn;

	memset(cfg, 0, sizeof(cfg));
	put_le16(cfg + 0x00, d->vendor);
	put_le16(cfg + 0x02, d->device);
	put_le16(cfg + 0x04, 0x0007);	/* I/O, memory, bus master */
	cfg[0x08] = d->rev;
	cfg[0x09] = d->class & 0xff;
	cfg[0x0a] = (d->class >> 8) & 0xff;
	cfg[0x0b] = d->class >> 16;
	cfg[0x0e] = fx_dev_is_bridge(d) ? 0x01 : 0x00;
	slot = d->addr & ~7u;
	for (fn = 0; fn < 8; fn++)
		if (slot + fn != d->addr &&
		    fx_desc_find(fx->desc, slot + fn) != -1)
			cfg[0x0e] |= 0x80;
	if (fx_dev_is_bridge(d)) {
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
	static const char	zero[] = "0x0000000000000000 "
				    "0x0000000000000000 0x0000000000000000\n";
	char			buf[17 * sizeof(zero)];
	size_t			i, n, len = sizeof(zero) - 1;

	n = fx_dev_is_bridge(d) ? 17 : 13;
	for (i = 0; i < n; i++)
		memcpy(buf + i * len, zero, len);
	put(fx, dirfd, d->path, "resource", buf, n * len);
}

/* The properties the kernel puts in a uevent, which umockdev replays. */
static void
write_uevent(const struct fixture *fx, const struct fx_dev *d, int dirfd)
{
	char	a[13], driver[FX_NAME_LEN + 8] = "";

	fx_format_addr(d->addr, a);
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
	const char	*p = d->path;

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
	/* " ": an empty list, which the kernel writes as a bare newline. */
	if (d->reset_method[0] != '\0')
		putf(fx, dirfd, p, "reset_method", "%s\n",
		    strcmp(d->reset_method, " ") == 0 ? "" : d->reset_method);
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
	const char *const *f;
	char	dir[32 + FX_NAME_LEN];
	int	fd;

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
	for (f = fixture_driver_files; *f != NULL; f++)
		put(fx, fd, dir, *f, "", 0);
	close(fd);
}

/* Everything under the device's own folder, and the links that name it. */
static void
fill_device(const struct fixture *fx, const struct fx_dev *d)
{
	char	a[13], up[3 * 256 + 1], name[64 + FX_NAME_LEN];
	int	fd;

	fx_format_addr(d->addr, a);
	if ((fd = openat(fx->rootfd, d->path, O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fixture_up(d->path, up, sizeof(up)) == -1)
		fail_sys(fx, d->path, "");
	write_attrs(fx, d, fd);
	make_link(fx, fd, d->path, "subsystem", up, "bus/pci");
	if (d->group != -1) {
		snprintf(name, sizeof(name), "kernel/iommu_groups/%ld",
		    d->group);
		make_link(fx, fd, d->path, "iommu_group", up, name);
		snprintf(name, sizeof(name),
		    "kernel/iommu_groups/%ld/devices/%s", d->group, a);
		make_link(fx, fx->rootfd, "", name, "../../../../", d->path);
	}
	/* As the fakes bind it later: the same two links. */
	if (*d->driver != '\0' &&
	    fixture_bind_links(fx->out, d->path, a, d->driver) == -1)
		fail_sys(fx, d->path, "driver");
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
	pid_t	pid;
	size_t	i;
	long	w, nworkers;
	int	status, failed = 0;

	nworkers = sysconf(_SC_NPROCESSORS_ONLN);
	if (nworkers < 1 || fx->desc->ndevs < 256)
		nworkers = 1;
	if (nworkers > 16)
		nworkers = 16;
	for (w = 0; w < nworkers; w++) {
		if (nworkers > 1 && (pid = fork()) != 0) {
			if (pid == -1)
				fail_sys(fx, "", "");
			continue;
		}
		for (i = (size_t)w; i < fx->desc->ndevs; i += (size_t)nworkers)
			fill_device(fx, &fx->desc->devs[i]);
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
	size_t	i;

	for (dir = dirs; *dir != NULL; dir++)
		make_dir(fx, fx->rootfd, "", *dir, 0);
	put(fx, fx->rootfd, "", "bus/pci/drivers_probe", "", 0);
	put(fx, fx->rootfd, "", "bus/pci/rescan", "", 0);
	for (i = 0; i < fx->desc->ndevs; i++) {
		make_device_dir(fx, i);
		make_shared_dirs(fx, &fx->desc->devs[i]);
	}
	fill_devices(fx);
}

/* OUT must be new or empty: we never mix a fixture with older files. */
static void
open_out(struct fixture *fx)
{
	struct dirent	*de;
	DIR		*dir;
	int		 fd;

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
	struct fx_desc	desc;
	struct fixture	fx;

	memset(&fx, 0, sizeof(fx));
	fx.with_config = 1;
	if (argc > 1 && strcmp(argv[1], "--no-config") == 0) {
		fx.with_config = 0;
		argc--, argv++;
	}
	if (argc != 3)
		usage();
	fx_desc_load(&desc, argv[1]);
	fx.desc = &desc;
	fx.out = argv[2];
	if ((fx.dir_made = calloc(desc.ndevs, 1)) == NULL && desc.ndevs > 0) {
		perror("mkfixture");
		exit(1);
	}
	open_out(&fx);
	build_tree(&fx);
	free(fx.dir_made);
	fx_desc_free(&desc);
	close(fx.rootfd);
	return 0;
}
