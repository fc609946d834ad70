/*
 * The list the checks are added to (src/check/check.c): every check kept,
 * or at most KEEP, the gravest, with every check counted by level; and
 * the prefix that names whose checklist an item is.
 */
#include "config.h"

#include <string.h>

#include "check_parts.h"
#include "unit.h"

START_TEST(keeps_every_check_without_keep)
{
	struct check_list	l = { 0 };
	int			i;

	for (i = 0; i < 100; i++)
		check_add(&l, "c", i % 10 ? CHECK_OK : CHECK_FAIL, "%d", i);
	ck_assert_uint_eq(l.n, 100);
	ck_assert_str_eq(l.v[99].why, "99");
	ck_assert_uint_eq(l.count[CHECK_OK], 90);
	ck_assert_uint_eq(l.count[CHECK_FAIL], 10);
	ck_assert_int_eq(check_list_failed(&l), 1);
	check_free_list(&l);
}
END_TEST

START_TEST(keeps_the_gravest_past_keep)
{
	struct check_list	l = { .keep = 3 };
	struct check		*c;

	check_add(&l, "a", CHECK_OK, "ok a");
	check_add(&l, "b", CHECK_WARN, "warn b");
	check_add(&l, "c", CHECK_OK, "ok c");
	/* Full: a fail takes the place of the last ok kept. */
	c = check_add(&l, "d", CHECK_FAIL, "fail d");
	check_fix(c, "fix d");
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.v[2].name, "d");
	ck_assert_str_eq(l.v[2].fix, "fix d");
	/* Then the other ok, then the warn. */
	check_add(&l, "e", CHECK_FAIL, "fail e");
	ck_assert_str_eq(l.v[0].name, "e");
	check_add(&l, "f", CHECK_FAIL, "fail f");
	ck_assert_str_eq(l.v[1].name, "f");
	/* Nothing less grave is left: the next is only counted. */
	ck_assert_ptr_null(check_add(&l, "g", CHECK_FAIL, "fail g"));
	ck_assert_ptr_null(check_add(&l, "h", CHECK_OK, "ok h"));
	ck_assert_uint_eq(l.n, 3);
	ck_assert_uint_eq(l.count[CHECK_OK], 3);
	ck_assert_uint_eq(l.count[CHECK_WARN], 1);
	ck_assert_uint_eq(l.count[CHECK_FAIL], 4);
	ck_assert_int_eq(l.oom, 0);
	check_free_list(&l);
}
END_TEST

START_TEST(a_skip_is_graver_than_ok_only)
{
	struct check_list	l = { .keep = 1 };

	check_add(&l, "a", CHECK_SKIP, "skipped");
	ck_assert_ptr_null(check_add(&l, "b", CHECK_OK, "ok"));
	check_add(&l, "c", CHECK_WARN, "warn");
	ck_assert_str_eq(l.v[0].name, "c");
	check_free_list(&l);
}
END_TEST

START_TEST(prefix_names_whose_item)
{
	struct check_list	l = { 0 };

	l.prefix = "win10";
	check_add(&l, "01:00.0 x-vga", CHECK_OK, "set");
	l.prefix = NULL;
	check_add(&l, "IOMMU", CHECK_OK, "on");
	ck_assert_str_eq(l.v[0].name, "win10: 01:00.0 x-vga");
	ck_assert_str_eq(l.v[1].name, "IOMMU");
	check_clear_list(&l);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_uint_eq(l.count[CHECK_OK], 0);
	check_free_list(&l);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("check_list");
	TCase	*keep = tcase_create("keep"), *names = tcase_create("names");

	tcase_add_test(keep, keeps_every_check_without_keep);
	tcase_add_test(keep, keeps_the_gravest_past_keep);
	tcase_add_test(keep, a_skip_is_graver_than_ok_only);
	suite_add_tcase(s, keep);
	tcase_add_test(names, prefix_names_whose_item);
	suite_add_tcase(s, names);
	return s;
}
