#ifndef TL_TABLE_H
#define TL_TABLE_H
/*
 * table: one CSV output file, written safely.
 *
 * Rows go to a hidden temporary file next to the destination; nothing
 * appears under the real name until tl_table_commit() renames it into
 * place, so an interrupted run never leaves a half-written table. Cells are
 * quoted by libcsv (csv_write: RFC 4180, in double quotes, quotes doubled),
 * only when they hold a comma, a quote or a line break, or start or end
 * with a space.
 *
 * With `excel` set, the file starts with a UTF-8 BOM and text cells that a
 * spreadsheet would evaluate (starting with = + - @, tab or CR) get a
 * leading apostrophe. Number cells are never touched.
 *
 * Cost: rows are assembled in a per-table block of about 64 KiB that goes
 * to the file in one write when a row fills it, so a cell costs a copy, not
 * a stdio call; memory per open table stays at one block plus the longest
 * row.
 * Integers, dates and most numbers are spelled straight into the block.
 *
 * Example:
 *     static const char *const cols[] = {"doc", "path", NULL};
 *     tl_table *t = tl_table_open("reports", "documents.csv", cols, 0);
 *     tl_table_int(t, 1); tl_table_text(t, "a,b.md"); tl_table_end_row(t);
 *     tl_table_commit(t);   // reports/documents.csv: doc,path\n1,"a,b.md"\n
 */
#include <stddef.h>

#include "date.h"

typedef struct tl_table tl_table;

/* Creates DIR/.NAME.tmp-PID and writes the header row. NULL on failure
 * (reported). The table is freed by tl_table_commit() or tl_table_abort(). */
tl_table *tl_table_open(const char *dir, const char *name, const char *const *columns, int excel);

void tl_table_text(tl_table *t, const char *s);
void tl_table_textn(tl_table *t, const char *s, size_t len);
void tl_table_int(tl_table *t, long long v);
/* The date as tl_date_format writes it, "2025-10-05", straight into the
 * row (a date cell is on most rows of the per-document tables). */
void tl_table_date(tl_table *t, tl_date d);
/* A plain decimal: up to `digits` decimals, trailing zeros dropped, never an
 * exponent; NaN and infinities are written as empty cells. The text is
 * tl_number_format's. */
void tl_table_number(tl_table *t, double v, int digits);
/* An empty cell (a value that does not exist, e.g. no change in week 1). */
void tl_table_empty(tl_table *t);
void tl_table_end_row(tl_table *t);

/* Flushes, closes and renames into place. Returns 0, or -1 (reported, the
 * temporary file removed). Frees t either way. */
int tl_table_commit(tl_table *t);
/* Removes the temporary file and frees t. */
void tl_table_abort(tl_table *t);
/* The end of a table whose fate depends on how the rest went: commits t
 * when `keep` is nonzero, else aborts it. Returns 0 when t was committed
 * or is NULL (never opened: nothing to do), -1 when it was aborted or its
 * commit failed (reported).
 *     if (tl_table_finish(t, rc == 0) < 0)
 *       rc = -1; */
int tl_table_finish(tl_table *t, int keep);

/* Room for any text tl_number_format writes (DBL_MAX has 309 integer
 * digits), with its terminating NUL. */
#define TL_NUMBER_MAX 352

/* Writes finite `v` as printf("%.*f", digits, v) would, then drops trailing
 * decimal zeros and the point, and writes "-0" as "0"; digits above 40 are
 * taken as 40. Returns the length (buf is NUL-terminated).
 * Example: (0.0132743362831, 10) -> "0.0132743363"; (2.50, 2) -> "2.5";
 * (-1e-12, 10) -> "0".
 * Most values are spelled from the whole number |v| * 10^digits without
 * snprintf (about 7x cheaper); the few where that product lands exactly
 * on a half, or that are too large (>= 1e15 scaled, digits > 15), still go
 * through snprintf, so the text is always printf's (table.c says why). */
size_t tl_number_format(double v, int digits, char buf[TL_NUMBER_MAX]);

#endif
