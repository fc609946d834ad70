/*
 * Reading the configuration files' lines (the syntax is confline.h's):
 * each line is split in place into its key and its words, quotes and
 * escapes undone, so that a parser sees only what each word holds.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confline.h"

/* A carriage return is a blank: a file written on Windows reads the same. */
#define BLANKS	" \t\r"

int
confline_error(struct confline *l, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	n = snprintf(l->err, l->errlen, "%s:%d: ", l->file, l->number);
	if (n < 0 || (size_t)n >= l->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int
confline_single(struct confline *l)
{
	if (l->nwords == 1)
		return 0;
	return confline_error(l, "%s takes one value, got %d (quote a value "
	    "that holds blanks)", l->key, l->nwords);
}

static char *
skip_blanks(char *s)
{
	return s + strspn(s, BLANKS);
}

static int
bad_escape(struct confline *l, char c)
{
	if (c > ' ' && c < 0x7f)
		return confline_error(l, "bad escape '\\%c' in quotes (only "
		    "\\\" and \\\\ are escapes)", c);
	return confline_error(l, "bad escape in quotes (only \\\" and \\\\ "
	    "are escapes)");
}

/*
 * The quoted part of a word, S just past its opening quote, copied to
 * *OUT unescaped: past the closing quote, or NULL with the error set.
 */
static char *
read_quoted(struct confline *l, char *s, char **out)
{
	char	*o = *out;

	for (;;) {
		switch (*s) {
		case '\0':
			confline_error(l, "unclosed quote");
			return NULL;
		case '"':
			*out = o;
			return s + 1;
		case '\\':
			if (s[1] == '\0') {
				confline_error(l, "unclosed quote");
				return NULL;
			}
			if (s[1] != '"' && s[1] != '\\') {
				bad_escape(l, s[1]);
				return NULL;
			}
			s++;
			break;
		}
		*o++ = *s++;
	}
}

/* The word at S, unquoted in place: past it, or NULL with the error set. */
static char *
read_word(struct confline *l, char *s)
{
	char	*out = s;

	if (l->nwords == CONFLINE_MAX_WORDS) {
		confline_error(l, "more than %d words", CONFLINE_MAX_WORDS);
		return NULL;
	}
	l->words[l->nwords++] = out;
	while (*s != '\0' && *s != '"' && strchr(BLANKS, *s) == NULL)
		*out++ = *s++;
	if (*s == '"') {
		if ((s = read_quoted(l, s + 1, &out)) == NULL)
			return NULL;
		if (*s != '\0' && strchr(BLANKS, *s) == NULL) {
			confline_error(l, "junk '%.*s' after the closing quote",
			    (int)strcspn(s, BLANKS), s);
			return NULL;
		}
	}
	/* Past the blank first: OUT may be where it is. */
	if (*s != '\0')
		s++;
	*out = '\0';
	return s;
}

/* One line: 0 when blank or a comment, 1 with key and words, or -1. */
static int
parse_line(struct confline *l, char *s)
{
	char	*key, *end;

	l->key = NULL;
	l->nwords = 0;
	s = skip_blanks(s);
	if (*s == '\0' || *s == '#')
		return 0;
	key = s;
	end = s += strcspn(s, BLANKS "=\"#");
	s = skip_blanks(s);
	if (end == key || *s != '=')
		return confline_error(l, "expected 'key = value'");
	*end = '\0';
	for (s++;;) {
		s = skip_blanks(s);
		if (*s == '\0' || *s == '#')
			break;
		if ((s = read_word(l, s)) == NULL)
			return -1;
	}
	if (l->nwords == 0)
		return confline_error(l, "%s has no value", key);
	l->key = key;
	return 1;
}

int
confline_read(FILE *f, const char *file,
    int (*apply)(struct confline *, void *), void *arg, char *err,
    size_t errlen)
{
	struct confline	 l = { .file = file, .err = err, .errlen = errlen };
	char		*buf = NULL;
	size_t		 cap = 0;
	ssize_t		 n;
	int		 r = 0;

	while (r == 0) {
		errno = 0;
		if ((n = getline(&buf, &cap, f)) == -1) {
			if (!feof(f) || ferror(f)) {
				snprintf(err, errlen, "%s: %s", file,
				    strerror(errno != 0 ? errno : EIO));
				r = -1;
			}
			break;
		}
		l.number++;
		if (n > 0 && buf[n - 1] == '\n')
			buf[--n] = '\0';
		if (memchr(buf, '\0', (size_t)n) != NULL)
			r = confline_error(&l, "a NUL byte: not a text file");
		else if ((r = parse_line(&l, buf)) == 1)
			r = apply(&l, arg);
	}
	free(buf);
	return r;
}

/* Whether WORD reads back as itself without quotes. */
static int
is_bare(const char *word)
{
	return word[0] != '\0' && word[0] != '#' &&
	    word[strcspn(word, BLANKS "\"")] == '\0';
}

void
confline_put(FILE *f, const char *key, const char *const *words, int n)
{
	const char	*c;
	int		 i;

	fprintf(f, "%s =", key);
	for (i = 0; i < n; i++) {
		if (is_bare(words[i])) {
			fprintf(f, " %s", words[i]);
			continue;
		}
		fputs(" \"", f);
		for (c = words[i]; *c != '\0'; c++) {
			if (*c == '"' || *c == '\\')
				fputc('\\', f);
			fputc(*c, f);
		}
		fputc('"', f);
	}
	fputc('\n', f);
}
