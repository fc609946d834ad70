/*
 * Between the profile parser (profile.c), which reads lines, and its key
 * handlers (profile_keys.c), which give each key's value its meaning:
 * the line being read, and the table of keys.  Not for other modules.
 */
#ifndef VFIOTUI_PROFILE_KEYS_H
#define VFIOTUI_PROFILE_KEYS_H

#include <stddef.h>

struct profile;

#define PROFILE_MAX_WORDS	16

/* One line being read: where it is, and its words after the '='. */
struct profile_line {
	struct profile	*prof;
	const char	*dir;		/* the profile's directory */
	int		 number;
	char		*words[PROFILE_MAX_WORDS];
	int		 nwords;
	char		*err;
	size_t		 errlen;
};

struct profile_key {
	const char	*name;
	int		(*fn)(struct profile_line *);
	int		 repeats;	/* a list: may come many times */
};

/* The keys, and how many. */
extern const struct profile_key	profile_keys[];
extern const size_t		profile_nkeys;

/* "FILE:LINE: " and the message in the line's ERR; returns -1. */
int	profile_line_error(struct profile_line *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
