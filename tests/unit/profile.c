/*
 * Guest profiles (src/guest/profile.h) read from files written here: the
 * defaults, every key's values and the paths they resolve to, every
 * error with its FILE:LINE, the file's own name, and the key table.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confline.h"
#include "profile.h"
#include "profile_keys.h"
#include "unit.h"

/* TEXT as the profile FILE (NAME.conf) in the test's dir. */
static struct profile *
load_as(const char *file, const char *text, char path[PATH_MAX], char *err,
    size_t errlen)
{
	struct profile	*p;

	unit_write(path, file, text);
	err[0] = '\0';
	p = profile_load_file(path, err, errlen);
	ck_assert_msg(p != NULL || err[0] != '\0', "%s: NULL, no message",
	    path);
	return p;
}

static struct profile *
load(const char *text)
{
	struct profile	*p;
	char		 path[PATH_MAX], err[512];

	p = load_as("g.conf", text, path, err, sizeof err);
	ck_assert_msg(p != NULL, "%s", err);
	return p;
}

/* TEXT, as g.conf, is refused with "PATH:" and then WANT. */
static void
assert_refused(const char *text, const char *want)
{
	struct profile	*p;
	char		 path[PATH_MAX], err[512], full[PATH_MAX + 512];

	p = load_as("g.conf", text, path, err, sizeof err);
	ck_assert_msg(p == NULL, "'%.*s' was taken", (int)strcspn(text, "\n"),
	    text);
	unit_format(full, sizeof full, "%s:%s", path, want);
	ck_assert_str_eq(err, full);
}

START_TEST(defaults)
{
	struct profile	*p;
	char		 path[PATH_MAX], err[512];

	ck_assert_ptr_nonnull(p = load_as("win10.conf", "# nothing set\n",
	    path, err, sizeof err));
	ck_assert_str_eq(p->name, "win10");
	ck_assert_str_eq(p->path, path);
	ck_assert_str_eq(p->qemu, "qemu-system-x86_64");
	ck_assert_uint_eq(p->memory_mib, 2048);
	ck_assert_uint_eq(p->cpus, 2);
	ck_assert_str_eq(p->machine, "q35");
	ck_assert_str_eq(p->accel, "kvm");
	ck_assert_ptr_null(p->cpu);
	ck_assert_int_eq(p->firmware, PROFILE_FW_OVMF);
	ck_assert_int_eq(p->firmware_line, 0);
	ck_assert_str_eq(p->ovmf_code, "/usr/share/OVMF/OVMF_CODE_4M.fd");
	ck_assert_str_eq(p->ovmf_vars, "/usr/share/OVMF/OVMF_VARS_4M.fd");
	ck_assert_uint_eq(p->ndisks + p->ncdroms + p->npci + p->nextra, 0);
	ck_assert_int_eq(p->net, PROFILE_NET_NONE);
	ck_assert_ptr_null(p->vde_sock);
	ck_assert_ptr_null(p->mac);
	ck_assert_int_eq(p->display, PROFILE_DISPLAY_NONE);
	/* 0: SPICE on the guest's socket, no TCP port. */
	ck_assert_int_eq(p->spice_port, 0);
	ck_assert_int_eq(p->stop_timeout, 60);
	ck_assert_ptr_null(p->hugepages);
	ck_assert_int_eq(p->hugepages_line, 0);
	profile_free(p);
}
END_TEST

START_TEST(every_key)
{
	struct profile	*p = load(
	    "name = g\n"
	    "qemu = /opt/qemu/bin/qemu-system-x86_64\n"
	    "memory = 8G\n"
	    "cpus = 4\n"
	    "machine = pc-q35-7.2\n"
	    "accel = tcg\n"
	    "cpu = host,kvm=off\n"
	    "firmware = seabios\n"
	    "disk = /vm/win.qcow2 format=qcow2 if=ide\n"
	    "disk = \"/vm/My Data.img\"\n"
	    "cdrom = /iso/virtio-win.iso\n"
	    "pci = 01:00.0 romfile=/roms/gp106.rom x-vga=on "
	    "multifunction=off x-pci-sub-vendor-id=0x1558 "
	    "x-pci-sub-device-id=0x65a1\n"
	    "pci = 0000:01:00.1\n"
	    "network = vde /run/vde/sw\n"
	    "mac = 52:54:00:12:34:56\n"
	    "display = spice\n"
	    "spice-port = 5901\n"
	    "stop-timeout = 120\n"
	    "hugepages = yes\n"
	    "extra = -device usb-tablet\n"
	    "extra = -rtc \"base=localtime,clock=host\"\n");

	ck_assert_str_eq(p->qemu, "/opt/qemu/bin/qemu-system-x86_64");
	ck_assert_uint_eq(p->memory_mib, 8192);
	ck_assert_uint_eq(p->cpus, 4);
	ck_assert_str_eq(p->machine, "pc-q35-7.2");
	ck_assert_str_eq(p->accel, "tcg");
	ck_assert_str_eq(p->cpu, "host,kvm=off");
	ck_assert_int_eq(p->firmware, PROFILE_FW_SEABIOS);
	ck_assert_int_eq(p->firmware_line, 8);
	ck_assert_uint_eq(p->ndisks, 2);
	ck_assert_str_eq(p->disks[0].path, "/vm/win.qcow2");
	ck_assert_str_eq(p->disks[0].format, "qcow2");
	ck_assert_str_eq(p->disks[0].iface, "ide");
	ck_assert_int_eq(p->disks[0].line, 9);
	ck_assert_str_eq(p->disks[1].path, "/vm/My Data.img");
	ck_assert_ptr_null(p->disks[1].format);
	ck_assert_ptr_null(p->disks[1].iface);
	ck_assert_uint_eq(p->ncdroms, 1);
	ck_assert_str_eq(p->cdroms[0].path, "/iso/virtio-win.iso");
	ck_assert_int_eq(p->cdroms[0].line, 11);
	ck_assert_uint_eq(p->npci, 2);
	ck_assert_uint_eq(p->pci[0].addr.bus, 1);
	ck_assert_str_eq(p->pci[0].romfile, "/roms/gp106.rom");
	ck_assert_int_eq(p->pci[0].x_vga, 1);
	ck_assert_int_eq(p->pci[0].multifunction, 0);
	ck_assert_int_eq(p->pci[0].sub_vendor, 0x1558);
	ck_assert_int_eq(p->pci[0].sub_device, 0x65a1);
	ck_assert_int_eq(p->pci[0].line, 12);
	ck_assert_uint_eq(p->pci[1].addr.fn, 1);
	ck_assert_ptr_null(p->pci[1].romfile);
	ck_assert_int_eq(p->pci[1].x_vga, -1);
	ck_assert_int_eq(p->pci[1].multifunction, -1);
	ck_assert_int_eq(p->pci[1].sub_vendor, -1);
	ck_assert_int_eq(p->pci[1].sub_device, -1);
	ck_assert_int_eq(p->net, PROFILE_NET_VDE);
	ck_assert_str_eq(p->vde_sock, "/run/vde/sw");
	ck_assert_str_eq(p->mac, "52:54:00:12:34:56");
	ck_assert_int_eq(p->display, PROFILE_DISPLAY_SPICE);
	ck_assert_int_eq(p->spice_port, 5901);
	ck_assert_int_eq(p->stop_timeout, 120);
	ck_assert_str_eq(p->hugepages, "/dev/hugepages");
	ck_assert_int_eq(p->hugepages_line, 19);
	ck_assert_uint_eq(p->nextra, 4);
	ck_assert_str_eq(p->extra[0], "-device");
	ck_assert_str_eq(p->extra[1], "usb-tablet");
	ck_assert_str_eq(p->extra[2], "-rtc");
	ck_assert_str_eq(p->extra[3], "base=localtime,clock=host");
	profile_free(p);
}
END_TEST

START_TEST(values)
{
	struct profile	*p;

	p = load("network = vde\ndisplay = gtk\nhugepages = /mnt/huge\n"
	    "firmware = ovmf\n");
	ck_assert_int_eq(p->net, PROFILE_NET_VDE);
	ck_assert_ptr_null(p->vde_sock);
	ck_assert_int_eq(p->display, PROFILE_DISPLAY_GTK);
	ck_assert_str_eq(p->hugepages, "/mnt/huge");
	ck_assert_int_eq(p->firmware, PROFILE_FW_OVMF);
	ck_assert_int_eq(p->firmware_line, 4);
	profile_free(p);
	p = load("network = user\ndisplay = none\nhugepages = no\n");
	ck_assert_int_eq(p->net, PROFILE_NET_USER);
	ck_assert_int_eq(p->display, PROFILE_DISPLAY_NONE);
	ck_assert_ptr_null(p->hugepages);
	ck_assert_int_eq(p->hugepages_line, 3);
	profile_free(p);
	p = load("network = none\nqemu = qemu-kvm\naccel = kvm\n");
	ck_assert_int_eq(p->net, PROFILE_NET_NONE);
	/* A bare name is looked up on PATH, not made a path. */
	ck_assert_str_eq(p->qemu, "qemu-kvm");
	profile_free(p);
}
END_TEST

static const struct {
	const char	*word;
	unsigned long	 mib;
} memories[] = {
	{ "8G", 8192 }, { "8g", 8192 }, { "512M", 512 }, { "512m", 512 },
	{ "4096", 4096 }, { "0x800", 2048 }, { "1", 1 },
	{ "16384G", 16L * 1024 * 1024 }, { "16777216M", 16L * 1024 * 1024 },
};

START_TEST(memory_sizes)
{
	struct profile	*p;
	char		 text[64];

	unit_format(text, sizeof text, "memory = %s\n", memories[_i].word);
	p = load(text);
	ck_assert_msg(p->memory_mib == memories[_i].mib, "%s: %lu MiB, not "
	    "%lu", memories[_i].word, p->memory_mib, memories[_i].mib);
	profile_free(p);
}
END_TEST

START_TEST(memory_refused)
{
	assert_refused("memory = 0\n", "1: memory: bad number '0' "
	    "(expected 1 to 16777216)");
	assert_refused("memory = 16385G\n", "1: memory: bad number '16385' "
	    "(expected 1 to 16384)");
	assert_refused("memory = 8T\n", "1: memory: bad number '8T' "
	    "(expected 1 to 16777216)");
	assert_refused("memory = 1.5G\n", "1: memory: bad number '1.5' "
	    "(expected 1 to 16384)");
	assert_refused("memory = G\n", "1: memory: bad number 'G' (e.g. 8G, "
	    "4096M)");
	assert_refused("memory = -1G\n", "1: memory: bad number '-1G' (e.g. "
	    "8G, 4096M)");
	assert_refused("memory = \"\"\n", "1: memory: bad number ''");
	assert_refused("memory = 8 G\n", "1: memory takes one value, got 2 "
	    "(quote a value that holds blanks)");
}
END_TEST

/* ~/ from $HOME, relative paths from the profile's own directory. */
START_TEST(paths_resolved)
{
	struct profile	*p;
	char		 dir[PATH_MAX], want[PATH_MAX + 32];

	setenv("HOME", "/home/alice", 1);
	p = load("ovmf-code = fw/CODE.fd\novmf-vars = ~/vm/VARS.fd\n"
	    "disk = ../images/w.img\ncdrom = \"~/iso/a b.iso\"\n"
	    "qemu = ./bin/qemu\npci = 01:00.0 romfile=gpu.rom\n");
	unit_format(dir, sizeof dir, "%s", unit_dir());
	unit_format(want, sizeof want, "%s/fw/CODE.fd", dir);
	ck_assert_str_eq(p->ovmf_code, want);
	ck_assert_str_eq(p->ovmf_vars, "/home/alice/vm/VARS.fd");
	ck_assert_int_eq(p->firmware_line, 2);
	unit_format(want, sizeof want, "%s/../images/w.img", dir);
	ck_assert_str_eq(p->disks[0].path, want);
	ck_assert_str_eq(p->cdroms[0].path, "/home/alice/iso/a b.iso");
	unit_format(want, sizeof want, "%s/./bin/qemu", dir);
	ck_assert_str_eq(p->qemu, want);
	unit_format(want, sizeof want, "%s/gpu.rom", dir);
	ck_assert_str_eq(p->pci[0].romfile, want);
	profile_free(p);
}
END_TEST

/* A profile named by a bare file name: its paths from ".". */
START_TEST(paths_from_cwd)
{
	struct profile	*p;
	char		 path[PATH_MAX], err[512];

	unit_write(path, "g.conf", "disk = w.img\n");
	ck_assert_int_eq(chdir(unit_dir()), 0);
	ck_assert_msg((p = profile_load_file("g.conf", err, sizeof err)) !=
	    NULL, "%s", err);
	ck_assert_str_eq(p->disks[0].path, "./w.img");
	profile_free(p);
}
END_TEST

START_TEST(home_unset)
{
	unsetenv("HOME");
	assert_refused("ovmf-vars = ~/VARS.fd\n",
	    "1: '~/VARS.fd': HOME is not set");
	setenv("HOME", "relative", 1);
	assert_refused("disk = ~/w.img\n", "1: '~/w.img': HOME is not set");
}
END_TEST

START_TEST(keys_refused)
{
	assert_refused("cpus = 2\nmemroy = 4G\n", "2: unknown key 'memroy'");
	assert_refused("cpus = 2\n\ncpus = 4\n",
	    "3: cpus is set already on line 1");
	assert_refused("name = other\n", "1: name 'other' differs from the "
	    "file's name 'g' (rename one of them)");
	assert_refused("cpus = 0\n",
	    "1: cpus: bad number '0' (expected 1 to 1024)");
	assert_refused("cpus = 1025\n",
	    "1: cpus: bad number '1025' (expected 1 to 1024)");
	assert_refused("cpus = 4x\n",
	    "1: cpus: bad number '4x' (expected 1 to 1024)");
	assert_refused("accel = xen\n",
	    "1: accel: expected kvm or tcg, not 'xen'");
	assert_refused("firmware = uefi\n",
	    "1: firmware: expected ovmf or seabios, not 'uefi'");
	assert_refused("display = sdl\n",
	    "1: display: expected spice, vnc, gtk or none, not 'sdl'");
	assert_refused("spice-port = 0\n",
	    "1: spice-port: bad number '0' (expected 1 to 65535)");
	assert_refused("spice-port = 65536\n",
	    "1: spice-port: bad number '65536' (expected 1 to 65535)");
	assert_refused("stop-timeout = 86401\n",
	    "1: stop-timeout: bad number '86401' (expected 1 to 86400)");
	assert_refused("hugepages = hp\n", "1: hugepages: expected yes, no "
	    "or the hugetlbfs mount point, not 'hp'");
	assert_refused("qemu = \"/opt/q\n", "1: unclosed quote");
}
END_TEST

START_TEST(drives_refused)
{
	assert_refused("disk = /a.img cache=none\n",
	    "1: disk: unknown option 'cache=none' (format=F, if=I)");
	assert_refused("disk = /a.img format=\n",
	    "1: disk: unknown option 'format=' (format=F, if=I)");
	assert_refused("cdrom = /a.iso /b.iso\n", "1: cdrom takes one value, "
	    "got 2 (quote a value that holds blanks)");
	assert_refused("disk = /1\ndisk = /2\ndisk = /3\ndisk = /4\n"
	    "disk = /5\ndisk = /6\ndisk = /7\ndisk = /8\ndisk = /9\n",
	    "9: more than 8 disk entries");
	assert_refused("cdrom = /1\ncdrom = /2\ncdrom = /3\ncdrom = /4\n"
	    "cdrom = /5\ncdrom = /6\ncdrom = /7\ncdrom = /8\ncdrom = /9\n",
	    "9: more than 8 cdrom entries");
}
END_TEST

START_TEST(pci_refused)
{
	assert_refused("pci = 1:00.0\n",
	    "1: pci: bad address '1:00.0' (BB:DD.F or DDDD:BB:DD.F)");
	/* The same function written two ways is still the same one. */
	assert_refused("pci = 01:00.0\npci = 0000:01:00.0\n",
	    "2: pci: 0000:01:00.0 is passed already on line 1");
	assert_refused("pci = 01:00.0 x-vga\n",
	    "1: pci: 'x-vga' is not OPTION=VALUE");
	assert_refused("pci = 01:00.0 romfile=\n",
	    "1: pci: 'romfile=' is not OPTION=VALUE");
	assert_refused("pci = 01:00.0 x-vga=yes\n",
	    "1: x-vga: expected on or off, not 'yes'");
	assert_refused("pci = 01:00.0 rombar=0\n", "1: pci: unknown option "
	    "'rombar' (romfile, x-pci-sub-vendor-id, x-pci-sub-device-id, "
	    "x-vga, multifunction)");
	assert_refused("pci = 01:00.0 x-pci-sub-vendor-id=0x10000\n",
	    "1: x-pci-sub-vendor-id: bad number '0x10000' (expected 0 to "
	    "65535)");
	assert_refused("pci = 01:00.0\npci = 01:00.1\npci = 01:00.2\n"
	    "pci = 01:00.3\npci = 01:00.4\npci = 01:00.5\npci = 01:00.6\n"
	    "pci = 01:00.7\npci = 02:00.0\n", "9: more than 8 pci entries");
}
END_TEST

START_TEST(net_refused)
{
	assert_refused("network = vde /a /b\n",
	    "1: network = vde [SWITCH-DIR] | user | none");
	assert_refused("network = user /a\n",
	    "1: network = vde [SWITCH-DIR] | user | none");
	assert_refused("network = tap\n",
	    "1: network: expected vde, user or none, not 'tap'");
	assert_refused("mac = 52:54:00:12:34\n",
	    "1: mac: bad address '52:54:00:12:34' (52:54:00:12:34:56)");
	assert_refused("mac = 52:54:00:12:34:567\n",
	    "1: mac: bad address '52:54:00:12:34:567' (52:54:00:12:34:56)");
	assert_refused("mac = 52:54:00:12:34:5g\n",
	    "1: mac: bad address '52:54:00:12:34:5g' (52:54:00:12:34:56)");
	assert_refused("mac = 52-54-00-12-34-56\n",
	    "1: mac: bad address '52-54-00-12-34-56' (52:54:00:12:34:56)");
}
END_TEST

START_TEST(extra_limit)
{
	char	text[256];
	int	i;

	strcpy(text, "extra =");
	for (i = 0; i < PROFILE_MAX_EXTRA; i++)
		strcat(text, " -x");
	strcat(text, "\n");
	profile_free(load(text));
	strcat(text, "extra = -y\n");
	assert_refused(text, "2: more than 32 extra arguments");
}
END_TEST

START_TEST(file_names)
{
	static const char *const bad[] = { "bad name.conf", "g.txt", ".conf",
	    ".hidden.conf", "g.conf.bak" };
	struct profile	*p;
	char		 path[PATH_MAX], err[512], want[PATH_MAX + 128];
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		p = load_as(bad[i], "cpus = 2\n", path, err, sizeof err);
		ck_assert_msg(p == NULL, "%s was taken", bad[i]);
		unit_format(want, sizeof want, "%s: a profile is named "
		    "NAME.conf, NAME of letters, digits, '-', '_' and '.'",
		    path);
		ck_assert_str_eq(err, want);
	}
}
END_TEST

START_TEST(file_missing)
{
	char	path[PATH_MAX], err[512], want[PATH_MAX + 64];

	unit_path(path, "none.conf");
	ck_assert_ptr_null(profile_load_file(path, err, sizeof err));
	unit_format(want, sizeof want, "%s: No such file or directory (no such "
	    "guest profile)", path);
	ck_assert_str_eq(err, want);
}
END_TEST

/* A configuration file is small: a huge one is refused before it is read. */
START_TEST(file_too_big)
{
	char	path[PATH_MAX], err[512], want[PATH_MAX + 128];
	int	fd;

	unit_path(path, "big.conf");
	ck_assert_int_ge(fd = open(path, O_WRONLY | O_CREAT, 0600), 0);
	ck_assert_int_eq(ftruncate(fd, CONFLINE_FILE_MAX + 1), 0);
	close(fd);
	ck_assert_ptr_null(profile_load_file(path, err, sizeof err));
	unit_format(want, sizeof want, "%s: %d bytes, more than the %d this "
	    "file may have", path, CONFLINE_FILE_MAX + 1, CONFLINE_FILE_MAX);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(file_is_dir)
{
	char	path[PATH_MAX], err[512], want[PATH_MAX + 128];

	unit_mkdir(path, "d.conf");
	ck_assert_ptr_null(profile_load_file(path, err, sizeof err));
	unit_format(want, sizeof want, "%s: a directory, not a regular file: "
	    "not read", path);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(load_by_name)
{
	struct profile	*p;
	char		 path[PATH_MAX], err[512];

	unit_write(path, "linux-live.conf", "cpus = 3\n");
	ck_assert_msg((p = profile_load(unit_dir(), "linux-live", err,
	    sizeof err)) != NULL, "%s", err);
	ck_assert_str_eq(p->name, "linux-live");
	ck_assert_str_eq(p->path, path);
	ck_assert_uint_eq(p->cpus, 3);
	profile_free(p);
	ck_assert_ptr_null(profile_load(unit_dir(), "../etc/passwd", err,
	    sizeof err));
	ck_assert_str_eq(err, "'../etc/passwd' is not a guest name (letters, "
	    "digits, '-', '_', '.')");
}
END_TEST

START_TEST(names_ok)
{
	char	longest[PROFILE_NAME_MAX + 1];

	ck_assert(profile_name_ok("win10"));
	ck_assert(profile_name_ok("a.b-c_D9"));
	ck_assert(profile_name_ok("x"));
	ck_assert(!profile_name_ok(""));
	ck_assert(!profile_name_ok(".x"));
	ck_assert(!profile_name_ok(".."));
	ck_assert(!profile_name_ok("a/b"));
	ck_assert(!profile_name_ok("a b"));
	ck_assert(!profile_name_ok("a\n"));
	ck_assert(!profile_name_ok("caf\xc3\xa9"));
	memset(longest, 'a', sizeof longest);
	longest[PROFILE_NAME_MAX - 1] = '\0';
	ck_assert(profile_name_ok(longest));
	longest[PROFILE_NAME_MAX - 1] = 'a';
	longest[PROFILE_NAME_MAX] = '\0';
	ck_assert(!profile_name_ok(longest));
}
END_TEST

START_TEST(names_listed)
{
	static const char *const files[] = { "b.conf", "a.conf", "notes.txt",
	    ".hidden.conf", "bad name.conf", "c.conf.bak", "a-2.conf" };
	char	  path[PATH_MAX], err[512], **names;
	size_t	  i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		unit_write(path, files[i], "");
	ck_assert_ptr_nonnull(names = profile_names(unit_dir(), err,
	    sizeof err));
	ck_assert_str_eq(names[0], "a");
	ck_assert_str_eq(names[1], "a-2");
	ck_assert_str_eq(names[2], "b");
	ck_assert_ptr_null(names[3]);
	profile_names_free(names);
	unit_path(path, "missing");
	ck_assert_ptr_nonnull(names = profile_names(path, err, sizeof err));
	ck_assert_ptr_null(names[0]);
	profile_names_free(names);
}
END_TEST

START_TEST(dir_from_env)
{
	char	buf[PATH_MAX], err[512];

	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	setenv("HOME", "/home/alice", 1);
	ck_assert_int_eq(profile_dir(buf, sizeof buf, err, sizeof err), 0);
	ck_assert_str_eq(buf, "/xdg/vfiotui/guests");
	/* A relative XDG_CONFIG_HOME is to be ignored, says the spec. */
	setenv("XDG_CONFIG_HOME", "xdg", 1);
	ck_assert_int_eq(profile_dir(buf, sizeof buf, err, sizeof err), 0);
	ck_assert_str_eq(buf, "/home/alice/.config/vfiotui/guests");
	ck_assert_int_eq(profile_dir(buf, 10, err, sizeof err), -1);
	ck_assert_str_eq(err, "no place for guest profiles: path too long");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	ck_assert_int_eq(profile_dir(buf, sizeof buf, err, sizeof err), -1);
	ck_assert_str_eq(err, "no place for guest profiles: neither "
	    "XDG_CONFIG_HOME nor HOME is set");
}
END_TEST

/* Two good values of each key; the table below must know every key. */
static const struct {
	const char	*key;
	const char	*first, *second;
} key_values[] = {
	{ "name", "g", "g" },
	{ "qemu", "qemu-kvm", "qemu-kvm" },
	{ "memory", "4G", "4G" },
	{ "cpus", "2", "2" },
	{ "machine", "pc", "pc" },
	{ "accel", "tcg", "tcg" },
	{ "cpu", "host", "host" },
	{ "firmware", "seabios", "seabios" },
	{ "ovmf-code", "/c.fd", "/c.fd" },
	{ "ovmf-vars", "/v.fd", "/v.fd" },
	{ "disk", "/a.img", "/b.img" },
	{ "cdrom", "/a.iso", "/b.iso" },
	{ "pci", "01:00.0", "01:00.1" },
	{ "network", "user", "user" },
	{ "mac", "52:54:00:12:34:56", "52:54:00:12:34:56" },
	{ "display", "gtk", "gtk" },
	{ "spice-port", "5901", "5901" },
	{ "stop-timeout", "5", "5" },
	{ "hugepages", "yes", "yes" },
	{ "pin", "auto", "auto" },
	{ "usb", "046d:c52b", "046d:c52c" },
	{ "looking-glass", "32M", "64M" },
	{ "extra", "-S", "-s" },
};

/* A list takes its key again; any other key is refused the second time. */
START_TEST(key_table)
{
	const struct profile_key	*k = &profile_keys[_i];
	char				 text[256], want[128];
	size_t				 i;

	for (i = 0; i < sizeof key_values / sizeof key_values[0]; i++)
		if (strcmp(key_values[i].key, k->name) == 0)
			break;
	ck_assert_msg(i < sizeof key_values / sizeof key_values[0],
	    "key %s: no values to try it with", k->name);
	unit_format(text, sizeof text, "%s = %s\n", k->name,
	    key_values[i].first);
	profile_free(load(text));
	unit_format(text + strlen(text), sizeof text - strlen(text),
	    "%s = %s\n", k->name, key_values[i].second);
	if (k->repeats) {
		profile_free(load(text));
		return;
	}
	unit_format(want, sizeof want, "2: %s is set already on line 1",
	    k->name);
	assert_refused(text, want);
}
END_TEST

START_TEST(key_table_lists)
{
	size_t	i, nrepeats = 0;

	ck_assert_uint_eq(profile_nkeys,
	    sizeof key_values / sizeof key_values[0]);
	for (i = 0; i < profile_nkeys; i++)
		if (profile_keys[i].repeats)
			nrepeats++;
	/* disk, cdrom, pci, usb and extra: the lists. */
	ck_assert_uint_eq(nrepeats, 5);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("profile");
	TCase	*tc;

	tc = tcase_create("keys");
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, every_key);
	tcase_add_test(tc, values);
	tcase_add_loop_test(tc, memory_sizes, 0,
	    sizeof memories / sizeof memories[0]);
	tcase_add_test(tc, memory_refused);
	tcase_add_test(tc, paths_resolved);
	tcase_add_test(tc, paths_from_cwd);
	tcase_add_test(tc, home_unset);
	tcase_add_test(tc, keys_refused);
	tcase_add_test(tc, drives_refused);
	tcase_add_test(tc, pci_refused);
	tcase_add_test(tc, net_refused);
	tcase_add_test(tc, extra_limit);
	tcase_add_loop_test(tc, key_table, 0, (int)profile_nkeys);
	tcase_add_test(tc, key_table_lists);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_test(tc, file_names);
	tcase_add_test(tc, file_missing);
	tcase_add_test(tc, file_too_big);
	tcase_add_test(tc, file_is_dir);
	tcase_add_test(tc, load_by_name);
	tcase_add_test(tc, names_ok);
	tcase_add_test(tc, names_listed);
	tcase_add_test(tc, dir_from_env);
	suite_add_tcase(s, tc);
	return s;
}
