/*
 * Transfers, waits and long local work that a front end can watch and
 * cancel, with no threads.
 *
 * Every HTTP call of the core (AWS and Docker Hub) goes through
 * net_perform(), and every wait between retries through net_sleep().
 * Without a hook both block, as curl_easy_perform() and nanosleep() do:
 * that is what the replay driver gets. A front end with a terminal
 * installs a hook: the transfer then runs on a libcurl multi handle,
 * and while it waits the hook is called whenever the hook's descriptor
 * (the terminal) is readable and at least every tick_ms. The hook may
 * redraw the screen. When it returns NET_CANCEL, the transfer is dropped
 * and the call fails with HC_ERR_CANCELLED.
 *
 * There is one hook for the process, like the log handler.
 */
#ifndef HUBCRED_CORE_NET_H
#define HUBCRED_CORE_NET_H

#include <curl/curl.h>

#include "core/error.h"

/* The hook's decision for the transfer or wait under way. */
enum net_action {
	NET_WAIT,		/* go on waiting */
	NET_CANCEL,		/* drop the transfer or the wait */
};

/*
 * Called while a transfer or a wait is under way: once when it starts,
 * then when fd is readable (ready is 1) or tick_ms have passed (ready is
 * 0). what names the call for a person ("Secrets Manager CreateSecret",
 * "GET auth.docker.io/token") and contains no secret. A hook given an fd
 * must read the input waiting on it, or it is called again at once.
 */
typedef enum net_action (*net_hook_fn)(void *arg, const char *what,
    int ready);

struct net_hook {
	net_hook_fn fn;
	void *arg;
	int fd;			/* also wait for input on it; -1: none */
	long tick_ms;		/* at most this long between calls */
};

/* Install hook (copied), or NULL to block plainly again. */
void net_hook_set(const struct net_hook *hook);

/*
 * Run the transfer set up on easy. Returns 0 when it ended, with
 * libcurl's result in *result (CURLE_OK or the transfer's error: a
 * timeout is an error here, not a failure of net_perform). Returns -1
 * with HC_ERR_CANCELLED when the hook cancelled it, and with
 * HC_ERR_INTERNAL when the multi interface failed; *result is then
 * CURLE_ABORTED_BY_CALLBACK. easy stays the caller's and can be reused.
 */
int net_perform(CURL *easy, const char *what, CURLcode *result,
    struct hc_error *err);

/* Wait ms milliseconds. Returns 0, or -1 with HC_ERR_CANCELLED when
 * the hook cancelled the wait. */
int net_sleep(long ms, const char *what, struct hc_error *err);

/*
 * Report progress of long local work (reading a large tree), so the front
 * end can redraw and the person can cancel it like a transfer. The hook
 * runs at most once a tick, and the text "DONE of TOTAL UNIT" is only
 * formatted then, so a call per file costs a clock read. Returns 0, or -1
 * with HC_ERR_CANCELLED when the hook cancelled the work.
 */
int net_progress(const char *unit, size_t done, size_t total,
    struct hc_error *err);

#endif
