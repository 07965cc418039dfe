/* Tests for core/harden.c, run in forked children. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/harden.h"

enum {
	CHILD_OK,
	CHILD_SETUP_FAILED = 10,
	CHILD_HARDEN_FAILED,
	CHILD_CORE_LIMIT,
	CHILD_DUMPABLE,
	CHILD_LIMIT_RAISED,
	CHILD_ENVIRON_OWNER,
};

/* Start from the most permissive state, so the test sees a change. */
static int
loosen(void)
{
	struct rlimit lim;

	if (getrlimit(RLIMIT_CORE, &lim) == -1)
		return -1;
	lim.rlim_cur = lim.rlim_max;
	if (setrlimit(RLIMIT_CORE, &lim) == -1)
		return -1;
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) == -1)
		return -1;
	return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1 ? 0 : -1;
}

static int
harden_child(void)
{
	struct rlimit lim;
	struct stat st;
	struct hc_error err;

	if (loosen() == -1)
		return CHILD_SETUP_FAILED;
	hc_error_init(&err);
	if (hc_harden_process(&err) == -1)
		return CHILD_HARDEN_FAILED;
	if (getrlimit(RLIMIT_CORE, &lim) == -1 || lim.rlim_cur != 0 ||
	    lim.rlim_max != 0)
		return CHILD_CORE_LIMIT;
	if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
		return CHILD_DUMPABLE;

	/* The hard limit is down too, so it cannot come back. */
	lim.rlim_cur = lim.rlim_max = 1 << 20;
	if (geteuid() != 0 && setrlimit(RLIMIT_CORE, &lim) == 0)
		return CHILD_LIMIT_RAISED;

	/* Not dumpable makes the kernel give /proc/self files to root. */
	if (stat("/proc/self/environ", &st) == -1 || st.st_uid != 0)
		return CHILD_ENVIRON_OWNER;
	return CHILD_OK;
}

static int
run_child(int (*body)(void), int *status)
{
	pid_t pid;

	pid = fork();
	if (pid == -1)
		return -1;
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		_exit(body());
	}
	return waitpid(pid, status, 0) == pid ? 0 : -1;
}

static void
test_harden_sets_limits(void **state)
{
	int status;

	(void)state;
	assert_int_equal(run_child(harden_child, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), CHILD_OK);
}

static int
crash_child(void)
{
	if (loosen() == -1 || hc_harden_process(NULL) == -1)
		return CHILD_SETUP_FAILED;
	raise(SIGSEGV);
	return CHILD_OK;
}

static void
test_crash_leaves_no_core(void **state)
{
	char dir[] = "/tmp/hubcred-harden-XXXXXX";
	char cwd[4096];
	int status;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_non_null(mkdtemp(dir));

	/* A core file, if one were written, would land in dir. */
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(run_child(crash_child, &status), 0);
	assert_int_equal(chdir(cwd), 0);

	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
	assert_false(WCOREDUMP(status));
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_harden_sets_limits),
		cmocka_unit_test(test_crash_leaves_no_core),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
