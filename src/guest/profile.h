/*
 * Guest profiles: one small file a guest, written by hand, under
 * $XDG_CONFIG_HOME/vfiotui/guests/NAME.conf.  "key = value" lines;
 * lists (disks, cdroms, PCI devices, extra arguments) repeat their key.
 * Every entry remembers its line, so that a check made later (a device
 * not bound, a firmware file missing) still names the file and line.
 */
#ifndef VFIOTUI_PROFILE_H
#define VFIOTUI_PROFILE_H

#include <sched.h>
#include <stddef.h>
#include <stdint.h>

#include "pci.h"

#define PROFILE_MAX_DRIVES	8	/* disks, and cdroms */
#define PROFILE_MAX_PCI		8
#define PROFILE_MAX_EXTRA	32
#define PROFILE_MAX_USB		8
#define PROFILE_NAME_MAX	64

enum profile_firmware {
	PROFILE_FW_SEABIOS,	/* QEMU's own BIOS: nothing to pass */
	PROFILE_FW_OVMF,	/* UEFI: code read-only, vars per guest */
};

enum profile_net {
	PROFILE_NET_NONE,
	PROFILE_NET_USER,	/* QEMU's slirp */
	PROFILE_NET_VDE,	/* a VDE switch, vfiotui's or a given one */
};

enum profile_display {
	PROFILE_DISPLAY_NONE,
	PROFILE_DISPLAY_SPICE,
	PROFILE_DISPLAY_GTK,
	PROFILE_DISPLAY_VNC,
};

/* A disk or cdrom: an image, a block device, or (cdrom) a directory. */
struct profile_drive {
	char	*path;		/* absolute */
	char	*format;	/* disks: raw, qcow2 (NULL: from the name) */
	char	*iface;		/* disks: virtio, ide, ... (NULL: virtio) */
	int	 line;
};

struct profile_pci {
	struct pci_addr	 addr;
	char		*romfile;	/* absolute; NULL for none */
	long		 sub_vendor;	/* -1: not set */
	long		 sub_device;
	int		 x_vga;		/* -1: not set, else 0 or 1 */
	int		 multifunction;	/* -1: not set, else 0 or 1 */
	int		 line;
};

/* usb = VID:PID: a host USB device the guest gets at its start. */
struct profile_usb {
	uint16_t	 vendor;
	uint16_t	 product;
	int		 line;
};

/*
 * pin = auto | CPU... [emulator=CPUS]: where QEMU's threads may run
 * (src/guest/pin.h makes the plan, once the host's CPUs are known).
 */
struct profile_pin {
	int		 line;		/* 0: no pin line, nothing pinned */
	int		 automatic;	/* pin = auto */
	int		*vcpu;		/* the host CPU of vCPU i */
	size_t		 nvcpu;
	cpu_set_t	 emulator;	/* QEMU's other threads; empty: unset */
};

struct profile {
	char			 name[PROFILE_NAME_MAX];
	char			*path;		/* the profile file */
	char			*qemu;		/* the program */
	unsigned long		 memory_mib;
	unsigned int		 cpus;
	char			*machine;
	char			*accel;
	char			*cpu;		/* NULL: QEMU's default */
	enum profile_firmware	 firmware;
	int			 firmware_line;
	char			*ovmf_code;
	/* the template copied per guest */
	char			*ovmf_vars;
	struct profile_drive	 disks[PROFILE_MAX_DRIVES];
	size_t			 ndisks;
	struct profile_drive	 cdroms[PROFILE_MAX_DRIVES];
	size_t			 ncdroms;
	struct profile_pci	 pci[PROFILE_MAX_PCI];
	size_t			 npci;
	enum profile_net	 net;
	char			*vde_sock;	/* NULL: vfiotui's switch */
	char			*mac;		/* NULL: QEMU's default */
	enum profile_display	 display;
	int			 spice_port;	/* 0: a socket, not TCP */
	int			 stop_timeout;	/* s from power-down to quit */
	char			*hugepages;	/* hugetlbfs mount; NULL: off */
	int			 hugepages_line;
	struct profile_pin	 pin;
	struct profile_usb	 usb[PROFILE_MAX_USB];
	size_t			 nusb;
	/* Looking Glass' IVSHMEM; 0: none */
	unsigned long		 lg_mib;
	/* on /dev/kvmfr0, not /dev/shm */
	int			 lg_kvmfr;
	int			 lg_line;
	char			*extra[PROFILE_MAX_EXTRA];
	size_t			 nextra;
};

/*
 * The directory of the profiles: $XDG_CONFIG_HOME/vfiotui/guests, or
 * ~/.config/vfiotui/guests.  0, or -1 with why in ERR.
 */
int	profile_dir(char *buf, size_t len, char *err, size_t errlen);

/*
 * Whether NAME may name a guest (it becomes a file and directory name):
 * letters, digits, '-', '_', '.', not starting with '.'.
 */
int	profile_name_ok(const char *name);

/*
 * Reads the profile of guest NAME from DIR/NAME.conf.  NULL with one line
 * in ERR on failure: "FILE:LINE: what is wrong", or "FILE: ..." when the
 * file itself is the problem.
 */
struct profile	*profile_load(const char *dir, const char *name, char *err,
		    size_t errlen);
/* Reads the profile in the file PATH, named after its file. */
struct profile	*profile_load_file(const char *path, char *err,
		    size_t errlen);
void		 profile_free(struct profile *);

/*
 * The names of the profiles in DIR, sorted, as a NULL-terminated array
 * the caller frees with profile_names_free().  A missing DIR is an empty
 * list.  NULL with why in ERR on failure.
 */
char	**profile_names(const char *dir, char *err, size_t errlen);
void	  profile_names_free(char **);

#endif
