/*
 * The one poll() loop.  Every source of events (the terminal, signals,
 * timers, and later the udev monitor, QMP sockets and child pipes)
 * registers here; when nothing is registered to fire, poll() sleeps
 * without a timeout and vfiotui does not wake up.
 */
#ifndef VFIOTUI_LOOP_H
#define VFIOTUI_LOOP_H

#include <poll.h>

struct loop;
struct loop_timer;

typedef void	(*loop_fd_cb)(int fd, short revents, void *arg);
typedef void	(*loop_timer_cb)(void *arg);
typedef void	(*loop_signal_cb)(int signo, void *arg);

/* NULL with errno set on failure. */
struct loop	*loop_new(void);
void		 loop_free(struct loop *);

/* Watches FD for EVENTS (POLLIN, POLLOUT).  One watcher per fd. */
int	loop_add_fd(struct loop *, int fd, short events, loop_fd_cb, void *);
void	loop_del_fd(struct loop *, int fd);
/*
 * Stops watching the fd in *FD, closes it and sets *FD to -1: what every
 * owner of a watched fd does when it is done with it.  -1 is fine.
 */
void	loop_close_fd(struct loop *, int *fd);
/* Changes what FD is watched for: POLLOUT while there is output queued. */
void	loop_set_fd_events(struct loop *, int fd, short events);

/*
 * Calls CB after MS milliseconds, and every MS after that when REPEAT is
 * set.  The timer belongs to the loop; loop_timer_del() cancels it.
 */
struct loop_timer	*loop_timer_add(struct loop *, int ms, int repeat,
			    loop_timer_cb, void *);
void			 loop_timer_del(struct loop *, struct loop_timer *);

/*
 * Delivers SIGNO through the loop (a signalfd) instead of a handler.
 * The signal is blocked for the process from then on.
 */
int	loop_add_signal(struct loop *, int signo, loop_signal_cb, void *);

/* CLOCK_MONOTONIC in milliseconds: the clock the timers run on. */
long long	loop_now_ms(void);

/* Runs until loop_exit(); returns the value given to it, or -1 on error. */
int	loop_run(struct loop *);
void	loop_exit(struct loop *, int status);

#endif
