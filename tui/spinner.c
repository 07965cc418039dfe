/* A time-driven spinner with elapsed seconds. */
#include <curses.h>
#include <stdio.h>

#include "tui/draw.h"
#include "tui/spinner.h"

static const char *frames_utf8[] = {
	"\u280b", "\u2819", "\u2839", "\u2838",
	"\u283c", "\u2834", "\u2826", "\u2827", "\u2807", "\u280f",
};
static const char *frames_ascii[] = {"|", "/", "-", "\\"};

void
tui_spinner_start(struct tui_spinner *spinner, const char *label)
{
	snprintf(spinner->label, sizeof spinner->label, "%s",
	    label ? label : "");
	clock_gettime(CLOCK_MONOTONIC, &spinner->start);
}

static long
elapsed_ms(const struct tui_spinner *spinner)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - spinner->start.tv_sec) * 1000 +
	    (now.tv_nsec - spinner->start.tv_nsec) / 1000000;
}

long
tui_spinner_elapsed(const struct tui_spinner *spinner)
{
	return elapsed_ms(spinner) / 1000;
}

void
tui_spinner_draw(const struct tui_spinner *spinner, int y, int x, int width)
{
	long tick = elapsed_ms(spinner) / 100;
	const char *frame;
	char line[256];

	if (tui_draw_utf8())
		frame = frames_utf8[tick % 10];
	else
		frame = frames_ascii[tick % 4];
	snprintf(line, sizeof line, "%s %s  %lds", frame, spinner->label,
	    tick / 10);
	tui_draw_line(y, x, width, line, A_BOLD);
}
