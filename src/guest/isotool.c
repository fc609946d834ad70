#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotool.h"

int
isotool_percent(const char *line)
{
	const char	*done = strstr(line, "% done"), *p;
	double		 v;
	char		*end;

	if (done == NULL)
		return -1;
	/* Back over the number before "% done". */
	for (p = done; p > line && (p[-1] == '.' || (p[-1] >= '0' &&
	    p[-1] <= '9')); p--)
		;
	if (p == done || (p > line && p[-1] != ' '))
		return -1;
	v = strtod(p, &end);
	if (end != done || v < 0 || v > 100)
		return -1;
	return (int)v;
}

/* The line after the one at S, or its end. */
static const char *
next_line(const char *s)
{
	s += strcspn(s, "\n");
	return *s == '\n' ? s + 1 : s;
}

/* Copies the line at S (up to its newline) to BUF of LEN bytes. */
static void
copy_line(const char *s, char *buf, size_t len)
{
	snprintf(buf, len, "%.*s", (int)strcspn(s, "\n"), s);
}

void
isotool_why(const char *said, char *buf, size_t len)
{
	const char	*s, *last = NULL;

	buf[0] = '\0';
	for (s = said; *s != '\0'; s = next_line(s)) {
		if (strncmp(s, "xorriso : FAILURE : ", 20) == 0 ||
		    strncmp(s, "xorriso : SORRY : ", 18) == 0) {
			copy_line(s, buf, len);
			return;
		}
		if (s[strspn(s, " \t")] != '\n' && s[strspn(s, " \t")] != '\0')
			last = s;
	}
	if (last != NULL)
		copy_line(last, buf, len);
}
