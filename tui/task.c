/* A blocking call on its own thread. */
#include <signal.h>
#include <string.h>

#include "tui/task.h"

static void *
task_main(void *data)
{
	struct tui_task *task = data;

	task->rc = task->fn(task->arg, &task->err);
	atomic_store(&task->finished, 1);
	return NULL;
}

int
tui_task_start(struct tui_task *task, tui_task_fn fn, void *arg,
    struct hc_error *err)
{
	sigset_t all, old;
	int rc;

	memset(task, 0, sizeof *task);
	task->fn = fn;
	task->arg = arg;
	atomic_init(&task->finished, 0);
	hc_error_init(&task->err);

	/* The thread inherits this mask: every signal stays with the key
	 * loop, which is the one place that reacts to them. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&task->thread, NULL, task_main, task);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		hc_error_set(err, HC_ERR_INTERNAL, "cannot start a thread: %s",
		    strerror(rc));
		return -1;
	}
	task->running = 1;
	return 0;
}

int
tui_task_finished(struct tui_task *task)
{
	return atomic_load(&task->finished);
}

int
tui_task_join(struct tui_task *task)
{
	if (task->running) {
		pthread_join(task->thread, NULL);
		task->running = 0;
	}
	return task->rc;
}
