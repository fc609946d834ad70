/*
 * A guest's qcow2 disk made with qemu-img: guest disk NAME create SIZE,
 * and guest new --disk SIZE (the Guests pane's form too), which name it
 * the same way, in vfiotui's data dir.
 */
#ifndef VFIOTUI_GUEST_DISK_H
#define VFIOTUI_GUEST_DISK_H

#include <stddef.h>

/* 1 when S is a size qemu-img takes: "64G", "512M", "10240". */
int	guest_disk_size_ok(const char *s);

/*
 * Where guest NAME's own disk goes: $XDG_DATA_HOME/vfiotui/disks/
 * NAME.qcow2, in BUF of LEN bytes.  0, or -1 with why in ERR.
 */
int	guest_disk_path(const char *name, char *buf, size_t len, char *err,
	    size_t errlen);

/*
 * Makes FILE a qcow2 disk of SIZE (its folder made when it is the data
 * dir's), leaving a file that is there already alone.  0, or -1 with
 * why in ERR (qemu-img's own words where it refused).
 */
int	guest_disk_create(const char *file, const char *size, char *err,
	    size_t errlen);

#endif
