/*
 * What both readers of vfiotui guest import write with: a key line, a
 * comment, and a part not carried over, each noted for the summary.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "confline.h"
#include "import.h"

/* Appends ", WORD" to the list LIST (of LEN bytes) unless it holds it. */
static void
list_add(char *list, size_t len, const char *word)
{
	size_t	used = strlen(list), n = strlen(word);
	char	*p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == ',' || p[n] == '\0'))
			return;
	snprintf(list + used, len - used, "%s%s", used > 0 ? ", " : "", word);
}

void
import_put(struct import *imp, const char *key, ...)
{
	const char	*words[CONFLINE_MAX_WORDS];
	va_list		 ap;
	int		 n = 0;

	va_start(ap, key);
	while (n < CONFLINE_MAX_WORDS &&
	    (words[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	import_putv(imp, key, words, n);
}

void
import_putv(struct import *imp, const char *key, const char *const *words,
    int n)
{
	confline_put(imp->out, key, words, n);
	list_add(imp->carried, sizeof imp->carried, key);
}

/*
 * One comment line of PREFIX and the message: a newline in what a file
 * said (a network's name) must not start a line of its own, a key.
 */
static void	comment_line(struct import *, const char *, const char *,
		    va_list) __attribute__((format(printf, 3, 0)));

static void
comment_line(struct import *imp, const char *prefix, const char *fmt,
    va_list ap)
{
	char	buf[1024], *p;

	vsnprintf(buf, sizeof buf, fmt, ap);
	for (p = buf; *p != '\0'; p++)
		if (iscntrl((unsigned char)*p))
			*p = '?';
	fprintf(imp->out, "# %s%s\n", prefix, buf);
}

void
import_drop(struct import *imp, const char *what, const char *fmt, ...)
{
	char	prefix[256];
	va_list	ap;

	snprintf(prefix, sizeof prefix, "not carried over: %s: ", what);
	va_start(ap, fmt);
	comment_line(imp, prefix, fmt, ap);
	va_end(ap);
	list_add(imp->dropped, sizeof imp->dropped, what);
	imp->ndropped++;
}

void
import_comment(struct import *imp, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	comment_line(imp, "", fmt, ap);
	va_end(ap);
}

int
import_is_xml(const char *text)
{
	while (isspace((unsigned char)*text))
		text++;
	return *text == '<';
}
