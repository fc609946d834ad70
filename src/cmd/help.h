/*
 * The help text of the program and of every command, from the table of
 * commands (src/cmd/cmd.h): `vfiotui --help` lists the commands, `vfiotui
 * COMMAND --help` describes one with its options, so the two cannot
 * drift apart.
 */
#ifndef VFIOTUI_HELP_H
#define VFIOTUI_HELP_H

#include <stdio.h>

/* `vfiotui --help`: the synopsis, every command, the global options. */
void	help_usage(FILE *);

/* Whether ARGV (a command and its arguments) asks for help: -h or --help. */
int	help_asked(int argc, char **argv);

/*
 * `vfiotui COMMAND [VERB] ... --help`: prints that command's help (or its
 * family's, for `net --help` and `guest --help`) on stdout.  Returns an
 * EXIT_* code: EXIT_USAGE, having said so, for a command there is none of.
 */
int	help_command(int argc, char **argv);

#endif
