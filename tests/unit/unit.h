/*
 * What the unit tests share.  Each tests/unit/MODULE.c holds the Check
 * suite of one module of src/ and defines unit_suite(); unit.c is the
 * main they all link, which runs the suite as TAP for automake's
 * tap-driver.sh, and keeps the scratch files of the parsers that read
 * files.
 */
#ifndef VFIOTUI_UNIT_H
#define VFIOTUI_UNIT_H

#include <limits.h>
#include <stddef.h>

#include <check.h>

/* The suite of the module this test program is for. */
Suite	*unit_suite(void);

/*
 * A directory of the running test's own (Check runs each test in a
 * process of its own), removed with the rest when the program ends.
 */
const char	*unit_dir(void);
/* NAME under unit_dir(), in PATH. */
void		 unit_path(char path[PATH_MAX], const char *name);
/* The directory NAME under unit_dir(), made if missing, in PATH. */
void		 unit_mkdir(char path[PATH_MAX], const char *name);
/* Writes TEXT to the file NAME under unit_dir(); its path in PATH. */
void		 unit_write(char path[PATH_MAX], const char *name,
		    const char *text);
/* snprintf() into BUF that fails the test rather than cut the text. */
void		 unit_format(char *buf, size_t len, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

#endif
