/* Transfers on a libcurl multi handle, watched by the front end's hook. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/net.h"
#include "core/secret.h"

#define DEFAULT_TICK_MS 100L

static struct net_hook net_hook;
static int net_hooked;

void
net_hook_set(const struct net_hook *hook)
{
	net_hooked = hook != NULL && hook->fn != NULL;
	if (net_hooked) {
		net_hook = *hook;
		if (net_hook.tick_ms <= 0)
			net_hook.tick_ms = DEFAULT_TICK_MS;
	} else
		memset(&net_hook, 0, sizeof net_hook);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
set_cancelled(const char *what, struct hc_error *err)
{
	hc_log(HC_LOG_INFO, "net", "%s: cancelled", what);
	hc_error_set(err, HC_ERR_CANCELLED, "%s: cancelled", what);
	hc_error_hint(err, "nothing was changed by the cancelled call; "
	    "try again when ready");
}

/*
 * Ask the hook, when the terminal is readable or a tick has passed since
 * *last. Returns 1 to cancel.
 */
static int
ask_hook(const char *what, int ready, long *last)
{
	long now = now_ms();

	if (!ready && now - *last < net_hook.tick_ms)
		return 0;
	*last = now;
	return net_hook.fn(net_hook.arg, what, ready) == NET_CANCEL;
}

/* Run easy, added to multi, until it ends or the hook cancels it. */
static int
drive(CURLM *multi, CURL *easy, const char *what, CURLcode *result,
    struct hc_error *err)
{
	struct curl_waitfd extra = {.fd = net_hook.fd, .events = CURL_WAIT_POLLIN};
	unsigned int nextra = net_hook.fd >= 0 ? 1 : 0;
	long last = now_ms();
	int running = 1, ready;
	CURLMsg *msg;
	CURLMcode mc;
	int left;

	if (net_hook.fn(net_hook.arg, what, 0) == NET_CANCEL)
		goto cancelled;
	for (;;) {
		mc = curl_multi_perform(multi, &running);
		if (mc != CURLM_OK || running == 0)
			break;
		extra.revents = 0;
		mc = curl_multi_poll(multi, nextra ? &extra : NULL, nextra,
		    (int)net_hook.tick_ms, NULL);
		if (mc != CURLM_OK)
			break;
		ready = (extra.revents & CURL_WAIT_POLLIN) != 0;
		if (ask_hook(what, ready, &last))
			goto cancelled;
	}
	if (mc != CURLM_OK) {
		hc_error_set(err, HC_ERR_INTERNAL, "%s: libcurl: %s", what,
		    curl_multi_strerror(mc));
		return -1;
	}
	while ((msg = curl_multi_info_read(multi, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy)
			*result = msg->data.result;
	return 0;
cancelled:
	set_cancelled(what, err);
	return -1;
}

int
net_perform(CURL *easy, const char *what, CURLcode *result,
    struct hc_error *err)
{
	CURLM *multi;
	CURLMcode mc;
	int rc;

	*result = CURLE_ABORTED_BY_CALLBACK;
	if (!net_hooked) {
		*result = curl_easy_perform(easy);
		hc_secret_scrub_cpu();
		return 0;
	}
	/*
	 * A multi handle per transfer: its connection cache, with request
	 * buffers that may hold a secret in plain text, is freed (and so
	 * wiped by core/alloc.c) when the transfer ends. A multi handle
	 * kept between transfers would reuse connections but keep those
	 * buffers alive on the heap.
	 */
	multi = curl_multi_init();
	if (multi == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	mc = curl_multi_add_handle(multi, easy);
	if (mc != CURLM_OK) {
		hc_error_set(err, HC_ERR_INTERNAL, "%s: libcurl: %s", what,
		    curl_multi_strerror(mc));
		curl_multi_cleanup(multi);
		return -1;
	}
	/* A transfer that ended sets *result from its message. One that
	 * was cancelled keeps CURLE_ABORTED_BY_CALLBACK. */
	rc = drive(multi, easy, what, result, err);
	if (rc < 0)
		*result = CURLE_ABORTED_BY_CALLBACK;
	/* Removing the handle also drops a transfer still under way and
	 * closes its connection. */
	curl_multi_remove_handle(multi, easy);
	curl_multi_cleanup(multi);
	/* Request and response bodies went through the CPU's registers. */
	hc_secret_scrub_cpu();
	return rc;
}

/* Sleep ms with no hook. A signal does not cut the wait short. */
static void
sleep_plain(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int
net_sleep(long ms, const char *what, struct hc_error *err)
{
	struct pollfd pfd = {.fd = net_hook.fd, .events = POLLIN};
	long end = now_ms() + ms, last = now_ms(), left;
	int ready;

	if (ms <= 0)
		return 0;
	if (!net_hooked) {
		sleep_plain(ms);
		return 0;
	}
	if (net_hook.fn(net_hook.arg, what, 0) == NET_CANCEL)
		goto cancelled;
	while ((left = end - now_ms()) > 0) {
		if (left > net_hook.tick_ms)
			left = net_hook.tick_ms;
		pfd.revents = 0;
		ready = poll(&pfd, net_hook.fd >= 0 ? 1 : 0, (int)left) > 0 &&
		    (pfd.revents & POLLIN) != 0;
		if (ask_hook(what, ready, &last))
			goto cancelled;
	}
	return 0;
cancelled:
	set_cancelled(what, err);
	return -1;
}

int
net_progress(const char *unit, size_t done, size_t total,
    struct hc_error *err)
{
	static long last;
	struct pollfd pfd = {.fd = net_hook.fd, .events = POLLIN};
	char what[96];
	long now;
	int ready;

	if (!net_hooked)
		return 0;
	now = now_ms();
	if (now - last < net_hook.tick_ms)
		return 0;
	last = now;
	ready = net_hook.fd >= 0 && poll(&pfd, 1, 0) > 0 &&
	    (pfd.revents & POLLIN) != 0;
	snprintf(what, sizeof what, "%zu of %zu %s", done, total, unit);
	if (net_hook.fn(net_hook.arg, what, ready) != NET_CANCEL)
		return 0;
	set_cancelled(what, err);
	return -1;
}
