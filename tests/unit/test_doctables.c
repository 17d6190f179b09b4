/* doctables: the per-document rows written from a digest, its extraction
 * and the names run worked out for it (the same record the aggregator
 * reads), and the context cell of an unknown name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctables.h"
#include "testutil.h"

static const char text[] = "---\n"
                           "date: 2025-10-06\n"
                           "---\n"
                           "# Daily\n"
                           "\n"
                           "### 1. OpenAI ships\n"
                           "OpenAI and\tVibeSDK, \"quoted\" today\n";

/* Byte offset of the first `needle` in text. */
static size_t at(const char *needle) { return (size_t)(strstr(text, needle) - text); }

static char *table(const char *dir, const char *name) {
  tl_buf b = TL_BUF_INIT;
  tl_buf_printf(&b, "%s/%s", dir, name);
  char *t = tu_read(b.data, NULL);
  assert_non_null(t);
  tl_buf_free(&b);
  return t;
}

static void context_is_one_line_with_tabs_as_spaces(void **state) {
  (void)state;
  tl_digest d;
  tl_digest_parse("2025-10-06.md", text, sizeof text - 1, &d);
  char key[] = "vibesdk";
  tl_unknown u = {at("VibeSDK"), at("VibeSDK") + 7, 1, 7, key};
  tl_buf out = TL_BUF_INIT;
  tl_buf_puts(&out, "kept|");
  size_t n = tl_doctables_context(&d, &u, &out);
  assert_string_equal(out.data, "kept|OpenAI and VibeSDK, \"quoted\" today");
  assert_int_equal(n, out.len - strlen("kept|"));
  tl_buf_free(&out);
  tl_digest_free(&d);
}

static void rows_use_the_names_given(void **state) {
  (void)state;
  char *dir = tu_mkdtemp("tl_doctables");
  tl_digest d;
  tl_digest_parse("2025-10-06.md", text, sizeof text - 1, &d);
  assert_true(d.has_date);
  tl_mention mentions[] = {{1, 0, 0, NULL, at("OpenAI and"), at("OpenAI and") + 6, 7}};
  char key[] = "vibesdk";
  tl_unknown unknowns[] = {{at("VibeSDK"), at("VibeSDK") + 7, 1, 7, key}};
  tl_extraction x = {mentions, 1, NULL, 0, unknowns, 1};
  /* what run hands over: names from the lexicon, contexts already cut */
  tl_agg_mention named[] = {{1, "OpenAI", "org", ""}};
  tl_agg_unknown seen[] = {{"vibesdk", "VibeSDK", 7, "a context, as given"}};
  tl_agg_document names = {1, d.path, d.date, 1, named, 1, NULL, 0, seen, 1};

  tl_doctables *t = tl_doctables_open(dir, 0);
  assert_non_null(t);
  tl_doctables_add(t, 1, &d, &x, &names, NULL);
  tl_doctables_add(t, 2, &d, &x, NULL, "first.md"); /* a duplicate: its document row only */
  assert_int_equal(tl_doctables_commit(t), 0);

  char *csv = table(dir, "mentions.csv");
  assert_string_equal(csv, "doc,item,date,entity,type,parent,surface,line,offset\n"
                           "1,1,2025-10-06,OpenAI,org,,OpenAI,7,54\n");
  free(csv);
  csv = table(dir, "unknown_names.csv");
  assert_string_equal(csv, "doc,item,date,surface,key,line,context\n"
                           "1,1,2025-10-06,VibeSDK,vibesdk,7,\"a context, as given\"\n");
  free(csv);
  csv = table(dir, "documents.csv");
  /* the second row: no items, and the duplicate's status */
  assert_non_null(strstr(csv, "\n2,2025-10-06.md,2025-10-06,2025-W41,"));
  assert_non_null(strstr(csv, ",2025-W41,Daily,1,")); /* the first: its one item */
  assert_non_null(strstr(csv, ",2025-W41,Daily,0,"));
  assert_non_null(strstr(csv, ",duplicate-of:first.md,"));
  char fingerprint[20];
  snprintf(fingerprint, sizeof fingerprint, ",%016llx\n", (unsigned long long)d.src.hash);
  assert_non_null(strstr(csv, fingerprint));
  free(csv);
  tl_digest_free(&d);
  tu_rm_rf(dir);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(context_is_one_line_with_tabs_as_spaces),
      cmocka_unit_test(rows_use_the_names_given),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
