/*
 * Snapshots of a running guest over QMP, as QEMU 6.0 and later make them:
 * snapshot-save, snapshot-load and snapshot-delete are jobs, on every
 * writable disk the guest has (query-block's nodes, which must all be
 * qcow2), the machine's state kept on the first; each job's end comes as
 * a JOB_STATUS_CHANGE event and its error from query-jobs.  Everything
 * waits on the loop, its progress said as it goes.  A guest that passes
 * a device through cannot be snapshotted this way (VFIO's state does not
 * migrate): the caller refuses it before, from the profile.
 */
#ifndef VFIOTUI_SNAPSHOT_H
#define VFIOTUI_SNAPSHOT_H

#include <stddef.h>

struct loop;
struct snapshot_job;

enum snapshot_op {
	SNAPSHOT_SAVE,
	SNAPSHOT_LOAD,
	SNAPSHOT_DELETE,
};

enum snapshot_step {
	SNAPSHOT_PROGRESS,	/* LINE: where it is ("saving: 40%") */
	SNAPSHOT_DONE,		/* the end: LINE says what was done */
	SNAPSHOT_FAILED,	/* the end: LINE says why */
};

typedef void	(*snapshot_cb)(enum snapshot_step, const char *line,
		    void *arg);

/*
 * Runs OP with TAG on the guest whose QMP socket is CTL (the one-shot
 * commands' socket).  CB hears each step, never from within this call;
 * after an end nothing more comes, and CB may free the job.  NULL with
 * why in ERR when QEMU's socket does not answer.
 */
struct snapshot_job	*snapshot_job_start(struct loop *, const char *ctl,
			    enum snapshot_op, const char *tag, snapshot_cb,
			    void *arg, char *err, size_t errlen);
void			 snapshot_job_free(struct snapshot_job *);

/* snapshot_job_start() on a loop of its own until it ends: 0, or -1. */
int	snapshot_sync(const char *ctl, enum snapshot_op, const char *tag,
	    snapshot_cb, void *arg);

#endif
