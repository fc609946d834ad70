/*
 * vfiotui guest edit NAME, as virsh edit does it: the editor gets a copy
 * (in the runtime dir, named as the profile so that its errors read the
 * same), the copy is read as guest start reads a profile, and only a
 * copy that reads goes in place of the profile; one that does not is
 * shown with its FILE:LINE and offered to the editor again.  $VISUAL,
 * else $EDITOR, else vi, split on blanks into an argv: no shell.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "exitcode.h"
#include "profile.h"
#include "rundir.h"
#include "safefile.h"
#include "spawn.h"

#define PROFILE_MAX	(1 << 20)
#define EDITOR_WORDS	16

static int	cmd_guest_edit_exec(struct context *, int, char **);

const struct cmd_entry cmd_guest_edit_entry = {
	.name = "guest edit",
	.usage = "NAME",
	.help = "edit a guest's profile in $VISUAL or $EDITOR, then check it",
	.exec = cmd_guest_edit_exec,
};

/* Runs the editor on PATH: its exit status, or -1 (said on stderr). */
static int
run_editor(const char *path)
{
	const char	*env = getenv("VISUAL");
	char		*words, *argv[EDITOR_WORDS + 2], *save, err[512];
	int		 n = 0, r;

	if (env == NULL || env[0] == '\0')
		env = getenv("EDITOR");
	if (env == NULL || env[0] == '\0')
		env = "vi";
	if ((words = strdup(env)) == NULL)
		return -1;
	for (argv[n] = strtok_r(words, " \t", &save); argv[n] != NULL &&
	    n < EDITOR_WORDS; argv[n] = strtok_r(NULL, " \t", &save))
		n++;
	argv[n++] = (char *)path;
	argv[n] = NULL;
	if ((r = spawn_run_here(argv, err, sizeof err)) == -1)
		fprintf(stderr, "vfiotui: guest edit: %s (set VISUAL or "
		    "EDITOR)\n", err);
	free(words);
	return r;
}

/* Whether the user answers yes to QUESTION on stdin (EOF: no). */
static int
ask(const char *question)
{
	char	line[64];

	printf("%s [y/n] ", question);
	fflush(stdout);
	if (fgets(line, sizeof line, stdin) == NULL) {
		putchar('\n');
		return 0;
	}
	return line[0] == 'y' || line[0] == 'Y';
}

/*
 * The editing of COPY until it reads or the user gives up: 1 when the
 * copy reads and differs from ORIG, 0 when unchanged, -1 when given up.
 */
static int
edit_until_read(const char *copy, const char *orig, size_t origlen)
{
	struct profile	*p;
	char		*text, err[1024];
	size_t		 len;
	int		 r, same;

	for (;;) {
		if ((r = run_editor(copy)) != 0) {
			if (r > 0)
				fprintf(stderr, "vfiotui: guest edit: the "
				    "editor exited with %d\n", r);
			return -1;
		}
		if (safefile_read(copy, SAFEFILE_OWN, PROFILE_MAX, &text, &len,
		    err, sizeof err) < 0) {
			fprintf(stderr, "vfiotui: guest edit: %s\n", err);
			return -1;
		}
		same = len == origlen && memcmp(text, orig, len) == 0;
		free(text);
		if (same)
			return 0;
		if ((p = profile_load_file(copy, err, sizeof err)) != NULL) {
			profile_free(p);
			return 1;
		}
		fprintf(stderr, "vfiotui: %s\n", err);
		if (!ask("The profile does not read. Edit it again?"))
			return -1;
	}
}

static int
cmd_guest_edit_exec(struct context *ctx, int argc, char **argv)
{
	char	 dir[PATH_MAX], path[PATH_MAX + 80], edits[PATH_MAX];
	char	 copy[PATH_MAX + 80], err[1024], *orig, *text;
	size_t	 origlen, len;
	int	 r;

	(void)ctx;
	if (argc == 2 && argv[1][0] == '-')
		return bad_usage("guest edit: unexpected argument '%s'",
		    argv[1]);
	if (argc != 2)
		return bad_usage("guest edit: expected one guest's name");
	if (!profile_name_ok(argv[1]))
		return bad_usage("guest edit: '%s' is not a guest name",
		    argv[1]);
	if (profile_dir(dir, sizeof dir, err, sizeof err) == -1 ||
	    rundir_path("edit", edits, sizeof edits, err, sizeof err) == -1 ||
	    rundir_make(edits, err, sizeof err) < 0) {
		fprintf(stderr, "vfiotui: guest edit: %s\n", err);
		return EXIT_FAILED;
	}
	snprintf(path, sizeof path, "%s/%s.conf", dir, argv[1]);
	if (safefile_read(path, 0, PROFILE_MAX, &orig, &origlen, err,
	    sizeof err) < 0) {
		fprintf(stderr, "vfiotui: guest edit: %s (vfiotui guest new %s "
		    "writes one)\n", err, argv[1]);
		return EXIT_FAILED;
	}
	snprintf(copy, sizeof copy, "%s/%s.conf", edits, argv[1]);
	unlink(copy);
	if (safefile_write(copy, orig, origlen, 0600, SAFEFILE_NOREPLACE, err,
	    sizeof err) < 0) {
		fprintf(stderr, "vfiotui: guest edit: %s\n", err);
		free(orig);
		return EXIT_FAILED;
	}
	r = edit_until_read(copy, orig, origlen);
	free(orig);
	err[0] = '\0';
	if (r == 1 && safefile_read(copy, SAFEFILE_OWN, PROFILE_MAX, &text,
	    &len, err, sizeof err) == 0) {
		if (safefile_write(path, text, len, 0644, 0, err,
		    sizeof err) < 0)
			r = -1;
		free(text);
	} else if (r == 1)
		r = -1;
	unlink(copy);
	if (r == 1)
		printf("%s: saved (vfiotui check %s judges it)\n", path,
		    argv[1]);
	else if (r == 0)
		printf("%s: unchanged\n", path);
	else
		fprintf(stderr, "vfiotui: guest edit: %s left as it was%s%s\n",
		    path, err[0] ? ": " : "", err);
	return r >= 0 ? EXIT_OK : EXIT_FAILED;
}
