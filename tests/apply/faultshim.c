/*
 * LD_PRELOAD shim that makes the Nth file-system call of a program fail
 * or kill it, for the crash and fault tests of core/apply.c.
 *
 *   HC_FAULT_CALLS   comma-separated names of the calls to count (default:
 *                    all of open, open64, openat, write, fsync, rename,
 *                    link, unlink, mkdir, rmdir, close, fchmod, fchown)
 *   HC_FAULT_AT      the counted call to act on, 1-based (0 or unset:
 *                    never act, only count)
 *   HC_FAULT_ACTION  KILL (raise SIGKILL before the call), RUN (run the
 *                    shell command HC_FAULT_COMMAND before the call, which
 *                    then goes ahead) or an errno name: ENOSPC, EIO,
 *                    EROFS, EACCES, EPERM, EDQUOT (the call is not made
 *                    and fails with that errno)
 *   HC_FAULT_REPORT  file that receives the number of counted calls and
 *                    a trace of them when the program exits normally
 *
 * Only calls that go through the dynamic linker are seen: those the
 * program (and core/) make, not the ones libc makes inside fopen().
 */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static long fault_at = -1;
static long fault_count;
static int fault_errno;		/* 0: kill, -1: run a command */
static const char *fault_calls;
static char trace[65536];
static size_t trace_len;

static void
fault_setup(void)
{
	const char *at, *action;

	if (fault_at >= 0)
		return;
	at = getenv("HC_FAULT_AT");
	fault_at = at != NULL ? strtol(at, NULL, 10) : 0;
	fault_calls = getenv("HC_FAULT_CALLS");
	action = getenv("HC_FAULT_ACTION");
	if (action == NULL || strcmp(action, "KILL") == 0)
		fault_errno = 0;
	else if (strcmp(action, "RUN") == 0)
		fault_errno = -1;
	else if (strcmp(action, "ENOSPC") == 0)
		fault_errno = ENOSPC;
	else if (strcmp(action, "EIO") == 0)
		fault_errno = EIO;
	else if (strcmp(action, "EROFS") == 0)
		fault_errno = EROFS;
	else if (strcmp(action, "EACCES") == 0)
		fault_errno = EACCES;
	else if (strcmp(action, "EPERM") == 0)
		fault_errno = EPERM;
	else if (strcmp(action, "EDQUOT") == 0)
		fault_errno = EDQUOT;
	else
		abort();
}

/* Whether name is one of the counted calls. */
static int
counted(const char *name)
{
	const char *p;
	size_t n = strlen(name);

	if (fault_calls == NULL || *fault_calls == '\0')
		return 1;
	for (p = fault_calls; (p = strstr(p, name)) != NULL; p += n) {
		if ((p == fault_calls || p[-1] == ',') &&
		    (p[n] == ',' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

/* 1 when this call must fail (errno set), after a kill if asked. */
static int
fault_hit(const char *name)
{
	int len;

	fault_setup();
	if (!counted(name))
		return 0;
	fault_count++;
	len = snprintf(trace + trace_len, sizeof trace - trace_len, "%ld %s\n",
	    fault_count, name);
	if (len > 0 && (size_t)len < sizeof trace - trace_len)
		trace_len += (size_t)len;
	if (fault_at <= 0 || fault_count != fault_at)
		return 0;
	if (fault_errno == 0)
		raise(SIGKILL);
	if (fault_errno < 0) {
		/* The shell must not count its own calls. */
		unsetenv("LD_PRELOAD");
		if (system(getenv("HC_FAULT_COMMAND")) != 0)
			abort();
		return 0;
	}
	errno = fault_errno;
	return 1;
}

__attribute__((destructor)) static void
fault_report(void)
{
	const char *path = getenv("HC_FAULT_REPORT");
	FILE *f;

	if (path == NULL)
		return;
	f = fopen(path, "w");
	if (f == NULL)
		return;
	fprintf(f, "%ld\n", fault_count);
	fwrite(trace, 1, trace_len, f);
	fclose(f);
}

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (fault_hit("open"))
		return -1;
	return REAL(open)(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (fault_hit("open"))
		return -1;
	return REAL(open64)(path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (fault_hit("open"))
		return -1;
	return REAL(openat)(dirfd, path, flags, mode);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	if (fault_hit("write"))
		return -1;
	return REAL(write)(fd, buf, n);
}

int
fsync(int fd)
{
	if (fault_hit("fsync"))
		return -1;
	return REAL(fsync)(fd);
}

int
rename(const char *from, const char *to)
{
	if (fault_hit("rename"))
		return -1;
	return REAL(rename)(from, to);
}

int
link(const char *from, const char *to)
{
	if (fault_hit("link"))
		return -1;
	return REAL(link)(from, to);
}

int
unlink(const char *path)
{
	if (fault_hit("unlink"))
		return -1;
	return REAL(unlink)(path);
}

int
mkdir(const char *path, mode_t mode)
{
	if (fault_hit("mkdir"))
		return -1;
	return REAL(mkdir)(path, mode);
}

int
rmdir(const char *path)
{
	if (fault_hit("rmdir"))
		return -1;
	return REAL(rmdir)(path);
}

int
close(int fd)
{
	/* A failed close still releases the descriptor, as on Linux. */
	if (fault_hit("close")) {
		int saved = errno;

		REAL(close)(fd);
		errno = saved;
		return -1;
	}
	return REAL(close)(fd);
}

int
fchmod(int fd, mode_t mode)
{
	if (fault_hit("fchmod"))
		return -1;
	return REAL(fchmod)(fd, mode);
}

int
fchown(int fd, uid_t uid, gid_t gid)
{
	if (fault_hit("fchown"))
		return -1;
	return REAL(fchown)(fd, uid, gid);
}
