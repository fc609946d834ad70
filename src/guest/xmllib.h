/*
 * The part of libxml2 a libvirt import reads a domain with, opened at
 * first use (dynlib.h): `list` and the dashboard never load it.
 */
#ifndef VFIOTUI_XMLLIB_H
#define VFIOTUI_XMLLIB_H

#include <stddef.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* __typeof__ (gcc, clang) holds each pointer to the header's prototype. */
struct xmllib {
	__typeof__(xmlReadMemory)		*read_memory;
	__typeof__(xmlFreeDoc)			*free_doc;
	__typeof__(xmlDocGetRootElement)	*root;
	__typeof__(xmlGetLastError)		*last_error;
	__typeof__(xmlResetLastError)		*reset_error;
	__typeof__(xmlGetLineNo)		*line;
	__typeof__(xmlGetProp)			*prop;
	__typeof__(xmlNodeGetContent)		*content;
	__typeof__(xmlFirstElementChild)	*first_child;
	__typeof__(xmlChildElementCount)	*child_count;
	xmlFreeFunc				*free;	/* &xmlFree */
};

/* libxml2's functions, or NULL with ERR saying why. */
const struct xmllib	*xmllib_open(char *err, size_t errlen);

#endif
