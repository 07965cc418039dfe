/*
 * Run one blocking call on a thread while the key loop keeps drawing
 * (a spinner) and reading keys.
 *
 * The function must not touch curses. Signals are blocked on the thread,
 * so SIGINT and SIGWINCH reach the key loop. Cancelling only marks the
 * task: the call itself runs to its end, and the caller ignores its
 * result.
 */
#ifndef HUBCRED_TUI_TASK_H
#define HUBCRED_TUI_TASK_H

#include <pthread.h>
#include <stdatomic.h>

#include "core/error.h"

/* The call to run: returns 0 or -1 with err set. */
typedef int (*tui_task_fn)(void *arg, struct hc_error *err);

struct tui_task {
	pthread_t thread;
	tui_task_fn fn;
	void *arg;
	int running;		/* started and not joined */
	int cancelled;
	atomic_int finished;
	int rc;
	struct hc_error err;	/* the call's error when rc is -1 */
};

/* Start fn(arg) on a new thread. Fails with HC_ERR_INTERNAL. */
int tui_task_start(struct tui_task *task, tui_task_fn fn, void *arg,
    struct hc_error *err);

/* 1 once the call has returned (then tui_task_join() does not block). */
int tui_task_finished(struct tui_task *task);

/* Wait for the thread and return the call's rc; task->err contains its
 * error. */
int tui_task_join(struct tui_task *task);

#endif
