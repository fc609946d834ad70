/*
 * What both readers of vfiotui guest import write with: a key line, a
 * comment, and a part not carried over, each noted for the summary.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confline.h"
#include "import.h"
#include "profile.h"
#include "profile_keys.h"

/* Whether the list LIST ("a, b, c") holds WORD. */
static int
list_has(const char *list, const char *word)
{
	const char	*p;
	size_t		 n = strlen(word);

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Appends ", WORD" to the list LIST (of LEN bytes) unless it holds it. */
static void
list_add(char *list, size_t len, const char *word)
{
	size_t	used = strlen(list);

	if (!list_has(list, word))
		snprintf(list + used, len - used, "%s%s", used > 0 ? ", " :
		    "", word);
}

/* One line's KEY handler, on the profile of lines written so far. */
static int
check_apply(struct confline *l, void *arg)
{
	struct import			*imp = arg;
	const struct profile_key	*k = profile_key_find(l->key);

	if (k == NULL)
		return confline_error(l, "no key %s", l->key);
	return k->fn(imp->check, l);
}

/*
 * Whether the line TEXT reads as the profile's reader will read it,
 * after the lines before it (a second pci of one address, a ninth
 * disk); why not in WHY.
 */
static int
line_reads(struct import *imp, char *text, char *why, size_t len)
{
	FILE	*f;
	char	 err[512], *msg;
	int	 r;

	if (imp->check == NULL) {
		if ((imp->check = calloc(1, sizeof *imp->check)) == NULL ||
		    (imp->check->path = strdup("/import.conf")) == NULL) {
			snprintf(why, len, "out of memory");
			return 0;
		}
	}
	if ((f = fmemopen(text, strlen(text), "r")) == NULL) {
		snprintf(why, len, "out of memory");
		return 0;
	}
	r = confline_read(f, "import", check_apply, imp, err, sizeof err);
	fclose(f);
	/* "import:1: why": the why. */
	msg = strstr(err, ": ");
	snprintf(why, len, "%s", r == 0 ? "" : msg != NULL ? msg + 2 : err);
	return r == 0;
}

void
import_free(struct import *imp)
{
	profile_free(imp->check);
	imp->check = NULL;
}

/* Whether KEY may come once only (not a list) and has come. */
static int
said_already(const struct import *imp, const char *key)
{
	const struct profile_key	*k = profile_key_find(key);

	return k != NULL && !k->repeats && list_has(imp->carried, key);
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
	const char	*c;
	char		*text, why[512];
	size_t		 len;
	FILE		*f;
	int		 i;

	/* No quoting carries a control character (the reader splits at \r). */
	for (i = 0; i < n; i++)
		for (c = words[i]; *c != '\0'; c++)
			if (iscntrl((unsigned char)*c)) {
				import_drop(imp, key, "a control character in "
				    "'%s'", words[i]);
				return;
			}
	if (said_already(imp, key)) {
		import_drop(imp, key, "given again ('%s'); the first is kept",
		    n > 0 ? words[0] : "");
		return;
	}
	if ((f = open_memstream(&text, &len)) == NULL)
		return;
	confline_put(f, key, words, n);
	fclose(f);
	if (!line_reads(imp, text, why, sizeof why)) {
		import_drop(imp, key, "%s", why);
		free(text);
		return;
	}
	fputs(text, imp->out);
	free(text);
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
