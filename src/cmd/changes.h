/*
 * `vfiotui watch`: the host's changes as lines on stdout, for scripts.
 */
#ifndef VFIOTUI_CHANGES_H
#define VFIOTUI_CHANGES_H

struct host;
struct loop;

/* Runs until SIGINT or SIGTERM; returns an EXIT_* code. */
int	watch_run(struct loop *, struct host *, int json);

#endif
