/*
 * rates.c: loads dictionaries/rates.tsv and converts amounts to US dollars
 * exactly (decimal digits, no floating point), see rates.h.
 */
#include "rates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"

void tl_rates_free(tl_rates *r) {
  free(r->v);
  r->v = NULL;
  r->n = 0;
}

static int is_code(const char *s, size_t len) {
  if (len != 3)
    return 0;
  for (size_t i = 0; i < 3; i++)
    if (s[i] < 'A' || s[i] > 'Z')
      return 0;
  return 1;
}

/* YYYY-MM-DD with a plausible month and day; the calendar check stops there
 * because the date is only shown to users, never computed with. */
static int is_date(const char *s, size_t len) {
  if (len != 10 || s[4] != '-' || s[7] != '-')
    return 0;
  for (size_t i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return 0;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const tl_rate *tl_rates_find(const tl_rates *r, const char *code) {
  if (!r || !code)
    return NULL;
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->v[i].code, code) == 0)
      return &r->v[i];
  return NULL;
}

/* Checks one data line (without its line break) and appends its rate.
 * Returns 0, or 1 after reporting what is wrong. */
static int parse_line(tl_rates *r, size_t *cap, const char *path, long lineno, const char *s, size_t len) {
  if (memchr(s, '\0', len)) {
    tl_diag(path, lineno, "NUL byte in an exchange-rate line");
    return 1;
  }
  const char *f[3];
  size_t fl[3];
  size_t at = 0;
  for (int k = 0; k < 3; k++) {
    const char *tab = memchr(s + at, '\t', len - at);
    size_t end = tab ? (size_t)(tab - s) : len;
    if (!tab && k < 2) {
      tl_diag(path, lineno, "expected currency<TAB>usd_per_unit<TAB>as_of<TAB>note, found %d field%s", k + 1,
              k ? "s" : "");
      return 1;
    }
    f[k] = s + at;
    fl[k] = end - at;
    at = tab ? end + 1 : len;
  }
  if (!is_code(f[0], fl[0])) {
    tl_diag(path, lineno, "currency \"%.*s\" is not an ISO 4217 code (three capital letters)", (int)fl[0], f[0]);
    return 1;
  }
  tl_decimal rate;
  if (tl_decimal_parse(f[1], fl[1], &rate) < 0 || rate.digits == 0) {
    tl_diag(path, lineno, "rate \"%.*s\" for %.*s is not a positive plain decimal (like 0.1395)", (int)fl[1], f[1],
            (int)fl[0], f[0]);
    return 1;
  }
  if (!is_date(f[2], fl[2])) {
    tl_diag(path, lineno, "as-of date \"%.*s\" for %.*s is not YYYY-MM-DD", (int)fl[2], f[2], (int)fl[0], f[0]);
    return 1;
  }
  char code[4];
  memcpy(code, f[0], 3);
  code[3] = '\0';
  if (tl_rates_find(r, code)) {
    tl_diag(path, lineno, "currency %s is listed twice; the first line wins", code);
    return 1;
  }
  r->v = tl_xgrow(r->v, cap, r->n + 1, sizeof *r->v);
  tl_rate *x = &r->v[r->n++];
  memcpy(x->code, code, 4);
  x->usd_per_unit = rate;
  memcpy(x->as_of, f[2], 10);
  x->as_of[10] = '\0';
  return 0;
}

int tl_rates_parse(tl_rates *r, const char *path, const char *text, size_t len) {
  if (!r)
    return -1;
  tl_rates fresh = TL_RATES_INIT;
  size_t cap = 0;
  int problems = 0;
  size_t i = 0;
  long lineno = 0;
  int seen_data = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - text) : len;
    size_t l = end - i;
    lineno++;
    if (l > 0 && text[i + l - 1] == '\r')
      l--;
    const char *s = text + i;
    i = nl ? end + 1 : len;
    size_t k = 0;
    while (k < l && (s[k] == ' ' || s[k] == '\t'))
      k++;
    if (k == l || s[k] == '#')
      continue;
    if (!seen_data++ && l >= 9 && memcmp(s, "currency\t", 9) == 0)
      continue;
    problems += parse_line(&fresh, &cap, path, lineno, s, l);
  }
  tl_rates_free(r);
  *r = fresh;
  return problems;
}

int tl_rates_load(tl_rates *r, const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    tl_diag(path, 0, "cannot open the exchange-rate table");
    return -1;
  }
  tl_buf b = TL_BUF_INIT;
  char chunk[8192];
  size_t got;
  int failed = 0;
  while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
    if (tl_buf_add(&b, chunk, got) < 0) {
      failed = 1;
      break;
    }
  if (ferror(fp))
    failed = 1;
  fclose(fp);
  if (failed) {
    tl_diag(path, 0, "cannot read the exchange-rate table");
    tl_buf_free(&b);
    return -1;
  }
  int problems = tl_rates_parse(r, path, b.data, b.len);
  tl_buf_free(&b);
  return problems;
}

/* Decimal digits of v, least significant first; returns how many. */
static int to_digits(unsigned long long v, unsigned char *d) {
  int n = 0;
  do {
    d[n++] = (unsigned char)(v % 10);
    v /= 10;
  } while (v);
  return n;
}

int tl_rates_usd(const tl_rates *r, tl_decimal amount, const char *code, char *out) {
  out[0] = '\0';
  const tl_rate *rate = tl_rates_find(r, code);
  if (!rate || amount.digits < 0 || amount.scale < 0 || amount.scale > 18)
    return -1;
  /* Schoolbook product of two numbers of at most 19 digits: 38 digits. */
  unsigned char a[20], b[20];
  int na = to_digits((unsigned long long)amount.digits, a);
  int nb = to_digits((unsigned long long)rate->usd_per_unit.digits, b);
  unsigned p[44] = {0};
  for (int i = 0; i < na; i++)
    for (int j = 0; j < nb; j++)
      p[i + j] += (unsigned)a[i] * b[j];
  for (int i = 0; i < 43; i++) {
    p[i + 1] += p[i] / 10;
    p[i] %= 10;
  }
  /* value = p × 10^-scale; cents = round(p × 10^(2-scale)). */
  int scale = amount.scale + rate->usd_per_unit.scale;
  unsigned c[48] = {0};
  int nc;
  if (scale <= 2) {
    int shift = 2 - scale;
    for (int i = 0; i < 44 && i + shift < 48; i++)
      c[i + shift] = p[i];
    nc = 48;
  } else {
    int drop = scale - 2;
    int up = drop <= 44 && p[drop - 1] >= 5;
    for (int i = drop; i < 44; i++)
      c[i - drop] = p[i];
    for (int i = 0; up && i < 48; i++) {
      c[i]++;
      up = c[i] == 10;
      if (up)
        c[i] = 0;
    }
    nc = 48;
  }
  while (nc > 3 && c[nc - 1] == 0)
    nc--;
  size_t k = 0;
  for (int i = nc - 1; i >= 0; i--) {
    out[k++] = (char)('0' + c[i]);
    if (i == 2)
      out[k++] = '.';
  }
  out[k] = '\0';
  return 0;
}
