/*
 * Identifier characters beyond ASCII, as HCL accepts them.
 */
#ifndef HUBCRED_CORE_HCL_IDENT_H
#define HUBCRED_CORE_HCL_IDENT_H

#include <stdint.h>

/* Whether code point cp (from U+0080) may start an identifier, or with
 * start 0, continue one. The table is HashiCorp HCL's, which is Unicode's
 * ID_Start and ID_Continue of an older Unicode version. */
int hcl_ident_char(uint32_t cp, int start);

#endif
