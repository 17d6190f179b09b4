#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "diag.h"
#include "frontmatter.h"

/* Parses text, capturing the messages it reports. */
static tl_buf messages = TL_BUF_INIT;

static void parse(const char *text, tl_frontmatter *fm) {
  tl_buf_reset(&messages);
  tl_diag_capture(&messages);
  tl_frontmatter_parse(text, strlen(text), "t.md", fm);
  tl_diag_capture(NULL);
}

static void reads_scalars_quoted_or_not(void **state) {
  (void)state;
  tl_frontmatter fm;
  const char *text = "---\n"
                     "title: \"2025.10.05 全球AI新闻速递\"\n"
                     "date: 2025-10-05T09:12:49+08:00\n"
                     "draft: false\n"
                     "weight: 30\n"
                     "---\n"
                     "body";
  parse(text, &fm);
  assert_true(fm.present);
  assert_string_equal(fm.title, "2025.10.05 全球AI新闻速递");
  assert_string_equal(fm.date, "2025-10-05T09:12:49+08:00");
  assert_int_equal(fm.date_line, 3);
  assert_string_equal(text + fm.body_offset, "body");
  assert_int_equal(fm.body_line, 7);
  assert_int_equal(fm.problems, 0);
  assert_int_equal(messages.len, 0);
  tl_frontmatter_free(&fm);

  parse("---\ntitle: 'It''s # not a comment'\ndate: \"2026-04-09\" # quoted\n---\n", &fm);
  assert_string_equal(fm.title, "It's # not a comment");
  assert_string_equal(fm.date, "2026-04-09");
  tl_frontmatter_free(&fm);

  parse("---\ntitle: plain words # a comment\n---\n", &fm);
  assert_string_equal(fm.title, "plain words");
  tl_frontmatter_free(&fm);
}

static void reads_flow_and_block_lists(void **state) {
  (void)state;
  tl_frontmatter fm;
  parse("---\n"
        "categories: [\"AI\", \"科技\", 产业动态]\n"
        "tags: ['AI简报', '洞察: 医疗, 社工', 'x''y']\n"
        "---\n",
        &fm);
  assert_int_equal(fm.n_categories, 3);
  assert_string_equal(fm.categories[1], "科技");
  assert_string_equal(fm.categories[2], "产业动态");
  assert_int_equal(fm.n_tags, 3);
  assert_string_equal(fm.tags[1], "洞察: 医疗, 社工");
  assert_string_equal(fm.tags[2], "x'y");
  tl_frontmatter_free(&fm);

  parse("---\ntags:\n  - one\n  - \"two\"\ncategories: [a,\n  b]\n---\n", &fm);
  assert_int_equal(fm.n_tags, 2);
  assert_string_equal(fm.tags[1], "two");
  assert_int_equal(fm.n_categories, 2);
  assert_string_equal(fm.categories[1], "b");
  assert_int_equal(fm.problems, 0);
  tl_frontmatter_free(&fm);
}

static void reads_folded_and_continued_scalars(void **state) {
  (void)state;
  tl_frontmatter fm;
  parse("---\n"
        "title: 09-15-Daily\n"
        "description: >-\n"
        "  A personal daily digest that filters\n"
        "  the noise.\n"
        "\n"
        "  Second paragraph.\n"
        "date: 2025-09-15\n"
        "---\n",
        &fm);
  assert_string_equal(fm.title, "09-15-Daily");
  assert_string_equal(fm.date, "2025-09-15");
  assert_int_equal(fm.problems, 0);
  tl_frontmatter_free(&fm);

  parse("---\ntitle: a title that\n  goes on\n---\n", &fm);
  assert_string_equal(fm.title, "a title that goes on");
  tl_frontmatter_free(&fm);

  parse("---\ntitle: |\n  line one\n  line two\n---\n", &fm);
  assert_string_equal(fm.title, "line one\nline two");
  tl_frontmatter_free(&fm);
}

static void accepts_crlf(void **state) {
  (void)state;
  tl_frontmatter fm;
  const char *text = "---\r\ntitle: \"CRLF\"\r\ndate: 2025-07-26\r\ntags: [a, b]\r\n---\r\n## body\r\n";
  parse(text, &fm);
  assert_string_equal(fm.title, "CRLF");
  assert_string_equal(fm.date, "2025-07-26");
  assert_int_equal(fm.n_tags, 2);
  assert_string_equal(text + fm.body_offset, "## body\r\n");
  assert_int_equal(fm.body_line, 6);
  tl_frontmatter_free(&fm);
}

static void no_front_matter(void **state) {
  (void)state;
  tl_frontmatter fm;
  parse("# 🤖 AI行业速递 - 2025年10月10日\n\n---\n", &fm);
  assert_false(fm.present);
  assert_int_equal(fm.body_offset, 0);
  assert_int_equal(fm.body_line, 1);
  assert_null(fm.title);
  tl_frontmatter_free(&fm);
  parse("", &fm);
  assert_false(fm.present);
  tl_frontmatter_free(&fm);
}

static void reports_malformed_lines_with_their_number(void **state) {
  (void)state;
  tl_frontmatter fm;
  parse("---\ntitle: ok\nthis line is not yaml\ndate: 2025-10-05\ntags: [a, b\n---\nbody", &fm);
  assert_int_equal(fm.problems, 2);
  assert_non_null(strstr(messages.data, "t.md:3: front matter: expected `key: value`"));
  assert_non_null(strstr(messages.data, "t.md:5: front matter: flow list is not closed"));
  assert_string_equal(fm.date, "2025-10-05"); /* the good lines still count */
  tl_frontmatter_free(&fm);

  parse("---\ntitle: \"never closed\n---\n", &fm);
  assert_int_equal(fm.problems, 1);
  assert_non_null(strstr(messages.data, "t.md:2: front matter: quoted value is not closed"));
  tl_frontmatter_free(&fm);
}

static void unclosed_block_keeps_the_body(void **state) {
  (void)state;
  tl_frontmatter fm;
  const char *text = "---\ntitle: \"2025.10.05 速递\"\ndate: 2025-10-05\n\n## 1. OpenAI 发布新模型\n\n正文。\n";
  parse(text, &fm);
  assert_true(fm.present);
  assert_int_equal(fm.problems, 1);
  assert_non_null(strstr(messages.data, "t.md:1: front matter: the `---` block is never closed"));
  assert_string_equal(fm.date, "2025-10-05");
  assert_string_equal(text + fm.body_offset, "## 1. OpenAI 发布新模型\n\n正文。\n");
  assert_int_equal(fm.body_line, 5);
  tl_frontmatter_free(&fm);

  /* truncated right after the opening fence */
  parse("---\ntitle: x", &fm);
  assert_int_equal(fm.problems, 1);
  assert_string_equal(fm.title, "x");
  tl_frontmatter_free(&fm);
}

static int teardown(void **state) {
  (void)state;
  tl_buf_free(&messages);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_scalars_quoted_or_not),
      cmocka_unit_test(reads_flow_and_block_lists),
      cmocka_unit_test(reads_folded_and_continued_scalars),
      cmocka_unit_test(accepts_crlf),
      cmocka_unit_test(no_front_matter),
      cmocka_unit_test(reports_malformed_lines_with_their_number),
      cmocka_unit_test(unclosed_block_keeps_the_body),
  };
  return cmocka_run_group_tests(tests, NULL, teardown);
}
