/* libxml2, opened when an import first reads XML (xmllib.h). */
#include "config.h"

#include "dynlib.h"
#include "xmllib.h"

#define XML_SONAME	"libxml2.so.2"

/* In the order of struct xmllib's members; xmlFree is a variable. */
static const char *const names[] = { "xmlReadMemory", "xmlFreeDoc",
    "xmlDocGetRootElement", "xmlGetLastError", "xmlResetLastError",
    "xmlGetLineNo", "xmlGetProp", "xmlNodeGetContent",
    "xmlFirstElementChild", "xmlChildElementCount", "xmlFree", NULL };

const struct xmllib *
xmllib_open(char *err, size_t errlen)
{
	static struct xmllib	x;
	static int		loaded;

	if (!loaded && dynlib_load(XML_SONAME, "libxml2", names, &x, err,
	    errlen) == 0)
		loaded = 1;
	return loaded ? &x : NULL;
}
