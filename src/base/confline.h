/*
 * The line syntax that guest profiles, net.conf and the user config
 * share, read one "key = value" line at a time.  A line is blank, a
 * comment, or a key, '=' and one or more words.  A word is bare (no
 * blank, no '"'; a '#' that starts one starts a comment), or ends in a
 * "double quoted" part that may hold blanks and '#', with \" for a quote
 * and \\ for a backslash; a blank or the end of the line must follow the
 * closing quote.  Outside quotes a backslash is an ordinary character,
 * so that the files written before quoting read as they did.  Every
 * error names the file and the line.
 */
#ifndef VFIOTUI_CONFLINE_H
#define VFIOTUI_CONFLINE_H

#include <stddef.h>
#include <stdio.h>

/* A few dozen lines; a file this big is no configuration. */
#define CONFLINE_FILE_MAX	(1 << 20)
#define CONFLINE_MAX_WORDS	64

/* One "key = value" line of a file; key and words last while APPLY runs. */
struct confline {
	const char	*file;		/* named in every message */
	int		 number;
	const char	*key;
	char		*words[CONFLINE_MAX_WORDS];	/* unquoted */
	int		 nwords;	/* at least 1 */
	char		*err;
	size_t		 errlen;
};

/*
 * Reads F, the file FILE, giving each "key = value" line to APPLY with
 * ARG; blank lines and comments are passed over.  0 at the end of the
 * file, or -1 at the first line that does not read or that APPLY
 * refuses (with confline_error()): "FILE:LINE: what is wrong" in ERR, or
 * "FILE: why" when reading failed.
 */
int	confline_read(FILE *f, const char *file,
	    int (*apply)(struct confline *, void *), void *arg, char *err,
	    size_t errlen);

/* "FILE:LINE: " and the message in ERR; returns -1. */
int	confline_error(struct confline *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* 0 when the line's value is one word; else -1, saying so in ERR. */
int	confline_single(struct confline *);

/*
 * Writes "KEY = WORD ..." and a newline to F, each of the N words as
 * confline_read() reads it back: bare where it can be, else in double
 * quotes with \" and \\.  What writes a profile or a config (vfiotui
 * guest new, an import) writes through this.  A word holds no newline:
 * no line can (the callers refuse them).
 */
void	confline_put(FILE *f, const char *key, const char *const *words,
	    int n);

#endif
