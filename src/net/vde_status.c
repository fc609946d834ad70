/*
 * What the network looks like now: the daemons from their pid files,
 * the switch's ports from its management socket, slirpvde's addresses
 * from its log, and the tap from the kernel's interface list.
 */
#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "safefile.h"
#include "spawn.h"
#include "vde.h"

#define STATUS_TIMEOUT_MS	1000
#define LOG_LINES		3

const char *
vde_state_word(enum vde_state s)
{
	switch (s) {
	case VDE_UP:
		return "up";
	case VDE_EXTERNAL:
		return "external";
	case VDE_DEAD:
		return "dead";
	default:
		return "down";
	}
}

/* The last LOG_LINES lines of PATH, joined by "\n". */
static void
log_tail(const char *path, char *buf, size_t len)
{
	char	 lines[LOG_LINES][256], line[256], why[PATH_MAX + 128];
	FILE	*f;
	int	 n = 0, i;

	buf[0] = '\0';
	if ((f = safefile_fopen(path, SAFEFILE_OWN, 0, why, sizeof why)) ==
	    NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] != '\0')
			snprintf(lines[n++ % LOG_LINES], sizeof line, "%s",
			    line);
	}
	fclose(f);
	for (i = n > LOG_LINES ? n - LOG_LINES : 0; i < n; i++) {
		strncat(buf, lines[i % LOG_LINES], len - strlen(buf) - 1);
		if (i + 1 < n)
			strncat(buf, "\n", len - strlen(buf) - 1);
	}
}

/* "KEY<spaces>=VALUE" from slirpvde's banner, the last one in the log. */
static void
banner_value(const char *line, const char *key, char *out, size_t len)
{
	const char	*p = strstr(line, key), *eq;

	if (p == NULL || (eq = strchr(p, '=')) == NULL)
		return;
	snprintf(out, len, "%.*s", (int)strcspn(eq + 1, " \n"), eq + 1);
}

static void
dhcp_info(const struct netcfg *cfg, char *buf, size_t len)
{
	char	 path[PATH_MAX], line[256], host[48] = "", dns[48] = "";
	char	 first[48] = "", why[PATH_MAX + 128];
	FILE	*f;

	buf[0] = '\0';
	vde_daemon_file(cfg, "slirpvde", ".log", path, sizeof path);
	if ((f = safefile_fopen(path, SAFEFILE_OWN, 0, why, sizeof why)) ==
	    NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		banner_value(line, "virtual_host", host, sizeof host);
		banner_value(line, "DNS ", dns, sizeof dns);
		banner_value(line, "dhcp_start", first, sizeof first);
	}
	fclose(f);
	if (host[0] != '\0')
		snprintf(buf, len, "gateway %s, DNS %s%s%s", host, dns,
		    cfg->dhcp && first[0] ? ", leases from " : "",
		    cfg->dhcp ? first : "");
}

static void
tap_info(const struct netcfg *cfg, struct vde_status *st)
{
	struct ifaddrs	*ifs, *i;
	char		 ip[INET_ADDRSTRLEN], one[64];
	int		 prefix;
	uint32_t	 mask;

	if (cfg->tap[0] == '\0' || getifaddrs(&ifs) == -1)
		return;
	for (i = ifs; i != NULL; i = i->ifa_next) {
		if (strcmp(i->ifa_name, cfg->tap) != 0)
			continue;
		st->tap_exists = 1;
		st->tap_up = (i->ifa_flags & IFF_UP) != 0;
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
			continue;
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)
		    i->ifa_addr)->sin_addr, ip, sizeof ip);
		mask = i->ifa_netmask == NULL ? 0xffffffffu :
		    ntohl(((struct sockaddr_in *)(void *)
		    i->ifa_netmask)->sin_addr.s_addr);
		for (prefix = 0; mask & 0x80000000u; mask <<= 1)
			prefix++;
		snprintf(one, sizeof one, "%s%s/%d", st->tap_addrs[0] ? " " :
		    "", ip, prefix);
		strncat(st->tap_addrs, one, sizeof st->tap_addrs -
		    strlen(st->tap_addrs) - 1);
	}
	freeifaddrs(ifs);
}

static void
read_ports(const struct netcfg *cfg, struct vde_status *st)
{
	struct vde_mgmt_msg	 msg;
	struct vde_mgmt		*m;
	char			 err[256];

	if ((m = vde_mgmt_connect(cfg->mgmt, err, sizeof err)) == NULL)
		return;
	if (vde_mgmt_call(m, "port/allprint", STATUS_TIMEOUT_MS, &msg, err,
	    sizeof err) == 0 &&
	    (st->nports = vde_ports_parse(msg.data, &st->ports)) >= 0)
		st->mgmt_ok = 1;
	else
		st->nports = 0;
	vde_mgmt_free(m);
}

/* STATE and PID of DAEMON, from its pid file; a dead one's log tail. */
static enum vde_state
daemon_state(const struct netcfg *cfg, const char *proc_root,
    const char *daemon, const char *comm, pid_t *pid, char *log, size_t len)
{
	char	path[PATH_MAX];

	vde_daemon_file(cfg, daemon, ".pid", path, sizeof path);
	if ((*pid = spawn_pidfile_alive(proc_root, path, comm)) > 0)
		return VDE_UP;
	*pid = 0;
	if (access(path, F_OK) != 0)
		return VDE_DOWN;
	vde_daemon_file(cfg, daemon, ".log", path, sizeof path);
	log_tail(path, log, len);
	return VDE_DEAD;
}

int
vde_status_read(const struct netcfg *cfg, const char *proc_root,
    struct vde_status *st)
{
	char		ctl[PATH_MAX + 8];
	struct stat	sb;

	memset(st, 0, sizeof *st);
	st->sw = daemon_state(cfg, proc_root, "switch", "vde_switch",
	    &st->sw_pid, st->sw_log, sizeof st->sw_log);
	if (st->sw != VDE_UP && vde_switch_answers(cfg->sock))
		st->sw = VDE_EXTERNAL;
	snprintf(ctl, sizeof ctl, "%s/ctl", cfg->sock);
	if (st->sw == VDE_DOWN || st->sw == VDE_DEAD)
		st->stale = lstat(ctl, &sb) == 0 || lstat(cfg->mgmt, &sb) == 0;
	if (st->sw == VDE_UP || st->sw == VDE_EXTERNAL)
		read_ports(cfg, st);
	if (cfg->slirp) {
		st->slirp = daemon_state(cfg, proc_root, "slirpvde",
		    "slirpvde", &st->slirp_pid, st->slirp_log,
		    sizeof st->slirp_log);
		if (st->slirp == VDE_UP)
			dhcp_info(cfg, st->dhcp, sizeof st->dhcp);
	}
	tap_info(cfg, st);
	return 0;
}

void
vde_status_free(struct vde_status *st)
{
	free(st->ports);
	st->ports = NULL;
	st->nports = 0;
}
