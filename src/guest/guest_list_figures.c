/*
 * What the dashboard's running guests cost, sampled when it asks: the
 * Guests pane does on its tick, which runs only while it is shown and a
 * guest runs, so that nothing here needs a timer or polls on its own.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "guest_figures.h"
#include "guest_list.h"
#include "guest_list_int.h"
#include "guest_live.h"

/*
 * The figures are the tick's to draw: a change told for each answer
 * would have the pane redo all it does on a change (its checklist run
 * again) every second.  A refusal is told, but only when it is new: the
 * status bar shows it once, the detail for as long as it holds.
 */
static void
on_figures(const struct guest_figures *fig, void *arg)
{
	struct guests_entry	*e = arg;
	char			 line[sizeof e->name + sizeof fig->error + 16];
	int			 news;

	news = fig->error[0] != '\0' && strcmp(fig->error, e->fig.error) != 0;
	e->fig = *fig;
	e->has_fig = 1;
	if (news) {
		snprintf(line, sizeof line, "%s: figures: %s", e->name,
		    fig->error);
		guests_tell(e->list, GUESTS_CHANGED_FIGURES, line);
	}
}

void
guests_sample(struct guests *gs)
{
	struct guests_entry	*e;
	size_t			 i;

	for (i = 0; i < gs->n; i++) {
		e = gs->v[i];
		/* Its threads are read in /proc: a peer without a pid
		 * has none. */
		if ((e->phase != GUESTS_RUNNING &&
		    e->phase != GUESTS_STOPPING) || e->pid <= 0 ||
		    e->live == NULL || !e->live->loaded || e->live->closed)
			continue;
		if (e->sampler == NULL)
			e->sampler = guest_sampler_new(guest_live_qmp(e->live),
			    e->pid, gs->proc_root, on_figures, e);
		if (e->sampler != NULL)
			guest_sampler_sample(e->sampler);
	}
}

void
guests_entry_figures_end(struct guests_entry *e)
{
	guest_sampler_free(e->sampler);
	e->sampler = NULL;
	memset(&e->fig, 0, sizeof e->fig);
	e->has_fig = 0;
}
