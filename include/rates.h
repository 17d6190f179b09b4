#ifndef TL_RATES_H
#define TL_RATES_H
/*
 * rates: the exchange-rate table that gives amounts their USD column
 * (dictionaries/rates.tsv, documented in dictionaries/README.md, section
 * "Exchange rates").
 *
 * File format: UTF-8 text, one currency a line, four TAB-separated fields:
 *     currency <TAB> usd_per_unit <TAB> as_of <TAB> note
 *     CNY      <TAB> 0.1396       <TAB> 2025-06-30 <TAB> renminbi
 * - currency: an ISO 4217 code, three upper-case letters, each at most once;
 * - usd_per_unit: how many US dollars one unit is worth, a plain positive
 *   decimal ("0.1396", "1", "0.00694"; no exponent, no thousands separator);
 * - as_of: the date the rate is for, YYYY-MM-DD;
 * - note: free text, may be empty (the TAB before it may then be left out).
 * Blank lines and lines starting with '#' are ignored; the first other line,
 * when it starts with "currency<TAB>", is the header and ignored too. Every other line
 * that breaks these rules is reported as `path:line: what` through tl_diag
 * and left out; loading goes on, so one bad line costs one currency.
 *
 * Invariants of a loaded table: codes are unique, every rate is > 0, and the
 * table owns its memory (tl_rates_free releases it).
 *
 * Conversion is exact: the amount is multiplied by the rate in decimal and
 * rounded half away from zero to whole cents, so "4290万 CNY" at 0.1396 is
 * "5988840.00" on every machine. An unknown currency gives "", never a guess.
 */
#include <stddef.h>

#include "money.h"

typedef struct {
  char code[4];             /* "CNY" */
  tl_decimal usd_per_unit;  /* 0.1396 = {1396, 4} */
  char as_of[11];           /* "2025-06-30" */
} tl_rate;

typedef struct {
  tl_rate *v;
  size_t n;
} tl_rates;

#define TL_RATES_INIT {NULL, 0}

/* Reads the table at `path` into *r (replacing what it held). Returns the
 * number of problems reported (0 for a clean file), or -1 when the file
 * cannot be read, in which case *r is left as it was. */
int tl_rates_load(tl_rates *r, const char *path);

/* Same as tl_rates_load for text already in memory; `path` is only used in
 * messages. Returns the number of problems; never -1 (apart from a NULL r). */
int tl_rates_parse(tl_rates *r, const char *path, const char *text, size_t len);

/* The rate for an ISO code ("CNY"), or NULL when the table has none. The
 * pointer lives as long as the table. */
const tl_rate *tl_rates_find(const tl_rates *r, const char *code);

/* Writes the USD value of `amount` in `code` into out (at least 48 bytes):
 * a plain decimal with exactly two places ("5988840.00", "0.14"). Writes ""
 * and returns -1 when the currency is unknown (or the amount negative);
 * returns 0 otherwise.
 * Example: {42900000, 0} "CNY" at 0.1396 -> "5988840.00". */
int tl_rates_usd(const tl_rates *r, tl_decimal amount, const char *code, char *out);

/* Releases the table and leaves it empty (TL_RATES_INIT). */
void tl_rates_free(tl_rates *r);

#endif
