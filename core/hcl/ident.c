/* Identifier characters beyond ASCII, by binary search of the ranges in
 * ident-table.h. */
#include <stddef.h>

#include "core/hcl/ident.h"
#include "core/hcl/ident-table.h"

static int
in_ranges(const uint32_t (*ranges)[2], size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < ranges[mid][0])
			hi = mid;
		else if (cp > ranges[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
hcl_ident_char(uint32_t cp, int start)
{
	if (start)
		return in_ranges(ident_start,
		    sizeof ident_start / sizeof ident_start[0], cp);
	return in_ranges(ident_continue,
	    sizeof ident_continue / sizeof ident_continue[0], cp);
}
