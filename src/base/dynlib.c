/* Opening a library and its symbols at run time (dynlib.h says why). */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "dynlib.h"

/* Every symbol, or none: a table is filled only when all were found. */
#define DYNLIB_MAX	16

int
dynlib_load(const char *soname, const char *package,
    const char *const *names, void *table, char *err, size_t errlen)
{
	void	*h, *syms[DYNLIB_MAX];
	size_t	 i;

	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, errlen, "cannot load %s (Debian package %s): %s",
		    soname, package, dlerror());
		return -1;
	}
	for (i = 0; names[i] != NULL && i < DYNLIB_MAX; i++)
		if ((syms[i] = dlsym(h, names[i])) == NULL) {
			snprintf(err, errlen, "%s has no %s (Debian package "
			    "%s): %s", soname, names[i], package, dlerror());
			dlclose(h);
			return -1;
		}
	memcpy(table, syms, i * sizeof syms[0]);
	return 0;
}
