/* Allocation that restores the terminal and exits when memory runs out. */
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/xalloc.h"

void *
tui_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		tui_app_die("out of memory");
	return p;
}

void *
tui_xreallocarray(void *ptr, size_t n, size_t size)
{
	void *p = reallocarray(ptr, n ? n : 1, size ? size : 1);

	if (p == NULL)
		tui_app_die("out of memory");
	return p;
}

char *
tui_xstrdup(const char *s)
{
	char *p = strdup(s != NULL ? s : "");

	if (p == NULL)
		tui_app_die("out of memory");
	return p;
}
