/* The reference for the rules scanner's walk over the text: src/rules.c
 * compiled once more with TL_RULES_TRY_ALL (every position tried, no
 * walk), its public names renamed so that it links next to the real one.
 * Included by tests/unit/test_rules.c, which compares the two; the same
 * shape as money_reference.h. */
#ifndef TL_RULES_REFERENCE_H
#define TL_RULES_REFERENCE_H
#define TL_RULES_TRY_ALL
#define tl_rules_new ref_rules_new
#define tl_rules_free ref_rules_free
#define tl_rules_load ref_rules_load
#define tl_rules_count ref_rules_count
#define tl_rules_family ref_rules_family
#define tl_rules_type ref_rules_type
#define tl_rules_file ref_rules_file
#define tl_rules_line ref_rules_line
#define tl_rules_scan ref_rules_scan
#define tl_rule_matches_free ref_rule_matches_free
#define tl_rules_canonical ref_rules_canonical
#include "../src/rules.c"
#undef tl_rules_new
#undef tl_rules_free
#undef tl_rules_load
#undef tl_rules_count
#undef tl_rules_family
#undef tl_rules_type
#undef tl_rules_file
#undef tl_rules_line
#undef tl_rules_scan
#undef tl_rule_matches_free
#undef tl_rules_canonical
#undef TL_RULES_TRY_ALL
#endif
