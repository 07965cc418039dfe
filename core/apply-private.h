/*
 * File helpers shared by core/apply.c, core/journal.c and core/lock.c.
 * Every write that must survive a crash goes through here: new files are
 * written whole and fsynced before they get their final name, and the
 * folder is fsynced after a rename.
 */
#ifndef HUBCRED_CORE_APPLY_PRIVATE_H
#define HUBCRED_CORE_APPLY_PRIVATE_H

#include <stddef.h>
#include <sys/stat.h>

#include "core/error.h"

#define APPLY_SHA256_HEX 65
#define APPLY_STATE_DIR ".hubcred"
#define APPLY_TEMP_MARK ".hubcred-"

/*
 * snprintf() for paths: -1 with errno ENAMETOOLONG instead of a
 * truncated path.
 */
int apply_path(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The folder of root's lock and journals into buf: ROOT/.hubcred, or a
 * folder under the home set with apply_set_state_home(). Creates nothing.
 */
int apply_state_dir(const char *root, char *buf, size_t size,
    struct hc_error *err);

/* True when the state folder is ROOT/.hubcred. */
int apply_state_in_root(void);

/* Lower-case hex SHA-256 of buf into out (65 bytes with the NUL). */
void apply_sha256_hex(const void *buf, size_t len, char *out);

/*
 * Read all of path into *buf (NUL-terminated, caller frees). On failure
 * errno is kept and err names path (what is shown: name).
 */
int apply_read_file(const char *path, const char *name, char **buf,
    size_t *len, struct hc_error *err);

/* write(2) until all of buf is written; -1 with errno on failure. */
int apply_write_all(int fd, const void *buf, size_t len);

/*
 * Create a temp file ".BASE.hubcred-XXXXXX" in folder dir with mode 0600
 * and return its descriptor; *tmp receives its path (caller frees).
 */
int apply_temp_open(const char *dir, const char *base, char **tmp,
    struct hc_error *err);

/*
 * Fill the open temp file fd: mode and owner of like (or 0666 less the
 * umask when like is NULL), buf written whole, fsynced and closed. name
 * is what messages show. fd is closed in every case.
 */
int apply_temp_fill(int fd, const char *name, const void *buf, size_t len,
    const struct stat *like, struct hc_error *err);

/* Copy of path's folder ("." when it has none); the caller frees it. */
char *apply_dir_of(const char *path);

/*
 * Copy the extended attributes of from (POSIX ACLs, SELinux labels, user
 * attributes) to the open file fd, as far as the file system and our
 * rights allow. What cannot be copied is logged, not an error.
 */
void apply_copy_xattrs(const char *from, int fd, const char *name);

/* fsync the folder dir, so renames and new names in it are durable. */
int apply_fsync_dir(const char *dir, struct hc_error *err);

/*
 * Replace path atomically with buf: a temp file in the same folder,
 * filled as apply_temp_fill() does, renamed over path, folder fsynced.
 */
int apply_replace(const char *path, const char *name, const void *buf,
    size_t len, const struct stat *like, struct hc_error *err);

/* Set err from errno for an operation ("writing") on name, with a hint. */
void apply_error_errno(struct hc_error *err, int errnum, const char *what,
    const char *name);

#endif
