/*
 * What shows a guest's screen: Looking Glass' client on its shared
 * memory when the profile has looking-glass, else a SPICE or VNC viewer
 * on the guest's screen socket (the user config's viewer =, else
 * remote-viewer, else vncviewer for VNC).  guest view and the Guests
 * pane's v start it the same way, in a session of its own so that it
 * outlives either.
 */
#ifndef VFIOTUI_VIEWER_H
#define VFIOTUI_VIEWER_H

#include <sys/types.h>

#include <stddef.h>

struct guest_paths;
struct profile;

/*
 * Starts the viewer for PROFILE (CONFIGURED: the user config's viewer,
 * "" for none; CONFIG_FILE: its path, named when none is found), its
 * output in the guest's viewer.log.  Its pid with what it ran in WHAT,
 * or -1 with why in ERR (no screen to view, the guest not running, no
 * viewer installed and the package that gives one).
 */
pid_t	viewer_start(const struct profile *, const struct guest_paths *,
	    const char *configured, const char *config_file, char *what,
	    size_t whatlen, char *err, size_t errlen);

#endif
