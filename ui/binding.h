/*
 * Binding from the dashboard, for the panes that offer it: each bind or
 * unbind of a group runs in a child (binding.c says what it runs), one
 * after the other, while the loop goes on answering keys (bind_run.c).
 */
#ifndef VFIOTUI_BINDING_H
#define VFIOTUI_BINDING_H

#include <stddef.h>

#include "pci.h"

struct bind_result;
struct host;
struct ui;

/* What the child writes up its pipe before bind's JSON result. */
#define UI_BINDING_STEP		"step: "	/* the status bar, now */
#define UI_BINDING_ERROR	"error: "	/* why there is no result */

/* One group to give to vfio-pci (BIND, FORCE past refusals) or back. */
struct ui_bind_job {
	struct host		*host;
	const char		*proc_root;
	struct pci_addr		 addr;
	int			 bind;
	int			 force;
};

/* The jobs are done: STATUS, the first EXIT_* that was not EXIT_OK. */
typedef void	(*ui_binding_cb)(int status, void *arg);

/*
 * Runs the N JOBS one after the other, each on the status bar as it goes
 * and its result there (and in the log) when it ends; after a job that
 * failed the rest are run only when KEEP_GOING.  CB (NULL: none) hears
 * the end.  0, or -1 when a run is under way already (said on the
 * status bar; nothing is done).
 */
int	ui_binding_start(struct ui *, const struct ui_bind_job *jobs,
	    size_t n, int keep_going, ui_binding_cb, void *arg);
/* Whether a run is under way. */
int	ui_binding_busy(void);

/*
 * In the child: runs the ui_bind_job ARG, writing its steps up FD and
 * then its result as bind --json does; its exit status.
 */
int	ui_binding_child(int fd, void *arg);
/* A bind's result RES on the status bar. */
void	ui_binding_show(struct ui *, const struct bind_result *res);

/*
 * What giving the group of ADDR to vfio-pci would do, and what the bind
 * backend refuses or warns of there: its dry run into RES (which the
 * caller empties with bind_result_clear), here, even where the binding
 * itself goes through pkexec.  Its exit status.
 */
int	ui_binding_plan(struct host *, const char *proc_root,
	    const struct pci_addr *, struct bind_result *res);

#endif
