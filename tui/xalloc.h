/*
 * Allocation for the terminal side, which treats running out of memory as
 * fatal: these never return NULL, they go through tui_app_die(), which
 * restores the terminal before exiting. Core code never uses them.
 */
#ifndef HUBCRED_TUI_XALLOC_H
#define HUBCRED_TUI_XALLOC_H

#include <stddef.h>

/* Free the results with free(). */
void *tui_xcalloc(size_t n, size_t size);
void *tui_xreallocarray(void *ptr, size_t n, size_t size);
char *tui_xstrdup(const char *s);

#endif
