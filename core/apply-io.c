/* File helpers of the apply code: temp files, durable writes, paths. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "core/apply-private.h"
#include "core/apply.h"
#include "core/log.h"

/* Maximum size read: Terraform files are far smaller than this. */
#define READ_MAX ((size_t)256 << 20)

int
apply_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static char *state_home;

int
apply_set_state_home(const char *dir, struct hc_error *err)
{
	char *copy = NULL;

	if (dir != NULL && (copy = strdup(dir)) == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	free(state_home);
	state_home = copy;
	return 0;
}

int
apply_state_in_root(void)
{
	return state_home == NULL;
}

int
apply_state_dir(const char *root, char *buf, size_t size,
    struct hc_error *err)
{
	char sum[APPLY_SHA256_HEX], name[64];
	const char *base;
	char *real;
	size_t i;
	int rc;

	if (state_home == NULL) {
		rc = apply_path(buf, size, "%s/%s", root, APPLY_STATE_DIR);
		goto out;
	}
	if (sodium_init() < 0 || (real = realpath(root, NULL)) == NULL) {
		apply_error_errno(err, errno, "opening the root", root);
		return -1;
	}
	apply_sha256_hex(real, strlen(real), sum);
	base = strrchr(real, '/') + 1;
	/* The root's name only helps a person find the folder. */
	snprintf(name, sizeof name, "%.40s", *base ? base : "root");
	for (i = 0; name[i] != '\0'; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '-')
			name[i] = '_';
	}
	free(real);
	rc = apply_path(buf, size, "%s/%s-%.16s", state_home, name, sum);
out:
	if (rc < 0)
		apply_error_errno(err, errno, "opening the state folder of",
		    root);
	return rc;
}

void
apply_sha256_hex(const void *buf, size_t len, char *out)
{
	unsigned char sum[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(sum, buf, len);
	sodium_bin2hex(out, APPLY_SHA256_HEX, sum, sizeof sum);
}

static const char *
errno_hint(int errnum)
{
	switch (errnum) {
	case ENOSPC:
	case EDQUOT:
		return "the disk is full: free some space and run again";
	case EROFS:
		return "the file system is mounted read-only";
	case EACCES:
	case EPERM:
		return "you have no permission for this: check the owner and "
		    "mode of the file and its folder";
	case EIO:
		return "the disk reported an error: check it before running "
		    "again";
	default:
		return "";
	}
}

void
apply_error_errno(struct hc_error *err, int errnum, const char *what,
    const char *name)
{
	if (hc_error_is_set(err))
		return;
	hc_error_set(err, HC_ERR_IO, "%s %s: %s", what, name,
	    strerror(errnum));
	if (errno_hint(errnum)[0] != '\0')
		hc_error_hint(err, "%s", errno_hint(errnum));
}

int
apply_read_file(const char *path, const char *name, char **buf,
    size_t *len, struct hc_error *err)
{
	size_t size = 4096, used = 0;
	char *data = NULL, *grown;
	ssize_t got;
	int fd, saved;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	for (;;) {
		if (used + 1 >= size || data == NULL) {
			size = data == NULL ? size : size * 2;
			if (size > READ_MAX) {
				errno = EFBIG;
				goto fail;
			}
			grown = realloc(data, size);
			if (grown == NULL)
				goto fail;
			data = grown;
		}
		got = read(fd, data + used, size - used - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			goto fail;
		if (got == 0)
			break;
		used += (size_t)got;
	}
	close(fd);
	data[used] = '\0';
	*buf = data;
	*len = used;
	return 0;

fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	free(data);
	apply_error_errno(err, saved, "reading", name);
	errno = saved;
	return -1;
}

int
apply_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
apply_temp_open(const char *dir, const char *base, char **tmp,
    struct hc_error *err)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	char path[PATH_MAX + 32], suffix[7];
	int fd, tries, i;

	*tmp = NULL;
	for (tries = 0; tries < 100; tries++) {
		for (i = 0; i < 6; i++)
			suffix[i] = chars[randombytes_uniform(
			    sizeof chars - 1)];
		suffix[6] = '\0';
		if (apply_path(path, sizeof path, "%s/.%s%s%s", dir, base,
		    APPLY_TEMP_MARK, suffix) < 0) {
			apply_error_errno(err, errno, "creating a file in",
			    dir);
			return -1;
		}
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (fd >= 0)
			break;
		if (errno != EEXIST) {
			apply_error_errno(err, errno, "creating a file in",
			    dir);
			return -1;
		}
	}
	if (fd < 0) {
		apply_error_errno(err, EEXIST, "creating a file in", dir);
		return -1;
	}
	*tmp = strdup(path);
	if (*tmp == NULL) {
		close(fd);
		unlink(path);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	return fd;
}

/* The mode a new file gets from open(2): 0666 less the umask. */
static mode_t
new_file_mode(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return 0666 & ~mask;
}

int
apply_temp_fill(int fd, const char *name, const void *buf, size_t len,
    const struct stat *like, struct hc_error *err)
{
	const char *what = "writing";

	if (like != NULL && (like->st_uid != geteuid() ||
	    like->st_gid != getegid()) &&
	    fchown(fd, like->st_uid, like->st_gid) < 0)
		/* Without the right to give the file away, it stays
		 * ours, as it would after an editor saved it. */
		hc_log(HC_LOG_INFO, "apply", "keeping the owner of %s: %s",
		    name, strerror(errno));
	/* After fchown, which may clear the set-id bits. */
	if (fchmod(fd, like != NULL ? like->st_mode & 07777 :
	    new_file_mode()) < 0) {
		what = "setting the mode of";
		goto fail;
	}
	if (apply_write_all(fd, buf, len) < 0)
		goto fail;
	if (fsync(fd) < 0) {
		what = "flushing";
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;

fail:
	apply_error_errno(err, errno, what, name);
	if (fd >= 0)
		close(fd);
	return -1;
}

void
apply_copy_xattrs(const char *from, int fd, const char *name)
{
	char *names = NULL, *key, *value = NULL;
	ssize_t len, vlen;

	len = listxattr(from, NULL, 0);
	if (len <= 0)
		goto out;
	names = malloc((size_t)len);
	if (names == NULL || (len = listxattr(from, names, (size_t)len)) < 0)
		goto out;
	for (key = names; key < names + len; key += strlen(key) + 1) {
		free(value);
		value = NULL;
		vlen = getxattr(from, key, NULL, 0);
		if (vlen < 0 || (value = malloc((size_t)vlen + 1)) == NULL)
			continue;
		vlen = getxattr(from, key, value, (size_t)vlen);
		if (vlen < 0 || fsetxattr(fd, key, value, (size_t)vlen,
		    0) < 0)
			hc_log(HC_LOG_INFO, "apply", "not keeping attribute %s "
			    "of %s: %s", key, name, strerror(errno));
	}
out:
	free(value);
	free(names);
}

int
apply_fsync_dir(const char *dir, struct hc_error *err)
{
	int fd, rc;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		apply_error_errno(err, errno, "opening", dir);
		return -1;
	}
	rc = fsync(fd);
	/* Some file systems cannot fsync a folder, so nothing more is done. */
	if (rc < 0 && (errno == EINVAL || errno == ENOTSUP))
		rc = 0;
	if (rc < 0)
		apply_error_errno(err, errno, "flushing", dir);
	close(fd);
	return rc;
}

char *
apply_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

int
apply_replace(const char *path, const char *name, const void *buf,
    size_t len, const struct stat *like, struct hc_error *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = apply_dir_of(path), *tmp = NULL;
	int fd, rc = -1;

	if (dir == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	fd = apply_temp_open(dir, slash != NULL ? slash + 1 : path, &tmp,
	    err);
	if (fd < 0)
		goto out;
	if (like != NULL)
		apply_copy_xattrs(path, fd, name);
	if (apply_temp_fill(fd, name, buf, len, like, err) < 0)
		goto out;
	if (rename(tmp, path) < 0) {
		apply_error_errno(err, errno, "replacing", name);
		goto out;
	}
	free(tmp);
	tmp = NULL;
	rc = apply_fsync_dir(dir, err);
out:
	if (tmp != NULL)
		unlink(tmp);
	free(tmp);
	free(dir);
	return rc;
}
