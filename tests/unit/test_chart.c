#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <time.h>

#include "buf.h"
#include "chart.h"
#include "diag.h"
#include "testutil.h"

#define MARKER "/tmp/tl_chart_hostile_marker"

/* Names that try every way out of a gnuplot script. */
static const char *const hostile[] = {
    "`touch " MARKER "`",
    "system(\"touch " MARKER "\")",
    "It's \"quoted\"; @macro # not a comment \\",
    "two\nlines\rand\ttabs",
    "../../etc/passwd",
    "<script>alert(1)</script> & a_b^2{c}",
    "英伟达 NVIDIA",
};
#define N_HOSTILE (sizeof hostile / sizeof *hostile)

static char *path_of(const char *dir, const char *name, const char *ext) {
  tl_buf b = TL_BUF_INIT;
  tl_buf_printf(&b, "%s/%s.%s", dir, name, ext);
  return tl_buf_detach(&b);
}

static void quotes_for_gnuplot(void **state) {
  (void)state;
  tl_buf b = TL_BUF_INIT;
  tl_chart_quote(&b, "It's");
  assert_string_equal(b.data, "'It''s'");
  tl_buf_reset(&b);
  tl_chart_quote(&b, "a\nb\r\tc\x7f");
  assert_string_equal(b.data, "'a b  c '");
  tl_buf_reset(&b);
  /* nothing else changes: gnuplot expands nothing inside '...' */
  tl_chart_quote(&b, "`x` @m; # \"q\" \\");
  assert_string_equal(b.data, "'`x` @m; # \"q\" \\'");
  tl_buf_reset(&b);
  tl_chart_quote(&b, "");
  assert_string_equal(b.data, "''");
  tl_buf_free(&b);
}

static void expect_slug(const char *name, const char *want) {
  char *s = tl_chart_slug(name, NULL, 0);
  assert_string_equal(s, want);
  free(s);
}

static void makes_safe_file_names(void **state) {
  (void)state;
  expect_slug("Claude Opus 4.1", "claude-opus-4-1");
  expect_slug("../etc", "etc");
  expect_slug("../../etc/passwd", "etc-passwd");
  expect_slug("英伟达 NVIDIA", "英伟达-nvidia");
  expect_slug("`touch /tmp/x`", "touch-tmp-x");
  expect_slug("..", "chart");
  expect_slug("", "chart");
  expect_slug("\n\t/", "chart");
  expect_slug("a\xff\xfe"
              "b",
              "a-b"); /* invalid UTF-8 separates */
  expect_slug("abc\xE2\x80\xAE"
              "def",
              "abc-def"); /* a right-to-left override is no letter */
  expect_slug("Ｇｏｏｇｌｅ／ＡＩ", "ｇｏｏｇｌｅ-ａｉ");
  /* long names are cut at a character boundary */
  char *s = tl_chart_slug("通义千问通义千问通义千问通义千问通义千问通义千问通义千问", NULL, 0);
  assert_true(strlen(s) <= 48);
  assert_int_equal(strlen(s) % 3, 0);
  free(s);
  for (size_t i = 0; i < N_HOSTILE; i++) {
    s = tl_chart_slug(hostile[i], NULL, 0);
    assert_null(strchr(s, '/'));
    assert_null(strstr(s, ".."));
    for (const char *p = s; *p; p++)
      assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
    free(s);
  }
}

static void resolves_slug_collisions(void **state) {
  (void)state;
  const char *taken[] = {"a-b", "a-b-2"};
  char *s = tl_chart_slug("A/B", taken, 1);
  assert_string_equal(s, "a-b-2");
  free(s);
  s = tl_chart_slug("A B", taken, 2);
  assert_string_equal(s, "a-b-3");
  free(s);
  s = tl_chart_slug("C", taken, 2);
  assert_string_equal(s, "c");
  free(s);
}

/* The script with every single-quoted string taken out: what gnuplot
 * would read as commands. */
static void commands_only(const char *script, tl_buf *out) {
  int in_single = 0;
  for (const char *p = script; *p; p++) {
    if (in_single) {
      if (*p == '\'' && p[1] == '\'')
        p++;
      else if (*p == '\'')
        in_single = 0;
      continue;
    }
    if (*p == '\'')
      in_single = 1;
    else
      tl_buf_putc(out, *p);
  }
  assert_false(in_single);
}

/* Names reach the script only inside quotes, and the lines of the script
 * and data hold no control characters that could break a line. */
static void check_script(const char *dir, const char *name) {
  char *gp_path = path_of(dir, name, "gp"), *dat_path = path_of(dir, name, "dat");
  char *gp = tu_read(gp_path, NULL), *dat = tu_read(dat_path, NULL);
  assert_non_null(gp);
  assert_non_null(dat);
  tl_buf commands = TL_BUF_INIT;
  commands_only(gp, &commands);
  assert_null(strstr(commands.data, "touch"));
  assert_null(strstr(commands.data, "passwd"));
  assert_null(strstr(commands.data, "script"));
  assert_null(strstr(commands.data, "macro"));
  assert_null(strchr(commands.data, '`'));
  assert_null(strchr(commands.data, '@'));
  for (const char *p = gp; *p; p++)
    assert_true((unsigned char)*p >= 0x20 || *p == '\n');
  /* in the data, names only on comment lines */
  for (const char *line = dat; *line;) {
    const char *end = strchr(line, '\n');
    assert_non_null(end);
    if (*line != '#')
      for (const char *p = line; p < end; p++)
        assert_true(strchr("0123456789.-+eNa\tW", *p) != NULL);
    for (const char *p = line; p < end; p++)
      assert_true((unsigned char)*p >= 0x20 || *p == '\t');
    line = end + 1;
  }
  tl_buf_free(&commands);
  free(gp);
  free(dat);
  free(gp_path);
  free(dat_path);
}

static const char *const weeks[] = {"2025-W40", "2025-W41", "2025-W42", "2025-W43"};

/* One chart of every kind, with hostile names, into dir. */
static void write_all(const char *dir) {
  double grid[4 * N_HOSTILE];
  for (size_t i = 0; i < 4 * N_HOSTILE; i++)
    grid[i] = (double)(i % 7) + 0.5;
  grid[3] = NAN;
  tl_chart_grid g = {4, N_HOSTILE, weeks, hostile, grid};
  assert_int_equal(tl_chart_lines(dir, "lines", hostile[0], "share (%)", &g, 0), 0);
  assert_int_equal(tl_chart_lines(dir, "logs", hostile[1], hostile[2], &g, 1), 0);
  double m[] = {3, 0, 5, 12}, s[] = {10, 0, 12.5, 40};
  int burst[] = {0, 0, 0, 1};
  assert_int_equal(tl_chart_entity(dir, "entity", hostile[2], 4, weeks, m, s, burst, hostile[3]), 0);
  double v[N_HOSTILE];
  for (size_t i = 0; i < N_HOSTILE; i++)
    v[i] = (double)(N_HOSTILE - i);
  assert_int_equal(tl_chart_bars(dir, "bars", hostile[4], hostile[5], N_HOSTILE, hostile, v), 0);
  double npmi[N_HOSTILE * N_HOSTILE], items[N_HOSTILE * N_HOSTILE];
  for (size_t i = 0; i < N_HOSTILE * N_HOSTILE; i++) {
    npmi[i] = (double)(i % 5) / 2.5 - 0.8;
    items[i] = (double)(i % 4);
  }
  npmi[1] = NAN;
  assert_int_equal(tl_chart_heatmap(dir, "heat", hostile[6], N_HOSTILE, hostile, npmi, items), 0);
}

static const char *const all[] = {"lines", "logs", "entity", "bars", "heat"};

static void writes_data_and_scripts_with_names_quoted(void **state) {
  (void)state;
  char *dir = tu_mkdtemp("tl_chart");
  write_all(dir);
  for (size_t i = 0; i < 5; i++)
    check_script(dir, all[i]);
  /* the long name is cut on the chart, with an ellipsis */
  char *bars = path_of(dir, "bars", "gp");
  char *gp = tu_read(bars, NULL);
  assert_non_null(strstr(gp, "'It''s \"quoted\"; @macro # not a …'"));
  assert_non_null(strstr(gp, "'two lines and tabs'"));
  assert_non_null(strstr(gp, "set output outdir.'bars.png'"));
  assert_non_null(strstr(gp, "set terminal pngcairo size 1200,675 noenhanced font 'Noto Sans CJK SC"));
  assert_non_null(strstr(gp, "set terminal svg size 1200,675 noenhanced"));
  free(gp);
  free(bars);
  /* NaN is written so gnuplot leaves a gap */
  char *lines = path_of(dir, "lines", "dat");
  char *dat = tu_read(lines, NULL);
  assert_non_null(strstr(dat, "2025-W40\t0.5\t1.5\t2.5\tNaN\t"));
  free(dat);
  free(lines);
  tl_buf listing = TL_BUF_INIT;
  tu_list(dir, &listing);
  assert_string_equal(listing.data, "bars.dat\nbars.gp\nentity.dat\nentity.gp\nheat.dat\nheat.gp\n"
                                    "lines.dat\nlines.gp\nlogs.dat\nlogs.gp\n");
  tl_buf_free(&listing);
  tu_rm_rf(dir);
  free(dir);
}

static void renders_png_and_svg_with_gnuplot(void **state) {
  (void)state;
  if (!tu_have_program("gnuplot"))
    skip();
  unlink(MARKER);
  char *dir = tu_mkdtemp("tl_chart");
  write_all(dir);
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  int rc = tl_chart_render(dir, all, 5, NULL, 60);
  tl_diag_capture(NULL);
  if (rc != 0)
    fail_msg("render failed: %s", sink.data);
  for (size_t i = 0; i < 5; i++) {
    char *png = path_of(dir, all[i], "png"), *svg = path_of(dir, all[i], "svg");
    unsigned w = 0, h = 0;
    assert_true(tu_png_size(png, &w, &h));
    assert_int_equal(w, 1200);
    assert_int_equal(h, 675);
    char *text = tu_read(svg, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "<svg"));
    /* names are text in the picture, escaped for XML */
    assert_null(strstr(text, "<script>"));
    free(text);
    free(png);
    free(svg);
  }
  char *svg = path_of(dir, "bars", "svg");
  char *text = tu_read(svg, NULL);
  assert_non_null(strstr(text, "&lt;script>alert(1)&lt;/script> &amp; a_b^2{c}"));
  assert_non_null(strstr(text, "<text>`touch /tmp/tl_chart_hostile_m…</text>"));
  assert_non_null(strstr(text, "英伟达 NVIDIA"));
  free(text);
  free(svg);
  assert_false(tu_exists(MARKER));
  /* nothing left but the charts: no hidden render folder */
  tl_buf listing = TL_BUF_INIT;
  tu_list(dir, &listing);
  assert_null(strstr(listing.data, ".render"));
  assert_int_equal(strlen(listing.data) > 0, 1);
  tl_buf_free(&listing);
  tl_buf_free(&sink);
  tu_rm_rf(dir);
  free(dir);
}

static void degrades_when_gnuplot_is_missing(void **state) {
  (void)state;
  char *dir = tu_mkdtemp("tl_chart");
  write_all(dir);
  /* an old picture of a chart that now cannot be rendered goes away */
  char *old = path_of(dir, "bars", "png");
  tu_write(old, "old", 0644);
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_chart_render(dir, all, 5, "/nonexistent/gnuplot", 60), 1);
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "/nonexistent/gnuplot: cannot run: No such file or directory"));
  assert_non_null(strstr(sink.data, "5 of 5 charts not rendered"));
  assert_non_null(strstr(sink.data, "gnuplot NAME.gp"));
  assert_false(tu_exists(old));
  tl_buf listing = TL_BUF_INIT;
  tu_list(dir, &listing);
  assert_string_equal(listing.data, "bars.dat\nbars.gp\nentity.dat\nentity.gp\nheat.dat\nheat.gp\n"
                                    "lines.dat\nlines.gp\nlogs.dat\nlogs.gp\n");
  tl_buf_free(&listing);
  tl_buf_free(&sink);
  free(old);
  tu_rm_rf(dir);
  free(dir);
}

static void reports_a_failing_gnuplot(void **state) {
  (void)state;
  char *dir = tu_mkdtemp("tl_chart");
  write_all(dir);
  char *fake = path_of(dir, "fake", "sh");
  tu_write(fake, "#!/bin/sh\necho 'line 3: \"bars.gp\" unknown command' >&2\nexit 1\n", 0755);
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_chart_render(dir, all, 5, fake, 60), 1);
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "bars.gp: gnuplot failed: line 3: \"bars.gp\" unknown command"));
  assert_non_null(strstr(sink.data, "5 of 5 charts not rendered"));
  char *png = path_of(dir, "bars", "png");
  assert_false(tu_exists(png));
  free(png);
  tl_buf_free(&sink);
  free(fake);
  tu_rm_rf(dir);
  free(dir);
}

static void stops_gnuplot_after_the_time_limit(void **state) {
  (void)state;
  char *dir = tu_mkdtemp("tl_chart");
  write_all(dir);
  char *fake = path_of(dir, "slow", "sh");
  tu_write(fake, "#!/bin/sh\nsleep 30\n", 0755);
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  time_t start = time(NULL);
  assert_int_equal(tl_chart_render(dir, all, 2, fake, 1), 1);
  tl_diag_capture(NULL);
  assert_true(time(NULL) - start < 10);
  assert_non_null(strstr(sink.data, "lines.gp: gnuplot was stopped after 1 s"));
  assert_non_null(strstr(sink.data, "2 of 2 charts not rendered"));
  tl_buf listing = TL_BUF_INIT;
  tu_list(dir, &listing);
  assert_null(strstr(listing.data, ".render"));
  assert_null(strstr(listing.data, ".png"));
  tl_buf_free(&listing);
  tl_buf_free(&sink);
  free(fake);
  tu_rm_rf(dir);
  free(dir);
}

static void one_broken_script_costs_only_itself(void **state) {
  (void)state;
  if (!tu_have_program("gnuplot"))
    skip();
  char *dir = tu_mkdtemp("tl_chart");
  write_all(dir);
  char *broken = path_of(dir, "broken", "gp");
  tu_write(broken, "plot sin(x) with nonsense\n", 0644);
  const char *names[] = {"bars", "broken", "heat"};
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_chart_render(dir, names, 3, "gnuplot", 60), 1);
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "broken.gp: gnuplot failed:"));
  assert_non_null(strstr(sink.data, "1 of 3 charts not rendered"));
  char *bars = path_of(dir, "bars", "png"), *heat = path_of(dir, "heat", "svg"), *bad = path_of(dir, "broken", "png");
  assert_true(tu_exists(bars));
  assert_true(tu_exists(heat));
  assert_false(tu_exists(bad));
  free(bars);
  free(heat);
  free(bad);
  free(broken);
  tl_buf_free(&sink);
  tu_rm_rf(dir);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(quotes_for_gnuplot),
      cmocka_unit_test(makes_safe_file_names),
      cmocka_unit_test(resolves_slug_collisions),
      cmocka_unit_test(writes_data_and_scripts_with_names_quoted),
      cmocka_unit_test(renders_png_and_svg_with_gnuplot),
      cmocka_unit_test(degrades_when_gnuplot_is_missing),
      cmocka_unit_test(reports_a_failing_gnuplot),
      cmocka_unit_test(stops_gnuplot_after_the_time_limit),
      cmocka_unit_test(one_broken_script_costs_only_itself),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
