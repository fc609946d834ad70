/*
 * Opening files where another user might have put something: vfiotui's
 * runtime and state directories (root runs with a user's environment
 * under sudo -E or su -c), and the profiles, configuration, firmware and
 * ROMs a user names (a FIFO there would stall open(2) for ever).
 *
 * Every function returns -errno on failure with why, naming the file,
 * in ERR; -EPERM for a directory or file that is not to be believed,
 * -EINVAL for a file that is not a regular one, -EFBIG for one too big.
 */
#ifndef VFIOTUI_SAFEFILE_H
#define VFIOTUI_SAFEFILE_H

#include <sys/types.h>

#include <stdio.h>

/* safefile_dir(): make what is missing of the path (mode 0700). */
#define SAFEFILE_MAKE		0x1
/*
 * Reads: a state file vfiotui wrote, in a trusted directory: not a link,
 * and owned by this user.  Without it, a user's file: links followed.
 */
#define SAFEFILE_OWN		0x2
/* safefile_write(): fail with -EEXIST rather than replace the file. */
#define SAFEFILE_NOREPLACE	0x4

/*
 * Opens the directory DIR (an absolute path) and returns its fd.  Each
 * directory on the way is owned by this user or root and writable by
 * nobody else (unless sticky, as /tmp); DIR itself is not a link, and
 * not writable by anyone else even with the sticky bit.  A link on the
 * way is followed only if this user or root made it.
 */
int	safefile_dir(const char *dir, int flags, char *err, size_t errlen);

/*
 * Replaces PATH, in a directory safefile_dir() accepts, with LEN bytes of
 * BUF: written to a new PATH.tmp.PID.RANDOM (O_EXCL, no link followed),
 * synced, renamed over PATH.  A crash leaves only the temp file, which
 * safefile_sweep() removes.
 */
int	safefile_write(const char *path, const void *buf, size_t len,
	    mode_t mode, int flags, char *err, size_t errlen);

/*
 * Opens PATH, in a directory safefile_dir() accepts, for appending (a
 * log), making it (0600) if missing; an existing one must be a regular
 * file of this user's with no other name.
 */
int	safefile_append(const char *path, char *err, size_t errlen);

/*
 * Opens PATH to read without blocking on what it turns out to be, and
 * returns the fd of a regular file of at most CAP bytes (0: any size).
 */
int	safefile_open(const char *path, int flags, off_t cap, char *err,
	    size_t errlen);
/* The same as a stream; NULL with errno set. */
FILE	*safefile_fopen(const char *path, int flags, off_t cap, char *err,
	    size_t errlen);
/*
 * The whole of PATH (at most CAP bytes) in *BUF, NUL-terminated, which
 * the caller frees; its length in *LEN.
 */
int	safefile_read(const char *path, int flags, off_t cap, char **buf,
	    size_t *len, char *err, size_t errlen);

/*
 * Removes from the directory DIRFD the temp files of safefile_write()
 * (and any NAME.tmp.PID...) whose process is gone: a crash's leftovers.
 */
void	safefile_sweep(int dirfd);

/* Who UID is, for a message: "alice (uid 1000)", or "uid 1000". */
void	safefile_owner(uid_t uid, char *buf, size_t len);

#endif
