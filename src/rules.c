#include "rules.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "diag.h"
#include "pairfilter.h"

/* Whether valgrind runs us: only known where its header is installed. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

/* One piece of a template: literal text, or a capture group with how to
 * spell it. */
enum { CASE_SMART, CASE_LOWER, CASE_UPPER, CASE_TITLE };
enum { SEP_ASIS, SEP_HYPHEN, SEP_SPACE };

typedef struct {
  char *literal; /* NULL for a group */
  uint32_t group;
  int casing, sep;
} tmpl_part;

typedef struct {
  char *family, *type;
  const char *file; /* interned in tl_rules.files */
  long line;
  pcre2_code *code;
  tmpl_part *parts;
  size_t nparts;
} rule;

typedef struct {
  char *text;
  size_t len;
  size_t rule;
} key;

typedef struct {
  char *lower, *spelling;
} spell;

struct tl_rules {
  rule *rules;
  size_t nrules;
  key *keys; /* sorted by first byte, then rule; see index_keys() */
  size_t nkeys;
  size_t first[257];       /* keys starting with byte b: keys[first[b] .. first[b+1]) */
  tl_pairfilter near;      /* where a key may start, for the walk over the text */
  uint8_t pairs[1 << 13];  /* bit b0 | b1 << 8: a key starts with b0 b1 */
  uint8_t starts[1 << 13]; /* bit hash3(b0 b1 b2): a key starts with b0 b1 b2 */
  spell *spells;           /* sorted by lower, one per word */
  size_t nspells;
  char **files;
  size_t nfiles;
  uint32_t ovector_pairs; /* largest capture count + 1 over all rules */
  pcre2_match_context *mctx;
};

static void out_of_memory(void) {
  fputs("trendlens: out of memory\n", stderr);
  abort();
}

/* tl_buf_add that cannot fail: canonical names are tiny, and a silently
 * truncated one would be worse than stopping. */
static void put(tl_buf *b, const char *s, size_t n) {
  if (tl_buf_add(b, s, n) < 0)
    out_of_memory();
}

static unsigned char lower_ascii(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static unsigned char upper_ascii(unsigned char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

tl_rules *tl_rules_new(void) {
  tl_rules *r = tl_xcalloc(1, sizeof *r);
  r->ovector_pairs = 1;
  r->mctx = pcre2_match_context_create(NULL);
  if (!r->mctx)
    out_of_memory();
  /* Every attempt is anchored and at most TL_RULES_MAX_MATCH bytes long, so
   * a legitimate pattern never comes near this; a pathological one fails
   * the one attempt instead of stalling the run. */
  pcre2_set_match_limit(r->mctx, 200000);
  return r;
}

static void free_parts(tmpl_part *parts, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(parts[i].literal);
  free(parts);
}

static void free_rule(rule *ru) {
  free(ru->family);
  free(ru->type);
  pcre2_code_free(ru->code);
  free_parts(ru->parts, ru->nparts);
}

void tl_rules_free(tl_rules *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->nrules; i++)
    free_rule(&r->rules[i]);
  free(r->rules);
  for (size_t i = 0; i < r->nkeys; i++)
    free(r->keys[i].text);
  free(r->keys);
  for (size_t i = 0; i < r->nspells; i++) {
    free(r->spells[i].lower);
    free(r->spells[i].spelling);
  }
  free(r->spells);
  for (size_t i = 0; i < r->nfiles; i++)
    free(r->files[i]);
  free(r->files);
  pcre2_match_context_free(r->mctx);
  free(r);
}

size_t tl_rules_count(const tl_rules *r) { return r->nrules; }

const char *tl_rules_family(const tl_rules *r, size_t i) { return i < r->nrules ? r->rules[i].family : NULL; }
const char *tl_rules_type(const tl_rules *r, size_t i) { return i < r->nrules ? r->rules[i].type : NULL; }
const char *tl_rules_file(const tl_rules *r, size_t i) { return i < r->nrules ? r->rules[i].file : NULL; }
long tl_rules_line(const tl_rules *r, size_t i) { return i < r->nrules ? r->rules[i].line : 0; }

/* ---- spellings ------------------------------------------------------- */

static int spell_cmp(const void *a, const void *b) {
  return strcmp(((const spell *)a)->lower, ((const spell *)b)->lower);
}

/* The conventional spelling of an ASCII word, or NULL. */
static const char *spelling_of(const tl_rules *r, const char *word, size_t n) {
  char low[64];
  if (n >= sizeof low || r->nspells == 0)
    return NULL;
  for (size_t i = 0; i < n; i++)
    low[i] = (char)lower_ascii((unsigned char)word[i]);
  low[n] = '\0';
  spell probe = {low, NULL};
  spell *s = bsearch(&probe, r->spells, r->nspells, sizeof *r->spells, spell_cmp);
  return s ? s->spelling : NULL;
}

/* Adds or replaces one spelling; a later file may correct an earlier one.
 * Kept sorted so the scan can bsearch it. */
static void add_spelling(tl_rules *r, const char *word, size_t n) {
  char *low = tl_strndup(word, n);
  for (size_t i = 0; i < n; i++)
    low[i] = (char)lower_ascii((unsigned char)low[i]);
  spell probe = {low, NULL};
  spell *s = r->nspells ? bsearch(&probe, r->spells, r->nspells, sizeof *r->spells, spell_cmp) : NULL;
  if (s) {
    free(low);
    free(s->spelling);
    s->spelling = tl_strndup(word, n);
    return;
  }
  r->spells = tl_xrealloc(r->spells, (r->nspells + 1) * sizeof *r->spells);
  r->spells[r->nspells].lower = low;
  r->spells[r->nspells].spelling = tl_strndup(word, n);
  r->nspells++;
  qsort(r->spells, r->nspells, sizeof *r->spells, spell_cmp);
}

/* ---- canonical forms ------------------------------------------------- */

/* Writes one ASCII word of matched text in the casing asked for. "Smart"
 * casing is what names in this domain conventionally look like: a word the
 * @spell lines know is spelled their way ("vl" -> "VL", "4o" -> "4o"), a
 * word mixing letters and digits is a code in capitals ("30b" -> "30B",
 * "a3b" -> "A3B", "k2" -> "K2"), other words are capitalised ("max" ->
 * "Max"), numbers stay as they are. */
static void put_word(const tl_rules *r, tl_buf *out, const char *w, size_t n, int casing) {
  if (casing == CASE_SMART) {
    const char *s = spelling_of(r, w, n);
    if (s) {
      put(out, s, strlen(s));
      return;
    }
    int letters = 0, digits = 0;
    for (size_t i = 0; i < n; i++) {
      if (tl_ascii_digit((unsigned char)w[i]))
        digits = 1;
      else
        letters = 1;
    }
    casing = letters && digits ? CASE_UPPER : CASE_TITLE;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)w[i];
    if (casing == CASE_UPPER || (casing == CASE_TITLE && i == 0))
      c = upper_ascii(c);
    else
      c = lower_ascii(c);
    put(out, (const char *)&c, 1);
  }
}

/* Length of the separator at s[0..n): a space, '-', or the Unicode hyphen
 * U+2010 that NFKC makes of the non-breaking hyphen in OpenAI's "GPT‑5"
 * (U+2011); 0 for anything else. */
static size_t separator_len(const char *s, size_t n) {
  if (s[0] == ' ' || s[0] == '-')
    return 1;
  if (n >= 3 && memcmp(s, "\xE2\x80", 2) == 0 && (s[2] == '\x90' || s[2] == '\x91'))
    return 3;
  return 0;
}

/* Inserts the text of one capture group: words re-cased, and with a
 * separator modifier every run of separators between words made one '-'
 * or one ' ' ("-codex max" -> "-Codex-Max" with hyphen). */
static void put_group(const tl_rules *r, tl_buf *out, const char *s, size_t n, int casing, int sep) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    size_t k;
    if (tl_ascii_alnum(c)) {
      size_t j = i;
      while (j < n && tl_ascii_alnum((unsigned char)s[j]))
        j++;
      put_word(r, out, s + i, j - i, casing);
      i = j;
    } else if (sep != SEP_ASIS && separator_len(s + i, n - i) > 0) {
      while (i < n && (k = separator_len(s + i, n - i)) > 0)
        i += k;
      put(out, sep == SEP_HYPHEN ? "-" : " ", 1);
    } else {
      put(out, s + i, 1);
      i++;
    }
  }
}

/* Folds white space runs to one space and trims, in place: the template's
 * literal spaces and a group's own spaces must not add up to "GPT-5  mini". */
static void fold_space(tl_buf *b) {
  size_t o = 0;
  int pending = 0;
  for (size_t i = 0; i < b->len; i++) {
    unsigned char c = (unsigned char)b->data[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending = o > 0;
      continue;
    }
    if (pending)
      b->data[o++] = ' ';
    pending = 0;
    b->data[o++] = (char)c;
  }
  b->len = o;
  b->data[o] = '\0';
}

static char *expand(const tl_rules *r, const rule *ru, const char *subject, const PCRE2_SIZE *ov) {
  tl_buf b = TL_BUF_INIT;
  for (size_t i = 0; i < ru->nparts; i++) {
    const tmpl_part *p = &ru->parts[i];
    if (p->literal) {
      put(&b, p->literal, strlen(p->literal));
      continue;
    }
    PCRE2_SIZE s = ov[2 * p->group], e = ov[2 * p->group + 1];
    if (s != PCRE2_UNSET && e > s)
      put_group(r, &b, subject + s, e - s, p->casing, p->sep);
  }
  fold_space(&b);
  char *c = tl_buf_detach(&b);
  if (!c)
    out_of_memory();
  return c;
}

/* ---- loading --------------------------------------------------------- */

static int valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return 0;
    }
    if (n - i < len)
      return 0;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return 0;
      cp = cp << 6 | (s[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return 0;
    i += len;
  }
  return 1;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    s[--n] = '\0';
  return s;
}

static const char *intern_file(tl_rules *r, const char *path) {
  for (size_t i = 0; i < r->nfiles; i++)
    if (strcmp(r->files[i], path) == 0)
      return r->files[i];
  r->files = tl_xrealloc(r->files, (r->nfiles + 1) * sizeof *r->files);
  r->files[r->nfiles] = tl_strdup(path);
  return r->files[r->nfiles++];
}

static int parse_modifiers(const char *s, size_t n, int *casing, int *sep) {
  *casing = CASE_SMART;
  *sep = SEP_ASIS;
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && s[j] != ',')
      j++;
    size_t w = j - i;
#define IS(word) (w == sizeof(word) - 1 && memcmp(s + i, word, w) == 0)
    if (IS("lower"))
      *casing = CASE_LOWER;
    else if (IS("upper"))
      *casing = CASE_UPPER;
    else if (IS("title"))
      *casing = CASE_TITLE;
    else if (IS("smart"))
      *casing = CASE_SMART;
    else if (IS("hyphen"))
      *sep = SEP_HYPHEN;
    else if (IS("space"))
      *sep = SEP_SPACE;
    else
      return -1;
#undef IS
    i = j + 1;
  }
  return 0;
}

/* Parses "GPT-${v}${tier:space}" into parts, checking every group against
 * the compiled pattern so that a typo is a load error, not an empty name
 * at scan time. On failure writes the reason into `why` and returns -1. */
static int parse_template(const char *t, const pcre2_code *code, tmpl_part **out, size_t *nout, tl_buf *why) {
  tmpl_part *parts = NULL;
  size_t n = 0;
  tl_buf lit = TL_BUF_INIT;
  uint32_t ncap = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ncap);
  const char *p = t;
  while (1) {
    int at_end = *p == '\0';
    int is_group = p[0] == '$' && p[1] == '{';
    if ((at_end || is_group) && lit.len) {
      parts = tl_xrealloc(parts, (n + 1) * sizeof *parts);
      parts[n++] = (tmpl_part){tl_strndup(lit.data, lit.len), 0, 0, 0};
      tl_buf_reset(&lit);
    }
    if (at_end)
      break;
    if (p[0] == '$' && p[1] == '$') {
      put(&lit, "$", 1);
      p += 2;
      continue;
    }
    if (p[0] != '$') {
      put(&lit, p, 1);
      p++;
      continue;
    }
    if (!is_group) {
      tl_buf_printf(why, "template: '$' must start ${group} or be written $$ (at \"%.10s\")", p);
      goto fail;
    }
    const char *name = p + 2, *close = strchr(name, '}');
    if (!close) {
      tl_buf_printf(why, "template: \"${\" without a closing '}'");
      goto fail;
    }
    const char *colon = memchr(name, ':', (size_t)(close - name));
    size_t nlen = (size_t)((colon ? colon : close) - name);
    tmpl_part part = {NULL, 0, CASE_SMART, SEP_ASIS};
    if (colon && parse_modifiers(colon + 1, (size_t)(close - colon - 1), &part.casing, &part.sep) < 0) {
      tl_buf_printf(why, "template: unknown modifier in \"%.*s\" (lower, upper, title, smart, hyphen, space)",
                    (int)(close - p + 1), p);
      goto fail;
    }
    char *nm = tl_strndup(name, nlen);
    int number = nlen > 0 && nlen < 4;
    for (size_t i = 0; i < nlen; i++)
      number &= tl_ascii_digit((unsigned char)nm[i]);
    int group = number ? atoi(nm) : pcre2_substring_number_from_name(code, (PCRE2_SPTR)nm);
    if (nlen == 0 || group < 0 || (uint32_t)group > ncap) {
      tl_buf_printf(why, "template: the pattern has no group \"%s\"", nm);
      free(nm);
      goto fail;
    }
    free(nm);
    part.group = (uint32_t)group;
    parts = tl_xrealloc(parts, (n + 1) * sizeof *parts);
    parts[n++] = part;
    p = close + 1;
  }
  tl_buf_free(&lit);
  *out = parts;
  *nout = n;
  return 0;
fail:
  tl_buf_free(&lit);
  free_parts(parts, n);
  return -1;
}

/* Compiles a pattern anchored (it is only ever tried where a key starts)
 * and wrapped so that its match cannot end inside a Latin word. Being part
 * of the pattern, the check lets PCRE2 back off to a shorter match that
 * ends cleanly: "deepseek v4" in "deepseek v4 flashy", rather than nothing. */
static pcre2_code *compile_pattern(const char *pattern, tl_buf *why) {
  static const char head[] = "(?:", tail[] = ")(?:(?<![A-Za-z0-9])|(?![A-Za-z0-9]))";
  tl_buf src = TL_BUF_INIT;
  put(&src, head, sizeof head - 1);
  put(&src, pattern, strlen(pattern));
  put(&src, tail, sizeof tail - 1);
  int err;
  PCRE2_SIZE off;
  pcre2_code *code =
      pcre2_compile((PCRE2_SPTR)src.data, src.len,
                    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ANCHORED | PCRE2_NEVER_BACKSLASH_C, &err, &off, NULL);
  tl_buf_free(&src);
  if (!code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    size_t plen = strlen(pattern);
    size_t at = off > sizeof head - 1 ? off - (sizeof head - 1) : 0;
    if (at > plen)
      at = plen; /* an unbalanced ')' shows up in our wrapper */
    tl_buf_printf(why, "pattern does not compile at offset %zu: %s", at, (const char *)msg);
    return NULL;
  }
  /* No JIT (an exotic platform, or memory that cannot be executable) only
   * costs speed: pcre2_match() falls back to the interpreter by itself,
   * with the same matches. Under valgrind the interpreter is chosen: the
   * JIT's code reads whole vector words past the end of the subject on
   * purpose, which memcheck reports as uninitialised reads (PCRE2 marks
   * them only when built with valgrind support, and Debian's is not). */
  if (!UNDER_VALGRIND())
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  return code;
}

/* Splits "gpt | chatgpt" into keys of rule `rule_index`, appended to
 * r->keys; on failure appends nothing. */
static int parse_keys(tl_rules *r, char *field, size_t rule_index, tl_buf *why) {
  key **keys = &r->keys;
  size_t *nkeys = &r->nkeys;
  size_t start = *nkeys;
  char *save = NULL;
  for (char *k = strtok_r(field, "|", &save); k; k = strtok_r(NULL, "|", &save)) {
    k = trim(k);
    size_t n = strlen(k);
    const char *problem = NULL;
    if (n < 2)
      problem = "is shorter than 2 bytes";
    else if (!tl_ascii_alnum((unsigned char)k[0]) && (unsigned char)k[0] < 0x80)
      problem = "does not start with a letter, digit or non-ASCII character";
    for (size_t i = 0; i < n && !problem; i++)
      if (k[i] >= 'A' && k[i] <= 'Z')
        problem = "has upper-case letters (rules run on lower-cased text)";
    if (problem) {
      tl_buf_printf(why, "key \"%s\" %s", k, problem);
      for (size_t i = start; i < *nkeys; i++)
        free((*keys)[i].text);
      *nkeys = start;
      return -1;
    }
    *keys = tl_xrealloc(*keys, (*nkeys + 1) * sizeof **keys);
    (*keys)[(*nkeys)++] = (key){tl_strndup(k, n), n, rule_index};
  }
  if (*nkeys == start) {
    tl_buf_printf(why, "no keys: give at least one literal that every match starts with");
    return -1;
  }
  return 0;
}

static int key_cmp(const void *a, const void *b) {
  const key *x = a, *y = b;
  unsigned char cx = (unsigned char)x->text[0], cy = (unsigned char)y->text[0];
  if (cx != cy)
    return cx < cy ? -1 : 1;
  if (x->rule != y->rule)
    return x->rule < y->rule ? -1 : 1;
  return strcmp(x->text, y->text);
}

/* Hashes three bytes to 16 bits for the `starts` bitmap. */
static unsigned hash3(unsigned b0, unsigned b1, unsigned b2) { return ((b0 | b1 << 8 | b2 << 16) * 0x9E3779B1u) >> 16; }

static int test_bit(const uint8_t *bits, unsigned b) { return bits[b >> 3] & (1u << (b & 7)); }
static void set_bit(uint8_t *bits, unsigned b) { bits[b >> 3] |= (uint8_t)(1u << (b & 7)); }

/* Rebuilds the key index after a load: keys grouped by first byte, the
 * `pairs` and `starts` bitmaps of their first two and three bytes (the
 * closer look, may_start()), and the filter `near` for the walk. Three
 * bytes for `starts`, because many Chinese characters share their first
 * two bytes with a key's (万 with 不 上 中); a key of two bytes is entered
 * with every possible next byte. */
static void index_keys(tl_rules *r) {
  if (r->nkeys)
    qsort(r->keys, r->nkeys, sizeof *r->keys, key_cmp);
  memset(r->first, 0, sizeof r->first);
  tl_pairfilter_init(&r->near);
  memset(r->pairs, 0, sizeof r->pairs);
  memset(r->starts, 0, sizeof r->starts);
  for (size_t i = 0; i < r->nkeys; i++) {
    const unsigned char *k = (const unsigned char *)r->keys[i].text;
    size_t len = r->keys[i].len;
    r->first[k[0] + 1]++;
    tl_pairfilter_add(&r->near, k, len, TL_PAIRFILTER_WORD);
    set_bit(r->pairs, (unsigned)k[0] | (unsigned)k[1] << 8);
    if (len > 2) {
      set_bit(r->starts, hash3(k[0], k[1], k[2]));
    } else {
      for (unsigned b2 = 0; b2 < 256; b2++)
        set_bit(r->starts, hash3(k[0], k[1], b2));
    }
  }
  for (size_t b = 1; b <= 256; b++)
    r->first[b] += r->first[b - 1];
}

/* "@spell VL TTS 4o mini": the whole line is checked before any word is
 * taken, so a bad line changes nothing. */
static int load_spell(tl_rules *r, char *words, const char *path, long lineno) {
  int n = 0;
  for (char *w = words; *w;) {
    while (*w == ' ' || *w == '\t')
      w++;
    size_t len = strcspn(w, " \t");
    if (len == 0)
      break;
    for (size_t i = 0; i < len; i++)
      if (!tl_ascii_alnum((unsigned char)w[i])) {
        tl_diag(path, lineno, "@spell: \"%.*s\" is not one word of ASCII letters and digits", (int)len, w);
        return -1;
      }
    if (len >= 64) {
      tl_diag(path, lineno, "@spell: \"%.*s\" is too long", (int)len, w);
      return -1;
    }
    n++;
    w += len;
  }
  if (n == 0) {
    tl_diag(path, lineno, "@spell without words");
    return -1;
  }
  for (char *w = words; *w;) {
    while (*w == ' ' || *w == '\t')
      w++;
    size_t len = strcspn(w, " \t");
    if (len)
      add_spelling(r, w, len);
    w += len;
  }
  return 0;
}

/* Handles one line that is neither blank nor a comment; 0 or -1 (reported). */
static int load_line(tl_rules *r, char *line, const char *path, long lineno) {
  if (strncmp(line, "@spell", 6) == 0 && (line[6] == ' ' || line[6] == '\t' || line[6] == '\0'))
    return load_spell(r, line + 6, path, lineno);
  if (line[0] == '@') {
    tl_diag(path, lineno, "unknown directive \"%.*s\" (only @spell)", (int)strcspn(line, " \t"), line);
    return -1;
  }
  char *field[5];
  char *p = line;
  for (int f = 0; f < 4; f++) {
    char *semi = strchr(p, ';');
    if (!semi) {
      tl_diag(path, lineno, "expected 5 fields separated by ';' (family ; type ; keys ; template ; pattern), found %d",
              f + 1);
      return -1;
    }
    *semi = '\0';
    field[f] = trim(p);
    p = semi + 1;
  }
  field[4] = trim(p);
  static const char *const names[5] = {"family", "type", "keys", "template", "pattern"};
  for (int f = 0; f < 5; f++)
    if (!*field[f]) {
      tl_diag(path, lineno, "empty %s", names[f]);
      return -1;
    }
  for (const char *c = field[1]; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || tl_ascii_digit((unsigned char)*c) || *c == '_' || *c == '-')) {
      tl_diag(path, lineno, "type \"%s\" is not a lower-case word", field[1]);
      return -1;
    }
  tl_buf why = TL_BUF_INIT;
  rule ru = {0};
  ru.code = compile_pattern(field[4], &why);
  if (!ru.code)
    goto bad;
  if (parse_template(field[3], ru.code, &ru.parts, &ru.nparts, &why) < 0)
    goto bad;
  if (parse_keys(r, field[2], r->nrules, &why) < 0)
    goto bad;
  uint32_t ncap = 0;
  pcre2_pattern_info(ru.code, PCRE2_INFO_CAPTURECOUNT, &ncap);
  if (ncap + 1 > r->ovector_pairs)
    r->ovector_pairs = ncap + 1;
  ru.family = tl_strdup(field[0]);
  ru.type = tl_strdup(field[1]);
  ru.file = intern_file(r, path);
  ru.line = lineno;
  r->rules = tl_xrealloc(r->rules, (r->nrules + 1) * sizeof *r->rules);
  r->rules[r->nrules++] = ru;
  return 0;
bad:
  tl_diag(path, lineno, "%s", why.data);
  tl_buf_free(&why);
  free_rule(&ru);
  return -1;
}

static int read_file(const char *path, tl_buf *out) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  char chunk[65536];
  size_t n;
  int rc = 0;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (tl_buf_add(out, chunk, n) < 0) {
      rc = -1;
      errno = ENOMEM;
      break;
    }
  if (ferror(f))
    rc = -1;
  fclose(f);
  return rc;
}

int tl_rules_load(tl_rules *r, const char *path) {
  tl_buf text = TL_BUF_INIT;
  if (read_file(path, &text) < 0) {
    tl_diag(path, 0, "cannot read rules: %s", strerror(errno));
    tl_buf_free(&text);
    return -1;
  }
  int problems = 0;
  char *p = text.data, *end = text.data + text.len;
  if (text.len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  for (long lineno = 1; p < end; lineno++) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *eol = nl ? nl : end;
    size_t n = (size_t)(eol - p);
    if (n && p[n - 1] == '\r')
      n--;
    if (memchr(p, '\0', n)) {
      tl_diag(path, lineno, "NUL byte in line");
      problems++;
    } else if (!valid_utf8((const unsigned char *)p, n)) {
      tl_diag(path, lineno, "line is not valid UTF-8");
      problems++;
    } else {
      p[n] = '\0';
      char *line = trim(p);
      if (*line && *line != '#' && load_line(r, line, path, lineno) < 0)
        problems++;
    }
    p = nl ? nl + 1 : end;
  }
  tl_buf_free(&text);
  index_keys(r);
  return problems;
}

/* ---- scanning -------------------------------------------------------- */

/* Runs one rule anchored at `at`; returns the match end, or 0. The subject
 * handed to PCRE2 ends one byte past the longest allowed match, so that the
 * cost of an attempt never depends on how much text follows, and so that
 * the end-of-word check still sees the byte after any allowed match. */
static size_t try_rule(const tl_rules *r, size_t ri, const char *text, size_t len, size_t at, pcre2_match_data *md) {
  size_t wend = len - at > TL_RULES_MAX_MATCH + 1 ? at + TL_RULES_MAX_MATCH + 1 : len;
  int rc = pcre2_match(r->rules[ri].code, (PCRE2_SPTR)text, wend, at, 0, md, r->mctx);
  if (rc <= 0)
    return 0;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  if (ov[0] != at || ov[1] <= at || ov[1] - at > TL_RULES_MAX_MATCH)
    return 0;
  return ov[1];
}

/* Whether a key may start at t[c] (c + 1 < len): a key begins with its
 * first two bytes (`pairs`), it does not continue a Latin word, and its
 * first three bytes are in `starts`. */
static inline int may_start(const tl_rules *r, const unsigned char *t, size_t len, size_t c) {
  if (!test_bit(r->pairs, (unsigned)t[c] | (unsigned)t[c + 1] << 8))
    return 0;
  if (c > 0 && tl_ascii_alnum(t[c]) && tl_ascii_alnum(t[c - 1]))
    return 0;
  return test_bit(r->starts, hash3(t[c], t[c + 1], c + 2 < len ? t[c + 2] : 0)) != 0;
}

/* Built with TL_RULES_TRY_ALL, next_candidate() tries every position, which
 * makes tl_rules_scan the plain search without the walk: the reference that
 * tests/unit/test_rules.c holds the walk to. */
#ifdef TL_RULES_TRY_ALL
#define TRY_ALL 1
#else
#define TRY_ALL 0
#endif

/* The first position from `from` on where a key may start, or `len`. The
 * scan spends most of its time here, in the filter's walk; its rare
 * positions are looked at closer by may_start(). */
static size_t next_candidate(const tl_rules *r, const unsigned char *t, size_t len, size_t from,
                             tl_pairfilter_walk *w) {
  for (size_t c = from;; c++) {
    if (!TRY_ALL)
      c = tl_pairfilter_next(&r->near, t, len, c, w);
    if (c + 1 >= len)
      return len;
    if (may_start(r, t, len, c))
      return c;
  }
}

size_t tl_rules_scan(const tl_rules *r, const char *text, size_t len, tl_rule_match **out) {
  *out = NULL;
  if (r->nkeys == 0 || len < 2)
    return 0;
  pcre2_match_data *md = pcre2_match_data_create(r->ovector_pairs, NULL);
  if (!md)
    out_of_memory();
  /* tried[rule] == position + 1: the rule already ran here under another key. */
  size_t *tried = tl_xcalloc(r->nrules, sizeof *tried);
  tl_rule_match *m = NULL;
  size_t n = 0, cap = 0;
  const unsigned char *t = (const unsigned char *)text;
  size_t i = 0;
  tl_pairfilter_walk w = TL_PAIRFILTER_WALK_INIT;
  while ((i = next_candidate(r, t, len, i, &w)) < len) {
    unsigned char c = t[i]; /* not inside a Latin word: next_candidate() saw to that */
    size_t best_end = 0, best_rule = 0, last_rule = SIZE_MAX;
    for (size_t k = r->first[c]; k < r->first[c + 1]; k++) {
      const key *ky = &r->keys[k];
      if ((unsigned char)ky->text[1] != t[i + 1] || ky->len > len - i || memcmp(ky->text, text + i, ky->len) != 0 ||
          tried[ky->rule] == i + 1)
        continue;
      tried[ky->rule] = i + 1;
      size_t end = try_rule(r, ky->rule, text, len, i, md);
      last_rule = ky->rule;
      if (end > best_end || (end && end == best_end && ky->rule < best_rule))
        best_end = end, best_rule = ky->rule;
    }
    if (!best_end) {
      i++;
      continue;
    }
    /* The winner's captures are needed for the canonical form: run it
     * again unless it ran last (another rule may have overwritten the
     * match data since). */
    if (last_rule != best_rule)
      try_rule(r, best_rule, text, len, i, md);
    m = tl_xgrow(m, &cap, n + 1, sizeof *m);
    m[n].start = i;
    m[n].end = best_end;
    m[n].rule = best_rule;
    m[n].canonical = expand(r, &r->rules[best_rule], text, pcre2_get_ovector_pointer(md));
    n++;
    i = best_end;
  }
  free(tried);
  pcre2_match_data_free(md);
  *out = m;
  return n;
}

void tl_rule_matches_free(tl_rule_match *m, size_t n) {
  if (!m)
    return;
  for (size_t i = 0; i < n; i++)
    free(m[i].canonical);
  free(m);
}

char *tl_rules_canonical(const tl_rules *r, size_t i, const char *text, size_t len) {
  if (i >= r->nrules)
    return NULL;
  pcre2_match_data *md = pcre2_match_data_create(r->ovector_pairs, NULL);
  if (!md)
    out_of_memory();
  char *c = NULL;
  if (len > 0 && try_rule(r, i, text, len, 0, md) == len)
    c = expand(r, &r->rules[i], text, pcre2_get_ovector_pointer(md));
  pcre2_match_data_free(md);
  return c;
}
