/*
 * The terminal dashboard.  The UI draws the host model and turns keys into
 * calls; it owns no system state of its own.
 */
#ifndef VFIOTUI_UI_H
#define VFIOTUI_UI_H

struct host;
struct loop;
struct pcinames;
struct userconf;

/*
 * Runs the TUI on LOOP until the user quits; returns an exit code.
 * PROC_ROOT is where binding looks for processes that hold a GPU; CONF is
 * the user's settings (src/host/userconf.h).
 */
int	ui_run(struct loop *, struct host *, struct pcinames *,
	    const char *proc_root, const struct userconf *conf);

#endif
