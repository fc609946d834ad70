/*
 * Loading a kernel module as modprobe does (its dependencies, the
 * blacklist), through libkmod opened at first use (dynlib.h).
 */
#ifndef VFIOTUI_KMODLIB_H
#define VFIOTUI_KMODLIB_H

/* Loads module NAME: 0, or -errno; -ELIBACC when libkmod cannot be opened. */
int	kmodlib_probe(const char *name);

#endif
