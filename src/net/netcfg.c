/*
 * Reading net.conf: lines as confline.h reads them, each key taking one
 * value.  Each error names the file and the line, and says what a good
 * value looks like.
 */
#include "config.h"

#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confline.h"
#include "netcfg.h"
#include "rundir.h"
#include "safefile.h"
#include "xdg.h"

int
netcfg_default_file(char *buf, size_t len, char *err, size_t errlen)
{
	char	why[PATH_MAX + 32];

	/* Root's is the system's, unless root asks for its own. */
	if (!xdg_is_set(XDG_CONFIG) && geteuid() == 0) {
		snprintf(buf, len, SYSCONFDIR "/vfiotui/net.conf");
		return 0;
	}
	if (xdg_path(XDG_CONFIG, "net.conf", buf, len, why, sizeof why) == 0)
		return 0;
	snprintf(err, errlen, "no configuration dir: %s (name a file with "
	    "--config)", why);
	return -1;
}

static int
set_defaults(struct netcfg *cfg, char *err, size_t errlen)
{
	memset(cfg, 0, sizeof *cfg);
	if (rundir_path("net", cfg->dir, sizeof cfg->dir, err, errlen) == -1)
		return -1;
	if (netcfg_run_path(cfg, "switch", cfg->sock, sizeof cfg->sock) < 0 ||
	    netcfg_run_path(cfg, "mgmt", cfg->mgmt, sizeof cfg->mgmt) < 0) {
		snprintf(err, errlen, "runtime dir path too long: %s",
		    cfg->dir);
		return -1;
	}
	cfg->dhcp = 1;
	cfg->slirp = 1;
	return 0;
}

int
netcfg_run_path(const struct netcfg *cfg, const char *name, char *buf,
    size_t len)
{
	int	n = snprintf(buf, len, "%s/%s", cfg->dir, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int
parse_bool(const char *v, int *out)
{
	if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true") ||
	    !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "off") || !strcmp(v, "no") ||
	    !strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

static int
parse_path(struct confline *l, const char *v, char *out, size_t max)
{
	if (v[0] != '/')
		return confline_error(l, "'%s' is not an absolute path", v);
	/* A unix socket's path must fit sun_path, or it is cut silently. */
	if (strlen(v) > max)
		return confline_error(l, "'%s' is too long for a unix socket "
		    "(%zu bytes, at most %zu)", v, strlen(v), max);
	snprintf(out, PATH_MAX, "%s", v);
	return 0;
}

/* Interface and group names: short, and safe in an argv and a path. */
static int
parse_name(const char *v, char *out, size_t len)
{
	const char	*p;

	if (v[0] == '\0' || v[0] == '-' || strlen(v) >= len)
		return -1;
	for (p = v; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return -1;
	snprintf(out, len, "%s", v);
	return 0;
}

static int
parse_address(const char *v, char *out, size_t len)
{
	char		 ip[32], *end;
	const char	*slash = strchr(v, '/');
	struct in_addr	 a;
	long		 prefix;

	if (slash == NULL || (size_t)(slash - v) >= sizeof ip)
		return -1;
	snprintf(ip, sizeof ip, "%.*s", (int)(slash - v), v);
	if (inet_pton(AF_INET, ip, &a) != 1)
		return -1;
	prefix = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end != '\0' || prefix < 1 || prefix > 32)
		return -1;
	snprintf(out, len, "%s", v);
	return 0;
}

static int
parse_mode(const char *v, mode_t *out)
{
	char	*end;
	long	 m = strtol(v, &end, 8);

	if (end == v || *end != '\0' || m <= 0 || m > 0777)
		return -1;
	*out = (mode_t)m;
	return 0;
}

/* One "key = value" line (ARG is the struct netcfg); 0, or -1. */
static int
apply(struct confline *l, void *arg)
{
	struct netcfg	*cfg = arg;
	const char	*key = l->key, *v = l->words[0];
	int		 r;

	if (confline_single(l) == -1)
		return -1;
	if (strcmp(key, "socket") == 0)
		return parse_path(l, v, cfg->sock, NETCFG_SOCK_MAX);
	if (strcmp(key, "mgmt") == 0)
		return parse_path(l, v, cfg->mgmt, NETCFG_SUN_MAX);
	if (strcmp(key, "address") == 0)
		return parse_address(v, cfg->address, sizeof cfg->address) ==
		    0 ? 0 : confline_error(l, "bad address '%s' (IPv4 with a "
		    "prefix, e.g. 10.0.2.1/24)", v);
	if (strcmp(key, "mode") == 0)
		return parse_mode(v, &cfg->mode) == 0 ? 0 :
		    confline_error(l, "bad mode '%s' (octal, e.g. 660)", v);
	if (strcmp(key, "tap") == 0)
		r = parse_name(v, cfg->tap, sizeof cfg->tap);
	else if (strcmp(key, "group") == 0)
		r = parse_name(v, cfg->group, sizeof cfg->group);
	else if (strcmp(key, "dhcp") == 0)
		r = parse_bool(v, &cfg->dhcp);
	else if (strcmp(key, "slirp") == 0)
		r = parse_bool(v, &cfg->slirp);
	else
		return confline_error(l, "unknown key '%s' (socket, mgmt, "
		    "tap, address, group, mode, dhcp, slirp)", key);
	return r == -1 ? confline_error(l, "bad value '%s' for %s", v, key) :
	    0;
}

/* What no single line shows: pairs of keys, and defaults that do not fit. */
static int
validate(const struct netcfg *cfg, char *err, size_t errlen)
{
	if (strlen(cfg->sock) > NETCFG_SOCK_MAX ||
	    strlen(cfg->mgmt) > NETCFG_SUN_MAX) {
		snprintf(err, errlen, "socket path too long for a unix socket "
		    "(at most %d bytes): %s; set a shorter 'socket =' and "
		    "'mgmt =' in %s", NETCFG_SOCK_MAX,
		    strlen(cfg->sock) > NETCFG_SOCK_MAX ? cfg->sock :
		    cfg->mgmt, cfg->file);
		return -1;
	}
	if (cfg->address[0] != '\0' && cfg->tap[0] == '\0') {
		snprintf(err, errlen, "%s: address needs a tap (add 'tap = "
		    "NAME')", cfg->file);
		return -1;
	}
	if (cfg->dhcp && !cfg->slirp) {
		snprintf(err, errlen, "%s: dhcp = on needs slirp = on "
		    "(slirpvde is the DHCP server)", cfg->file);
		return -1;
	}
	return 0;
}

/*
 * The switch of a configuration named with --config keeps its pid files,
 * logs and default mgmt socket in a dir of its own, net/config-HASH (HASH
 * of the file's real path): sharing net/ with the default configuration's
 * switch, 'net stop --config A' read that switch's pid files and stopped
 * it.  The default configuration's stays in net/, where the systemd unit
 * looks for its pid file.
 */
static int
place_run_dir(struct netcfg *cfg, const char *named, char *err,
    size_t errlen)
{
	char		 dflt_sock[PATH_MAX], dflt_mgmt[PATH_MAX];
	char		 dflt_file[PATH_MAX], real[PATH_MAX], why[256];
	uint64_t	 h = 14695981039346656037ULL;	/* FNV-1a */
	const char	*p;
	size_t		 len = strlen(cfg->dir);
	int		 n;

	if (named == NULL)
		return 0;
	if (realpath(named, real) == NULL)
		snprintf(real, sizeof real, "%s", named);
	if (netcfg_default_file(dflt_file, sizeof dflt_file, why,
	    sizeof why) == 0 && strcmp(real, dflt_file) == 0)
		return 0;
	netcfg_run_path(cfg, "switch", dflt_sock, sizeof dflt_sock);
	netcfg_run_path(cfg, "mgmt", dflt_mgmt, sizeof dflt_mgmt);
	for (p = real; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	n = snprintf(cfg->dir + len, sizeof cfg->dir - len,
	    "/config-%016" PRIx64, h);
	/* The sockets the file does not place move with the dir. */
	if (n < 0 || (size_t)n >= sizeof cfg->dir - len ||
	    (strcmp(cfg->sock, dflt_sock) == 0 &&
	    netcfg_run_path(cfg, "switch", cfg->sock, sizeof cfg->sock) < 0) ||
	    (strcmp(cfg->mgmt, dflt_mgmt) == 0 &&
	    netcfg_run_path(cfg, "mgmt", cfg->mgmt, sizeof cfg->mgmt) < 0)) {
		snprintf(err, errlen, "runtime dir path too long: %s",
		    cfg->dir);
		return -1;
	}
	return 0;
}

int
netcfg_load(struct netcfg *cfg, const char *file, char *err, size_t errlen)
{
	FILE	*f;
	int	 r;

	if (set_defaults(cfg, err, errlen) == -1)
		return -2;
	if (file != NULL)
		snprintf(cfg->file, sizeof cfg->file, "%s", file);
	else if (netcfg_default_file(cfg->file, sizeof cfg->file, err,
	    errlen) == -1)
		return -1;
	if ((f = safefile_fopen(cfg->file, 0, CONFLINE_FILE_MAX, err,
	    errlen)) == NULL) {
		if (errno == ENOENT && file == NULL)
			return validate(cfg, err, errlen);
		return -1;
	}
	cfg->file_exists = 1;
	r = confline_read(f, cfg->file, apply, cfg, err, errlen);
	fclose(f);
	if (r == 0 && (r = place_run_dir(cfg, file, err, errlen)) == 0)
		r = validate(cfg, err, errlen);
	return r;
}
