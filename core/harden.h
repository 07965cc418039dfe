/*
 * Process hardening done once at start, before any secret is read: no
 * core files, and no ptrace or /proc/PID/mem access by other processes of
 * the same user.
 *
 * What this does not stop: root with CAP_SYS_PTRACE can still attach (gdb,
 * gcore) and read /proc/PID/environ and /proc/PID/mem; see
 * docs/SECURITY.md. The guarded pages of secrets are locked and excluded
 * from core dumps by libsodium itself (mlock, MADV_DONTDUMP).
 */
#ifndef HUBCRED_CORE_HARDEN_H
#define HUBCRED_CORE_HARDEN_H

#include "core/error.h"

/*
 * Set RLIMIT_CORE to 0 (soft and hard) and mark the process not dumpable
 * (PR_SET_DUMPABLE 0). Both are inherited by fork() children; execve()
 * makes a program dumpable again, so a helper program must harden itself.
 * Fails with HC_ERR_INTERNAL naming the call that failed.
 */
int hc_harden_process(struct hc_error *err);

#endif
