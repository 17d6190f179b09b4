/* Candidate names for the dictionary: each kind of name is found, each kind
 * of non-name is not, known names and their neighbourhood are skipped, and
 * no input breaks the invariants. The dictionary is
 * tests/fixtures/candidates/names.dict. */
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
#include "candidates.h"
#include "normalize.h"
#include "diag.h"
#include "digest.h"
#include "extract.h"
#include "lexicon.h"

static tl_lexicon *lexicon;

static int load_lexicon(void **state) {
  (void)state;
  const char *fixtures = getenv("TL_FIXTURES");
  char path[4096];
  snprintf(path, sizeof path, "%s/candidates", fixtures ? fixtures : "tests/fixtures");
  char *paths[] = {path};
  int problems;
  lexicon = tl_lexicon_load(paths, 1, 1, &problems);
  assert_non_null(lexicon);
  assert_int_equal(problems, 0);
  return 0;
}

static int free_lexicon(void **state) {
  (void)state;
  tl_lexicon_free(lexicon);
  return 0;
}

/* The candidates of a digest made of a front matter and `body`, as
 * surfaces joined by " | " (so a failure shows them all). The caller
 * frees. */
static char *found_in(const char *body, size_t len) {
  tl_buf text = TL_BUF_INIT;
  tl_buf_puts(&text, "---\ntitle: \"VibeSDK 日报\"\ndate: 2025-10-05\n---\n");
  tl_buf_add(&text, body, len);
  tl_buf quiet = TL_BUF_INIT;
  tl_diag_capture(&quiet);
  tl_digest d;
  tl_digest_parse("t/2025-10-05.md", text.data, text.len, &d);
  tl_diag_capture(NULL);
  tl_buf_free(&quiet);
  tl_extraction x;
  assert_int_equal(tl_extract(lexicon, &d, &x), 0);
  tl_candidate *c;
  size_t n = tl_candidates_find(lexicon->dict, &d, &x, &c);
  tl_buf out = TL_BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    assert_true(c[i].start >= d.fm.body_offset && c[i].start < c[i].end && c[i].end <= d.src.len);
    if (i > 0)
      assert_true(c[i - 1].end <= c[i].start);
    tl_buf_printf(&out, "%s%.*s", i ? " | " : "", (int)(c[i].end - c[i].start), d.src.text + c[i].start);
  }
  free(c);
  tl_extraction_free(&x);
  tl_digest_free(&d);
  tl_buf_free(&text);
  return tl_buf_detach(&out);
}

static char *found(const char *body) { return found_in(body, strlen(body)); }

static void expect_found(const char *body, const char *want) {
  char *got = found(body);
  if (strcmp(got, want) != 0)
    fail_msg("in %s\n  wanted: %s\n  got:    %s", body, want, got);
  free(got);
}

static void latin_names_by_shape(void **state) {
  (void)state;
  expect_found("M5Stack 发布 LLM-8850 扩展卡，万兴推出 ToMoviee AI 平台。\n",
               "M5Stack | LLM-8850 | ToMoviee AI");
  expect_found("开发者可以用 VibeSDK、vLLM 和 Qwen3 搭建应用。\n", "VibeSDK | vLLM | Qwen3");
  /* a capitalised word inside Chinese text is a name */
  expect_found("用户无需离开对话即可从 Etsy 等平台购物。\n", "Etsy");
}

static void capitalised_multi_word_names(void **state) {
  (void)state;
  expect_found("The deal gives Zorblax Robotics access to the Bank of Lumeria network.\n",
               "Zorblax Robotics | Bank of Lumeria");
  /* trailing punctuation and possessives stay out of the surface */
  expect_found("据报道，Quillmate's founder left Zorblax.\n", "Quillmate | Zorblax");
  expect_found("“Quillmate”、（Zorblax）！\n", "Quillmate | Zorblax");
}

static void names_in_bold_and_headings(void **state) {
  (void)state;
  /* a capital that opens an English sentence is no evidence; bold is */
  expect_found("Quillmate is a new note app.\n", "");
  expect_found("**Quillmate** is a new note app.\n", "Quillmate");
  expect_found("1.  **Zhipu Qingyan** has launched a new app.\n", "Zhipu Qingyan");
  expect_found("### 3. Nimbus Forge 发布新框架\n\n正文。\n", ""); /* Nimbus is known */
  expect_found("### 3. Kestrel Forge 发布新框架\n\n正文。\n", "Kestrel Forge");
}

static void cjk_names_before_company_and_model_words(void **state) {
  (void)state;
  expect_found("宇树科技发布新机器人；甲骨文公司宣布合作，百灵大模型上线。\n", "宇树科技 | 甲骨文 | 百灵");
  expect_found("**星火**大模型发布。\n", "星火");
  /* function-word fragments and generic words are not names */
  expect_found("这家公司很大。该公司称，一家公司表示。大模型很多。\n", "");
  expect_found("新的语言模型和视觉模型、初创公司、科技公司都在发布。\n", "");
  expect_found("黄仁勋出售了22.5万股公司股票。马斯克旗下的脑机接口公司。\n", "");
  /* a mention ends the name on its left: 英伟达 is known */
  expect_found("英伟达公司发布财报。\n", "");
  /* 科技 names a company only when it does not describe the next noun */
  expect_found("宇树科技股份有限公司与搜索科技巨头合作。\n", "宇树科技");
}

static void transliterated_names_with_a_middle_dot(void **state) {
  (void)state;
  expect_found("新任总裁帕万・达武鲁里将统一领导团队。\n", "帕万・达武鲁里");
  expect_found("专家马库斯·索恩表示反对。\n", "马库斯·索恩");
  /* 奥特曼 is known, and a dot between spaces separates a title */
  expect_found("CEO山姆·奥特曼透露。AI每日热点 · 2026年03月13日\n", "");
}

static void generic_words_are_not_names(void **state) {
  (void)state;
  expect_found("The AI API is here. How about that?\n", "");
  expect_found("AI 与 API、CEO 和 LLM 都是通用词。January 到 March 也是。\n", "");
  expect_found("[Read more →](https://example.com/a/VibeSDK)\n", "");
  expect_found("Open-Source AI-native tools for Agents, in Real-Time.\n", "");
  expect_found("Danish pension fund excludes Zorblax citing governance.\n", "Zorblax");
  /* Title-Case headlines: only name-shaped words count */
  expect_found("### Danish Pension Fund Excludes SpaceX Citing Governance\n\n正文。\n", "SpaceX");
  expect_found("### Quiet Rivers Launch Globally\n\n正文。\n", "");
  expect_found("### AGI Is Not Multimodal\n\n正文。\n", "");
  expect_found("### Unlocking Britain’s next era of productivity\n\n正文。\n", "");
  /* section labels */
  expect_found("## Hacker News\n\n### 1. Kestrel 发布\n", "Kestrel");
}

static void markdown_code_urls_and_numbers_are_not_names(void **state) {
  (void)state;
  expect_found("用 `FooClient` 调用，见 https://github.com/FooBar/BazQux 和 www.QuuxCorp.io/x。\n", "");
  expect_found("```\nclass WidgetFactory:\n    pass\n```\n", "");
  expect_found("![Zorblax 截图](https://x.example/Zorblax.png)<br/><span class='b'>Hacker News</span>\n", "");
  expect_found("2025 年 30B 参数、4K 屏幕 🚀，README.md 与 arxiv.org、load_model、@SamAlt 都不是。\n", "");
  expect_found("&nbsp;Kestrel&amp;{{< figure src=\"Zorblax\" >}}\n", "Kestrel");
}

static void source_lines_are_skipped(void **state) {
  (void)state;
  expect_found("> 📰 **Gizmo Daily**  |  ⭐ **重要性**: 46/100\n\n来源：Kestrel Wire\n", "");
  expect_found("## 📚 数据来源\n\n- **Foo Wire**: 10条\n\n## 今日\n\n**Quillmate** 发布。\n", "Quillmate");
}

static void known_names_and_their_phrases_are_skipped(void **state) {
  (void)state;
  /* a phrase that holds a mention is not a candidate, nor are its parts */
  expect_found("Nimbus Cloud Platform 与 OpenAI Codex 发布。\n", "");
  /* ARM is an alias (=Arm) that did not match this spelling */
  expect_found("ARM 架构和 Cloudflare 都已知。\n", "");
  /* Mentions handed over by hand: candidates overlapping them go. */
  const char *text = "---\ndate: 2025-10-05\n---\nQuillmate 与 Zorblax 合作。\n";
  tl_digest d;
  tl_digest_parse("t/2025-10-05.md", text, strlen(text), &d);
  size_t q = (size_t)(strstr(d.src.text, "Quillmate") - d.src.text);
  tl_mention m = {0};
  m.start = q + 2; /* inside the word */
  m.end = q + 4;
  m.entity = 0;
  tl_extraction x = {&m, 1, NULL, 0, NULL, 0};
  tl_candidate *c;
  size_t n = tl_candidates_find(NULL, &d, &x, &c);
  assert_int_equal(n, 1);
  assert_memory_equal(d.src.text + c[0].start, "Zorblax", 7);
  free(c);
  n = tl_candidates_find(NULL, &d, NULL, &c);
  assert_int_equal(n, 2);
  free(c);
  /* nor do those overlapping an amount */
  tl_amount a;
  memset(&a, 0, sizeof a);
  a.money.start = (size_t)(strstr(d.src.text, "Zorblax") - d.src.text);
  a.money.end = a.money.start + 3;
  tl_extraction y = {NULL, 0, &a, 1, NULL, 0};
  n = tl_candidates_find(NULL, &d, &y, &c);
  assert_int_equal(n, 1);
  assert_memory_equal(d.src.text + c[0].start, "Quillmate", 9);
  free(c);
  tl_digest_free(&d);
}

static void front_matter_is_not_scanned(void **state) {
  (void)state;
  /* the front matter of found() says VibeSDK in its title */
  expect_found("正文没有名字。\n", "");
}

static void keys_fold_width_and_case(void **state) {
  (void)state;
  const char *forms[] = {"VibeSDK", "vibesdk", "ＶｉｂｅＳＤＫ", "VIBESDK"};
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
    char *key = tl_candidate_key(forms[i], strlen(forms[i]));
    assert_string_equal(key, "vibesdk");
    free(key);
  }
  char *key = tl_candidate_key("ToMoviee AI tail", 11);
  assert_string_equal(key, "tomoviee ai");
  free(key);
  key = tl_candidate_key("宇树科技", strlen("宇树科技"));
  assert_string_equal(key, "宇树科技");
  free(key);
  /* the key is what the header promises: the normalizer's string */
  const char *words[] = {"LLM8850", "GPT", "x", "Qwen3VL", "ABCxyz09", "", "Zhipu"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    char *fast = tl_candidate_key(words[i], strlen(words[i]));
    char *slow = tl_normalize_string_opts(words[i], strlen(words[i]), 0);
    assert_non_null(fast);
    assert_non_null(slow);
    assert_string_equal(fast, slow);
    free(fast);
    free(slow);
  }
}

/* Every byte string must give sorted, disjoint ranges on character
 * boundaries, without blanks at either end, and must not crash. */
static void check_invariants(const char *data, size_t size) {
  tl_buf quiet = TL_BUF_INIT;
  tl_diag_capture(&quiet);
  tl_digest d;
  tl_digest_parse("t/2025-10-05.md", data, size, &d);
  tl_extraction x;
  int r = tl_extract(lexicon, &d, &x);
  tl_diag_capture(NULL);
  tl_buf_free(&quiet);
  assert_int_equal(r, 0);
  tl_candidate *c;
  size_t n = tl_candidates_find(lexicon->dict, &d, &x, &c);
  if (n == 0)
    assert_null(c);
  for (size_t i = 0; i < n; i++) {
    assert_true(c[i].start < c[i].end && c[i].end <= d.src.len);
    assert_true(c[i].start >= d.fm.body_offset);
    if (i > 0)
      assert_true(c[i - 1].end <= c[i].start);
    unsigned char first = (unsigned char)d.src.text[c[i].start];
    unsigned char after = c[i].end < d.src.len ? (unsigned char)d.src.text[c[i].end] : 0;
    assert_true((first & 0xC0) != 0x80 && (after & 0xC0) != 0x80);
    assert_true(first != ' ' && d.src.text[c[i].end - 1] != ' ');
    for (size_t k = 0; k < x.n_mentions; k++)
      assert_true(x.mentions[k].end <= c[i].start || x.mentions[k].start >= c[i].end);
    char *key = tl_candidate_key(d.src.text + c[i].start, c[i].end - c[i].start);
    assert_non_null(key);
    free(key);
  }
  free(c);
  tl_extraction_free(&x);
  tl_digest_free(&d);
}

static void no_crash_on_invalid_input(void **state) {
  (void)state;
  static const char *const cases[] = {
      "",
      "---\n",
      "---\ndate: 2025-10-05\n---\n",
      "---\ndate: 2025-10-05\n---\n公司",
      "---\ndate: 2025-10-05\n---\n·",
      "---\ndate: 2025-10-05\n---\n宇树·",
      "---\ndate: 2025-10-05\n---\n·奥特曼",
      "---\ndate: 2025-10-05\n---\n**",
      "---\ndate: 2025-10-05\n---\n**Zorblax",
      "---\ndate: 2025-10-05\n---\n`Zorblax",
      "---\ndate: 2025-10-05\n---\n[Zorblax](https://x",
      "---\ndate: 2025-10-05\n---\n![a](",
      "---\ndate: 2025-10-05\n---\n<span>Zorblax",
      "---\ndate: 2025-10-05\n---\n&amp",
      "---\ndate: 2025-10-05\n---\n{{<",
      "---\ndate: 2025-10-05\n---\n```\nZorblax",
      "---\ndate: 2025-10-05\n---\n## 来源\n",
      "---\ndate: 2025-10-05\n---\nZorblax's",
      "---\ndate: 2025-10-05\n---\nZorblax\xE2\x80\x99",
      "---\ndate: 2025-10-05\n---\nA-",
      "---\ndate: 2025-10-05\n---\n\xff\xfe Zor\xc3"
      "blax \xe5\xae\x87\xe6\xa0\x91\xe7\xa7\x91",
      "---\ndate: 2025-10-05\n---\n\xef\xbc\xa1\xef\xbd\x82 Ｆｏｏ科技",
      "\xef\xbb\xbf# 2025-10-05\r\n\r\nKestrel\r\nForge\r\n",
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    check_invariants(cases[i], strlen(cases[i]));
  static const char nul[] = "---\ndate: 2025-10-05\n---\nKestrel\0Forge 宇树\0科技 马库斯\0·索恩\n";
  check_invariants(nul, sizeof nul - 1);

  /* Random mixtures of the pieces the finders react to. */
  static const char *const pieces[] = {
      "Zorblax", " ",      "\n",       "**",           "`",       "[",
      "](",      ")",      "https://", "<span>",       "</span>", "<",
      ">",       "&amp;",  "{{",       "}}",           "@",       "_",
      "-",       ".",      "'s",       "\xE2\x80\x99", "·",       "・",
      "公司",    "大模型", "模型",     "科技",         "集团",    "的",
      "宇树",    "奥特曼", "OpenAI",   "The ",         "AI",      "3",
      "# ",      "## ",    "### ",     "> ",           "📰",       "来源：",
      "```",     "\xff",   "\xe5\xae", "Ｆｏｏ",       "iPhone",  "LLM-8850",
      "Is ",     "|",      "，",       "。",
  };
  tl_buf b = TL_BUF_INIT;
  unsigned seed = 12345;
  for (int round = 0; round < 400; round++) {
    tl_buf_reset(&b);
    tl_buf_puts(&b, "---\ndate: 2025-10-05\n---\n");
    int len = 1 + round % 60;
    for (int k = 0; k < len; k++) {
      seed = seed * 1103515245u + 12345u;
      tl_buf_puts(&b, pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)]);
    }
    check_invariants(b.data, b.len);
  }
  tl_buf_free(&b);
}

static void binary_and_empty_digests_have_none(void **state) {
  (void)state;
  tl_digest d;
  tl_buf quiet = TL_BUF_INIT;
  tl_diag_capture(&quiet);
  static const char binary[] = "\x7f"
                               "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0Zorblax\0\0\0\0\x01\x02";
  tl_digest_parse("t/2025-10-05.bin", binary, sizeof binary - 1, &d);
  tl_diag_capture(NULL);
  tl_buf_free(&quiet);
  assert_true(d.src.binary);
  tl_candidate sentinel, *c = &sentinel;
  assert_int_equal(tl_candidates_find(lexicon->dict, &d, NULL, &c), 0);
  assert_null(c);
  tl_digest_free(&d);

  memset(&d, 0, sizeof d);
  c = &sentinel;
  assert_int_equal(tl_candidates_find(NULL, &d, NULL, &c), 0);
  assert_null(c);
}

/* The finder keeps no state: threads running at once get what one gets.
 * The digest is read and the mentions found once, before the threads
 * start: parsing reports through the process-wide diagnostic capture,
 * which is not meant for threads, and made this test crash now and then. */
static const char threaded_text[] = "宇树科技与 Zorblax Robotics 合作；帕万・达武鲁里称 VibeSDK 很好。\n";

typedef struct {
  const tl_digest *d;
  const tl_extraction *x;
  char *out; /* the last result as surfaces, as found_in() gives them */
} threaded_run;

static char *surfaces(const tl_digest *d, const tl_extraction *x) {
  tl_candidate *c;
  size_t n = tl_candidates_find(lexicon->dict, d, x, &c);
  tl_buf out = TL_BUF_INIT;
  for (size_t i = 0; i < n; i++)
    tl_buf_printf(&out, "%s%.*s", i ? " | " : "", (int)(c[i].end - c[i].start), d->src.text + c[i].start);
  free(c);
  return tl_buf_detach(&out);
}

static void *run_once(void *arg) {
  threaded_run *r = arg;
  for (int i = 0; i < 200; i++) {
    free(r->out);
    r->out = surfaces(r->d, r->x);
  }
  return NULL;
}

static void thread_safe(void **state) {
  (void)state;
  char *single = found_in(threaded_text, sizeof threaded_text - 1);
  assert_string_equal(single, "宇树科技 | Zorblax Robotics | 帕万・达武鲁里 | VibeSDK");
  tl_buf text = TL_BUF_INIT;
  tl_buf_puts(&text, "---\ntitle: \"VibeSDK 日报\"\ndate: 2025-10-05\n---\n");
  tl_buf_add(&text, threaded_text, sizeof threaded_text - 1);
  tl_buf quiet = TL_BUF_INIT;
  tl_diag_capture(&quiet);
  tl_digest d;
  tl_digest_parse("t/2025-10-05.md", text.data, text.len, &d);
  tl_extraction x;
  assert_int_equal(tl_extract(lexicon, &d, &x), 0);
  tl_diag_capture(NULL);
  tl_buf_free(&quiet);
  pthread_t t[4];
  threaded_run runs[4];
  for (int i = 0; i < 4; i++) {
    runs[i] = (threaded_run){&d, &x, NULL};
    assert_int_equal(pthread_create(&t[i], NULL, run_once, &runs[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    assert_string_equal(runs[i].out, single);
    free(runs[i].out);
  }
  free(single);
  tl_extraction_free(&x);
  tl_digest_free(&d);
  tl_buf_free(&text);
}

/* The scans step over most bytes without decoding them and look words up
 * in tables: every kind of character they single out must still be read
 * as it was. */
static void every_dot_letter_and_list_word_is_read(void **state) {
  (void)state;
  /* the five middle dots: U+00B7, U+30FB, U+2027, U+FF65, U+2022 */
  expect_found("专家马库斯\xC2\xB7索恩表示反对。\n", "马库斯\xC2\xB7索恩");
  expect_found("专家马库斯\xE3\x83\xBB索恩表示反对。\n", "马库斯\xE3\x83\xBB索恩");
  expect_found("专家马库斯\xE2\x80\xA7索恩表示反对。\n", "马库斯\xE2\x80\xA7索恩");
  expect_found("专家马库斯\xEF\xBD\xA5索恩表示反对。\n", "马库斯\xEF\xBD\xA5索恩");
  expect_found("专家马库斯\xE2\x80\xA2索恩表示反对。\n", "马库斯\xE2\x80\xA2索恩");
  /* a dot cut short by invalid UTF-8 is no dot */
  expect_found("专家马库斯\xE3\x83索恩表示反对。\n", "");
  /* letters outside ASCII open words: Latin-1, Latin Extended, fullwidth */
  expect_found("据 Économix 报道。\n", "Économix");
  expect_found("据 Żabka 报道。\n", "Żabka");
  expect_found("据 ＶｉｂｅＳＤＫ 报道。\n", "ＶｉｂｅＳＤＫ");
  /* connecting words join names; lowercase words alone never make one */
  expect_found("据 Bank of Lumeria 报道。\n", "Bank of Lumeria");
  expect_found("据 Ludwig van Zorblax 报道。\n", "Ludwig van Zorblax");
  expect_found("据 model of the year 报道。\n", "");
  /* the longest function word splits a phrase like the shortest */
  expect_found("据 Zorblax Additionally Quexlin 报道。\n", "Zorblax | Quexlin");
  expect_found("据 Zorblax A Quexlin 报道。\n", "Zorblax | Quexlin");
  /* generic words of one to four characters before 公司/模型 */
  expect_found("这家端到端模型和自动驾驶公司以及小公司都不是名字。\n", "");
  expect_found("星火大模型与宇树科技。\n", "星火 | 宇树科技");
  /* a numeral before 公司 describes it; a phrase-start character opens a phrase */
  expect_found("三家公司和提升公司。\n", "");
}

/* The scans take shortcuts: source lines are told by the marks the walk
 * meets, URLs by their "://" or "www.", three-byte characters by a
 * table of their blocks, plain lowercase words are read in a short loop and dropped, the
 * headline test of a line is skipped when it cannot change the result,
 * and the dictionary is asked once per name. Each shortcut must give what
 * the rules give (these answers are the ones of the plain reading). */
static void shortcuts_give_what_the_rules_give(void **state) {
  (void)state;
  /* a source mark anywhere on the line drops what came before it, even in
   * code or a link destination; the next line is not touched */
  expect_found("Zorblax 发布。来源：Kestrel\nQuillmate 上线。\n", "Quillmate");
  expect_found("Zorblax 见 `来源：x` 与 [y](https://a.example/Sources:)\n", "");
  expect_found("Kestrel Source: 发布。\n", "");
  expect_found("- 出处:Zorblax\n", "Zorblax"); /* 出处 counts only before ： */
  /* a heading says Sources, 来源 or 出处 anywhere, but not "Source:" */
  expect_found("### Source: Quillmate 发布\n\nKestrel Forge 发布。\n", "Quillmate | Kestrel Forge");
  /* URLs from their colon or dot, at a word start and not inside an
   * @handle; upper case counts */
  expect_found("见 HTTPS://Quillmate.io/Zorblax 与 www.Kestrel.io/Forge，Zorblax.\n", "Zorblax");
  expect_found("Zorblax @http://Quillmate.example 与 Kestrel。\n", "Zorblax | Quillmate.example | Kestrel");
  /* Han characters that share a block with 大, 公, 模: 天, 太 */
  expect_found("天气公司与太空模型、大模型公司。\n", "天气 | 太空");
  /* a Latin word that runs on into a letter beyond ASCII, a joiner or ’ */
  expect_found("Zorblax\xc3\xa9 与 Zorblax-é 和 Ｚｏｒｂｌａｘ科技。\n", "Zorblax\xc3\xa9 | Zorblax-é | Ｚｏｒｂｌａｘ");
  expect_found("据 Zorblax 资讯、Quillmate’s 产品与 OpenAI’s 模型。\n", "Zorblax | Quillmate");
  /* lowercase words end phrases; connecting ones join them */
  expect_found("据 Zorblax and Quillmate 报道，Bank model Lumeria 与 Bank of Lumeria。\n",
               "Zorblax | Quillmate | Bank | Lumeria | Bank of Lumeria");
  /* headlines: all capitals, however long, and prose with names */
  expect_found("### Zorblax Quillmate Kestrel Forge Lumeria Robotics\n", "");
  expect_found("### Zorblax Announces Quillmate Kestrel Forge For Europe\n", "");
  expect_found("The deal gives Zorblax Robotics access to the Bank of Lumeria network and other things that "
               "matter today.\n",
               "Zorblax Robotics | Bank of Lumeria");
  expect_found("Danish pension fund excludes Zorblax citing governance and a very long tail of words.\n", "Zorblax");
  /* a name asked again gets the same answer, known or not */
  expect_found("OpenAI 与 OpenAI，Zorblax 与 Zorblax。\n", "Zorblax | Zorblax");
  /* blank lines and quote markers alone */
  expect_found("   \n>  \n> Kestrel 发布。\n", "Kestrel");
}

/* The walk steps over CJK text a character at a time, jumps over syntax
 * ranges (code, links, URLs, tags) whole, types each distinct Latin word
 * once and asks whether a line credits a source only when it gave
 * something: each of these must give what reading every character would. */
static void fast_paths_give_what_the_slow_reading_gives(void **state) {
  (void)state;
  /* names right after long CJK runs, at a line end, at the end of the
   * body (no '\n') and after multibyte punctuation */
  expect_found("这是一段很长很长很长很长很长很长很长很长很长很长很长很长很长很长的中文文字Zorblax发布了新的产品。\n",
               "Zorblax");
  expect_found("这是一段很长很长很长很长很长很长很长很长很长很长很长很长很长很长的中文文字，Zorblax\n", "Zorblax");
  expect_found("很长很长很长很长很长很长的中文Zorblax", "Zorblax");
  expect_found("据报道，「Quillmate」（Kestrel Forge）！Zorblax？\n", "Quillmate | Kestrel Forge | Zorblax");
  expect_found("这是一段很长很长的中文文字中的宇树科技与一段很长很长的文字马库斯·索恩\n", "宇树科技");
  expect_found("很长很长很长很长的中文ＶｉｂｅＳＤＫ与Ｚｏｒｂｌａｘ科技。\n", "ＶｉｂｅＳＤＫ | Ｚｏｒｂｌａｘ");
  /* names right after a syntax range, one that ends the body, one that
   * runs to the line end and one left open */
  expect_found("见`code`Zorblax与[链接](https://x.example/Foo)Quillmate和<span>Kestrel</span>Forge。\n",
               "Zorblax | Quillmate | Forge");
  expect_found("见 [x](https://a.example/y)Quillmate", "Quillmate");
  expect_found("Zorblax 见 https://a.example/y\nKestrel 见 `未闭合的代码 Quillmate\n", "Zorblax | Kestrel | Quillmate");
  /* a source mark inside a syntax range still makes a source line */
  expect_found("见 https://x.example/Source:abc 与 Zorblax。\n", "");
  expect_found("见 `来源：` 与 Zorblax。\n", "");
  expect_found("- [Zorblax 发布](https://a.example/x)，来源：Kestrel\n", "");
  /* a word typed once keeps its type; where it stands is read each time,
   * and case tells words apart */
  expect_found("Quillmate is a new note app. 据报道 Quillmate 发布，Quillmate 很好。\n", "Quillmate | Quillmate");
  expect_found("据 VibeSDK 与 VibeSDK、vibeSDK、VIBESDK 和 VibeSdk 报道。\n",
               "VibeSDK | VibeSDK | vibeSDK | VIBESDK | VibeSdk");
  /* words too long for the lists take the general reading */
  expect_found("据 SupercalifragilisticExpialidociousRobotics 与 "
               "SupercalifragilisticexpialidociousRoboticsAndMoreWords 报道。\n",
               "SupercalifragilisticExpialidociousRobotics");
  /* a mention inside or next to a word */
  expect_found("据 OpenAIZorblax 与 Zorblax OpenAI 与 zorblax OpenAI 报道。\n", "OpenAIZorblax");
  expect_found("的 Zorblax\n的Quillmate\n", "Zorblax | Quillmate");
}

/* The walk stops at three-byte characters by their exact code point, not
 * their block; plain lowercase words and numbers are passed over without
 * being typed; and the headline test of a line stops once too few capital
 * letters are left to make one. Each must give what the rules give (the
 * answers are those of the reading before these shortcuts). */
static void word_walk_and_headline_shortcuts_agree(void **state) {
  (void)state;
  /* Han characters in the blocks of 公 and 集 (全, 关, 队, 际), curly
   * quotes beside the bullet U+2022, fullwidth punctuation beside the
   * fullwidth letters */
  expect_found("关于全部其他的队际集团和兴盛公司。\n", "队际集团 | 兴盛");
  expect_found("\xE2\x80\x9C马库斯\xE2\x80\xA2索恩\xE2\x80\x9D表示，\xE2\x80\x9CZorblax\xE2\x80\x9D发布。\n",
               "马库斯\xE2\x80\xA2索恩 | Zorblax");
  expect_found("（Ｚｏｒｂｌａｘ）：；Quillmate！\n", "Ｚｏｒｂｌａｘ | Quillmate");
  /* numbers and lowercase words end phrases, at the end of the body too */
  expect_found("据 2025 Zorblax 3B Quillmate 报道\n", "Zorblax | Quillmate");
  expect_found("Zorblax and", ""); /* a capital opening a sentence */
  expect_found("Zorblax 2025", "Zorblax");
  expect_found("Zorblax 3b", ""); /* "b" after the number is a lowercase word */
  /* connecting words, and words that start like them */
  expect_found("据 Bank de Lumeria、Bank du Lumeria、Bank la Lumeria、Bank der Lumeria、Bank von Lumeria。\n",
               "Bank de Lumeria | Bank du Lumeria | Bank la Lumeria | Bank der Lumeria | Bank von Lumeria");
  expect_found("据 Bank dev Lumeria、Bank off Lumeria、Bank lab Lumeria、Bank d Lumeria、Bank o Lumeria。\n",
               "Bank | Lumeria | Bank | Lumeria | Bank | Lumeria | Bank | Lumeria | Bank | Lumeria");
  /* a lowercase word that is a mention still rules out its phrase */
  expect_found("据 Zorblax openai Quillmate 报道。\n", "");
  /* a plain word that runs on into a joiner, a capital or a letter
   * beyond ASCII takes the general reading */
  expect_found("据 state-of-the-art Zorblax、iZorblax、zorblaxé 报道。\n", "Zorblax | iZorblax");
  /* headlines by the count of capitalised words per lowercase one, with
   * the capitals counted once a lowercase word is met */
  expect_found("Zorblax Quillmate appears Kestrel Lumeria.\n", "");
  expect_found("Zorblax Quillmate appears Kestrel.\n", "Zorblax Quillmate | Kestrel");
  expect_found("Zorblax Quillmate appears beside Kestrel Lumeria.\n", "Zorblax Quillmate | Kestrel Lumeria");
  expect_found("Zorblax Quillmate Kestrel Lumeria appears\n", "");
  expect_found("The announcement explains nothing about Zorblax or Quillmate or KESTREL Forge Lumeria\n",
               "Zorblax | Quillmate | KESTREL Forge Lumeria");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(latin_names_by_shape),
      cmocka_unit_test(capitalised_multi_word_names),
      cmocka_unit_test(names_in_bold_and_headings),
      cmocka_unit_test(cjk_names_before_company_and_model_words),
      cmocka_unit_test(transliterated_names_with_a_middle_dot),
      cmocka_unit_test(generic_words_are_not_names),
      cmocka_unit_test(markdown_code_urls_and_numbers_are_not_names),
      cmocka_unit_test(source_lines_are_skipped),
      cmocka_unit_test(known_names_and_their_phrases_are_skipped),
      cmocka_unit_test(front_matter_is_not_scanned),
      cmocka_unit_test(keys_fold_width_and_case),
      cmocka_unit_test(no_crash_on_invalid_input),
      cmocka_unit_test(binary_and_empty_digests_have_none),
      cmocka_unit_test(thread_safe),
      cmocka_unit_test(every_dot_letter_and_list_word_is_read),
      cmocka_unit_test(shortcuts_give_what_the_rules_give),
      cmocka_unit_test(fast_paths_give_what_the_slow_reading_gives),
      cmocka_unit_test(word_walk_and_headline_shortcuts_agree),
  };
  return cmocka_run_group_tests(tests, load_lexicon, free_lexicon);
}
