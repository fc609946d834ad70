/*
 * CPU pinning (src/guest/pin.h, src/host/cputopo.h, src/base/cpulist.h)
 * on sysfs trees written here as the kernel lays them out for two real
 * machines: a Ryzen 7 3700X (8 cores, 16 threads, two CCXs of 4 cores
 * with an L3 each; CPU N and N+8 are one core's threads) and the
 * reference laptop's i7-7700HQ (4 cores, 8 threads, one L3; N and N+4),
 * and a VM with no cache folders at all.  The plans are the ones VFIO
 * users write by hand for those machines.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"
#include "cputopo.h"
#include "pin.h"
#include "profile.h"
#include "sysfs.h"
#include "unit.h"

/* A CPU: its SMT siblings and its L3's CPUs ("" for no cache folder). */
struct cpu_desc {
	const char	*siblings;
	const char	*l3;
};

static void
write_attr(const char *root, const char *rel, const char *value)
{
	char	path[PATH_MAX * 2], dir[PATH_MAX * 2], *slash;
	FILE	*f;

	unit_format(path, sizeof path, "%s/%s", root, rel);
	unit_format(dir, sizeof dir, "%s", path);
	for (slash = dir + strlen(root) + 1; (slash = strchr(slash, '/')) !=
	    NULL; slash++) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	ck_assert_msg((f = fopen(path, "w")) != NULL, "%s", path);
	fprintf(f, "%s\n", value);
	fclose(f);
}

/* A tree NAME with N CPUs as DESC says, online as ONLINE; its sysfs. */
static struct sysfs *
machine(const char *name, const char *online, const struct cpu_desc *desc,
    int n)
{
	char		 root[PATH_MAX], rel[128], err[256];
	struct sysfs	*sys;
	int		 i, k;

	unit_mkdir(root, name);
	/* A sysfs tree has PCI devices; these have none. */
	write_attr(root, "bus/pci/devices/.keep", "");
	write_attr(root, "devices/system/cpu/online", online);
	for (i = 0; i < n; i++) {
		unit_format(rel, sizeof rel, "devices/system/cpu/cpu%d/"
		    "topology/thread_siblings_list", i);
		write_attr(root, rel, desc[i].siblings);
		unit_format(rel, sizeof rel, "devices/system/cpu/cpu%d/"
		    "topology/core_siblings_list", i);
		write_attr(root, rel, online);
		if (desc[i].l3[0] == '\0')
			continue;
		for (k = 0; k < 4; k++) {
			unit_format(rel, sizeof rel, "devices/system/cpu/cpu%d/"
			    "cache/index%d/level", i, k);
			write_attr(root, rel, k < 2 ? "1" : k == 2 ? "2" : "3");
			unit_format(rel, sizeof rel, "devices/system/cpu/cpu%d/"
			    "cache/index%d/shared_cpu_list", i, k);
			write_attr(root, rel, k < 3 ? desc[i].siblings :
			    desc[i].l3);
		}
	}
	ck_assert_msg((sys = sysfs_open(root, err, sizeof err)) != NULL, "%s",
	    err);
	return sys;
}

static struct sysfs *
ryzen_3700x(void)
{
	static const char	*ccx[2] = { "0-3,8-11", "4-7,12-15" };
	struct cpu_desc		 d[16];
	char			 sib[16][16];
	int			 i;

	for (i = 0; i < 16; i++) {
		unit_format(sib[i], sizeof sib[i], "%d,%d", i % 8, i % 8 + 8);
		d[i].siblings = sib[i];
		d[i].l3 = ccx[(i % 8) / 4];
	}
	return machine("ryzen", "0-15", d, 16);
}

static struct sysfs *
i7_7700hq(void)
{
	struct cpu_desc	d[8];
	char		sib[8][16];
	int		i;

	for (i = 0; i < 8; i++) {
		unit_format(sib[i], sizeof sib[i], "%d,%d", i % 4, i % 4 + 4);
		d[i].siblings = sib[i];
		d[i].l3 = "0-7";
	}
	return machine("laptop", "0-7", d, 8);
}

/* Two CPUs, no SMT, no cache folders: the VM these tests run in. */
static struct sysfs *
small_vm(void)
{
	static const struct cpu_desc	d[2] = { { "0", "" }, { "1", "" } };

	return machine("vm", "0-1", d, 2);
}

static struct profile *
profile_with(const char *lines)
{
	struct profile	*p;
	char		 path[PATH_MAX], err[512], text[1024];

	unit_format(text, sizeof text, "firmware = seabios\n%s", lines);
	unit_write(path, "g.conf", text);
	ck_assert_msg((p = profile_load_file(path, err, sizeof err)) != NULL,
	    "%s", err);
	return p;
}

/*
 * The plans: on a machine, a profile's lines give either a plan, as
 * "vCPU CPUs | emulator CPUs", or the refusal after "PATH:".
 */
static const struct {
	struct sysfs	*(*machine)(void);
	const char	*lines;
	const char	*plan;		/* NULL: refused */
	const char	*refusal;
} plans[] = {
	/* The CCX without the host's core, both threads of each core. */
	{ ryzen_3700x, "cpus = 8\npin = auto\n",
	    "4 12 5 13 6 14 7 15 | 0,8", NULL },
	{ ryzen_3700x, "cpus = 6\npin = auto\n", "4 12 5 13 6 14 | 0,8",
	    NULL },
	/* Three vCPUs take two whole cores; the fourth thread stays idle. */
	{ ryzen_3700x, "cpus = 3\npin = auto\n", "4 12 5 | 0,8", NULL },
	{ ryzen_3700x, "cpus = 12\npin = auto\n", NULL,
	    "3: pin = auto: 12 vCPUs, but no L3 cache group has as many CPUs "
	    "beside the host's first core (the most: 8): lower cpus, or name "
	    "the CPUs (pin = 2 3 ...)" },
	{ i7_7700hq, "cpus = 6\npin = auto\n", "1 5 2 6 3 7 | 0,4", NULL },
	{ i7_7700hq, "cpus = 4\npin = auto emulator=0-1,4-5\n",
	    "1 5 2 6 | 0-1,4-5", NULL },
	{ small_vm, "cpus = 1\npin = auto\n", "1 | 0", NULL },
	{ small_vm, "cpus = 2\npin = auto\n", NULL,
	    "3: pin = auto: 2 vCPUs, but no CPU package has as many CPUs "
	    "beside the host's first core (the most: 1): lower cpus, or name "
	    "the CPUs (pin = 2 3 ...)" },
	/* By hand: the emulator goes where no vCPU is. */
	{ i7_7700hq, "cpus = 2\npin = 3 7\n", "3 7 | 0-2,4-6", NULL },
	{ i7_7700hq, "cpus = 4\npin = 2-3 6-7 emulator=0\n", "2 3 6 7 | 0",
	    NULL },
	{ i7_7700hq, "cpus = 2\npin = 3\n", NULL,
	    "3: pin: 1 host CPUs for 2 vCPUs (cpus =): one each" },
	{ i7_7700hq, "cpus = 1\npin = 9\n", NULL,
	    "3: pin: CPU 9 is not online on this machine" },
	{ i7_7700hq, "cpus = 1\npin = 1 emulator=8\n", NULL,
	    "3: pin: emulator CPU 8 is not online on this machine" },
};

/* PLAN as "vCPU CPUs | emulator CPUs" in GOT of LEN bytes. */
static void
plan_text(const struct pin_plan *plan, char *got, size_t len)
{
	char	emu[128];
	size_t	i, at = 0;

	for (i = 0; i < plan->nvcpu; i++)
		at += (size_t)snprintf(got + at, len - at, "%s%d",
		    i ? " " : "", plan->vcpu[i]);
	cpulist_format(&plan->emulator, emu, sizeof emu);
	snprintf(got + at, len - at, " | %s", emu);
}

START_TEST(plan_made)
{
	struct cputopo	 topo;
	struct pin_plan	 plan;
	struct sysfs	*sys = plans[_i].machine();
	struct profile	*p = profile_with(plans[_i].lines);
	char		 err[512], got[PATH_MAX + 512];

	ck_assert_int_eq(cputopo_read(sys, &topo, err, sizeof err), 0);
	if (plans[_i].plan != NULL) {
		ck_assert_msg(pin_plan_make(p, &topo, &plan, err, sizeof err)
		    == 1, "%s", err);
		plan_text(&plan, got, sizeof got);
		ck_assert_str_eq(got, plans[_i].plan);
		pin_plan_free(&plan);
	} else {
		ck_assert_int_eq(pin_plan_make(p, &topo, &plan, err,
		    sizeof err), -1);
		unit_format(got, sizeof got, "%s/g.conf:%s", unit_dir(),
		    plans[_i].refusal);
		ck_assert_str_eq(err, got);
	}
	cputopo_free(&topo);
	profile_free(p);
	sysfs_close(sys);
}
END_TEST

START_TEST(no_pin_line)
{
	struct cputopo	 topo;
	struct pin_plan	 plan;
	struct profile	*p = profile_with("cpus = 2\n");
	struct sysfs	*sys = small_vm();
	char		 err[256];

	ck_assert_int_eq(cputopo_read(sys, &topo, err, sizeof err), 0);
	ck_assert_int_eq(pin_plan_make(p, &topo, &plan, err, sizeof err), 0);
	ck_assert_uint_eq(plan.nvcpu, 0);
	cputopo_free(&topo);
	profile_free(p);
	sysfs_close(sys);
}
END_TEST

static const struct {
	const char	*line;
	const char	*want;
} refused[] = {
	{ "pin = x", "pin: 'x' is not a CPU or a range of CPUs (pin = auto, "
	    "or one host CPU a vCPU: pin = 2 3 or pin = 2-3, then "
	    "emulator=CPUS)" },
	{ "pin = 3-1", "pin: '3-1' is not a CPU or a range of CPUs (pin = "
	    "auto, or one host CPU a vCPU: pin = 2 3 or pin = 2-3, then "
	    "emulator=CPUS)" },
	{ "pin = auto 3", "pin = auto: only emulator=CPUS may follow, not "
	    "'3'" },
	{ "pin = emulator=0", "pin: which host CPUs? (pin = auto, or pin = "
	    "2 3 for vCPUs 0 and 1)" },
	{ "pin = 1 emulator=", "pin: emulator= is not a list of CPUs "
	    "(emulator=0-1)" },
};

START_TEST(lines_refused)
{
	char	path[PATH_MAX], err[512], text[256], full[PATH_MAX + 512];

	unit_format(text, sizeof text, "cpus = 1\n%s\n", refused[_i].line);
	unit_write(path, "bad.conf", text);
	ck_assert_ptr_null(profile_load_file(path, err, sizeof err));
	unit_format(full, sizeof full, "%s:2: %s", path, refused[_i].want);
	ck_assert_str_eq(err, full);
}
END_TEST

static const struct {
	const char	*in;
	const char	*out;	/* NULL: refused */
} lists[] = {
	{ "0-3,8-11\n", "0-3,8-11" },
	{ "5", "5" },
	{ "0,1,2,4", "0-2,4" },
	{ "", "" },
	{ "\n", "" },
	{ "1-", NULL },
	{ "-1", NULL },
	{ "1,,2", NULL },
	{ "2-1", NULL },
	{ "1 2", NULL },
	{ "99999", NULL },
};

START_TEST(cpulists)
{
	cpu_set_t	set;
	char		buf[64];

	if (lists[_i].out == NULL) {
		ck_assert_int_eq(cpulist_parse(lists[_i].in, &set), -1);
		return;
	}
	ck_assert_int_eq(cpulist_parse(lists[_i].in, &set), 0);
	cpulist_format(&set, buf, sizeof buf);
	ck_assert_str_eq(buf, lists[_i].out);
}
END_TEST

START_TEST(cpulist_cut)
{
	cpu_set_t	set;
	char		buf[8];

	ck_assert_int_eq(cpulist_parse("0-3,8-11,20", &set), 0);
	cpulist_format(&set, buf, sizeof buf);
	/* Whole ranges only: "0-3,8-1" would name CPUs that are not in it. */
	ck_assert_str_eq(buf, "0-3");
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("pin");
	TCase	*tc;

	tc = tcase_create("plans");
	tcase_add_loop_test(tc, plan_made, 0, sizeof plans / sizeof plans[0]);
	tcase_add_test(tc, no_pin_line);
	tcase_add_loop_test(tc, lines_refused, 0,
	    sizeof refused / sizeof refused[0]);
	suite_add_tcase(s, tc);
	tc = tcase_create("cpulist");
	tcase_add_loop_test(tc, cpulists, 0, sizeof lists / sizeof lists[0]);
	tcase_add_test(tc, cpulist_cut);
	suite_add_tcase(s, tc);
	return s;
}
