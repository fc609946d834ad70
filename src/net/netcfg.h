/*
 * The switch's configuration: a small "key = value" file that says where
 * the VDE switch listens, whether it owns a tap with a host address, who
 * may connect, and whether slirpvde gives guests NAT and DHCP.  Every key
 * has a default that needs no root, so a missing file is fine.
 */
#ifndef VFIOTUI_NETCFG_H
#define VFIOTUI_NETCFG_H

#include <sys/types.h>

#include <limits.h>
#include <net/if.h>

/* sun_path holds 108 bytes; the switch adds "/ctl", clients "/NNN.FD". */
#define NETCFG_SOCK_MAX		90
#define NETCFG_SUN_MAX		107

struct netcfg {
	char	file[PATH_MAX];		/* the file read (it may not exist) */
	int	file_exists;
	char	dir[PATH_MAX];		/* this switch's: pid files, logs */
	char	sock[PATH_MAX];		/* vde_switch -sock: a directory */
	char	mgmt[PATH_MAX];		/* vde_switch -mgmt */
	char	tap[IFNAMSIZ];		/* "" for none */
	char	address[64];		/* "10.0.2.1/24" on the tap, or "" */
	char	group[64];		/* owner group of the sockets, or "" */
	mode_t	mode;			/* of the sockets; 0: the switch's */
	int	dhcp;			/* slirpvde --dhcp */
	int	slirp;			/* slirpvde at all (NAT) */
};

/*
 * Where the configuration lives when no file is named:
 * $XDG_CONFIG_HOME/vfiotui/net.conf, else SYSCONFDIR/vfiotui/net.conf for
 * root (configure's --sysconfdir), else ~/.config/vfiotui/net.conf.  0, or
 * -1 with why in ERR.
 */
int	netcfg_default_file(char *buf, size_t len, char *err, size_t errlen);

/*
 * Fills CFG with the defaults, then reads FILE (NULL: the default file)
 * over them.  A missing default file is no error; a missing named one
 * is.  Returns 0; -1 with "FILE:LINE: what is wrong" in ERR; -2 with
 * why in ERR when the runtime dir is not this user's to use (rundir.h).
 */
int	netcfg_load(struct netcfg *cfg, const char *file, char *err,
	    size_t errlen);

/* The path of NAME ("switch.pid", "slirpvde.log") in CFG's runtime dir. */
int	netcfg_run_path(const struct netcfg *cfg, const char *name, char *buf,
	    size_t len);

#endif
