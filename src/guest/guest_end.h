/*
 * How a guest's QEMU ended, in words, for the Guests pane and the CLI
 * alike.  QEMU daemonizes, so it is nobody's child here and no exit
 * status can be had: what is known comes from its QMP socket (the
 * SHUTDOWN event's reason, whether quit was sent) and from the pid file
 * it leaves behind when it did not get to exit as told.  Whoever watched
 * the end records it in the guest's runtime dir, so that a later `guest
 * list` or `guest status` says the same.
 */
#ifndef VFIOTUI_GUEST_END_H
#define VFIOTUI_GUEST_END_H

#include <stddef.h>

struct guest_live;
struct guest_paths;

/* What is said when QEMU went without a SHUTDOWN event. */
#define GUEST_END_KILLED \
	"killed or crashed (no exit status: not our child)"

/*
 * The words for a QEMU that is gone, from what GL (NULL when it was not
 * connected) heard, and whether quit was sent (QUIT_SENT): "shut down by
 * the guest", "quit by QMP", GUEST_END_KILLED, ...
 */
void	guest_end_words(const struct guest_live *gl, int quit_sent,
	    char *buf, size_t len);

/* Records WORDS as how the guest's QEMU ended.  0 or -errno. */
int	guest_end_record(const struct guest_paths *, const char *words);

/* Forgets the record: a new QEMU starts. */
void	guest_end_forget(const struct guest_paths *);

/*
 * How the guest's last QEMU ended, for one that did not see it end (call
 * it when guest_pid() says none runs): its watcher's record, else
 * GUEST_END_KILLED where QEMU left its pid file behind (it removes it when
 * it exits as told), else "" (it never ran, or nobody saw how it went).
 */
void	guest_end_read(const struct guest_paths *, char *buf, size_t len);

/* The last N lines of the guest's logs in BUF, each ending in '\n'. */
void	guest_end_log_lines(const struct guest_paths *, int n, char *buf,
	    size_t len);

#endif
