/* libkmod, opened when a bind first needs a module (kmodlib.h). */
#include "config.h"

#include <errno.h>

#include <libkmod.h>

#include "dynlib.h"
#include "kmodlib.h"

#define KMOD_SONAME	"libkmod.so.2"

static const char *const names[] = { "kmod_new", "kmod_unref",
    "kmod_module_new_from_name", "kmod_module_probe_insert_module",
    "kmod_module_unref", NULL };

/*
 * In the order of names[]; __typeof__ (gcc, clang) holds each pointer to
 * the header's prototype.
 */
static struct {
	__typeof__(kmod_new)				*new_ctx;
	__typeof__(kmod_unref)				*unref_ctx;
	__typeof__(kmod_module_new_from_name)		*new_module;
	__typeof__(kmod_module_probe_insert_module)	*probe;
	__typeof__(kmod_module_unref)			*unref_module;
} kmod;
static int	loaded;

/* The bind's own message says what to do when it fails: modprobe. */
static int
kmod_open(void)
{
	char	why[512];

	if (!loaded && dynlib_load(KMOD_SONAME, "libkmod2", names, &kmod,
	    why, sizeof why) == 0)
		loaded = 1;
	return loaded ? 0 : -1;
}

int
kmodlib_probe(const char *name)
{
	struct kmod_ctx		*ctx;
	struct kmod_module	*mod = NULL;
	int			 r;

	if (kmod_open() == -1)
		return -ELIBACC;
	if ((ctx = kmod.new_ctx(NULL, NULL)) == NULL)
		return -ENOMEM;
	r = kmod.new_module(ctx, name, &mod);
	if (r == 0)
		r = kmod.probe(mod, KMOD_PROBE_APPLY_BLACKLIST, NULL, NULL,
		    NULL, NULL);
	kmod.unref_module(mod);
	kmod.unref_ctx(ctx);
	return r;
}
