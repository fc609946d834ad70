/*
 * The dashboard's config (src/host/userconf.h) read from files written here:
 * where it is looked for, every key, the hide lists and what they hide,
 * and every error with its FILE:LINE.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci.h"
#include "userconf.h"
#include "unit.h"

/* TEXT as the file NAME, loaded by name; userconf_load()'s result. */
static int
load(struct userconf *conf, const char *text, char *err, size_t errlen)
{
	char	path[PATH_MAX];

	unit_write(path, "config", text);
	err[0] = '\0';
	return userconf_load(conf, path, err, errlen);
}

/* TEXT is refused with "PATH:" and then WANT. */
static void
assert_refused(const char *text, const char *want)
{
	struct userconf	conf;
	char		err[512], full[PATH_MAX + 512];

	ck_assert_msg(load(&conf, text, err, sizeof err) == -1,
	    "'%.*s' was taken", (int)strcspn(text, "\n"), text);
	unit_format(full, sizeof full, "%s/config:%s", unit_dir(), want);
	ck_assert_str_eq(err, full);
}

static void
assert_defaults(const struct userconf *conf)
{
	ck_assert_int_eq(conf->refresh_ms, 0);
	ck_assert_int_eq(conf->colors, 1);
	ck_assert_str_eq(conf->net_config, "");
	ck_assert_uint_eq(conf->nhide_addrs, 0);
	ck_assert_uint_eq(conf->nhide_classes, 0);
}

START_TEST(no_file)
{
	struct userconf	conf;
	char		dir[PATH_MAX], want[PATH_MAX + 32], err[512];

	unit_mkdir(dir, "config");
	setenv("XDG_CONFIG_HOME", dir, 1);
	ck_assert_int_eq(userconf_load(&conf, NULL, err, sizeof err), 0);
	unit_format(want, sizeof want, "%s/vfiotui/config", dir);
	ck_assert_str_eq(conf.file, want);
	assert_defaults(&conf);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/alice", 1);
	ck_assert_int_eq(userconf_load(&conf, NULL, err, sizeof err), 0);
	ck_assert_str_eq(conf.file, "/home/alice/.config/vfiotui/config");
	/* Nowhere to look: the defaults, and no file named. */
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	ck_assert_int_eq(userconf_load(&conf, NULL, err, sizeof err), 0);
	ck_assert_str_eq(conf.file, "");
	assert_defaults(&conf);
}
END_TEST

START_TEST(default_file)
{
	struct userconf	conf;
	char		dir[PATH_MAX], path[PATH_MAX], err[512];

	unit_mkdir(dir, "config");
	unit_mkdir(path, "config/vfiotui");
	unit_write(path, "config/vfiotui/config", "colors = off\n");
	setenv("XDG_CONFIG_HOME", dir, 1);
	ck_assert_msg(userconf_load(&conf, NULL, err, sizeof err) == 0, "%s",
	    err);
	ck_assert_str_eq(conf.file, path);
	ck_assert_int_eq(conf.colors, 0);
}
END_TEST

START_TEST(every_key)
{
	struct userconf	conf;
	char		err[512];

	ck_assert_msg(load(&conf, "refresh = 2.5\ncolors = off\n"
	    "net-config = \"/etc/vfiotui/lab net.conf\"\n"
	    "hide = 01:00.0,0000:02:00.1 0604\nhide = 03\n", err,
	    sizeof err) == 0, "%s", err);
	ck_assert_int_eq(conf.refresh_ms, 2500);
	ck_assert_int_eq(conf.colors, 0);
	ck_assert_str_eq(conf.net_config, "/etc/vfiotui/lab net.conf");
	ck_assert_uint_eq(conf.nhide_addrs, 2);
	ck_assert_uint_eq(conf.hide_addrs[0].bus, 1);
	ck_assert_uint_eq(conf.hide_addrs[1].bus, 2);
	ck_assert_uint_eq(conf.hide_addrs[1].fn, 1);
	ck_assert_uint_eq(conf.nhide_classes, 2);
	ck_assert_uint_eq(conf.hide_classes[0].value, 0x0604);
	ck_assert_uint_eq(conf.hide_classes[0].mask, 0xffff);
	ck_assert_uint_eq(conf.hide_classes[1].value, 0x0300);
	ck_assert_uint_eq(conf.hide_classes[1].mask, 0xff00);
	ck_assert_msg(load(&conf, "colours = on\nhide = 0x0c03,,\n", err,
	    sizeof err) == 0, "%s", err);
	ck_assert_int_eq(conf.colors, 1);
	ck_assert_uint_eq(conf.nhide_classes, 1);
	ck_assert_uint_eq(conf.hide_classes[0].value, 0x0c03);
}
END_TEST

static const struct {
	const char	*word;
	int		 ms;
} refreshes[] = {
	{ "0.1", 100 }, { "1", 1000 }, { "3600", 3600000 }, { "0.1234", 123 },
	{ "0.0005e3", 500 }, { "60.", 60000 },
};

START_TEST(refresh_values)
{
	struct userconf	conf;
	char		text[64], err[512];

	unit_format(text, sizeof text, "refresh = %s\n", refreshes[_i].word);
	ck_assert_msg(load(&conf, text, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(conf.refresh_ms, refreshes[_i].ms);
}
END_TEST

START_TEST(refresh_refused)
{
	/* NaN compares false with either bound: "nan" passed both. */
	static const char *const bad[] = { "0.05", "0", "-1", "3601", "inf",
	    "fast", "1s", "", "nan", "-nan", "NAN(1)" };
	char	text[64], want[128];
	size_t	i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unit_format(text, sizeof text, "refresh = \"%s\"\n", bad[i]);
		unit_format(want, sizeof want, "1: refresh: '%s' is not a "
		    "number of seconds from 0.1 to 3600", bad[i]);
		assert_refused(text, want);
	}
}
END_TEST

START_TEST(keys_refused)
{
	assert_refused("colors = on\nrefesh = 1\n", "2: unknown key 'refesh' "
	    "(keys: refresh, hide, colors, net-config, viewer)");
	assert_refused("colors = yes\n", "1: colors: 'yes' is not on or off");
	assert_refused("colours = 1\n", "1: colours: '1' is not on or off");
	assert_refused("colors = on off\n", "1: colors takes one value, got 2 "
	    "(quote a value that holds blanks)");
	assert_refused("net-config = net.conf\n",
	    "1: net-config: 'net.conf' is not an absolute path");
	assert_refused("hide = \"01:00.0\n", "1: unclosed quote");
}
END_TEST

START_TEST(hide_refused)
{
	static const char *const bad[] = { "zz", "01:00", "0x", "3", "0x060",
	    "+3", "060400", "1:00.0", "0000:01:00.8" };
	char	text[64], want[256];
	size_t	i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unit_format(text, sizeof text, "hide = 0604,%s\n", bad[i]);
		unit_format(want, sizeof want, "1: hide: '%s' is neither an "
		    "address (BB:DD.F) nor a class (0604, or 03 for a whole "
		    "base class)", bad[i]);
		assert_refused(text, want);
	}
}
END_TEST

START_TEST(hide_limit)
{
	struct userconf	conf;
	char		text[USERCONF_MAX_HIDE * 8 + 64], err[512];
	int		i;

	strcpy(text, "hide =");
	for (i = 0; i < USERCONF_MAX_HIDE; i++)
		unit_format(text + strlen(text), sizeof text - strlen(text),
		    " 01:%02x.0", i % 32);
	strcat(text, "\n");
	ck_assert_msg(load(&conf, text, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(conf.nhide_addrs, USERCONF_MAX_HIDE);
	strcat(text, "hide = 02:00.0\n");
	assert_refused(text, "2: hide: more than 64 entries");
}
END_TEST

START_TEST(file_missing)
{
	struct userconf	conf;
	char		path[PATH_MAX], err[512], want[PATH_MAX + 64];

	unit_path(path, "none");
	ck_assert_int_eq(userconf_load(&conf, path, err, sizeof err), -1);
	unit_format(want, sizeof want, "%s: No such file or directory", path);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(hides)
{
	struct userconf		conf;
	struct pci_dev_info	d = { .addr = { 0, 1, 0, 0 },
				    .class = 0x030000 };
	char			err[512];

	ck_assert_int_eq(load(&conf, "hide = 01:00.0 0604 0c\n", err,
	    sizeof err), 0);
	ck_assert(userconf_hides(&conf, &d));
	d.addr.fn = 1;		/* its audio function is not named */
	d.class = 0x040300;
	ck_assert(!userconf_hides(&conf, &d));
	d.class = 0x060400;
	ck_assert(userconf_hides(&conf, &d));
	d.class = 0x060401;	/* the prog-if does not count */
	ck_assert(userconf_hides(&conf, &d));
	d.class = 0x060000;
	ck_assert(!userconf_hides(&conf, &d));
	d.class = 0x0c0330;	/* the whole of base class 0c */
	ck_assert(userconf_hides(&conf, &d));
	d.addr.domain = 1;	/* 0001:01:00.0 is not 01:00.0 */
	d.addr.fn = 0;
	d.class = 0x030000;
	ck_assert(!userconf_hides(&conf, &d));
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("userconf");
	TCase	*tc;

	tc = tcase_create("load");
	tcase_add_test(tc, no_file);
	tcase_add_test(tc, default_file);
	tcase_add_test(tc, every_key);
	tcase_add_loop_test(tc, refresh_values, 0,
	    sizeof refreshes / sizeof refreshes[0]);
	tcase_add_test(tc, hides);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, refresh_refused);
	tcase_add_test(tc, keys_refused);
	tcase_add_test(tc, hide_refused);
	tcase_add_test(tc, hide_limit);
	tcase_add_test(tc, file_missing);
	suite_add_tcase(s, tc);
	return s;
}
