/*
 * vfiotui memlock PID BYTES: what guest start asks pkexec to run as root
 * when a guest needs more locked memory than the user's hard limit.  It
 * trusts nothing it is given: the numbers are checked strictly, PID must
 * be the process of the user pkexec authorised (PKEXEC_UID), and BYTES is
 * capped at the machine's memory + 1 GiB.
 */
#include "config.h"

#include <sys/resource.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "exitcode.h"
#include "memlock.h"

static int	cmd_memlock_exec(struct context *, int, char **);

const struct cmd_entry cmd_memlock_entry = {
	.name = "memlock",
	.usage = "PID BYTES",
	.globals = CMD_PROC,
	.help = "root, for guest start through pkexec: let PID, the caller's "
	    "process, lock BYTES",
	.exec = cmd_memlock_exec,
};

/* A decimal number from 1 to MAX, digits only: no sign, space or suffix. */
static int
parse_count(const char *s, unsigned long long max, unsigned long long *v)
{
	char	*end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || *v == 0 || *v > max)
		return -1;
	return 0;
}

/* Whose process PID must be: PKEXEC_UID's, or anyone's for root itself. */
static int
caller_uid(uid_t *uid)
{
	const char		*env = getenv("PKEXEC_UID");
	unsigned long long	 v;

	if (env == NULL) {
		if (getuid() != 0) {
			fprintf(stderr, "vfiotui: memlock: no PKEXEC_UID: "
			    "only pkexec, or root, runs this\n");
			return -1;
		}
		*uid = (uid_t)-1;
		return 0;
	}
	/* uid 0 is a number parse_count refuses, and a uid like any other. */
	if (strcmp(env, "0") == 0)
		v = 0;
	else if (parse_count(env, (uid_t)-2, &v) == -1) {
		fprintf(stderr, "vfiotui: memlock: PKEXEC_UID '%s' is not a "
		    "uid\n", env);
		return -1;
	}
	/*
	 * A fixture /proc would let the user say whose a process is:
	 * main() refused it already (pkexec_refuses).
	 */
	*uid = (uid_t)v;
	return 0;
}

static int
cmd_memlock_exec(struct context *ctx, int argc, char **argv)
{
	unsigned long long	pid, bytes;
	rlim_t			set;
	uid_t			uid;
	char			err[512];

	if (argc != 3)
		return bad_usage("memlock: expected PID BYTES");
	if (parse_count(argv[1], INT_MAX, &pid) == -1)
		return bad_usage("memlock: '%s' is not a pid", argv[1]);
	/* RLIM_INFINITY is not a number of bytes. */
	if (parse_count(argv[2], RLIM_INFINITY - 1, &bytes) == -1)
		return bad_usage("memlock: '%s' is not a number of bytes",
		    argv[2]);
	if (geteuid() != 0) {
		fprintf(stderr, "vfiotui: memlock: needs root: guest start "
		    "runs it through pkexec\n");
		return EXIT_FAILED;
	}
	if (caller_uid(&uid) == -1)
		return EXIT_FAILED;
	if (memlock_grant(ctx->proc_root, (pid_t)pid, (rlim_t)bytes, uid,
	    &set, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: memlock: %s\n", err);
		return EXIT_FAILED;
	}
	printf("memlock: pid %llu may lock %llu KiB%s\n", pid,
	    (unsigned long long)set / 1024, set < bytes ? " (capped at the "
	    "machine's memory + 1 GiB)" : "");
	return EXIT_OK;
}
