/*
 * Running other programs: always fork/execvp with an argv, never a
 * shell.  Short helpers (ip, xorriso) run to completion; daemons
 * (vde_switch, slirpvde, QEMU) are detached into their own session so
 * that they outlive vfiotui, and are found again through pid files.
 */
#ifndef VFIOTUI_SPAWN_H
#define VFIOTUI_SPAWN_H

#include <sys/types.h>

#include <stddef.h>

/*
 * Runs ARGV with stdin from /dev/null and its stdout and stderr collected
 * in OUT (at most OUTLEN - 1 bytes kept, NUL-terminated; OUT may be NULL),
 * and waits for it.  Returns its exit status (0-255; 128 + N when killed
 * by signal N), or -1 with why in ERR (it could not be started: the
 * message names the program).
 */
int	spawn_run(char *const argv[], char *out, size_t outlen, char *err,
	    size_t errlen);

/*
 * Starts ARGV as spawn_run does, without waiting: its stdout and stderr
 * go into a pipe whose reading end (close-on-exec) is put in *OUT_FD.
 * Returns its pid, or -1 with why in ERR.
 */
pid_t	spawn_piped(char *const argv[], int *out_fd, char *err,
	    size_t errlen);

/*
 * Runs FN(FD, ARG) in a forked child, without exec: work that would hold
 * the loop up and needs our memory (the dashboard's bind).  FD is the
 * writing end of a pipe whose reading end (close-on-exec) is put in
 * *OUT_FD; the child has stdin, stdout and stderr on /dev/null, default
 * signals, and exits with FN's value (0-255) without our atexit work.
 * Returns its pid, or -1 with why in ERR.
 */
pid_t	spawn_fork(int (*fn)(int fd, void *arg), void *arg, int *out_fd,
	    char *err, size_t errlen);

/*
 * Runs ARGV on our own stdin, stdout and stderr (a terminal it may ask
 * on, as pkexec's agent does) and waits for it.  Returns its exit status
 * as spawn_run does, or -1 with why in ERR.
 */
int	spawn_run_here(char *const argv[], char *err, size_t errlen);

/*
 * Starts ARGV as a child with stdin from /dev/null and stdout and stderr
 * appended to LOG (or /dev/null when LOG is NULL), without waiting.
 * Returns its pid, or -1 with why in ERR; a program that cannot be
 * executed is reported here, not lost in the child.
 */
pid_t	spawn_child(char *const argv[], const char *log, char *err,
	    size_t errlen);

/*
 * Starts ARGV as a daemon: a new session, no controlling terminal, not
 * our child, stdin from /dev/null, stdout and stderr appended to LOG.
 * Writes its pid to PIDFILE (atomically) unless PIDFILE is NULL.
 * Returns the daemon's pid, or -1 with why in ERR.
 */
pid_t	spawn_daemon(char *const argv[], const char *log, const char *pidfile,
	    char *err, size_t errlen);

/*
 * Whether execvp(3) would find PROG: a path that can be executed, or a
 * name in one of $PATH's directories (the choice between viewers).
 */
int	spawn_found(const char *prog);
/* Writes PID to PATH through a temp file and a rename.  0 or -errno. */
int	spawn_pidfile_write(const char *path, pid_t pid);

/*
 * The pid in PIDFILE when that process is alive (not a zombie) and its
 * command name (from PROC_ROOT/PID/stat) is COMM; 0 when the file is
 * missing or stale (no such process, or another program reused the pid);
 * -errno when the file cannot be read, or is not believed (not a regular
 * file of this user's).
 */
pid_t	spawn_pidfile_alive(const char *proc_root, const char *pidfile,
	    const char *comm);

/*
 * A pidfd for PID (readable once the process has exited, child or not),
 * for the poll loop to watch a daemon; -errno on failure.
 */
int	spawn_pidfd(pid_t pid);

/* Waits for the child PID: its exit status, 128 + N after signal N, -1. */
int	spawn_wait(pid_t pid);

/* Waits up to MS for PIDFD to say its process exited; 1 if it did. */
int	spawn_pidfd_wait(int pidfd, int ms);

/*
 * Sends SIGTERM to PID and waits up to TIMEOUT_MS for it to exit (on its
 * pidfd: no sleeping), then sends SIGKILL and waits again.  Returns 0
 * once it is gone, -errno otherwise.
 */
int	spawn_terminate(pid_t pid, int timeout_ms);

#endif
