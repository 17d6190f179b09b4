/*
 * money.c: the money scanner. See money.h for what counts as money.
 *
 * Shape of the scanner: walk the text; at every place where an amount could
 * begin (a digit, a Chinese numeral, a currency sign or code, an English
 * number word) try to read
 *     [currency prefix] number [magnitude] [currency suffix]
 *     [range connector [prefix] number [magnitude] [suffix]]
 *     ["+"] [per-unit] [trailing qualifier]
 * and accept it only when a currency is attached. Then look left for a
 * qualifier ("约", "over"), a per-unit phrase ("每股") and a restatement
 * marker ("约合"). Accepted amounts never overlap: scanning resumes after one.
 *
 * All reads go through helpers that take the text length, so no byte outside
 * text[0..len) is ever touched, whatever the bytes are.
 */
#include "money.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "pairfilter.h"
#include "utf8.h"

/* ------------------------------------------------------------------------ */
/* exact decimals                                                           */

static const int64_t p10[19] = {1LL,
                                10LL,
                                100LL,
                                1000LL,
                                10000LL,
                                100000LL,
                                1000000LL,
                                10000000LL,
                                100000000LL,
                                1000000000LL,
                                10000000000LL,
                                100000000000LL,
                                1000000000000LL,
                                10000000000000LL,
                                100000000000000LL,
                                1000000000000000LL,
                                10000000000000000LL,
                                100000000000000000LL,
                                1000000000000000000LL};

#define MAX_SCALE 18

/* Drops trailing fraction zeros so equal values print and compare alike. */
static tl_decimal dec_norm(tl_decimal d) {
  while (d.scale > 0 && d.digits % 10 == 0) {
    d.digits /= 10;
    d.scale--;
  }
  return d;
}

/* *d × 10^p, exact. Returns -1 (leaving *d alone) when it does not fit. */
static int dec_shift(tl_decimal *d, int p) {
  tl_decimal r = *d;
  while (p > 0 && r.scale > 0) {
    r.scale--;
    p--;
  }
  if (p < 0) {
    r.scale -= p;
    p = 0;
  }
  if (r.scale > MAX_SCALE || p > 18)
    return -1;
  if (p > 0) {
    if (r.digits > INT64_MAX / p10[p])
      return -1;
    r.digits *= p10[p];
  }
  *d = dec_norm(r);
  return 0;
}

/* a + b, exact; -1 when it does not fit. */
static int dec_add(tl_decimal a, tl_decimal b, tl_decimal *out) {
  while (a.scale < b.scale) {
    if (a.digits > INT64_MAX / 10)
      return -1;
    a.digits *= 10;
    a.scale++;
  }
  while (b.scale < a.scale) {
    if (b.digits > INT64_MAX / 10)
      return -1;
    b.digits *= 10;
    b.scale++;
  }
  if (a.digits > INT64_MAX - b.digits)
    return -1;
  out->digits = a.digits + b.digits;
  out->scale = a.scale;
  *out = dec_norm(*out);
  return 0;
}

int tl_decimal_cmp(tl_decimal a, tl_decimal b) {
  /* Integer parts first, then the fractions scaled to 18 places: both fit
   * in int64 for any scale in 0..18, so no overflow is possible. */
  if (a.scale < 0 || a.scale > MAX_SCALE || b.scale < 0 || b.scale > MAX_SCALE) {
    long double x = (long double)a.digits, y = (long double)b.digits;
    for (int i = 0; i < a.scale; i++) x /= 10;
    for (int i = 0; i > a.scale; i--) x *= 10;
    for (int i = 0; i < b.scale; i++) y /= 10;
    for (int i = 0; i > b.scale; i--) y *= 10;
    return (x > y) - (x < y);
  }
  int64_t ia = a.digits / p10[a.scale], ib = b.digits / p10[b.scale];
  if (ia != ib)
    return ia < ib ? -1 : 1;
  int64_t fa = (a.digits % p10[a.scale]) * p10[MAX_SCALE - a.scale];
  int64_t fb = (b.digits % p10[b.scale]) * p10[MAX_SCALE - b.scale];
  return (fa > fb) - (fa < fb);
}

char *tl_decimal_format(tl_decimal d, char *buf) {
  char tmp[96];
  char digits[24];
  size_t k = 0;
  int neg = d.digits < 0;
  /* Work on the magnitude as unsigned so INT64_MIN is fine too. */
  uint64_t u = neg ? (uint64_t)0 - (uint64_t)d.digits : (uint64_t)d.digits;
  int scale = d.scale;
  if (scale < -40)
    scale = -40;
  if (scale > 60)
    scale = 60;
  /* The digits of u, written from the right end of digits[]. */
  size_t nd = 0;
  uint64_t rest = u;
  do {
    digits[sizeof digits - 1 - nd++] = (char)('0' + rest % 10);
    rest /= 10;
  } while (rest);
  const char *dg = digits + sizeof digits - nd;
  if (neg && u != 0)
    tmp[k++] = '-';
  if (scale <= 0) {
    memcpy(tmp + k, dg, nd);
    k += nd;
    if (u != 0)
      for (int i = 0; i < -scale; i++) tmp[k++] = '0';
  } else {
    size_t sc = (size_t)scale;
    if (nd <= sc) {
      tmp[k++] = '0';
      tmp[k++] = '.';
      for (size_t i = nd; i < sc; i++) tmp[k++] = '0';
      memcpy(tmp + k, dg, nd);
      k += nd;
    } else {
      memcpy(tmp + k, dg, nd - sc);
      k += nd - sc;
      tmp[k++] = '.';
      memcpy(tmp + k, dg + nd - sc, sc);
      k += sc;
    }
    while (tmp[k - 1] == '0') k--;
    if (tmp[k - 1] == '.')
      k--;
  }
  if (k > 31)
    k = 31; /* only for decimals this module never makes */
  memcpy(buf, tmp, k);
  buf[k] = '\0';
  return buf;
}

int tl_decimal_parse(const char *s, size_t len, tl_decimal *out) {
  tl_decimal d = {0, 0};
  int any = 0, frac = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (d.digits > (INT64_MAX - (c - '0')) / 10)
        return -1;
      d.digits = d.digits * 10 + (c - '0');
      if (frac && ++d.scale > MAX_SCALE)
        return -1;
      any = 1;
    } else if (c == '.' && !frac && any && i + 1 < len) {
      frac = 1;
    } else {
      return -1;
    }
  }
  if (!any)
    return -1;
  *out = dec_norm(d);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* reading the text                                                         */

typedef const unsigned char uc;

/* Decodes the code point at t[i] (i < n). Invalid or truncated sequences
 * decode as U+FFFD of length 1, so a scan always moves forward. At or past
 * the end: 0 with length 0. */
static uint32_t cp_at(uc *t, size_t n, size_t i, size_t *len) {
  if (i >= n) {
    *len = 0;
    return 0;
  }
  int32_t cp;
  *len = tl_utf8_decode_lossy(t + i, n - i, &cp);
  return (uint32_t)cp;
}

/* The code point that ends at t[i] (0 with *len 0 at the start of text). */
static uint32_t cp_before(uc *t, size_t i, size_t *len) {
  *len = 0;
  if (i == 0)
    return 0;
  size_t k = i - 1;
  int back = 0;
  while (k > 0 && back < 3 && (t[k] & 0xC0) == 0x80) {
    k--;
    back++;
  }
  size_t l;
  uint32_t cp = cp_at(t, i, k, &l);
  if (k + l == i) {
    *len = l;
    return cp;
  }
  *len = 1;
  return 0xFFFD;
}

static int is_fwdigit(uint32_t c) { return c >= 0xFF10 && c <= 0xFF19; }

/* Spaces that may sit inside an expression ("1 亿美元", "$ 5"): ASCII,
 * no-break, ideographic, thin, and the zero-width family. */
static int is_space(uint32_t c) {
  return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || c == 0x2009 || c == 0x202F || c == 0x200B ||
         c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

/* Digit value at t[i] (ASCII or full-width), its byte length in *len; -1. */
static int digit_at(uc *t, size_t n, size_t i, size_t *len) {
  if (i >= n)
    return -1;
  if (tl_ascii_digit(t[i])) {
    *len = 1;
    return t[i] - '0';
  }
  if (n - i >= 3 && t[i] == 0xEF && t[i + 1] == 0xBC && t[i + 2] >= 0x90 && t[i + 2] <= 0x99) {
    *len = 3;
    return t[i + 2] - 0x90;
  }
  return -1;
}

/* Exact literal at t[i]: its length, or 0. A byte loop, not strlen and
 * memcmp: it runs for every table entry at every candidate position, the
 * literals are short and nearly all differ within two bytes. */
static size_t lit(uc *t, size_t n, size_t i, const char *s) {
  size_t k = 0;
  for (; s[k]; k++)
    if (i + k >= n || t[i + k] != (unsigned char)s[k])
      return 0;
  return k;
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* ASCII case-insensitive literal, no boundary asked: "Multi" of
 * "Multibillion-Dollar". */
static size_t ci_lit(uc *t, size_t n, size_t i, const char *s) {
  size_t k = 0;
  for (; s[k]; k++)
    if (i + k >= n || lower(t[i + k]) != lower((unsigned char)s[k]))
      return 0;
  return k;
}

/* ASCII case-insensitive literal that must end at a word boundary. */
static size_t word(uc *t, size_t n, size_t i, const char *s) {
  size_t k = ci_lit(t, n, i, s);
  return k && !(i + k < n && tl_ascii_alnum(t[i + k])) ? k : 0;
}

/* Exact literal of k bytes ending at t[i], not reaching before `floor`. */
static size_t lit_back_n(uc *t, size_t floor, size_t i, const char *s, size_t k) {
  if (i < floor + k)
    return 0;
  for (size_t j = k; j-- > 0;) /* from the end, where literals differ */
    if (t[i - k + j] != (unsigned char)s[j])
      return 0;
  return k;
}

static size_t lit_back(uc *t, size_t floor, size_t i, const char *s) { return lit_back_n(t, floor, i, s, strlen(s)); }

/* English word of k bytes ending at t[i]: case-insensitive, word boundary
 * on the left. */
static size_t word_back_n(uc *t, size_t floor, size_t i, const char *s, size_t k) {
  if (i < floor + k)
    return 0;
  for (size_t j = 0; j < k; j++)
    if (lower(t[i - k + j]) != lower((unsigned char)s[j]))
      return 0;
  if (i - k > 0 && tl_ascii_alnum(t[i - k - 1]))
    return 0;
  return k;
}

static size_t word_back(uc *t, size_t floor, size_t i, const char *s) {
  return word_back_n(t, floor, i, s, strlen(s));
}

/* Skips what may separate the parts of one expression: spaces, Markdown
 * emphasis stars, and at most one line break (a digest wrapped mid-sentence). */
static size_t skip_gap(uc *t, size_t n, size_t i) {
  int broke = 0;
  while (i < n) {
    size_t l;
    uint32_t c = cp_at(t, n, i, &l);
    if (is_space(c) || c == '*') {
      i += l;
    } else if ((c == '\n' || c == '\r') && !broke) {
      broke = 1;
      i += (c == '\r' && i + 1 < n && t[i + 1] == '\n') ? 2 : 1;
    } else {
      break;
    }
  }
  return i;
}

/* Skips at most `max` spaces (no stars, no line breaks): for English words
 * that belong together ("5 billion", "$ 5"). */
static size_t skip_spaces(uc *t, size_t n, size_t i, int max) {
  while (max-- > 0 && i < n) {
    size_t l;
    uint32_t c = cp_at(t, n, i, &l);
    if (!is_space(c))
      break;
    i += l;
  }
  return i;
}

/* Backward gap: spaces, stars and the "[" of a link ("约 [3000亿美元](…)"),
 * no line breaks, not before floor. */
static size_t skip_gap_back(uc *t, size_t floor, size_t i) {
  while (i > floor) {
    size_t l;
    uint32_t c = cp_before(t, i, &l);
    if (!(is_space(c) || c == '*' || c == '[') || i - l < floor)
      break;
    i -= l;
  }
  return i;
}

/* ------------------------------------------------------------------------ */
/* numbers                                                                  */

/* Chinese numeral characters: digit value 0..9, or a unit (-1 十 -2 百 -3 千,
 * -4 万, -8 亿); 99 when not a numeral. */
static int cn_numeral(uint32_t c) {
  switch (c) {
  case 0x96F6: /* 零 */
  case 0x3007: /* 〇 */
    return 0;
  case 0x4E00: return 1; /* 一 */
  case 0x4E8C:           /* 二 */
  case 0x4E24:           /* 两 */
  case 0x5169:           /* 兩 */
    return 2;
  case 0x4E09: return 3; /* 三 */
  case 0x56DB: return 4; /* 四 */
  case 0x4E94: return 5; /* 五 */
  case 0x516D: return 6; /* 六 */
  case 0x4E03: return 7; /* 七 */
  case 0x516B: return 8; /* 八 */
  case 0x4E5D: return 9; /* 九 */
  case 0x5341: return -1; /* 十 */
  case 0x767E: return -2; /* 百 */
  case 0x5343: return -3; /* 千 */
  case 0x4E07:            /* 万 */
  case 0x842C:            /* 萬 */
    return -4;
  case 0x4EBF: /* 亿 */
  case 0x5104: /* 億 */
    return -8;
  default: return 99;
  }
}

#define CP_DUO 0x591A /* 多 */
#define CP_YU 0x4F59  /* 余 */

typedef struct {
  size_t start, end; /* bytes of the number with its magnitude words */
  tl_decimal v;      /* value, magnitude applied */
  int mag;           /* power of ten applied by magnitude words; 0 if none */
  int arabic;        /* written with Arabic (or full-width) digits */
  int small_cn;      /* Chinese digits only, no unit: 一..九 ("三元组") */
  const char *q;     /* qualifier inside the number: "several", "over", NULL */
} num_t;

/* ------------------------------------------------------------------------ */
/* currencies                                                               */

enum {
  CUR_ARABIC_ONLY = 1, /* "刀": only after Arabic digits ("一刀切") */
  CUR_NEEDS_MAG = 2,   /* "pounds", "won": weights and verbs otherwise */
  CUR_YUAN = 4,        /* bare 元: not after 一..九, not in 元素/元宇宙 */
  CUR_WORD = 8,        /* English word: word boundary after it */
  CUR_CODE = 16        /* ISO code: upper case exactly, word boundary */
};

typedef struct {
  const char *s;
  const char *code;
  int flags;
  int pow; /* value scale of the unit: -2 for 美分 (cents) */
} cur_t;

/* Longest first where one is a prefix of another. Each needs an anchor in
 * the prefilter (wide_anchors, word_anchors). */
static const cur_t suffixes[] = {
    {"元人民币", "CNY", 0, 0},   {"人民币", "CNY", 0, 0},       {"美元", "USD", 0, 0},
    {"美金", "USD", 0, 0},       {"美刀", "USD", 0, 0},         {"美分", "USD", 0, -2},
    {"港元", "HKD", 0, 0},       {"港币", "HKD", 0, 0},         {"港幣", "HKD", 0, 0},
    {"欧元", "EUR", 0, 0},       {"歐元", "EUR", 0, 0},         {"英镑", "GBP", 0, 0},
    {"英鎊", "GBP", 0, 0},       {"日元", "JPY", 0, 0},         {"日圆", "JPY", 0, 0},
    {"日圓", "JPY", 0, 0},       {"円", "JPY", 0, 0},           {"韩元", "KRW", 0, 0},
    {"韩币", "KRW", 0, 0},       {"韓元", "KRW", 0, 0},         {"印度卢比", "INR", 0, 0},
    {"卢比", "INR", 0, 0},       {"新台币", "TWD", 0, 0},       {"新台幣", "TWD", 0, 0},
    {"台币", "TWD", 0, 0},       {"新加坡元", "SGD", 0, 0},     {"新币", "SGD", 0, 0},
    {"加元", "CAD", 0, 0},       {"加币", "CAD", 0, 0},         {"澳元", "AUD", 0, 0},
    {"澳币", "AUD", 0, 0},       {"新西兰元", "NZD", 0, 0},     {"纽元", "NZD", 0, 0},
    {"瑞士法郎", "CHF", 0, 0},   {"瑞郎", "CHF", 0, 0},         {"卢布", "RUB", 0, 0},
    {"泰铢", "THB", 0, 0},       {"林吉特", "MYR", 0, 0},       {"雷亚尔", "BRL", 0, 0},
    {"迪拉姆", "AED", 0, 0},     {"沙特里亚尔", "SAR", 0, 0},   {"越南盾", "VND", 0, 0},
    {"瑞典克朗", "SEK", 0, 0},   {"挪威克朗", "NOK", 0, 0},     {"丹麦克朗", "DKK", 0, 0},
    {"块钱", "CNY", 0, 0},       {"刀", "USD", CUR_ARABIC_ONLY, 0},
    {"元", "CNY", CUR_YUAN, 0},
    /* traditional spellings not above, after 元 as they are rare ("5億元人民幣"
     * is "5億元" then) */
    {"人民幣", "CNY", 0, 0},     {"新臺幣", "TWD", 0, 0},       {"臺幣", "TWD", 0, 0},
    {"台幣", "TWD", 0, 0},
    {"US dollars", "USD", CUR_WORD, 0},  {"U.S. dollars", "USD", CUR_WORD, 0},
    {"Hong Kong dollars", "HKD", CUR_WORD, 0}, {"HK dollars", "HKD", CUR_WORD, 0},
    {"Singapore dollars", "SGD", CUR_WORD, 0}, {"Canadian dollars", "CAD", CUR_WORD, 0},
    {"Australian dollars", "AUD", CUR_WORD, 0}, {"NT dollars", "TWD", CUR_WORD, 0},
    {"dollars", "USD", CUR_WORD, 0},     {"dollar", "USD", CUR_WORD, 0},
    {"euros", "EUR", CUR_WORD, 0},       {"euro", "EUR", CUR_WORD, 0},
    {"pounds sterling", "GBP", CUR_WORD, 0}, {"pounds", "GBP", CUR_WORD | CUR_NEEDS_MAG, 0},
    {"pound", "GBP", CUR_WORD | CUR_NEEDS_MAG, 0},
    {"yuan", "CNY", CUR_WORD, 0},        {"renminbi", "CNY", CUR_WORD, 0},
    {"yen", "JPY", CUR_WORD, 0},         {"won", "KRW", CUR_WORD | CUR_NEEDS_MAG, 0},
    {"rupees", "INR", CUR_WORD, 0},      {"rupee", "INR", CUR_WORD, 0},
    {"Swiss francs", "CHF", CUR_WORD, 0},
};

/* ISO codes recognised before or after a number. CAD, SAR and TRY are left
 * out on purpose: "CAD" is computer-aided design, "SAR" a radar. RMB is the
 * common name, CNY the ISO code. A constant table, as tl_money_scan runs on
 * several threads at once. */
#define ISO(c) {c, c, CUR_CODE, 0}
static const cur_t codes[] = {ISO("USD"), ISO("CNY"), {"RMB", "CNY", CUR_CODE, 0}, ISO("HKD"), ISO("EUR"),
                              ISO("GBP"), ISO("JPY"), ISO("KRW"), ISO("INR"), ISO("TWD"), ISO("SGD"),
                              ISO("AUD"), ISO("CHF"), ISO("RUB"), ISO("BRL"), ISO("AED"), ISO("NZD"),
                              ISO("MXN"), ISO("THB"), ISO("MYR"), ISO("VND"), ISO("SEK"), ISO("NOK"),
                              ISO("DKK"), ISO("ZAR")};
#undef ISO

/* Characters that turn a bare 元 into part of another word: 元素, 元宇宙,
 * 元组, 元旦, 元件, 元器件, 元胞, 元论. */
static int yuan_word(uint32_t c) {
  return c == 0x7D20 || c == 0x5B87 || c == 0x7EC4 || c == 0x65E6 || c == 0x4EF6 || c == 0x5668 ||
         c == 0x80DE || c == 0x8BBA || c == 0x5B9D;
}

/* The currency written right after an amount, at t[i]. Returns its length
 * (0 when none) and fills *cur. */
static size_t match_suffix(uc *t, size_t n, size_t i, const num_t *nm, const cur_t **cur) {
  for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
    const cur_t *c = &suffixes[k];
    size_t l = (c->flags & CUR_WORD) ? word(t, n, i, c->s) : lit(t, n, i, c->s);
    if (!l)
      continue;
    if ((c->flags & CUR_ARABIC_ONLY) && !nm->arabic)
      return 0;
    if ((c->flags & CUR_NEEDS_MAG) && !nm->mag)
      return 0;
    if (c->flags & CUR_ARABIC_ONLY) {
      size_t l2;
      /* 刀片, 刀具, 刀锋, 刀法: a blade, not a dollar. */
      uint32_t nx = i + l < n ? cp_at(t, n, i + l, &l2) : 0;
      if (nx == 0x7247 || nx == 0x5177 || nx == 0x950B || nx == 0x6CD5 || nx == 0x5207)
        return 0;
    }
    if (c->flags & CUR_YUAN) {
      size_t l2;
      uint32_t nx = i + l < n ? cp_at(t, n, i + l, &l2) : 0;
      if (nm->small_cn || yuan_word(nx))
        return 0;
    }
    *cur = c;
    return l;
  }
  for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
    size_t l = lit(t, n, i, codes[k].s);
    if (l && (i + l >= n || !tl_ascii_alnum(t[i + l]))) {
      *cur = &codes[k];
      return l;
    }
  }
  return 0;
}

/* A run of Chinese magnitude characters after Arabic digits ("万", "亿",
 * "万亿", "千万", "十亿"): the sum of their powers, 0 when none. At most
 * three characters: "1.5万亿" yes, a longer run is not a magnitude. */
static int cn_mag_run(uc *t, size_t n, size_t *i) {
  int pow = 0, k = 0;
  size_t j = *i;
  while (j < n && k < 3) {
    size_t l;
    int v = cn_numeral(cp_at(t, n, j, &l));
    if (v >= 0 || v == 99)
      break;
    pow += -v;
    j += l;
    k++;
  }
  if (pow == 0)
    return 0;
  *i = j;
  return pow;
}

/* English magnitude words after a number: "million", "bn", the Indian
 * "crore" (10^7) and "lakh" (10^5) ("₹500 crore"), and the letters M/B/K/T
 * only when written right against the digits ("$99M", "$50k"). A word of
 * five letters or more may also be hyphenated to the number, as adjectives
 * are written ("a $1.2-billion deal", "a 5-million-dollar fund"). */
static int en_mag(uc *t, size_t n, size_t *i) {
  static const struct {
    const char *w;
    int pow;
  } words[] = {{"trillion", 12}, {"billion", 9}, {"million", 6}, {"thousand", 3}, {"crore", 7},
               {"crores", 7},    {"lakh", 5},    {"lakhs", 5},   {"tn", 12},      {"trn", 12},
               {"bn", 9},        {"bln", 9},     {"mn", 6},      {"mln", 6},      {"mil", 6}};
  size_t j = *i;
  if (j + 1 < n && t[j] == '-' && tl_ascii_alpha(t[j + 1])) {
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
      size_t l = strlen(words[w].w) >= 5 ? word(t, n, j + 1, words[w].w) : 0;
      if (l) {
        *i = j + 1 + l;
        return words[w].pow;
      }
    }
    return 0;
  }
  if (j < n && (t[j] == 'M' || t[j] == 'm' || t[j] == 'B' || t[j] == 'b' || t[j] == 'K' || t[j] == 'k' ||
                t[j] == 'T') &&
      (j + 1 >= n || !tl_ascii_alnum(t[j + 1]))) {
    int c = lower(t[j]);
    *i = j + 1;
    return c == 'm' ? 6 : c == 'b' ? 9 : c == 'k' ? 3 : 12;
  }
  j = skip_spaces(t, n, j, 2);
  if (j >= n || !tl_ascii_alpha(t[j]))
    return 0; /* the common case: 亿, 美元, "," */
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
    size_t l = word(t, n, j, words[w].w);
    if (l) {
      *i = j + l;
      return words[w].pow;
    }
  }
  return 0;
}

/* A thousands separator at t[j] after a digit: "," or, between full-width
 * digits, "，" or "," ("１，０００"), followed by exactly three digits. Its
 * length, or 0. "，" is Chinese punctuation between ASCII digits ("分别为
 * 1，200"), so it only counts inside a full-width number. */
static size_t thousands_sep(uc *t, size_t n, size_t j, int wide) {
  size_t s = t[j] == ',' ? 1 : wide ? lit(t, n, j, "\xEF\xBC\x8C") : 0;
  if (!s)
    return 0;
  size_t k = j + s, l;
  for (int g = 0; g < 3; g++) {
    if (digit_at(t, n, k, &l) < 0 || (l > 1) != wide)
      return 0;
    k += l;
  }
  return digit_at(t, n, k, &l) >= 0 ? 0 : s;
}

/* Digits with optional thousands separators ("3,000", "１，０００", groups of
 * exactly three) and a decimal point. 0 when there is no number at i or it
 * is not a plain number ("1.2.3", too many digits). */
static int parse_digits(uc *t, size_t n, size_t i, tl_decimal *out, size_t *end) {
  tl_decimal d = {0, 0};
  int any = 0, frac = 0, over = 0, wide = 0;
  size_t j = i, l;
  for (;;) {
    int v = digit_at(t, n, j, &l);
    if (v >= 0) {
      if (d.digits > (INT64_MAX - v) / 10)
        over = 1;
      else
        d.digits = d.digits * 10 + v;
      if (frac)
        d.scale++;
      any = 1;
      wide = l > 1;
      j += l;
      continue;
    }
    if (!any || frac || j >= n)
      break;
    size_t sep = thousands_sep(t, n, j, wide);
    if (sep) {
      j += sep;
      continue;
    }
    size_t dot = t[j] == '.' ? 1 : lit(t, n, j, "\xEF\xBC\x8E"); /* ．*/
    if (dot && digit_at(t, n, j + dot, &l) >= 0) {
      frac = 1;
      j += dot;
      continue;
    }
    break;
  }
  *end = j;
  if (!any)
    return 0;
  /* "1.2.3", "2025.10.05": a version or a date, not a quantity. */
  if (j < n && t[j] == '.' && digit_at(t, n, j + 1, &l) >= 0)
    return -1;
  if (over || d.scale > MAX_SCALE)
    return -1;
  *out = dec_norm(d);
  return 1;
}

/* After the number: 多/余 meaning "more than" ("10多亿", "1亿多", "万余"). */
static size_t duo_yu(uc *t, size_t n, size_t i) {
  size_t l;
  if (i < n) {
    uint32_t c = cp_at(t, n, i, &l);
    if (c == CP_DUO || c == CP_YU)
      return l;
  }
  return 0;
}

/* Arabic-digit number with its magnitude: "4290万", "1.5万亿", "10多亿",
 * "1亿2000万", "$300 billion" (the "300 billion" part), "99M". Returns 1 and
 * fills *nm, 0 when there is no number, -1 when the digits are not a plain
 * number (nm->end then says how far to skip). */
static int parse_arabic(uc *t, size_t n, size_t i, num_t *nm) {
  memset(nm, 0, sizeof *nm);
  nm->start = i;
  size_t j;
  int r = parse_digits(t, n, i, &nm->v, &j);
  nm->end = j;
  if (r <= 0)
    return r;
  nm->arabic = 1;
  size_t k = j;
  size_t l = duo_yu(t, n, k);
  if (l) {
    nm->q = "over";
    k += l;
  }
  size_t m = skip_gap(t, n, k);
  int pow = cn_mag_run(t, n, &m);
  if (!pow && nm->q)
    j = k;
  if (pow) {
    if (dec_shift(&nm->v, pow) < 0)
      return -1;
    nm->mag = pow;
    j = m;
    if ((l = duo_yu(t, n, j)) != 0) {
      nm->q = "over";
      j += l;
    }
    /* "1亿2000万": a smaller unit continues the amount. */
    if (pow >= 8) {
      tl_decimal rest;
      size_t e;
      if (parse_digits(t, n, j, &rest, &e) == 1) {
        size_t m2 = e;
        int pow2 = cn_mag_run(t, n, &m2);
        if (pow2 > 0 && pow2 < pow && dec_shift(&rest, pow2) == 0 && dec_add(nm->v, rest, &nm->v) == 0)
          j = m2;
      }
    }
  } else if (!nm->q) {
    pow = en_mag(t, n, &j);
    if (pow) {
      if (dec_shift(&nm->v, pow) < 0)
        return -1;
      nm->mag = pow;
    }
  }
  nm->end = j;
  return 1;
}

/* The characters that start a vague Chinese number: 数/數 (several), 几
 * (a few), 上 (upwards of): "数十亿", "几百万", "上百亿". */
static int vague_lead(uint32_t c) { return c == 0x6570 || c == 0x6578 || c == 0x51E0 || c == 0x4E0A; }

/* Chinese-numeral number: "三千八百亿", "两千亿", "十五", "一万亿", "十多亿",
 * "千万", and the vague "数十亿", "几百万", "上百亿" (value: the magnitude
 * named, qualifier "several"). Same returns as parse_arabic. */
static int parse_chinese(uc *t, size_t n, size_t i, num_t *nm) {
  memset(nm, 0, sizeof *nm);
  nm->start = i;
  size_t j = i, l;
  uint32_t c = cp_at(t, n, j, &l);
  int several = 0;
  if (vague_lead(c)) {
    size_t l2;
    /* "每月几美元", "仅需几块钱", "降至数港元，": a few units of any Chinese
     * currency word the grammar knows after a number (match_suffix()).
     * A bare 元 only when no Chinese word goes on after it (元钱 aside):
     * "参数元数据", "函数元编程" are not money. */
    int few = 0;
    if (c != 0x4E0A) {
      const cur_t *cur;
      num_t a_few = {.v = {1, 0}}; /* no Arabic digits, no magnitude */
      size_t cl = match_suffix(t, n, j + l, &a_few, &cur);
      if (cl && (cur->flags & CUR_YUAN)) {
        uint32_t nx = j + l + cl < n ? cp_at(t, n, j + l + cl, &l2) : 0;
        few = !tl_is_han((int32_t)nx) || nx == 0x94B1 /* 钱 */;
      } else {
        few = cl && !(cur->flags & (CUR_WORD | CUR_CODE));
      }
    }
    if (few) {
      nm->end = j + l;
      nm->v = (tl_decimal){1, 0};
      nm->q = "several";
      return 1;
    }
    if (j + l >= n || cn_numeral(cp_at(t, n, j + l, &l2)) >= 0)
      return 0;
    if (cn_numeral(cp_at(t, n, j + l, &l2)) == 99)
      return 0;
    /* 推上/登上/冲上 + 万亿: a verb, not "upwards of". */
    if (c == 0x4E0A) {
      static const uint32_t verbs[] = {0x63A8, 0x767B, 0x51B2, 0x8FC8, 0x7AD9, 0x8DC3, 0x6DA8, 0x5347, 0x6500,
                                       0x722C, 0x8DE8, 0x8E0F, 0x8FBE, 0x8D76, 0x9001, 0x62AC, 0x62C9, 0x52A0};
      uint32_t prev = cp_before(t, i, &l2);
      for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
        if (prev == verbs[k])
          return 0;
    }
    several = 1;
    j += l;
  }
  int64_t total = 0, section = 0, num = 0;
  int any = 0, unit = 0, last_digit = 0, count = 0;
  const char *q = several ? "several" : NULL;
  while (j < n && count < 24) {
    c = cp_at(t, n, j, &l);
    int v = cn_numeral(c);
    if (v == 99) {
      /* 多/余 right after a unit: "十多亿", "一百多万", "万余". */
      if ((c == CP_DUO || c == CP_YU) && unit && !last_digit && !several) {
        size_t l2;
        uint32_t nx = j + l < n ? cp_at(t, n, j + l, &l2) : 0;
        int nv = cn_numeral(nx);
        if (nv < 0 && nv != 99) {
          q = "over";
          j += l;
          continue;
        }
      }
      break;
    }
    if (several && v >= 0)
      break;
    count++;
    if (v >= 0) {
      num = last_digit ? num * 10 + v : v;
      if (num > 1000000000)
        return -1;
      last_digit = 1;
    } else if (v >= -3) {
      section += (num ? num : 1) * p10[-v];
      num = 0;
      last_digit = 0;
      unit = 1;
    } else if (v == -4) {
      int64_t s = section + num;
      section = (s ? s : 1) * 10000;
      num = 0;
      last_digit = 0;
      unit = 1;
    } else {
      int64_t s = total + section + num;
      if (s > INT64_MAX / 100000000)
        return -1;
      total = (s ? s : 1) * 100000000;
      section = num = 0;
      last_digit = 0;
      unit = 1;
    }
    if (section > INT64_MAX / 100000000)
      return -1;
    any = 1;
    j += l;
  }
  if (!any)
    return 0;
  nm->end = j;
  nm->v.digits = total + section + num;
  nm->v.scale = 0;
  nm->small_cn = !unit;
  nm->q = q;
  /* The power of the last unit is what a range's low end may borrow. */
  int64_t x = nm->v.digits;
  int zeros = 0;
  while (x >= 10 && x % 10 == 0) {
    x /= 10;
    zeros++;
  }
  nm->mag = zeros >= 12 ? 12 : zeros >= 8 ? 8 : zeros >= 4 ? 4 : 0;
  if ((l = duo_yu(t, n, j)) != 0 && unit) {
    nm->q = nm->q ? nm->q : "over";
    nm->end = j + l;
  }
  return 1;
}

typedef struct {
  const char *s;
  const char *code;
  int letters; /* starts with Latin letters: needs a word boundary on its left */
} prefix_t;

/* Each contains a currency sign, an anchor of the prefilter. */
static const prefix_t prefixes[] = {
    {"US$", "USD", 1},  {"U.S.$", "USD", 1}, {"HK$", "HKD", 1}, {"NT$", "TWD", 1}, {"SG$", "SGD", 1},
    {"S$", "SGD", 1},   {"AU$", "AUD", 1},   {"A$", "AUD", 1},  {"CA$", "CAD", 1}, {"C$", "CAD", 1},
    {"NZ$", "NZD", 1},  {"R$", "BRL", 1},    {"MX$", "MXN", 1}, {"CN¥", "CNY", 1}, {"JP¥", "JPY", 1},
    {"$", "USD", 0},    {"＄", "USD", 0},    {"¥", "CNY", 0},   {"￥", "CNY", 0},  {"€", "EUR", 0},
    {"£", "GBP", 0},    {"₹", "INR", 0},     {"₩", "KRW", 0},   {"₽", "RUB", 0},
};

/* Chinese currency words that may come first ("人民币100亿元",
 * "约合人民币36亿元", "港币5000万"). */
static const prefix_t word_prefixes[] = {
    {"人民币", "CNY", 0}, {"港币", "HKD", 0}, {"港元", "HKD", 0}, {"新台币", "TWD", 0}, {"美金", "USD", 0},
};

/* A currency written before a number, at t[i]. Returns the bytes up to where
 * the number must begin (0 when none) and sets *code; *weak is 1 for codes
 * and words, which need the number to end cleanly ("人民币10年来" is not
 * money). */
static size_t match_prefix(uc *t, size_t n, size_t i, const char **code, int *weak) {
  /* Every prefix begins with a Latin letter, "$" or a non-ASCII byte: most
   * calls come at a digit and end here. */
  if (i >= n || (t[i] < 0x80 && !tl_ascii_alpha(t[i]) && t[i] != '$'))
    return 0;
  size_t pl;
  uint32_t prev = cp_before(t, i, &pl);
  for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
    size_t l = lit(t, n, i, prefixes[k].s);
    if (!l)
      continue;
    if (prefixes[k].letters && tl_ascii_alnum(prev))
      return 0;
    if (strcmp(prefixes[k].s, "$") == 0 && (prev == '$' || prev == '{' || prev == '\\'))
      return 0;
    *code = prefixes[k].code;
    *weak = 0;
    return skip_spaces(t, n, i + l, 1) - i;
  }
  if (!tl_ascii_alnum(prev)) {
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
      size_t l = lit(t, n, i, codes[k].s);
      if (!l)
        continue;
      if (i + l < n && t[i + l] == '$')
        l++;
      else if (i + l < n && tl_ascii_alpha(t[i + l]))
        return 0; /* a longer word: USDC, EURO */
      *code = codes[k].code;
      *weak = 1;
      return skip_spaces(t, n, i + l, 1) - i;
    }
  }
  for (size_t k = 0; k < sizeof word_prefixes / sizeof word_prefixes[0]; k++) {
    size_t l = lit(t, n, i, word_prefixes[k].s);
    if (l) {
      *code = word_prefixes[k].code;
      *weak = 1;
      return skip_gap(t, n, i + l) - i;
    }
  }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* qualifiers, units, restatements                                          */

/* Literals that are tried back from every amount, with their lengths
 * worked out by the compiler rather than by strlen on each try. */
typedef struct {
  const char *s;
  size_t len;
} lit_t;
#define LIT(s) {s, sizeof s - 1}

typedef struct {
  const char *s;
  size_t len;
  const char *q;
} qual_t;
#define QUAL(s, q) {s, sizeof s - 1, q}

/* Chinese qualifiers before the number, longest first. */
static const qual_t cn_quals[] = {
    QUAL("最高可达", "up to"), QUAL("不超过", "up to"), QUAL("最高达", "up to"), QUAL("不高于", "up to"),
    QUAL("不少于", "at least"), QUAL("不低于", "at least"), QUAL("超过了", "over"), QUAL("约合", "about"),
    QUAL("约为", "about"),     QUAL("大约", "about"),     QUAL("大概", "about"),   QUAL("将近", "nearly"),
    QUAL("接近", "nearly"),    QUAL("逼近", "nearly"),    QUAL("几乎", "nearly"),  QUAL("超过", "over"),
    QUAL("远超", "over"),      QUAL("超出", "over"),      QUAL("突破", "over"),    QUAL("高于", "over"),
    QUAL("多于", "over"),      QUAL("大于", "over"),      QUAL("不超", "up to"),   QUAL("最高", "up to"),
    QUAL("最多", "up to"),     QUAL("至多", "up to"),     QUAL("高达", "up to"),   QUAL("多达", "up to"),
    QUAL("至少", "at least"),  QUAL("起码", "at least"),  QUAL("最少", "at least"), QUAL("最低", "at least"),
    QUAL("不到", "under"),     QUAL("不足", "under"),     QUAL("少于", "under"),   QUAL("低于", "under"),
    QUAL("小于", "under"),     QUAL("跌破", "under"),     QUAL("约", "about"),       QUAL("近", "nearly"),    QUAL("超", "over"),
    QUAL("逾", "over"),        QUAL("破", "over"),
};

static const qual_t en_quals[] = {
    QUAL("approximately", "about"), QUAL("an estimated", "about"), QUAL("approx.", "about"),
    QUAL("roughly", "about"),       QUAL("around", "about"),       QUAL("about", "about"),
    QUAL("some", "about"),          QUAL("nearly", "nearly"),      QUAL("almost", "nearly"),
    QUAL("close to", "nearly"),     QUAL("just under", "nearly"),  QUAL("more than", "over"),
    QUAL("upwards of", "over"),     QUAL("in excess of", "over"),  QUAL("north of", "over"),
    QUAL("over", "over"),           QUAL("above", "over"),         QUAL("exceeding", "over"),
    QUAL("up to", "up to"),         QUAL("as much as", "up to"),   QUAL("as high as", "up to"),
    QUAL("at most", "up to"),       QUAL("at least", "at least"),  QUAL("starting at", "at least"),
    QUAL("starts at", "at least"),  QUAL("less than", "under"),    QUAL("under", "under"),
    QUAL("below", "under"),
};

/* Characters that, before a one-character qualifier, make it part of another
 * word: 合约/签约/预约 (contract), 最近/附近 (recent), 不超 is in the table. */
static int blocks_single_qual(const char *q, uint32_t prev) {
  if (strcmp(q, "约") == 0) {
    static const uint32_t bad[] = {0x5408, 0x5951, 0x9884, 0x6761, 0x516C, 0x7B7E, 0x8282, 0x5236, 0x9080,
                                   0x5A5A, 0x76F8, 0x5B88, 0x8FDD, 0x5C65, 0x7279, 0x76DF, 0x7ACB, 0x89E3,
                                   0x7F14, 0x8981, 0x96C6, 0x8D74};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
      if (prev == bad[k])
        return 1;
  } else if (strcmp(q, "近") == 0) {
    /* 最近 附近 亲近 邻近 靠近 贴近 就近 */
    static const uint32_t bad[] = {0x6700, 0x9644, 0x4EB2, 0x90BB, 0x9760, 0x8D34, 0x5C31, 0x6D45};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
      if (prev == bad[k])
        return 1;
  } else if (strcmp(q, "超") == 0) {
    /* 赶超 高超 */
    if (prev == 0x8D76 || prev == 0x9AD8)
      return 1;
  } else if (strcmp(q, "破") == 0) {
    /* 打破 攻破 识破 爆破 看破 说破: not "passing" an amount. */
    if (prev == 0x6253 || prev == 0x653B || prev == 0x8BC6 || prev == 0x7206 || prev == 0x770B || prev == 0x8BF4)
      return 1;
  }
  return 0;
}

/* Qualifier written before position i (after skipping spaces and stars).
 * Returns its start, or i when there is none; sets *q. */
static size_t qual_before(uc *t, size_t floor, size_t i, const char **q) {
  size_t p = skip_gap_back(t, floor, i);
  if (p == floor)
    return i;
  /* Chinese qualifiers end in a Chinese character, English ones in an
   * ASCII letter or ".": the byte before p says which table to try. */
  int cjk = t[p - 1] >= 0x80;
  for (size_t k = 0; cjk && k < sizeof cn_quals / sizeof cn_quals[0]; k++) {
    size_t l = lit_back_n(t, floor, p, cn_quals[k].s, cn_quals[k].len);
    if (!l)
      continue;
    if (l == 3) {
      size_t pl;
      if (blocks_single_qual(cn_quals[k].s, cp_before(t, p - l, &pl)))
        continue;
    }
    *q = cn_quals[k].q;
    return p - l;
  }
  for (size_t k = 0; !cjk && k < sizeof en_quals / sizeof en_quals[0]; k++) {
    size_t l = word_back_n(t, floor, p, en_quals[k].s, en_quals[k].len);
    if (l) {
      *q = en_quals[k].q;
      return p - l;
    }
  }
  return i;
}

/* Words that turn a 每… phrase into a rate rather than a price:
 * "每年亏损数十亿美元", "每月烧钱800万美元", "每年投入10亿美元". */
static const char *const rate_verbs[] = {"烧", "亏", "赚", "收入", "营收", "营业", "投入", "投资",
                                         "花费", "花掉", "支出", "开支", "节省", "省下", "利润", "净利",
                                         "融资", "增长", "增加", "减少", "捐", "损失", "产生", "创造",
                                         "带来", "贡献", "销售", "流水", "募", "筹", "拨", "补贴"};

/* Clause boundaries for looking back: an amount's per-unit phrase is in
 * the same clause. */
static int clause_stop(uint32_t c) {
  return c == 0xFF0C || c == 0x3002 || c == 0xFF1B || c == 0xFF1A || c == 0x3001 || c == 0xFF01 ||
         c == 0xFF1F || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' || c == ')' ||
         c == 0xFF08 || c == 0xFF09 || c == '[' || c == ']' || c == 0x3010 || c == 0x3011 || c == '|' ||
         c == '\n' || c == '\r' || c == 0x201C || c == 0x201D || c == '"' || tl_ascii_digit(c) ||
         is_fwdigit(c) || c == 0xFFFD || c == 0;
}

/* Chinese units after "/" or "每", longest first; the first nine are time
 * periods. */
static const char *const cn_units[] = {
    "个月", "小时", "季度", "星期", "月", "年", "天", "日", "周",
    "分钟", "秒", "席位", "盎司", "千克", "公斤", "加仑", "平方米", "人次", "用户", "次", "股", "张",
    "台", "人", "位", "个", "件", "克", "吨", "度", "瓦", "条", "篇", "页", "份", "套", "枚", "辆", "桶",
    "晚", "期", "课", "节", "首", "单", "箱", "瓶", "杯", "题", "道", "帧", "分"};
#define CN_PERIODS 9

/* A price marker (每…, 月费, 年费, 月租) earlier in the clause, with no rate
 * verb in between. Returns its start or (size_t)-1. */
static size_t price_before(uc *t, size_t floor, size_t i, int *period) {
  static const lit_t markers[] = {LIT("每"), LIT("单"), LIT("月费"), LIT("年费"), LIT("月租"), LIT("月付"), LIT("年付")};
  size_t p = i;
  *period = 0;
  for (int steps = 0; steps < 14 && p > floor; steps++) {
    for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
      size_t l = lit_back_n(t, floor, p, markers[k].s, markers[k].len);
      if (!l)
        continue;
      size_t s = p - l;
      /* "每千美元", "每1000美元": the amount is the unit, not a price. */
      if (k <= 1 && p == i)
        return (size_t)-1;
      if (k <= 1) {
        /* 单 needs a unit after it ("单次", "单图", "单股") and is not the end
         * of 订单/账单/清单/名单/菜单/保单/下单/买单/榜单. */
        int unit = 0;
        for (size_t u = 0; u < sizeof cn_units / sizeof cn_units[0] && !unit; u++)
          if (lit(t, i, p, cn_units[u])) {
            unit = 1;
            *period = u < CN_PERIODS;
          }
        if (k == 0)
          unit = 1; /* "每百万输入token", "每个信封": any counted thing */
        /* "单日大跌20元", "单月狂烧": 单 + a period means "in one day". */
        if (k == 1 && *period)
          unit = 0, *period = 0;
        if (k == 1) {
          static const uint32_t not_single[] = {0x8BA2, 0x8D26, 0x5E10, 0x6E05, 0x540D, 0x83DC, 0x4FDD, 0x4E0B,
                                                0x4E70, 0x699C, 0x8868, 0x4F20, 0x7B80, 0x5B64, 0x6B4C, 0x4E66};
          size_t pl;
          uint32_t prev = cp_before(t, s, &pl);
          for (size_t x = 0; x < sizeof not_single / sizeof not_single[0]; x++)
            if (prev == not_single[x])
              unit = 0;
          if (lit(t, i, p, "图") || lit(t, i, p, "价"))
            unit = unit || !(prev == 0x8BA2 || prev == 0x8D26);
          if (!unit)
            continue;
        }
      } else {
        *period = 1;
        /* "每月费用": take the whole phrase. */
        if (lit_back(t, floor, s, "每"))
          s -= strlen("每");
      }
      for (size_t v = 0; v < sizeof rate_verbs / sizeof rate_verbs[0]; v++) {
        size_t vl = strlen(rate_verbs[v]);
        for (size_t x = p; x + vl <= i; x++)
          if (memcmp(t + x, rate_verbs[v], vl) == 0)
            return (size_t)-1;
      }
      return s;
    }
    size_t l;
    uint32_t c = cp_before(t, p, &l);
    if (clause_stop(c) || l == 0 || p - l < floor)
      break;
    p -= l;
  }
  return (size_t)-1;
}

/* Latin words of one unit may run on: "per million tokens", "per 1M input
 * tokens", "/M tokens", "per user per month". */
static int numeric_word(uc *t, size_t a, size_t b) {
  static const char *const mags[] = {"million", "thousand", "billion", "k", "K", "M", "B", "mn", "input",
                                     "output", "cached"};
  size_t k = a;
  while (k < b && (tl_ascii_digit(t[k]) || t[k] == '.' || t[k] == ','))
    k++;
  if (k == b)
    return k > a;
  for (size_t m = 0; m < sizeof mags / sizeof mags[0]; m++)
    if (b - k == strlen(mags[m]) && memcmp(t + k, mags[m], b - k) == 0)
      return 1;
  return 0;
}

/* Whether t[a..b) names a stretch of time ("month", "yr"): prices per
 * period turn into spending rates above a million (see scan_at). */
static int period_word(uc *t, size_t a, size_t b) {
  static const char *const periods[] = {"month", "months", "mo", "year", "yr", "day", "week", "wk",
                                        "hour", "hr", "annum", "quarter", "Month", "Year", "Day", "Week",
                                        "Hour", "Mo", "Yr"};
  for (size_t m = 0; m < sizeof periods / sizeof periods[0]; m++)
    if (b - a == strlen(periods[m]) && memcmp(t + a, periods[m], b - a) == 0)
      return 1;
  return 0;
}

/* A Latin unit: "month", "1M tokens", "million input tokens", "GPU-hour",
 * "user per month". Returns its end (i when none); *period is set when the
 * last word is a time period. */
static size_t latin_unit(uc *t, size_t n, size_t i, int *period) {
  size_t j = i, wstart = i;
  int words = 0;
  while (j < n) {
    unsigned char c = t[j];
    if (tl_ascii_alnum(c) || (j > wstart && (c == '-' || ((c == '.' || c == ',') && j + 1 < n && tl_ascii_digit(t[j + 1]))))) {
      j++;
    } else if (c == ' ' && j > wstart && words < 3 && j + 1 < n && tl_ascii_alpha(t[j + 1]) &&
               (numeric_word(t, wstart, j) || word(t, n, j + 1, "per") || word_back(t, 0, j, "per"))) {
      j++;
      words++;
      wstart = j;
    } else {
      break;
    }
  }
  if (j > i && word(t, n, wstart, "cent") && wstart == i)
    return i; /* "5 per cent" */
  *period = j > wstart && period_word(t, wstart, j);
  return j;
}

/* Characters that end a counted noun ("/百万字符的价格" stops before 的). */
static int noun_stop(uint32_t c) {
  static const uint32_t stops[] = {0x7684, 0x4E4B, 0x8D77, 0x548C, 0x4E0E, 0x6216, 0x53CA, 0x7B49,
                                   0x4E3A, 0x662F, 0x5728, 0x4E86, 0x5C06, 0x53EF, 0x5230, 0x81F3,
                                   0x800C, 0x5E76, 0x4E5F, 0x90FD, 0x5C31, 0x8BA9, 0x88AB, 0x628A,
                                   0x5BF9, 0x4ECE, 0x4EE5, 0x5DE6, 0x5185, 0x5916, 0x4EC5, 0x53EA};
  for (size_t k = 0; k < sizeof stops / sizeof stops[0]; k++)
    if (c == stops[k])
      return 1;
  return 0;
}

/* A Chinese unit: a known unit word ("月", "股", "小时"), or a count and a
 * noun ("百万tokens", "百万字符", "千次调用", "1000次"). Returns its end (i
 * when none); *period as for latin_unit. */
static size_t cjk_unit(uc *t, size_t n, size_t i, int *period) {
  size_t j = i, l;
  int counted = 0;
  *period = 0;
  while (j < n) {
    uint32_t c = cp_at(t, n, j, &l);
    int v = cn_numeral(c);
    if (tl_ascii_digit(c) || is_fwdigit(c) || (v != 99 && v <= 0 && !(v == 0 && !counted))) {
      counted = 1;
      j += l;
    } else if ((c == ',' || c == '.') && counted && j + 1 < n && tl_ascii_digit(t[j + 1])) {
      j += l;
    } else {
      break;
    }
  }
  for (size_t k = 0; k < sizeof cn_units / sizeof cn_units[0]; k++) {
    size_t ul = lit(t, n, j, cn_units[k]);
    if (ul) {
      *period = k < CN_PERIODS && !counted;
      return j + ul;
    }
  }
  if (!counted)
    return i;
  if (j < n && tl_ascii_alpha(t[j])) {
    int p;
    size_t e = latin_unit(t, n, j, &p);
    return e > j ? e : i;
  }
  size_t e = j;
  for (int k = 0; k < 4 && e < n; k++) {
    uint32_t c = cp_at(t, n, e, &l);
    if (!tl_is_han((int32_t)c) || noun_stop(c))
      break;
    e += l;
  }
  return e > j ? e : i;
}

/* A unit at t[i], either script. */
static size_t any_unit(uc *t, size_t n, size_t i, int *period) {
  if (i < n && (tl_ascii_alnum(t[i]) && !(tl_ascii_digit(t[i]) && i + 1 < n && !tl_ascii_alnum(t[i + 1]) && t[i + 1] != ',' &&
                                     t[i + 1] != '.' && t[i + 1] != ' '))) {
    size_t e = latin_unit(t, n, i, period);
    /* "/1000次": digits then a Chinese unit. */
    if (e > i) {
      size_t k = i;
      while (k < e && (tl_ascii_digit(t[k]) || t[k] == ',' || t[k] == '.'))
        k++;
      if (k < e)
        return e;
    }
  }
  return cjk_unit(t, n, i, period);
}

/* A per-unit tail after an amount: "/月", "/百万tokens", " per million
 * tokens", " a month", " monthly", "每月", "一个月". Returns its end or i;
 * *period is set when the unit is a stretch of time. */
static size_t per_unit(uc *t, size_t n, size_t i, int *period) {
  static const char *const a_units[] = {"month", "year", "week", "day", "hour", "minute", "second", "share",
                                        "seat", "user", "person", "head", "token", "image", "query",
                                        "request", "license", "unit", "ticket", "night", "gallon", "kilowatt"};
  size_t j = skip_spaces(t, n, i, 1), l;
  *period = 0;
  if ((l = lit(t, n, j, "/")) != 0 || (l = lit(t, n, j, "\xEF\xBC\x8F")) != 0) { /* ／ */
    size_t k = skip_spaces(t, n, j + l, 1);
    /* " / " with spaces on both sides separates, it does not divide. */
    if (j > i && k > j + l)
      return i;
    if (digit_at(t, n, k, &l) >= 0) {
      /* "499.99 英镑/599.99 欧元": two amounts, not a unit. */
      num_t nm;
      if (parse_arabic(t, n, k, &nm) == 1) {
        const cur_t *c;
        if (match_suffix(t, n, skip_gap(t, n, nm.end), &nm, &c))
          return i;
      }
    }
    size_t e = any_unit(t, n, k, period);
    return e > k ? e : i;
  }
  if ((l = lit(t, n, j, "每")) != 0) {
    size_t e = any_unit(t, n, j + l, period);
    return e > j + l ? e : i;
  }
  static const char *const cn_tails[] = {"一个月", "一年", "一小时", "一次"};
  for (size_t k = 0; k < sizeof cn_tails / sizeof cn_tails[0]; k++)
    if ((l = lit(t, n, j, cn_tails[k])) != 0 && !lit(t, n, j + l, "性")) {
      *period = k < 3;
      return j + l;
    }
  if ((l = word(t, n, j, "per")) != 0) {
    size_t k = skip_spaces(t, n, j + l, 1);
    size_t e = latin_unit(t, n, k, period);
    return e > k ? e : i;
  }
  if ((l = word(t, n, j, "monthly")) != 0) {
    *period = 1;
    return j + l;
  }
  if ((l = word(t, n, j, "a")) != 0 || (l = word(t, n, j, "an")) != 0) {
    size_t k = skip_spaces(t, n, j + l, 1);
    for (size_t u = 0; u < sizeof a_units / sizeof a_units[0]; u++) {
      size_t ul = word(t, n, k, a_units[u]);
      if (ul) {
        *period = u < 5;
        return k + ul;
      }
    }
  }
  return i;
}

/* Qualifiers written after the amount: "以上", "左右", "以内", "起", "+",
 * "or more". Returns the end and sets *q (NULL when none). */
static size_t qual_after(uc *t, size_t n, size_t i, const char **q) {
  size_t j = skip_spaces(t, n, i, 1), l;
  *q = NULL;
  if ((l = lit(t, n, j, "以上")) != 0) {
    *q = "over";
    return j + l;
  }
  if ((l = lit(t, n, j, "左右")) != 0) {
    *q = "about";
    return j + l;
  }
  if ((l = lit(t, n, j, "以内")) != 0 || (l = lit(t, n, j, "以下")) != 0) {
    *q = "up to";
    return j + l;
  }
  if ((l = lit(t, n, j, "起")) != 0) {
    size_t l2;
    uint32_t nx = j + l < n ? cp_at(t, n, j + l, &l2) : 0;
    /* "2999元起", "元起售", "元起步"; not "元起诉". */
    if (!tl_is_han((int32_t)nx) || nx == 0x552E || nx == 0x6B65 || nx == 0x4EF7) {
      *q = "at least";
      return j + l;
    }
  }
  if ((l = word(t, n, j, "or more")) != 0) {
    *q = "over";
    return j + l;
  }
  return i;
}

/* Restatement markers: the amount converts the one just before it. */
static int restates_before(uc *t, size_t floor, size_t i) {
  static const lit_t marks[] = {LIT("约合"), LIT("折合"), LIT("相当于"), LIT("约等于"), LIT("≈"), LIT("合")};
  size_t p = skip_gap_back(t, floor, i);
  for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
    size_t l = lit_back_n(t, floor, p, marks[k].s, marks[k].len);
    if (!l)
      continue;
    if (k == 5) {
      size_t pl;
      uint32_t c = cp_before(t, p - l, &pl);
      return c == '(' || c == 0xFF08;
    }
    return 1;
  }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* English number words                                                     */

static const struct {
  const char *w;
  int pow;
} en_units[] = {{"trillion", 12}, {"billion", 9}, {"million", 6}, {"thousand", 3}, {"hundred", 2}};

/* An English currency word of suffixes[] at t[i], after English number
 * words ("two million won", "billions of dollars", "billion-pound"), which
 * always name a magnitude (so CUR_NEEDS_MAG holds): length, or 0. */
static size_t en_currency_word(uc *t, size_t n, size_t i, const char **code) {
  for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
    size_t l = (suffixes[k].flags & CUR_WORD) ? word(t, n, i, suffixes[k].s) : 0;
    if (l) {
      *code = suffixes[k].code;
      return l;
    }
  }
  return 0;
}

/* "billions of dollars", "tens of millions of dollars", "tens of thousands
 * of dollars", "hundreds of dollars", "several million dollars", "a billion
 * dollars", "half a billion dollars", "multibillion-dollar",
 * "billion-dollar", "multi-million yuan". Fills value, currency and
 * qualifier; returns the end or 0. */
static size_t parse_en_words(uc *t, size_t n, size_t i, tl_decimal *v, const char **code, const char **q) {
  /* Most words start none of the phrases: each table entry is tried only
   * when its first letter is the word's (all entries are lower case). */
  size_t j = i, l;
  int extra = 0, c = j < n ? lower(t[j]) : 0;
  *q = NULL;
  if (c == 't' && (l = word(t, n, j, "tens of")) != 0) {
    extra = 1;
    j = skip_spaces(t, n, j + l, 1);
  } else if (c == 'h' && (l = word(t, n, j, "hundreds of")) != 0) {
    extra = 2;
    j = skip_spaces(t, n, j + l, 1);
  }
  if (extra) {
    /* "hundreds of dollars" */
    if ((l = en_currency_word(t, n, j, code)) != 0) {
      *v = (tl_decimal){p10[extra], 0};
      *q = "several";
      return j + l;
    }
    c = j < n ? lower(t[j]) : 0;
  }
  /* "millions of dollars", "tens of thousands of dollars" */
  static const char *const plurals[] = {"trillions of", "billions of", "millions of", "thousands of"};
  for (size_t u = 0; u < 4; u++) {
    if (plurals[u][0] != c || (l = word(t, n, j, plurals[u])) == 0)
      continue;
    size_t k = skip_spaces(t, n, j + l, 1);
    size_t cl = en_currency_word(t, n, k, code);
    if (!cl)
      return 0;
    *v = (tl_decimal){p10[en_units[u].pow + extra], 0};
    *q = "several";
    return k + cl;
  }
  if (extra)
    return 0;
  /* "multibillion-dollar", "billion-dollar", "multi-million dollar",
   * "Billion-Dollar" (a headline) */
  size_t m = j;
  int multi = 0;
  if (c == 'm' && ((l = ci_lit(t, n, m, "multi-")) != 0 || (l = ci_lit(t, n, m, "multi")) != 0)) {
    multi = 1;
    m += l;
  }
  int cm = m < n ? lower(t[m]) : 0;
  for (size_t u = 0; u < 3; u++) {
    size_t ul = en_units[u].w[0] == cm ? ci_lit(t, n, m, en_units[u].w) : 0;
    if (!ul)
      continue;
    size_t k = m + ul, cl;
    if (k + 1 < n && (t[k] == '-' || t[k] == ' ') && (cl = en_currency_word(t, n, k + 1, code)) != 0) {
      *v = (tl_decimal){p10[en_units[u].pow], 0};
      *q = multi ? "several" : NULL;
      return k + 1 + cl;
    }
  }
  /* "several million dollars", "a billion dollars", "two million euros";
   * value -1: "half a", five tenths of the unit */
  static const struct {
    const char *w;
    int value;
  } heads[] = {{"several", 0}, {"a few", 0}, {"half a", -1}, {"a", 1},    {"one", 1},  {"two", 2},
               {"three", 3},   {"four", 4},  {"five", 5},    {"six", 6},  {"seven", 7}, {"eight", 8},
               {"nine", 9},    {"ten", 10}};
  for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) {
    if (heads[h].w[0] != c || (l = word(t, n, j, heads[h].w)) == 0)
      continue;
    size_t k = skip_spaces(t, n, j + l, 1);
    for (size_t u = 0; u < 4; u++) {
      size_t ul = word(t, n, k, en_units[u].w);
      if (!ul)
        continue;
      size_t c0 = skip_spaces(t, n, k + ul, 1);
      size_t cl = en_currency_word(t, n, c0, code);
      if (!cl)
        return 0;
      int64_t base = heads[h].value > 0 ? heads[h].value : 1;
      *v = heads[h].value < 0 ? (tl_decimal){5 * p10[en_units[u].pow - 1], 0}
                              : (tl_decimal){base * p10[en_units[u].pow], 0};
      *q = heads[h].value ? NULL : "several";
      return c0 + cl;
    }
    return 0;
  }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* the scanner                                                              */

typedef struct {
  tl_money *v;
  size_t n, cap;
  size_t last_end; /* end of the last amount, for restatements */
} found_t;

/* Copies a currency code or qualifier into its fixed field, cut to fit
 * (they always fit). Not snprintf: this runs for every amount. */
static void set_text(char *dst, size_t size, const char *s) {
  size_t k = strnlen(s, size - 1);
  memcpy(dst, s, k);
  dst[k] = '\0';
}

/* Appends an amount; allocation failure aborts (tl_xrealloc), as losing
 * amounts silently would be worse. */
static void push(found_t *f, const tl_money *m) {
  f->v = tl_xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
  f->v[f->n++] = *m;
  f->last_end = m->end;
}

/* A number of either script at i, honouring word boundaries on the left
 * ("A100", "GPT-4", "Q2" are not amounts). */
static int parse_number(uc *t, size_t n, size_t i, num_t *nm) {
  size_t pl;
  uint32_t prev = cp_before(t, i, &pl);
  size_t l;
  uint32_t c = cp_at(t, n, i, &l);
  if (tl_ascii_digit(c) || is_fwdigit(c)) {
    if (tl_ascii_alnum(prev) || prev == '_' || is_fwdigit(prev) || prev == '.' || prev == 0xFF0E)
      return 0;
    if (prev == ',' && i >= 2 && tl_ascii_digit(t[i - 2]))
      return 0;
    if ((prev == ',' || prev == 0xFF0C) && i >= pl + 3 && digit_at(t, n, i - pl - 3, &l) >= 0 && l == 3 &&
        thousands_sep(t, n, i - pl, 1))
      return 0; /* "１，０００": inside a full-width number */
    if (prev == '-' && i >= 2 && tl_ascii_alpha(t[i - 2]))
      return 0;
    return parse_arabic(t, n, i, nm);
  }
  int v = cn_numeral(c);
  if (v != 99 || vague_lead(c)) {
    if (cn_numeral(prev) != 99)
      return 0;
    return parse_chinese(t, n, i, nm);
  }
  return 0;
}

/* The currency written after a number, across spaces, stars or one line
 * break ("**100** 万元", "1000\n亿美元"), or an English currency word
 * hyphenated to it ("a 5-million-dollar fund", "a 20-euro ticket"): the end
 * of it, or 0 when none. */
static size_t suffix_after(uc *t, size_t n, const num_t *nm, const cur_t **cur) {
  size_t k = skip_gap(t, n, nm->end);
  size_t l = match_suffix(t, n, k, nm, cur);
  if (!l && k == nm->end && k + 1 < n && t[k] == '-' && tl_ascii_alpha(t[k + 1])) {
    l = match_suffix(t, n, k + 1, nm, cur);
    return l && ((*cur)->flags & CUR_WORD) ? k + 1 + l : 0;
  }
  return l ? k + l : 0;
}

/* After a weak prefix (code or Chinese word) the number must end cleanly:
 * "人民币10年来" is not CNY 10. */
static int clean_end(uc *t, size_t n, size_t i) {
  i = skip_spaces(t, n, i, 2);
  if (i >= n)
    return 1;
  size_t l;
  uint32_t c = cp_at(t, n, i, &l);
  return !(tl_is_han((int32_t)c) || tl_ascii_digit(c) || (tl_ascii_alpha(c) && i > 0 && !is_space(t[i - 1])));
}

/* The word between the two ends of a range ("-", "至", "to"; "and" only
 * after "between"). Returns it and sets *end past it, or NULL. */
static const char *connector(uc *t, size_t n, size_t i, int between, size_t *end) {
  static const char *const conns[] = {"-", "\xE2\x80\x93", "\xE2\x80\x94", "~", "\xEF\xBD\x9E",
                                      "\xE3\x80\x9C", "\xEF\xBC\x8D", "至", "到"};
  size_t j = skip_spaces(t, n, i, 1), l;
  for (size_t k = 0; k < sizeof conns / sizeof conns[0]; k++) {
    if ((l = lit(t, n, j, conns[k])) == 0)
      continue;
    /* "——" is a Chinese dash, not a range. */
    if (k == 2 && lit(t, n, j + l, conns[2]))
      return NULL;
    *end = skip_spaces(t, n, j + l, 1);
    return conns[k];
  }
  if ((l = word(t, n, j, "to")) != 0 || (between && (l = word(t, n, j, "and")) != 0)) {
    *end = skip_spaces(t, n, j + l, 1);
    return "to";
  }
  return NULL;
}

/* One expression being read: what scan_at learns step by step. */
typedef struct {
  size_t i;            /* where the currency prefix or the number starts */
  const char *pcode;   /* currency written before the number, or NULL */
  int weak;            /* that prefix is a code or a word ("USD", "人民币") */
  num_t lo, hi;        /* the number, and the high end of a range */
  const cur_t *cur;    /* currency written after the low end, or NULL */
  size_t cur_end;      /* end of that currency */
  const char *code;    /* the currency of the whole expression */
  size_t end;          /* end of the expression read so far */
  size_t hi_start;     /* where the high end begins, prefix included */
  int ranged, split;   /* a range; a change "from X to Y" (two amounts) */
} expr_t;

/* Reads "[prefix] number [suffix]" at e->i. Returns 1, 0 when nothing starts
 * here, or -1 when a number was read that is not money (e->end: skip it). */
static int read_low(uc *t, size_t n, expr_t *e) {
  size_t i = e->i, pre = match_prefix(t, n, i, &e->pcode, &e->weak);
  int r;
  if (pre) {
    size_t l;
    if (i + pre >= n)
      return 0;
    uint32_t c = cp_at(t, n, i + pre, &l);
    if (!(tl_ascii_digit(c) || is_fwdigit(c) || (e->weak && cn_numeral(c) != 99)))
      return 0;
    r = (tl_ascii_digit(c) || is_fwdigit(c)) ? parse_arabic(t, n, i + pre, &e->lo) : parse_chinese(t, n, i + pre, &e->lo);
    /* A code glued to its number is finance shorthand ("USD100 million",
     * "RMB500m"), but glued to a single digit it names a token: the USD1
     * stablecoin. */
    if (r > 0 && tl_ascii_alpha(t[i + pre - 1]) && e->lo.end == i + pre + 1 && !e->lo.mag)
      r = -1;
  } else {
    e->pcode = NULL;
    r = parse_number(t, n, i, &e->lo);
  }
  e->end = e->lo.end;
  if (r <= 0)
    return r < 0 && e->lo.end > i ? -1 : 0;
  e->code = e->pcode;
  size_t se = suffix_after(t, n, &e->lo, &e->cur);
  if (se) {
    if (e->cur->pow && dec_shift(&e->lo.v, e->cur->pow) < 0)
      return -1;
    e->code = e->cur->code;
    e->cur_end = e->end = se;
  } else {
    e->cur = NULL;
  }
  return 1;
}

/* Words before the low end that make "X to Y" a change, not a range:
 * "从10亿到20亿美元", "上涨100美元至899美元", "from $20 to $25" (but "ranging
 * from X to Y" is a range). The verbs only count when both ends carry their
 * own currency: "上调了 5 至 10 美元" is a range of increases. */
static int is_change(uc *t, size_t floor, size_t i, int both_have_currency) {
  static const char *const verbs[] = {"涨", "升", "增", "降", "跌", "提高", "上调", "下调", "提升", "增加", "减少", "了"};
  size_t b = skip_gap_back(t, floor, i);
  if (lit_back(t, floor, b, "从") || lit_back(t, floor, b, "由"))
    return 1;
  size_t fl = word_back(t, floor, b, "from");
  if (fl) {
    size_t r0 = skip_gap_back(t, floor, b - fl);
    return !(word_back(t, floor, r0, "range") || word_back(t, floor, r0, "ranges") ||
             word_back(t, floor, r0, "ranging") || word_back(t, floor, r0, "ranged"));
  }
  for (size_t k = 0; both_have_currency && k < sizeof verbs / sizeof verbs[0]; k++)
    if (lit_back(t, floor, b, verbs[k]))
      return 1;
  return 0;
}

/* After the low end: "-20亿美元", "至10亿美元", "–20 billion", "-$20M",
 * " and $400" (after "between"). Both ends must agree on the currency, the
 * low end must be below the high one, and a low end without a magnitude
 * borrows the high end's. Fills the range fields of *e when it is one. */
static void read_range(uc *t, size_t n, size_t floor, expr_t *e) {
  size_t after_lo = e->cur ? e->cur_end : e->lo.end, ce;
  int between = word_back(t, floor, skip_gap_back(t, floor, e->i), "between") != 0;
  if (e->lo.q || !connector(t, n, after_lo, between, &ce))
    return;
  const char *hcode = NULL;
  int hweak = 0;
  size_t hpre = e->pcode ? match_prefix(t, n, ce, &hcode, &hweak) : 0;
  if (hpre && strcmp(hcode, e->pcode) != 0)
    hpre = 0, hcode = NULL;
  num_t *hi = &e->hi;
  int hr = parse_number(t, n, ce + hpre, hi);
  if (hr == 0 && hpre)
    hr = parse_arabic(t, n, ce + hpre, hi);
  if (hr != 1 || hi->q)
    return;
  const cur_t *hcur = NULL;
  size_t hse = suffix_after(t, n, hi, &hcur);
  const char *hc = hse ? hcur->code : hcode ? hcode : e->pcode;
  if (!hc || (e->code && strcmp(e->code, hc) != 0) || (e->cur && !hse))
    return;
  if (e->cur && hse && e->cur->pow != hcur->pow)
    return;
  if (hse && hcur->pow && dec_shift(&hi->v, hcur->pow) < 0)
    return;
  tl_decimal lv = e->lo.v;
  if (!e->cur && !e->lo.mag && hi->mag && dec_shift(&lv, hi->mag) < 0)
    return;
  if (!e->cur && hse && hcur->pow && dec_shift(&lv, hcur->pow) < 0)
    return;
  if (tl_decimal_cmp(lv, hi->v) >= 0)
    return;
  if (e->weak && !hse && !clean_end(t, n, hi->end))
    return;
  e->ranged = 1;
  e->lo.v = lv;
  e->code = hc;
  e->end = hse ? hse : hi->end;
  e->hi_start = ce;
  e->split = is_change(t, floor, e->i, e->cur && hse);
}

/* Whether position i sits inside a URL ("https://techcrunch.com/…/billion-
 * dollar-deals"): link targets are not text. Looks back over the characters
 * a URL is made of, up to the scheme. */
static int in_url(uc *t, size_t i) {
  size_t k = i, steps = 0;
  while (k > 0 && steps++ < 400) {
    unsigned char c = t[k - 1];
    if (c <= ' ' || c == '(' || c == '[' || c == '<' || c == '"' || c == '\'' || c >= 0x80)
      return 0;
    if (c == '/' && k >= 3 && t[k - 2] == '/' && t[k - 3] == ':')
      return 1;
    k--;
  }
  return 0;
}

/* English number words ("billions of dollars", "a trillion dollars") at i. */
static size_t scan_words(uc *t, size_t n, size_t i, found_t *f) {
  size_t pl;
  if (i >= n || !tl_ascii_alpha(t[i]) || tl_ascii_alnum(cp_before(t, i, &pl)))
    return 0;
  tl_decimal v;
  const char *code, *q;
  size_t e = parse_en_words(t, n, i, &v, &code, &q);
  if (!e)
    return 0;
  if (in_url(t, i))
    return e;
  tl_money m;
  memset(&m, 0, sizeof m);
  m.start = i;
  m.end = e;
  m.value = v;
  set_text(m.currency, sizeof m.currency, code);
  const char *q2 = NULL;
  size_t s = qual_before(t, f->last_end, i, &q2);
  if (q2 && !q) {
    q = q2;
    m.start = s;
  }
  set_text(m.qualifier, sizeof m.qualifier, q ? q : "");
  push(f, &m);
  return e;
}

/* Tries to read an amount starting at i. Pushes what it finds and returns
 * where scanning resumes; returns 0 when nothing starts here (the caller
 * moves on by one character), or a position > i to skip a number that was
 * read but is not money. */
static size_t scan_at(uc *t, size_t n, size_t i, found_t *f) {
  size_t floor = f->last_end;
  expr_t e;
  memset(&e, 0, sizeof e);
  e.i = i;
  int r = read_low(t, n, &e);
  if (r < 0)
    return e.end;
  if (r == 0)
    return scan_words(t, n, i, f);
  read_range(t, n, floor, &e);
  num_t *lo = &e.lo;

  if (!e.code)
    return lo->end;
  /* "{print $1}", "`$2`": shell and template variables, not dollars. */
  if (e.pcode && !e.weak && !e.cur && !e.ranged && !lo->mag && lo->end < n &&
      (t[lo->end] == '}' || t[lo->end] == '`'))
    return lo->end;
  if (!e.ranged && e.weak && !e.cur && !clean_end(t, n, lo->end))
    return lo->end;
  if (lo->v.digits == 0 && !e.ranged)
    return e.end;
  if (in_url(t, i))
    return e.end;

  /* Right of the amount: "+", a unit, a trailing qualifier. */
  size_t end = e.end;
  const char *plus_q = NULL, *tail_q;
  size_t pl_len = end < n && t[end] == '+' ? 1 : word(t, n, end, "-plus");
  if (pl_len) { /* "$2B+", "a $10bn-plus deal" */
    plus_q = "over";
    end += pl_len;
  }
  int price = 0, period = 0, pperiod = 0;
  size_t ue = per_unit(t, n, end, &period);
  if (ue > end) {
    price = 1;
    end = ue;
  }
  size_t te = qual_after(t, n, end, &tail_q);
  if (tail_q)
    end = te;

  /* Left of it: a qualifier, a price marker, a restatement. */
  const char *lead_q = NULL;
  size_t start = qual_before(t, floor, i, &lead_q);
  size_t pm = price_before(t, floor, start, &pperiod);
  /* A million or more per month or year is a spending rate, not a price:
   * "每月向xAI支付12.5亿美元", "$8M a month". */
  static const tl_decimal million = {1000000, 0};
  int rate = tl_decimal_cmp(lo->v, million) >= 0;
  if (pm != (size_t)-1 && !(pperiod && rate)) {
    price = 1;
    start = pm;
  }
  if (price && (period || pperiod) && rate)
    price = 0;
  int restates = restates_before(t, floor, i) || restates_before(t, floor, start);
  if (!restates && f->n > 0) {
    /* "40亿美元（约300亿人民币）": a bracket right after another amount in
     * another currency. */
    size_t b = skip_gap_back(t, 0, lead_q ? start : i), pl;
    uint32_t c = cp_before(t, b, &pl);
    if ((c == '(' || c == 0xFF08) && skip_gap_back(t, 0, b - pl) == f->last_end &&
        strcmp(f->v[f->n - 1].currency, e.code) != 0)
      restates = 1;
  }

  const char *q = lead_q ? lead_q : lo->q ? lo->q : plus_q ? plus_q : tail_q;
  tl_money m;
  memset(&m, 0, sizeof m);
  m.start = start;
  m.end = end;
  m.value = lo->v;
  set_text(m.currency, sizeof m.currency, e.code);
  m.kind = price ? TL_MONEY_PRICE : TL_MONEY_AMOUNT;
  set_text(m.qualifier, sizeof m.qualifier, q ? q : "");
  m.restates = restates;
  if (e.ranged && !e.split) {
    m.value_high = e.hi.v;
    m.has_high = 1;
    /* "0-350美元" is "up to 350": zero is never a value (see money.h). */
    if (lo->v.digits == 0) {
      m.value = e.hi.v;
      m.has_high = 0;
      memset(&m.value_high, 0, sizeof m.value_high);
      if (!q)
        set_text(m.qualifier, sizeof m.qualifier, "up to");
    }
  }
  if (e.split) {
    tl_money a = m;
    a.end = e.cur ? e.cur_end : lo->end;
    if (lo->v.digits != 0)
      push(f, &a);
    m.start = e.hi_start;
    m.value = e.hi.v;
    set_text(m.qualifier, sizeof m.qualifier, plus_q ? plus_q : tail_q ? tail_q : "");
  }
  push(f, &m);
  return end;
}

/* Characters that can begin an amount: digits, currency signs, Latin
 * letters at the start of a word (US$, USD, "billions of"), Chinese numerals,
 * 数/几/上, and the first characters of 人民币/港币/港元/新台币/美金. The real
 * test is in scan_at; this only keeps the walk fast. */
static int may_start(uc *t, size_t i, uint32_t c) {
  if (c < 0x80) {
    if (tl_ascii_digit(c) || c == '$')
      return 1;
    size_t pl;
    return tl_ascii_alpha(c) && !tl_ascii_alnum(cp_before(t, i, &pl));
  }
  switch (c) {
  case 0xFF04: /* ＄ */
  case 0xA5:   /* ¥ */
  case 0xFFE5: /* ￥ */
  case 0x20AC: /* € */
  case 0xA3:   /* £ */
  case 0x20B9: /* ₹ */
  case 0x20A9: /* ₩ */
  case 0x20BD: /* ₽ */
  case 0x4EBA: /* 人 */
  case 0x6E2F: /* 港 */
  case 0x65B0: /* 新 */
  case 0x7F8E: /* 美 */
    return 1;
  default:
    return is_fwdigit(c) || cn_numeral(c) != 99 || vague_lead(c);
  }
}

/* ------------------------------------------------------------------------ */
/* the prefilter                                                            */
/*
 * Most text holds no money, and the walk costs a few dozen instructions per
 * character, so tl_money_scan walks only near an anchor: a piece of every
 * currency spelling the grammar accepts ("$", "元", "币", "USD", "dollar").
 * Why that gives the very same amounts as walking everything:
 *   1. A scan_at call that records anything has read a currency, so an
 *      anchor lies inside what it read, [i, returned position).
 *   2. A breaker ("，", "。", "(", ", " ...) is never read by a scan_at call
 *      nor starts one, so the full walk steps on the position right after
 *      it. Walked from such a position, with the same amounts found so far,
 *      the walk is the full walk.
 *   3. Where the walk stopped, find the first anchor b; resume after the last
 *      breaker w before b (or where the walk stopped, if there is none);
 *      walk past b; repeat. An amount skipped this way would have been read
 *      from some i0 before w, and its anchor is at or after b (b is the
 *      first), so that read would jump over w, which 2 rules out.
 * The lists below must follow the grammar: a currency spelling added to
 * suffixes, prefixes, codes or parse_en_words needs an anchor here, and a
 * character that some read may consume cannot be a breaker. The unit tests
 * and the fuzz target compare against the plain walk (TL_MONEY_WALK_ALL) to
 * catch a slip.
 */

/* Anchors outside ASCII: every Chinese currency word and sign contains one
 * ("美元" has 元, "瑞士法郎" has 郎, "林吉特" has 吉特). */
static const char *const wide_anchors[] = {
    "元", "币", "幣", "美金", "美分", "刀", "镑", "鎊", "圆", "圓", "円", "卢", "郎", "铢", "吉特", "亚尔",
    "迪拉姆", "盾", "克朗", "块钱", "¥", "£", "€", "₹", "₩", "₽", "＄", "￥"};

/* English anchors, matched ignoring case ("renminbi" by its rare middle,
 * as "re" begins half the words); ISO codes (codes[]) exactly. */
static const char *const word_anchors[] = {"dollar", "euro", "pound", "yuan", "yen", "won", "rupee", "nbi", "franc"};

/* Whether an anchor begins at t[i] (i < n). Generous on purpose ("Europe"
 * and "元素" are anchors): a false anchor costs a short walk, a missing one
 * loses amounts. */
static int anchor_at(uc *t, size_t n, size_t i) {
  unsigned char c = t[i];
  if (c == '$')
    return 1;
  if (c >= 0x80) {
    for (size_t k = 0; k < sizeof wide_anchors / sizeof wide_anchors[0]; k++)
      if (lit(t, n, i, wide_anchors[k]))
        return 1;
    return 0;
  }
  if (c >= 'A' && c <= 'Z' && n - i >= 3)
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++)
      if (codes[k].s[0] == c && codes[k].s[1] == t[i + 1] && codes[k].s[2] == t[i + 2])
        return 1;
  for (size_t k = 0; k < sizeof word_anchors / sizeof word_anchors[0]; k++)
    if (lower(c) == word_anchors[k][0] && ci_lit(t, n, i, word_anchors[k]))
      return 1;
  return 0;
}

/* Where an anchor may begin, in two looks. The walk over the text is the
 * filter `anchors` (include/pairfilter.h), with every anchor entered:
 * word anchors in every casing of their first four letters, "$" as a key
 * of one byte. The closer look, may_anchor(), is `pair_start`, a bit per
 * byte pair x | y << 8 (the two bytes as they lie in the text): an anchor
 * may begin at x. The first two bytes of an anchor, or for a three-byte
 * character its last two (x is then the byte after the lead, which is more
 * or less the same for all of CJK). Built once, then only read, so any
 * number of threads can scan. */
static tl_pairfilter anchors;
static uint8_t pair_start[(1 << 16) / 8];
static pthread_once_t anchors_once = PTHREAD_ONCE_INIT;

/* The pair at t as an index of pair_start. */
static unsigned pair_at(uc *t) { return t[0] | t[1] << 8; }

static void set_pair_start(unsigned x, unsigned y) { pair_start[(x | y << 8) >> 3] |= (uint8_t)(1u << (x & 7)); }
static int is_pair_start(uc *t) { return pair_start[pair_at(t) >> 3] >> (t[0] & 7) & 1; }

/* Enters an anchor of `len` bytes (at least two; "$" is entered by hand). */
static void add_anchor(uc *s, size_t len) {
  size_t o = s[0] >= 0xE0; /* a three-byte character: its last two bytes */
  set_pair_start(s[o], s[o + 1]);
  tl_pairfilter_add(&anchors, s, len, 0);
}

static void anchors_build(void) {
  tl_pairfilter_init(&anchors);
  for (size_t k = 0; k < sizeof wide_anchors / sizeof wide_anchors[0]; k++)
    add_anchor((uc *)wide_anchors[k], strlen(wide_anchors[k]));
  for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++)
    add_anchor((uc *)codes[k].s, 3);
  /* Word anchors in every casing of their first four letters. */
  for (size_t k = 0; k < sizeof word_anchors / sizeof word_anchors[0]; k++) {
    size_t len = strlen(word_anchors[k]), cased = len < 4 ? len : 4;
    for (unsigned v = 0; v < 1u << cased; v++) {
      unsigned char w[4];
      for (size_t j = 0; j < cased; j++)
        w[j] = (unsigned char)(word_anchors[k][j] - (v >> j & 1 ? 32 : 0));
      add_anchor(w, cased);
    }
  }
  tl_pairfilter_add(&anchors, (uc *)"$", 1, 0);
  for (unsigned x = 0; x < 256; x++)
    set_pair_start('$', x);
}

/* Whether an anchor may begin at t[i], by pair_start: the cheap test in
 * front of anchor_at. */
static int may_anchor(uc *t, size_t n, size_t i) {
  if (t[i] >= 0xE0)
    return n - i >= 3 && is_pair_start(t + i + 1);
  if (t[i] >= 0x80 && t[i] < 0xC0)
    return 0; /* inside a character */
  return i + 1 < n ? is_pair_start(t + i) : t[i] == '$';
}

/* The first anchor at or after `from`, or n: the filter's walk, and its
 * rare positions looked at closer. */
static size_t next_anchor(uc *t, size_t n, size_t from, tl_pairfilter_walk *w) {
  for (size_t c = from; (c = tl_pairfilter_next(&anchors, t, n, c, w)) < n; c++)
    if (may_anchor(t, n, c) && anchor_at(t, n, c))
      return c;
  return n;
}

/* Whether a breaker ends right before t[p] (p >= 1). Full-width
 * punctuation, and ASCII marks no rule reads; "," and "，" only when no
 * digit follows ("3,000", "１，０００"), "." only before a space and not
 * after "s" ("U.S. dollars"). */
static int breaker_before(uc *t, size_t n, size_t p) {
  unsigned char c = t[p - 1];
  size_t dl;
  if (c < 0x80) {
    if (c == ',')
      return digit_at(t, n, p, &dl) < 0;
    if (c == '.')
      return (p == n || t[p] == ' ' || t[p] == '\n') && p >= 2 && lower(t[p - 2]) != 's';
    return c == '(' || c == ')' || c == '[' || c == ']' || c == ';' || c == ':' || c == '!' || c == '?' ||
           c == '"' || c == '<' || c == '>' || c == '|' || c == '#' || c == '=' || c == '`' || c == '{' ||
           c == '}';
  }
  if (p < 3 || c > 0xBF)
    return 0;
  unsigned char a = t[p - 3], b = t[p - 2];
  if (a == 0xEF && b == 0xBC) /* ， ： ； ！ ？ （ ） */
    return (c == 0x8C && !(digit_at(t, n, p, &dl) >= 0 && dl > 1)) || c == 0x9A || c == 0x9B || c == 0x81 ||
           c == 0x9F || c == 0x88 || c == 0x89;
  if (a == 0xE3 && b == 0x80) /* 。 、 《 》 【 】 「 」 */
    return c == 0x82 || c == 0x81 || c == 0x8A || c == 0x8B || c == 0x90 || c == 0x91 || c == 0x8C || c == 0x8D;
  return a == 0xE2 && b == 0x80 && (c == 0x9C || c == 0x9D); /* “ ” */
}

/* Built with TL_MONEY_WALK_ALL, every position counts as an anchor, which
 * makes tl_money_scan the plain walk over everything: the reference that
 * tests/unit/test_money.c and tests/fuzz/fuzz_money.c hold the prefilter to. */
#ifdef TL_MONEY_WALK_ALL
#define WALK_ALL 1
#else
#define WALK_ALL 0
#endif

size_t tl_money_scan(const char *text, size_t len, tl_money **out) {
  uc *t = (uc *)text;
  found_t f = {NULL, 0, 0, 0};
  size_t i = 0; /* where the full walk would be now */
  tl_pairfilter_walk walk = TL_PAIRFILTER_WALK_INIT;
  pthread_once(&anchors_once, anchors_build);
  for (;;) {
    size_t b = WALK_ALL ? i : next_anchor(t, len, i, &walk);
    if (b >= len)
      break;
    size_t w = b;
    while (w > i && !breaker_before(t, len, w))
      w--;
    i = w;
    while (i <= b) {
      size_t l;
      uint32_t c = cp_at(t, len, i, &l);
      size_t next = may_start(t, i, c) ? scan_at(t, len, i, &f) : 0;
      i = next > i ? next : i + l;
    }
  }
  *out = f.v;
  return f.n;
}
