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

#include "atomicfile.h"
#include "journal.h"
#include "rundir.h"

int
journal_dir(char *buf, size_t len, char *err, size_t errlen)
{
	return rundir_path("journal", buf, len, err, errlen);
}

int
journal_open(const char *dir)
{
	return rundir_make(dir);
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
journal_record(const char *dir, const struct journal_entry *e)
{
	char	path[4200], text[256];
	int	r;

	if ((r = entry_path(dir, e->name, path, sizeof path)) < 0)
		return r;
	if (access(path, F_OK) == 0)
		return 0;
	snprintf(text, sizeof text, "driver=%s\noverride=%s\n", e->driver,
	    e->driver_override);
	return atomicfile_write(path, text, 0600);
}

int
journal_read(const char *dir, const char *name, struct journal_entry *e)
{
	char	path[4200], line[128];
	FILE	*f;
	int	r;

	if ((r = entry_path(dir, name, path, sizeof path)) < 0)
		return r;
	if ((f = fopen(path, "re")) == NULL)
		return -errno;
	memset(e, 0, sizeof *e);
	snprintf(e->name, sizeof e->name, "%s", name);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "driver=", 7) == 0)
			snprintf(e->driver, sizeof e->driver, "%.63s", line + 7);
		else if (strncmp(line, "override=", 9) == 0)
			snprintf(e->driver_override, sizeof e->driver_override,
			    "%.63s", line + 9);
	}
	fclose(f);
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
 * ADDR.tmp is an entry a killed vfiotui was writing: it wrote the entry
 * before touching the device and never renamed it into place, so the
 * device was never touched and the half-written file means nothing.
 * Removed (only a regular file of this user's), so that it does not
 * linger in the journal forever.
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
journal_list(const char *dir, struct journal_entry **out, size_t *n)
{
	struct journal_entry	*list = NULL, *more;
	struct pci_addr		 addr;
	struct dirent		*de;
	size_t			 cap = 0;
	DIR			*d;
	int			 r = 0;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d)) != NULL) {
		/* Temp files and strangers are not entries. */
		if (pci_addr_parse(de->d_name, &addr) == -1) {
			remove_stale_temp(d, de->d_name);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((more = realloc(list, cap * sizeof *list)) == NULL) {
				r = -ENOMEM;
				break;
			}
			list = more;
		}
		if (journal_read(dir, de->d_name, &list[*n]) == 0)
			(*n)++;
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
