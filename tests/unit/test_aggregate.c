/* The aggregator on hand-made documents: what each table counts, worked
 * out by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "load.h"

static char dir[] = "/tmp/tl_aggregate_XXXXXX";

static char *table(const char *name) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  tl_buf b = TL_BUF_INIT;
  assert_int_equal(tl_read_file(path, &b), 0);
  remove(path);
  return tl_buf_detach(&b);
}

static void no_documents_give_headers_only(void **state) {
  (void)state;
  assert_non_null(mkdtemp(dir));
  tl_agg_options opt = {0};
  tl_aggregator *a = tl_aggregator_new(&opt);
  assert_int_equal(tl_aggregator_write(a, dir, 0), 0);
  tl_aggregator_free(a);
  const char *headers[][2] = {{"entities.csv", "entity,type,parent,mentions,items,documents,first_date,last_date\n"},
                              {"daily.csv", "date,entity,mentions,items,share\n"},
                              {"weekly.csv", "week,entity,mentions,items,share,change,zscore,slope\n"},
                              {"cooccurrence.csv", "entity_a,entity_b,items,items_a,items_b,pmi,npmi,g2,p_value\n"},
                              {"amounts_weekly.csv", "week,entity,amounts,usd\n"},
                              {"timeline_wide.csv", "date\n"},
                              {"candidates.csv", "surface,mentions,documents,first_date,example\n"}};
  for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
    char *t = table(headers[i][0]);
    assert_string_equal(t, headers[i][1]);
    free(t);
  }
  rmdir(dir);
}

static void counts_items_once_and_keeps_zero_weeks(void **state) {
  (void)state;
  strcpy(dir, "/tmp/tl_aggregate_XXXXXX");
  assert_non_null(mkdtemp(dir));
  tl_agg_options opt = {0};
  tl_aggregator *a = tl_aggregator_new(&opt);
  /* 2025-10-06 (W41): 4 items; OpenAI twice in item 1, with Oracle; item 2:
   * OpenAI and Oracle again; item 0: Nvidia. */
  tl_agg_mention m1[] = {{1, "OpenAI", "org", ""}, {1, "OpenAI", "org", ""}, {1, "Oracle", "org", ""},
                         {2, "Oracle", "org", ""}, {2, "OpenAI", "org", ""}, {0, "Nvidia", "org", ""}};
  tl_agg_amount a1[] = {{1, "300000000000.00", "OpenAI;Oracle"}, {0, "20.00", "OpenAI"}};
  tl_agg_unknown u1[] = {{"vibesdk", "VibeSDK", 9, "ships VibeSDK today"}, {"vibesdk", "vibesdk", 10, "vibesdk again"}};
  tl_agg_document d1 = {1, "a.md", {2025, 10, 6}, 4, m1, 6, a1, 2, u1, 2};
  tl_aggregator_add(a, &d1);
  /* 2025-10-20 (W43): 5 items, only Nvidia in item 3. W42 has no digest. */
  tl_agg_mention m2[] = {{3, "Nvidia", "org", ""}};
  tl_agg_unknown u2[] = {{"vibesdk", "VIBESDK", 3, "later"}};
  tl_agg_document d2 = {2, "b.md", {2025, 10, 20}, 5, m2, 1, NULL, 0, u2, 1};
  tl_aggregator_add(a, &d2);
  assert_int_equal(tl_aggregator_write(a, dir, 0), 0);
  tl_aggregator_free(a);

  char *t = table("entities.csv");
  /* OpenAI: 3 mentions in 2 distinct items; Nvidia: 2 mentions, 1 news item (the other is item 0) */
  assert_non_null(strstr(t, "OpenAI,org,,3,2,1,2025-10-06,2025-10-06\n"));
  assert_non_null(strstr(t, "Nvidia,org,,2,1,2,2025-10-06,2025-10-20\n"));
  assert_non_null(strstr(t, "Oracle,org,,2,2,1,2025-10-06,2025-10-06\n"));
  free(t);
  t = table("daily.csv");
  /* share = items / N(day): 2/4 */
  assert_non_null(strstr(t, "2025-10-06,OpenAI,3,2,0.5\n"));
  assert_non_null(strstr(t, "2025-10-06,Nvidia,1,0,0\n"));
  assert_non_null(strstr(t, "2025-10-20,Nvidia,1,1,0.2\n"));
  free(t);
  t = table("weekly.csv");
  /* weeks with digests only (W42 absent); OpenAI gets a zero row in W43,
   * change 0 - 0.5 */
  assert_non_null(strstr(t, "2025-W41,OpenAI,3,2,0.5,,,\n"));
  assert_non_null(strstr(t, "2025-W43,OpenAI,0,0,0,-0.5,,\n"));
  assert_null(strstr(t, "W42"));
  free(t);
  t = table("cooccurrence.csv");
  /* OpenAI and Oracle share 2 of N = 9 items, each is in 2: pmi = log2(2*9/4) */
  assert_non_null(strstr(t, "OpenAI,Oracle,2,2,2,2.1699250014,"));
  free(t);
  t = table("amounts_weekly.csv");
  /* the price (is_amount 0) is not summed */
  assert_string_equal(t, "week,entity,amounts,usd\n2025-W41,OpenAI,1,300000000000\n2025-W41,Oracle,1,300000000000\n");
  free(t);
  t = table("timeline_wide.csv");
  assert_string_equal(t, "date,OpenAI,Nvidia,Oracle\n2025-10-06,3,1,2\n2025-10-20,0,1,0\n");
  free(t);
  t = table("candidates.csv");
  /* one key, three sightings in two documents; the first surface and line are the example */
  assert_string_equal(t, "surface,mentions,documents,first_date,example\nVibeSDK,3,2,2025-10-06,a.md:9: ships VibeSDK today\n");
  free(t);
  rmdir(dir);
}

/* All seven tables of one document fed to a fresh aggregator, joined. */
static char *tables_of(const tl_agg_document *d) {
  strcpy(dir, "/tmp/tl_aggregate_XXXXXX");
  assert_non_null(mkdtemp(dir));
  tl_agg_options opt = {.min_pair = 1};
  tl_aggregator *a = tl_aggregator_new(&opt);
  tl_aggregator_add(a, d);
  assert_int_equal(tl_aggregator_write(a, dir, 0), 0);
  tl_aggregator_free(a);
  static const char *const names[] = {"entities.csv", "daily.csv", "weekly.csv", "cooccurrence.csv",
                                      "amounts_weekly.csv", "timeline_wide.csv", "candidates.csv"};
  tl_buf all = TL_BUF_INIT;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char *t = table(names[i]);
    tl_buf_puts(&all, t);
    free(t);
  }
  rmdir(dir);
  return tl_buf_detach(&all);
}

/* The distinct (item, entity) pairs and the co-occurrences come from
 * sorting a document's mentions; the same mentions in a scrambled order
 * must give the same tables. */
static void mention_order_does_not_matter(void **state) {
  (void)state;
  tl_agg_mention in_order[] = {{1, "A", "org", ""}, {1, "C", "org", ""}, {1, "B", "org", ""}, {2, "B", "org", ""},
                               {2, "A", "org", ""}, {3, "C", "org", ""}, {3, "B", "org", ""}, {3, "C", "org", ""}};
  tl_agg_mention scrambled[] = {{3, "C", "org", ""}, {2, "B", "org", ""}, {1, "B", "org", ""}, {3, "B", "org", ""},
                                {1, "C", "org", ""}, {2, "A", "org", ""}, {3, "C", "org", ""}, {1, "A", "org", ""}};
  tl_agg_document d = {1, "a.md", {2025, 10, 6}, 4, in_order, 8, NULL, 0, NULL, 0};
  char *want = tables_of(&d);
  d.mentions = scrambled;
  char *got = tables_of(&d);
  assert_string_equal(got, want);
  /* A-B in items 1 and 2, B-C in 1 and 3, A-C in 1 */
  assert_non_null(strstr(want, "\nA,B,2,2,3,"));
  assert_non_null(strstr(want, "\nB,C,2,3,2,"));
  assert_non_null(strstr(want, "\nA,C,1,2,2,"));
  free(want);
  free(got);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(no_documents_give_headers_only),
      cmocka_unit_test(counts_items_once_and_keeps_zero_weeks),
      cmocka_unit_test(mention_order_does_not_matter),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
