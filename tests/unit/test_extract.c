/* The extraction stage: mentions mapped back to the digest's own bytes,
 * lines and items, with the test dictionaries of tests/fixtures/dict. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "digest.h"
#include "extract.h"
#include "lexicon.h"

static tl_lexicon *lexicon, *small;
static tl_dict *dict;

static tl_lexicon *load_lexicon(const char *folder) {
  const char *fixtures = getenv("TL_FIXTURES");
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", fixtures ? fixtures : "tests/fixtures", folder);
  char *paths[] = {path};
  int problems;
  tl_lexicon *lx = tl_lexicon_load(paths, 1, 1, &problems);
  assert_non_null(lx);
  assert_int_equal(problems, 0);
  return lx;
}

static int load_dict(void **state) {
  (void)state;
  lexicon = load_lexicon("dict/good");
  dict = lexicon->dict;
  small = load_lexicon("lexicon");
  return 0;
}

static int free_dict(void **state) {
  (void)state;
  tl_lexicon_free(lexicon);
  tl_lexicon_free(small);
  return 0;
}

static const char digest_text[] =
    "---\n"
    "title: \"OpenAI 与英伟达 2025.10.05\"\n"          /* line 2: front matter is not scanned */
    "date: 2025-10-05\n"
    "---\n"
    "今日：ＯｐｅｎＡＩ与阿里云合作。\n"                 /* line 5: overview, item 0 */
    "\n"
    "1.  [**英伟达发布新芯片**](https://nvidia.com/openai)\n" /* line 7: item 1; no mention in the URL */
    "\n"
    "    英伟\n"                                        /* line 9: a name broken by a line break */
    "    达与OpenAI合作，ChatGPT 用户增长；字节码不是字节跳动。\n"
    "\n"
    "2.  [Meta 发布 Llama](https://a.example/2)\n"      /* line 12: item 2 */
    "\n"
    "    metadata 与 Armstrong 都不是名字，Arm 是。\n";

static tl_digest digest;
static tl_extraction mentions;

/* Parses a digest with its messages (a missing title and the like) kept
 * out of the test's output. */
static void parse_quietly(const char *path, const char *text, size_t len, tl_digest *d) {
  tl_buf quiet = TL_BUF_INIT;
  tl_diag_capture(&quiet);
  tl_digest_parse(path, text, len, d);
  tl_diag_capture(NULL);
  tl_buf_free(&quiet);
}

static void extract_sample(void) {
  parse_quietly("t/2025-10-05.md", digest_text, sizeof digest_text - 1, &digest);
  assert_int_equal(digest.items.count, 2);
  assert_int_equal(tl_extract(lexicon, &digest, &mentions), 0);
}

static void expect(size_t i, const char *entity, const char *surface, int item, long line) {
  if (i >= mentions.n_mentions)
    fail_msg("only %zu mentions, wanted %s at %zu", mentions.n_mentions, entity, i);
  const tl_mention *m = &mentions.mentions[i];
  assert_string_equal(tl_dict_entity(dict, m->entity)->name, entity);
  char *got = strndup(digest.src.text + m->start, m->end - m->start);
  assert_string_equal(got, surface);
  free(got);
  assert_int_equal(m->item, item);
  assert_int_equal(m->line, line);
}

static void maps_mentions_to_bytes_lines_and_items(void **state) {
  (void)state;
  extract_sample();
  expect(0, "OpenAI", "ＯｐｅｎＡＩ", 0, 5);
  expect(1, "Alibaba Cloud", "阿里云", 0, 5);
  expect(2, "Nvidia", "英伟达", 1, 7);
  expect(3, "Nvidia", "英伟\n    达", 1, 9);
  expect(4, "OpenAI", "OpenAI", 1, 10);
  expect(5, "ChatGPT", "ChatGPT", 1, 10);
  expect(6, "ByteDance", "字节跳动", 1, 10); /* 字节码 is blocked */
  expect(7, "Meta", "Meta", 2, 12);
  expect(8, "Llama", "Llama", 2, 12);
  expect(9, "Arm", "Arm", 2, 14); /* not in metadata, Armstrong */
  assert_int_equal(mentions.n_mentions, 10);
  tl_extraction_free(&mentions);
  tl_digest_free(&digest);
}

static void undated_or_empty_digests_have_no_mentions(void **state) {
  (void)state;
  tl_digest d;
  parse_quietly("notes.md", "OpenAI 与英伟达\n", 20, &d);
  tl_extraction m;
  assert_int_equal(tl_extract(lexicon, &d, &m), 0);
  assert_int_equal(m.n_mentions, 0);
  assert_null(m.mentions);
  tl_digest_free(&d);
}

static void rules_and_dictionary_share_the_text(void **state) {
  (void)state;
  static const char text[] = "---\ndate: 2025-10-05\n---\n"
                             "1.  [**OpenAI 发布 GPT-5.1 mini 与 GPT-5 Instant**](https://a.example/1)\n\n"
                             "    GPT 家族再添新成员。OpenAI与甲骨文（Oracle）签署3000亿美元云合同。英伟达股价上涨。\n";
  tl_digest d;
  parse_quietly("t/2025-10-05.md", text, sizeof text - 1, &d);
  tl_extraction x;
  assert_int_equal(tl_extract(small, &d, &x), 0);
  const char *want[][3] = {{"OpenAI", "org", ""},          {"GPT-5.1 mini", "model", "GPT"}, /* the rule: longer */
                           {"GPT-5 Instant", "model", "GPT"}, /* the dictionary alias: longer than the rule's GPT-5 */
                           {"GPT", "model", "OpenAI"},     {"OpenAI", "org", ""},
                           {"Oracle", "org", ""},          {"Oracle", "org", ""},
                           {"Nvidia", "org", ""}};
  assert_int_equal(x.n_mentions, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < x.n_mentions; i++) {
    tl_named n = tl_mention_named(small, &x.mentions[i]);
    assert_string_equal(n.name, want[i][0]);
    assert_string_equal(n.type, want[i][1]);
    assert_string_equal(n.parent, want[i][2]);
  }
  /* one amount, with the entities of its sentence only (not Nvidia's) */
  assert_int_equal(x.n_amounts, 1);
  const tl_amount *a = &x.amounts[0];
  char value[32];
  assert_string_equal(tl_decimal_format(a->money.value, value), "300000000000");
  assert_string_equal(a->money.currency, "USD");
  assert_string_equal(a->usd, "300000000000.00");
  assert_string_equal(a->entities, "OpenAI;Oracle");
  assert_int_equal(a->item, 1);
  assert_int_equal(a->line, 6);
  assert_int_equal(strncmp(d.src.text + a->money.start, "3000亿美元", strlen("3000亿美元")), 0);
  tl_extraction_free(&x);
  tl_digest_free(&d);
}

/* Amounts in one sentence list the same names; the next sentence and the
 * next item start afresh (amounts reuse what the amount before them found,
 * so that a long sentence is walked once, not once per amount). */
static void amounts_share_only_their_own_sentence(void **state) {
  (void)state;
  static const char text[] = "---\ndate: 2025-10-05\n---\n"
                             "1. OpenAI融资10亿美元，估值3000亿美元，甲骨文出资5亿美元。英伟达投资2亿美元与3亿美元\n"
                             "2. 甲骨文支出4亿美元\n";
  tl_digest d;
  parse_quietly("t/2025-10-05.md", text, sizeof text - 1, &d);
  tl_extraction x;
  assert_int_equal(tl_extract(small, &d, &x), 0);
  const char *want[] = {"OpenAI;Oracle", "OpenAI;Oracle", "OpenAI;Oracle", "Nvidia", "Nvidia", "Oracle"};
  assert_int_equal(x.n_amounts, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < x.n_amounts; i++)
    assert_string_equal(x.amounts[i].entities, want[i]);
  assert_int_equal(x.amounts[5].item, 2);
  tl_extraction_free(&x);
  tl_digest_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(maps_mentions_to_bytes_lines_and_items),
      cmocka_unit_test(undated_or_empty_digests_have_no_mentions),
      cmocka_unit_test(rules_and_dictionary_share_the_text),
      cmocka_unit_test(amounts_share_only_their_own_sentence),
  };
  return cmocka_run_group_tests(tests, load_dict, free_dict);
}
