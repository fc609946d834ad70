/*
 * The main of every unit test program: runs the program's suite with its
 * results as TAP on stdout, one line a test, and gives the tests scratch
 * directories under one top directory it removes at the end.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* Made before the tests run; each test's own dir is made inside it. */
static char	top[PATH_MAX];
static char	dir[PATH_MAX];

const char *
unit_dir(void)
{
	int	n;

	/* Unset in each test's process until its first call. */
	if (dir[0] == '\0') {
		n = snprintf(dir, sizeof dir, "%s/test.XXXXXX", top);
		ck_assert_msg(n > 0 && (size_t)n < sizeof dir &&
		    mkdtemp(dir) != NULL, "mkdtemp %s: %s", dir,
		    strerror(errno));
	}
	return dir;
}

void
unit_path(char path[PATH_MAX], const char *name)
{
	int	n = snprintf(path, PATH_MAX, "%s/%s", unit_dir(), name);

	ck_assert_msg(n > 0 && n < PATH_MAX, "path too long: %s", name);
}

void
unit_mkdir(char path[PATH_MAX], const char *name)
{
	unit_path(path, name);
	ck_assert_msg(mkdir(path, 0700) == 0 || errno == EEXIST,
	    "mkdir %s: %s", path, strerror(errno));
}

void
unit_write(char path[PATH_MAX], const char *name, const char *text)
{
	FILE	*f;

	unit_path(path, name);
	ck_assert_msg((f = fopen(path, "w")) != NULL, "%s: %s", path,
	    strerror(errno));
	ck_assert_msg(fputs(text, f) >= 0 && fclose(f) == 0, "%s: %s", path,
	    strerror(errno));
}

void
unit_format(char *buf, size_t len, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	ck_assert_msg(n >= 0 && (size_t)n < len, "%d bytes, more than %zu: "
	    "%.40s...", n, len, buf);
}

static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* The top dir, its realpath: some tests compare paths the code resolved. */
static int
make_top(void)
{
	const char	*tmp = getenv("TMPDIR");
	char		 made[PATH_MAX];
	int		 n;

	n = snprintf(made, sizeof made, "%s/vfiotui-unit.XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof made) {
		fprintf(stderr, "TMPDIR too long: %s\n", tmp);
		return -1;
	}
	if (mkdtemp(made) == NULL || realpath(made, top) == NULL) {
		fprintf(stderr, "%s: %s\n", made, strerror(errno));
		return -1;
	}
	return 0;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	if (make_top() == -1)
		return 99;	/* automake's hard error: no test could run */
	sr = srunner_create(unit_suite());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	nftw(top, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
