/*
 * The kernel's lists of CPUs ("0-3,8-11": cpuset(7)'s list format), as
 * sysfs' topology and cache files, the kernel command line's isolcpus=
 * and /proc's Cpus_allowed_list write them, read into a cpu_set_t and
 * written back.
 */
#ifndef VFIOTUI_CPULIST_H
#define VFIOTUI_CPULIST_H

#include <sched.h>
#include <stddef.h>

/*
 * Reads S (a trailing newline allowed; "" is the empty set) into *SET.
 * 0, or -1 when S is not a list of CPUs below CPU_SETSIZE.
 */
int	cpulist_parse(const char *s, cpu_set_t *set);

/* Writes *SET to BUF as the kernel would: "0-3,8-11", "" when empty. */
void	cpulist_format(const cpu_set_t *set, char *buf, size_t len);

/* The lowest CPU in *SET, or -1 when it is empty. */
int	cpulist_first(const cpu_set_t *set);

#endif
