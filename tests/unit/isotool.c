/*
 * What the ISO builders say (src/guest/isotool.h), on the lines xorriso
 * 1.5 and genisoimage 1.1 print: the percentage of their progress lines,
 * none from their other lines, and the line that says why a build failed.
 */
#include "config.h"

#include "isotool.h"
#include "unit.h"

static const struct {
	const char	*line;
	int		 percent;
} lines[] = {
	{ "xorriso : UPDATE :  12.57% done", 12 },
	{ "xorriso : UPDATE :  99.99% done, estimate finish Fri Dec  4 "
	    "01:20:03 2026", 99 },
	{ "xorriso : UPDATE : 100.00% done", 100 },
	{ " 45.12% done, estimate finish Fri Dec  4 01:20:03 2026", 45 },
	{ "  9.87% done, estimate finish Fri Dec  4 01:20:03 2026", 9 },
	{ "xorriso : UPDATE :       1 files added in 1 seconds", -1 },
	{ "ISO image produced: 153783 sectors", -1 },
	{ "Writing to 'stdio:/tmp/o.iso' completed successfully.", -1 },
	{ "% done", -1 },
	{ "x12% done", -1 },
	{ "xorriso : UPDATE : 123.00% done", -1 },
	{ "", -1 },
};

START_TEST(percentages)
{
	ck_assert_int_eq(isotool_percent(lines[_i].line), lines[_i].percent);
}
END_TEST

START_TEST(why_failure_line)
{
	char	buf[256];

	isotool_why("xorriso 1.5.4 : RockRidge filesystem manipulator, "
	    "libburnia project.\n\nxorriso : FAILURE : Cannot determine "
	    "attributes of source file '/x' : No such file or directory\n"
	    "xorriso : aborting : -abort_on 'FAILURE' encountered "
	    "'FAILURE'\n", buf, sizeof buf);
	ck_assert_str_eq(buf, "xorriso : FAILURE : Cannot determine "
	    "attributes of source file '/x' : No such file or directory");
}
END_TEST

START_TEST(why_last_line)
{
	char	buf[256];

	isotool_why("Warning: creating filesystem with Joliet extensions\n"
	    "genisoimage: No space left on device. cannot write\n\n", buf,
	    sizeof buf);
	ck_assert_str_eq(buf, "genisoimage: No space left on device. "
	    "cannot write");
	isotool_why("\n  \n", buf, sizeof buf);
	ck_assert_str_eq(buf, "");
	isotool_why("", buf, sizeof buf);
	ck_assert_str_eq(buf, "");
}
END_TEST

Suite *
unit_suite(void)
{
	Suite	*s = suite_create("isotool");
	TCase	*tc = tcase_create("isotool");

	tcase_add_loop_test(tc, percentages, 0, sizeof lines / sizeof lines[0]);
	tcase_add_test(tc, why_failure_line);
	tcase_add_test(tc, why_last_line);
	suite_add_tcase(s, tc);
	return s;
}
