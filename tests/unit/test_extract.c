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
#include "dict.h"
#include "digest.h"
#include "extract.h"
#include "tally.h"

static tl_dict *dict;

static int load_dict(void **state) {
  (void)state;
  const char *fixtures = getenv("TL_FIXTURES");
  char path[4096];
  snprintf(path, sizeof path, "%s/dict/good", fixtures ? fixtures : "tests/fixtures");
  dict = tl_dict_new();
  assert_int_equal(tl_dict_load(dict, path), 0);
  assert_int_equal(tl_dict_compile(dict), 0);
  return 0;
}

static int free_dict(void **state) {
  (void)state;
  tl_dict_free(dict);
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
static tl_mentions mentions;

static void extract_sample(void) {
  tl_buf quiet = TL_BUF_INIT;
  tl_diag_capture(&quiet);
  tl_digest_parse("t/2025-10-05.md", digest_text, sizeof digest_text - 1, &digest);
  tl_diag_capture(NULL);
  tl_buf_free(&quiet);
  assert_int_equal(digest.items.count, 2);
  assert_int_equal(tl_extract(dict, &digest, &mentions), 0);
}

static void expect(size_t i, const char *entity, const char *surface, int item, long line) {
  if (i >= mentions.count)
    fail_msg("only %zu mentions, wanted %s at %zu", mentions.count, entity, i);
  const tl_mention *m = &mentions.v[i];
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
  assert_int_equal(mentions.count, 10);
  tl_mentions_free(&mentions);
  tl_digest_free(&digest);
}

static void undated_or_empty_digests_have_no_mentions(void **state) {
  (void)state;
  tl_buf quiet = TL_BUF_INIT;
  tl_diag_capture(&quiet);
  tl_digest d;
  tl_digest_parse("notes.md", "OpenAI 与英伟达\n", 20, &d);
  tl_diag_capture(NULL);
  tl_buf_free(&quiet);
  tl_mentions m;
  assert_int_equal(tl_extract(dict, &d, &m), 0);
  assert_int_equal(m.count, 0);
  assert_null(m.v);
  tl_digest_free(&d);
}

static void tally_counts_items_and_documents_once(void **state) {
  (void)state;
  extract_sample();
  tl_tally *t = tl_tally_new(dict);
  tl_tally_add(t, 1, &digest, &mentions);
  tl_tally_add(t, 2, &digest, &mentions); /* the same digest as a second document */
  char path[] = "/tmp/tl_tally_XXXXXX";
  assert_non_null(mkdtemp(path));
  tl_table *table = tl_table_open(path, "entities.csv", tl_tally_columns, 0);
  tl_tally_write(t, table);
  assert_int_equal(tl_table_commit(table), 0);
  char file[4200];
  snprintf(file, sizeof file, "%s/entities.csv", path);
  FILE *f = fopen(file, "r");
  char csv[4096] = "";
  size_t n = fread(csv, 1, sizeof csv - 1, f);
  csv[n] = '\0';
  fclose(f);
  remove(file);
  rmdir(path);
  /* Nvidia: 2 mentions in item 1 per document; OpenAI: one in item 0, one in item 1 */
  assert_non_null(strstr(csv, "entity,type,parent,mentions,items,documents,first_date,last_date\n"
                              "Nvidia,org,,4,2,2,2025-10-05,2025-10-05\n"
                              "OpenAI,org,,4,2,2,2025-10-05,2025-10-05\n"));
  assert_non_null(strstr(csv, "Alibaba Cloud,org,Alibaba,2,0,2,2025-10-05,2025-10-05\n"));
  tl_tally_free(t);
  tl_mentions_free(&mentions);
  tl_digest_free(&digest);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(maps_mentions_to_bytes_lines_and_items),
      cmocka_unit_test(undated_or_empty_digests_have_no_mentions),
      cmocka_unit_test(tally_counts_items_and_documents_once),
  };
  return cmocka_run_group_tests(tests, load_dict, free_dict);
}
