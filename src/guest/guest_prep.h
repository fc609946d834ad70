/*
 * The ISOs of a guest's directory cdroms, built on the loop for a start
 * (guest_start.h): one after the other, each by a child whose exit the
 * loop follows on a pidfd, so that the screen and the keys go on while
 * xorriso runs.
 */
#ifndef VFIOTUI_GUEST_PREP_H
#define VFIOTUI_GUEST_PREP_H

#include <stddef.h>

struct guest_paths;
struct guest_prep;
struct loop;
struct profile;

enum guest_prep_event {
	GUEST_PREP_BUILDING,	/* TEXT: the directory whose ISO is built */
	GUEST_PREP_PROGRESS,	/* TEXT: "DIR: 45%", as its builder says */
	GUEST_PREP_BUILT,	/* TEXT: "cdrom DIR: built ISO" */
	GUEST_PREP_CURRENT,	/* TEXT: "cdrom DIR: up to date: ISO" */
	GUEST_PREP_DONE,	/* every ISO is current: QEMU may start */
	GUEST_PREP_FAILED,	/* TEXT: why, naming the directory */
};

/*
 * After DONE or FAILED nothing more comes, and the callback may free
 * the guest_prep.
 */
typedef void	(*guest_prep_cb)(enum guest_prep_event, const char *text,
		    void *arg);

/*
 * Starts building the ISOs of PROFILE's directory cdroms that are out of
 * date (PATHS' dirs must exist), saying CURRENT for each that is not.
 * 1 with the build in *PREP (BUILDING has been said), 0 with *PREP NULL
 * when every ISO is current, or -1 with why in ERR.
 */
int	guest_prep_start(struct loop *, const struct profile *,
	    const struct guest_paths *, guest_prep_cb, void *arg,
	    struct guest_prep **prep, char *err, size_t errlen);

/*
 * Stops a build: the builder is terminated and reaped, and what it
 * wrote is removed.  NULL is fine.
 */
void	guest_prep_free(struct guest_prep *);

#endif
