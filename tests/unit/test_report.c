#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <math.h>

#include "buf.h"
#include "csvread.h"
#include "diag.h"
#include "report.h"
#include "testutil.h"

#define MARKER "/tmp/tl_hostile_marker" /* what the hostile fixture names try to create */

static const char *const basic_weeks[] = {"2025-W38", "2025-W39", "2025-W40", "2025-W41", "2025-W42", "2025-W43"};
#define N_BASIC_WEEKS (sizeof basic_weeks / sizeof *basic_weeks)

/* A fresh parent folder holding out/, a copy of the fixture tables `set`
 * (NULL: out/ stays empty). The caller frees *parent and *out and removes
 * *parent. */
static void stage(const char *set, char **parent, char **out) {
  *parent = tu_mkdtemp("tl_report");
  tl_buf b = TL_BUF_INIT;
  tl_buf_printf(&b, "%s/out", *parent);
  *out = tl_buf_detach(&b);
  if (mkdir(*out, 0777) != 0)
    fail_msg("mkdir %s", *out);
  if (set) {
    tl_buf_printf(&b, "%s/tables/%s", tu_fixtures(), set);
    tu_copy_files(b.data, *out);
  }
  tl_buf_free(&b);
}

/* Removes what stage() made and frees its names. */
static void unstage(char *parent, char *out) {
  tu_rm_rf(parent);
  free(parent);
  free(out);
}

static char *file_in(const char *dir, const char *rel) {
  tl_buf b = TL_BUF_INIT;
  tl_buf_printf(&b, "%s/%s", dir, rel);
  return tl_buf_detach(&b);
}

static void write_in(const char *dir, const char *rel, const char *text) {
  char *p = file_in(dir, rel);
  tu_write(p, text, 0644);
  free(p);
}

static char *read_in(const char *dir, const char *rel) {
  char *p = file_in(dir, rel);
  char *text = tu_read(p, NULL);
  if (!text)
    fail_msg("cannot read %s", p);
  free(p);
  return text;
}

/* --- an HTML checker, enough for what cmark and the page template write --- */

static int is_void(const char *tag, size_t len) {
  static const char *const v[] = {"meta", "img", "br", "hr", "link", "input"};
  for (size_t i = 0; i < sizeof v / sizeof *v; i++)
    if (strlen(v[i]) == len && strncmp(v[i], tag, len) == 0)
      return 1;
  return 0;
}

static void percent_decode(const char *s, size_t len, tl_buf *out) {
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '%' && i + 2 < len && isxdigit((unsigned char)s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
      char hex[3] = {s[i + 1], s[i + 2], 0};
      tl_buf_putc(out, (int)strtol(hex, NULL, 16));
      i += 2;
    } else if (s[i] == '&' && strncmp(s + i, "&amp;", 5) == 0) {
      tl_buf_putc(out, '&');
      i += 4;
    } else {
      tl_buf_putc(out, s[i]);
    }
  }
}

/* Every tag closed in order, attributes quoted, entities well formed, and
 * every href and src either an http(s) URL or a relative path to a file
 * that exists next to the page. Returns the number of <img> seen. */
static int check_html(const char *dir, const char *rel) {
  char *html = read_in(dir, rel);
  char *page = file_in(dir, rel);
  char *slash = strrchr(page, '/');
  *slash = '\0'; /* the page's folder */
  const char *stack[64];
  size_t stack_len[64], depth = 0;
  int images = 0;
  assert_int_equal(strncmp(html, "<!DOCTYPE html>\n", 16), 0);
  for (const char *p = html + 16; *p; p++) {
    if (*p == '&') {
      const char *q = p + 1;
      if (*q == '#')
        q++;
      while (isalnum((unsigned char)*q))
        q++;
      if (*q != ';' || q == p + 1)
        fail_msg("%s: a bare & at \"%.30s\"", rel, p);
      continue;
    }
    if (*p == '>')
      fail_msg("%s: a bare > at \"%.30s\"", rel, p);
    if (*p != '<')
      continue;
    if (strncmp(p, "<!--", 4) == 0) {
      const char *end = strstr(p, "-->");
      assert_non_null(end);
      p = end + 2;
      continue;
    }
    int closing = p[1] == '/';
    const char *name = p + 1 + closing;
    size_t len = 0;
    while (isalnum((unsigned char)name[len]))
      len++;
    if (len == 0)
      fail_msg("%s: a bare < at \"%.30s\"", rel, p);
    const char *q = name + len;
    int self_closing = 0;
    while (*q && *q != '>') { /* attributes: name="value" */
      if (*q == ' ') {
        q++;
        continue;
      }
      if (*q == '/' && q[1] == '>') {
        self_closing = 1;
        q++;
        continue;
      }
      const char *attr = q;
      while (isalnum((unsigned char)*q) || *q == '-')
        q++;
      size_t attr_len = (size_t)(q - attr);
      if (attr_len == 0 || *q != '=' || q[1] != '"')
        fail_msg("%s: a malformed attribute at \"%.40s\"", rel, attr);
      const char *value = q + 2, *end = strchr(value, '"');
      assert_non_null(end);
      assert_null(memchr(value, '<', (size_t)(end - value)));
      if ((attr_len == 4 && strncmp(attr, "href", 4) == 0) || (attr_len == 3 && strncmp(attr, "src", 3) == 0)) {
        tl_buf target = TL_BUF_INIT;
        percent_decode(value, (size_t)(end - value), &target);
        if (strncmp(target.data, "https://", 8) != 0 && strncmp(target.data, "http://", 7) != 0) {
          if (strchr(target.data, ':'))
            fail_msg("%s: a link that is no http(s) URL nor a relative path: %s", rel, target.data);
          tl_buf file = TL_BUF_INIT;
          tl_buf_printf(&file, "%s/%s", page, target.data);
          if (!tu_exists(file.data))
            fail_msg("%s: links to %s, which does not exist", rel, target.data);
          tl_buf_free(&file);
        }
        tl_buf_free(&target);
      }
      q = end + 1;
    }
    assert_int_equal(*q, '>');
    if (len == 3 && strncmp(name, "img", 3) == 0)
      images++;
    if (closing) {
      if (depth == 0 || stack_len[depth - 1] != len || strncmp(stack[depth - 1], name, len) != 0)
        fail_msg("%s: </%.*s> closes <%.*s>", rel, (int)len, name, depth ? (int)stack_len[depth - 1] : 0,
                 depth ? stack[depth - 1] : "");
      depth--;
    } else if (!self_closing && !is_void(name, len)) {
      assert_true(depth < 64);
      stack[depth] = name;
      stack_len[depth++] = len;
    }
    /* what style holds is no markup */
    if (!closing && len == 5 && strncmp(name, "style", 5) == 0) {
      const char *end = strstr(q, "</style>");
      assert_non_null(end);
      q = end - 1;
    }
    p = q;
  }
  assert_int_equal(depth, 0);
  free(html);
  free(page);
  return images;
}

/* --- golden reports --- */

/* The file at got_path equals the one at expected_path. With may_update
 * and TL_UPDATE_GOLDEN set, the expected file is rewritten first (then
 * review it): only the tests that make the golden files may. */
static void compare_golden(const char *got_path, const char *expected_path, int may_update) {
  size_t got_len;
  char *got = tu_read(got_path, &got_len);
  assert_non_null(got);
  if (may_update && getenv("TL_UPDATE_GOLDEN")) {
    FILE *f = fopen(expected_path, "wb");
    assert_non_null(f);
    fwrite(got, 1, got_len, f);
    fclose(f);
  }
  char *want = tu_read(expected_path, NULL);
  if (!want)
    fail_msg("no expected file %s (run once with TL_UPDATE_GOLDEN=1 and review it)", expected_path);
  if (strcmp(got, want) != 0)
    fail_msg("%s differs from %s", got_path, expected_path);
  free(got);
  free(want);
}

/* weekly/W.md of basic_weeks[from..to) against the basic fixture's
 * expected reports. */
static void expect_basic_weeks(const char *out, size_t from, size_t to, int may_update) {
  for (size_t i = from; i < to; i++) {
    tl_buf got = TL_BUF_INIT, want = TL_BUF_INIT;
    tl_buf_printf(&got, "%s/weekly/%s.md", out, basic_weeks[i]);
    tl_buf_printf(&want, "%s/tables/basic.expected/%s.md", tu_fixtures(), basic_weeks[i]);
    compare_golden(got.data, want.data, may_update);
    tl_buf_free(&got);
    tl_buf_free(&want);
  }
}

static void writes_the_expected_markdown(void **state) {
  (void)state;
  char *parent, *out;
  stage("basic", &parent, &out);
  const char *entities[] = {"DeepSeek", "英伟达"};
  tl_report_options opt = {.gnuplot = "/nonexistent/gnuplot", .entities = entities, .n_entities = 2};
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_report_write(out, &opt), 1); /* 1: charts not rendered */
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "/nonexistent/gnuplot: cannot run"));
  assert_non_null(strstr(sink.data, "charts not rendered"));
  assert_non_null(strstr(sink.data, "gnuplot NAME.gp"));
  expect_basic_weeks(out, 0, N_BASIC_WEEKS, 1);
  char *index = file_in(out, "index.html");
  tl_buf want = TL_BUF_INIT;
  tl_buf_printf(&want, "%s/tables/basic.expected/index.html", tu_fixtures());
  compare_golden(index, want.data, 1);
  /* without pictures nothing embeds one, and every page is sound */
  assert_int_equal(check_html(out, "index.html"), 0);
  for (size_t i = 0; i < N_BASIC_WEEKS; i++) {
    tl_buf rel = TL_BUF_INIT;
    tl_buf_printf(&rel, "weekly/%s.html", basic_weeks[i]);
    assert_int_equal(check_html(out, rel.data), 0);
    tl_buf_free(&rel);
  }
  tl_buf_free(&want);
  tl_buf_free(&sink);
  free(index);
  unstage(parent, out);
}

/* The numbers of week 42, against what the fixture's facts say. */
static void counts_from_the_tables(void **state) {
  (void)state;
  char *parent, *out;
  stage("basic", &parent, &out);
  tl_report_options opt = {.gnuplot = "/nonexistent/gnuplot", .weeks = 2};
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_report_write(out, &opt), 1);
  tl_diag_capture(NULL);
  char *md = read_in(out, "weekly/2025-W42.md");
  /* the backup copy of 2025-10-14 counts nowhere */
  assert_non_null(strstr(md, "**3 digests**, dated 2025-10-13 to 2025-10-16, with **8 news items**"));
  assert_null(strstr(md, "9999亿美元"));
  assert_non_null(strstr(md, "**Change from 2025-W41:** digests 0 (3 to 3), news items +1 (7 to 8, +14.3%)"));
  /* Kimi is new: no share change exists for it yet */
  assert_non_null(
      strstr(md, "1. **Kimi** (model of 月之暗面): 3 mentions (+3) in 2 items, 25.0% of items, trend ▁▁▁▁█"));
  assert_non_null(
      strstr(md, "2. **OpenAI** (org): 2 mentions (-2) in 2 items, 25.0% of items (-17.9 pt), trend ▄▄▆█▅"));
  assert_non_null(strstr(md, "- Falling: **英伟达** (z -4.12, slope -6.64 pt/week, 1 mention)."));
  /* a name and its parent are no news as a pair */
  assert_null(strstr(md, "**Kimi** and **月之暗面**"));
  assert_non_null(strstr(md, "1. **OpenAI** and **甲骨文**: 2 items"));
  /* the same deal in two digests is listed once */
  const char *first = strstr(md, "**3000亿美元**");
  assert_non_null(first);
  assert_null(strstr(first + 1, "**3000亿美元**"));
  assert_non_null(strstr(md, "**€2 million** (EUR, no USD rate)"));
  assert_null(strstr(md, "约合930亿元")); /* a restatement of 130亿美元 */
  /* candidates first seen after the week are not shown yet */
  assert_null(strstr(md, "星辰智算"));
  assert_non_null(strstr(md, "**深度求索**: 2 mentions in 2 digests, first seen 2025-10-13 (new this week)"));
  free(md);
  /* a title and its summary giving one sum: one line, the names of both */
  md = read_in(out, "weekly/2025-W43.md");
  assert_non_null(
      strstr(md, "1. **数百亿美元** (USD, about $50B): Anthropic, Google; in [Anthropic 与 Google 云合作]"));
  assert_null(strstr(md, "500亿美元"));
  free(md);
  tl_buf_free(&sink);
  unstage(parent, out);
}

static void renders_and_embeds_charts(void **state) {
  (void)state;
  if (!tu_have_program("gnuplot"))
    skip();
  char *parent, *out;
  stage("basic", &parent, &out);
  const char *entities[] = {"deepseek"}; /* another case finds the name too */
  tl_report_options opt = {.entities = entities, .n_entities = 1, .top = 5};
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  int rc = tl_report_write(out, &opt);
  tl_diag_capture(NULL);
  if (rc != 0)
    fail_msg("rc %d: %s", rc, sink.data);
  static const char *const charts[] = {"timeline",      "entity-deepseek", "week-2025-W38", "week-2025-W39",
                                       "week-2025-W40", "week-2025-W41",   "week-2025-W42", "week-2025-W43",
                                       "cooccurrence",  "amounts"};
  for (size_t i = 0; i < sizeof charts / sizeof *charts; i++) {
    tl_buf png = TL_BUF_INIT;
    tl_buf_printf(&png, "%s/charts/%s.png", out, charts[i]);
    unsigned w = 0, h = 0;
    if (!tu_png_size(png.data, &w, &h))
      fail_msg("no picture %s", png.data);
    assert_int_equal(w, 1200);
    assert_int_equal(h, 675);
    tl_buf_free(&png);
  }
  char *md = read_in(out, "weekly/2025-W43.md");
  assert_non_null(strstr(md, "[![Top 5 names of 2025-W43 by mentions](<../charts/week-2025-W43.png>)]"
                             "(<../charts/week-2025-W43.svg>)"));
  assert_non_null(strstr(md, "(<../charts/entity-deepseek.png>)"));
  assert_null(strstr(md, "not rendered"));
  free(md);
  /* week chart, timeline, entity, heat map, amounts */
  assert_int_equal(check_html(out, "weekly/2025-W43.html"), 5);
  assert_int_equal(check_html(out, "index.html"), 4);
  tl_buf_free(&sink);
  unstage(parent, out);
}

static void hostile_names_stay_text(void **state) {
  (void)state;
  unlink(MARKER);
  char *parent, *out;
  stage("hostile", &parent, &out);
  const char *entities[] = {"../../etc/passwd", "`touch " MARKER "`", "<script>alert(1)</script>", "Line\nBreak Corp"};
  int have = tu_have_program("gnuplot");
  tl_report_options opt = {.entities = entities, .n_entities = 4, .gnuplot = have ? NULL : "/nonexistent/gnuplot"};
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  int rc = tl_report_write(out, &opt);
  tl_diag_capture(NULL);
  if (rc != (have ? 0 : 1))
    fail_msg("rc %d: %s", rc, sink.data);
  assert_false(tu_exists(MARKER));

  /* nothing outside the output folder, and only the expected files in it */
  tl_buf listing = TL_BUF_INIT;
  tu_list(parent, &listing);
  tl_buf want = TL_BUF_INIT;
  tl_buf_puts(&want, "out/\n");
  static const char *const tables[] = {"amounts.csv",      "amounts_weekly.csv", "candidates.csv", "charts/",
                                       "cooccurrence.csv", "daily.csv",          "documents.csv",  "entities.csv",
                                       "index.html",       "items.csv",          "mentions.csv",   "timeline_wide.csv",
                                       "weekly/",          "weekly.csv"};
  static const char *const charts[] = {"amounts",
                                       "cooccurrence",
                                       "entity-etc-passwd",
                                       "entity-line-break-corp",
                                       "entity-script-alert-1-script",
                                       "entity-touch-tmp-tl-hostile-marker",
                                       "timeline",
                                       "week-2025-W42",
                                       "week-2025-W43"};
  for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
    tl_buf_printf(&want, "out/%s\n", tables[i]);
    if (strcmp(tables[i], "charts/") == 0)
      for (size_t c = 0; c < sizeof charts / sizeof *charts; c++) {
        tl_buf_printf(&want, "out/charts/%s.dat\nout/charts/%s.gp\n", charts[c], charts[c]);
        if (have)
          tl_buf_printf(&want, "out/charts/%s.png\nout/charts/%s.svg\n", charts[c], charts[c]);
      }
    if (strcmp(tables[i], "weekly/") == 0)
      tl_buf_puts(&want, "out/weekly/2025-W42.html\nout/weekly/2025-W42.md\n"
                         "out/weekly/2025-W43.html\nout/weekly/2025-W43.md\n");
  }
  /* tu_list sorts by byte: put ours in the same order */
  char *lines[128];
  size_t n = 0;
  for (char *save = NULL, *l = strtok_r(want.data, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
    lines[n++] = l;
  qsort(lines, n, sizeof *lines, tu_cmp_str);
  tl_buf sorted = TL_BUF_INIT;
  for (size_t i = 0; i < n; i++)
    tl_buf_printf(&sorted, "%s\n", lines[i]);
  assert_string_equal(listing.data, sorted.data);

  /* the Markdown shows the names as written, escaped */
  char *md = read_in(out, "weekly/2025-W43.md");
  assert_non_null(strstr(md, "**\\<script\\>alert(1)\\</script\\>**"));
  assert_non_null(strstr(md, "**\\`touch /tmp/tl\\_hostile\\_marker\\`**"));
  assert_non_null(strstr(md, "**\\*bold\\* \\_em\\_ \\[x\\](javascript:alert(1)) \\| pipe**"));
  assert_non_null(strstr(md, "**\\# heading**"));
  assert_non_null(strstr(md, "**Line Break Corp**"));
  /* only http(s) links, percent-encoded inside <...> */
  assert_non_null(strstr(md, "](<https://ok.example.com/a%20b%3Cc%3E\"d'>)"));
  assert_null(strstr(md, "](<javascript"));
  assert_null(strstr(md, "](<file:"));
  free(md);

  /* the HTML holds no markup from the tables */
  static const char *const pages[] = {"weekly/2025-W42.html", "weekly/2025-W43.html", "index.html"};
  for (size_t i = 0; i < 3; i++) {
    check_html(out, pages[i]);
    char *html = read_in(out, pages[i]);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<img src=x"));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "javascript:alert(1)\""));
    free(html);
  }
  char *html = read_in(out, "weekly/2025-W43.html");
  assert_non_null(strstr(html, "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>"));
  assert_non_null(strstr(html, "<strong>*bold* _em_ [x](javascript:alert(1)) | pipe</strong>"));
  free(html);
  tl_buf_free(&sorted);
  tl_buf_free(&want);
  tl_buf_free(&listing);
  tl_buf_free(&sink);
  unstage(parent, out);
}

static void selects_weeks(void **state) {
  (void)state;
  char *parent, *out;
  stage("basic", &parent, &out);
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  tl_report_options opt = {.gnuplot = "/nonexistent/gnuplot", .weeks = 2};
  assert_int_equal(tl_report_write(out, &opt), 1);
  tl_buf listing = TL_BUF_INIT;
  char *weekly = file_in(out, "weekly");
  tu_list(weekly, &listing);
  assert_string_equal(listing.data, "2025-W42.html\n2025-W42.md\n2025-W43.html\n2025-W43.md\n");
  char *bars = file_in(out, "charts/week-2025-W41.gp");
  assert_false(tu_exists(bars));
  free(bars);
  /* the index lists every week and links those with a report */
  char *index = read_in(out, "index.html");
  assert_non_null(strstr(index, "<a href=\"weekly/2025-W43.html\">2025-W43</a>"));
  assert_non_null(strstr(index, "2025-W41 (no report written)"));
  free(index);

  opt.weeks = 0;
  opt.week = "2025-W38";
  assert_int_equal(tl_report_write(out, &opt), 1);
  tl_buf_reset(&listing);
  tu_list(weekly, &listing);
  assert_string_equal(listing.data,
                      "2025-W38.html\n2025-W38.md\n2025-W42.html\n2025-W42.md\n2025-W43.html\n2025-W43.md\n");
  char *md = read_in(out, "weekly/2025-W38.md");
  assert_non_null(strstr(md, "the first week of the archive"));
  free(md);

  tl_buf_reset(&sink);
  opt.week = "2025-42";
  assert_int_equal(tl_report_write(out, &opt), -1);
  assert_non_null(strstr(sink.data, "--week 2025-42: not an ISO week"));
  opt.week = "2030-W01";
  assert_int_equal(tl_report_write(out, &opt), -1);
  assert_non_null(
      strstr(sink.data, "--week 2030-W01: no digests that week (weeks with digests: 2025-W38 to 2025-W43)"));
  tl_diag_capture(NULL);
  free(weekly);
  tl_buf_free(&listing);
  tl_buf_free(&sink);
  unstage(parent, out);
}

static void reports_bad_tables_and_names(void **state) {
  (void)state;
  char *parent, *out;
  stage("basic", &parent, &out);
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  const char *entities[] = {"Nobody Inc"};
  tl_report_options opt = {.gnuplot = "/nonexistent/gnuplot", .entities = entities, .n_entities = 1};
  assert_int_equal(tl_report_write(out, &opt), 1);
  assert_non_null(strstr(sink.data, "--entity Nobody Inc: no such name in entities.csv"));

  /* optional tables missing or damaged: their sections say so */
  char *amounts = file_in(out, "amounts.csv"), *cands = file_in(out, "candidates.csv");
  tu_write(amounts, "doc,item,surface,currency,usd,kind,entities\n1,\"2,x\n", 0644);
  unlink(cands);
  opt.n_entities = 0;
  tl_buf_reset(&sink);
  assert_int_equal(tl_report_write(out, &opt), 1);
  assert_non_null(strstr(sink.data, "amounts.csv:2: malformed CSV"));
  char *md = read_in(out, "weekly/2025-W42.md");
  assert_non_null(strstr(md, "Not available: amounts.csv could not be read."));
  assert_non_null(strstr(md, "Not available: candidates.csv is missing."));
  assert_non_null(strstr(md, "## Strongest pairs")); /* the rest is all there */
  assert_non_null(strstr(md, "1. **OpenAI** and **甲骨文**"));
  free(md);

  /* a required table damaged or missing is fatal, and says where */
  tl_buf_reset(&sink);
  char *weekly = file_in(out, "weekly.csv");
  tu_write(weekly, "week,entity,mentions\n2025-W42,OpenAI,3\n", 0644);
  assert_int_equal(tl_report_write(out, &opt), -1);
  assert_non_null(strstr(sink.data, "weekly.csv:1: missing column \"items\""));
  tl_buf_reset(&sink);
  tu_write(weekly, "week,entity,mentions,items,share,change,zscore,slope\n\"2025-W42,OpenAI\n", 0644);
  assert_int_equal(tl_report_write(out, &opt), -1);
  assert_non_null(strstr(sink.data, "weekly.csv:2: malformed CSV"));
  unlink(weekly);
  tl_buf_reset(&sink);
  assert_int_equal(tl_report_write(out, &opt), -1);
  assert_non_null(strstr(sink.data, "weekly.csv: cannot open"));
  tl_diag_capture(NULL);
  free(weekly);
  free(amounts);
  free(cands);
  tl_buf_free(&sink);
  unstage(parent, out);
}

/* Only the three required tables, doc numbers far apart (as after
 * --since over a large archive), a doc number repeated. */
static void works_from_the_required_tables_alone(void **state) {
  (void)state;
  char *parent, *out;
  stage(NULL, &parent, &out);
  write_in(out, "documents.csv",
           "doc,path,date,week,title,items,bytes,status\n"
           "99001,a.md,2025-10-13,2025-W42,A,4,10,ok\n"
           "99002,b.md,2025-10-14,2025-W42,B,6,10,ok\n"
           "99002,c.md,2025-10-15,2025-W42,C,6,10,ok\n"
           "99003,d.md,,,D,0,10,no-date\n");
  write_in(out, "entities.csv",
           "entity,type,parent,mentions,items,documents,first_date,last_date\n"
           "OpenAI,org,,3,2,2,2025-10-13,2025-10-14\n");
  write_in(out, "weekly.csv",
           "week,entity,mentions,items,share,change,zscore,slope\n"
           "2025-W42,OpenAI,3,2,0.2,,,\n");
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  tl_report_options opt = {.gnuplot = "/nonexistent/gnuplot"};
  assert_int_equal(tl_report_write(out, &opt), 1);
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "documents.csv:4: doc is not a new document number: skipped"));
  assert_null(strstr(sink.data, "documents.csv:5")); /* undated: said when the table was made */
  char *md = read_in(out, "weekly/2025-W42.md");
  assert_non_null(strstr(md, "**2 digests**, dated 2025-10-13 to 2025-10-14, with **10 news items**"));
  assert_non_null(strstr(md, "1. **OpenAI** (org): 3 mentions in 2 items, 20.0% of items, trend █"));
  assert_non_null(strstr(md, "Not available: mentions.csv is missing."));
  assert_non_null(strstr(md, "Not available: amounts.csv is missing."));
  free(md);
  check_html(out, "weekly/2025-W42.html");
  check_html(out, "index.html");
  tl_buf_free(&sink);
  unstage(parent, out);
}

/* Tables with no dated digest: an index that says so, and no failure. */
static void says_when_there_is_nothing_to_report(void **state) {
  (void)state;
  char *parent, *out;
  stage(NULL, &parent, &out);
  write_in(out, "documents.csv", "doc,path,date,week,title,items,bytes,status\n1,x.md,,,X,0,3,no-date\n");
  write_in(out, "entities.csv", "entity,type,parent,mentions,items,documents,first_date,last_date\n");
  write_in(out, "weekly.csv", "week,entity,mentions,items,share,change,zscore,slope\n");
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_report_write(out, NULL), 0);
  tl_report_options opt = {.week = "2025-W01"};
  assert_int_equal(tl_report_write(out, &opt), -1);
  tl_diag_capture(NULL);
  assert_string_equal(sink.data, "trendlens: --week 2025-W01: no dated digests at all\n");
  char *index = read_in(out, "index.html");
  assert_non_null(strstr(index, "No dated digests in these tables"));
  free(index);
  check_html(out, "index.html");
  tl_buf_free(&sink);
  unstage(parent, out);
}

/* --- tables read a week at a time --- */

static void put_cell(tl_buf *b, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    tl_buf_puts(b, s);
    return;
  }
  tl_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"')
      tl_buf_putc(b, '"');
    tl_buf_putc(b, *s);
  }
  tl_buf_putc(b, '"');
}

/* Rewrites out/name with the doc numbers mapped through to[] (to[old] is
 * the new number) and its rows in the new doc order, ties kept in order. */
static void renumber(const char *out, const char *name, const long *to, size_t n_to) {
  char *path = file_in(out, name);
  tl_csv *t = tl_csv_read(path);
  assert_non_null(t);
  long doc = tl_csv_column(t, "doc");
  size_t rows = tl_csv_rows(t), cols = tl_csv_columns(t);
  size_t *order = calloc(rows + 1, sizeof *order);
  long *key = calloc(rows + 1, sizeof *key);
  for (size_t i = 0; i < rows; i++) {
    long d = atol(tl_csv_cell(t, i, doc));
    key[i] = d > 0 && (size_t)d < n_to ? to[d] : d;
    size_t j = i;
    for (; j > 0 && key[order[j - 1]] > key[i]; j--)
      order[j] = order[j - 1];
    order[j] = i;
  }
  tl_buf b = TL_BUF_INIT;
  for (size_t c = 0; c < cols; c++) {
    tl_buf_puts(&b, c ? "," : "");
    put_cell(&b, tl_csv_header(t, (long)c));
  }
  tl_buf_putc(&b, '\n');
  for (size_t i = 0; i < rows; i++) {
    for (size_t c = 0; c < cols; c++) {
      tl_buf_puts(&b, c ? "," : "");
      if ((long)c == doc)
        tl_buf_printf(&b, "%ld", key[order[i]]);
      else
        put_cell(&b, tl_csv_cell(t, order[i], (long)c));
    }
    tl_buf_putc(&b, '\n');
  }
  tu_write(path, b.data, 0644);
  tl_buf_free(&b);
  free(order);
  free(key);
  tl_csv_free(t);
  free(path);
}

/* Documents whose weeks do not follow doc order (several sources, each in
 * date order, one after the other): the rows of a week are scattered over
 * the tables, and the reports are those of the tidy fixture. */
static void reads_weeks_scattered_in_doc_order(void **state) {
  (void)state;
  char *parent, *out;
  stage("basic", &parent, &out);
  /* the weeks' documents dealt round robin, each week's in its own order */
  static const long to[] = {0, 1, 7, 2, 8, 3, 9, 4, 10, 13, 5, 11, 14, 16, 6, 12, 15};
  static const char *const tables[] = {"documents.csv", "items.csv", "mentions.csv", "amounts.csv"};
  for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
    renumber(out, tables[i], to, sizeof to / sizeof *to);
  const char *entities[] = {"DeepSeek", "英伟达"};
  tl_report_options opt = {.gnuplot = "/nonexistent/gnuplot", .entities = entities, .n_entities = 2};
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_report_write(out, &opt), 1);
  expect_basic_weeks(out, 0, N_BASIC_WEEKS, 0);
  /* the last weeks alone: documents of earlier weeks are passed by */
  opt.weeks = 3;
  assert_int_equal(tl_report_write(out, &opt), 1);
  tl_diag_capture(NULL);
  expect_basic_weeks(out, N_BASIC_WEEKS - 3, N_BASIC_WEEKS, 0);
  assert_null(strstr(sink.data, "doc order"));
  tl_buf_free(&sink);
  unstage(parent, out);
}

static void append_to(const char *out, const char *name, const char *text) {
  char *path = file_in(out, name);
  char *old = tu_read(path, NULL);
  assert_non_null(old);
  tl_buf b = TL_BUF_INIT;
  tl_buf_puts(&b, old);
  tl_buf_puts(&b, text);
  tu_write(path, b.data, 0644);
  tl_buf_free(&b);
  free(old);
  free(path);
}

/* Damage found after some weeks were written makes the table one that
 * could not be read in every week, as if found first. */
static void damage_late_in_a_table_counts_for_every_week(void **state) {
  (void)state;
  char *parent, *out;
  stage("basic", &parent, &out);
  append_to(out, "amounts.csv", "16,1,2025-10-24,\"10亿美元,1000000000.0,,USD\n");
  /* a mentions.csv row out of doc order, at its end */
  append_to(out, "mentions.csv", "1,1,2025-09-16,OpenAI,org,,OpenAI,6,110\n");
  tl_report_options opt = {.gnuplot = "/nonexistent/gnuplot"};
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_report_write(out, &opt), 1);
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "amounts.csv:13: malformed CSV"));
  assert_non_null(strstr(sink.data, "mentions.csv:71: doc 1 after doc 16: the table is not in doc order"));
  for (size_t i = 0; i < N_BASIC_WEEKS; i++) {
    tl_buf rel = TL_BUF_INIT;
    tl_buf_printf(&rel, "weekly/%s.md", basic_weeks[i]);
    char *text = read_in(out, rel.data);
    assert_non_null(strstr(text, "Not available: amounts.csv could not be read."));
    assert_non_null(strstr(text, "Not available: mentions.csv could not be read."));
    assert_non_null(strstr(text, "## Top entities")); /* the rest is there */
    free(text);
    tl_buf_free(&rel);
  }
  tl_buf_free(&sink);
  unstage(parent, out);
}

/* weekly.csv goes week by week; rows of a week met again later are said
 * and left out, the rest is read. */
static void reports_weekly_rows_out_of_their_week(void **state) {
  (void)state;
  char *parent, *out;
  stage("basic", &parent, &out);
  append_to(out, "weekly.csv", "2025-W38,Nobody Inc,99,9,0.9,,,\n");
  const char *entities[] = {"DeepSeek", "英伟达"};
  tl_report_options opt = {.gnuplot = "/nonexistent/gnuplot", .entities = entities, .n_entities = 2};
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_report_write(out, &opt), 1);
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "weekly.csv:70: rows of week 2025-W38 again after other weeks"));
  tl_buf want = TL_BUF_INIT;
  tl_buf_printf(&want, "%s/tables/basic.expected/2025-W38.md", tu_fixtures());
  char *got = file_in(out, "weekly/2025-W38.md");
  compare_golden(got, want.data, 0);
  free(got);
  tl_buf_free(&want);
  tl_buf_free(&sink);
  unstage(parent, out);
}

static void expect_md(const char *in, const char *want) {
  tl_buf b = TL_BUF_INIT;
  tl_report_md_text(&b, in);
  assert_string_equal(b.data, want);
  tl_buf_free(&b);
}

static void escapes_text_for_markdown(void **state) {
  (void)state;
  expect_md("a_b <x>", "a\\_b \\<x\\>");
  expect_md("*[link](u)* `c` | & ~ ! \\", "\\*\\[link\\](u)\\* \\`c\\` \\| \\& \\~ \\! \\\\");
  expect_md("  two\nlines\t\r here ", "two lines here");
  expect_md("# title", "\\# title");
  expect_md("- item", "\\- item");
  expect_md("+ item", "\\+ item");
  expect_md("= setext", "= setext");
  expect_md("12. point", "12\\. point");
  expect_md("3) point", "3\\) point");
  expect_md("2025 is a year", "2025 is a year");
  /* only what would really open a block is escaped */
  expect_md("6.92亿美元", "6.92亿美元");
  expect_md("-1.5%", "-1.5%");
  expect_md("#tag", "#tag");
  expect_md("###### six", "\\###### six");
  expect_md("---", "\\---");
  expect_md("- - -", "\\- - -");
  expect_md("===", "\\===");
  expect_md("1.", "1\\.");
  expect_md("GPT-5.1 (新)", "GPT-5.1 (新)");
  expect_md("", "");
}

static void draws_sparklines(void **state) {
  (void)state;
  tl_buf b = TL_BUF_INIT;
  double v[] = {0, 1, 2, 3, 4, 5, 6, 7};
  tl_report_sparkline(&b, v, 8);
  assert_string_equal(b.data, "▁▂▃▄▅▆▇█");
  tl_buf_reset(&b);
  double flat[] = {0, 0, NAN};
  tl_report_sparkline(&b, flat, 3);
  assert_string_equal(b.data, "▁▁▁");
  tl_buf_reset(&b);
  double one[] = {0.5};
  tl_report_sparkline(&b, one, 1);
  assert_string_equal(b.data, "█");
  tl_buf_free(&b);
}

/* cmark 0.30 is safe by default: raw HTML and script links are dropped
 * even if Markdown from elsewhere held them. */
static void renders_html_safely(void **state) {
  (void)state;
  char *html = tl_report_html("A <title> & more", "# Hi\n\n<script>alert(1)</script>\n\n"
                                                  "[x](javascript:alert(1)) <b onclick=\"y\">bold</b>\n");
  assert_non_null(strstr(html, "<title>A &lt;title&gt; &amp; more</title>"));
  assert_non_null(strstr(html, "<meta name=\"viewport\""));
  assert_non_null(strstr(html, "Noto Sans CJK SC"));
  assert_non_null(strstr(html, "<h1>Hi</h1>"));
  assert_null(strstr(html, "<script"));
  assert_null(strstr(html, "javascript:"));
  assert_null(strstr(html, "onclick"));
  assert_non_null(strstr(html, "raw HTML omitted"));
  free(html);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(escapes_text_for_markdown),
      cmocka_unit_test(draws_sparklines),
      cmocka_unit_test(renders_html_safely),
      cmocka_unit_test(writes_the_expected_markdown),
      cmocka_unit_test(counts_from_the_tables),
      cmocka_unit_test(renders_and_embeds_charts),
      cmocka_unit_test(hostile_names_stay_text),
      cmocka_unit_test(selects_weeks),
      cmocka_unit_test(reports_bad_tables_and_names),
      cmocka_unit_test(works_from_the_required_tables_alone),
      cmocka_unit_test(says_when_there_is_nothing_to_report),
      cmocka_unit_test(reads_weeks_scattered_in_doc_order),
      cmocka_unit_test(damage_late_in_a_table_counts_for_every_week),
      cmocka_unit_test(reports_weekly_rows_out_of_their_week),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
