#ifndef TL_CSVREAD_H
#define TL_CSVREAD_H
/*
 * csvread: a CSV table read back by header name, whole in memory or one
 * row at a time.
 *
 * The reading half of table.h: the report stage reads the finished tables
 * with it, and merging shards reads extract outputs with it. RFC 4180 through
 * libcsv in strict mode: a stray quote is an error with its line, never a
 * silently shifted column. A line without any quote, the common case, is
 * split at its commas directly: what libcsv would make of it, only faster.
 *
 * Invariants:
 *  - Row 0 of the file is the header; "rows" are the data rows after it,
 *    numbered from 0. Blank lines are skipped (they are not rows).
 *  - A leading UTF-8 BOM is dropped. Cells keep their spaces and tabs
 *    (nothing is trimmed), quotes are removed and "" becomes ".
 *  - Every cell is a NUL-terminated string owned by the table, valid until
 *    tl_csv_free(). A cell that contains a NUL byte reads as cut at it.
 *  - A row may have fewer or more cells than the header: it is kept (missing
 *    cells read as ""), and the file is reported once, at the first such
 *    row's line, with the count of such rows.
 *  - Line numbers count '\n'; a row reports the line where it starts, so a
 *    quoted cell spanning lines does not shift the rows after it.
 *
 * A table too large to hold is read one row at a time with a reader
 * (tl_csv_open below): the same parse, the same rules, and the current row
 * seen as a one-row table, so every accessor here works on it; the
 * reader's own accessors (tl_csv_get...) read that row directly.
 *
 * Example:
 *     tl_csv *t = tl_csv_read("reports/weekly.csv");
 *     if (!t) return -1;                       // reported
 *     long week = tl_csv_column(t, "week"), n = tl_csv_column(t, "mentions");
 *     for (size_t r = 0; r < tl_csv_rows(t); r++)
 *       printf("%s %g\n", tl_csv_cell(t, r, week), tl_csv_double(t, r, n));
 *     tl_csv_free(t);
 */
#include <stddef.h>

typedef struct tl_csv tl_csv;

/* Reads the CSV file at `path` whole. NULL when it cannot be read, is
 * malformed (reported as path:line) or has no header row (an empty file).
 * The caller frees with tl_csv_free(). */
tl_csv *tl_csv_read(const char *path);

/* The same over `len` bytes in memory; `path` only names them in messages
 * and is copied. The caller frees with tl_csv_free(). */
tl_csv *tl_csv_parse(const char *path, const char *data, size_t len);

void tl_csv_free(tl_csv *t);

/* Data rows (the header excluded), and cells in the header. */
size_t tl_csv_rows(const tl_csv *t);
size_t tl_csv_columns(const tl_csv *t);
/* The path given when reading, for messages. */
const char *tl_csv_path(const tl_csv *t);
/* The name of column `col` in the header, "" when out of range. */
const char *tl_csv_header(const tl_csv *t, long col);

/* The index of the first column whose header is exactly `name`, or -1. */
long tl_csv_column(const tl_csv *t, const char *name);

/* Looks up every name of the NULL-terminated `names` into idx[] (one slot a
 * name). Why: a table missing a column is one message naming it, not a
 * column of silent empty cells. Returns 0, or -1 after reporting each
 * missing column at path:1 (idx[] of missing names is -1). */
int tl_csv_require(const tl_csv *t, const char *const *names, long *idx);

/* The cell of data row `row` in column `col`: "" when the row is shorter or
 * col < 0 (a missing optional column). Never NULL; the table owns it. */
const char *tl_csv_cell(const tl_csv *t, size_t row, long col);
/* How many cells data row `row` has. */
size_t tl_csv_row_cells(const tl_csv *t, size_t row);
/* The line of the file where data row `row` starts (the header is line 1
 * in a file without blank lines), for tl_diag(). */
long tl_csv_line(const tl_csv *t, size_t row);

/* The cell as a whole decimal integer ("42", "-3", surrounding spaces
 * allowed). Returns 0, or -1 when empty or not an integer (out untouched). */
int tl_csv_long(const tl_csv *t, size_t row, long col, long *out);
/* The cell as a number ("0.25", "1e-3", "-7"): NaN when the cell is empty or
 * not wholly a number, so a missing value stays missing through arithmetic. */
double tl_csv_double(const tl_csv *t, size_t row, long col);

/* --- one row at a time --- */

typedef struct tl_csv_reader tl_csv_reader;

/* Where a row starts in its file, to come back to it (tl_csv_seek). `row`
 * is its number among the data rows, from 0, as tl_csv_rows() counts. */
typedef struct {
  long long offset;
  long line;
  size_t row;
} tl_csv_pos;

/* Opens the CSV file at `path` and reads its header. NULL when it cannot be
 * opened or read, its header is malformed, or it has no header row (all
 * reported). Memory: the header, one row and a 64 KiB buffer, whatever the
 * size of the file. The caller closes with tl_csv_close().
 * Example:
 *     tl_csv_reader *r = tl_csv_open("reports/mentions.csv");
 *     long e = r ? tl_csv_column(tl_csv_row(r), "entity") : -1;
 *     while (r && tl_csv_next(r) == 1)
 *       puts(tl_csv_get(r, e));
 *     tl_csv_close(r); */
tl_csv_reader *tl_csv_open(const char *path);

/* Opens the table `name` of the folder `dir` and looks up the
 * NULL-terminated `columns` in its header into idx[] (one slot a name), as
 * tl_csv_require() does. Why: every stage that reads an output folder back
 * wants its columns by name, and can do nothing with a table that lacks
 * one. NULL when the file cannot be opened or read, or lacks a column (all
 * reported); *lacks, when lacks is not NULL, is then 1 for a missing
 * column and 0 otherwise. The caller closes with tl_csv_close().
 * Example:
 *     static const char *const cols[] = {"doc", "entity", NULL};
 *     long c[2];
 *     tl_csv_reader *r = tl_csv_open_table("out", "mentions.csv", cols, c, NULL);
 */
tl_csv_reader *tl_csv_open_table(const char *dir, const char *name, const char *const *columns, long *idx,
                                 int *lacks);

void tl_csv_close(tl_csv_reader *r);

/* Makes the next data row the current one. Returns 1; 0 at the end of the
 * file, where rows with a number of cells other than the header's are
 * reported (once, counting the rows read); -1 when the file is malformed
 * or cannot be read (reported as path:line; the rows before it were good).
 * After 0 it returns 0 again until tl_csv_seek() or tl_csv_rewind(); after
 * -1, always -1. */
int tl_csv_next(tl_csv_reader *r);

/* The header and the current row as a table of one row (row 0), or of
 * none before the first tl_csv_next() and after the last row. Owned by the
 * reader; valid until the next tl_csv_next(), tl_csv_seek(),
 * tl_csv_rewind() or close. */
const tl_csv *tl_csv_row(const tl_csv_reader *r);

/* Cell `col` of the current row, what tl_csv_cell(tl_csv_row(r), 0, col)
 * gives: "" when there is no current row, the row is shorter or col < 0.
 * Never NULL; the reader owns it, valid as long as tl_csv_row()'s table. */
const char *tl_csv_get(const tl_csv_reader *r, long col);
/* The same cell read as tl_csv_long() and tl_csv_double() read it. */
int tl_csv_get_long(const tl_csv_reader *r, long col, long *out);
double tl_csv_get_double(const tl_csv_reader *r, long col);

/* Where the current row starts. Only after tl_csv_next() returned 1. */
tl_csv_pos tl_csv_tell(const tl_csv_reader *r);

/* Makes the next tl_csv_next() read the row at `pos`, a position told by a
 * reader of the same file. Why: a table in one order is read in another
 * without holding it. Nothing is read again when `pos` is the current or
 * the next row, and nothing from the file when it is in the bytes the
 * reader holds. Rows read again are not counted again for the ragged-row
 * message. Returns 0, or -1 (nothing changed) when the reader found the
 * file malformed or cannot read it (reported). */
int tl_csv_seek(tl_csv_reader *r, tl_csv_pos pos);

/* Makes the next tl_csv_next() read the first data row, as after
 * tl_csv_open(). Why: a table read twice (say, totals first, then the rows
 * they pick) starts again without its caller keeping a position. Before
 * the first row it changes nothing. Returns 0, or -1 (nothing changed) as
 * tl_csv_seek(). */
int tl_csv_rewind(tl_csv_reader *r);

#endif
