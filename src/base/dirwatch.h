/*
 * Directories watched for entries that come, go or are rewritten
 * (inotify on the loop), with one callback once things settle: a burst
 * of changes (QEMU making its pid file and sockets) is one call.
 */
#ifndef VFIOTUI_DIRWATCH_H
#define VFIOTUI_DIRWATCH_H

struct dirwatch;
struct loop;

/*
 * CB(ARG) runs DELAY_MS after the first change of a burst.  NULL with
 * errno set on failure.
 */
struct dirwatch	*dirwatch_new(struct loop *, int delay_ms, void (*cb)(void *),
		    void *arg);
void		 dirwatch_free(struct dirwatch *);

/* Watches DIR too (again is harmless).  0 or -errno. */
int	dirwatch_add(struct dirwatch *, const char *dir);
/*
 * Watches DIR, or while it does not exist the nearest parent that does,
 * so that its making is seen; the caller calls this again on each change
 * and so follows it down ("mkdir -p").  Once DIR is there the parent's
 * watch goes, and CB is called again for what DIR already holds.  One dir
 * is awaited at a time.  0 when DIR is watched, 1 a parent, or -errno.
 */
int	dirwatch_await(struct dirwatch *, const char *dir);
/* Calls CB again after the delay, as if something changed. */
void	dirwatch_again(struct dirwatch *);

#endif
