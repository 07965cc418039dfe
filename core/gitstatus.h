/*
 * Uncommitted changes in git, so a person sees that hubcred is about to
 * edit a file they are in the middle of changing. Pointed out, never a
 * reason to refuse.
 */
#ifndef HUBCRED_CORE_GITSTATUS_H
#define HUBCRED_CORE_GITSTATUS_H

#include "core/error.h"
#include "core/plan.h"

/*
 * Add a note to plan for each of its files that has uncommitted changes
 * (staged, unstaged or untracked) in the git repository holding the
 * plan's root. A root outside any repository adds nothing. Returns -1
 * only when a note cannot be added; git errors are logged and ignored.
 */
int gitstatus_note_dirty(struct plan *plan, struct hc_error *err);

#endif
