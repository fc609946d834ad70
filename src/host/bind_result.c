/*
 * The memory of a struct bind_result: the devices a run is about, and a
 * dry run's plan, whose paths it owns.  bind.c fills one as it goes,
 * bind_json.c from root's vfiotui's answer; and the words for its
 * refusals and warnings that every front end says alike.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "exitcode.h"

void
bind_result_init(struct bind_result *res, enum bind_op op)
{
	memset(res, 0, sizeof *res);
	res->op = op;
	res->group = -1;
	res->exit_status = EXIT_FAILED;
}

int
bind_result_alloc_devs(struct bind_result *res, size_t n)
{
	free(res->devs);
	res->ndevs = 0;
	if (n == 0) {
		res->devs = NULL;
		return 0;
	}
	if ((res->devs = calloc(n, sizeof *res->devs)) == NULL)
		return -1;
	res->ndevs = n;
	return 0;
}

int
bind_result_add_write(struct bind_result *res, enum bind_write_kind kind,
    size_t dev, const char *value, const char *fmt, ...)
{
	struct bind_write	*plan, *w;
	va_list			 ap;
	int			 r;

	plan = reallocarray(res->plan, res->nplan + 1, sizeof *plan);
	if (plan == NULL)
		return -1;
	res->plan = plan;
	w = &plan[res->nplan];
	memset(w, 0, sizeof *w);
	w->kind = kind;
	w->dev = dev;
	snprintf(w->value, sizeof w->value, "%s", value);
	va_start(ap, fmt);
	r = vasprintf(&w->path, fmt, ap);
	va_end(ap);
	if (r == -1)
		return -1;
	res->nplan++;
	return 0;
}

void
bind_result_clear(struct bind_result *res)
{
	size_t	i;

	for (i = 0; i < res->nplan; i++)
		free(res->plan[i].path);
	free(res->plan);
	free(res->devs);
	res->plan = NULL;
	res->nplan = 0;
	res->devs = NULL;
	res->ndevs = 0;
}

const char *
bind_refusal_words(unsigned int bit)
{
	switch (bit) {
	case BIND_REFUSE_BOOT_VGA:
		return "the boot VGA device, the host's console";
	case BIND_REFUSE_STORAGE:
		return "a storage controller the host may need";
	case BIND_REFUSE_NETWORK:
		return "a network controller the host may need";
	case BIND_REFUSE_IN_USE:
		return "in use by a process";
	}
	return "refused";
}

const char *
bind_warning_words(unsigned int bit)
{
	return bit == BIND_WARN_USB ? "a USB controller: the host's keyboard "
	    "and mouse may be on it" : "a warning";
}
