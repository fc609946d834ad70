/*
 * Looking Glass' shared memory (looking-glass.io): the guest's frames go
 * through an IVSHMEM device backed by a file the client on the host maps,
 * /dev/shm/looking-glass-NAME (or the kvmfr module's /dev/kvmfr0).  The
 * file is made before QEMU starts, this user's with mode 0600 and the
 * profile's size, so that QEMU and the client, both run by this user,
 * share it and nobody else reads the guest's screen.
 */
#ifndef VFIOTUI_LOOKING_GLASS_H
#define VFIOTUI_LOOKING_GLASS_H

#include <stddef.h>

struct profile;

#define LOOKING_GLASS_KVMFR	"/dev/kvmfr0"

/* Where PROFILE's shared memory is, in BUF. */
void	looking_glass_path(const struct profile *, char *buf, size_t len);

/*
 * Makes or checks the file for PROFILE: 0, or -1 with why in ERR (another
 * user's file, no kvmfr device, no room in /dev/shm).
 */
int	looking_glass_prepare(const struct profile *, char *err,
	    size_t errlen);

#endif
