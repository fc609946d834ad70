/*
 * Libraries opened when first needed rather than at start: libkmod (only
 * a bind loads vfio-pci) and libxml2 (only a libvirt import reads XML)
 * bring ICU, libstdc++ and libcrypto, whose loading would otherwise cost
 * every `vfiotui list` more than its own work on a desktop.
 */
#ifndef VFIOTUI_DYNLIB_H
#define VFIOTUI_DYNLIB_H

#include <stddef.h>

/*
 * Opens SONAME (kept open) and resolves the NULL-ended NAMES into TABLE:
 * a struct of pointers only (to functions, or to a variable), one for
 * each name, in order; POSIX makes dlsym's pointers callable.  0, or -1
 * with ERR naming what is missing and the Debian PACKAGE that has it
 * (TABLE is then left as it was).
 */
int	dynlib_load(const char *soname, const char *package,
	    const char *const *names, void *table, char *err, size_t errlen);

#endif
