/*
 * vfiotui net start|stop|status: the guests' network from the command
 * line (and from the systemd unit at boot), in text or JSON.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cmd.h"
#include "exitcode.h"
#include "netcfg.h"
#include "vde.h"

#define OPT_CONFIG	{ "--config FILE", "read FILE, not " \
			    "~/.config/vfiotui/net.conf (root: " SYSCONFDIR \
			    "/vfiotui/net.conf)" }

static int	cmd_net_exec(struct context *, int, char **);

const struct cmd_entry cmd_net_start_entry = {
	.name = "net start",
	.usage = "[--config FILE]",
	.help = "start the guests' VDE switch, tap address and slirpvde",
	.opts = { OPT_CONFIG },
	.exec = cmd_net_exec,
};

const struct cmd_entry cmd_net_stop_entry = {
	.name = "net stop",
	.usage = "[--force] [--config FILE]",
	.help = "stop the switch and slirpvde, remove their sockets",
	.opts = { { "--force", "stop a switch vfiotui did not start too" },
	    OPT_CONFIG },
	.exec = cmd_net_exec,
};

const struct cmd_entry cmd_net_status_entry = {
	.name = "net status",
	.usage = "[--json] [--config FILE]",
	.help = "the switch, its ports, the tap and slirpvde",
	.opts = { { "--json", "the same as one JSON object" }, OPT_CONFIG },
	.exec = cmd_net_exec,
};

struct net_opts {
	const char	*verb;
	const char	*config;
	int		 json, force;
};

/* ARGV from the verb on: start, stop or status. */
static int
net_options(int argc, char **argv, struct net_opts *o)
{
	int	i;

	o->verb = argv[0];
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			o->config = argv[++i];
		else if (strcmp(argv[i], "--json") == 0 &&
		    strcmp(o->verb, "status") == 0)
			o->json = 1;
		else if (strcmp(argv[i], "--force") == 0 &&
		    strcmp(o->verb, "stop") == 0)
			o->force = 1;
		else
			return bad_usage("net %s: unexpected argument '%s'",
			    o->verb, argv[i]);
	}
	return EXIT_OK;
}

/* A dead daemon's log tail, indented. */
static void
print_log(const char *log)
{
	const char	*p = log, *nl;

	if (log[0] == '\0')
		return;
	printf("  last lines of its log:\n");
	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		printf("  | %.*s\n", (int)(nl - p), p);
	}
}

static void
print_switch(const struct netcfg *cfg, const struct vde_status *st)
{
	int	i, used = 0;

	printf("switch: %s", vde_state_word(st->sw));
	if (st->sw == VDE_UP)
		printf(" (pid %d)", (int)st->sw_pid);
	printf(", socket %s%s\n", cfg->sock, st->stale ?
	    " (stale sockets left: 'vfiotui net start' clears them)" : "");
	if (st->sw == VDE_DEAD) {
		printf("  vde_switch is gone; 'vfiotui net start' starts it "
		    "again\n");
		print_log(st->sw_log);
	}
	if (st->sw != VDE_UP && st->sw != VDE_EXTERNAL)
		return;
	if (!st->mgmt_ok) {
		printf("ports: unknown (no management socket at %s)\n",
		    cfg->mgmt);
		return;
	}
	for (i = 0; i < st->nports; i++)
		used += st->ports[i].active;
	printf("ports: %d in use\n", used);
	for (i = 0; i < st->nports; i++)
		if (st->ports[i].active)
			printf("  port %d  %-8s %s\n", st->ports[i].number,
			    st->ports[i].user, st->ports[i].desc[0] ?
			    st->ports[i].desc : st->ports[i].module);
}

static void
print_status(const struct netcfg *cfg, const struct vde_status *st)
{
	print_switch(cfg, st);
	if (cfg->tap[0] == '\0')
		printf("tap: none\n");
	else
		printf("tap: %s %s%s%s\n", cfg->tap, !st->tap_exists ?
		    "absent" : st->tap_up ? "up" : "down",
		    st->tap_addrs[0] ? " " : "", st->tap_addrs);
	if (!cfg->slirp)
		printf("slirpvde: off\n");
	else {
		printf("slirpvde: %s", vde_state_word(st->slirp));
		if (st->slirp == VDE_UP)
			printf(" (pid %d), DHCP %s%s%s", (int)st->slirp_pid,
			    cfg->dhcp ? "on" : "off", st->dhcp[0] ? ": " : "",
			    st->dhcp);
		printf("\n");
		if (st->slirp == VDE_DEAD)
			print_log(st->slirp_log);
	}
	printf("config: %s%s\n", cfg->file, cfg->file_exists ? "" :
	    " (not present: defaults)");
}

static struct json_object *
json_lines(const char *text)
{
	struct json_object	*a = json_object_new_array();
	const char		*p = text, *nl;

	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		json_object_array_add(a, json_object_new_string_len(p,
		    (int)(nl - p)));
	}
	return a;
}

static struct json_object *
json_ports(const struct vde_status *st)
{
	struct json_object	*a = json_object_new_array(), *o;
	int			 i;

	for (i = 0; i < st->nports; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "port",
		    json_object_new_int(st->ports[i].number));
		json_object_object_add(o, "active",
		    json_object_new_boolean(st->ports[i].active));
		json_object_object_add(o, "user",
		    json_object_new_string(st->ports[i].user));
		json_object_object_add(o, "endpoints",
		    json_object_new_int(st->ports[i].nendpoints));
		json_object_object_add(o, "module", st->ports[i].module[0] ?
		    json_object_new_string(st->ports[i].module) : NULL);
		json_object_object_add(o, "endpoint", st->ports[i].desc[0] ?
		    json_object_new_string(st->ports[i].desc) : NULL);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *
json_daemon(enum vde_state state, pid_t pid, const char *log)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "state",
	    json_object_new_string(vde_state_word(state)));
	json_object_object_add(o, "pid", pid > 0 ?
	    json_object_new_int(pid) : NULL);
	json_object_object_add(o, "log", json_lines(log));
	return o;
}

static struct json_object *
json_tap(const struct netcfg *cfg, const struct vde_status *st)
{
	struct json_object	*o;
	char			 addrs[sizeof st->tap_addrs], *a, *save;

	if (cfg->tap[0] == '\0')
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(cfg->tap));
	json_object_object_add(o, "exists",
	    json_object_new_boolean(st->tap_exists));
	json_object_object_add(o, "up", json_object_new_boolean(st->tap_up));
	json_object_object_add(o, "address", cfg->address[0] ?
	    json_object_new_string(cfg->address) : NULL);
	snprintf(addrs, sizeof addrs, "%s", st->tap_addrs);
	json_object_object_add(o, "addresses", json_object_new_array());
	for (a = strtok_r(addrs, " ", &save); a != NULL;
	    a = strtok_r(NULL, " ", &save))
		json_object_array_add(json_object_object_get(o, "addresses"),
		    json_object_new_string(a));
	return o;
}

static int
print_json(const struct netcfg *cfg, const struct vde_status *st)
{
	struct json_object	*o = json_object_new_object(), *sw, *sl;

	json_object_object_add(o, "config", json_object_new_string(cfg->file));
	json_object_object_add(o, "config_exists",
	    json_object_new_boolean(cfg->file_exists));
	json_object_object_add(o, "dir", json_object_new_string(cfg->dir));
	json_object_object_add(o, "socket", json_object_new_string(cfg->sock));
	json_object_object_add(o, "mgmt", json_object_new_string(cfg->mgmt));
	sw = json_daemon(st->sw, st->sw_pid, st->sw_log);
	json_object_object_add(sw, "stale", json_object_new_boolean(st->stale));
	json_object_object_add(o, "switch", sw);
	json_object_object_add(o, "ports", st->mgmt_ok ? json_ports(st) :
	    NULL);
	json_object_object_add(o, "tap", json_tap(cfg, st));
	sl = json_daemon(st->slirp, st->slirp_pid, st->slirp_log);
	json_object_object_add(sl, "enabled",
	    json_object_new_boolean(cfg->slirp));
	json_object_object_add(sl, "dhcp", json_object_new_boolean(cfg->dhcp));
	json_object_object_add(sl, "info", st->dhcp[0] ?
	    json_object_new_string(st->dhcp) : NULL);
	json_object_object_add(o, "slirpvde", sl);
	printf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return EXIT_OK;
}

static int
cmd_net_exec(struct context *ctx, int argc, char **argv)
{
	struct net_opts		o = { 0 };
	struct netcfg		cfg;
	struct vde_status	st;
	char			done[2048], err[1024];
	int			r;

	if ((r = net_options(argc, argv, &o)) != EXIT_OK)
		return r;
	if ((r = netcfg_load(&cfg, o.config, err, sizeof err)) < 0) {
		fprintf(stderr, "vfiotui: net: %s\n", err);
		return r == -2 ? EXIT_FAILED : EXIT_USAGE;
	}
	if (strcmp(o.verb, "status") == 0) {
		vde_status_read(&cfg, ctx->proc_root, &st);
		r = o.json ? print_json(&cfg, &st) : (print_status(&cfg, &st),
		    EXIT_OK);
		vde_status_free(&st);
		return r;
	}
	if (strcmp(o.verb, "start") == 0)
		r = vde_start(&cfg, ctx->proc_root, done, sizeof done, err,
		    sizeof err);
	else
		r = vde_stop(&cfg, ctx->proc_root, o.force, done, sizeof done,
		    err, sizeof err);
	fputs(done, stdout);
	if (r == -1) {
		fprintf(stderr, "vfiotui: net %s: %s\n", o.verb, err);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}
