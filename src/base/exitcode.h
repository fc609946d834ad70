/*
 * The exit codes of every subcommand, in one place, as the man page
 * documents them.
 */
#ifndef VFIOTUI_EXITCODE_H
#define VFIOTUI_EXITCODE_H

#define EXIT_OK		0	/* done */
#define EXIT_FAILED	1	/* an action failed, or the system said no */
#define EXIT_USAGE	2	/* bad usage or bad input */

#endif
