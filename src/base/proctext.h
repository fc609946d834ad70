/*
 * The text of /proc files, and of the module lists beside the kernel in
 * /lib/modules, parsed apart from reading it: the checks, the memlock
 * grant and the process watchers read the files, and a fuzz target
 * (tests/fuzz_proc.c) hands these functions what no kernel writes.  No
 * kernel need write it: --proc DIR makes any file a /proc one, and a
 * process names itself in /proc/PID/stat.
 */
#ifndef VFIOTUI_PROCTEXT_H
#define VFIOTUI_PROCTEXT_H

#include <stddef.h>

/* What /proc/PID/stat says of a process. */
struct proctext_stat {
	/* cut at 15 bytes, as the kernel does */
	char		comm[16];
	char		state;		/* R, S, D, Z, X, ... */
	long long	start;		/* field 22: clock ticks after boot;
					   -1 when the line has none */
};

/*
 * The number after KEY, which ends in its separator ("MemTotal:" of
 * meminfo, "Uid:" of status, "btime " of stat), on the first line of
 * TEXT that starts with KEY: decimal digits after blanks.  0 with it in
 * *V, or -1 when there is no such line or no such number on it.
 */
int	proctext_number(const char *text, const char *key,
	    unsigned long long *v);

/* Whether mounts TEXT has a file system of TYPE mounted on DIR. */
int	proctext_mounted(const char *text, const char *dir, const char *type);

/*
 * The value of PARAM (with its '=': "iommu=") on the kernel command line
 * TEXT, in BUF; NULL when the line does not set it.
 */
const char	*proctext_cmdline(const char *text, const char *param,
		    char *buf, size_t len);

/* Whether WORD is a whole word of TEXT (a flag of cpuinfo's). */
int	proctext_has_word(const char *text, const char *word);

/* Whether /proc/modules TEXT lists module NAME as loaded. */
int	proctext_module_loaded(const char *text, const char *name);

/*
 * Whether LINE of modules.dep or modules.builtin is module NAME's file:
 * "kernel/drivers/vfio/pci/vfio-pci.ko..." is vfio_pci's.
 */
int	proctext_module_line(const char *line, const char *name);

/* Parses the /proc/PID/stat line TEXT into ST.  0, or -1. */
int	proctext_stat(const char *text, struct proctext_stat *st);

#endif
