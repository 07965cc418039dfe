/*
 * A spinner with a label and the seconds elapsed, for calls that block:
 * "⠹ Checking the token at Docker Hub  3s". The frame depends on the time,
 * not on how often it is drawn.
 */
#ifndef HUBCRED_TUI_SPINNER_H
#define HUBCRED_TUI_SPINNER_H

#include <time.h>

struct tui_spinner {
	char label[160];
	struct timespec start;
};

/* Start timing now with label. */
void tui_spinner_start(struct tui_spinner *spinner, const char *label);

/* Whole seconds since start. */
long tui_spinner_elapsed(const struct tui_spinner *spinner);

/* Draw on row y from x in width cells. */
void tui_spinner_draw(const struct tui_spinner *spinner, int y, int x,
    int width);

#endif
