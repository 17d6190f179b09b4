#include "normalize.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ascii.h"
#include "utf8.h"

#define NO_CLUSTER ((size_t)-1)
/* Codepoints one character may decompose into (utf8proc's longest is 18). */
#define MAX_DECOMP 64
/* A base character with more combining marks than this is left as written
 * rather than recomposed: real text never gets there, and it keeps the cost
 * of pathological input linear. */
#define MAX_CLUSTER 16
/* How far a quoted HTML attribute or a comment may reach before we decide
 * the `<` was not a tag: keeps unclosed quotes from making the scan
 * quadratic. */
#define MAX_HTML_SPAN 65536
/* The same for a link destination or a reference label. */
#define MAX_LINK 4096

typedef struct {
  const unsigned char *src;
  size_t srclen;
  int fold;   /* case folding wanted */
  const unsigned char *map; /* plain_map[] for this mode */
  char *text;
  size_t len, cap;
  tl_norm_anchor *anchors; /* see normalize.h */
  size_t n_anchors, cap_anchors;
  int failed;
  /* A run of white space or syntax seen but not yet written: it becomes one
   * space, or nothing between two CJK characters across one line break. */
  int pending, pending_breaks, pending_hard;
  size_t pending_origin;
  int last_cjk;   /* the last character written is CJK */
  size_t cluster; /* text offset of the last starter marks may compose with */
  /* find_end(): where each needle was last found (SIZE_MAX: nowhere) by a
   * search that started at found_from. */
  int found_valid[3];
  size_t found_from[3], found_at[3];
  /* Bytes that link scans which found no link may still read: keeps text
   * made of nothing but `](((` linear. Real text never runs out. */
  size_t link_budget;
} norm;

/* ASCII byte classes for the fast path. */
enum { C_PLAIN, C_SPACE, C_LF, C_CR, C_CTRL, C_MARK, C_URL };

static unsigned char ascii_class[128];
/* For each mode (PLAIN_MAP_FOLD | PLAIN_MAP_MARKUP), what each byte that
 * is an ordinary character wherever it stands becomes: itself, or its
 * lower case. 0 for every other byte: white space, controls, syntax, the
 * letters that may start a URL, and all bytes of non-ASCII characters. */
enum { PLAIN_MAP_FOLD = 1, PLAIN_MAP_MARKUP = 2 };
static unsigned char plain_map[4][256];
/* The bytes that a scan of a link destination stops at: line breaks,
 * backslash and parentheses. */
static unsigned char link_dest_stop[256];
static pthread_once_t classes_once = PTHREAD_ONCE_INIT;

static void init_classes(void) {
  for (int c = 0; c < 128; c++) {
    unsigned char k = C_PLAIN;
    if (c < 0x20 || c == 0x7f)
      k = C_CTRL;
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f')
      k = C_SPACE;
    if (c == '\n')
      k = C_LF;
    if (c == '\r')
      k = C_CR;
    if (c && strchr("*_~`[]<", c))
      k = C_MARK;
    if (c == 'h' || c == 'H' || c == 'w' || c == 'W')
      k = C_URL;
    ascii_class[c] = k;
  }
  for (const char *c = "\n\r\\()"; *c; c++)
    link_dest_stop[(unsigned char)*c] = 1;
  for (int mode = 0; mode < 4; mode++)
    for (int c = 0; c < 128; c++) {
      unsigned k = ascii_class[c];
      int plain = k == C_PLAIN || ((k == C_MARK || k == C_URL) && !(mode & PLAIN_MAP_MARKUP));
      int lower = (mode & PLAIN_MAP_FOLD) && c >= 'A' && c <= 'Z';
      plain_map[mode][c] = plain ? (unsigned char)(lower ? c + ('a' - 'A') : c) : 0;
    }
}

/* plain_map[] for the TL_NORM_* flags. */
static const unsigned char *map_for(unsigned flags) {
  return plain_map[(flags & TL_NORM_KEEP_CASE ? 0 : PLAIN_MAP_FOLD) | (flags & TL_NORM_PLAIN ? 0 : PLAIN_MAP_MARKUP)];
}

/* Part of a word for the `_` rule: ASCII letters and digits, and any byte of
 * a non-ASCII character. */
static int is_wordbyte(unsigned char c) { return tl_ascii_alnum(c) || c >= 0x80; }

static int is_cjk(int32_t cp) {
  return tl_is_han(cp) || (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF); /* punctuation, kana */
}

/* Could compose with the character before it (NFC "second"). Hangul
 * vowels and trailing consonants compose algorithmically, outside
 * utf8proc's table. */
static int is_second(int32_t cp, const utf8proc_property_t *p) {
  return (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000) ||
         (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2);
}

/* Makes room for `need` more bytes plus the terminator. */
static int reserve(norm *n, size_t need) {
  if (n->failed)
    return -1;
  if (n->cap - n->len > need)
    return 0;
  size_t cap = n->cap ? n->cap : 64;
  while (cap - n->len <= need) {
    if (cap > SIZE_MAX / 2) {
      n->failed = 1;
      return -1;
    }
    cap *= 2;
  }
  char *t = realloc(n->text, cap);
  if (!t) {
    n->failed = 1;
    return -1;
  }
  n->text = t;
  n->cap = cap;
  return 0;
}

/* Appends the anchor {at, src}, replacing an anchor at the same offset
 * (nothing was written since it). */
static void add_anchor(norm *n, size_t at, size_t src) {
  if (n->n_anchors && n->anchors[n->n_anchors - 1].at == at) {
    n->n_anchors--;
    if (n->n_anchors) {
      const tl_norm_anchor *last = &n->anchors[n->n_anchors - 1];
      if (last->src + (at - last->at) == src)
        return;
    }
  }
  if (n->n_anchors == n->cap_anchors) {
    size_t cap = n->cap_anchors ? n->cap_anchors * 2 : 64;
    tl_norm_anchor *a = cap < SIZE_MAX / sizeof *a ? realloc(n->anchors, cap * sizeof *a) : NULL;
    if (!a) {
      n->failed = 1;
      return;
    }
    n->anchors = a;
    n->cap_anchors = cap;
  }
  n->anchors[n->n_anchors++] = (tl_norm_anchor){at, src};
}

/* Notes that the character about to be written at normalized offset `at`
 * comes from source offset `src`: a new anchor, unless the copy since the
 * last anchor already puts it there (the common case, kept inline). */
static inline void mark(norm *n, size_t at, size_t src) {
  if (n->n_anchors) {
    const tl_norm_anchor *last = &n->anchors[n->n_anchors - 1];
    if (last->src + (at - last->at) == src)
      return;
  }
  add_anchor(n, at, src);
}

/* Writes one ASCII byte, a character of its own. */
static void put(norm *n, unsigned char c, size_t origin) {
  mark(n, n->len, origin);
  n->text[n->len++] = (char)c;
}

static void put_cp(norm *n, int32_t cp, size_t origin) {
  unsigned char b[4];
  utf8proc_ssize_t k = utf8proc_encode_char(cp, b);
  mark(n, n->len, origin);
  memcpy(n->text + n->len, b, (size_t)k);
  n->len += (size_t)k;
}

/* The origin of normalized byte i < n->len: what tl_normtext_origin()
 * gives once the text is done. */
static size_t origin_at(const char *text, const tl_norm_anchor *anchors, size_t n_anchors, size_t i) {
  /* The last anchor at or before i (the first is at 0), by halving the
   * range [a, a + count) that holds it. Which half is kept is a
   * conditional move, not a branch: a branch there would go either way at
   * random, and there are thousands of anchors. */
  const tl_norm_anchor *a = anchors;
  size_t count = n_anchors;
  while (count > 1) {
    size_t half = count / 2;
    a = a[half].at <= i ? a + half : a;
    count -= half;
  }
  while (i > a->at && ((unsigned char)text[i] & 0xC0) == 0x80)
    i--; /* to the first byte of its character */
  return a->src + (i - a->at);
}

/* Notes white space or syntax at `origin`; see norm.pending. */
static void add_space(norm *n, size_t origin, int breaks, int hard) {
  if (!n->pending) {
    n->pending = 1;
    n->pending_origin = origin;
    n->pending_breaks = 0;
    n->pending_hard = 0;
  }
  n->pending_breaks += breaks;
  n->pending_hard |= hard;
}

/* Writes the pending space before a character; `next_cjk` tells whether
 * that character is CJK. The caller has reserved room for it. */
static void flush_space(norm *n, int next_cjk) {
  n->pending = 0;
  if (!n->pending_hard && n->pending_breaks == 1 && n->last_cjk && next_cjk)
    return;
  put(n, ' ', n->pending_origin);
  n->last_cjk = 0;
  n->cluster = NO_CLUSTER;
}

static void emit_ascii(norm *n, unsigned char c, size_t origin) {
  if (n->pending)
    flush_space(n, 0);
  if (n->fold && c >= 'A' && c <= 'Z')
    c = (unsigned char)(c + ('a' - 'A'));
  n->cluster = n->len;
  put(n, c, origin);
  n->last_cjk = 0;
}

static int32_t compose_pair(int32_t a, int32_t b) {
  utf8proc_int32_t pair[2] = {a, b};
  if (utf8proc_normalize_utf32(pair, 2, UTF8PROC_COMPOSE | UTF8PROC_STABLE) == 1)
    return pair[0];
  return -1;
}

static int ccc_of(int32_t cp) { return utf8proc_get_property(cp)->combining_class; }

/* A mark (or a Hangul jamo) arrived after the starter at n->cluster: takes
 * the characters written since that starter back, decomposes them, puts the
 * marks in canonical order and composes again, as NFKC would have done on
 * the whole sequence. Each character keeps the origin it came from; if
 * reordering would make origins go backwards, the whole cluster takes the
 * starter's origin (origins never decrease). */
static void recompose(norm *n, int32_t cp, size_t origin) {
  if (n->failed)
    return; /* the anchors it would read back may be missing */
  int32_t cps[MAX_CLUSTER * 4 + 8];
  size_t org[MAX_CLUSTER * 4 + 8];
  size_t k = 0, pos = n->cluster, count = 0;
  while (pos < n->len) {
    int32_t c;
    size_t step = 1;
    if ((unsigned char)n->text[pos] < 0x80)
      c = (unsigned char)n->text[pos];
    else
      step = tl_utf8_decode((const unsigned char *)n->text + pos, n->len - pos, &c);
    if (step == 0 || ++count > MAX_CLUSTER)
      goto append;
    utf8proc_int32_t d[8];
    utf8proc_ssize_t m = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, NULL);
    if (m < 1 || m > 8 || k + (size_t)m >= sizeof cps / sizeof *cps)
      goto append;
    for (utf8proc_ssize_t j = 0; j < m; j++) {
      cps[k] = d[j];
      org[k++] = origin_at(n->text, n->anchors, n->n_anchors, pos);
    }
    pos += step;
  }
  cps[k] = cp;
  org[k++] = origin;

  /* Canonical ordering: stable insertion sort of each run of marks. */
  for (size_t i = 1; i < k; i++) {
    int cc = ccc_of(cps[i]);
    if (cc == 0)
      continue;
    for (size_t j = i; j > 0; j--) {
      int prev = ccc_of(cps[j - 1]);
      if (prev <= cc)
        break;
      int32_t tc = cps[j];
      size_t to = org[j];
      cps[j] = cps[j - 1];
      org[j] = org[j - 1];
      cps[j - 1] = tc;
      org[j - 1] = to;
    }
  }

  /* Canonical composition (UAX #15): a character composes with the last
   * starter unless a character between them blocks it. */
  size_t w = 1;
  long starter = ccc_of(cps[0]) == 0 ? 0 : -1;
  int last = -1;
  for (size_t r = 1; r < k; r++) {
    int cc = ccc_of(cps[r]);
    if (starter >= 0 && cc > last) {
      int32_t comp = compose_pair(cps[starter], cps[r]);
      if (comp >= 0) {
        cps[starter] = comp;
        continue;
      }
    }
    cps[w] = cps[r];
    org[w++] = org[r];
    if (cc == 0) {
      starter = (long)w - 1;
      last = -1;
    } else if (cc > last) {
      last = cc;
    }
  }
  k = w;
  for (size_t i = 1; i < k; i++)
    if (org[i] < org[i - 1]) {
      for (size_t j = 0; j < k; j++)
        org[j] = org[0];
      break;
    }

  size_t base = n->cluster;
  n->len = base;
  while (n->n_anchors && n->anchors[n->n_anchors - 1].at >= base)
    n->n_anchors--; /* the cluster is written again, anchors and all */
  if (reserve(n, k * 4 + 1))
    return;
  for (size_t i = 0; i < k; i++) {
    if (ccc_of(cps[i]) == 0)
      n->cluster = n->len;
    put_cp(n, cps[i], org[i]);
  }
  n->last_cjk = is_cjk(cps[k - 1]);
  return;

append: /* too many marks: left as written, and a new run starts */
  if (reserve(n, 5))
    return;
  put_cp(n, cp, origin);
  n->cluster = NO_CLUSTER;
}

/* Writes one codepoint of a decomposition, composing it with what came
 * before when it is a combining mark. */
static void emit_cp(norm *n, int32_t cp, size_t origin) {
  if (cp == ' ') {
    add_space(n, origin, 0, 0);
    return;
  }
  const utf8proc_property_t *p = utf8proc_get_property(cp);
  if ((p->combining_class || is_second(cp, p)) && n->cluster != NO_CLUSTER && !n->pending) {
    recompose(n, cp, origin);
    return;
  }
  int cjk = is_cjk(cp);
  if (n->pending)
    flush_space(n, cjk);
  /* A mark with no starter before it still starts a run that later marks
   * are ordered in. */
  if (p->combining_class == 0 || n->cluster == NO_CLUSTER)
    n->cluster = n->len;
  put_cp(n, cp, origin);
  n->last_cjk = cjk;
}

/* Everything that is neither ASCII nor what plain_run() copies (common CJK,
 * full-width ASCII). */
static void slow_char(norm *n, int32_t cp, size_t at, size_t srclen) {
  /* Each codepoint of a decomposition may bring a space before it. */
  if (reserve(n, MAX_DECOMP * 5 + 8))
    return;
  const utf8proc_property_t *p = utf8proc_get_property(cp);
  switch (p->category) {
  case UTF8PROC_CATEGORY_ZS:
    add_space(n, at, 0, 0);
    return;
  case UTF8PROC_CATEGORY_ZL:
  case UTF8PROC_CATEGORY_ZP:
    add_space(n, at, 1, 0);
    return;
  case UTF8PROC_CATEGORY_CC:
    add_space(n, at, cp == 0x85, cp != 0x85);
    return;
  default:
    break;
  }
  if (p->ignorable)
    return;
  if (p->decomp_seqindex == UINT16_MAX && (!n->fold || p->casefold_seqindex == UINT16_MAX) &&
      p->combining_class == 0 && !is_second(cp, p)) {
    /* Unchanged by NFKC and folding (most symbols, emoji, Hangul). */
    int cjk = is_cjk(cp);
    if (n->pending)
      flush_space(n, cjk);
    n->cluster = n->len;
    if (srclen == 0) { /* an invalid byte */
      put_cp(n, cp, at);
    } else {
      mark(n, n->len, at);
      memcpy(n->text + n->len, n->src + at, srclen);
      n->len += srclen;
    }
    n->last_cjk = cjk;
    return;
  }
  utf8proc_int32_t d[MAX_DECOMP];
  utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE;
  if (n->fold)
    opt |= UTF8PROC_CASEFOLD;
  utf8proc_ssize_t m = utf8proc_decompose_char(cp, d, MAX_DECOMP, opt, NULL);
  if (m < 0 || m > MAX_DECOMP) {
    d[0] = 0xFFFD;
    m = 1;
  }
  for (utf8proc_ssize_t j = 0; j < m && !n->failed; j++)
    emit_cp(n, d[j], at);
}

/* Where a scan for the end of a link part from s[k] must stop: MAX_LINK
 * bytes on, or sooner when the budget of failed scans (which keeps many
 * unclosed `[` or `](` linear) runs low. */
static size_t link_scan_limit(const norm *n, size_t k) {
  size_t room = n->srclen - k;
  if (room > MAX_LINK)
    room = MAX_LINK;
  if (room > n->link_budget)
    room = n->link_budget;
  return k + room;
}

/* A scan from `from` failed at k: it spends the budget. */
static void spend_link_budget(norm *n, size_t from, size_t k) {
  n->link_budget -= k - from < n->link_budget ? k - from : n->link_budget;
}

/* End of a link destination `](...)` starting at s[k] (just after the
 * `(`), or 0 when the parenthesis does not close on this line within
 * MAX_LINK bytes. */
static size_t link_dest_end(norm *n, size_t k) {
  const unsigned char *s = n->src;
  size_t len = link_scan_limit(n, k), from = k;
  int depth = 1;
  for (; k < len; k++) {
    /* Most of a destination is URL characters that matter to none of the
     * tests below. */
    while (k < len && !link_dest_stop[s[k]])
      k++;
    if (k == len)
      break;
    unsigned char c = s[k];
    if (c == '\n' || c == '\r')
      break;
    if (c == '\\' && k + 1 < len)
      k++;
    else if (c == '(')
      depth++;
    else if (c == ')' && --depth == 0)
      return k + 1;
  }
  spend_link_budget(n, from, k);
  return 0;
}

/* End of a reference label `[...]` starting at s[k] (just after the `[`),
 * or 0. CommonMark labels are at most 999 characters. */
static size_t ref_label_end(norm *n, size_t k) {
  const unsigned char *s = n->src;
  size_t len = link_scan_limit(n, k), from = k;
  for (; k < len; k++) {
    unsigned char c = s[k];
    if (c == '\n' || c == '\r' || c == '[')
      break;
    if (c == ']')
      return k + 1;
  }
  spend_link_budget(n, from, k);
  return 0;
}

static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Finds needle NEEDLES[w] in the source from offset k; returns the offset
 * just past it when that is within MAX_HTML_SPAN, else 0. The last
 * occurrence found is remembered, so that many unclosed `<!--` in one text
 * cost one search, not one each. */
static const char *const NEEDLES[] = {"-->", ">", "?>"};

static size_t find_end(norm *n, size_t k, int w) {
  const char *needle = NEEDLES[w];
  size_t nl = strlen(needle), len = n->srclen;
  if (!(n->found_valid[w] && k >= n->found_from[w] && k <= n->found_at[w])) {
    size_t at = SIZE_MAX;
    for (size_t j = k; j + nl <= len; j++) {
      const unsigned char *hit = memchr(n->src + j, needle[0], len - j);
      if (!hit)
        break;
      j = (size_t)(hit - n->src);
      if (j + nl <= len && memcmp(hit, needle, nl) == 0) {
        at = j;
        break;
      }
    }
    n->found_valid[w] = 1;
    n->found_from[w] = k;
    n->found_at[w] = at;
  }
  size_t at = n->found_at[w];
  return at != SIZE_MAX && at - k <= MAX_HTML_SPAN ? at + nl : 0;
}

/* End of what CommonMark takes as raw HTML or an autolink at s[i] == '<':
 * an open or closing tag, a comment, a processing instruction, a
 * declaration, `<scheme:...>` or `<user@host>`. 0 when it is plain text
 * (`a < b`, `<5%`). */
static size_t html_end(norm *n, size_t i) {
  const unsigned char *s = n->src;
  size_t len = n->srclen, k = i + 1;
  if (k >= len)
    return 0;
  if (s[k] == '!') {
    if (len - k >= 3 && s[k + 1] == '-' && s[k + 2] == '-')
      return find_end(n, k + 3, 0);
    if (k + 1 < len && (tl_ascii_alpha(s[k + 1]) || s[k + 1] == '['))
      return find_end(n, k + 1, 1);
    return 0;
  }
  if (s[k] == '?')
    return find_end(n, k + 1, 2);
  if (s[k] == '/') {
    k++;
    if (k >= len || !tl_ascii_alpha(s[k]))
      return 0;
    while (k < len && (tl_ascii_alnum(s[k]) || s[k] == '-'))
      k++;
    while (k < len && is_ws(s[k]))
      k++;
    return k < len && s[k] == '>' ? k + 1 : 0;
  }
  if (!tl_ascii_alpha(s[k]))
    return 0;

  /* Autolinks: `<scheme:...>` and `<name@host>` hold no spaces. */
  size_t e = k;
  while (e < len && s[e] > 0x20 && s[e] != '<' && s[e] != '>' && s[e] < 0x7f)
    e++;
  if (e < len && s[e] == '>') {
    size_t j = k;
    while (j < e && (tl_ascii_alnum(s[j]) || s[j] == '+' || s[j] == '.' || s[j] == '-'))
      j++;
    if (j < e && s[j] == ':' && j - k >= 2 && j - k <= 32)
      return e + 1;
    if (memchr(s + k, '@', e - k))
      return e + 1;
  }

  /* Open tag: name, attributes, optional `/`, `>`. */
  while (k < len && (tl_ascii_alnum(s[k]) || s[k] == '-'))
    k++;
  for (;;) {
    size_t ws = k;
    while (k < len && is_ws(s[k]))
      k++;
    if (k >= len)
      return 0;
    if (s[k] == '>')
      return k + 1;
    if (s[k] == '/')
      return k + 1 < len && s[k + 1] == '>' ? k + 2 : 0;
    if (k == ws || !(tl_ascii_alpha(s[k]) || s[k] == '_' || s[k] == ':'))
      return 0;
    while (k < len && (tl_ascii_alnum(s[k]) || s[k] == '_' || s[k] == '.' || s[k] == ':' || s[k] == '-'))
      k++;
    size_t after_name = k;
    while (k < len && is_ws(s[k]))
      k++;
    if (k >= len || s[k] != '=') {
      k = after_name;
      continue;
    }
    k++;
    while (k < len && is_ws(s[k]))
      k++;
    if (k >= len)
      return 0;
    if (s[k] == '"' || s[k] == '\'') {
      const unsigned char *q = memchr(s + k + 1, s[k], (len - k - 1) > 4096 ? 4096 : len - k - 1);
      if (!q)
        return 0;
      k = (size_t)(q - s) + 1;
    } else {
      size_t v = k;
      while (k < len && s[k] && !is_ws(s[k]) && !strchr("\"'=<>`", s[k]))
        k++;
      if (k == v)
        return 0;
    }
  }
}

static int starts_with_ci(const unsigned char *s, size_t avail, const char *prefix) {
  size_t n = strlen(prefix);
  if (avail < n)
    return 0;
  for (size_t j = 0; j < n; j++) {
    unsigned char c = s[j];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    if (c != (unsigned char)prefix[j])
      return 0;
  }
  return 1;
}

static int is_urlbyte(unsigned char c) {
  return c > 0x20 && c < 0x7f && !strchr("<>\"`[]{}|\\", c);
}

/* End of a bare URL (`https://...`, `www.x...`) starting at s[i], or 0.
 * Like GitHub's autolinks, trailing punctuation and an unbalanced `)` are
 * left to the sentence. A URL ends at the first non-ASCII character, as
 * Chinese text runs straight on after it. */
static size_t url_end(const unsigned char *s, size_t i, size_t len) {
  if (i > 0 && tl_ascii_alnum(s[i - 1]))
    return 0;
  size_t k;
  if (starts_with_ci(s + i, len - i, "https://"))
    k = i + 8;
  else if (starts_with_ci(s + i, len - i, "http://"))
    k = i + 7;
  else if (starts_with_ci(s + i, len - i, "www.") && i + 4 < len && tl_ascii_alnum(s[i + 4]))
    k = i + 4;
  else
    return 0;
  size_t start = k;
  while (k < len && is_urlbyte(s[k]))
    k++;
  for (;;) {
    if (k == start)
      return 0;
    unsigned char c = s[k - 1];
    if (strchr("?!.,:;*_~'\"", c)) {
      k--;
    } else if (c == ')') {
      long depth = 0;
      for (size_t j = i; j < k; j++)
        depth += s[j] == '(' ? 1 : s[j] == ')' ? -1 : 0;
      if (depth >= 0)
        break;
      k--;
    } else {
      break;
    }
  }
  return k;
}

/* Handles Markdown/HTML syntax at s[i]; returns how many bytes it took
 * (written as a separator, or as literal underscores), 0 when s[i] is an
 * ordinary character here. */
static size_t markup(norm *n, size_t i) {
  const unsigned char *s = n->src;
  size_t len = n->srclen, j = i, end = 0;
  switch (s[i]) {
  case '*':
  case '`':
    while (j < len && s[j] == s[i])
      j++;
    end = j;
    break;
  case '~':
    while (j < len && s[j] == '~')
      j++;
    end = j - i >= 2 ? j : 0;
    break;
  case '_':
    while (j < len && s[j] == '_')
      j++;
    if (i > 0 && is_wordbyte(s[i - 1]) && j < len && is_wordbyte(s[j])) {
      for (size_t k = i; k < j; k++)
        emit_ascii(n, '_', k); /* no more bytes than read: see run() on room */
      return j - i;
    }
    end = j;
    break;
  case '[':
    end = i + 1;
    break;
  case ']':
    end = i + 1;
    if (i + 1 < len && s[i + 1] == '(') {
      size_t e = link_dest_end(n, i + 2);
      end = e ? e : end;
    } else if (i + 1 < len && s[i + 1] == '[') {
      size_t e = ref_label_end(n, i + 2);
      end = e ? e : end;
    }
    break;
  case '<':
    end = html_end(n, i);
    break;
  default: /* h, w */
    end = url_end(s, i, len);
    break;
  }
  if (end)
    add_space(n, i, 0, 1);
  return end ? end - i : 0;
}

/* What the character at s[i] is to plain_run(): not one it copies, an
 * ordinary ASCII character, a common CJK character (3 bytes, copied), or
 * full-width ASCII (3 bytes, which become one). */
enum { P_NONE, P_ASCII, P_CJK, P_WIDE };

/* s[0..3) is an ideograph U+4E00..U+9FFF (the caller checked that three
 * bytes are there). */
static inline int is_ideograph(const unsigned char *s) {
  return ((s[0] >= 0xE5 && s[0] <= 0xE9) || (s[0] == 0xE4 && s[1] >= 0xB8)) && (s[1] & 0xC0) == 0x80 &&
         (s[2] & 0xC0) == 0x80;
}

/* plain_kind() of a non-ASCII character. */
static inline int wide_kind(const unsigned char *s, size_t i, size_t len) {
  if (len - i < 3 || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
    return P_NONE;
  unsigned char c = s[i], c1 = s[i + 1], c2 = s[i + 2];
  /* Ideographs U+4E00..U+9FFF (is_ideograph()), and the CJK punctuation that NFKC keeps:
   * 、。〈〉《》「」『』【】 (U+3001, U+3002, U+3008..U+3011). */
  if (is_ideograph(s + i) || (c == 0xE3 && c1 == 0x80 && (c2 == 0x81 || c2 == 0x82 || (c2 >= 0x88 && c2 <= 0x91))))
    return P_CJK;
  /* Full-width ASCII, U+FF01..U+FF5E. */
  if (c == 0xEF && ((c1 == 0xBC && c2 >= 0x81) || (c1 == 0xBD && c2 <= 0x9E)))
    return P_WIDE;
  return P_NONE;
}

/* plain_kind() of an ASCII byte that is not ordinary wherever it stands:
 * an `h` or `w` inside a word is (a URL cannot start there). */
static int url_letter_in_word(const norm *n, size_t i) {
  return ascii_class[n->src[i]] == C_URL && i > 0 && tl_ascii_alnum(n->src[i - 1]);
}

static int plain_kind(const norm *n, size_t i) {
  unsigned char c = n->src[i];
  if (c >= 0x80)
    return wide_kind(n->src, i, n->srclen);
  return n->map[c] || url_letter_in_word(n, i) ? P_ASCII : P_NONE;
}

/* The fast path, for the text that normalization only copies: ordinary
 * ASCII (case folded), a lone space or line break before more such text
 * (which is always one space: only a line break between two CJK
 * characters vanishes, and those are left to the general path), common
 * CJK characters, and full-width ASCII (which NFKC makes ASCII). Copies
 * from s[i] on as far as such text goes, after writing any pending space,
 * and returns where it stopped (i when s[i] is something else). None of
 * it writes more bytes than it reads: the caller reserves room for the
 * rest of the source. Each character but full-width ASCII is as long as
 * its source, so only a full-width one needs an anchor after it. (Locals,
 * not n->..., in the loops: stores through char pointers could alias n.) */
static size_t plain_run(norm *n, size_t i) {
  int kind = plain_kind(n, i);
  if (kind == P_NONE)
    return i;
  if (n->pending)
    flush_space(n, kind == P_CJK);
  const unsigned char *s = n->src, *map = n->map;
  /* What a character ordinary here becomes: `h`, `w`, and NFKC's output
   * for full-width syntax such as `＊`, are letters and signs too. */
  const unsigned char *letters = plain_map[n->fold ? PLAIN_MAP_FOLD : 0];
  char *text = n->text;
  size_t o = n->len, len = n->srclen;
  mark(n, o, i);
  for (;;) {
    /* ASCII that the map copies: most of any English text. */
    while (i < len && map[s[i]])
      text[o++] = (char)map[s[i++]];
    if (i >= len)
      break;
    unsigned char c = s[i];
    if (c < 0x80) {
      if ((c == ' ' || c == '\n') && i + 1 < len &&
          (map[s[i + 1]] || (c == ' ' && s[i + 1] >= 0x80 && wide_kind(s, i + 1, len) != P_NONE)))
        text[o] = ' ';
      else if (url_letter_in_word(n, i))
        text[o] = (char)letters[c];
      else
        break;
      o++;
      i++;
      continue;
    }
    /* Ideographs U+4E00..U+9FFF, most of any Chinese text. */
    while (i + 2 < len && is_ideograph(s + i)) {
      memcpy(text + o, s + i, 3);
      o += 3;
      i += 3;
    }
    if (i >= len)
      break;
    if (s[i] < 0x80)
      continue;
    kind = wide_kind(s, i, len);
    if (kind == P_CJK) {
      memcpy(text + o, s + i, 3);
      o += 3;
      i += 3;
    } else if (kind == P_WIDE) {
      unsigned char a = (unsigned char)(((s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F)) - 0xEE0);
      text[o++] = (char)letters[a];
      i += 3;
      mark(n, o, i); /* for the character after it, which is shorter than its source */
    } else {
      break;
    }
  }
  /* Only CJK characters were written as more than one byte. */
  if (o > n->len) {
    int cjk = (unsigned char)text[o - 1] >= 0x80;
    n->cluster = cjk ? o - 3 : o - 1;
    n->last_cjk = cjk;
    n->len = o;
  }
  return i;
}

/* Room: at the top of each round there is room for the rest of the
 * source plus 16 bytes (the caller reserved it for the whole source).
 * Everything but slow_char() writes at most as many bytes as it reads (a
 * pending space is written for white space or syntax read before), so
 * only after slow_char() must room be made again. */
static void run(norm *n) {
  const unsigned char *s = n->src;
  size_t len = n->srclen, i = 0;
  while (i < len) {
    size_t copied = plain_run(n, i);
    if (copied > i) {
      i = copied;
      continue;
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      switch (ascii_class[c]) {
      case C_SPACE:
        add_space(n, i, 0, 0);
        i++;
        continue;
      case C_LF:
        add_space(n, i, 1, 0);
        i++;
        continue;
      case C_CR: /* CRLF is one line break */
        add_space(n, i, 1, 0);
        i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
        continue;
      case C_CTRL:
        add_space(n, i, 0, 1);
        i++;
        continue;
      default: { /* syntax, or a URL; with TL_NORM_PLAIN, n->map holds these and plain_run() took them */
        size_t took = markup(n, i);
        if (took) {
          i += took;
          continue;
        }
        emit_ascii(n, c, i);
        i++;
        continue;
      }
      }
    }
    int32_t cp;
    size_t k = tl_utf8_decode(s + i, len - i, &cp);
    if (k == 0) {
      slow_char(n, 0xFFFD, i, 0);
      i++;
    } else {
      slow_char(n, cp, i, k);
      i += k;
    }
    if (reserve(n, len - i + 16))
      return;
  }
  if (n->pending && !n->failed)
    flush_space(n, 0);
}

int tl_normalize_opts(const char *src, size_t len, unsigned flags, tl_normtext *out) {
  pthread_once(&classes_once, init_classes);
  norm n = {0};
  n.src = (const unsigned char *)src;
  n.srclen = len;
  n.fold = !(flags & TL_NORM_KEEP_CASE);
  n.map = map_for(flags);
  n.cluster = NO_CLUSTER;
  n.link_budget = len < SIZE_MAX / 16 ? 8 * len + 65536 : SIZE_MAX;
  if (reserve(&n, len + 16) == 0)
    run(&n);
  if (n.failed) {
    free(n.text);
    free(n.anchors);
    return -1;
  }
  n.text[n.len] = '\0';
  while (n.n_anchors && n.anchors[n.n_anchors - 1].at >= n.len)
    n.n_anchors--; /* marked for a character that never came */
  out->text = n.text;
  out->len = n.len;
  out->anchors = n.anchors;
  out->n_anchors = n.n_anchors;
  out->source_len = len;
  return 0;
}

int tl_normalize(const char *src, size_t len, tl_normtext *out) {
  return tl_normalize_opts(src, len, 0, out);
}

void tl_normtext_free(tl_normtext *nt) {
  if (!nt)
    return;
  free(nt->text);
  free(nt->anchors);
  memset(nt, 0, sizeof *nt);
}

size_t tl_normtext_origin(const tl_normtext *nt, size_t i) {
  if (i >= nt->len)
    return nt->source_len;
  return origin_at(nt->text, nt->anchors, nt->n_anchors, i);
}

size_t tl_normalize_ascii(const char *s, size_t len, unsigned flags, char *buf, size_t cap) {
  if (len >= cap)
    return SIZE_MAX;
  pthread_once(&classes_once, init_classes);
  int fold = !(flags & TL_NORM_KEEP_CASE);
  /* Nonzero exactly for the bytes that are ordinary characters wherever
   * they stand (see plain_map): what they become. */
  const unsigned char *map = map_for(flags);
  const unsigned char *u = (const unsigned char *)s;
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = u[i], out = map[c];
    if (!out) {
      if (c >= 0x80)
        return SIZE_MAX;
      unsigned k = ascii_class[c];
      if (k == C_MARK || (k == C_URL && url_end(u, i, len)))
        return SIZE_MAX; /* syntax: the general path decides */
      if (k == C_URL) { /* an `h` or `w` that starts no URL */
        out = plain_map[fold ? PLAIN_MAP_FOLD : 0][c];
      } else { /* white space or a control: one space, none at the ends */
        if (o > 0 && buf[o - 1] != ' ')
          buf[o++] = ' ';
        continue;
      }
    }
    buf[o++] = (char)out;
  }
  if (o > 0 && buf[o - 1] == ' ')
    o--;
  buf[o] = '\0';
  return o;
}

char *tl_normalize_string_opts(const char *s, size_t len, unsigned flags) {
  /* Most names looked up or counted (`VibeSDK`, `ToMoviee AI`) are ASCII
   * that only changes case: no need for the machinery. */
  char small[128];
  size_t n = tl_normalize_ascii(s, len, flags, small, sizeof small);
  if (n != SIZE_MAX) {
    char *out = malloc(n + 1);
    if (out)
      memcpy(out, small, n + 1);
    return out;
  }
  tl_normtext nt;
  if (tl_normalize_opts(s, len, flags, &nt))
    return NULL;
  free(nt.anchors);
  size_t a = 0, b = nt.len;
  while (a < b && nt.text[a] == ' ')
    a++;
  while (b > a && nt.text[b - 1] == ' ')
    b--;
  memmove(nt.text, nt.text + a, b - a);
  nt.text[b - a] = '\0';
  return nt.text;
}

char *tl_normalize_string(const char *s) { return tl_normalize_string_opts(s, strlen(s), 0); }
