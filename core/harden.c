/* Process hardening: no core files, no same-user ptrace. */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/harden.h"

int
hc_harden_process(struct hc_error *err)
{
	const struct rlimit no_core = {0, 0};

	/*
	 * Lowering the hard limit too means nothing later in the process
	 * can raise it again.
	 */
	if (setrlimit(RLIMIT_CORE, &no_core) == -1) {
		hc_error_set(err, HC_ERR_INTERNAL,
		    "cannot disable core files (setrlimit RLIMIT_CORE): %s",
		    strerror(errno));
		return -1;
	}

	/*
	 * Not dumpable: /proc/PID files become root-owned, ptrace and
	 * /proc/PID/mem need CAP_SYS_PTRACE instead of the same user id,
	 * and the kernel writes a core only if fs.suid_dumpable is 2.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1) {
		hc_error_set(err, HC_ERR_INTERNAL,
		    "cannot mark the process not dumpable (prctl "
		    "PR_SET_DUMPABLE): %s", strerror(errno));
		return -1;
	}
	return 0;
}
