/* Forwarding of core log messages to the handler the program installed. */
#include <stdarg.h>
#include <stdio.h>

#include "core/log.h"

static hc_log_fn log_handler;
static void *log_data;
static enum hc_log_level log_max = HC_LOG_ERROR;

void
hc_log_set_handler(hc_log_fn handler, void *data, enum hc_log_level max)
{
	log_handler = handler;
	log_data = data;
	log_max = max;
}

int
hc_log_enabled(enum hc_log_level level)
{
	return log_handler != NULL && level <= log_max;
}

void
hc_log(enum hc_log_level level, const char *module, const char *fmt, ...)
{
	char message[1024];
	va_list ap;

	if (!hc_log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	log_handler(level, module, message, log_data);
}
