/*
 * vfiotui guest list|start|stop, and the NAME that every guest verb
 * takes in place of a QMP socket path: the guest family's entries in the
 * table of commands.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cmd.h"
#include "exitcode.h"
#include "guest.h"
#include "guest_end.h"
#include "guest_start.h"
#include "guest_stop.h"
#include "host.h"
#include "profile.h"
#include "qemu_argv.h"
#include "qmp.h"
#include "spawn.h"

#define OPT_TIMEOUT	{ "--timeout S", "wait S seconds for QEMU's answer " \
	    "(5)" }
#define QMP_USAGE	"[--json] [--timeout S] NAME|SOCKET"
#define QMP_OPTS	{ { "--json", "QMP's answer as JSON" }, OPT_TIMEOUT }
/* A verb cmd_guest_qmp() runs on the socket of a NAME or a SOCKET. */
#define QMP_VERB(verb, what) { .name = "guest " verb, .usage = QMP_USAGE, \
	.help = what, .opts = QMP_OPTS, .exec = cmd_guest_socket_exec }

static int	cmd_guest_list_exec(struct context *, int, char **);
static int	cmd_guest_start_exec(struct context *, int, char **);
static int	cmd_guest_stop_exec(struct context *, int, char **);
static int	cmd_guest_socket_exec(struct context *, int, char **);

const struct cmd_entry cmd_guest_list_entry = {
	.name = "guest list",
	.usage = "[--json]",
	.help = "guests from profiles, and the running ones",
	.opts = { { "--json", "name, profile, running, state, pid and qmp of "
	    "each" } },
	.exec = cmd_guest_list_exec,
};

const struct cmd_entry cmd_guest_start_entry = {
	.name = "guest start",
	.usage = "[--print] NAME",
	.globals = CMD_SYSFS,
	.help = "check and start a guest from its profile",
	.opts = { { "--print", "print QEMU's arguments, one a line; start "
	    "nothing" } },
	.exec = cmd_guest_start_exec,
};

const struct cmd_entry cmd_guest_stop_entry = {
	.name = "guest stop",
	.usage = "[--timeout S] NAME",
	.help = "ACPI power-down, then quit after S seconds",
	.opts = { { "--timeout S", "wait S s for its OS (default: "
	    "stop-timeout, 60)" } },
	.exec = cmd_guest_stop_exec,
};

const struct cmd_entry cmd_guest_status_entry = {
	.name = "guest status",
	.usage = QMP_USAGE,
	.help = "a QEMU's run state, version, pid, uptime and PCI devices",
	.opts = { { "--json", "the whole record as one object" }, OPT_TIMEOUT },
	.exec = cmd_guest_socket_exec,
};

const struct cmd_entry cmd_guest_pause_entry =
    QMP_VERB("pause", "stop the guest's CPUs (QMP stop)");
const struct cmd_entry cmd_guest_resume_entry =
    QMP_VERB("resume", "run them again (QMP cont)");
const struct cmd_entry cmd_guest_powerdown_entry =
    QMP_VERB("powerdown", "press the ACPI power button");
const struct cmd_entry cmd_guest_reset_entry =
    QMP_VERB("reset", "reset the guest (system_reset)");
const struct cmd_entry cmd_guest_kill_entry =
    QMP_VERB("kill", "tell QEMU to quit now");

const struct cmd_entry cmd_guest_attach_entry = {
	.name = "guest attach",
	.usage = QMP_USAGE,
	.help = "print QEMU's events as they come, until it goes or ^C",
	.opts = { { "--json", "one JSON object a line" }, OPT_TIMEOUT },
	.exec = cmd_guest_socket_exec,
};

/* stat(2) of guest NAME's profile: 0, or -1 with errno set. */
static int
profile_stat(const char *name)
{
	char		dir[PATH_MAX], path[PATH_MAX + 80], err[256];
	struct stat	st;

	if (profile_dir(dir, sizeof dir, err, sizeof err) == -1) {
		errno = EINVAL;
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s.conf", dir, name);
	return stat(path, &st);
}

int
guest_profile_missing(const char *name)
{
	return profile_stat(name) == -1 && errno == ENOENT;
}

int
guest_known(const char *name, const struct guest_paths *gp)
{
	struct stat	st;

	return stat(gp->dir, &st) == 0 || profile_stat(name) == 0;
}

/* Loads guest NAME's profile and paths, or says why not. */
static int
load_guest(const char *name, struct profile **prof, struct guest_paths *gp)
{
	char	dir[PATH_MAX], err[1024];

	*prof = NULL;
	if (profile_dir(dir, sizeof dir, err, sizeof err) == -1 ||
	    (*prof = profile_load(dir, name, err, sizeof err)) == NULL) {
		fprintf(stderr, "vfiotui: %s\n", err);
		return profile_name_ok(name) && guest_profile_missing(name) ?
		    EXIT_FAILED : EXIT_USAGE;
	}
	if (guest_paths(name, gp, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: %s\n", err);
		profile_free(*prof);
		*prof = NULL;
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

/* QEMU's argv in *ARGV, or the exit status of why not. */
static int
build_argv(const struct profile *prof, const struct guest_paths *gp,
    char ***argv)
{
	char	err[2048];
	int	r;

	if ((r = guest_argv(prof, gp, argv, err, sizeof err)) == 0)
		return EXIT_OK;
	fprintf(stderr, "vfiotui: %s\n", err);
	/* A net.conf that does not parse is bad input, as in vfiotui net. */
	return r == -EINVAL ? EXIT_USAGE : EXIT_FAILED;
}

/* What the CLI's words for a start's steps name. */
struct start_words {
	const char			*name;
	const struct guest_paths	*gp;
};

/* The start's steps in the CLI's words: the failure on stderr. */
static void
print_start_step(enum guest_start_step step, const char *line, pid_t pid,
    void *arg)
{
	const struct start_words	*w = arg;

	switch (step) {
	case GUEST_START_NOTE:
		printf("%s\n", line);
		break;
	case GUEST_START_PINNED:
		printf("pinned: %s\n", line);
		break;
	case GUEST_START_BUILDING:
		printf("cdrom %s: building its ISO\n", line);
		break;
	case GUEST_START_BUILD_PROGRESS:
		/* A line a percent is too many for a script's log. */
		break;
	case GUEST_START_LAUNCHED:
		break;
	case GUEST_START_RUNNING:
		printf("guest %s started: pid %d, QMP socket %s, log %s\n",
		    w->name, (int)pid, w->gp->qmp, w->gp->log);
		break;
	case GUEST_START_FAILED:
		fprintf(stderr, "vfiotui: %s\n", line);
		break;
	}
	fflush(stdout);
}

/* The checks, then the start, waited for until the guest runs. */
static int
start_guest(struct context *ctx, const char *name, struct profile *prof,
    const struct guest_paths *gp)
{
	struct start_words	w = { .name = name, .gp = gp };
	char			err[2048], comm[16];
	size_t			bad;
	pid_t			pid;
	int			r, bad_input;

	if ((pid = guest_pid(gp, ctx->proc_root, guest_comm(prof, comm,
	    sizeof comm))) > 0) {
		fprintf(stderr, "vfiotui: guest %s is running already (pid "
		    "%d, QMP socket %s)\n", prof->name, (int)pid, gp->qmp);
		profile_free(prof);
		return EXIT_FAILED;
	}
	/* The devices to check, and the CPUs a pin line names. */
	if ((prof->npci > 0 || prof->pin.line > 0) &&
	    (r = context_load(ctx, PCI_INFO_ALL)) != EXIT_OK) {
		profile_free(prof);
		return r;
	}
	if (guest_check(prof, ctx->host, gp, &bad, err, sizeof err) !=
	    GUEST_OK) {
		fprintf(stderr, "vfiotui: %s\n", err);
		profile_free(prof);
		return EXIT_FAILED;
	}
	if (guest_start_sync(prof, gp, ctx->sys, ctx->proc_root,
	    print_start_step, &w, &bad_input) > 0)
		return EXIT_OK;
	/* A net.conf that does not parse is bad input, as in vfiotui net. */
	return bad_input ? EXIT_USAGE : EXIT_FAILED;
}

static int
cmd_guest_start_exec(struct context *ctx, int argc, char **argv)
{
	struct guest_paths	 gp;
	struct profile		*prof;
	const char		*name = NULL;
	char			**qargv;
	int			 print = 0, r, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--print") == 0)
			print = 1;
		else if (argv[i][0] != '-' && name == NULL)
			name = argv[i];
		else
			return bad_usage("guest start: unexpected argument "
			    "'%s'", argv[i]);
	}
	if (name == NULL)
		return bad_usage("guest start: which guest? (vfiotui guest "
		    "list shows them)");
	if ((r = load_guest(name, &prof, &gp)) != EXIT_OK)
		return r;
	if (!print)
		return start_guest(ctx, name, prof, &gp);
	if ((r = build_argv(prof, &gp, &qargv)) == EXIT_OK) {
		for (i = 0; qargv[i] != NULL; i++)
			printf("%s\n", qargv[i]);
		qemu_argv_free(qargv);
	}
	profile_free(prof);
	return r;
}

/*
 * The pid of guest NAME's QEMU, 0 when it is not running; its profile's
 * stop-timeout in *SECS when SECS is set.
 */
static pid_t
running_pid(struct context *ctx, const char *name, struct guest_paths *gp,
    long *secs)
{
	char		 dir[PATH_MAX], err[1024], comm[16];
	struct profile	*prof = NULL;
	pid_t		 pid;

	/* A broken profile still counts: its QEMU is found by name. */
	if (profile_dir(dir, sizeof dir, err, sizeof err) == 0)
		prof = profile_load(dir, name, err, sizeof err);
	pid = guest_pid(gp, ctx->proc_root, guest_comm(prof, comm,
	    sizeof comm));
	if (secs != NULL && prof != NULL)
		*secs = prof->stop_timeout;
	profile_free(prof);
	return pid;
}

/* One guest of the list: its pid when it runs, else how it ended. */
struct listed {
	struct guest_name	g;
	pid_t			pid;
	char			state[32];	/* QMP's run state, or ours */
	char			qmp[PATH_MAX];
	char			end[256];	/* "" when not known */
};

/* A glance at a guest's run state, not a wait: the list is for a look. */
#define LIST_STATE_MS	500

/*
 * The run state QEMU gives on its one-shot socket (running, paused,
 * prelaunch, ...); "running" (its process is) when it does not answer
 * in time.
 */
static void
list_state(const struct guest_paths *gp, char *state, size_t len)
{
	struct json_object	*ret, *v;
	char			 err[512];

	snprintf(state, len, "running");
	if (qmp_call_sync(gp->ctl, "query-status", NULL, &ret, LIST_STATE_MS,
	    NULL, err, sizeof err) == -1)
		return;
	if (json_object_object_get_ex(ret, "status", &v) &&
	    json_object_is_type(v, json_type_string))
		snprintf(state, len, "%s", json_object_get_string(v));
	json_object_put(ret);
}

/*
 * Every guest with a profile or a runtime dir, sorted, with its pid; 1
 * when the runtime dirs could not be read (said on stderr), -1 on error.
 */
static int
collect_guests(struct context *ctx, struct listed **list, size_t *n)
{
	char			 err[1024];
	struct guest_name	*names;
	struct guest_paths	 gp;
	size_t			 i;
	int			 hidden;

	if ((hidden = guest_names(&names, n, err, sizeof err)) == -1) {
		fprintf(stderr, "vfiotui: %s\n", err);
		return -1;
	}
	if (hidden)
		fprintf(stderr, "vfiotui: guest list: running guests not "
		    "shown: %s\n", err);
	if ((*list = calloc(*n + 1, sizeof **list)) == NULL) {
		free(names);
		fprintf(stderr, "vfiotui: out of memory\n");
		return -1;
	}
	for (i = 0; i < *n; i++) {
		struct listed *g = &(*list)[i];

		g->g = names[i];
		if (guest_paths(g->g.name, &gp, err, sizeof err) == -1)
			continue;
		snprintf(g->qmp, sizeof g->qmp, "%s", gp.qmp);
		g->pid = running_pid(ctx, g->g.name, &gp, NULL);
		if (g->pid > 0)
			list_state(&gp, g->state, sizeof g->state);
		else
			guest_end_read(&gp, g->end, sizeof g->end);
	}
	free(names);
	return hidden;
}

static int
list_json(const struct listed *list, size_t n)
{
	struct json_object	*arr = json_object_new_array(), *o;
	size_t			 i;

	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "name",
		    json_object_new_string(list[i].g.name));
		json_object_object_add(o, "profile",
		    json_object_new_boolean(list[i].g.has_profile));
		json_object_object_add(o, "running",
		    json_object_new_boolean(list[i].pid > 0));
		json_object_object_add(o, "state", json_object_new_string(
		    list[i].pid > 0 ? list[i].state : list[i].end[0] ?
		    "exited" : "stopped"));
		json_object_object_add(o, "end", list[i].end[0] ?
		    json_object_new_string(list[i].end) : NULL);
		json_object_object_add(o, "pid", list[i].pid > 0 ?
		    json_object_new_int(list[i].pid) : NULL);
		json_object_object_add(o, "qmp",
		    json_object_new_string(list[i].qmp));
		json_object_array_add(arr, o);
	}
	printf("%s\n", json_object_to_json_string_ext(arr,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
	return EXIT_OK;
}

static int
cmd_guest_list_exec(struct context *ctx, int argc, char **argv)
{
	struct listed	*list;
	size_t		 n, i;
	int		 json, r, hidden;

	if ((r = json_option(argc, argv, &json)) != EXIT_OK)
		return r;
	if ((hidden = collect_guests(ctx, &list, &n)) == -1)
		return EXIT_FAILED;
	if (json)
		r = list_json(list, n);
	else
		for (i = 0; i < n; i++) {
			if (list[i].pid > 0)
				printf("%-16s %-8s pid %d  %s\n",
				    list[i].g.name, list[i].state,
				    (int)list[i].pid, list[i].qmp);
			else if (list[i].end[0] != '\0')
				printf("%-16s exited   %s%s\n", list[i].g.name,
				    list[i].end, list[i].g.has_profile ? "" :
				    "  (no profile)");
			else
				printf("%-16s stopped%s\n", list[i].g.name,
				    list[i].g.has_profile ? "" :
				    "  (no profile)");
		}
	free(list);
	/* A partial list is the system's no, as the user was told. */
	return r == EXIT_OK && hidden ? EXIT_FAILED : r;
}

static int
parse_timeout(const char *verb, const char *arg, long *secs)
{
	char	*end;

	*secs = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || *secs <= 0 || *secs > 86400)
		return bad_usage("guest %s: --timeout wants seconds, 1 to "
		    "86400, not '%s'", verb, arg);
	return EXIT_OK;
}

/* The stop's steps in the CLI's words: the failure on stderr. */
static void
print_stop_step(enum guest_stop_step step, const char *line, void *arg)
{
	(void)arg;
	if (step == GUEST_STOP_FAILED)
		fprintf(stderr, "vfiotui: %s\n", line);
	else if (line != NULL) {
		printf("%s\n", line);
		fflush(stdout);
	}
}

static int
cmd_guest_stop_exec(struct context *ctx, int argc, char **argv)
{
	struct guest_paths	 gp;
	const char		*name = NULL;
	char			 err[1024];
	long			 secs = 60, given = 0;
	pid_t			 pid;
	int			 i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
			if ((r = parse_timeout("stop", argv[++i], &given)) !=
			    EXIT_OK)
				return r;
		} else if (argv[i][0] != '-' && name == NULL)
			name = argv[i];
		else
			return bad_usage("guest stop: unexpected argument "
			    "'%s'", argv[i]);
	}
	if (name == NULL)
		return bad_usage("guest stop: which guest?");
	if (guest_paths(name, &gp, err, sizeof err) == -1) {
		fprintf(stderr, "vfiotui: guest stop: %s\n", err);
		return profile_name_ok(name) ? EXIT_FAILED : EXIT_USAGE;
	}
	if (!guest_known(name, &gp)) {
		fprintf(stderr, "vfiotui: guest stop: no guest %s (no profile, "
		    "no runtime dir; vfiotui guest list shows them)\n", name);
		return EXIT_FAILED;
	}
	if ((pid = running_pid(ctx, name, &gp, &secs)) == 0) {
		fprintf(stderr, "vfiotui: guest %s is not running\n", name);
		return EXIT_FAILED;
	}
	/*
	 * ACPI power-down, then up to SECS for the guest's OS to act on it,
	 * then quit: what a shutdown button and a patient user would do.
	 */
	return guest_stop_sync(name, &gp, pid, given ? given : secs,
	    print_stop_step, NULL) == 0 ? EXIT_OK : EXIT_FAILED;
}

/* A guest that is not running: how it ended, and for status its log. */
static void
not_running(const char *verb, const char *name, const struct guest_paths *gp)
{
	char	end[256], lines[2048], *line, *save;

	guest_end_read(gp, end, sizeof end);
	fprintf(stderr, "vfiotui: guest %s is not running%s%s\n", name,
	    end[0] ? ": " : "", end);
	if (strcmp(verb, "status") != 0)
		return;
	guest_end_log_lines(gp, 4, lines, sizeof lines);
	if (lines[0] != '\0')
		fprintf(stderr, "vfiotui: the last lines of its logs (%s, "
		    "qemu.log):\n", gp->log);
	for (line = strtok_r(lines, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		fprintf(stderr, "    %s\n", line);
}

/*
 * The verbs on a QMP socket, ARGV from the verb on: a NAME becomes its
 * guest's socket (attach watches through the watcher's, the rest go
 * through the commands'), and cmd_guest_qmp() does the rest.
 */
static int
cmd_guest_socket_exec(struct context *ctx, int argc, char **argv)
{
	static char		 path[PATH_MAX];
	struct guest_paths	 gp;
	char			 err[1024];
	int			 i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--timeout") == 0) {
			i++;
			continue;
		}
		if (argv[i][0] == '-' || guest_arg_is_socket(argv[i]))
			continue;
		if (!profile_name_ok(argv[i]))
			return bad_usage("guest %s: '%s' is not a guest name",
			    argv[0], argv[i]);
		if (guest_paths(argv[i], &gp, err, sizeof err) == -1) {
			fprintf(stderr, "vfiotui: guest %s: %s\n", argv[0],
			    err);
			return EXIT_FAILED;
		}
		if (!guest_known(argv[i], &gp)) {
			fprintf(stderr, "vfiotui: guest %s: '%s' is not a QMP "
			    "socket, nor a guest with a profile or a runtime "
			    "dir (vfiotui guest list shows them)\n", argv[0],
			    argv[i]);
			return EXIT_FAILED;
		}
		if (running_pid(ctx, argv[i], &gp, NULL) == 0) {
			not_running(argv[0], argv[i], &gp);
			return EXIT_FAILED;
		}
		snprintf(path, sizeof path, "%s", strcmp(argv[0],
		    "attach") == 0 ? gp.attach : gp.ctl);
		argv[i] = path;
		/* The record a dashboard would leave, for when none runs. */
		if ((r = cmd_guest_qmp(argc, argv)) == EXIT_OK &&
		    strcmp(argv[0], "kill") == 0)
			guest_end_record(&gp, "quit by QMP");
		return r;
	}
	return cmd_guest_qmp(argc, argv);
}
