/*
 * Where this distribution keeps OVMF: the firmware descriptors QEMU
 * installs (docs/interop/firmware.json: /etc/qemu/firmware, then
 * /usr/share/qemu/firmware, by file name), as QEMU and libvirt choose
 * firmware, then the paths Debian, Arch, Manjaro and Fedora use.
 */
#ifndef VFIOTUI_FIRMWARE_H
#define VFIOTUI_FIRMWARE_H

#include <limits.h>
#include <stddef.h>

struct firmware {
	char	code[PATH_MAX];		/* the executable, read-only */
	char	vars[PATH_MAX];		/* its varstore template */
	char	from[PATH_MAX];		/* the descriptor, or "known paths" */
};

/*
 * UEFI firmware for x86_64 q35 guests, with Secure Boot or without as
 * SECURE_BOOT says, in *FW: the paths as the guest will see them (FILES
 * ROOT stands for /, for tests; "" on a real system).  0, or -1 when
 * none is installed.
 */
int	firmware_find(const char *files_root, int secure_boot,
	    struct firmware *fw);

#endif
