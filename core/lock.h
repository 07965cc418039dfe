/*
 * The lock that keeps two hubcred runs from changing one Terraform root at
 * the same time: a file "lock" in the root's state folder (ROOT/.hubcred,
 * or the one apply_set_state_home() selects) that contains the pid, host
 * and start time of its holder. A lock whose holder ran on this host and
 * is no longer alive is taken over, because its run was interrupted. The
 * journal code then cleans up after that run. An flock() on the root
 * folder, held with the file, stops runs whose state folders differ
 * (two users) on the same host.
 */
#ifndef HUBCRED_CORE_LOCK_H
#define HUBCRED_CORE_LOCK_H

#include <stdbool.h>

#include "core/error.h"

struct lock;

/*
 * Create the state folder of root (ROOT/.hubcred gets a .gitignore that
 * contains "*") and take its lock. Returns the lock, released and freed
 * with lock_release(), or NULL with err set: HC_ERR_CONFLICT naming the
 * holder when another run holds it.
 */
struct lock *lock_take(const char *root, struct hc_error *err);

/* Remove the lock file and free lock; NULL is allowed. */
void lock_release(struct lock *lock);

/* True when the lock of a dead holder was taken over. */
bool lock_took_over(const struct lock *lock);

/* What happened while taking the lock, for the person ("" if nothing). */
const char *lock_note(const struct lock *lock);

/* The root the lock was taken in, as given to lock_take(). */
const char *lock_root(const struct lock *lock);

#endif
