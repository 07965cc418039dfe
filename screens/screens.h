/*
 * The interactive wizard: one screen per step of the flow, in the
 * terminal. tui/main.c calls it after flow_new().
 */
#ifndef HUBCRED_SCREENS_SCREENS_H
#define HUBCRED_SCREENS_SCREENS_H

#include "core/error.h"
#include "core/flow.h"

/*
 * Run the wizard on flow until it is applied, found already configured,
 * or left. Takes over the terminal and always gives it back, also on
 * Ctrl-C. Returns 0 when the setup was applied (or was already in place),
 * -1 with err set otherwise: HC_ERR_CANCELLED when the person quit, the
 * scan's HC_ERR_PARSE with the file position, or the error that stopped
 * the apply.
 */
int screens_run_wizard(struct flow *flow, struct hc_error *err);

#endif
