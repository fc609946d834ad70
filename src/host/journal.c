/*
 * One small file per device: "driver=nvidia\noverride=\n".  A file per
 * device keeps each update a single atomic rename, and a reader never
 * sees half of one.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journal.h"
#include "rundir.h"
#include "safefile.h"

/* An entry is two short lines; anything bigger is not one. */
#define ENTRY_MAX	4096

int
journal_dir(char *buf, size_t len, char *err, size_t errlen)
{
	return rundir_path("journal", buf, len, err, errlen);
}

int
journal_open(const char *dir, char *err, size_t errlen)
{
	return rundir_make(dir, err, errlen);
}

static int
entry_path(const char *dir, const char *name, char *buf, size_t len)
{
	struct pci_addr	addr;
	int		n;

	/* The name becomes a file name: nothing but an address may. */
	if (pci_addr_parse(name, &addr) == -1)
		return -EINVAL;
	n = snprintf(buf, len, "%s/%s", dir, name);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int
journal_record(const char *dir, const struct journal_entry *e, char *err,
    size_t errlen)
{
	char	path[4200], text[256];
	int	r, fd;

	if ((r = entry_path(dir, e->name, path, sizeof path)) < 0)
		return r;
	/* The first record stands, if it is one this user wrote. */
	if ((fd = safefile_open(path, SAFEFILE_OWN, ENTRY_MAX, err,
	    errlen)) >= 0) {
		close(fd);
		return 0;
	}
	snprintf(text, sizeof text, "driver=%s\noverride=%s\n", e->driver,
	    e->driver_override);
	r = safefile_write(path, text, strlen(text), 0600, fd == -ENOENT ?
	    SAFEFILE_NOREPLACE : 0, err, errlen);
	/* One made meanwhile is as much the first as ours. */
	return r == -EEXIST ? 0 : r;
}

int
journal_read(const char *dir, const char *name, struct journal_entry *e,
    char *err, size_t errlen)
{
	char	path[4200], *text, *line, *next;
	size_t	len;
	int	r;

	if ((r = entry_path(dir, name, path, sizeof path)) < 0)
		return r;
	if ((r = safefile_read(path, SAFEFILE_OWN, ENTRY_MAX, &text, &len,
	    err, errlen)) < 0)
		return r;
	memset(e, 0, sizeof *e);
	snprintf(e->name, sizeof e->name, "%s", name);
	for (line = text; *line != '\0'; line = next) {
		next = line + strcspn(line, "\n");
		if (*next != '\0')
			*next++ = '\0';
		if (strncmp(line, "driver=", 7) == 0)
			snprintf(e->driver, sizeof e->driver, "%.63s",
			    line + 7);
		else if (strncmp(line, "override=", 9) == 0)
			snprintf(e->driver_override, sizeof e->driver_override,
			    "%.63s", line + 9);
	}
	free(text);
	return 0;
}

int
journal_remove(const char *dir, const char *name)
{
	char	path[4200];
	int	r;

	if ((r = entry_path(dir, name, path, sizeof path)) < 0)
		return r;
	if (unlink(path) == -1 && errno != ENOENT)
		return -errno;
	return 0;
}

/*
 * ADDR.tmp is an entry a killed vfiotui was writing (its temp files are
 * ADDR.tmp.PID.RANDOM now, which safefile_sweep() removes; ADDR.tmp is
 * an older vfiotui's): it wrote the entry before touching the device and
 * never renamed it into place, so the device was never touched and the
 * half-written file means nothing.  Removed (only a regular file of this
 * user's), so that it does not linger in the journal forever.
 */
static void
remove_stale_temp(DIR *d, const char *name)
{
	char		 addrpart[PCI_ADDR_LEN + 1];
	struct pci_addr	 addr;
	struct stat	 st;
	size_t		 len = strlen(name);

	if (len < 5 || strcmp(name + len - 4, ".tmp") != 0 ||
	    len - 4 >= sizeof addrpart)
		return;
	snprintf(addrpart, sizeof addrpart, "%.*s", (int)(len - 4), name);
	if (pci_addr_parse(addrpart, &addr) == -1)
		return;
	if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode) && st.st_uid == geteuid())
		unlinkat(dirfd(d), name, 0);
}

static int
entry_order(const void *a, const void *b)
{
	return strcmp(((const struct journal_entry *)a)->name,
	    ((const struct journal_entry *)b)->name);
}

int
journal_list(const char *dir, struct journal_entry **out, size_t *n,
    char *skipped, size_t skippedlen)
{
	struct journal_entry	*list = NULL, *more;
	struct pci_addr		 addr;
	struct dirent		*de;
	size_t			 cap = 0;
	char			 why[512];
	DIR			*d;
	int			 fd, r = 0;

	*out = NULL;
	*n = 0;
	skipped[0] = '\0';
	if ((fd = safefile_dir(dir, 0, skipped, skippedlen)) < 0) {
		if (fd == -ENOENT)
			skipped[0] = '\0';
		return fd == -ENOENT ? 0 : fd;
	}
	safefile_sweep(fd);
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -errno;
	}
	while ((de = readdir(d)) != NULL) {
		/* Temp files and strangers are not entries. */
		if (pci_addr_parse(de->d_name, &addr) == -1) {
			remove_stale_temp(d, de->d_name);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((more = realloc(list, cap * sizeof *list)) ==
			    NULL) {
				r = -ENOMEM;
				break;
			}
			list = more;
		}
		if (journal_read(dir, de->d_name, &list[*n], why,
		    sizeof why) == 0)
			(*n)++;
		else if (skipped[0] == '\0')
			snprintf(skipped, skippedlen, "%s", why);
	}
	closedir(d);
	if (r < 0) {
		free(list);
		*n = 0;
		return r;
	}
	if (*n > 0)
		qsort(list, *n, sizeof *list, entry_order);
	*out = list;
	return 0;
}
