#ifndef TL_TABLE_H
#define TL_TABLE_H
/*
 * table: one CSV output file, written safely.
 *
 * Rows go to a hidden temporary file next to the destination; nothing
 * appears under the real name until tl_table_commit() renames it into
 * place, so an interrupted run never leaves a half-written table. Cells are
 * quoted by RFC 4180 rules through libcsv, only when they need it.
 *
 * With `excel` set, the file starts with a UTF-8 BOM and text cells that a
 * spreadsheet would evaluate (starting with = + - @, tab or CR) get a
 * leading apostrophe. Number cells are never touched.
 *
 * Example:
 *     static const char *const cols[] = {"doc", "path", NULL};
 *     tl_table *t = tl_table_open("reports", "documents.csv", cols, 0);
 *     tl_table_int(t, 1); tl_table_text(t, "a,b.md"); tl_table_end_row(t);
 *     tl_table_commit(t);   // reports/documents.csv: doc,path\n1,"a,b.md"\n
 */
#include <stddef.h>

typedef struct tl_table tl_table;

/* Creates DIR/.NAME.tmp-PID and writes the header row. NULL on failure
 * (reported). The table is freed by tl_table_commit() or tl_table_abort(). */
tl_table *tl_table_open(const char *dir, const char *name, const char *const *columns, int excel);

void tl_table_text(tl_table *t, const char *s);
void tl_table_textn(tl_table *t, const char *s, size_t len);
void tl_table_int(tl_table *t, long long v);
/* A plain decimal: up to `digits` decimals, trailing zeros dropped, never an
 * exponent; NaN and infinities are written as empty cells. */
void tl_table_number(tl_table *t, double v, int digits);
/* An empty cell (a value that does not exist, e.g. no change in week 1). */
void tl_table_empty(tl_table *t);
void tl_table_end_row(tl_table *t);

/* Flushes, closes and renames into place. Returns 0, or -1 (reported, the
 * temporary file removed). Frees t either way. */
int tl_table_commit(tl_table *t);
/* Removes the temporary file and frees t. */
void tl_table_abort(tl_table *t);

#endif
