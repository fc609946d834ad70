/*
 * libFuzzer target for the user config (`make fuzz-userconf`): the input
 * is the file userconf_load reads.  What it takes must be in range (the
 * refresh a timer is set from, the hide lists within their arrays) and
 * usable by userconf_hides.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzfile.h"
#include "pci.h"
#include "userconf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct userconf	 conf;
	struct pci_dev_info	 dev = { .class = 0x030000 };
	const char		*path;
	char			 err[1024];
	size_t			 i;

	path = fuzzfile_write("config", data, size);
	err[0] = '\0';
	if (userconf_load(&conf, path, err, sizeof err) == -1) {
		if (strncmp(err, path, strlen(path)) != 0)
			abort();
		return 0;
	}
	if (conf.nhide_addrs > USERCONF_MAX_HIDE ||
	    conf.nhide_classes > USERCONF_MAX_HIDE ||
	    (conf.refresh_ms != 0 &&
	    (conf.refresh_ms < 100 || conf.refresh_ms > 3600 * 1000)) ||
	    (conf.colors != 0 && conf.colors != 1) ||
	    memchr(conf.net_config, '\0', sizeof conf.net_config) == NULL ||
	    (conf.net_config[0] != '\0' && conf.net_config[0] != '/'))
		abort();
	for (i = 0; i < conf.nhide_classes; i++)
		if ((conf.hide_classes[i].value & ~conf.hide_classes[i].mask) !=
		    0)
			abort();
	for (i = 0; i < conf.nhide_addrs; i++)
		if (conf.hide_addrs[i].dev > 0x1f || conf.hide_addrs[i].fn > 7)
			abort();
	(void)userconf_hides(&conf, &dev);
	if (conf.nhide_addrs > 0) {
		dev.addr = conf.hide_addrs[conf.nhide_addrs - 1];
		if (!userconf_hides(&conf, &dev))
			abort();
	}
	return 0;
}
