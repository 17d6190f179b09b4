/* The reference for the money scanner's prefilter: src/money.c compiled
 * once more with TL_MONEY_WALK_ALL (the plain walk over every character),
 * its public names renamed so that it links next to the real one. Included
 * by tests/unit/test_money.c and tests/fuzz/fuzz_money.c, which compare the
 * two on every input. */
#ifndef TL_MONEY_REFERENCE_H
#define TL_MONEY_REFERENCE_H
#define TL_MONEY_WALK_ALL
#define tl_money_scan ref_money_scan
#define tl_decimal_format ref_decimal_format
#define tl_decimal_parse ref_decimal_parse
#define tl_decimal_cmp ref_decimal_cmp
#include "../src/money.c"
#undef tl_money_scan
#undef tl_decimal_format
#undef tl_decimal_parse
#undef tl_decimal_cmp
#undef TL_MONEY_WALK_ALL
#endif
