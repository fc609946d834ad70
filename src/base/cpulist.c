#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"

/* One CPU number at *S, advancing it: the number, or -1. */
static int
read_cpu(const char **s)
{
	unsigned long	 n;
	char		*end;

	if (**s < '0' || **s > '9')
		return -1;
	errno = 0;
	n = strtoul(*s, &end, 10);
	if (errno != 0 || n >= CPU_SETSIZE)
		return -1;
	*s = end;
	return (int)n;
}

int
cpulist_parse(const char *s, cpu_set_t *set)
{
	int	lo, hi, i;

	CPU_ZERO(set);
	if (*s == '\n' || *s == '\0')
		return s[*s == '\n'] == '\0' ? 0 : -1;
	for (;;) {
		if ((lo = read_cpu(&s)) == -1)
			return -1;
		hi = lo;
		if (*s == '-') {
			s++;
			if ((hi = read_cpu(&s)) == -1 || hi < lo)
				return -1;
		}
		for (i = lo; i <= hi; i++)
			CPU_SET(i, set);
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '\n')
			s++;
		return *s == '\0' ? 0 : -1;
	}
}

void
cpulist_format(const cpu_set_t *set, char *buf, size_t len)
{
	size_t	at = 0;
	int	lo, hi, n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (lo = 0; lo < CPU_SETSIZE; lo = hi + 1) {
		if (!CPU_ISSET(lo, set)) {
			hi = lo;
			continue;
		}
		for (hi = lo; hi + 1 < CPU_SETSIZE && CPU_ISSET(hi + 1, set);
		    hi++)
			;
		n = lo == hi ? snprintf(buf + at, len - at, "%s%d",
		    at ? "," : "", lo) : snprintf(buf + at, len - at,
		    "%s%d-%d", at ? "," : "", lo, hi);
		/* Cut before a range that does not fit, never inside one. */
		if (n < 0 || (size_t)n >= len - at) {
			buf[at] = '\0';
			return;
		}
		at += (size_t)n;
	}
}

int
cpulist_first(const cpu_set_t *set)
{
	int	i;

	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, set))
			return i;
	return -1;
}
