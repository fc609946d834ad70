/*
 * Parsers of /proc text: each takes the text as read, NUL-terminated, and
 * reads nothing itself.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proctext.h"

/*
 * The start of the line after P's, or the text's end.  Not strchr()'s
 * answer stepped over with p += p != NULL: on a last line without a
 * newline that is NULL + 0, undefined (clang's UBSan stops on it).
 */
static const char *
next_line(const char *p)
{
	p += strcspn(p, "\n");
	return *p == '\n' ? p + 1 : p;
}

/*
 * Digits at S, after blanks on the same line: strtoull() alone would
 * take a sign ("-1" as 2^64 - 1) and the next line's number.  0 with
 * the number in *V, or -1.
 */
static int
digits(const char *s, unsigned long long *v)
{
	s += strspn(s, " \t");
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, NULL, 10);
	return errno == 0 ? 0 : -1;
}

int
proctext_number(const char *text, const char *key, unsigned long long *v)
{
	const char	*p;
	size_t		 len = strlen(key);

	for (p = text; *p != '\0'; p = next_line(p))
		if (strncmp(p, key, len) == 0)
			return digits(p + len, v);
	return -1;
}

int
proctext_mounted(const char *text, const char *dir, const char *type)
{
	char		 point[4096], fstype[64];
	const char	*p;

	for (p = text; *p != '\0'; p = next_line(p)) {
		if (sscanf(p, "%*s %4095s %63s", point, fstype) == 2 &&
		    strcmp(point, dir) == 0 && strcmp(fstype, type) == 0)
			return 1;
	}
	return 0;
}

const char *
proctext_cmdline(const char *text, const char *param, char *buf, size_t len)
{
	size_t		 plen = strlen(param);
	const char	*p = text;
	size_t		 n;

	while ((p = strstr(p, param)) != NULL) {
		if (p == text || p[-1] == ' ') {
			p += plen;
			n = strcspn(p, " \n");
			snprintf(buf, len, "%.*s", (int)n, p);
			return buf;
		}
		p += plen;
	}
	return NULL;
}

int
proctext_has_word(const char *text, const char *word)
{
	size_t		 len = strlen(word);
	const char	*p = text;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == text || p[-1] == ' ' || p[-1] == '\t' ||
		    p[-1] == '\n') && (p[len] == '\0' || p[len] == ' ' ||
		    p[len] == '\n' || p[len] == '\t'))
			return 1;
		p += len;
	}
	return 0;
}

int
proctext_module_loaded(const char *text, const char *name)
{
	size_t		 len = strlen(name);
	const char	*p;

	for (p = text; *p != '\0'; p = next_line(p))
		if (strncmp(p, name, len) == 0 && p[len] == ' ')
			return 1;
	return 0;
}

int
proctext_module_line(const char *line, const char *name)
{
	const char	*base, *end = strstr(line, ".ko");
	size_t		 i, len = strlen(name);

	if (end == NULL)
		return 0;
	for (base = end; base > line && base[-1] != '/'; base--)
		;
	if ((size_t)(end - base) != len)
		return 0;
	/* Files say vfio-pci where the module is vfio_pci. */
	for (i = 0; i < len; i++)
		if (base[i] != name[i] && !(base[i] == '-' && name[i] == '_'))
			return 0;
	return 1;
}

/* "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses. */
int
proctext_stat(const char *text, struct proctext_stat *st)
{
	const char		*lp, *rp, *p;
	unsigned long long	 ticks;
	int			 i;

	if ((lp = strchr(text, '(')) == NULL ||
	    (rp = strrchr(text, ')')) == NULL || rp < lp || rp[1] != ' ' ||
	    rp[2] == '\0')
		return -1;
	snprintf(st->comm, sizeof st->comm, "%.*s", (int)(rp - lp - 1),
	    lp + 1);
	st->state = rp[2];
	st->start = -1;
	/* Fields are counted after the name, which ends field 2. */
	p = rp;
	for (i = 2; i < 22 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p != NULL && digits(p, &ticks) == 0 && ticks <= LLONG_MAX)
		st->start = (long long)ticks;
	return 0;
}
