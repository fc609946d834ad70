/*
 * libFuzzer target for net.conf (`make fuzz-netcfg`): the input is the
 * file netcfg_load reads.  What it takes goes into vde_switch's, ip's
 * and slirpvde's argv and into socket paths, so it must be what each
 * key's check says: absolute paths that fit a unix socket, names that
 * are no option, an IPv4 address with a prefix ip(8) takes, a mode of
 * 0777 or less.
 */
#include "config.h"

#include <arpa/inet.h>

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzfile.h"
#include "netcfg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_name(const char *s, size_t size)
{
	if (memchr(s, '\0', size) == NULL || s[0] == '-')
		abort();
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("_.-", *s) == NULL)
			abort();
}

/*
 * "10.0.2.1/24": an address, a slash, and a prefix of 1 to 32 as ip(8)
 * reads it (strtoul: "/ 24" and "/+24" are 24 to it too).
 */
static void
check_address(const char *s)
{
	char		 ip[64], *end;
	const char	*slash = strchr(s, '/');
	struct in_addr	 a;
	unsigned long	 prefix;

	if (s[0] == '\0')
		return;
	if (slash == NULL || (size_t)(slash - s) >= sizeof ip)
		abort();
	memcpy(ip, s, (size_t)(slash - s));
	ip[slash - s] = '\0';
	prefix = strtoul(slash + 1, &end, 10);
	if (inet_pton(AF_INET, ip, &a) != 1 || end == slash + 1 ||
	    *end != '\0' || prefix < 1 || prefix > 32)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct netcfg	 cfg;
	const char		*path;
	char			 err[1024];

	/* The runtime dir is only named, never made, by netcfg_load. */
	setenv("XDG_RUNTIME_DIR", "/run/user/fuzz", 1);
	path = fuzzfile_write("net.conf", data, size);
	err[0] = '\0';
	if (netcfg_load(&cfg, path, err, sizeof err) == -1) {
		if (err[0] == '\0')
			abort();
		return 0;
	}
	if (!cfg.file_exists || cfg.sock[0] != '/' || cfg.mgmt[0] != '/' ||
	    strlen(cfg.sock) > NETCFG_SOCK_MAX ||
	    strlen(cfg.mgmt) > NETCFG_SUN_MAX || cfg.mode > 0777 ||
	    (cfg.address[0] != '\0' && cfg.tap[0] == '\0') ||
	    (cfg.dhcp && !cfg.slirp))
		abort();
	check_name(cfg.tap, sizeof cfg.tap);
	check_name(cfg.group, sizeof cfg.group);
	if (memchr(cfg.address, '\0', sizeof cfg.address) == NULL)
		abort();
	check_address(cfg.address);
	return 0;
}
