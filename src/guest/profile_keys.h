/*
 * Between the profile parser (profile.c), which reads lines, and its key
 * handlers (profile_keys.c), which give each key's value its meaning:
 * the table of keys.  Not for other modules.
 */
#ifndef VFIOTUI_PROFILE_KEYS_H
#define VFIOTUI_PROFILE_KEYS_H

#include <stddef.h>

struct confline;
struct profile;

/* FN sets the profile from the line's words, or says what is wrong. */
struct profile_key {
	const char	*name;
	int		(*fn)(struct profile *, struct confline *);
	int		 repeats;	/* a list: may come many times */
};

/* The keys, and how many. */
extern const struct profile_key	profile_keys[];
extern const size_t		profile_nkeys;

/* The key named NAME, or NULL. */
const struct profile_key	*profile_key_find(const char *name);

#endif
