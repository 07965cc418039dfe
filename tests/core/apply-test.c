/* Tests for core/apply.c, core/journal.c and core/lock.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "core/apply.h"
#include "core/journal.h"

#define MAIN_OLD "resource \"a\" \"b\" {\n  x = 1\n}\n"
#define MAIN_NEW "resource \"a\" \"b\" {\n  x = 2\n}\n"
#define VARS_OLD "variable \"v\" {}\r\n"
#define VARS_NEW "variable \"v\" {}\r\nvariable \"w\" {}\r\n"
#define TFVARS_NEW "w = \"arn:aws:secretsmanager:eu-west-1:1:secret:x\"\n"

/* Assert rc is 0, showing the error otherwise. */
#define assert_ok(call, err)                                            \
	do {                                                            \
		if ((call) != 0)                                        \
			fail_msg("%s: %s (hint: %s)", #call,            \
			    (err)->message, (err)->hint);               \
	} while (0)

struct fixture {
	char root[PATH_MAX];
	char outside[PATH_MAX];
	struct plan plan;
};

static void
put(const char *root, const char *name, const char *text, mode_t mode)
{
	char path[PATH_MAX * 2];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", root, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

/* Whole content of root/name, or NULL when it does not exist. */
static char *
get(const char *root, const char *name)
{
	char path[PATH_MAX * 2], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s", root, name);
	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static void
assert_content(const char *root, const char *name, const char *want)
{
	char *have = get(root, name);

	if (want == NULL) {
		assert_null(have);
		return;
	}
	assert_non_null(have);
	assert_string_equal(have, want);
	free(have);
}

static mode_t
mode_of(const char *root, const char *name)
{
	char path[PATH_MAX * 2];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", root, name);
	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	char dir[PATH_MAX * 2];

	snprintf(fx->root, sizeof fx->root, "/tmp/hubcred-apply-XXXXXX");
	assert_non_null(mkdtemp(fx->root));
	snprintf(fx->outside, sizeof fx->outside,
	    "/tmp/hubcred-outside-XXXXXX");
	assert_non_null(mkdtemp(fx->outside));
	snprintf(dir, sizeof dir, "%s/mod", fx->root);
	assert_int_equal(mkdir(dir, 0755), 0);
	put(fx->root, "main.tf", MAIN_OLD, 0640);
	put(fx->root, "mod/variables.tf", VARS_OLD, 0600);

	assert_int_equal(plan_init(&fx->plan, fx->root, NULL), 0);
	assert_int_equal(plan_set_file(&fx->plan, "main.tf", MAIN_OLD,
	    strlen(MAIN_OLD), MAIN_NEW, strlen(MAIN_NEW), NULL), 0);
	assert_int_equal(plan_set_file(&fx->plan, "mod/variables.tf",
	    VARS_OLD, strlen(VARS_OLD), VARS_NEW, strlen(VARS_NEW), NULL), 0);
	assert_int_equal(plan_set_file(&fx->plan, "terraform.tfvars", NULL,
	    0, TFVARS_NEW, strlen(TFVARS_NEW), NULL), 0);
	fx->plan.secret.action = PLAN_SECRET_CREATE;
	snprintf(fx->plan.secret.name, sizeof fx->plan.secret.name,
	    "codebuild/dockerhub");
	snprintf(fx->plan.secret.region, sizeof fx->plan.secret.region,
	    "eu-west-1");
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[PATH_MAX * 4];

	snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' && rm -rf '%s' '%s'",
	    fx->root, fx->root, fx->outside);
	assert_int_equal(system(cmd), 0);
	plan_done(&fx->plan);
	free(fx);
	return 0;
}

/* Names in dir (recursively, relative to root) other than .hubcred. */
static void
list_names(const char *root, const char *rel, char *out, size_t size)
{
	char path[PATH_MAX * 2], sub[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	d = opendir(path);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (rel[0] == '\0' && strcmp(de->d_name, ".hubcred") == 0))
			continue;
		snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "",
		    de->d_name);
		strncat(out, sub, size - strlen(out) - 1);
		strncat(out, " ", size - strlen(out) - 1);
		snprintf(path, sizeof path, "%s/%s", root, sub);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			list_names(root, sub, out, size);
	}
	closedir(d);
}

static size_t
count_names(const char *root)
{
	char names[4096] = "";
	size_t n = 0;
	char *p;

	list_names(root, "", names, sizeof names);
	for (p = names; *p; p++)
		n += *p == ' ';
	return n;
}

static void
assert_untouched(struct fixture *fx)
{
	assert_content(fx->root, "main.tf", MAIN_OLD);
	assert_content(fx->root, "mod/variables.tf", VARS_OLD);
	assert_content(fx->root, "terraform.tfvars", NULL);
	assert_int_equal(mode_of(fx->root, "main.tf"), 0640);
	/* main.tf, mod, mod/variables.tf: no temp file left behind. */
	assert_int_equal(count_names(fx->root), 3);
}

static void
happy_path(void **state)
{
	struct fixture *fx = *state;
	struct apply_options opts = { .secret_arn = "arn:aws:"
	    "secretsmanager:eu-west-1:1:secret:codebuild/dockerhub-Ab" };
	struct apply_result res;
	struct hc_error err;
	char *manifest, path[PATH_MAX * 2], value[16];
	mode_t mask = umask(022);
	bool xattrs;

	umask(mask);
	hc_error_init(&err);
	snprintf(path, sizeof path, "%s/main.tf", fx->root);
	xattrs = setxattr(path, "user.hubcred-test", "kept", 4, 0) == 0;
	assert_int_equal(apply_plan(&fx->plan, &opts, &res, &err), 0);
	if (xattrs) {
		/* Extended attributes (and so ACLs) survive the rename. */
		memset(value, 0, sizeof value);
		assert_int_equal(getxattr(path, "user.hubcred-test", value,
		    sizeof value), 4);
		assert_string_equal(value, "kept");
	}
	assert_content(fx->root, "main.tf", MAIN_NEW);
	assert_content(fx->root, "mod/variables.tf", VARS_NEW);
	assert_content(fx->root, "terraform.tfvars", TFVARS_NEW);
	assert_int_equal(mode_of(fx->root, "main.tf"), 0640);
	assert_int_equal(mode_of(fx->root, "mod/variables.tf"), 0600);
	assert_int_equal(mode_of(fx->root, "terraform.tfvars"),
	    0666 & ~mask);
	assert_int_equal(res.nwritten, 3);
	assert_int_equal(res.ncreated, 1);
	assert_int_equal(res.nalready, 0);
	assert_int_equal(count_names(fx->root), 4);
	assert_content(fx->root, ".hubcred/.gitignore", "*\n");
	assert_content(fx->root, ".hubcred/lock", NULL);

	snprintf(path, sizeof path, "%s/manifest.json", res.journal);
	manifest = get("", path);
	assert_non_null(manifest);
	assert_non_null(strstr(manifest, "\"status\": \"applied\""));
	assert_non_null(strstr(manifest, opts.secret_arn));
	assert_non_null(strstr(manifest, "\"region\": \"eu-west-1\""));
	assert_non_null(strstr(manifest, "\"path\": \"terraform.tfvars\""));
	free(manifest);
	snprintf(path, sizeof path, "%s/0.orig", res.journal);
	assert_content("", path, MAIN_OLD);

	/* The same plan again: nothing to write. */
	assert_int_equal(apply_plan(&fx->plan, NULL, &res, &err), 0);
	assert_int_equal(res.nwritten, 0);
	assert_int_equal(res.nalready, 3);
	assert_string_equal(res.journal, "");
}

static void
undo_restores_and_deletes(void **state)
{
	struct fixture *fx = *state;
	struct undo_result u;
	struct hc_error err;

	hc_error_init(&err);
	assert_int_equal(apply_plan(&fx->plan, NULL, NULL, &err), 0);
	assert_ok(apply_undo(fx->root, &u, &err), &err);
	assert_untouched(fx);
	assert_int_equal(u.nrestored, 2);
	assert_int_equal(u.ndeleted, 1);
	assert_int_equal(u.secret_action, PLAN_SECRET_CREATE);
	assert_string_equal(u.secret_name, "codebuild/dockerhub");

	assert_int_equal(apply_undo(fx->root, &u, &err), -1);
	assert_int_equal(err.code, HC_ERR_NOT_FOUND);
}

static void
undo_reports_the_secret(void **state)
{
	struct fixture *fx = *state;
	struct apply_options opts = { .secret_arn = "arn:aws:sm:x" };
	struct undo_result u;

	assert_int_equal(apply_plan(&fx->plan, &opts, NULL, NULL), 0);
	assert_int_equal(apply_undo(fx->root, &u, NULL), 0);
	assert_string_equal(u.secret_arn, "arn:aws:sm:x");
	assert_non_null(strstr(u.secret_hint, "aws secretsmanager "
	    "delete-secret --secret-id arn:aws:sm:x --region eu-west-1"));
}

static void
undo_refuses_a_changed_file(void **state)
{
	struct fixture *fx = *state;
	struct hc_error err;

	hc_error_init(&err);
	assert_int_equal(apply_plan(&fx->plan, NULL, NULL, &err), 0);
	put(fx->root, "mod/variables.tf", "edited\n", 0600);
	assert_int_equal(apply_undo(fx->root, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_CONFLICT);
	assert_non_null(strstr(err.message, "mod/variables.tf changed"));
	assert_non_null(strstr(err.hint, "1.orig"));
	/* Nothing was undone. */
	assert_content(fx->root, "main.tf", MAIN_NEW);
	assert_content(fx->root, "terraform.tfvars", TFVARS_NEW);
}

/* With a state home, nothing at all is added to the root. */
static void
state_home_keeps_root_clean(void **state)
{
	struct fixture *fx = *state;
	struct undo_result u;
	struct hc_error err;
	char home[PATH_MAX * 2], dot[PATH_MAX * 2], cmd[PATH_MAX * 3];
	struct stat st;

	hc_error_init(&err);
	snprintf(home, sizeof home, "%s/state/hubcred", fx->outside);
	assert_ok(apply_set_state_home(home, &err), &err);
	assert_ok(apply_plan(&fx->plan, NULL, NULL, &err), &err);
	assert_content(fx->root, "terraform.tfvars", TFVARS_NEW);
	assert_int_equal(count_names(fx->root), 4);
	snprintf(dot, sizeof dot, "%s/.hubcred", fx->root);
	assert_int_equal(lstat(dot, &st), -1);
	snprintf(cmd, sizeof cmd, "ls '%s' | grep -q '^hubcred-apply-.*-"
	    "[0-9a-f]\\{16\\}$'", home);
	assert_int_equal(system(cmd), 0);

	assert_ok(apply_undo(fx->root, &u, &err), &err);
	assert_int_equal(u.nrestored, 2);
	assert_int_equal(apply_set_state_home(NULL, &err), 0);
	assert_untouched(fx);
	assert_int_equal(lstat(dot, &st), -1);
}

static void
refuses_file_changed_since_diff(void **state)
{
	struct fixture *fx = *state;
	struct hc_error err;

	hc_error_init(&err);
	put(fx->root, "mod/variables.tf", VARS_OLD "# edit\n", 0600);
	assert_int_equal(apply_plan(&fx->plan, NULL, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_CONFLICT);
	assert_string_equal(err.message,
	    "mod/variables.tf changed since its diff was made");
	assert_content(fx->root, "main.tf", MAIN_OLD);
	assert_content(fx->root, "terraform.tfvars", NULL);
	assert_content(fx->root, ".hubcred/lock", NULL);
}

static void
refuses_created_file_that_exists(void **state)
{
	struct fixture *fx = *state;
	struct hc_error err;

	hc_error_init(&err);
	put(fx->root, "terraform.tfvars", "x = 1\n", 0644);
	assert_int_equal(apply_check(&fx->plan, &err), -1);
	assert_int_equal(err.code, HC_ERR_CONFLICT);
	assert_non_null(strstr(err.message, "terraform.tfvars exists now"));
	assert_content(fx->root, "main.tf", MAIN_OLD);
}

static void
refuses_read_only_file(void **state)
{
	struct fixture *fx = *state;
	struct hc_error err;
	char path[PATH_MAX * 2];

	hc_error_init(&err);
	snprintf(path, sizeof path, "%s/main.tf", fx->root);
	assert_int_equal(chmod(path, 0444), 0);
	assert_int_equal(apply_plan(&fx->plan, NULL, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_IO);
	assert_string_equal(err.message, "main.tf is read-only");
	assert_non_null(strstr(err.hint, "chmod u+w main.tf"));
	assert_content(fx->root, "main.tf", MAIN_OLD);
	assert_content(fx->root, "mod/variables.tf", VARS_OLD);
	assert_int_equal(mode_of(fx->root, "main.tf"), 0444);
}

static void
refuses_read_only_folder(void **state)
{
	struct fixture *fx = *state;
	struct hc_error err;
	char path[PATH_MAX * 2];

	hc_error_init(&err);
	snprintf(path, sizeof path, "%s/mod", fx->root);
	assert_int_equal(chmod(path, 0555), 0);
	assert_int_equal(apply_plan(&fx->plan, NULL, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_IO);
	assert_non_null(strstr(err.message, "/mod of mod/variables.tf is "
	    "read-only"));
	assert_int_equal(chmod(path, 0755), 0);
	assert_untouched(fx);
}

static void
refuses_symlink_out_of_root(void **state)
{
	struct fixture *fx = *state;
	struct hc_error err;
	char path[PATH_MAX * 2], target[PATH_MAX * 2];

	hc_error_init(&err);
	put(fx->outside, "main.tf", MAIN_OLD, 0644);
	snprintf(path, sizeof path, "%s/main.tf", fx->root);
	snprintf(target, sizeof target, "%s/main.tf", fx->outside);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(apply_plan(&fx->plan, NULL, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_CONFLICT);
	assert_non_null(strstr(err.message, "main.tf is a symbolic link to"));
	assert_non_null(strstr(err.message, "outside"));
	assert_content(fx->outside, "main.tf", MAIN_OLD);

	/* A folder that is a link out of the root is refused too. */
	hc_error_init(&err);
	assert_int_equal(unlink(path), 0);
	put(fx->root, "main.tf", MAIN_OLD, 0640);
	snprintf(path, sizeof path, "%s/mod", fx->root);
	snprintf(target, sizeof target, "%s/mod", fx->outside);
	assert_int_equal(rename(path, target), 0);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(apply_check(&fx->plan, &err), -1);
	assert_non_null(strstr(err.message, "the folder of mod/variables.tf"));
}

static void
writes_through_symlink_inside_root(void **state)
{
	struct fixture *fx = *state;
	struct hc_error err;
	char path[PATH_MAX * 2], buf[64];
	ssize_t n;

	hc_error_init(&err);
	put(fx->root, "real.tf", MAIN_OLD, 0640);
	snprintf(path, sizeof path, "%s/main.tf", fx->root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("real.tf", path), 0);
	assert_int_equal(apply_plan(&fx->plan, NULL, NULL, &err), 0);
	n = readlink(path, buf, sizeof buf - 1);
	assert_int_equal(n, 7);
	buf[n] = '\0';
	assert_string_equal(buf, "real.tf");
	assert_content(fx->root, "real.tf", MAIN_NEW);

	assert_ok(apply_undo(fx->root, NULL, &err), &err);
	assert_content(fx->root, "real.tf", MAIN_OLD);
	assert_int_equal(readlink(path, buf, sizeof buf - 1), 7);
}

static void
refuses_path_leaving_root(void **state)
{
	struct fixture *fx = *state;
	struct plan plan;
	struct hc_error err;

	hc_error_init(&err);
	assert_int_equal(plan_init(&plan, fx->root, NULL), 0);
	assert_int_equal(plan_set_file(&plan, "../x.tf", NULL, 0, "x", 1,
	    NULL), 0);
	assert_int_equal(apply_plan(&plan, NULL, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	plan_done(&plan);
}

/* A lock file for pid on host, taken at UTC time when (0: now). */
static void
write_lock(const char *root, long pid, const char *host, time_t when)
{
	char text[512], dir[PATH_MAX * 2], started[32];
	struct tm tm;

	if (when == 0)
		when = time(NULL);
	gmtime_r(&when, &tm);
	strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(dir, sizeof dir, "%s/.hubcred", root);
	mkdir(dir, 0755);
	snprintf(text, sizeof text, "pid=%ld\nhost=%s\nstarted=%s\n", pid,
	    host, started);
	put(root, ".hubcred/lock", text, 0644);
}

static void
lock_held_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct hc_error err;
	char host[256];

	hc_error_init(&err);
	gethostname(host, sizeof host);
	write_lock(fx->root, (long)getppid(), host, 0);
	assert_int_equal(apply_plan(&fx->plan, NULL, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_CONFLICT);
	assert_non_null(strstr(err.message, "another hubcred (pid"));
	assert_non_null(strstr(err.message, host));
	assert_non_null(strstr(err.message, "started 20"));
	assert_untouched(fx);

	/* Held from another host: never taken over, whatever the pid. */
	hc_error_init(&err);
	write_lock(fx->root, 999999, "elsewhere.example", 1);
	assert_int_equal(apply_plan(&fx->plan, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.message, "on elsewhere.example"));
}

static void
stale_lock_is_taken_over(void **state)
{
	struct fixture *fx = *state;
	struct apply_result res;
	struct hc_error err;
	char host[256];
	pid_t child;

	hc_error_init(&err);
	gethostname(host, sizeof host);
	child = fork();
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	write_lock(fx->root, (long)child, host, 0);
	assert_int_equal(apply_plan(&fx->plan, NULL, &res, &err), 0);
	assert_non_null(strstr(res.note, "was interrupted"));
	assert_content(fx->root, "main.tf", MAIN_NEW);
	assert_content(fx->root, ".hubcred/lock", NULL);
}

/* A lock whose pid was reused is stale: by us, or by a newer process. */
static void
reused_pid_lock_is_stale(void **state)
{
	struct fixture *fx = *state;
	struct apply_result res;
	struct hc_error err;
	struct lock *lock;
	char host[256];

	hc_error_init(&err);
	gethostname(host, sizeof host);
	write_lock(fx->root, (long)getpid(), host, 0);
	assert_ok(apply_plan(&fx->plan, NULL, &res, &err), &err);
	assert_non_null(strstr(res.note, "was interrupted"));

	/* The parent process started after this lock was taken. */
	write_lock(fx->root, (long)getppid(), host, 86400);
	lock = lock_take(fx->root, &err);
	assert_non_null(lock);
	assert_true(lock_took_over(lock));

	/* This process holds that lock now: taking it again fails. */
	assert_null(lock_take(fx->root, &err));
	assert_int_equal(err.code, HC_ERR_CONFLICT);
	lock_release(lock);
}

/* Take the lock of root in a child process whose state folder is
 * state_home, as another user's hubcred would. Returns the child's exit
 * status: 0 when it got the lock, 1 when it was refused as a conflict
 * naming the other run, 2 for anything else. */
static int
lock_in_child(const char *root, const char *state_home)
{
	struct hc_error err;
	struct lock *lock;
	int status;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		hc_error_init(&err);
		if (apply_set_state_home(state_home, &err) < 0)
			_exit(2);
		lock = lock_take(root, &err);
		if (lock != NULL) {
			lock_release(lock);
			_exit(0);
		}
		_exit(err.code == HC_ERR_CONFLICT && strstr(err.message,
		    "another hubcred run is changing") != NULL ? 1 : 2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Two users' state folders differ, so their lock files do too: the
 * flock on the root folder is what keeps their applies apart. */
static void
other_state_folder_is_refused(void **state)
{
	struct fixture *fx = *state;
	char mine[PATH_MAX * 2], theirs[PATH_MAX * 2];
	struct hc_error err;
	struct lock *lock;

	hc_error_init(&err);
	snprintf(mine, sizeof mine, "%s/state-a/hubcred", fx->outside);
	snprintf(theirs, sizeof theirs, "%s/state-b/hubcred", fx->outside);
	assert_ok(apply_set_state_home(mine, &err), &err);
	lock = lock_take(fx->root, &err);
	assert_non_null(lock);
	assert_int_equal(lock_in_child(fx->root, theirs), 1);
	lock_release(lock);
	assert_int_equal(lock_in_child(fx->root, theirs), 0);
	assert_int_equal(apply_set_state_home(NULL, &err), 0);
}

/* A caller that takes the lock itself, before the secret write. */
static void
caller_held_lock(void **state)
{
	struct fixture *fx = *state;
	struct apply_options opts = { 0 };
	struct apply_result res;
	struct hc_error err;
	char host[256], mine[64], *held;
	pid_t child;

	hc_error_init(&err);
	gethostname(host, sizeof host);
	child = fork();
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	write_lock(fx->root, (long)child, host, 0);
	opts.lock = lock_take(fx->root, &err);
	assert_non_null(opts.lock);
	assert_true(lock_took_over(opts.lock));
	assert_ok(apply_check(&fx->plan, &err), &err);
	assert_ok(apply_plan(&fx->plan, &opts, &res, &err), &err);
	assert_non_null(strstr(res.note, "was interrupted"));
	/* apply_plan() leaves a lock it did not take. */
	held = get(fx->root, ".hubcred/lock");
	assert_non_null(held);
	snprintf(mine, sizeof mine, "pid=%ld\n", (long)getpid());
	assert_non_null(strstr(held, mine));
	free(held);
	lock_release(opts.lock);
	assert_content(fx->root, ".hubcred/lock", NULL);
	assert_content(fx->root, "main.tf", MAIN_NEW);
}

/* An apply killed after its first rename converges on a rerun. */
static void
rerun_after_partial_apply(void **state)
{
	struct fixture *fx = *state;
	struct apply_result res;
	struct undo_result u;
	struct hc_error err;

	hc_error_init(&err);
	put(fx->root, "main.tf", MAIN_NEW, 0640);
	assert_int_equal(apply_plan(&fx->plan, NULL, &res, &err), 0);
	assert_int_equal(res.nwritten, 2);
	assert_int_equal(res.nalready, 1);
	assert_content(fx->root, "mod/variables.tf", VARS_NEW);
	/* The journal records main.tf's original content too. */
	assert_ok(apply_undo(fx->root, &u, &err), &err);
	assert_int_equal(u.nrestored, 2);
	assert_untouched(fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(happy_path, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_restores_and_deletes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(undo_reports_the_secret,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(undo_refuses_a_changed_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(state_home_keeps_root_clean,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    refuses_file_changed_since_diff, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    refuses_created_file_that_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_read_only_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_read_only_folder,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_symlink_out_of_root,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    writes_through_symlink_inside_root, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_path_leaving_root,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(other_state_folder_is_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(lock_held_is_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(stale_lock_is_taken_over,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(reused_pid_lock_is_stale,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(caller_held_lock, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(rerun_after_partial_apply,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
