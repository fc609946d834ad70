/*
 * Guests' paths, names, checks, and the steps of a start that
 * guest_start.c runs on the loop: guest_launch() forks the parent QEMU,
 * which exits once its QMP socket listens (-daemonize); the loop's pidfd
 * says when, and guest_launched() then says whether the guest runs.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "guest_end.h"
#include "host.h"
#include "looking_glass.h"
#include "memlock.h"
#include "netcfg.h"
#include "profile.h"
#include "qemu_argv.h"
#include "rundir.h"
#include "safefile.h"
#include "spawn.h"
#include "vde.h"
#include "xdg.h"

#define DEFAULT_COMM	"qemu-system-x86"

static int
path_join(char *buf, size_t len, const char *dir, const char *file)
{
	int	n = snprintf(buf, len, "%s/%s", dir, file);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
guest_run_root(char *buf, size_t len, char *err, size_t errlen)
{
	return rundir_path("guests", buf, len, err, errlen);
}

/* $XDG_STATE_HOME/vfiotui/guests/NAME, or ~/.local/state/... */
static int
state_dir(const char *name, char *buf, size_t len, char *err, size_t errlen)
{
	char	sub[96], why[PATH_MAX + 32];

	snprintf(sub, sizeof sub, "guests/%s", name);
	if (xdg_path(XDG_STATE, sub, buf, len, why, sizeof why) == 0)
		return 0;
	snprintf(err, errlen, "no place for the state of guest %s: %s", name,
	    why);
	return -1;
}

int
guest_paths(const char *name, struct guest_paths *p, char *err,
    size_t errlen)
{
	char	root[PATH_MAX];

	if (!profile_name_ok(name)) {
		snprintf(err, errlen, "'%s' is not a guest name", name);
		return -1;
	}
	if (guest_run_root(root, sizeof root, err, errlen) == -1 ||
	    state_dir(name, p->state, sizeof p->state, err, errlen) == -1)
		return -1;
	/* A unix socket path must fit in sun_path (108 bytes). */
	if (path_join(p->dir, sizeof p->dir, root, name) == -1 ||
	    path_join(p->qmp, sizeof p->qmp, p->dir, "qmp.sock") == -1 ||
	    path_join(p->ctl, sizeof p->ctl, p->dir, "ctl.sock") == -1 ||
	    path_join(p->attach, sizeof p->attach, p->dir, "attach.sock") ==
	    -1 || strlen(p->attach) >= 108 ||
	    path_join(p->serial, sizeof p->serial, p->dir, "serial.sock") ==
	    -1 || strlen(p->serial) >= 108 ||
	    path_join(p->console, sizeof p->console, p->dir, "console.log") ==
	    -1 ||
	    path_join(p->display, sizeof p->display, p->dir, "screen.sock") ==
	    -1 || strlen(p->display) >= 108 ||
	    path_join(p->pidfile, sizeof p->pidfile, p->dir, "pid") == -1 ||
	    path_join(p->log, sizeof p->log, p->dir, "log") == -1 ||
	    path_join(p->qemu_log, sizeof p->qemu_log, p->dir, "qemu.log") ==
	    -1 ||
	    path_join(p->vars, sizeof p->vars, p->state, "OVMF_VARS.fd")) {
		snprintf(err, errlen, "guest %s: its QMP socket path %s/%s/"
		    "attach.sock is too long for a unix socket", name, root,
		    name);
		return -1;
	}
	return 0;
}

static int
names_add(struct guest_name **v, size_t *n, const char *name, int profile)
{
	struct guest_name	*grown;
	size_t			 i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i].name, name) == 0) {
			(*v)[i].has_profile |= profile;
			return 0;
		}
	if ((grown = realloc(*v, (*n + 1) * sizeof *grown)) == NULL)
		return -1;
	*v = grown;
	snprintf(grown[*n].name, sizeof grown[*n].name, "%s", name);
	grown[(*n)++].has_profile = profile;
	return 0;
}

static int
names_cmp(const void *a, const void *b)
{
	return strcmp(((const struct guest_name *)a)->name,
	    ((const struct guest_name *)b)->name);
}

int
guest_names(struct guest_name **v, size_t *n, char *err, size_t errlen)
{
	char		 dir[PATH_MAX], **names;
	struct dirent	*de;
	size_t		 i;
	DIR		*d;
	int		 r = 0, hidden = 0;

	*v = NULL;
	*n = 0;
	if (profile_dir(dir, sizeof dir, err, errlen) == -1 ||
	    (names = profile_names(dir, err, errlen)) == NULL)
		return -1;
	for (i = 0; names[i] != NULL && r == 0; i++)
		r = names_add(v, n, names[i], 1);
	profile_names_free(names);
	if (r == 0 && (hidden = guest_run_root(dir, sizeof dir, err,
	    errlen)) == 0 && (d = opendir(dir)) != NULL) {
		while (r == 0 && (de = readdir(d)) != NULL)
			if (profile_name_ok(de->d_name))
				r = names_add(v, n, de->d_name, 0);
		closedir(d);
	} else if (r == 0 && hidden == 0 && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		hidden = -1;
	}
	if (r == -1) {
		snprintf(err, errlen, "out of memory");
		free(*v);
		*v = NULL;
		return -1;
	}
	if (*n > 0)
		qsort(*v, *n, sizeof **v, names_cmp);
	return hidden == -1 ? 1 : 0;
}

const char *
guest_comm(const struct profile *prof, char *buf, size_t len)
{
	const char	*base;

	if (prof == NULL)
		return DEFAULT_COMM;
	base = strrchr(prof->qemu, '/');
	snprintf(buf, len, "%.15s", base ? base + 1 : prof->qemu);
	return buf;
}

pid_t
guest_pid(const struct guest_paths *p, const char *proc_root,
    const char *comm)
{
	pid_t	pid = spawn_pidfile_alive(proc_root, p->pidfile, comm);

	return pid > 0 ? pid : 0;
}

static enum guest_refusal
check_device(const struct profile *prof, const struct host *host, size_t k,
    char *err, size_t errlen)
{
	const struct profile_pci	*d = &prof->pci[k];
	const struct iommu_group	*g;
	char				 slot[PCI_ADDR_LEN];
	long				 i;
	size_t				 j;

	pci_addr_format_slot(&d->addr, host->with_domains, slot);
	if ((i = host_find(host, &d->addr)) == -1) {
		snprintf(err, errlen, "%s:%d: pci: no device %s on this "
		    "machine", prof->path, d->line, slot);
		return GUEST_OTHER;
	}
	if ((g = host_group_of(host, (size_t)i)) == NULL) {
		snprintf(err, errlen, "%s:%d: pci: %s has no IOMMU group: VFIO "
		    "cannot take it (is the IOMMU on?)", prof->path, d->line,
		    slot);
		return GUEST_OTHER;
	}
	if (strcmp(host->devs[i].driver, "vfio-pci") != 0) {
		snprintf(err, errlen, "%s:%d: pci: %s is bound to %s, not "
		    "vfio-pci: run 'vfiotui bind %s'", prof->path, d->line,
		    slot, host->devs[i].driver[0] ? host->devs[i].driver :
		    "no driver", slot);
		return GUEST_NOT_BOUND;
	}
	for (j = g->first; j < g->first + g->count; j++) {
		if (!iommu_dev_blocks(&host->devs[j]))
			continue;
		pci_addr_format_slot(&host->devs[j].addr, host->with_domains,
		    slot);
		snprintf(err, errlen, "%s:%d: pci: IOMMU group %d is not "
		    "viable: %s is bound to %s: run 'vfiotui bind %s'",
		    prof->path, d->line, g->number, slot,
		    host->devs[j].driver, slot);
		return GUEST_NOT_BOUND;
	}
	return GUEST_OK;
}

static int
check_file(const struct profile *prof, int line, const char *what,
    const char *path, char *err, size_t errlen)
{
	if (access(path, R_OK) == 0)
		return 0;
	/* Line 0: a default, which no line of the file set. */
	if (line == 0)
		snprintf(err, errlen, "%s: %s %s (the default): %s", prof->path,
		    what, path, strerror(errno));
	else
		snprintf(err, errlen, "%s:%d: %s %s: %s", prof->path, line,
		    what, path, strerror(errno));
	return -1;
}

static int
check_files(const struct profile *prof, const struct guest_paths *paths,
    char *err, size_t errlen)
{
	size_t	i;

	if (prof->firmware == PROFILE_FW_OVMF) {
		if (check_file(prof, prof->firmware_line, "firmware",
		    prof->ovmf_code, err, errlen) == -1)
			return -1;
		/* The template matters only until the guest has its copy. */
		if (access(paths->vars, F_OK) == -1 && check_file(prof,
		    prof->firmware_line, "firmware vars", prof->ovmf_vars, err,
		    errlen) == -1)
			return -1;
	}
	for (i = 0; i < prof->ndisks; i++)
		if (check_file(prof, prof->disks[i].line, "disk",
		    prof->disks[i].path, err, errlen) == -1)
			return -1;
	for (i = 0; i < prof->ncdroms; i++)
		if (check_file(prof, prof->cdroms[i].line, "cdrom",
		    prof->cdroms[i].path, err, errlen) == -1)
			return -1;
	for (i = 0; i < prof->npci; i++)
		if (prof->pci[i].romfile != NULL && check_file(prof,
		    prof->pci[i].line, "romfile", prof->pci[i].romfile, err,
		    errlen) == -1)
			return -1;
	return 0;
}

/*
 * A guest on the VDE switch needs it up: QEMU's own words for a switch
 * that is down ("Could not open vde") name neither the switch nor the
 * fix.  A net.conf that does not parse is left to guest_argv(), whose
 * error is the user's to fix first.
 */
static enum guest_refusal
check_network(const struct profile *prof, char *err, size_t errlen)
{
	struct netcfg	 net;
	const char	*sock = prof->vde_sock;
	char		 why[512];

	if (prof->net != PROFILE_NET_VDE)
		return GUEST_OK;
	if (sock == NULL) {
		if (netcfg_load(&net, NULL, why, sizeof why) < 0)
			return GUEST_OK;
		sock = net.sock;
	}
	if (vde_switch_answers(sock))
		return GUEST_OK;
	if (prof->vde_sock != NULL) {
		snprintf(err, errlen, "%s: network = vde: no switch answers at "
		    "%s (the switch the profile names)", prof->path, sock);
		return GUEST_OTHER;
	}
	snprintf(err, errlen, "%s: network = vde: the switch is down (no "
	    "answer at %s): run 'vfiotui net start'", prof->path, sock);
	return GUEST_NET_DOWN;
}

enum guest_refusal
guest_check(const struct profile *prof, const struct host *host,
    const struct guest_paths *paths, size_t *pci, char *err, size_t errlen)
{
	enum guest_refusal	r;
	size_t			i;

	if (check_files(prof, paths, err, errlen) == -1)
		return GUEST_OTHER;
	for (i = 0; i < prof->npci; i++) {
		r = check_device(prof, host, i, err, errlen);
		if (r != GUEST_OK) {
			*pci = i;
			return r;
		}
	}
	return check_network(prof, err, errlen);
}

/* A firmware vars template is a few MiB at most. */
#define VARS_MAX	(64 << 20)

/* Copies SRC to DST, which must not exist yet: a guest's vars are its own. */
static int
copy_new(const char *src, const char *dst, char *err, size_t errlen)
{
	char	*buf;
	size_t	 len;
	int	 r;

	if ((r = safefile_read(src, 0, VARS_MAX, &buf, &len, err,
	    errlen)) < 0)
		return r;
	r = safefile_write(dst, buf, len, 0600, SAFEFILE_NOREPLACE, err,
	    errlen);
	free(buf);
	/* A copy made meanwhile wins. */
	return r == -EEXIST ? 0 : r;
}

int
guest_cdrom_iso(const struct profile *prof, const struct guest_paths *paths,
    size_t i, char *iso, size_t len)
{
	struct stat	st;

	if (stat(prof->cdroms[i].path, &st) == -1 || !S_ISDIR(st.st_mode))
		return 0;
	return qemu_cdrom_iso_path(paths->state, i, iso, len) == 0;
}

int
guest_prepare_files(const struct profile *prof,
    const struct guest_paths *paths, int ask_tty,
    void (*note)(const char *, void *), void *arg, char *err, size_t errlen)
{
	char	msg[PATH_MAX + 64], why[PATH_MAX + 256];

	/* First: a refusal here leaves nothing made. */
	if (memlock_raise(prof, ask_tty, err, errlen) == -1 ||
	    looking_glass_prepare(prof, err, errlen) == -1)
		return -1;
	if (rundir_make(paths->dir, why, sizeof why) < 0 ||
	    rundir_make(paths->state, why, sizeof why) < 0) {
		snprintf(err, errlen, "guest %s: %s", prof->name, why);
		return -1;
	}
	if (prof->firmware == PROFILE_FW_OVMF &&
	    access(paths->vars, F_OK) == -1) {
		if (copy_new(prof->ovmf_vars, paths->vars, why,
		    sizeof why) < 0) {
			snprintf(err, errlen, "%s:%d: copying %s to %s: %s",
			    prof->path, prof->firmware_line, prof->ovmf_vars,
			    paths->vars, why);
			return -1;
		}
		snprintf(msg, sizeof msg, "firmware: made the guest's own "
		    "vars, %s", paths->vars);
		if (note != NULL)
			note(msg, arg);
	}
	return 0;
}

int
guest_argv(const struct profile *prof, const struct guest_paths *paths,
    char ***argv, char *err, size_t errlen)
{
	struct qemu_paths	qp = { .qmp_sock = paths->qmp,
				    .ctl_sock = paths->ctl,
				    .attach_sock = paths->attach,
				    .pidfile = paths->pidfile,
				    .log = paths->qemu_log,
				    .ovmf_vars = paths->vars,
				    .state_dir = paths->state,
				    .serial_sock = paths->serial,
				    .display_sock = paths->display,
				    .console_log = paths->console };
	struct netcfg		net;
	char			why[512];

	/* The switch's place is the net configuration's, not the guest's. */
	if (prof->net == PROFILE_NET_VDE && prof->vde_sock == NULL) {
		if (netcfg_load(&net, NULL, why, sizeof why) < 0) {
			snprintf(err, errlen, "guest %s: network = vde: %s",
			    prof->name, why);
			return -EINVAL;
		}
		qp.vde_sock = net.sock;
	}
	*argv = qemu_argv(prof, &qp, err, errlen);
	return *argv != NULL ? 0 : -ENOMEM;
}

/* A line in the log before QEMU's own: when, and the command line. */
static void
log_start(const char *log, char *const argv[])
{
	char		when[32], why[PATH_MAX + 128];
	time_t		now = time(NULL);
	struct tm	tm;
	FILE		*f;
	size_t		i;
	int		fd;

	if ((fd = safefile_append(log, why, sizeof why)) < 0)
		return;
	if ((f = fdopen(fd, "a")) == NULL) {
		close(fd);
		return;
	}
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(f, "%s vfiotui starts:", when);
	for (i = 0; argv[i] != NULL; i++)
		fprintf(f, " %s", argv[i]);
	fprintf(f, "\n");
	fclose(f);
}

/* QEMU's sockets and pid file, which it leaves when it is killed. */
static void
remove_sockets(const struct guest_paths *paths)
{
	unlink(paths->qmp);
	unlink(paths->ctl);
	unlink(paths->attach);
	unlink(paths->serial);
	unlink(paths->display);
	unlink(paths->pidfile);
}

pid_t
guest_launch(char *const argv[], const struct guest_paths *paths, char *err,
    size_t errlen)
{
	remove_sockets(paths);
	/* The last run's words must not read as this one's. */
	unlink(paths->qemu_log);
	guest_end_forget(paths);
	log_start(paths->log, argv);
	return spawn_child(argv, paths->log, err, errlen);
}

/* The last non-empty line of the log: QEMU's reason, usually. */
static void
log_tail(const char *log, char *buf, size_t len)
{
	char	line[1024], why[PATH_MAX + 128];
	FILE	*f;

	buf[0] = '\0';
	if ((f = safefile_fopen(log, SAFEFILE_OWN, 0, why, sizeof why)) ==
	    NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] != '\0')
			snprintf(buf, len, "%s", line);
	}
	fclose(f);
}

/* Appends the last LEN - 1 - *AT bytes (at most) of PATH to BUF. */
static void
tail_append(const char *path, char *buf, size_t len, size_t *at)
{
	char	why[PATH_MAX + 128];
	size_t	room = len - 1 - *at;
	ssize_t	n;
	off_t	size;
	int	fd;

	if (room == 0 || (fd = safefile_open(path, SAFEFILE_OWN, 0, why,
	    sizeof why)) < 0)
		return;
	size = lseek(fd, 0, SEEK_END);
	lseek(fd, size > (off_t)room ? size - (off_t)room : 0, SEEK_SET);
	if ((n = read(fd, buf + *at, room)) > 0)
		*at += (size_t)n;
	close(fd);
	buf[*at] = '\0';
}

int
guest_log_tail(const struct guest_paths *paths, char *buf, size_t len)
{
	struct stat	st;
	size_t		at = 0, later = 0;

	buf[0] = '\0';
	if (access(paths->log, R_OK) == -1)
		return -1;
	/* QEMU's words since it forked come after the start log's. */
	if (stat(paths->qemu_log, &st) == 0)
		later = (size_t)st.st_size < len / 2 ? (size_t)st.st_size :
		    len / 2;
	tail_append(paths->log, buf, len - later, &at);
	tail_append(paths->qemu_log, buf, len, &at);
	return 0;
}

pid_t
guest_launched(int status, const struct profile *prof,
    const struct guest_paths *paths, const char *proc_root, char *err,
    size_t errlen)
{
	char		 why[1024], comm[16];
	const char	*log = paths->qemu_log;
	pid_t		 pid;

	if (status != 0) {
		/* QEMU makes its sockets before it fails on a device. */
		remove_sockets(paths);
		/*
		 * QEMU forks for -daemonize right after it read its options:
		 * from then on it speaks into -D's file, before into the log.
		 */
		log_tail(log, why, sizeof why);
		if (why[0] == '\0')
			log_tail(log = paths->log, why, sizeof why);
		snprintf(err, errlen, "guest %s: QEMU did not start (exit %d): "
		    "%s (log: %s)", prof->name, status, why[0] ? why :
		    "no message", log);
		return -1;
	}
	if ((pid = guest_pid(paths, proc_root, guest_comm(prof, comm,
	    sizeof comm))) == 0) {
		snprintf(err, errlen, "guest %s: QEMU started but %s names no "
		    "running %s (log: %s)", prof->name, paths->pidfile, comm,
		    paths->log);
		return -1;
	}
	return pid;
}
