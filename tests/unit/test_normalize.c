#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "normalize.h"
#include "testutil.h"

/* Checks what must hold for every normalized text: valid UTF-8 without NUL,
 * the origin of len is the source length, origins never decrease, every
 * origin is the first byte of a source character, all bytes of one
 * normalized character share their origin, and the anchors are sorted,
 * start at 0, sit on character starts and are each needed (the copy from
 * the one before would not give its origin). */
static void check_invariants(const char *src, size_t len, const tl_normtext *nt) {
  assert_non_null(nt->text);
  assert_int_equal(nt->text[nt->len], '\0');
  assert_int_equal(strlen(nt->text), nt->len);
  assert_int_equal(tl_normtext_origin(nt, nt->len), len);
  const utf8proc_uint8_t *t = (const utf8proc_uint8_t *)nt->text;
  size_t i = 0;
  while (i < nt->len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(t + i, (utf8proc_ssize_t)(nt->len - i), &cp);
    assert_true(k > 0);
    for (utf8proc_ssize_t j = 1; j < k; j++)
      assert_int_equal(tl_normtext_origin(nt, i + (size_t)j), tl_normtext_origin(nt, i));
    assert_true(tl_normtext_origin(nt, i) < len);
    assert_true(((unsigned char)src[tl_normtext_origin(nt, i)] & 0xC0) != 0x80 || cp == 0xFFFD);
    if (i > 0)
      assert_true(tl_normtext_origin(nt, i) >= tl_normtext_origin(nt, i - 1));
    i += (size_t)k;
  }
  for (size_t k = 0; k < nt->n_anchors; k++) {
    const tl_norm_anchor *a = &nt->anchors[k];
    assert_true(a->at < nt->len);
    assert_true((t[a->at] & 0xC0) != 0x80);
    if (k == 0) {
      assert_int_equal(a->at, 0);
    } else {
      const tl_norm_anchor *b = &nt->anchors[k - 1];
      assert_true(a->at > b->at);
      assert_true(a->src != b->src + (a->at - b->at));
    }
  }
  assert_true(nt->len == 0 || nt->n_anchors > 0);
}

/* Normalizes `src` (a C string) and checks the result and its invariants. */
static void expect_opts(const char *src, unsigned flags, const char *want) {
  tl_normtext nt;
  assert_int_equal(tl_normalize_opts(src, strlen(src), flags, &nt), 0);
  assert_string_equal(nt.text, want);
  check_invariants(src, strlen(src), &nt);
  tl_normtext_free(&nt);
}

static void expect(const char *src, const char *want) { expect_opts(src, 0, want); }

/* The source bytes behind the first occurrence of `needle` in the
 * normalized text of `src`. */
static char *source_of(const char *src, const char *needle) {
  tl_normtext nt;
  assert_int_equal(tl_normalize(src, strlen(src), &nt), 0);
  const char *hit = strstr(nt.text, needle);
  assert_non_null(hit);
  size_t s = (size_t)(hit - nt.text), e = s + strlen(needle);
  char *r = strndup(src + tl_normtext_origin(&nt, s), tl_normtext_origin(&nt, e) - tl_normtext_origin(&nt, s));
  tl_normtext_free(&nt);
  return r;
}

static void expect_source(const char *src, const char *needle, const char *want) {
  char *got = source_of(src, needle);
  assert_string_equal(got, want);
  free(got);
}

static void ascii_folds_case_and_maps_one_to_one(void **state) {
  (void)state;
  const char *src = "OpenAI, NVIDIA & Meta-3.1";
  tl_normtext nt;
  assert_int_equal(tl_normalize(src, strlen(src), &nt), 0);
  assert_string_equal(nt.text, "openai, nvidia & meta-3.1");
  for (size_t i = 0; i <= nt.len; i++)
    assert_int_equal(tl_normtext_origin(&nt, i), i);
  tl_normtext_free(&nt);
  expect_opts(src, TL_NORM_KEEP_CASE, src);
}

/* Text that is only copied needs one anchor, whatever its length; each
 * change of length (folded white space, syntax, full-width letters) adds
 * one. */
static void origins_are_anchors_where_lengths_change(void **state) {
  (void)state;
  const char *plain = "OpenAI 与英伟达合作。New chips.\nMore text 更多";
  tl_normtext nt;
  assert_int_equal(tl_normalize(plain, strlen(plain), &nt), 0);
  assert_int_equal(nt.n_anchors, 1);
  for (size_t i = 0; i <= nt.len; i++)
    assert_true(tl_normtext_origin(&nt, i) == i || ((unsigned char)nt.text[i] & 0xC0) == 0x80);
  tl_normtext_free(&nt);
  /* "a  **b** Ｃ" -> "a b c": a from 0, the space from 1 (the run "  **"),
   * b from 5, the space from 6 (the run "** "), c from 9 (3 bytes) */
  const char *mixed = "a  **b** \xef\xbc\xa3";
  assert_int_equal(tl_normalize(mixed, strlen(mixed), &nt), 0);
  assert_string_equal(nt.text, "a b c");
  size_t want[] = {0, 1, 5, 6, 9, 12};
  for (size_t i = 0; i <= nt.len; i++)
    assert_int_equal(tl_normtext_origin(&nt, i), want[i]);
  assert_int_equal(nt.n_anchors, 3); /* at a, b and c: the spaces follow from the copy */
  check_invariants(mixed, strlen(mixed), &nt);
  tl_normtext_free(&nt);
}

static void empty_input(void **state) {
  (void)state;
  tl_normtext nt;
  assert_int_equal(tl_normalize("", 0, &nt), 0);
  assert_string_equal(nt.text, "");
  assert_int_equal(nt.len, 0);
  assert_int_equal(tl_normtext_origin(&nt, 0), 0);
  tl_normtext_free(&nt);
  tl_normtext_free(&nt); /* twice is harmless */
  tl_normtext_free(NULL);
}

static void nfkc_full_width(void **state) {
  (void)state;
  expect("ＯｐｅｎＡＩ", "openai");
  expect_opts("ＯｐｅｎＡＩ", TL_NORM_KEEP_CASE, "OpenAI");
  expect("５０億美元", "50億美元");
  expect("ｎｖｉｄｉａ，英伟达", "nvidia,英伟达");
  /* Each ASCII letter maps back to its 3-byte full-width original. */
  tl_normtext nt;
  assert_int_equal(tl_normalize("ＡＢ", 6, &nt), 0);
  assert_int_equal(nt.len, 2);
  assert_int_equal(tl_normtext_origin(&nt, 0), 0);
  assert_int_equal(tl_normtext_origin(&nt, 1), 3);
  assert_int_equal(tl_normtext_origin(&nt, 2), 6);
  tl_normtext_free(&nt);
  /* Other compatibility forms: ligatures, circled digits, squared words. */
  expect("\xef\xac\x81nance", "finance");           /* U+FB01 LATIN SMALL LIGATURE FI */
  expect("\xe2\x91\xa0", "1");                      /* U+2460 CIRCLED DIGIT ONE */
  expect("\xe3\x8e\x8f", "kg");                     /* U+338F SQUARE KG */
  expect("Stra\xc3\x9f" "e", "strasse");            /* full case folding: ß -> ss */
  expect("\xe1\xba\x9e", "ss");                     /* U+1E9E CAPITAL SHARP S */
}

static void nfkc_kangxi_and_compatibility_ideographs(void **state) {
  (void)state;
  expect("\xe2\xbd\x87\xe6\x9c\xac", "日本");    /* U+2F47 KANGXI RADICAL SUN + 本 */
  expect("\xe2\xbc\x80\xe2\xbc\x88", "一人");    /* U+2F00, U+2F08 */
  expect("\xef\xa4\x80", "\xe8\xb1\x88");        /* U+F900 -> U+8C48 */
  expect_source("英\xe2\xbd\x87达", "日", "\xe2\xbd\x87");
}

static void zero_width_characters_vanish(void **state) {
  (void)state;
  expect("英伟\xe2\x80\x8d达", "英伟达");          /* ZWJ */
  expect("Open\xe2\x80\x8b" "AI", "openai");       /* ZWSP */
  expect("Open\xe2\x80\x8c" "AI", "openai");       /* ZWNJ */
  expect("\xef\xbb\xbfOpenAI", "openai");          /* BOM */
  expect("Nvi\xc2\xad" "dia", "nvidia");           /* soft hyphen */
  expect("\xe2\x9c\xa8\xef\xb8\x8f", "\xe2\x9c\xa8"); /* variation selector */
  expect_source("英伟\xe2\x80\x8d达", "英伟达", "英伟\xe2\x80\x8d达");
}

static void crlf_and_white_space_fold(void **state) {
  (void)state;
  expect("OpenAI\r\nGPT", "openai gpt");
  expect("a \t\r\n\r\n  b", "a b");
  expect("a\rb", "a b");
  expect("a\xe3\x80\x80" "b", "a b");   /* U+3000 IDEOGRAPHIC SPACE */
  expect("a\xc2\xa0\xc2\xa0" "b", "a b"); /* NBSP */
  expect("a\xe2\x80\xa8" "b", "a b");   /* LINE SEPARATOR */
  expect("  lead and trail  ", " lead and trail ");
  /* The space maps to the first byte of the run it replaced. */
  tl_normtext nt;
  assert_int_equal(tl_normalize("ab \r\n cd", 8, &nt), 0);
  assert_string_equal(nt.text, "ab cd");
  assert_int_equal(tl_normtext_origin(&nt, 2), 2);
  assert_int_equal(tl_normtext_origin(&nt, 3), 6);
  tl_normtext_free(&nt);
}

static void name_split_by_a_line_break(void **state) {
  (void)state;
  expect("英伟\n达", "英伟达");
  expect("英伟\r\n达", "英伟达");
  expect("英伟 \n    达", "英伟达"); /* list continuation indent */
  expect("英伟\n\n达", "英伟 达");  /* a paragraph break is not a line break */
  expect("英伟 达", "英伟 达");     /* a written space stays */
  expect("Open\nAI", "open ai");
  expect("Sam\n  Altman", "sam altman");
  expect("英伟\nNVIDIA", "英伟 nvidia");
  expect("英伟\n**达**", "英伟 达 "); /* syntax keeps them apart */
  expect_source("黄仁勋说英伟\n达很好", "英伟达", "英伟\n达");
}

static void markdown_emphasis_and_links(void **state) {
  (void)state;
  expect("**OpenAI**公司", " openai 公司");
  expect("__OpenAI__ and *Meta*", " openai and meta ");
  expect("`Qwen3` ~~old~~ 10~20亿", " qwen3 old 10~20亿");
  expect("gpt_oss and snake_case", "gpt_oss and snake_case");
  expect("[英伟达](https://www.nvidia.com/a_(b)) 发布", " 英伟达 发布");
  expect("[**Title**](https://x.com \"Meta title\")", " title ");
  expect("[OpenAI][openai-ref] x", " openai x");
  expect("- **[产品]** [Sora](url) - note", "- 产品 sora - note");
  expect("![英伟达 logo](img/nvidia.png)", "! 英伟达 logo ");
  expect("[not a link] (x)", " not a link (x)");
  expect_source("**OpenAI**公司", "openai", "OpenAI");
}

static void urls_and_html_are_separators(void **state) {
  (void)state;
  expect("see https://openai.com/blog/meta-ai.", "see .");
  expect("(https://en.wikipedia.org/wiki/Meta_(company))", "( )");
  expect("(https://meta.com)", "( )");
  expect("at www.nvidia.com, or HTTP://NVIDIA.COM", "at , or ");
  expect("详见https://x.com/nvidia，英伟达", "详见 ,英伟达");
  expect("<https://meta.com> <team@meta.com>", " ");
  expect("阿里<br/>巴巴", "阿里 巴巴");
  expect("<div align='center'>\n<img src=\"a.png\" alt=\"Meta\">OpenAI</div>", " openai ");
  expect("x<!-- Meta -->y", "x y");
  expect("a < b, <5%, <Claude 3.5>, 1<2>0", "a < b, <5%, <claude 3.5>, 1<2>0");
  expect("metadata www", "metadata www");
  expect("ahttps://x.com", "ahttps://x.com");
  expect_opts("**x** https://a.b <br>", TL_NORM_PLAIN, "**x** https://a.b <br>");
}

static void combining_marks_compose(void **state) {
  (void)state;
  expect("Cafe\xcc\x81", "caf\xc3\xa9");                        /* e + U+0301 -> é */
  expect_opts("CAFE\xcc\x81", TL_NORM_KEEP_CASE, "CAF\xc3\x89"); /* É */
  /* Marks are put in canonical order before composing: e + acute + dot
   * below reads ẹ́ (U+1EB9 U+0301). */
  expect("e\xcc\x81\xcc\xa3", "\xe1\xba\xb9\xcc\x81");
  expect("\xc3\xa9\xcc\xa3", "\xe1\xba\xb9\xcc\x81");
  /* Hangul jamo compose into a syllable. */
  expect("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", "\xea\xb0\x81"); /* ᄀ ᅡ ᆨ -> 각 */
  /* The composed character maps to its base letter. */
  tl_normtext nt;
  assert_int_equal(tl_normalize("xe\xcc\x81y", 5, &nt), 0);
  assert_string_equal(nt.text, "x\xc3\xa9y");
  assert_int_equal(tl_normtext_origin(&nt, 1), 1);
  assert_int_equal(tl_normtext_origin(&nt, 2), 1);
  assert_int_equal(tl_normtext_origin(&nt, 3), 4);
  tl_normtext_free(&nt);
  /* A pile of marks does not crash or go quadratic. */
  char buf[4096] = "a";
  for (size_t i = 1; i + 2 < sizeof buf; i += 2)
    memcpy(buf + i, "\xcc\x81", 2);
  assert_int_equal(tl_normalize(buf, strlen(buf), &nt), 0);
  check_invariants(buf, strlen(buf), &nt);
  tl_normtext_free(&nt);
}

static void invalid_utf8_and_controls(void **state) {
  (void)state;
  expect("a\xff" "b", "a\xef\xbf\xbd" "b");
  expect("\xe4\xb8", "\xef\xbf\xbd\xef\xbf\xbd");   /* truncated character */
  expect("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");   /* overlong '/' */
  expect("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
  expect("a\x01\x7f" "b", "a b");
  /* NUL bytes in the middle of text become a separator. */
  const char src[] = "Open\0AI";
  tl_normtext nt;
  assert_int_equal(tl_normalize(src, 7, &nt), 0);
  assert_string_equal(nt.text, "open ai");
  assert_int_equal(nt.len, 7);
  check_invariants(src, 7, &nt);
  tl_normtext_free(&nt);
}

/* A word of ASCII letters and digits skips the normalizer in
 * tl_normalize_string_opts(): it must give what the normalizer gives, with
 * every option, including words that begin like URLs. */
static void ascii_words_take_the_short_way(void **state) {
  (void)state;
  const char *words[] = {"VibeSDK", "LLM8850", "www", "http", "https", "Www2", "H", "w", "", "abc123XYZ", "GPT5"};
  const unsigned options[] = {0, TL_NORM_KEEP_CASE, TL_NORM_PLAIN, TL_NORM_KEEP_CASE | TL_NORM_PLAIN};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    for (size_t k = 0; k < sizeof options / sizeof *options; k++) {
      size_t len = strlen(words[i]);
      tl_normtext nt;
      assert_int_equal(tl_normalize_opts(words[i], len, options[k], &nt), 0);
      char *quick = tl_normalize_string_opts(words[i], len, options[k]);
      assert_non_null(quick);
      assert_string_equal(quick, nt.text);
      free(quick);
      tl_normtext_free(&nt);
    }
}

/* The fast path copies a lone space or line break between two pieces of
 * plain text itself; everything else about separators is the general
 * path's. Both must agree on where the line is drawn. */
static void lone_separators_in_the_fast_path(void **state) {
  (void)state;
  expect("a b", "a b");
  expect("中 a", "中 a");
  expect("a 中", "a 中");
  expect("中 文", "中 文");
  expect("中\n文", "中文");     /* the general path: CJK on both sides */
  expect("a\n中", "a 中");
  expect("中\na", "中 a");
  expect("Ab\nCd", "ab cd");
  expect("a\n\nb", "a b");
  expect("a \nb", "a b");
  expect("a\n b", "a b");
  expect("中 ，", "中 ,");       /* full-width after a space */
  expect("a ＡＢ", "a ab");
  expect("x https://a.b/c y", "x y"); /* the URL's separator joins the space */
  expect("see\nhttps://a.b/c", "see ");
  expect("x www.a.b y", "x y");
  expect("word\n**b**", "word b ");
  expect("a *b*", "a b ");
  expect_opts("a *b*", TL_NORM_PLAIN, "a *b*");
  expect_opts("x https://a.b", TL_NORM_PLAIN, "x https://a.b");
  expect("how web", "how web");  /* h and w inside words are letters */
  expect("中 \xe2\x80\x8b文", "中 文"); /* a space before a vanishing character */
  /* The space points at itself, in both paths. */
  tl_normtext nt;
  assert_int_equal(tl_normalize("ab 中\ncd  e", strlen("ab 中\ncd  e"), &nt), 0);
  assert_string_equal(nt.text, "ab 中 cd e");
  assert_int_equal(tl_normtext_origin(&nt, 2), 2);
  assert_int_equal(tl_normtext_origin(&nt, 3), 3);
  assert_int_equal(tl_normtext_origin(&nt, 6), 6);
  assert_int_equal(tl_normtext_origin(&nt, 7), 7);
  assert_int_equal(tl_normtext_origin(&nt, 9), 9);
  assert_int_equal(tl_normtext_origin(&nt, 10), 11);
  tl_normtext_free(&nt);
}

static void normalize_string_trims(void **state) {
  (void)state;
  char *s = tl_normalize_string("  **ＧＰＴ-5**\n");
  assert_string_equal(s, "gpt-5");
  free(s);
  s = tl_normalize_string("\xe3\x80\x80 Sam \r\n Altman ");
  assert_string_equal(s, "sam altman");
  free(s);
  s = tl_normalize_string_opts("Q*", 2, TL_NORM_PLAIN | TL_NORM_KEEP_CASE);
  assert_string_equal(s, "Q*");
  free(s);
  s = tl_normalize_string("\xe2\x80\x8b");
  assert_string_equal(s, "");
  free(s);
}

/* Pseudo-random but reproducible. */
static uint64_t rng = 12345;
static uint32_t next_rand(void) { return (uint32_t)tu_xorshift64(&rng); }

/* Letters, marks and compatibility characters, but no white space and no
 * syntax: for these, normalization must equal utf8proc's own NFKC with
 * case folding. */
static const char *const letters[] = {
    "a", "E", "z", "7", "-", ".", "英", "伟", "ｅ", "Ｅ", "\xe2\xbd\x87", "\xef\xa4\x80",
    "\xcc\x81", "\xcc\xa3", "\xcc\x88", "\xcd\x85", "\xe3\x82\x99", "\xc3\xa9", "\xc3\x85",
    "\xe1\xba\xb9", "\xce\x86", "\xce\xb9", "\xe1\x84\x80", "\xe1\x85\xa1", "\xe1\x86\xa8",
    "\xea\xb0\x80", "\xe3\x81\x8b", "\xef\xac\x81", "\xc3\x9f", "\xc4\xb0", "\xe2\x80\x8d",
    "\xe2\x84\xab", "\xe2\x84\xa6", "\xe3\x8e\x8f", "\xef\xbd\xb6", "\xef\xbe\x9e", "\xe0\xad\x87",
    "\xe0\xac\xbe", "\xd8\xa7", "\xd9\x93", "\xf0\x9f\x98\x80", "\xe2\x91\xa0", "\xc2\xb5",
    "\xe3\x80\x81", "\xe3\x80\x82", "\xe3\x80\x88", "\xe3\x80\x8c", "\xe3\x80\x91", "\xe3\x80\x92",
    "\xef\xbc\x8c", "\xef\xbc\x81", "\xef\xbd\x9e", "\xef\xbd\x9f", "\xef\xbc\xa1",
    "\xef\xbd\x81", "\xe4\xb8\x80", "\xe4\xb7\xbf", "\xe9\xbf\xbf", "\xe3\x90\x80",
};

static void matches_utf8proc_nfkc_casefold(void **state) {
  (void)state;
  char src[256];
  for (int round = 0; round < 20000; round++) {
    size_t len = 0;
    int parts = 1 + (int)(next_rand() % 10);
    for (int p = 0; p < parts; p++) {
      const char *piece = letters[next_rand() % (sizeof letters / sizeof *letters)];
      memcpy(src + len, piece, strlen(piece));
      len += strlen(piece);
    }
    src[len] = '\0';
    utf8proc_uint8_t *want = NULL;
    utf8proc_map((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)len, &want,
                 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                     UTF8PROC_IGNORE);
    tl_normtext nt;
    assert_int_equal(tl_normalize(src, len, &nt), 0);
    if (strcmp(nt.text, (const char *)want) != 0)
      fail_msg("round %d: '%s' normalized to '%s', utf8proc says '%s'", round, src, nt.text,
               (const char *)want);
    check_invariants(src, len, &nt);
    tl_normtext_free(&nt);
    free(want);
  }
}

/* Everything at once, including syntax, white space and broken bytes: the
 * invariants must hold for any input. */
static const char *const pieces[] = {
    "a", "Z", " ", "\n", "\r\n", "\t", "**", "*", "_", "__", "`", "~~", "[", "]", "](", ")", "(",
    "<", ">", "<br/>", "<div a='x'>", "https://", "www.", "x.com", "英", "伟", "达", "，", "ｅ",
    "\xe2\xbd\x87", "\xcc\x81", "\xe2\x80\x8d", "\xef\xbb\xbf", "\xff", "\xe4\xb8", "\x00", "\xe3\x80\x80",
    "<!--", "-->", "\"", "'", "=", "\xc2\x85", "\xe1\x85\xa1",
};

static void invariants_hold_on_random_input(void **state) {
  (void)state;
  char src[512];
  for (int round = 0; round < 20000; round++) {
    size_t len = 0;
    int parts = 1 + (int)(next_rand() % 30);
    for (int p = 0; p < parts; p++) {
      size_t k = next_rand() % (sizeof pieces / sizeof *pieces);
      size_t n = pieces[k][0] ? strlen(pieces[k]) : 1; /* "\x00" is one NUL byte */
      memcpy(src + len, pieces[k], n);
      len += n;
    }
    for (unsigned flags = 0; flags < 4; flags++) {
      tl_normtext nt;
      assert_int_equal(tl_normalize_opts(src, len, flags, &nt), 0);
      check_invariants(src, len, &nt);
      tl_normtext_free(&nt);
    }
  }
}

/* The general path of tl_normalize_string_opts(), written out: normalize,
 * then drop the spaces at either end. The caller frees. */
static char *general_string(const char *src, size_t len, unsigned flags) {
  tl_normtext nt;
  assert_int_equal(tl_normalize_opts(src, len, flags, &nt), 0);
  size_t a = 0, b = nt.len;
  while (a < b && nt.text[a] == ' ')
    a++;
  while (b > a && nt.text[b - 1] == ' ')
    b--;
  char *s = malloc(b - a + 1);
  memcpy(s, nt.text + a, b - a);
  s[b - a] = '\0';
  tl_normtext_free(&nt);
  return s;
}

/* Names, and ASCII that must send tl_normalize_ascii() to the general path
 * (syntax, URLs, a non-ASCII letter), or that it takes although it looks
 * close (`h`, `w`, `www`, `http:` without `//`, a lone `~` in plain mode). */
static const char *const ascii_pieces[] = {
    "a", "Z", "Vibe", "SDK", "ToMoviee", "AI", "7", "-", ".", "+", "&", "'", "/", ":", "(", ")", "#",
    "@", ",", "!", "?", "=", "\"", "$", "%", ";", "{", "}", "|", "\\", "^", ">", " ", "  ", "\n", "\r\n",
    "\t", "\x01", "\x7f", "\x00", "h", "H", "w", "W", "www", "www.", "WWW.x", "http", "http:", "http://",
    "https://a", "hTTps://", "*", "**", "_", "__", "~", "~~", "`", "[", "]", "](", "][", "<", "<b>",
    "a_b", "\xc3\xa9", "\xe4\xb8\xad", "\xef\xbc\xa1", "\xff",
};

/* The fast path must give exactly the general path's result, or refuse. */
static void ascii_fast_path_matches_the_general_path(void **state) {
  (void)state;
  char src[256], fast[256];
  size_t taken[4] = {0};
  for (int round = 0; round < 40000; round++) {
    size_t len = 0;
    int parts = 1 + (int)(next_rand() % 12);
    for (int p = 0; p < parts; p++) {
      /* Mostly name-like pieces, so that the fast path often applies. */
      size_t k = next_rand() % (round % 2 ? 40 : sizeof ascii_pieces / sizeof *ascii_pieces);
      size_t n = ascii_pieces[k][0] ? strlen(ascii_pieces[k]) : 1; /* "\x00" is one NUL */
      memcpy(src + len, ascii_pieces[k], n);
      len += n;
    }
    for (unsigned flags = 0; flags < 4; flags++) {
      char *want = general_string(src, len, flags);
      size_t got = tl_normalize_ascii(src, len, flags, fast, sizeof fast);
      if (got != SIZE_MAX) {
        taken[flags]++;
        if (got != strlen(want) || memcmp(fast, want, got + 1) != 0)
          fail_msg("round %d, flags %u: fast '%s', general '%s'", round, flags, fast, want);
        if (!(flags & TL_NORM_PLAIN)) { /* then the plain result is the same */
          char *plain = general_string(src, len, flags | TL_NORM_PLAIN);
          assert_string_equal(plain, want);
          free(plain);
        }
      }
      char *str = tl_normalize_string_opts(src, len, flags);
      assert_string_equal(str, want);
      free(str);
      free(want);
    }
  }
  for (unsigned flags = 0; flags < 4; flags++)
    assert_true(taken[flags] > 10000);

  /* Too small a buffer, and what most names are. */
  assert_int_equal(tl_normalize_ascii("VibeSDK", 7, 0, fast, 7), SIZE_MAX);
  assert_int_equal(tl_normalize_ascii("VibeSDK", 7, 0, fast, 8), 7);
  assert_string_equal(fast, "vibesdk");
  assert_int_equal(tl_normalize_ascii(" ToMoviee \n AI ", 15, 0, fast, sizeof fast), 11);
  assert_string_equal(fast, "tomoviee ai");
  assert_int_equal(tl_normalize_ascii("GPT-5.1+", 8, TL_NORM_KEEP_CASE, fast, sizeof fast), 8);
  assert_string_equal(fast, "GPT-5.1+");
  assert_int_equal(tl_normalize_ascii("see www.x.ai", 12, 0, fast, sizeof fast), SIZE_MAX);
  assert_int_equal(tl_normalize_ascii("see www.x.ai", 12, TL_NORM_PLAIN, fast, sizeof fast), 12);
  assert_int_equal(tl_normalize_ascii("Q*", 2, 0, fast, sizeof fast), SIZE_MAX);
  assert_int_equal(tl_normalize_ascii("\xe8\x8b\xb1", 3, TL_NORM_PLAIN, fast, sizeof fast), SIZE_MAX);
}

/* Text made of nothing but unclosed syntax must not make normalization
 * quadratic (each of these took seconds per MiB before it was bounded). */
static void unclosed_syntax_stays_linear(void **state) {
  (void)state;
  static const char *const patterns[] = {"<!--", "](", "](((", "<a x=\"", "[x][", "<?", "<!D", "<https:/"};
  size_t len = 256 * 1024;
  char *src = malloc(len);
  for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
    size_t pl = strlen(patterns[p]);
    for (size_t i = 0; i < len; i++)
      src[i] = patterns[p][i % pl];
    tl_normtext nt;
    assert_int_equal(tl_normalize(src, len, &nt), 0);
    check_invariants(src, len, &nt);
    tl_normtext_free(&nt);
  }
  free(src);
}

static void a_realistic_digest_fragment(void **state) {
  (void)state;
  const char *src = "1.  [**阿里云发布Qwen3-VL**](https://example.com/a?b=1)\r\n"
                    "    据报道，**英伟达**（NVIDIA）与ＯｐｅｎＡＩ合作<br/>![图](x.png)\r\n"
                    "    黄仁勋表示：“英伟\r\n    达将投资1000亿美元。”";
  tl_normtext nt;
  assert_int_equal(tl_normalize(src, strlen(src), &nt), 0);
  assert_string_equal(nt.text, "1. 阿里云发布qwen3-vl 据报道, 英伟达 (nvidia)与openai合作 ! 图 "
                               "黄仁勋表示:“英伟达将投资1000亿美元。”");
  check_invariants(src, strlen(src), &nt);
  tl_normtext_free(&nt);
  expect_source(src, "qwen3-vl", "Qwen3-VL");
  expect_source(src, "openai", "ＯｐｅｎＡＩ");
  expect_source(src, "英伟达将", "英伟\r\n    达将");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ascii_folds_case_and_maps_one_to_one),
      cmocka_unit_test(empty_input),
      cmocka_unit_test(origins_are_anchors_where_lengths_change),
      cmocka_unit_test(nfkc_full_width),
      cmocka_unit_test(nfkc_kangxi_and_compatibility_ideographs),
      cmocka_unit_test(zero_width_characters_vanish),
      cmocka_unit_test(crlf_and_white_space_fold),
      cmocka_unit_test(name_split_by_a_line_break),
      cmocka_unit_test(markdown_emphasis_and_links),
      cmocka_unit_test(urls_and_html_are_separators),
      cmocka_unit_test(combining_marks_compose),
      cmocka_unit_test(invalid_utf8_and_controls),
      cmocka_unit_test(ascii_words_take_the_short_way),
      cmocka_unit_test(lone_separators_in_the_fast_path),
      cmocka_unit_test(normalize_string_trims),
      cmocka_unit_test(matches_utf8proc_nfkc_casefold),
      cmocka_unit_test(invariants_hold_on_random_input),
      cmocka_unit_test(ascii_fast_path_matches_the_general_path),
      cmocka_unit_test(unclosed_syntax_stays_linear),
      cmocka_unit_test(a_realistic_digest_fragment),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
