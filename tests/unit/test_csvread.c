#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "buf.h"
#include "csvread.h"
#include "diag.h"

static tl_csv *parse(const char *text) { return tl_csv_parse("t.csv", text, strlen(text)); }

static void reads_cells_by_header_name(void **state) {
  (void)state;
  tl_csv *t = parse("week,entity,mentions\n2025-W42,OpenAI,12\n2025-W42,英伟达,7\n");
  assert_non_null(t);
  assert_int_equal(tl_csv_rows(t), 2);
  assert_int_equal(tl_csv_columns(t), 3);
  long e = tl_csv_column(t, "entity");
  assert_int_equal(e, 1);
  assert_int_equal(tl_csv_column(t, "share"), -1);
  assert_int_equal(tl_csv_column(t, "Entity"), -1); /* exact names only */
  assert_string_equal(tl_csv_cell(t, 1, e), "英伟达");
  assert_string_equal(tl_csv_header(t, 2), "mentions");
  assert_string_equal(tl_csv_header(t, 3), "");
  /* out of range reads as empty, never NULL */
  assert_string_equal(tl_csv_cell(t, 0, 7), "");
  assert_string_equal(tl_csv_cell(t, 0, -1), "");
  assert_string_equal(tl_csv_cell(t, 9, 0), "");
  assert_string_equal(tl_csv_path(t), "t.csv");
  tl_csv_free(t);
}

static void follows_rfc4180_quoting(void **state) {
  (void)state;
  tl_csv *t = parse("a,b,c\n"
                    "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
                    " spaced ,\ttab\t,\n"
                    "\"\",,\"`system(\"\"x\"\")` @m; <b>\"\n");
  assert_non_null(t);
  assert_int_equal(tl_csv_rows(t), 3);
  assert_string_equal(tl_csv_cell(t, 0, 0), "x,y");
  assert_string_equal(tl_csv_cell(t, 0, 1), "say \"hi\"");
  assert_string_equal(tl_csv_cell(t, 0, 2), "two\nlines");
  /* nothing trimmed: spaces and tabs are part of a cell */
  assert_string_equal(tl_csv_cell(t, 1, 0), " spaced ");
  assert_string_equal(tl_csv_cell(t, 1, 1), "\ttab\t");
  assert_string_equal(tl_csv_cell(t, 1, 2), "");
  assert_int_equal(tl_csv_row_cells(t, 1), 3);
  assert_string_equal(tl_csv_cell(t, 2, 0), "");
  assert_string_equal(tl_csv_cell(t, 2, 2), "`system(\"x\")` @m; <b>");
  tl_csv_free(t);
}

static void numbers_lines_by_where_rows_start(void **state) {
  (void)state;
  /* a cell over three lines, a blank line, CRLF endings, no final newline */
  tl_csv *t = parse("a,b\r\n1,\"x\r\ny\r\nz\"\r\n\r\n2,w\r\n3,v");
  assert_non_null(t);
  assert_int_equal(tl_csv_rows(t), 3);
  assert_int_equal(tl_csv_line(t, 0), 2);
  assert_int_equal(tl_csv_line(t, 1), 6);
  assert_int_equal(tl_csv_line(t, 2), 7);
  assert_string_equal(tl_csv_cell(t, 0, 1), "x\r\ny\r\nz");
  assert_string_equal(tl_csv_cell(t, 1, 1), "w");
  assert_string_equal(tl_csv_cell(t, 2, 1), "v");
  tl_csv_free(t);
}

static void drops_a_bom(void **state) {
  (void)state;
  tl_csv *t = parse("\xEF\xBB\xBF"
                    "doc,path\n1,a.md\n");
  assert_non_null(t);
  assert_int_equal(tl_csv_column(t, "doc"), 0);
  assert_string_equal(tl_csv_header(t, 0), "doc");
  tl_csv_free(t);
}

static void header_only_and_empty_files(void **state) {
  (void)state;
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  tl_csv *t = parse("a,b\n");
  assert_non_null(t);
  assert_int_equal(tl_csv_rows(t), 0);
  assert_int_equal(tl_csv_columns(t), 2);
  assert_int_equal(tl_csv_line(t, 0), 0);
  tl_csv_free(t);
  assert_int_equal(sink.len, 0);

  assert_null(parse(""));
  assert_null(parse("\n\n"));
  assert_null(parse("\xEF\xBB\xBF"));
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "trendlens: t.csv: no header row"));
  tl_buf_free(&sink);
}

static void reports_malformed_quoting_with_its_line(void **state) {
  (void)state;
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_null(parse("a,b\n1,2\n3,x\"y\n"));
  assert_non_null(strstr(sink.data, "trendlens: t.csv:3: malformed CSV"));
  tl_buf_reset(&sink);
  assert_null(parse("a,b\n1,\"ab\"c\n"));
  assert_non_null(strstr(sink.data, "trendlens: t.csv:2: malformed CSV"));
  tl_buf_reset(&sink);
  /* never closed: reported where the record starts */
  assert_null(parse("a,b\n1,2\n3,\"open\nmore\nmore"));
  assert_non_null(strstr(sink.data, "trendlens: t.csv:3: malformed CSV: a quoted cell is never closed"));
  tl_diag_capture(NULL);
  tl_buf_free(&sink);
}

static void keeps_ragged_rows_and_says_so_once(void **state) {
  (void)state;
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  tl_csv *t = parse("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n");
  tl_diag_capture(NULL);
  assert_non_null(t);
  assert_int_equal(tl_csv_rows(t), 4);
  assert_int_equal(tl_csv_row_cells(t, 1), 2);
  assert_string_equal(tl_csv_cell(t, 1, 2), "");
  assert_string_equal(tl_csv_cell(t, 2, 3), "9");
  assert_string_equal(tl_csv_cell(t, 3, 0), "10");
  assert_string_equal(sink.data, "trendlens: t.csv:3: 2 rows with a number of cells other than the header's 3\n");
  tl_csv_free(t);
  tl_buf_free(&sink);
}

static void requires_columns_by_name(void **state) {
  (void)state;
  tl_csv *t = parse("week,entity,mentions\n");
  static const char *const ok[] = {"mentions", "week", NULL};
  static const char *const bad[] = {"week", "share", "zscore", NULL};
  long idx[3];
  assert_int_equal(tl_csv_require(t, ok, idx), 0);
  assert_int_equal(idx[0], 2);
  assert_int_equal(idx[1], 0);
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_csv_require(t, bad, idx), -1);
  tl_diag_capture(NULL);
  assert_int_equal(idx[0], 0);
  assert_int_equal(idx[1], -1);
  assert_string_equal(sink.data, "trendlens: t.csv:1: missing column \"share\"\n"
                                 "trendlens: t.csv:1: missing column \"zscore\"\n");
  tl_buf_free(&sink);
  tl_csv_free(t);
}

static void converts_numbers_strictly(void **state) {
  (void)state;
  tl_csv *t = parse("n\n42\n -3 \n\n12x\n0.25\n1e-3\nnan\ninf\n\"\"\n");
  long v = 99;
  assert_int_equal(tl_csv_long(t, 0, 0, &v), 0);
  assert_int_equal(v, 42);
  assert_int_equal(tl_csv_long(t, 1, 0, &v), 0);
  assert_int_equal(v, -3);
  assert_int_equal(tl_csv_long(t, 2, 0, &v), -1); /* 12x */
  assert_int_equal(tl_csv_long(t, 3, 0, &v), -1); /* 0.25 is no integer */
  assert_int_equal(v, -3);                        /* untouched */
  assert_int_equal(tl_csv_long(t, 7, 0, &v), -1); /* empty */
  assert_true(isnan(tl_csv_double(t, 2, 0)));
  assert_true(tl_csv_double(t, 3, 0) == 0.25);
  assert_true(tl_csv_double(t, 4, 0) == 1e-3);
  assert_true(isnan(tl_csv_double(t, 5, 0)));
  assert_true(isnan(tl_csv_double(t, 6, 0))); /* infinities are no values */
  assert_true(isnan(tl_csv_double(t, 7, 0)));
  assert_true(isnan(tl_csv_double(t, 0, 5)));
  tl_csv_free(t);
}

/* Plain decimals skip strtod; whatever the shape, the value must be the
 * very double strtod gives (and the odd shapes still go to strtod). */
static void decimals_read_exactly_as_strtod_reads_them(void **state) {
  (void)state;
  static const char *const fixed[] = {"0", "-0", "7", "0.1", "0.3", "-2.675", "123456789012345",
                                      "1234567890123456", "0.000000000000000000001", "9.999999999999999",
                                      "00012.50", "1.", ".5", "-", "+3", "1e5", "0x10", "4290000.00"};
  tl_buf csv = TL_BUF_INIT;
  tl_buf_puts(&csv, "n\n");
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
    tl_buf_puts(&csv, fixed[i]);
    tl_buf_putc(&csv, '\n');
  }
  srand(7);
  for (int i = 0; i < 2000; i++) { /* random digits, random point, random sign */
    char cell[40];
    int n = 1 + rand() % 20, point = rand() % (n + 1), at = 0;
    if (rand() % 4 == 0)
      cell[at++] = '-';
    for (int d = 0; d < n; d++) {
      if (d == point && d > 0)
        cell[at++] = '.';
      cell[at++] = (char)('0' + rand() % 10);
    }
    cell[at] = '\0';
    tl_buf_puts(&csv, cell);
    tl_buf_putc(&csv, '\n');
  }
  tl_csv *t = parse(csv.data);
  for (size_t r = 0; r < tl_csv_rows(t); r++) {
    const char *cell = tl_csv_cell(t, r, 0);
    char *end;
    double want = strtod(cell, &end);
    if (end == cell || *end)
      want = NAN;
    double got = tl_csv_double(t, r, 0);
    if (isnan(want) ? !isnan(got) : memcmp(&want, &got, sizeof got) != 0)
      fail_msg("%s: %.17g, strtod %.17g", cell, got, want);
  }
  tl_csv_free(t);
  tl_buf_free(&csv);
}

static void reads_files_and_reports_missing_ones(void **state) {
  (void)state;
  char path[] = "/tmp/tl_csvread_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  const char *text = "doc,title\n1,\"标题, with comma\"\n";
  assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  close(fd);
  tl_csv *t = tl_csv_read(path);
  assert_non_null(t);
  assert_string_equal(tl_csv_cell(t, 0, tl_csv_column(t, "title")), "标题, with comma");
  tl_csv_free(t);
  unlink(path);

  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_null(tl_csv_read(path));
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, path));
  tl_buf_free(&sink);
  tl_csv_free(NULL);
}

static void reads_many_rows(void **state) {
  (void)state;
  /* enough rows to grow every array several times */
  tl_buf b = TL_BUF_INIT;
  tl_buf_puts(&b, "i,text\n");
  for (int i = 0; i < 20000; i++)
    tl_buf_printf(&b, "%d,\"row %d, \"\"quoted\"\"\"\n", i, i);
  tl_csv *t = tl_csv_parse("big.csv", b.data, b.len);
  tl_buf_free(&b);
  assert_non_null(t);
  assert_int_equal(tl_csv_rows(t), 20000);
  long v = 0;
  assert_int_equal(tl_csv_long(t, 19999, 0, &v), 0);
  assert_int_equal(v, 19999);
  assert_string_equal(tl_csv_cell(t, 12345, 1), "row 12345, \"quoted\"");
  assert_int_equal(tl_csv_line(t, 19999), 20001);
  tl_csv_free(t);
}

/* --- one row at a time --- */

static char *temp_file(const char *text, size_t len) {
  char *path = tl_strdup("/tmp/tl_csvreader_XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, text, len), (ssize_t)len);
  close(fd);
  return path;
}

/* The reader gives the rows, cells and lines of the whole-table parse. */
static void expect_same_rows(const char *text, size_t len) {
  tl_csv *t = tl_csv_parse("t.csv", text, len);
  assert_non_null(t);
  char *path = temp_file(text, len);
  tl_csv_reader *r = tl_csv_open(path);
  assert_non_null(r);
  assert_int_equal(tl_csv_columns(tl_csv_row(r)), tl_csv_columns(t));
  assert_int_equal(tl_csv_rows(tl_csv_row(r)), 0); /* no row before the first tl_csv_next() */
  size_t row = 0;
  while (tl_csv_next(r) == 1) {
    const tl_csv *one = tl_csv_row(r);
    assert_true(row < tl_csv_rows(t));
    assert_int_equal(tl_csv_rows(one), 1);
    assert_int_equal(tl_csv_tell(r).row, row);
    assert_int_equal(tl_csv_line(one, 0), tl_csv_line(t, row));
    assert_int_equal(tl_csv_row_cells(one, 0), tl_csv_row_cells(t, row));
    for (long c = 0; c < (long)tl_csv_row_cells(t, row); c++)
      assert_string_equal(tl_csv_cell(one, 0, c), tl_csv_cell(t, row, c));
    row++;
  }
  assert_int_equal(row, tl_csv_rows(t));
  assert_int_equal(tl_csv_next(r), 0); /* and it stays at the end */
  /* from the start again: the same rows, read by the reader's accessors */
  assert_int_equal(tl_csv_rewind(r), 0);
  for (row = 0; tl_csv_next(r) == 1; row++) {
    assert_int_equal(tl_csv_tell(r).row, row);
    assert_int_equal(tl_csv_tell(r).line, tl_csv_line(t, row));
    for (long c = -1; c <= (long)tl_csv_row_cells(t, row); c++) {
      assert_string_equal(tl_csv_get(r, c), tl_csv_cell(t, row, c));
      long a = 1, b = 1;
      assert_int_equal(tl_csv_get_long(r, c, &a), tl_csv_long(t, row, c, &b));
      assert_int_equal(a, b);
      double x = tl_csv_get_double(r, c), y = tl_csv_double(t, row, c);
      assert_true(x == y || (isnan(x) && isnan(y)));
    }
  }
  assert_int_equal(row, tl_csv_rows(t));
  assert_string_equal(tl_csv_get(r, 0), ""); /* no current row at the end */
  tl_csv_close(r);
  tl_csv_free(t);
  unlink(path);
  free(path);
}

static void reader_gives_the_rows_of_the_whole_parse(void **state) {
  (void)state;
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  const char *texts[] = {
      "a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n spaced ,\ttab\t,\n\"\",,\"q\"\n",
      "a,b\r\n1,\"x\r\ny\r\nz\"\r\n\r\n2,w\r\n3,v",   /* CRLF, a blank line, no final newline */
      "a,b\r1,2\r\r3,4\r",                            /* old Mac line ends */
      "\xEF\xBB\xBF" "doc,path\n1,a.md\n\n\n2,b.md\n", /* a BOM, blank lines */
      "a,b,c\n1,2,3\n4,5\n6,7,8,9\n,\n",              /* ragged rows */
      "h\n",                                          /* a header alone */
  };
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
    expect_same_rows(texts[i], strlen(texts[i]));
  /* rows across the reader's 64 KiB buffer: cells quoted over lines, quotes doubled */
  tl_buf b = TL_BUF_INIT;
  tl_buf_puts(&b, "i,text,n\n");
  for (int i = 0; i < 5000; i++)
    tl_buf_printf(&b, i % 3 ? "%d,plain %d,%d\n" : "%d,\"row %d,\n\"\"quoted\"\"\",%d\n", i, i, i);
  expect_same_rows(b.data, b.len);
  tl_buf_free(&b);
  tl_diag_capture(NULL);
  tl_buf_free(&sink);
}

/* A line without quotes is split without libcsv (the fast path); the last
 * line of a file without a final newline always goes through libcsv. Both
 * must make the same cells of the same line. */
static void fast_path_and_libcsv_agree(void **state) {
  (void)state;
  const char *lines[] = {"a,b,c", "a,,c", ",", ",,", "x", " x , y ", "\tx\t,", "a,b,", ",a",
                         "英伟达,6.92亿,GPT-5", "a\x01" "b,\x7f", "@x;y,`z`,'w'", "1e-3,-0.25,  "};
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
    tl_buf fast = TL_BUF_INIT, slow = TL_BUF_INIT;
    tl_buf_printf(&fast, "h\n%s\n", lines[i]);
    tl_buf_printf(&slow, "h\n%s", lines[i]);
    tl_buf sink = TL_BUF_INIT;
    tl_diag_capture(&sink); /* ragged: said alike */
    tl_csv *f = tl_csv_parse("t.csv", fast.data, fast.len), *s = tl_csv_parse("t.csv", slow.data, slow.len);
    tl_diag_capture(NULL);
    assert_non_null(f);
    assert_non_null(s);
    assert_int_equal(tl_csv_rows(f), 1);
    assert_int_equal(tl_csv_rows(s), 1);
    assert_int_equal(tl_csv_row_cells(f, 0), tl_csv_row_cells(s, 0));
    for (long c = 0; c < (long)tl_csv_row_cells(s, 0); c++)
      assert_string_equal(tl_csv_cell(f, 0, c), tl_csv_cell(s, 0, c));
    tl_csv_free(f);
    tl_csv_free(s);
    tl_buf_free(&fast);
    tl_buf_free(&slow);
    tl_buf_free(&sink);
  }
}

static void reader_goes_back_to_a_row(void **state) {
  (void)state;
  tl_buf b = TL_BUF_INIT;
  tl_buf_puts(&b, "k,v\n");
  for (int i = 0; i < 30000; i++) /* more than one buffer of rows, one of them ragged */
    tl_buf_printf(&b, i == 7 ? "%d\n" : i % 2 ? "%d,\"v%d\"\n" : "%d,v%d\n", i, i);
  char *path = temp_file(b.data, b.len);
  tl_buf_free(&b);
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  tl_csv_reader *r = tl_csv_open(path);
  assert_non_null(r);
  tl_csv_pos at[30000];
  size_t n = 0;
  while (tl_csv_next(r) == 1)
    at[n++] = tl_csv_tell(r);
  assert_int_equal(n, 30000);
  assert_int_equal(at[0].line, 2);
  assert_int_equal(at[29999].row, 29999);
  /* back from the end, to rows far apart and near, forwards and backwards */
  const size_t visits[] = {29999, 3, 4, 17000, 16999, 0, 7, 29998};
  for (size_t i = 0; i < sizeof visits / sizeof *visits; i++) {
    size_t k = visits[i];
    assert_int_equal(tl_csv_seek(r, at[k]), 0);
    assert_int_equal(tl_csv_next(r), 1);
    long v;
    assert_int_equal(tl_csv_long(tl_csv_row(r), 0, 0, &v), 0);
    assert_int_equal(v, (long)k);
    assert_int_equal(tl_csv_tell(r).row, k);
    assert_int_equal(tl_csv_line(tl_csv_row(r), 0), (long)k + 2);
    /* the current row again, then the next one, without reading anything twice */
    assert_int_equal(tl_csv_seek(r, at[k]), 0);
    assert_int_equal(tl_csv_next(r), 1);
    assert_int_equal(tl_csv_tell(r).row, k);
    if (k + 1 < n) {
      assert_int_equal(tl_csv_next(r), 1);
      assert_int_equal(tl_csv_tell(r).row, k + 1);
      assert_int_equal(tl_csv_seek(r, at[k + 1]), 0);
      assert_int_equal(tl_csv_next(r), 1);
      assert_int_equal(tl_csv_tell(r).row, k + 1);
    }
  }
  while (tl_csv_next(r) == 1)
    ;
  tl_csv_close(r);
  tl_diag_capture(NULL);
  /* the ragged row is said once, though read three times */
  assert_non_null(strstr(sink.data, ":9: 1 row with a number of cells other than the header's 2\n"));
  assert_null(strstr(strstr(sink.data, "1 row with") + 1, "1 row with"));
  tl_buf_free(&sink);
  unlink(path);
  free(path);
}

/* Rewinding before the first row, from the middle and from the end gives
 * the first row, even when it is not the file's second line. */
static void reader_rewinds_to_the_first_row(void **state) {
  (void)state;
  const char *text = "a,b\r\n\r\n1,x\r\n2,y\r\n3,z";
  char *path = temp_file(text, strlen(text));
  tl_csv_reader *r = tl_csv_open(path);
  assert_non_null(r);
  assert_int_equal(tl_csv_rewind(r), 0); /* before any row: nothing changes */
  for (int pass = 0; pass < 3; pass++) {
    assert_int_equal(tl_csv_next(r), 1);
    assert_string_equal(tl_csv_get(r, 1), "x");
    assert_int_equal(tl_csv_tell(r).row, 0);
    assert_int_equal(tl_csv_tell(r).line, 3);
    if (pass == 1) /* from the first row itself */
      assert_int_equal(tl_csv_rewind(r), 0);
    else /* from the middle, then from the end */
      while (tl_csv_next(r) == 1 && pass == 0 && strcmp(tl_csv_get(r, 0), "2") != 0)
        ;
    if (pass != 1)
      assert_int_equal(tl_csv_rewind(r), 0);
  }
  tl_csv_close(r);
  unlink(path);
  free(path);
}

static void opens_a_table_of_a_folder_by_its_columns(void **state) {
  (void)state;
  char dir[] = "/tmp/tl_csvtable_XXXXXX";
  assert_non_null(mkdtemp(dir));
  tl_buf path = TL_BUF_INIT;
  tl_buf_printf(&path, "%s/t.csv", dir);
  FILE *f = fopen(path.data, "w");
  assert_non_null(f);
  fputs("doc,entity,item\n1,OpenAI,2\n", f);
  fclose(f);
  static const char *const want[] = {"item", "doc", NULL};
  static const char *const lacking[] = {"doc", "share", NULL};
  long idx[2];
  int lacks = -1;
  tl_csv_reader *r = tl_csv_open_table(dir, "t.csv", want, idx, &lacks);
  assert_non_null(r);
  assert_int_equal(lacks, 0);
  assert_int_equal(idx[0], 2);
  assert_int_equal(idx[1], 0);
  assert_int_equal(tl_csv_next(r), 1);
  assert_string_equal(tl_csv_get(r, idx[0]), "2");
  tl_csv_close(r);
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_null(tl_csv_open_table(dir, "t.csv", lacking, idx, &lacks));
  assert_int_equal(lacks, 1);
  assert_non_null(strstr(sink.data, "t.csv:1: missing column \"share\""));
  lacks = -1;
  assert_null(tl_csv_open_table(dir, "none.csv", want, idx, &lacks));
  assert_int_equal(lacks, 0);
  assert_non_null(strstr(sink.data, "none.csv: cannot open"));
  assert_null(tl_csv_open_table(dir, "none.csv", want, idx, NULL));
  tl_diag_capture(NULL);
  tl_buf_free(&sink);
  unlink(path.data);
  rmdir(dir);
  tl_buf_free(&path);
}

static void reader_reports_damage_where_it_is(void **state) {
  (void)state;
  const char *text = "a,b\n1,2\n3,4\n5,x\"y\n7,8\n";
  char *path = temp_file(text, strlen(text));
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  tl_csv_reader *r = tl_csv_open(path);
  assert_non_null(r);
  assert_int_equal(tl_csv_next(r), 1);
  tl_csv_pos first = tl_csv_tell(r);
  assert_int_equal(tl_csv_next(r), 1);
  assert_string_equal(tl_csv_cell(tl_csv_row(r), 0, 1), "4");
  assert_int_equal(tl_csv_next(r), -1);
  assert_int_equal(tl_csv_rows(tl_csv_row(r)), 0);
  assert_int_equal(tl_csv_next(r), -1);
  assert_int_equal(tl_csv_seek(r, first), -1);
  assert_int_equal(tl_csv_rewind(r), -1);
  tl_csv_close(r);
  tl_buf want = TL_BUF_INIT;
  tl_buf_printf(&want, "%s:4: malformed CSV", path);
  assert_non_null(strstr(sink.data, want.data));
  tl_buf_free(&want);
  unlink(path);

  /* missing, empty */
  tl_buf_reset(&sink);
  assert_null(tl_csv_open(path));
  assert_non_null(strstr(sink.data, "cannot open"));
  int fd = open(path, O_CREAT | O_WRONLY, 0600);
  close(fd);
  tl_buf_reset(&sink);
  assert_null(tl_csv_open(path));
  assert_non_null(strstr(sink.data, "no header row"));
  tl_diag_capture(NULL);
  tl_csv_close(NULL);
  tl_buf_free(&sink);
  unlink(path);
  free(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_cells_by_header_name),
      cmocka_unit_test(reader_rewinds_to_the_first_row),
      cmocka_unit_test(opens_a_table_of_a_folder_by_its_columns),
      cmocka_unit_test(decimals_read_exactly_as_strtod_reads_them),
      cmocka_unit_test(follows_rfc4180_quoting),
      cmocka_unit_test(numbers_lines_by_where_rows_start),
      cmocka_unit_test(drops_a_bom),
      cmocka_unit_test(header_only_and_empty_files),
      cmocka_unit_test(reports_malformed_quoting_with_its_line),
      cmocka_unit_test(keeps_ragged_rows_and_says_so_once),
      cmocka_unit_test(requires_columns_by_name),
      cmocka_unit_test(converts_numbers_strictly),
      cmocka_unit_test(reads_files_and_reports_missing_ones),
      cmocka_unit_test(reads_many_rows),
      cmocka_unit_test(reader_gives_the_rows_of_the_whole_parse),
      cmocka_unit_test(fast_path_and_libcsv_agree),
      cmocka_unit_test(reader_goes_back_to_a_row),
      cmocka_unit_test(reader_reports_damage_where_it_is),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
