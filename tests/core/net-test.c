/*
 * core/net.c against a loopback HTTP server forked by the test: a
 * transfer with no hook and with one, a hook that cancels, a timeout, the
 * hook's descriptor, and waits that end or are cancelled.
 *
 * The server replies to GET /fast at once and never replies to GET /slow
 * (it keeps the connection open), so a transfer of /slow ends only by a
 * cancel or a timeout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "core/alloc.h"
#include "core/net.h"

#define BODY "hello from the loopback server\n"
#define MAX_CLIENTS 32

static pid_t server_pid = -1;
static int server_port;

/* Reply to one request on fd. Returns 1 when the connection can be
 * closed. */
static int
serve_request(int fd)
{
	static const char reply[] = "HTTP/1.1 200 OK\r\n"
	    "Content-Type: text/plain\r\nConnection: close\r\n"
	    "Content-Length: 31\r\n\r\n" BODY;
	char buf[2048];
	ssize_t n;

	n = read(fd, buf, sizeof buf - 1);
	if (n <= 0)
		return 1;
	buf[n] = '\0';
	if (strncmp(buf, "GET /slow", 9) == 0)
		return 0;
	if (write(fd, reply, sizeof reply - 1) < 0)
		return 1;
	return 1;
}

/* The server: one process, poll over the listener and its clients. */
static void
serve(int listener)
{
	struct pollfd fds[MAX_CLIENTS + 1];
	nfds_t n = 1, i;
	int fd;

	fds[0].fd = listener;
	fds[0].events = POLLIN;
	for (;;) {
		if (poll(fds, n, -1) < 0)
			continue;
		if ((fds[0].revents & POLLIN) && n <= MAX_CLIENTS) {
			fd = accept(listener, NULL, NULL);
			if (fd >= 0) {
				fds[n].fd = fd;
				fds[n].events = POLLIN;
				fds[n].revents = 0;
				n++;
			}
		}
		for (i = 1; i < n; i++) {
			if (!(fds[i].revents & (POLLIN | POLLHUP)))
				continue;
			if (serve_request(fds[i].fd)) {
				close(fds[i].fd);
				fds[i] = fds[--n];
				i--;
			}
		}
	}
}

static int
server_start(void **state)
{
	struct sockaddr_in addr = {.sin_family = AF_INET};
	socklen_t len = sizeof addr;
	int listener;

	(void)state;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&addr,
	    sizeof addr) < 0 || listen(listener, 16) < 0 ||
	    getsockname(listener, (struct sockaddr *)&addr, &len) < 0)
		return -1;
	server_port = ntohs(addr.sin_port);
	server_pid = fork();
	if (server_pid < 0)
		return -1;
	if (server_pid == 0) {
		serve(listener);
		_exit(0);
	}
	close(listener);
	return 0;
}

static int
server_stop(void **state)
{
	(void)state;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	return 0;
}

struct sink {
	char data[256];
	size_t len;
};

static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *user)
{
	struct sink *sink = user;
	size_t n = size * nmemb;

	if (n > sizeof sink->data - 1 - sink->len)
		n = sizeof sink->data - 1 - sink->len;
	memcpy(sink->data + sink->len, ptr, n);
	sink->len += n;
	sink->data[sink->len] = '\0';
	return size * nmemb;
}

static CURL *
new_easy(const char *path, long timeout_ms, struct sink *sink)
{
	char url[128];
	CURL *easy = curl_easy_init();

	assert_non_null(easy);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", server_port, path);
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, sink);
	return easy;
}

/* What the test hook saw, and after how many calls it cancels (0:
 * never). */
struct watch {
	int calls;
	int ready_calls;
	int cancel_at;
	char what[64];
	int drain_fd;
};

static enum net_action
on_net(void *arg, const char *what, int ready)
{
	struct watch *watch = arg;
	char byte;

	watch->calls++;
	snprintf(watch->what, sizeof watch->what, "%s", what);
	if (ready) {
		watch->ready_calls++;
		/* Read the input, as a terminal front end does. */
		if (read(watch->drain_fd, &byte, 1) < 0)
			return NET_CANCEL;
	}
	if (watch->cancel_at > 0 && watch->calls >= watch->cancel_at)
		return NET_CANCEL;
	return NET_WAIT;
}

static void
hook_install(struct watch *watch, int fd)
{
	struct net_hook hook = {.fn = on_net, .arg = watch, .fd = fd,
	    .tick_ms = 20};

	watch->drain_fd = fd;
	net_hook_set(&hook);
}

static void
test_perform_plain(void **state)
{
	struct sink sink = {{0}, 0};
	struct hc_error err;
	CURLcode result;
	CURL *easy;

	(void)state;
	hc_error_init(&err);
	net_hook_set(NULL);
	easy = new_easy("/fast", 10000, &sink);
	assert_int_equal(net_perform(easy, "GET /fast", &result, &err), 0);
	assert_int_equal(result, CURLE_OK);
	assert_string_equal(sink.data, BODY);
	curl_easy_cleanup(easy);
}

static void
test_perform_hooked(void **state)
{
	struct watch watch = {0};
	struct sink sink = {{0}, 0};
	struct hc_error err;
	CURLcode result;
	long status = 0;
	CURL *easy;

	(void)state;
	hc_error_init(&err);
	hook_install(&watch, -1);
	easy = new_easy("/fast", 10000, &sink);
	assert_int_equal(net_perform(easy, "GET /fast", &result, &err), 0);
	assert_int_equal(result, CURLE_OK);
	assert_string_equal(sink.data, BODY);
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	assert_int_equal(status, 200);
	/* Called at least once, at the start, with the call's name. */
	assert_true(watch.calls >= 1);
	assert_string_equal(watch.what, "GET /fast");

	/* The handle can be used again after the multi let it go. */
	sink.len = 0;
	sink.data[0] = '\0';
	assert_int_equal(net_perform(easy, "GET /fast", &result, &err), 0);
	assert_int_equal(result, CURLE_OK);
	assert_string_equal(sink.data, BODY);
	curl_easy_cleanup(easy);
	net_hook_set(NULL);
}

static void
test_perform_cancelled(void **state)
{
	struct watch watch = {.cancel_at = 4};
	struct sink sink = {{0}, 0};
	struct hc_error err;
	CURLcode result = CURLE_OK;
	CURL *easy;

	(void)state;
	hc_error_init(&err);
	hook_install(&watch, -1);
	/* The timeout is far away: only the hook can end the transfer. */
	easy = new_easy("/slow", 60000, &sink);
	assert_int_equal(net_perform(easy, "GET /slow", &result, &err), -1);
	assert_int_equal(err.code, HC_ERR_CANCELLED);
	assert_string_equal(err.message, "GET /slow: cancelled");
	assert_int_equal(result, CURLE_ABORTED_BY_CALLBACK);
	assert_int_equal(watch.calls, 4);
	assert_int_equal(sink.len, 0);

	/* The same handle then completes a normal transfer. */
	hc_error_init(&err);
	watch.cancel_at = 0;
	curl_easy_cleanup(easy);
	easy = new_easy("/fast", 10000, &sink);
	assert_int_equal(net_perform(easy, "GET /fast", &result, &err), 0);
	assert_int_equal(result, CURLE_OK);
	assert_string_equal(sink.data, BODY);
	curl_easy_cleanup(easy);
	net_hook_set(NULL);
}

static void
test_perform_cancelled_at_start(void **state)
{
	struct watch watch = {.cancel_at = 1};
	struct sink sink = {{0}, 0};
	struct hc_error err;
	CURLcode result;
	CURL *easy;

	(void)state;
	hc_error_init(&err);
	hook_install(&watch, -1);
	easy = new_easy("/fast", 10000, &sink);
	assert_int_equal(net_perform(easy, "GET /fast", &result, &err), -1);
	assert_int_equal(err.code, HC_ERR_CANCELLED);
	assert_int_equal(watch.calls, 1);
	assert_int_equal(sink.len, 0);
	curl_easy_cleanup(easy);
	net_hook_set(NULL);
}

static void
test_perform_timeout(void **state)
{
	struct watch watch = {0};
	struct sink sink = {{0}, 0};
	struct hc_error err;
	CURLcode result;
	CURL *easy;

	(void)state;
	hc_error_init(&err);
	hook_install(&watch, -1);
	easy = new_easy("/slow", 300, &sink);
	/* A timeout is the transfer's result, not net_perform's failure. */
	assert_int_equal(net_perform(easy, "GET /slow", &result, &err), 0);
	assert_int_equal(result, CURLE_OPERATION_TIMEDOUT);
	assert_false(hc_error_is_set(&err));
	/* The hook ran on ticks while the transfer waited. */
	assert_true(watch.calls > 1);
	curl_easy_cleanup(easy);

	/* Without a hook, the same. */
	net_hook_set(NULL);
	easy = new_easy("/slow", 300, &sink);
	assert_int_equal(net_perform(easy, "GET /slow", &result, &err), 0);
	assert_int_equal(result, CURLE_OPERATION_TIMEDOUT);
	curl_easy_cleanup(easy);
}

static void
test_perform_fd_ready(void **state)
{
	struct watch watch = {0};
	struct sink sink = {{0}, 0};
	struct hc_error err;
	CURLcode result;
	int fds[2];
	CURL *easy;

	(void)state;
	hc_error_init(&err);
	assert_int_equal(pipe(fds), 0);
	/* Input is waiting before the transfer starts. */
	assert_int_equal(write(fds[1], "k", 1), 1);
	hook_install(&watch, fds[0]);
	easy = new_easy("/slow", 300, &sink);
	assert_int_equal(net_perform(easy, "GET /slow", &result, &err), 0);
	assert_int_equal(result, CURLE_OPERATION_TIMEDOUT);
	assert_int_equal(watch.ready_calls, 1);
	curl_easy_cleanup(easy);
	net_hook_set(NULL);
	close(fds[0]);
	close(fds[1]);
}

static void
test_sleep(void **state)
{
	struct watch watch = {0};
	struct hc_error err;

	(void)state;
	hc_error_init(&err);
	net_hook_set(NULL);
	assert_int_equal(net_sleep(50, "waiting", &err), 0);

	hook_install(&watch, -1);
	assert_int_equal(net_sleep(200, "waiting to retry", &err), 0);
	assert_false(hc_error_is_set(&err));
	assert_true(watch.calls > 1);
	assert_string_equal(watch.what, "waiting to retry");

	/* A long wait ends when the hook cancels on its third call. */
	watch.calls = 0;
	watch.cancel_at = 3;
	assert_int_equal(net_sleep(60000, "waiting to retry", &err), -1);
	assert_int_equal(err.code, HC_ERR_CANCELLED);
	assert_int_equal(watch.calls, 3);
	net_hook_set(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perform_plain),
		cmocka_unit_test(test_perform_hooked),
		cmocka_unit_test(test_perform_cancelled),
		cmocka_unit_test(test_perform_cancelled_at_start),
		cmocka_unit_test(test_perform_timeout),
		cmocka_unit_test(test_perform_fd_ready),
		cmocka_unit_test(test_sleep),
	};
	struct hc_error err;
	int rc;

	hc_error_init(&err);
	if (hc_alloc_install(&err) < 0) {
		fprintf(stderr, "net-test: %s\n", err.message);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, server_start, server_stop);
	hc_alloc_cleanup();
	return rc;
}
