/*
 * A running guest's snapshots as QEMU lists them (query-block's answer:
 * each disk's image and its snapshots), read once for the command line's
 * listing and the Guests pane's S, and the one rule for a tag.
 */
#ifndef VFIOTUI_SNAPSHOT_LIST_H
#define VFIOTUI_SNAPSHOT_LIST_H

#include <stddef.h>

struct json_object;

#define SNAPSHOT_TAG_LEN	100

struct snapshot_tag {
	char		disk[256];	/* the image's file */
	char		name[SNAPSHOT_TAG_LEN];
	long long	vm_state;	/* machine state's bytes; 0: none */
	long long	date_sec;	/* when it was taken, Unix time */
};

/*
 * Letters, digits, '-', '_', '.', not starting with '-': a tag that is a
 * word in a shell, a profile and QEMU's monitor alike.
 */
int	snapshot_tag_ok(const char *tag);

/*
 * The snapshots of every disk in query-block's answer RET into V, at
 * most MAX, disk by disk in QEMU's order; how many there are (which may
 * be more than MAX).
 */
size_t	snapshot_tags(struct json_object *ret, struct snapshot_tag *v,
	    size_t max);

#endif
