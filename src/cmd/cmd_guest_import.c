/*
 * vfiotui guest import FILE: a profile written from a libvirt domain or
 * a quickemu .conf (src/guest/import_*.c read them), never replacing
 * one unless --force, and read back before it is said to be done.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "confline.h"
#include "exitcode.h"
#include "import.h"
#include "profile.h"
#include "safefile.h"

static int	cmd_guest_import_exec(struct context *, int, char **);

const struct cmd_entry cmd_guest_import_entry = {
	.name = "guest import",
	.usage = "[--name NEW] [--force] FILE",
	.help = "a profile from a libvirt domain's XML or a quickemu .conf",
	.opts = { { "--name NEW", "the guest's name (the domain's, or the "
	    ".conf's file name)" }, { "--force", "replace a profile of that "
	    "name" } },
	.exec = cmd_guest_import_exec,
};

/* Writes TEXT as guest NAME's profile in the profile dir: an EXIT_*. */
static int
write_profile(const char *name, const char *text, size_t len, int force,
    char *path, size_t pathlen)
{
	char	dir[PATH_MAX], err[1024];
	int	fd, r;

	if (profile_dir(dir, sizeof dir, err, sizeof err) == -1 ||
	    (fd = safefile_dir(dir, SAFEFILE_MAKE, err, sizeof err)) < 0) {
		fprintf(stderr, "vfiotui: guest import: %s\n", err);
		return EXIT_FAILED;
	}
	close(fd);
	snprintf(path, pathlen, "%s/%s.conf", dir, name);
	r = safefile_write(path, text, len, 0644, force ? 0 :
	    SAFEFILE_NOREPLACE, err, sizeof err);
	if (r == -EEXIST) {
		fprintf(stderr, "vfiotui: guest import: %s exists (--force "
		    "replaces it, or --name NAME another)\n", path);
		return EXIT_FAILED;
	}
	if (r < 0) {
		fprintf(stderr, "vfiotui: guest import: %s\n", err);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

/* The profile written must read: when it does not, that is our bug. */
static int
read_back(const char *path)
{
	struct profile	*p;
	char		 err[1024];

	if ((p = profile_load_file(path, err, sizeof err)) == NULL) {
		fprintf(stderr, "vfiotui: guest import: bug: the profile "
		    "written does not read back, removed: %s\n", err);
		unlink(path);
		return EXIT_FAILED;
	}
	profile_free(p);
	return EXIT_OK;
}

static int
import_file(const char *file, const char *name, int force)
{
	struct import	 imp;
	char		*in, *out = NULL, err[1024], path[PATH_MAX + 80];
	char		 fname[PROFILE_NAME_MAX + 8];
	size_t		 inlen, outlen;
	int		 r;

	if (safefile_read(file, 0, CONFLINE_FILE_MAX, &in, &inlen, err,
	    sizeof err) < 0) {
		fprintf(stderr, "vfiotui: guest import: %s\n", err);
		return EXIT_USAGE;
	}
	memset(&imp, 0, sizeof imp);
	if ((imp.out = open_memstream(&out, &outlen)) == NULL) {
		free(in);
		fprintf(stderr, "vfiotui: guest import: %s\n", strerror(errno));
		return EXIT_FAILED;
	}
	if (import_is_xml(in))
		r = import_libvirt(file, in, inlen, &imp, err, sizeof err);
	else
		r = import_quickemu(file, in, &imp, err, sizeof err);
	free(in);
	fclose(imp.out);
	import_free(&imp);
	if (r == -1) {
		fprintf(stderr, "vfiotui: guest import: %s\n", err);
		free(out);
		return EXIT_USAGE;
	}
	if (name == NULL)
		name = imp.name;
	if (!profile_name_ok(name)) {
		snprintf(fname, sizeof fname, "%s", name);
		free(out);
		return bad_usage("guest import: '%s' cannot name a guest "
		    "(letters, digits, '-', '_', '.'; --name NAME)", fname);
	}
	if ((r = write_profile(name, out, outlen, force, path,
	    sizeof path)) == EXIT_OK && (r = read_back(path)) == EXIT_OK) {
		printf("guest %s: wrote %s\n", name, path);
		printf("carried: %s\n", imp.carried);
		if (imp.ndropped > 0)
			printf("not carried (%d, each a comment in the profile)"
			    ": %s\n", imp.ndropped, imp.dropped);
		printf("see: vfiotui guest start --print %s\n", name);
	}
	free(out);
	return r;
}

static int
cmd_guest_import_exec(struct context *ctx, int argc, char **argv)
{
	const char	*file = NULL, *name = NULL;
	int		 force = 0, i;

	(void)ctx;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (argv[i][0] != '-' && file == NULL)
			file = argv[i];
		else
			return bad_usage("guest import: unexpected argument "
			    "'%s'", argv[i]);
	}
	if (file == NULL)
		return bad_usage("guest import: expected a libvirt domain's "
		    "XML (virsh dumpxml) or a quickemu .conf");
	return import_file(file, name, force);
}
