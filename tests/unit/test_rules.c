#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "dict.h"
#include "rules.h"
#include "testutil.h"

#include "../rules_reference.h" /* ref_rules_*: the scanner trying every position, without its walk */

/* Paths come from ctest's environment; the defaults let the program run by
 * hand from the top of the checkout. */
static void path_of(char *out, size_t n, const char *env, const char *fallback, const char *rel) {
  const char *dir = getenv(env);
  snprintf(out, n, "%s/%s", dir ? dir : fallback, rel);
}

/* Diagnostics captured by a test. Static, and released by teardown(), so a
 * failed assertion cannot leave tl_diag writing into a dead stack frame. */
static tl_buf captured = TL_BUF_INIT;

static void capture(void) {
  tl_buf_reset(&captured);
  tl_diag_capture(&captured);
}

static int teardown(void **state) {
  (void)state;
  tl_diag_capture(NULL);
  tl_buf_free(&captured);
  return 0;
}

static tl_rules *load_fixture(const char *name, int want_problems) {
  char path[1024];
  path_of(path, sizeof path, "TL_FIXTURES", "tests/fixtures", name);
  tl_rules *r = tl_rules_new();
  assert_int_equal(tl_rules_load(r, path), want_problems);
  return r;
}

static tl_rules *load_shipped(void) {
  char path[1024];
  path_of(path, sizeof path, "TL_SOURCE_DIR", ".", "dictionaries/rules.txt");
  tl_rules *r = tl_rules_new();
  capture();
  int problems = tl_rules_load(r, path);
  tl_diag_capture(NULL);
  if (problems != 0)
    fprintf(stderr, "%s", captured.data);
  assert_int_equal(problems, 0);
  return r;
}

/* Scans `text` and writes "canonical@start-end" for each match, space
 * separated, so a whole result compares in one assertion. */
static void scan_summary(const tl_rules *r, const char *text, tl_buf *out) {
  tl_rule_match *m;
  size_t n = tl_rules_scan(r, text, strlen(text), &m);
  tl_buf_reset(out);
  for (size_t i = 0; i < n; i++)
    tl_buf_printf(out, "%s%s@%zu-%zu", i ? " " : "", m[i].canonical, m[i].start, m[i].end);
  tl_rule_matches_free(m, n);
}

static void expect_scan(const tl_rules *r, const char *text, const char *want) {
  tl_buf got = TL_BUF_INIT;
  scan_summary(r, text, &got);
  if (strcmp(got.data, want) != 0)
    fail_msg("scanning \"%s\"\n  got  \"%s\"\n  want \"%s\"", text, got.data, want);
  tl_buf_free(&got);
}

/* ---- loading ----------------------------------------------------------- */

static void loads_bom_crlf_and_comments(void **state) {
  (void)state;
  tl_rules *r = load_fixture("rules/crlf_bom.txt", 0);
  assert_int_equal(tl_rules_count(r), 3);
  assert_string_equal(tl_rules_family(r, 0), "Alpha");
  assert_string_equal(tl_rules_type(r, 1), "product");
  assert_string_equal(tl_rules_family(r, 2), "Gamma");
  assert_int_equal(tl_rules_line(r, 0), 5);
  assert_int_equal(tl_rules_line(r, 1), 7);
  assert_int_equal(tl_rules_line(r, 2), 8); /* the last line has no line end */
  assert_non_null(strstr(tl_rules_file(r, 2), "rules/crlf_bom.txt"));
  assert_null(tl_rules_family(r, 3));
  assert_null(tl_rules_file(r, 3));
  assert_int_equal(tl_rules_line(r, 3), 0);
  /* No '\r' left in the template; the pattern kept its ';'; @spell XL. */
  expect_scan(r, "alpha 7, beta-xy;5 and b3ta-q, gamma 3-xl.",
              "Alpha 7@0-7 Beta-XY@9-18 Beta-Q@23-29 Gamma 3 XL@31-41");
  tl_rules_free(r);
}

static void reports_every_bad_line_and_keeps_the_good(void **state) {
  (void)state;
  capture();
  tl_rules *r = load_fixture("rules/bad.txt", 10);
  tl_diag_capture(NULL);
  assert_int_equal(tl_rules_count(r), 2);
  assert_string_equal(tl_rules_family(r, 0), "Good");
  assert_string_equal(tl_rules_family(r, 1), "Last");
  const char *m = captured.data;
  /* Patterns that do not compile: file:line, the offset in the pattern as
   * written (not in the wrapped one PCRE2 saw) and PCRE2's own words. */
  assert_non_null(strstr(m, "rules/bad.txt:3: pattern does not compile at offset 10: missing closing parenthesis\n"));
  assert_non_null(
      strstr(m, "bad.txt:4: pattern does not compile at offset 11: numbers out of order in {} quantifier\n"));
  assert_non_null(strstr(m, "bad.txt:5: expected 5 fields separated by ';'"));
  assert_non_null(strstr(m, "bad.txt:6: template: the pattern has no group \"ver\""));
  assert_non_null(strstr(m, "bad.txt:7: key \"XY\" has upper-case letters"));
  assert_non_null(strstr(m, "bad.txt:8: template: unknown modifier in \"${v:shout}\""));
  assert_non_null(strstr(m, "bad.txt:9: type \"Model\" is not a lower-case word"));
  assert_non_null(strstr(m, "bad.txt:10: unknown directive \"@famly\""));
  assert_non_null(strstr(m, "bad.txt:11: @spell: \"not-a-word\""));
  assert_non_null(strstr(m, "bad.txt:12: template: '$' must start ${group} or be written $$"));
  assert_null(strstr(m, "bad.txt:2:"));
  assert_null(strstr(m, "bad.txt:13:"));
  /* The bad @spell line changed nothing, "$$" is a dollar sign. */
  expect_scan(r, "good-1 ok last-5", "Good 1@0-6 Last $5@10-16");
  tl_rules_free(r);
}

static void unreadable_file_is_minus_one_and_changes_nothing(void **state) {
  (void)state;
  tl_rules *r = load_fixture("rules/overlap.txt", 0);
  size_t before = tl_rules_count(r);
  capture();
  assert_int_equal(tl_rules_load(r, "/nonexistent/rules.txt"), -1);
  tl_diag_capture(NULL);
  assert_non_null(strstr(captured.data, "/nonexistent/rules.txt: cannot read rules"));
  assert_int_equal(tl_rules_count(r), before);
  expect_scan(r, "foo", "Foo@0-3");
  tl_rules_free(r);
}

static void files_add_up(void **state) {
  (void)state;
  tl_rules *r = load_fixture("rules/overlap.txt", 0);
  char path[1024];
  path_of(path, sizeof path, "TL_FIXTURES", "tests/fixtures", "rules/crlf_bom.txt");
  size_t before = tl_rules_count(r);
  assert_int_equal(tl_rules_load(r, path), 0);
  assert_int_equal(tl_rules_count(r), before + 3);
  expect_scan(r, "foo bar alpha 2", "Foo Bar@0-7 Alpha 2@8-15");
  tl_rules_free(r);
}

static void empty_rules_find_nothing(void **state) {
  (void)state;
  tl_rules *r = tl_rules_new();
  tl_rule_match *m = (tl_rule_match *)&m;
  assert_int_equal(tl_rules_scan(r, "gpt-5", 5, &m), 0);
  assert_null(m);
  tl_rule_matches_free(NULL, 0);
  tl_rules_free(r);
  tl_rules_free(NULL);
}

/* ---- matching ---------------------------------------------------------- */

static void leftmost_then_longest_then_first_rule(void **state) {
  (void)state;
  tl_rules *r = load_fixture("rules/overlap.txt", 0);
  /* Longest of three rules at one place; "Tie" matches as long as "Long"
   * but comes later in the file. */
  expect_scan(r, "foo bar", "Foo Bar@0-7");
  expect_scan(r, "foo baz", "Foo@0-3");
  /* Leftmost wins over longer: "bar baz qux" overlaps "foo bar", so it is
   * not reported, and nothing starts inside a match. */
  expect_scan(r, "foo bar baz qux", "Foo Bar@0-7");
  expect_scan(r, "fo bar baz qux", "Bar Baz Qux@3-14");
  expect_scan(r, "foo foo foo", "Foo@0-3 Foo@4-7 Foo@8-11");
  tl_rules_free(r);
}

static void never_starts_or_ends_inside_a_latin_word(void **state) {
  (void)state;
  tl_rules *r = load_shipped();
  expect_scan(r, "h1000 sh100 h100x xh100", "");
  expect_scan(r, "h100, (h100) h100s h100-based", "H100@0-4 H100@7-11 H100@13-18 H100@19-23");
  expect_scan(r, "chatgpt-5x metagpt-4 gpt-5b gpt-55", "");
  expect_scan(r, "opusx 4.5 claude4ever", "");
  expect_scan(r, "gpt-5.", "GPT-5@0-5");
  /* CJK around a name is not a word boundary problem. */
  expect_scan(r, "英伟达h100芯片", "H100@9-13");
  expect_scan(r, "发布gpt-5.1-codex-max模型", "GPT-5.1-Codex-Max@6-23");
  tl_rules_free(r);

  /* A longer alternative that would end inside a word backs off to a
   * shorter one that ends cleanly. */
  r = load_fixture("rules/overlap.txt", 0);
  expect_scan(r, "ab-cd ab-cde ab-", "AB-CD@0-5 AB@6-8 AB@13-15");
  expect_scan(r, "华为昇腾910c和昇腾 910b", "Ascend 910C@6-16 Ascend 910B@19-30");
  tl_rules_free(r);
}

/* The prefilter looks at every second byte: a key must be found whatever
 * its alignment, also when it ends the text. */
static void keys_at_every_offset_up_to_the_end(void **state) {
  (void)state;
  tl_rules *r = load_fixture("rules/overlap.txt", 0);
  expect_scan(r, "a", "");
  expect_scan(r, "ab", "AB@0-2");
  char text[64], want[64];
  for (int k = 0; k < 6; k++) {
    for (int tail = 0; tail < 2; tail++) {
      snprintf(text, sizeof text, "%.*sab%s", k, "      ", tail ? " x" : "");
      snprintf(want, sizeof want, "AB@%d-%d", k, k + 2);
      expect_scan(r, text, want);
      snprintf(text, sizeof text, "%.*s昇腾910b%s", k, "      ", tail ? " x" : "");
      snprintf(want, sizeof want, "Ascend 910B@%d-%d", k, k + 10);
      expect_scan(r, text, want);
    }
  }
  tl_rules_free(r);
}

/* The walk tests byte pairs at even offsets only, and a key may be found
 * through the pair before it, its own first pair or the pair after: every
 * name must come out the same wherever it lands, right after a long stretch
 * of Chinese (three-byte characters, so either parity), after full-width
 * punctuation, and at the very end of the text. Each name is scanned alone,
 * then in every context; the matches must come out shifted, nothing more. */
static void matches_wherever_they_land(void **state) {
  (void)state;
  tl_rules *r = load_shipped();
  static const char *const names[] = {"gpt-5.1-codex-max", "o1模型", "o3-mini", "o4-mini", "h100", "qwen3-vl-30b-a3b",
                                      "claude 3.5 sonnet", "混元3d", "通义千问3", "千问3.5", "豆包1.5 pro",
                                      "昇腾910b", "万相2.1", "deepseek v3", "gemini 2.5 pro", "kimi k2"};
  static const char *const befores[] = {"", "，", "。", "“", "）", " ", "\xE3\x80\x80", "——", "\n"};
  static const char *const afters[] = {"", "，", "。随后", " ", "）"};
  static const char *const pads[] = {"", " ", "  ", "   ", "    ", "     "};
  const tu_contexts contexts = {pads, befores, afters, TU_COUNT(pads), TU_COUNT(befores), TU_COUNT(afters), ""};
  char text[1400] = ""; /* all of it set: PCRE2's JIT may read past the end of a subject */
  tl_buf want = TL_BUF_INIT, got = TL_BUF_INIT;
  int failures = 0;
  for (size_t e = 0; e < sizeof names / sizeof names[0]; e++) {
    tl_rule_match *alone;
    size_t na = tl_rules_scan(r, names[e], strlen(names[e]), &alone);
    if (na == 0)
      fail_msg("\"%s\" alone: no match", names[e]);
    for (size_t c = 0; c < tu_context_count(&contexts); c++) {
      size_t k = tu_place(&contexts, c, names[e], text, sizeof text);
      tl_buf_reset(&want);
      for (size_t i = 0; i < na; i++)
        tl_buf_printf(&want, "%s%s@%zu-%zu", i ? " " : "", alone[i].canonical, alone[i].start + k, alone[i].end + k);
      scan_summary(r, text, &got);
      if (strcmp(got.data, want.data) != 0 && failures++ < 5)
        fprintf(stderr, "\"%s\" after %zu bytes: got \"%s\", want \"%s\"\n", names[e], k, got.data, want.data);
    }
    tl_rule_matches_free(alone, na);
  }
  tl_buf_free(&want);
  tl_buf_free(&got);
  assert_int_equal(failures, 0);
  tl_rules_free(r);
}

/* Scans text with the walk and with the reference; 1 when they find the
 * same matches. */
static int agrees_with_trying_everywhere(const tl_rules *r, const tl_rules *ref, const char *text, size_t len) {
  tl_rule_match *a, *b;
  size_t na = tl_rules_scan(r, text, len, &a), nb = ref_rules_scan(ref, text, len, &b);
  int ok = na == nb;
  for (size_t i = 0; ok && i < na; i++)
    ok = a[i].start == b[i].start && a[i].end == b[i].end && a[i].rule == b[i].rule &&
         strcmp(a[i].canonical, b[i].canonical) == 0;
  tl_rule_matches_free(a, na);
  ref_rule_matches_free(b, nb);
  return ok;
}

/* The walk looks at four bytes at a time, sixteen per test, and keeps its
 * place between candidates: it must find exactly what trying every position
 * finds. Random texts made of keys, near-keys (two pairs of different keys:
 * "mor" is " m" of "mistral" and "or" of "sora"), Latin words, Chinese,
 * digits, punctuation and damage, at every length and parity; some match
 * right at the start or the end, some keys follow a letter. */
static void walk_finds_what_trying_everywhere_finds(void **state) {
  (void)state;
  tl_rules *r = load_shipped(), *ref = ref_rules_new();
  char path[1024];
  path_of(path, sizeof path, "TL_SOURCE_DIR", ".", "dictionaries/rules.txt");
  assert_int_equal(ref_rules_load(ref, path), 0);
  static const char *const pieces[] = {
      "gpt", "-5.1", "o1", "o3", "o4-mini", "qwen", "3", "-vl", "h100", "a100", "gb200", "claude", " 3.5 ", "sonnet",
      "opus 4.5", "gemini", "gen", "genie", "sam", "wan", "veo", "mi2", "phi-", "4", "nano banana", "kimi", " k2",
      "通义千问", "千问", "通义万相", "万相", "2.1", "混元", "文心", "可灵", "豆包", "海螺", "昇腾", "910b", "通过", "文章",
      "万元", "可以", "千万", "mor", "rea", "agent", "open", "that ", "in", "ma", "more", "x", "ab", "s", " ", "  ",
      "-", ".", ",", "，", "。", "（", "）", "\n", "\xE3\x80\x80", "中文", "模型", "发布", "的", "\xff", "\xe4\xb8", "\x80",
      "0", "12", "v", "_"};
  size_t np = sizeof pieces / sizeof pieces[0];
  uint64_t x = 0x9E3779B97F4A7C15ULL; /* the same texts every run */
  char text[2048] = ""; /* all of it set: PCRE2's JIT may read past the end of a subject */
  int failures = 0;
  for (int n = 0; n < 4000; n++) {
    size_t len = 0, parts = tu_xorshift64(&x) % (n < 3800 ? 12 : 200);
    for (size_t p = 0; p < parts; p++) {
      const char *piece = pieces[tu_xorshift64(&x) % np];
      size_t pl = strlen(piece);
      if (len + pl > sizeof text)
        break;
      memcpy(text + len, piece, pl);
      len += pl;
    }
    if (!agrees_with_trying_everywhere(r, ref, text, len) && failures++ < 5)
      fprintf(stderr, "differs from trying everywhere: \"%.*s\"\n", (int)(len < 300 ? len : 300), text);
  }
  assert_int_equal(failures, 0);
  tl_rules_free(r);
  ref_rules_free(ref);
}

static void templates_case_and_separators(void **state) {
  (void)state;
  tl_rules *r = load_fixture("rules/overlap.txt", 0);
  tl_rule_match *m;
  const char *text = "case vl max-30b  a3b end";
  size_t n = tl_rules_scan(r, text, strlen(text), &m);
  assert_int_equal(n, 1);
  assert_string_equal(m[0].canonical, "Vl Max-30B A3B|vl max-30b a3b|VL MAX-30B A3B|Vl Max-30b A3b|"
                                      "Vl-Max-30B-A3B|vl max 30b a3b");
  assert_string_equal(tl_rules_family(r, m[0].rule), "Case");
  tl_rule_matches_free(m, n);
  expect_scan(r, "lead", "Lead@0-4");
  expect_scan(r, "lead x y", "X Lead Y@0-8");
  tl_rules_free(r);
}

static void match_length_is_bounded(void **state) {
  (void)state;
  tl_rules *r = load_fixture("rules/overlap.txt", 0);
  char text[600] = "zz";
  memset(text + 2, 'a', 300);
  text[302] = '\0';
  expect_scan(r, text, "");
  text[2 + TL_RULES_MAX_MATCH - 2] = '\0';
  tl_buf want = TL_BUF_INIT;
  tl_buf_printf(&want, "Z@0-%d", TL_RULES_MAX_MATCH);
  expect_scan(r, text, want.data);
  tl_buf_free(&want);
  tl_rules_free(r);
}

static void survives_nul_and_invalid_utf8(void **state) {
  (void)state;
  tl_rules *r = load_shipped();
  static const char text[] = "gpt-5\0h100 \xff\xfe qwen3-max\xc3 \xe6\x98 昇腾910b";
  tl_rule_match *m;
  size_t n = tl_rules_scan(r, text, sizeof text - 1, &m);
  assert_int_equal(n, 4);
  assert_string_equal(m[0].canonical, "GPT-5");
  assert_string_equal(m[1].canonical, "H100");
  assert_string_equal(m[2].canonical, "Qwen3-Max");
  assert_string_equal(m[3].canonical, "Ascend 910B");
  assert_int_equal(m[1].start, 6);
  tl_rule_matches_free(m, n);
  tl_rules_free(r);
}

/* ---- the shipped rules ------------------------------------------------- */

static const struct {
  const char *text, *canonical, *family;
} spellings[] = {
    {"gpt-5", "GPT-5", "GPT"},
    {"gpt5", "GPT-5", "GPT"},
    {"gpt 5.1", "GPT-5.1", "GPT"},
    {"gpt-4o", "GPT-4o", "GPT"},
    {"gpt4o", "GPT-4o", "GPT"},
    {"gpt-4.1 mini", "GPT-4.1 mini", "GPT"},
    {"gpt-4.1-mini", "GPT-4.1 mini", "GPT"},
    {"gpt-5.1-codex-max", "GPT-5.1-Codex-Max", "GPT"},
    {"gpt-5.1-codex max", "GPT-5.1-Codex-Max", "GPT"},
    {"gpt\u20105.1\u2010codex\u2010max", "GPT-5.1-Codex-Max", "GPT"}, /* NFKC of OpenAI's U+2011 */
    {"gpt-5.5-cyber", "GPT-5.5-Cyber", "GPT"},
    {"gpt-5.6 sol", "GPT-5.6 Sol", "GPT"},
    {"chatgpt 5.5 pro", "GPT-5.5 Pro", "GPT"},
    {"gpt-oss-120b", "gpt-oss-120b", "gpt-oss"},
    {"o4-mini", "o4-mini", "OpenAI o-series"},
    {"o3 pro", "o3-pro", "OpenAI o-series"},
    {"claude sonnet 4.5", "Claude Sonnet 4.5", "Claude"},
    {"claude-4.5-sonnet", "Claude Sonnet 4.5", "Claude"},
    {"sonnet 4.5", "Claude Sonnet 4.5", "Claude"},
    {"claude 3.5 sonnet", "Claude 3.5 Sonnet", "Claude"},
    {"claude sonnet 3.7", "Claude 3.7 Sonnet", "Claude"},
    {"claude opus 4.5", "Claude Opus 4.5", "Claude"},
    {"opus 4.0", "Claude Opus 4", "Claude"},
    {"gemini 2.5 pro", "Gemini 2.5 Pro", "Gemini"},
    {"gemini-2.5-pro", "Gemini 2.5 Pro", "Gemini"},
    {"gemini 3.0 pro preview", "Gemini 3 Pro", "Gemini"},
    {"gemini 2.5 flash-lite", "Gemini 2.5 Flash-Lite", "Gemini"},
    {"gemini 2.0 flash", "Gemini 2.0 Flash", "Gemini"},
    {"gemma 3n", "Gemma 3n", "Gemma"},
    {"qwen3-vl-30b-a3b", "Qwen3-VL-30B-A3B", "Qwen"},
    {"qwen2.5-vl-72b-instruct", "Qwen2.5-VL-72B-Instruct", "Qwen"},
    {"qwen 3.8 27b", "Qwen3.8-27B", "Qwen"},
    {"千问3.5", "Qwen3.5", "Qwen"},
    {"通义千问qwen3-max", "Qwen3-Max", "Qwen"},
    {"deepseek-v3.2-exp", "DeepSeek-V3.2-Exp", "DeepSeek models"},
    {"deepseek v4 flash", "DeepSeek-V4-Flash", "DeepSeek models"},
    {"deepseek-r1", "DeepSeek-R1", "DeepSeek models"},
    {"glm-4.6", "GLM-4.6", "GLM"},
    {"glm4.6v", "GLM-4.6V", "GLM"},
    {"kimi k2", "Kimi K2", "Kimi"},
    {"kimi-k2-thinking", "Kimi K2 Thinking", "Kimi"},
    {"llama 3.1 405b", "Llama 3.1 405B", "Llama"},
    {"llama 4", "Llama 4", "Llama"},
    {"grok 4", "Grok 4", "Grok"},
    {"grok4fast", "Grok 4 Fast", "Grok"},
    {"mistral large", "Mistral Large", "Mistral"},
    {"veo 3.1", "Veo 3.1", "Veo"},
    {"veo3", "Veo 3", "Veo"},
    {"sora 2", "Sora 2", "Sora"},
    {"minimax-m2.1", "MiniMax-M2.1", "MiniMax models"},
    {"ernie-4.5-21b-a3b-thinking", "ERNIE 4.5-21B-A3B-Thinking", "ERNIE"},
    {"seedance1.0pro", "Seedance 1.0 Pro", "Seedance"},
    {"nemotron 3 nano", "Nemotron 3 Nano", "Nemotron"},
    {"h100", "H100", "Hopper"},
    {"a100", "A100", "Nvidia"},
    {"rtx 5090", "RTX 5090", "GeForce RTX"},
    {"sam 3d", "SAM 3D", "SAM"},
    {"gemini robotics-er 1.6", "Gemini Robotics-ER 1.6", "Gemini Robotics"},
    {"gpt-image-1", "gpt-image-1", "GPT"},
    {"b200s", "B200", "Blackwell"},
    {"gb200 nvl72", "GB200-NVL72", "Blackwell"},
    {"gb10", "GB10", "Blackwell"},
    {"mi300x", "MI300X", "Instinct"},
    {"昇腾910c", "Ascend 910C", "Ascend"},
    {"ascend 910b", "Ascend 910B", "Ascend"},
    {"tpu v5e", "TPU v5e", "TPU"},
};

static void canonical_forms_of_real_spellings(void **state) {
  (void)state;
  tl_rules *r = load_shipped();
  for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++) {
    const char *text = spellings[i].text;
    size_t len = strlen(text);
    tl_rule_match *m;
    size_t n = tl_rules_scan(r, text, len, &m);
    if (n != 1 || m[0].start != 0 || m[0].end != len)
      fail_msg("\"%s\": %zu matches, first [%zu,%zu)", text, n, n ? m[0].start : 0, n ? m[0].end : 0);
    if (strcmp(m[0].canonical, spellings[i].canonical) != 0 ||
        strcmp(tl_rules_family(r, m[0].rule), spellings[i].family) != 0)
      fail_msg("\"%s\": got \"%s\" (%s), want \"%s\" (%s)", text, m[0].canonical, tl_rules_family(r, m[0].rule),
               spellings[i].canonical, spellings[i].family);
    /* tl_rules_canonical() agrees with the scan. */
    char *c = tl_rules_canonical(r, m[0].rule, text, len);
    assert_non_null(c);
    assert_string_equal(c, spellings[i].canonical);
    free(c);
    tl_rule_matches_free(m, n);
  }
  assert_null(tl_rules_canonical(r, 0, "gpt-5 and more", 14));
  assert_null(tl_rules_canonical(r, tl_rules_count(r), "gpt-5", 5));
  tl_rules_free(r);
}

static void ambiguous_names_need_context(void **state) {
  (void)state;
  tl_rules *r = load_shipped();
  /* o1/o3 are OpenAI models only next to OpenAI or "model"; Kling has an O1. */
  expect_scan(r, "openai的o3模型", "o3@9-11");
  expect_scan(r, "openai o1 and o3", "o1@7-9");
  expect_scan(r, "kling o1视频", "Kling O1@0-8");
  expect_scan(r, "iso3 o3 ok", "");
  /* Versions are not years or counts. */
  expect_scan(r, "claude 2026 and claude 20 hours", "");
  expect_scan(r, "step 3 of 5", "");
  tl_rules_free(r);
}

/* A rule's family must be an entity of the shipped dictionary with the
 * rule's type, or the company itself: a roll-up follows parents only while
 * the type stays the same, so "Kimi K2" (a model) under a Kimi typed as a
 * product would count for nothing. */
static void shipped_rule_families_match_the_dictionary(void **state) {
  (void)state;
  tl_rules *r = load_shipped();
  char path[1024];
  path_of(path, sizeof path, "TL_SOURCE_DIR", ".", "dictionaries");
  tl_dict *d = tl_dict_new();
  capture();
  assert_int_equal(tl_dict_load(d, path), 0);
  assert_int_equal(tl_dict_compile(d), 0);
  tl_diag_capture(NULL);
  for (size_t i = 0; i < tl_rules_count(r); i++) {
    int id = tl_dict_find(d, tl_rules_family(r, i));
    if (id < 0)
      fail_msg("rules.txt:%ld: family '%s' is not in the dictionary", tl_rules_line(r, i), tl_rules_family(r, i));
    const char *type = tl_dict_entity(d, id)->type;
    if (strcmp(type, tl_rules_type(r, i)) != 0 && strcmp(type, "org") != 0)
      fail_msg("rules.txt:%ld: family '%s' is a %s in the dictionary but the rule makes a %s", tl_rules_line(r, i),
               tl_rules_family(r, i), type, tl_rules_type(r, i));
  }
  tl_dict_free(d);
  tl_rules_free(r);
}

/* ---- threads ----------------------------------------------------------- */

typedef struct {
  const tl_rules *r;
  const char *text;
  const char *want;
  int ok;
} scan_job;

static void *scan_many(void *arg) {
  scan_job *job = arg;
  tl_buf got = TL_BUF_INIT;
  job->ok = 1;
  for (int i = 0; i < 50 && job->ok; i++) {
    scan_summary(job->r, job->text, &got);
    job->ok = strcmp(got.data, job->want) == 0;
  }
  tl_buf_free(&got);
  return NULL;
}

static void scans_from_two_threads_at_once(void **state) {
  (void)state;
  tl_rules *r = load_shipped();
  tl_buf text = TL_BUF_INIT;
  for (int rep = 0; rep < 20; rep++)
    for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++)
      tl_buf_printf(&text, "今天%s发布，", spellings[i].text);
  tl_buf want = TL_BUF_INIT;
  scan_summary(r, text.data, &want);
  assert_true(want.len > 1000);
  scan_job jobs[2] = {{r, text.data, want.data, 0}, {r, text.data, want.data, 0}};
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    assert_int_equal(pthread_create(&t[i], NULL, scan_many, &jobs[i]), 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  assert_true(jobs[0].ok);
  assert_true(jobs[1].ok);
  tl_buf_free(&want);
  tl_buf_free(&text);
  tl_rules_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_teardown(loads_bom_crlf_and_comments, teardown),
      cmocka_unit_test_teardown(reports_every_bad_line_and_keeps_the_good, teardown),
      cmocka_unit_test_teardown(unreadable_file_is_minus_one_and_changes_nothing, teardown),
      cmocka_unit_test_teardown(files_add_up, teardown),
      cmocka_unit_test_teardown(empty_rules_find_nothing, teardown),
      cmocka_unit_test_teardown(leftmost_then_longest_then_first_rule, teardown),
      cmocka_unit_test_teardown(never_starts_or_ends_inside_a_latin_word, teardown),
      cmocka_unit_test_teardown(keys_at_every_offset_up_to_the_end, teardown),
      cmocka_unit_test_teardown(matches_wherever_they_land, teardown),
      cmocka_unit_test_teardown(walk_finds_what_trying_everywhere_finds, teardown),
      cmocka_unit_test_teardown(templates_case_and_separators, teardown),
      cmocka_unit_test_teardown(match_length_is_bounded, teardown),
      cmocka_unit_test_teardown(survives_nul_and_invalid_utf8, teardown),
      cmocka_unit_test_teardown(canonical_forms_of_real_spellings, teardown),
      cmocka_unit_test_teardown(ambiguous_names_need_context, teardown),
      cmocka_unit_test_teardown(shipped_rule_families_match_the_dictionary, teardown),
      cmocka_unit_test_teardown(scans_from_two_threads_at_once, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
