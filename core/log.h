/*
 * The core's only way to say what it is doing.
 *
 * Core code never prints. It calls hc_log(), which forwards to the handler
 * that the program installed (tui/main.c writes a log file when asked).
 * Without a handler every message is dropped. Never pass a secret, a token
 * or an Authorization header: log a key id, a length or a fingerprint.
 */
#ifndef HUBCRED_CORE_LOG_H
#define HUBCRED_CORE_LOG_H

enum hc_log_level {
	HC_LOG_ERROR,
	HC_LOG_INFO,
	HC_LOG_DEBUG,
};

typedef void (*hc_log_fn)(enum hc_log_level level, const char *module,
    const char *message, void *data);

/* Install handler (NULL to drop everything) for levels up to max. */
void hc_log_set_handler(hc_log_fn handler, void *data,
    enum hc_log_level max);

/* Whether a message at level would reach a handler; check before
 * formatting expensive debug output. */
int hc_log_enabled(enum hc_log_level level);

void hc_log(enum hc_log_level level, const char *module, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

#endif
