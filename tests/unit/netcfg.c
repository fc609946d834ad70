/*
 * net.conf (src/net/netcfg.h) read from files written here: the defaults,
 * every key, the runtime dir a --config file's switch gets, and every
 * error, with FILE:LINE where a line is wrong.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netcfg.h"
#include "unit.h"

/* The runtime and config dirs of the test, in the environment. */
struct places {
	char	run[PATH_MAX];		/* XDG_RUNTIME_DIR */
	char	config[PATH_MAX];	/* XDG_CONFIG_HOME */
	char	net[PATH_MAX];		/* RUN/vfiotui/net */
};

static void
set_places(struct places *pl)
{
	unit_mkdir(pl->run, "run");
	unit_mkdir(pl->config, "config");
	setenv("XDG_RUNTIME_DIR", pl->run, 1);
	setenv("XDG_CONFIG_HOME", pl->config, 1);
	unit_format(pl->net, sizeof pl->net, "%s/vfiotui/net", pl->run);
}

/* TEXT as the file NAME, loaded by name; netcfg_load()'s result. */
static int
load(struct netcfg *cfg, const char *name, const char *text, char *err,
    size_t errlen)
{
	char	path[PATH_MAX];

	unit_write(path, name, text);
	err[0] = '\0';
	return netcfg_load(cfg, path, err, errlen);
}

/* TEXT, as n.conf, is refused with "PATH:" and then WANT. */
static void
assert_refused(const char *text, const char *want)
{
	struct netcfg	cfg;
	struct places	pl;
	char		err[512], full[PATH_MAX + 512];

	set_places(&pl);
	ck_assert_msg(load(&cfg, "n.conf", text, err, sizeof err) == -1,
	    "'%.*s' was taken", (int)strcspn(text, "\n"), text);
	unit_format(full, sizeof full, "%s/n.conf:%s", unit_dir(), want);
	ck_assert_str_eq(err, full);
}

static void
assert_path(const char *got, const char *dir, const char *name)
{
	char	want[PATH_MAX + 64];

	unit_format(want, sizeof want, "%s/%s", dir, name);
	ck_assert_str_eq(got, want);
}

START_TEST(defaults)
{
	struct netcfg	cfg;
	struct places	pl;
	char		err[512];

	set_places(&pl);
	ck_assert_msg(netcfg_load(&cfg, NULL, err, sizeof err) == 0, "%s",
	    err);
	assert_path(cfg.file, pl.config, "vfiotui/net.conf");
	ck_assert_int_eq(cfg.file_exists, 0);
	ck_assert_str_eq(cfg.dir, pl.net);
	assert_path(cfg.sock, pl.net, "switch");
	assert_path(cfg.mgmt, pl.net, "mgmt");
	ck_assert_str_eq(cfg.tap, "");
	ck_assert_str_eq(cfg.address, "");
	ck_assert_str_eq(cfg.group, "");
	ck_assert_uint_eq(cfg.mode, 0);
	ck_assert_int_eq(cfg.dhcp, 1);
	ck_assert_int_eq(cfg.slirp, 1);
}
END_TEST

START_TEST(default_file)
{
	struct netcfg	cfg;
	struct places	pl;
	char		path[PATH_MAX], err[512];

	set_places(&pl);
	unit_mkdir(path, "config/vfiotui");
	unit_write(path, "config/vfiotui/net.conf", "tap = vfio0\n");
	ck_assert_msg(netcfg_load(&cfg, NULL, err, sizeof err) == 0, "%s",
	    err);
	ck_assert_str_eq(cfg.file, path);
	ck_assert_int_eq(cfg.file_exists, 1);
	ck_assert_str_eq(cfg.tap, "vfio0");
	ck_assert_str_eq(cfg.dir, pl.net);
	/* Named with --config, the default file is still the default one. */
	ck_assert_msg(netcfg_load(&cfg, path, err, sizeof err) == 0, "%s",
	    err);
	ck_assert_str_eq(cfg.dir, pl.net);
	assert_path(cfg.sock, pl.net, "switch");
}
END_TEST

START_TEST(every_key)
{
	struct netcfg	cfg;
	struct places	pl;
	char		err[512];

	set_places(&pl);
	ck_assert_msg(load(&cfg, "n.conf", "# the lab's switch\n"
	    "socket = \"/run/my switch\"\nmgmt = /run/sw.mgmt\n"
	    "tap = vfio0123456789a\naddress = 10.0.2.1/24\ngroup = kvm\n"
	    "mode = 660\n"
	    "dhcp = off\nslirp = on\n", err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(cfg.file_exists, 1);
	ck_assert_str_eq(cfg.sock, "/run/my switch");
	ck_assert_str_eq(cfg.mgmt, "/run/sw.mgmt");
	ck_assert_str_eq(cfg.tap, "vfio0123456789a");
	ck_assert_str_eq(cfg.address, "10.0.2.1/24");
	ck_assert_str_eq(cfg.group, "kvm");
	ck_assert_uint_eq(cfg.mode, 0660);
	ck_assert_int_eq(cfg.dhcp, 0);
	ck_assert_int_eq(cfg.slirp, 1);
}
END_TEST

static const struct {
	const char	*word;
	int		 value;
} bools[] = {
	{ "on", 1 }, { "yes", 1 }, { "true", 1 }, { "1", 1 },
	{ "off", 0 }, { "no", 0 }, { "false", 0 }, { "0", 0 },
};

START_TEST(bool_words)
{
	struct netcfg	cfg;
	struct places	pl;
	char		text[64], err[512];

	set_places(&pl);
	/* slirp, so that dhcp's default (on) is allowed either way. */
	unit_format(text, sizeof text, "dhcp = off\nslirp = %s\n",
	    bools[_i].word);
	ck_assert_msg(load(&cfg, "n.conf", text, err, sizeof err) == 0, "%s",
	    err);
	ck_assert_int_eq(cfg.slirp, bools[_i].value);
}
END_TEST

/*
 * A --config file's switch keeps its pid files and the sockets it does
 * not place in net/config-HASH, HASH of the file's real path.
 */
START_TEST(config_dir)
{
	struct netcfg	cfg, again, other;
	struct places	pl;
	char		path[PATH_MAX], link[PATH_MAX], err[512];
	const char	*hash;

	set_places(&pl);
	ck_assert_int_eq(load(&cfg, "lab.conf", "mgmt = /run/lab.mgmt\n",
	    err, sizeof err), 0);
	ck_assert_int_eq(strncmp(cfg.dir, pl.net, strlen(pl.net)), 0);
	hash = cfg.dir + strlen(pl.net);
	ck_assert_msg(strncmp(hash, "/config-", 8) == 0 &&
	    strlen(hash + 8) == 16 && strspn(hash + 8, "0123456789abcdef") ==
	    16, "dir %s", cfg.dir);
	assert_path(cfg.sock, cfg.dir, "switch");
	ck_assert_str_eq(cfg.mgmt, "/run/lab.mgmt");
	/* The same file by another name is the same switch. */
	unit_path(path, "lab.conf");
	unit_path(link, "link.conf");
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(netcfg_load(&again, link, err, sizeof err), 0);
	ck_assert_str_eq(again.dir, cfg.dir);
	ck_assert_int_eq(load(&other, "other.conf", "", err, sizeof err), 0);
	ck_assert_str_ne(other.dir, cfg.dir);
	assert_path(other.mgmt, other.dir, "mgmt");
}
END_TEST

START_TEST(run_path)
{
	struct netcfg	cfg;
	struct places	pl;
	char		buf[PATH_MAX], err[512];

	set_places(&pl);
	ck_assert_int_eq(netcfg_load(&cfg, NULL, err, sizeof err), 0);
	ck_assert_int_eq(netcfg_run_path(&cfg, "slirpvde.log", buf,
	    sizeof buf), 0);
	assert_path(buf, pl.net, "slirpvde.log");
	ck_assert_int_eq(netcfg_run_path(&cfg, "slirpvde.log", buf,
	    strlen(pl.net) + 5), -ENAMETOOLONG);
}
END_TEST

START_TEST(lines_refused)
{
	assert_refused("tap = vfio0\nsock = /s\n", "2: unknown key 'sock' "
	    "(socket, mgmt, tap, address, group, mode, dhcp, slirp)");
	assert_refused("tap = vfio0 vfio1\n", "1: tap takes one value, got 2 "
	    "(quote a value that holds blanks)");
	assert_refused("socket = sw\n", "1: 'sw' is not an absolute path");
	assert_refused("mgmt = ~/m\n", "1: '~/m' is not an absolute path");
	assert_refused("dhcp = maybe\n", "1: bad value 'maybe' for dhcp");
	assert_refused("slirp = ON\n", "1: bad value 'ON' for slirp");
	assert_refused("tap = -x\n", "1: bad value '-x' for tap");
	assert_refused("tap = a/b\n", "1: bad value 'a/b' for tap");
	assert_refused("tap = \"\"\n", "1: bad value '' for tap");
	/* IFNAMSIZ holds 15 characters and the NUL. */
	assert_refused("tap = vfio0123456789ab\n",
	    "1: bad value 'vfio0123456789ab' for tap");
	assert_refused("group = \"kvm users\"\n",
	    "1: bad value 'kvm users' for group");
}
END_TEST

START_TEST(values_refused)
{
	static const char *const addresses[] = { "10.0.2.1", "10.0.2.1/33",
	    "10.0.2.1/0", "10.0.2/24", "10.0.2.1/24x", "10.0.2.1/", "::1/64",
	    "10.0.2.256/24", "/24" };
	static const char *const modes[] = { "999", "0", "1000", "rw", "-1",
	    "66 0" };
	char	text[64], want[128];
	size_t	i;

	for (i = 0; i < sizeof addresses / sizeof addresses[0]; i++) {
		unit_format(text, sizeof text, "tap = t\naddress = %s\n",
		    addresses[i]);
		unit_format(want, sizeof want, "2: bad address '%s' (IPv4 "
		    "with a prefix, e.g. 10.0.2.1/24)", addresses[i]);
		assert_refused(text, want);
	}
	for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		unit_format(text, sizeof text, "mode = \"%s\"\n", modes[i]);
		unit_format(want, sizeof want, "1: bad mode '%s' (octal, e.g. "
		    "660)", modes[i]);
		assert_refused(text, want);
	}
}
END_TEST

/* sun_path is 108 bytes: a longer path would be cut without a word. */
START_TEST(socket_lengths)
{
	struct netcfg	cfg;
	struct places	pl;
	char		sock[NETCFG_SOCK_MAX + 2], text[256], want[256];
	char		err[512];

	memset(sock, 'a', sizeof sock);
	sock[0] = '/';
	sock[NETCFG_SOCK_MAX] = '\0';
	set_places(&pl);
	unit_format(text, sizeof text, "socket = %s\n", sock);
	ck_assert_msg(load(&cfg, "n.conf", text, err, sizeof err) == 0, "%s",
	    err);
	ck_assert_str_eq(cfg.sock, sock);
	sock[NETCFG_SOCK_MAX] = 'a';
	sock[NETCFG_SOCK_MAX + 1] = '\0';
	unit_format(text, sizeof text, "socket = %s\n", sock);
	unit_format(want, sizeof want, "1: '%s' is too long for a unix socket "
	    "(91 bytes, at most 90)", sock);
	assert_refused(text, want);
}
END_TEST

START_TEST(pairs_refused)
{
	struct netcfg	cfg;
	struct places	pl;
	char		err[512], want[PATH_MAX + 128];

	set_places(&pl);
	ck_assert_int_eq(load(&cfg, "n.conf", "address = 10.0.2.1/24\n", err,
	    sizeof err), -1);
	unit_format(want, sizeof want, "%s/n.conf: address needs a tap (add "
	    "'tap = NAME')", unit_dir());
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(load(&cfg, "n.conf", "slirp = off\n", err,
	    sizeof err), -1);
	unit_format(want, sizeof want, "%s/n.conf: dhcp = on needs slirp = on "
	    "(slirpvde is the DHCP server)", unit_dir());
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(load(&cfg, "n.conf", "slirp = off\ndhcp = off\n",
	    err, sizeof err), 0);
}
END_TEST

/* A runtime dir so deep that the default sockets would not fit. */
START_TEST(deep_runtime_dir)
{
	struct netcfg	cfg;
	struct places	pl;
	char		deep[PATH_MAX], err[512], want[PATH_MAX + 256];

	set_places(&pl);
	unit_format(deep, sizeof deep, "%s/%080d", pl.run, 0);
	setenv("XDG_RUNTIME_DIR", deep, 1);
	ck_assert_int_eq(netcfg_load(&cfg, NULL, err, sizeof err), -1);
	unit_format(want, sizeof want, "socket path too long for a unix socket "
	    "(at most 90 bytes): %s/vfiotui/net/switch; set a shorter "
	    "'socket =' and 'mgmt =' in %s/vfiotui/net.conf", deep,
	    pl.config);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(file_missing)
{
	struct netcfg	cfg;
	struct places	pl;
	char		path[PATH_MAX], err[512], want[PATH_MAX + 64];

	set_places(&pl);
	unit_path(path, "none.conf");
	ck_assert_int_eq(netcfg_load(&cfg, path, err, sizeof err), -1);
	unit_format(want, sizeof want, "%s: No such file or directory", path);
	ck_assert_str_eq(err, want);
}
END_TEST

/* Not this user's runtime dir: -2, which the commands say apart. */
START_TEST(runtime_dir_refused)
{
	struct netcfg	cfg;
	struct places	pl;
	char		top[PATH_MAX], err[512], want[PATH_MAX + 64];

	set_places(&pl);
	unit_write(top, "run/vfiotui", "");
	ck_assert_int_eq(netcfg_load(&cfg, NULL, err, sizeof err), -2);
	unit_format(want, sizeof want, "the runtime dir %s is not a directory",
	    top);
	ck_assert_str_eq(err, want);
}
END_TEST

/* $XDG_CONFIG_HOME, else /etc's for root, else ~/.config's. */
START_TEST(default_file_name)
{
	char	buf[PATH_MAX], err[512];

	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	setenv("HOME", "/home/alice", 1);
	ck_assert_int_eq(netcfg_default_file(buf, sizeof buf, err,
	    sizeof err), 0);
	ck_assert_str_eq(buf, "/xdg/vfiotui/net.conf");
	ck_assert_int_eq(netcfg_default_file(buf, 8, err, sizeof err), -1);
	ck_assert_str_eq(err, "no configuration dir: path too long (name a "
	    "file with --config)");
	unsetenv("XDG_CONFIG_HOME");
	ck_assert_int_eq(netcfg_default_file(buf, sizeof buf, err,
	    sizeof err), 0);
	ck_assert_str_eq(buf, geteuid() == 0 ? SYSCONFDIR "/vfiotui/net.conf" :
	    "/home/alice/.config/vfiotui/net.conf");
	unsetenv("HOME");
	if (geteuid() == 0)
		return;
	ck_assert_int_eq(netcfg_default_file(buf, sizeof buf, err,
	    sizeof err), -1);
	ck_assert_str_eq(err, "no configuration dir: neither XDG_CONFIG_HOME "
	    "nor HOME is set (name a file with --config)");
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("netcfg");
	TCase	*tc;

	tc = tcase_create("load");
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, default_file);
	tcase_add_test(tc, every_key);
	tcase_add_loop_test(tc, bool_words, 0, sizeof bools / sizeof bools[0]);
	tcase_add_test(tc, config_dir);
	tcase_add_test(tc, run_path);
	tcase_add_test(tc, default_file_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, lines_refused);
	tcase_add_test(tc, values_refused);
	tcase_add_test(tc, socket_lengths);
	tcase_add_test(tc, pairs_refused);
	tcase_add_test(tc, deep_runtime_dir);
	tcase_add_test(tc, file_missing);
	tcase_add_test(tc, runtime_dir_refused);
	suite_add_tcase(s, tc);
	return s;
}
