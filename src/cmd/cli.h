/*
 * The text and JSON output of the subcommands that describe the host.
 */
#ifndef VFIOTUI_CLI_H
#define VFIOTUI_CLI_H

#include <stdio.h>

struct host;
struct json_object;
struct pcinames;
struct pci_addr;

/* `vfiotui list`: one line per device, group by group. */
void	cli_list(FILE *, const struct host *, struct pcinames *);
/* `vfiotui list --json`: the whole model.  Returns 0 or -1. */
int	cli_list_json(FILE *, const struct host *, struct pcinames *);
/* `vfiotui show ADDR`.  Returns an EXIT_* code; errors go to stderr. */
int	cli_show(FILE *, const struct host *, struct pcinames *,
	    const struct pci_addr *);

/* V as a JSON string of DIGITS lowercase hex digits ("10de"). */
struct json_object	*cli_json_hex(unsigned int v, int digits);

#endif
