/*
 * vfiotui guest import: a guest profile written from what a user already
 * has, a libvirt domain (virsh dumpxml) or a quickemu .conf.  Each reader
 * writes the profile's lines to a stream (keys through confline_put(),
 * so that they read back) with a comment for every part it could not
 * carry over, and keeps a summary for the command to word.
 */
#ifndef VFIOTUI_IMPORT_H
#define VFIOTUI_IMPORT_H

#include <stdio.h>

#include "profile.h"

struct import {
	FILE	*out;			/* the profile's text */
	char	 name[PROFILE_NAME_MAX]; /* the domain's, the .conf's file's */
	char	 carried[512];		/* "memory, cpus, pci, ..." */
	char	 dropped[1024];		/* "<tpm>, <sound>, ..." */
	int	 ndropped;
	struct profile *check;		/* each line read as it is written */
};

/* Frees what writing IMP kept (not its stream). */
void	import_free(struct import *);

/*
 * Writes the profile of the domain XML TEXT (LEN bytes, read from PATH)
 * to IMP.  0, or -1 with why in ERR: "PATH:LINE: ..." where the parser
 * or the domain gives a line.
 */
int	import_libvirt(const char *path, const char *text, size_t len,
	    struct import *imp, char *err, size_t errlen);

/* The same for a quickemu .conf, read as text: it is never run. */
int	import_quickemu(const char *path, const char *text,
	    struct import *imp, char *err, size_t errlen);

/* Whether TEXT looks like XML (a '<' first): which reader it is for. */
int	import_is_xml(const char *text);

/*
 * For the readers: writes "KEY = WORD..." (the words up to NULL, or N
 * of WORDS) and notes KEY as carried; writes "# not carried over: WHAT:
 * WHY" and notes WHAT as dropped; writes a plain comment.
 */
void	import_put(struct import *, const char *key, ...);
void	import_putv(struct import *, const char *key,
	    const char *const *words, int n);
void	import_drop(struct import *, const char *what, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	import_comment(struct import *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
