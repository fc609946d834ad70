/*
 * PCI addresses (src/host/pci.h): the strict parser an address must pass
 * before it becomes a sysfs path, the canonical and lspci forms, the
 * order devices are listed in; and the words and kinds read off a
 * device's fields.
 */
#include "config.h"

#include <string.h>

#include "pci.h"
#include "unit.h"

static void
assert_addr(const char *s, uint32_t domain, uint8_t bus, uint8_t dev,
    uint8_t fn)
{
	struct pci_addr	a;

	ck_assert_msg(pci_addr_parse(s, &a) == 0, "'%s' refused", s);
	ck_assert_msg(a.domain == domain && a.bus == bus && a.dev == dev &&
	    a.fn == fn, "'%s' read as %x:%x:%x.%x, not %x:%x:%x.%x", s,
	    a.domain, a.bus, a.dev, a.fn, domain, bus, dev, fn);
}

START_TEST(parse_full)
{
	assert_addr("0000:01:00.0", 0, 1, 0, 0);
	assert_addr("0000:00:1f.3", 0, 0, 0x1f, 3);
	assert_addr("0001:ff:1f.7", 1, 0xff, 0x1f, 7);
}
END_TEST

START_TEST(parse_no_domain)
{
	assert_addr("01:00.1", 0, 1, 0, 1);
	assert_addr("c1:00.0", 0, 0xc1, 0, 0);
}
END_TEST

START_TEST(parse_upper_case)
{
	assert_addr("000A:0B:1F.7", 0xa, 0xb, 0x1f, 7);
}
END_TEST

/* Intel VMD puts its devices in domains past ffff, written with 5+ digits. */
START_TEST(parse_vmd_domain)
{
	assert_addr("10000:e1:00.0", 0x10000, 0xe1, 0, 0);
	assert_addr("ffffffff:00:00.0", 0xffffffff, 0, 0, 0);
}
END_TEST

static const char *const bad_addrs[] = {
	"",
	"0000:01:20.0",		/* device past 1f */
	"0000:01:00.8",		/* function past 7 */
	"0000:01:00.0 ",	/* anything after */
	"0000:01:00.0\n",
	"0000:01:00.00",
	"0000:01:00.0x",
	"000:01:00.0",		/* a domain of 3 digits */
	"123456789:01:00.0",	/* or 9 */
	"0000:1:00.0",		/* a bus of 1 digit */
	"0000:001:00.0",
	"0000:01:0.0",
	"0000:01:00",
	"01:00",
	"0000:01:00:0",
	"0000.01.00.0",
	"+000:01:00.0",
	"0000:-1:00.0",
	"0000:0g:00.0",
	" 01:00.0",
	"../01:00.0",
	"0000:01:00.0/../..",
	"0000::01:00.0",
	":01:00.0",
};

START_TEST(parse_refuses)
{
	struct pci_addr	a;

	ck_assert_msg(pci_addr_parse(bad_addrs[_i], &a) == -1,
	    "'%s' was taken", bad_addrs[_i]);
}
END_TEST

START_TEST(format_canonical)
{
	struct pci_addr	a = { 0, 1, 0, 0 };
	struct pci_addr	vmd = { 0x10000, 0xe1, 0x1f, 7 };
	struct pci_addr	widest = { 0xffffffff, 0xff, 0x1f, 7 };
	char		buf[PCI_ADDR_LEN];

	pci_addr_format(&a, buf);
	ck_assert_str_eq(buf, "0000:01:00.0");
	pci_addr_format(&vmd, buf);
	ck_assert_str_eq(buf, "10000:e1:1f.7");
	pci_addr_format(&widest, buf);
	ck_assert_str_eq(buf, "ffffffff:ff:1f.7");
}
END_TEST

START_TEST(format_slot)
{
	struct pci_addr	a = { 0, 0xc1, 0, 1 };
	struct pci_addr	b = { 2, 0x03, 0x1e, 0 };
	char		buf[PCI_ADDR_LEN];

	pci_addr_format_slot(&a, 0, buf);
	ck_assert_str_eq(buf, "c1:00.1");
	pci_addr_format_slot(&a, 1, buf);
	ck_assert_str_eq(buf, "0000:c1:00.1");
	pci_addr_format_slot(&b, 1, buf);
	ck_assert_str_eq(buf, "0002:03:1e.0");
}
END_TEST

/* What a user types comes back in the one form sysfs names it by. */
START_TEST(parse_then_format)
{
	static const char *const in[] = { "01:00.0", "0000:0A:1F.7",
	    "10000:E1:00.3" };
	static const char *const out[] = { "0000:01:00.0", "0000:0a:1f.7",
	    "10000:e1:00.3" };
	struct pci_addr	a;
	char		buf[PCI_ADDR_LEN];
	size_t		i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		ck_assert_int_eq(pci_addr_parse(in[i], &a), 0);
		pci_addr_format(&a, buf);
		ck_assert_str_eq(buf, out[i]);
	}
}
END_TEST

START_TEST(cmp_order)
{
	/* Sorted: each field outweighs all the ones after it. */
	static const struct pci_addr	sorted[] = {
		{ 0, 0, 0x1f, 7 },
		{ 0, 1, 0, 0 },
		{ 0, 1, 0, 1 },
		{ 0, 1, 1, 0 },
		{ 0, 0xff, 0x1f, 7 },
		{ 1, 0, 0, 0 },
		{ 0x10000, 0, 0, 0 },
	};
	size_t				i, j;
	size_t				n = sizeof sorted / sizeof sorted[0];
	int				want;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			want = i < j ? -1 : i > j ? 1 : 0;
			ck_assert_msg(pci_addr_cmp(&sorted[i], &sorted[j]) ==
			    want, "cmp(%zu, %zu) is not %d", i, j, want);
		}
}
END_TEST

START_TEST(device_kinds)
{
	struct pci_dev_info	d = { .class = 0x030000 };

	ck_assert(pci_dev_is_display(&d));
	ck_assert(!pci_dev_is_bridge(&d));
	d.class = 0x030200;	/* 3D controller: a laptop's dGPU */
	ck_assert(pci_dev_is_display(&d));
	d.class = 0x060400;
	ck_assert(pci_dev_is_bridge(&d));
	ck_assert(!pci_dev_is_display(&d));
	d.class = 0x060401;	/* subtractive decode */
	ck_assert(pci_dev_is_bridge(&d));
	d.class = 0x060900;
	ck_assert(pci_dev_is_bridge(&d));
	d.class = 0x060000;	/* host bridge: not one VFIO passes over */
	ck_assert(!pci_dev_is_bridge(&d));
	d.class = 0x040300;
	ck_assert(!pci_dev_is_display(&d));
}
END_TEST

START_TEST(power_word)
{
	struct pci_dev_info	d;

	memset(&d, 0, sizeof d);
	ck_assert_str_eq(pci_dev_power_word(&d), "?");
	strcpy(d.runtime_status, "active");
	ck_assert_str_eq(pci_dev_power_word(&d), "active");
	strcpy(d.power_state, "D0");
	ck_assert_str_eq(pci_dev_power_word(&d), "D0");
	ck_assert(!pci_dev_reads_ff(&d));
	strcpy(d.runtime_status, "suspended");
	strcpy(d.power_state, "D3hot");
	ck_assert_str_eq(pci_dev_power_word(&d), "suspended");
	strcpy(d.power_state, "D3cold");
	ck_assert_str_eq(pci_dev_power_word(&d), "D3cold");
	ck_assert(pci_dev_reads_ff(&d));
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("pci");
	TCase	*tc;

	tc = tcase_create("addr");
	tcase_add_test(tc, parse_full);
	tcase_add_test(tc, parse_no_domain);
	tcase_add_test(tc, parse_upper_case);
	tcase_add_test(tc, parse_vmd_domain);
	tcase_add_loop_test(tc, parse_refuses, 0,
	    sizeof bad_addrs / sizeof bad_addrs[0]);
	tcase_add_test(tc, format_canonical);
	tcase_add_test(tc, format_slot);
	tcase_add_test(tc, parse_then_format);
	tcase_add_test(tc, cmp_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("device");
	tcase_add_test(tc, device_kinds);
	tcase_add_test(tc, power_word);
	suite_add_tcase(s, tc);
	return s;
}
