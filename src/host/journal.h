/*
 * The journal of original drivers: before vfiotui takes a device from its
 * driver it writes down which driver (and driver_override) it had, in a
 * file of its own under the runtime dir, so that `unbind` and `restore`
 * give it back to the right driver even after a crash.
 */
#ifndef VFIOTUI_JOURNAL_H
#define VFIOTUI_JOURNAL_H

#include <stddef.h>

#include "pci.h"

struct journal_entry {
	char	name[PCI_ADDR_LEN];	/* canonical address */
	char	driver[64];		/* "" when it had none */
	char	driver_override[64];	/* "" when none was set */
};

/*
 * The journal directory: $XDG_RUNTIME_DIR/vfiotui/journal, or
 * /run/vfiotui/journal for root.  Returns 0, or -1 with why in err.
 */
int	journal_dir(char *buf, size_t len, char *err, size_t errlen);
/*
 * Creates the directory (0700) if needed, refusing one another user could
 * change; 0, or -errno with why in ERR.
 */
int	journal_open(const char *dir, char *err, size_t errlen);
/*
 * Writes the entry atomically (a temp file renamed over it), unless this
 * user's one exists already: the first record is the device as vfiotui
 * found it.  0, or -errno with why in ERR.
 */
int	journal_record(const char *dir, const struct journal_entry *,
	    char *err, size_t errlen);
/*
 * 0 and the entry, -ENOENT when the device is not journaled, or -errno
 * with why in ERR: an entry that is not this user's regular file is not
 * believed (-EPERM, -EINVAL).
 */
int	journal_read(const char *dir, const char *name, struct journal_entry *,
	    char *err, size_t errlen);
int	journal_remove(const char *dir, const char *name);
/*
 * Every journaled device, in address order, in a malloc'd array the
 * caller frees; its length in *n.  -errno on failure, with why in
 * SKIPPED; none is 0 and NULL.  An entry not believed is left out, and
 * SKIPPED says why (the first one's; "" when none was).
 */
int	journal_list(const char *dir, struct journal_entry **, size_t *n,
	    char *skipped, size_t skippedlen);

#endif
