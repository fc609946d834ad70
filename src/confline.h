/*
 * The line syntax that guest profiles, net.conf and the user config
 * share, read one "key = value" line at a time.  A line is blank, a
 * comment, or a key, '=' and one or more words.  A word is bare (no
 * blank, no '"'; a '#' that starts one starts a comment), or ends in a
 * "double quoted" part that may hold blanks and '#', with \" for a quote
 * and \\ for a backslash; a blank or the end of the line must follow the
 * closing quote.  Outside quotes a backslash is an ordinary character,
 * as it always was.  Every error names the file and the line.
 */
#ifndef VFIOTUI_CONFLINE_H
#define VFIOTUI_CONFLINE_H

#include <stddef.h>
#include <stdio.h>

/* A few dozen lines; a file this big is no configuration. */
#define CONFLINE_FILE_MAX	(1 << 20)
#define CONFLINE_MAX_WORDS	64

/* A file being read, and its last "key = value" line. */
struct confline {
	const char	*file;		/* named in every message */
	int		 number;	/* of the line read last */
	const char	*key;
	char		*words[CONFLINE_MAX_WORDS];	/* the value, unquoted */
	int		 nwords;	/* at least 1 */
	char		*err;
	size_t		 errlen;
	FILE		*f;
	char		*buf;		/* the line; key and words point in */
	size_t		 cap;
};

/* Starts reading F, which is FILE; messages go to ERR. */
void	confline_open(struct confline *, FILE *f, const char *file,
	    char *err, size_t errlen);

/*
 * Reads up to the next "key = value" line, past blank lines and
 * comments: 1 with its key and words, 0 at the end of the file, or -1
 * with "FILE:LINE: what is wrong" (or "FILE: why" when reading failed)
 * in ERR.  The words last until the next call.
 */
int	confline_next(struct confline *);

/* "FILE:LINE: " and the message in ERR; returns -1. */
int	confline_error(struct confline *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* 0 when the line's value is one word; else -1, saying so in ERR. */
int	confline_single(struct confline *);

/* Frees what reading took; F stays the caller's. */
void	confline_close(struct confline *);

#endif
