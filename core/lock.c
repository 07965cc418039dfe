/*
 * The per-root lock: the lock file in the root's state folder, and an
 * flock() on the root folder itself. The state folder is per user, so
 * only the flock stops two users who apply to one root at the same time.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "core/apply-private.h"
#include "core/lock.h"
#include "core/log.h"

struct lock {
	char *root;
	char *path;
	int root_fd;		/* holds the flock on the root, or -1 */
	bool took_over;
	char note[512];
	struct lock *next;	/* in held_locks */
};

/* Locks this process holds. A lock file with this process's pid that
 * is not among them was left by a dead process that had the same pid. */
static struct lock *held_locks;

/* The holder of a lock, as read back from the lock file. */
struct lock_holder {
	long pid;
	char host[256];
	char started[64];
};

static void
lock_free(struct lock *lock)
{
	if (lock == NULL)
		return;
	if (lock->root_fd >= 0)
		close(lock->root_fd);
	free(lock->root);
	free(lock->path);
	free(lock);
}

/*
 * Take an flock() on the root folder, which another user's hubcred
 * takes too. Returns 0, or -1 with HC_ERR_CONFLICT when another run
 * holds it. A folder that cannot be opened or locked (no read
 * permission, a file system without flock) leaves only the lock file,
 * as before.
 */
static int
root_flock(struct lock *lock, struct hc_error *err)
{
	int fd;

	fd = open(lock->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		hc_log(HC_LOG_INFO, "lock", "no flock on %s: %s", lock->root,
		    strerror(errno));
		return 0;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		lock->root_fd = fd;
		return 0;
	}
	if (errno != EWOULDBLOCK) {
		hc_log(HC_LOG_INFO, "lock", "no flock on %s: %s", lock->root,
		    strerror(errno));
		close(fd);
		return 0;
	}
	close(fd);
	hc_error_set(err, HC_ERR_CONFLICT, "another hubcred run is changing "
	    "%s", lock->root);
	hc_error_hint(err, "it may be another user's; wait for it to end, "
	    "then apply again");
	return -1;
}

/* Create the missing parents of path, private to the user. */
static int
parents_make(const char *path, struct hc_error *err)
{
	char buf[PATH_MAX];
	char *p;

	if (apply_path(buf, sizeof buf, "%s", path) < 0) {
		apply_error_errno(err, errno, "creating", path);
		return -1;
	}
	for (p = buf + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST) {
			apply_error_errno(err, errno, "creating", buf);
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* The state folder as a real folder (a symlink there is rejected). */
static int
state_dir_make(const char *dir, struct hc_error *err)
{
	struct stat st;

	if (!apply_state_in_root() && parents_make(dir, err) < 0)
		return -1;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		apply_error_errno(err, errno, "creating", dir);
		return -1;
	}
	if (lstat(dir, &st) < 0) {
		apply_error_errno(err, errno, "reading", dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		hc_error_set(err, HC_ERR_CONFLICT, "%s is not a folder", dir);
		hc_error_hint(err, "hubcred keeps its lock and journal there; "
		    "move that file away and run again");
		return -1;
	}
	return 0;
}

/* Keep .hubcred/ out of git: a .gitignore holding "*". */
static int
gitignore_make(const char *dir, struct hc_error *err)
{
	static const char want[] = "*\n";
	char path[PATH_MAX];
	char *have = NULL;
	size_t len = 0;
	int rc = 0;

	if (apply_path(path, sizeof path, "%s/.gitignore", dir) < 0) {
		apply_error_errno(err, errno, "writing", dir);
		return -1;
	}
	if (apply_read_file(path, ".hubcred/.gitignore", &have, &len,
	    NULL) == 0 && len == strlen(want) && memcmp(have, want, len) == 0)
		goto out;
	rc = apply_replace(path, ".hubcred/.gitignore", want, strlen(want),
	    NULL, err);
out:
	free(have);
	return rc;
}

static int
holder_parse(const char *text, struct lock_holder *h)
{
	const char *p;

	memset(h, 0, sizeof *h);
	h->pid = -1;
	if ((p = strstr(text, "pid=")) != NULL)
		h->pid = strtol(p + 4, NULL, 10);
	if ((p = strstr(text, "host=")) != NULL)
		sscanf(p + 5, "%255[^\n]", h->host);
	if ((p = strstr(text, "started=")) != NULL)
		sscanf(p + 8, "%63[^\n]", h->started);
	return h->pid > 0 && h->host[0] != '\0' ? 0 : -1;
}

static bool
held_here(const char *path)
{
	const struct lock *l;

	for (l = held_locks; l != NULL; l = l->next) {
		if (strcmp(l->path, path) == 0)
			return true;
	}
	return false;
}

/*
 * Whether process pid started after when (UTC seconds), from its start
 * time in /proc (clock ticks after boot, field 22 of /proc/PID/stat).
 * False when that cannot be read.
 */
static bool
started_after(long pid, time_t when)
{
	char path[64], buf[1024], *p;
	unsigned long long ticks = 0, btime = 0;
	long hz = sysconf(_SC_CLK_TCK);
	FILE *f;
	size_t n;
	int field;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return false;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may contain spaces: count from its ')'. */
	p = strrchr(buf, ')');
	for (field = 2; p != NULL && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p + 1, "%llu", &ticks) != 1 || hz <= 0)
		return false;
	f = fopen("/proc/stat", "r");
	if (f == NULL)
		return false;
	while (fgets(buf, sizeof buf, f) != NULL &&
	    sscanf(buf, "btime %llu", &btime) != 1)
		;
	fclose(f);
	/* A second of slack: the lock's time is rounded down. */
	return btime > 0 && (time_t)(btime + ticks / (unsigned long long)hz) >
	    when + 1;
}

/*
 * The holder ran on this host and is gone: no such process, or the pid
 * now belongs to a process started after the lock was taken (pids are
 * reused, in containers often right away, even by this process).
 */
static bool
holder_dead(const struct lock_holder *h, const char *host, const char *path)
{
	struct tm tm;
	time_t when;

	if (strcmp(h->host, host) != 0)
		return false;
	if (h->pid == (long)getpid())
		return !held_here(path);
	if (kill((pid_t)h->pid, 0) < 0 && errno == ESRCH)
		return true;
	memset(&tm, 0, sizeof tm);
	if (strptime(h->started, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return false;
	when = timegm(&tm);
	return started_after(h->pid, when);
}

/* Remove "lock.<pid>.tmp" files left by dead runs. */
static void
stale_temps_remove(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	long pid;
	char end[8];

	d = opendir(dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (sscanf(de->d_name, "lock.%ld.%7s", &pid, end) != 2 ||
		    strcmp(end, "tmp") != 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) < 0 && errno == ESRCH) {
			if (apply_path(path, sizeof path, "%s/%s", dir,
			    de->d_name) == 0)
				unlink(path);
		}
	}
	closedir(d);
}

static void
lock_text(char *buf, size_t size, const char *host)
{
	char when[64];
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(buf, size, "pid=%ld\nhost=%s\nstarted=%s\n",
	    (long)getpid(), host, when);
}

/*
 * Link the fully written temp file to the lock name: the lock appears
 * whole or not at all, even if this process is killed halfway. A file
 * system without hard links gets O_CREAT|O_EXCL and a direct write.
 */
static int
lock_link(const char *tmp, const char *path, const char *text)
{
	int fd, saved;

	if (link(tmp, path) == 0)
		return 0;
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (apply_write_all(fd, text, strlen(text)) < 0 || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		return -1;
	}
	return close(fd);
}

static int
holder_refuse(const char *path, const char *text, struct hc_error *err)
{
	struct lock_holder h;

	if (holder_parse(text, &h) < 0) {
		hc_error_set(err, HC_ERR_CONFLICT,
		    "%s exists but does not say who holds it", path);
		hc_error_hint(err, "if no hubcred is running, remove %s and "
		    "run again", path);
		return -1;
	}
	hc_error_set(err, HC_ERR_CONFLICT, "another hubcred (pid %ld on %s, "
	    "started %s) is changing this folder", h.pid, h.host, h.started);
	hc_error_hint(err, "wait for it to finish; if it is not running, "
	    "remove %s and run again", path);
	return -1;
}

/* One try to take the lock: 0 taken, 1 a dead holder's lock removed. */
static int
lock_try(struct lock *lock, const char *tmp, const char *text,
    const char *host, struct hc_error *err)
{
	struct lock_holder h;
	char *held = NULL;
	size_t len;
	int rc = -1;

	if (lock_link(tmp, lock->path, text) == 0)
		return 0;
	if (errno != EEXIST) {
		apply_error_errno(err, errno, "creating", lock->path);
		return -1;
	}
	if (apply_read_file(lock->path, lock->path, &held, &len, NULL) < 0) {
		/* Released between our link and our read: try again. */
		if (errno == ENOENT)
			return 1;
		apply_error_errno(err, errno, "reading", lock->path);
		return -1;
	}
	if (holder_parse(held, &h) == 0 && holder_dead(&h, host,
	    lock->path)) {
		/* TODO: two runs taking over the same dead lock at once can
		 * both succeed; the window is one unlink wide. */
		if (unlink(lock->path) < 0 && errno != ENOENT) {
			apply_error_errno(err, errno, "removing", lock->path);
			goto out;
		}
		lock->took_over = true;
		snprintf(lock->note, sizeof lock->note, "an earlier hubcred "
		    "(pid %ld, started %s) was interrupted; its lock was "
		    "taken over", h.pid, h.started);
		hc_log(HC_LOG_INFO, "lock", "%s", lock->note);
		rc = 1;
		goto out;
	}
	holder_refuse(lock->path, held, err);
out:
	free(held);
	return rc;
}

struct lock *
lock_take(const char *root, struct hc_error *err)
{
	char dir[PATH_MAX], tmp[PATH_MAX], text[512], host[256];
	struct lock *lock;
	int fd = -1, tries, rc = -1;

	lock = calloc(1, sizeof *lock);
	if (lock != NULL)
		lock->root_fd = -1;
	if (lock == NULL || (lock->root = strdup(root)) == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (apply_state_dir(root, dir, sizeof dir, err) < 0)
		goto out;
	if (apply_path(tmp, sizeof tmp, "%s/lock.%ld.tmp", dir,
	    (long)getpid()) < 0) {
		apply_error_errno(err, errno, "opening", dir);
		goto out;
	}
	if (asprintf(&lock->path, "%s/lock", dir) < 0) {
		lock->path = NULL;
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (state_dir_make(dir, err) < 0)
		goto out;
	if (apply_state_in_root() && gitignore_make(dir, err) < 0)
		goto out;
	if (gethostname(host, sizeof host) < 0)
		snprintf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	lock_text(text, sizeof text, host);

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || apply_write_all(fd, text, strlen(text)) < 0 ||
	    fsync(fd) < 0) {
		apply_error_errno(err, errno, "writing", tmp);
		goto out;
	}
	for (tries = 0; tries < 3; tries++) {
		rc = lock_try(lock, tmp, text, host, err);
		if (rc <= 0)
			break;
	}
	if (rc > 0)
		holder_refuse(lock->path, "", err);
	if (rc == 0 && root_flock(lock, err) < 0) {
		/* The lock file is ours; the other run is another user's. */
		if (unlink(lock->path) < 0)
			hc_log(HC_LOG_ERROR, "lock", "removing %s: %s",
			    lock->path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && lock->took_over)
		stale_temps_remove(dir);
	if (rc == 0) {
		lock->next = held_locks;
		held_locks = lock;
	}
out:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	if (rc != 0) {
		lock_free(lock);
		return NULL;
	}
	return lock;
}

void
lock_release(struct lock *lock)
{
	struct lock **l;

	if (lock == NULL)
		return;
	for (l = &held_locks; *l != NULL; l = &(*l)->next) {
		if (*l == lock) {
			*l = lock->next;
			break;
		}
	}
	if (unlink(lock->path) < 0)
		hc_log(HC_LOG_ERROR, "lock", "removing %s: %s", lock->path,
		    strerror(errno));
	lock_free(lock);
}

bool
lock_took_over(const struct lock *lock)
{
	return lock->took_over;
}

const char *
lock_note(const struct lock *lock)
{
	return lock->note;
}

const char *
lock_root(const struct lock *lock)
{
	return lock->root;
}
