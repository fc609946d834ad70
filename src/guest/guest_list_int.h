/*
 * The insides of the guest list, shared by guest_list.c (the list, its
 * connections and commands) and guest_list_start.c (a start on the loop:
 * the files, the ISOs, then QEMU).  Nothing else includes this.
 */
#ifndef VFIOTUI_GUEST_LIST_INT_H
#define VFIOTUI_GUEST_LIST_INT_H

#include "guest_list.h"

struct profile;

struct guests {
	struct loop		 *loop;
	const char		 *proc_root;
	guests_cb		  cb;
	void			 *arg;
	struct guests_entry	**v;
	size_t			  n;
	/* Redraws while some guest stops. */
	struct loop_timer	*countdown;
	struct dirwatch		 *watch;	/* profiles, runtime dirs */
};

/* A change (GUESTS_CHANGED_*), and LINE (or NULL) for the log. */
void		 guests_tell(struct guests *, unsigned changed,
		    const char *line);
/* A change with nothing to log. */
void		 guests_notify(struct guests *, unsigned changed);
/* Reads guest E's profile again; NULL (the error kept) when it fails. */
struct profile	*guests_entry_profile(struct guests_entry *);
/*
 * A known guest: its profile, its paths, and its QEMU if it runs.  -1
 * when it has no usable paths (the note says why).
 */
int		 guests_entry_refresh(struct guests *, struct guests_entry *);
/*
 * Watches a running guest through qmp.sock, or through attach.sock when
 * qmp.sock turns vfiotui away.  0, or -1 with why in its note.
 */
int		 guests_entry_watch(struct guests_entry *);
/*
 * Forgets guest E's figures and their sampler: its connection is gone
 * (or about to be: after guest_live_free, which drops QEMU's answers).
 */
void		 guests_entry_figures_end(struct guests_entry *);

#endif
