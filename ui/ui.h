/*
 * The terminal dashboard.  The UI draws the host model and turns keys into
 * calls; it owns no system state of its own.
 */
#ifndef VFIOTUI_UI_H
#define VFIOTUI_UI_H

struct host;
struct loop;
struct pcinames;

/*
 * Runs the TUI on LOOP until the user quits; returns an exit code.
 * PROC_ROOT is where binding looks for processes that hold a GPU.
 */
int	ui_run(struct loop *, struct host *, struct pcinames *,
	    const char *proc_root);

#endif
