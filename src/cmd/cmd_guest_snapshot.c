/*
 * vfiotui guest snapshot NAME save|load|delete|list [TAG], and guest disk
 * NAME create SIZE [FILE].  A running guest's snapshots are QMP jobs
 * (src/guest/snapshot.c): its memory and every disk at once.  A stopped
 * guest's are its disks' own, made by qemu-img, which is also the way
 * for a guest that passes a device through (its device's state cannot
 * be saved, so QEMU refuses a snapshot of it while it runs).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cmd.h"
#include "confline.h"
#include "exitcode.h"
#include "guest.h"
#include "guest_disk.h"
#include "profile.h"
#include "qmp.h"
#include "snapshot.h"
#include "snapshot_list.h"
#include "spawn.h"

#define QMP_MS		5000
#define QEMU_IMG_OUT	8192
#define SNAPSHOTS_MAX	128

static int	cmd_guest_snapshot_exec(struct context *, int, char **);
static int	cmd_guest_disk_exec(struct context *, int, char **);

const struct cmd_entry cmd_guest_snapshot_entry = {
	.name = "guest snapshot",
	.usage = "NAME save|load|delete|list [TAG]",
	.globals = CMD_PROC,
	.help = "snapshots: the running guest's state, or a stopped one's "
	    "disks",
	.exec = cmd_guest_snapshot_exec,
};

const struct cmd_entry cmd_guest_disk_entry = {
	.name = "guest disk",
	.usage = "NAME create SIZE [FILE]",
	.help = "make a qcow2 disk (qemu-img) and add it to the profile",
	.exec = cmd_guest_disk_exec,
};

static const char *const ops[] = {
	[SNAPSHOT_SAVE] = "save",
	[SNAPSHOT_LOAD] = "load",
	[SNAPSHOT_DELETE] = "delete",
};

static void
print_step(enum snapshot_step step, const char *line, void *arg)
{
	(void)arg;
	if (step == SNAPSHOT_FAILED)
		fprintf(stderr, "vfiotui: %s\n", line);
	else
		printf("%s\n", line);
	fflush(stdout);
}

/* A running guest's snapshots, from query-block, disk by disk. */
static int
list_running(const struct guest_paths *gp)
{
	struct snapshot_tag	 v[SNAPSHOTS_MAX];
	struct json_object	*ret;
	char			 err[512];
	size_t			 i, n;

	if (qmp_call_sync(gp->ctl, "query-block", NULL, &ret, QMP_MS, NULL,
	    err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest snapshot: %s\n", err);
		return EXIT_FAILED;
	}
	n = snapshot_tags(ret, v, SNAPSHOTS_MAX);
	json_object_put(ret);
	for (i = 0; i < n && i < SNAPSHOTS_MAX; i++) {
		if (i == 0 || strcmp(v[i].disk, v[i - 1].disk) != 0)
			printf("%s:\n", v[i].disk);
		printf("  %s  (machine state: %lld bytes)\n", v[i].name,
		    v[i].vm_state);
	}
	if (n > SNAPSHOTS_MAX)
		printf("(and %zu more)\n", n - SNAPSHOTS_MAX);
	return EXIT_OK;
}

/* qemu-img snapshot on each disk of a stopped guest. */
static int
offline(const struct profile *prof, const char *op, const char *tag)
{
	char		 out[QEMU_IMG_OUT], err[512], flag[4];
	char		*argv[7];
	const char	*fmt;
	size_t		 i, len;
	int		 n, r;

	if (prof->ndisks == 0) {
		fprintf(stderr, "vfiotui: guest snapshot: %s has no disk\n",
		    prof->name);
		return EXIT_FAILED;
	}
	for (i = 0; i < prof->ndisks; i++) {
		len = strlen(prof->disks[i].path);
		fmt = prof->disks[i].format ? prof->disks[i].format : len > 6 &&
		    strcmp(prof->disks[i].path + len - 6, ".qcow2") == 0 ?
		    "qcow2" : "raw";
		if (strcmp(fmt, "qcow2") != 0) {
			fprintf(stderr, "vfiotui: guest snapshot: %s:%d: %s is "
			    "%s, and snapshots need qcow2 disks (qemu-img "
			    "convert -O qcow2 makes one)\n", prof->path,
			    prof->disks[i].line, prof->disks[i].path, fmt);
			return EXIT_FAILED;
		}
	}
	snprintf(flag, sizeof flag, "-%c", strcmp(op, "save") == 0 ? 'c' :
	    strcmp(op, "load") == 0 ? 'a' : strcmp(op, "delete") == 0 ? 'd' :
	    'l');
	for (i = 0; i < prof->ndisks; i++) {
		n = 0;
		argv[n++] = "qemu-img";
		argv[n++] = "snapshot";
		argv[n++] = flag;
		if (tag != NULL)
			argv[n++] = (char *)tag;
		argv[n++] = prof->disks[i].path;
		argv[n] = NULL;
		if ((r = spawn_run(argv, out, sizeof out, err, sizeof err)) !=
		    0) {
			fprintf(stderr, "vfiotui: guest snapshot: %s%s",
			    r == -1 ? err : "qemu-img: ", r == -1 ? "\n" : out);
			return EXIT_FAILED;
		}
		if (tag == NULL)
			printf("%s:\n%s", prof->disks[i].path, out);
		else
			printf("snapshot %s: %s %s (the guest is stopped: its "
			    "disk only)\n", tag, strcmp(op, "save") == 0 ?
			    "saved on" : strcmp(op, "load") == 0 ?
			    "loaded on" : "deleted from", prof->disks[i].path);
	}
	return EXIT_OK;
}

static int
cmd_guest_snapshot_exec(struct context *ctx, int argc, char **argv)
{
	struct guest_paths	 gp;
	struct profile		*prof;
	const char		*op, *tag;
	char			 comm[16], slot[PCI_ADDR_LEN];
	pid_t			 pid;
	int			 i, r, k = -1;

	if (argc < 3 || argc > 4 || argv[1][0] == '-')
		return bad_usage("guest snapshot: expected NAME save|load|"
		    "delete|list [TAG]");
	op = argv[2];
	tag = argc == 4 ? argv[3] : NULL;
	for (i = 0; i < 3; i++)
		if (strcmp(op, ops[i]) == 0)
			k = i;
	if (k == -1 && strcmp(op, "list") != 0)
		return bad_usage("guest snapshot: '%s': expected save, load, "
		    "delete or list", op);
	if ((k == -1) != (tag == NULL))
		return bad_usage("guest snapshot: %s %s", op, k == -1 ?
		    "takes no tag" : "wants a tag");
	if (tag != NULL && !snapshot_tag_ok(tag))
		return bad_usage("guest snapshot: '%s' is not a tag (letters, "
		    "digits, '-', '_', '.')", tag);
	if ((r = guest_profile_load("snapshot", argv[1], &prof, &gp)) !=
	    EXIT_OK)
		return r;
	pid = guest_pid(&gp, ctx->proc_root, guest_comm(prof, comm,
	    sizeof comm));
	if (pid <= 0)
		r = offline(prof, op, tag);
	else if (prof->npci > 0) {
		pci_addr_format_slot(&prof->pci[0].addr, 0, slot);
		fprintf(stderr, "vfiotui: guest snapshot: %s passes %s "
		    "through, whose state cannot be saved (VFIO does not "
		    "migrate), so QEMU cannot snapshot it while it runs; stop "
		    "it, and a snapshot then keeps its disks\n", argv[1], slot);
		r = EXIT_FAILED;
	} else if (k == -1)
		r = list_running(&gp);
	else
		r = snapshot_sync(gp.ctl, (enum snapshot_op)k, tag, print_step,
		    NULL) == 0 ? EXIT_OK : EXIT_FAILED;
	profile_free(prof);
	return r;
}

static int
cmd_guest_disk_exec(struct context *ctx, int argc, char **argv)
{
	struct guest_paths	 gp;
	struct profile		*prof;
	const char		*w[1];
	char			 file[PATH_MAX + 80], err[1024];
	FILE			*f;
	int			 r;

	(void)ctx;
	if (argc < 4 || argc > 5 || strcmp(argv[2], "create") != 0)
		return bad_usage("guest disk: expected NAME create SIZE "
		    "[FILE]");
	if (!guest_disk_size_ok(argv[3]))
		return bad_usage("guest disk: '%s' is not a size (64G, 512M)",
		    argv[3]);
	if ((r = guest_profile_load("disk", argv[1], &prof, &gp)) != EXIT_OK)
		return r;
	r = EXIT_FAILED;
	if (argc == 5)
		snprintf(file, sizeof file, "%s", argv[4]);
	else if (guest_disk_path(argv[1], file, sizeof file, err,
	    sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest disk: %s\n", err);
		goto out;
	}
	if (guest_disk_create(file, argv[3], err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest disk: %s\n", err);
		goto out;
	}
	if ((f = fopen(prof->path, "a")) == NULL) {
		fprintf(stderr, "vfiotui: guest disk: made %s, but cannot add "
		    "it to %s: %s\n", file, prof->path, strerror(errno));
		goto out;
	}
	fprintf(f, "\n# A qcow2 disk of %s, made by vfiotui guest disk "
	    "create.\n", argv[3]);
	w[0] = file;
	confline_put(f, "disk", w, 1);
	fclose(f);
	printf("made %s (%s, qcow2) and added disk = %s to %s\n", file,
	    argv[3], file, prof->path);
	r = EXIT_OK;
out:
	profile_free(prof);
	return r;
}
