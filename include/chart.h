#ifndef TL_CHART_H
#define TL_CHART_H
/*
 * chart: gnuplot charts as three things side by side in one folder —
 * NAME.dat (the numbers, tab-separated), NAME.gp (a readable script that
 * loads them) and, once rendered, NAME.png (pngcairo, 1200x675, a CJK font)
 * and NAME.svg.
 *
 * Nothing read from a digest or a dictionary is ever executed by gnuplot:
 *  - names reach a script only as single-quoted gnuplot strings, in which
 *    gnuplot expands nothing (no `backquotes`, no @macros; ; and # are
 *    plain characters); the only special character there, ', is doubled,
 *    and control characters (newlines above all) become spaces. In a .dat
 *    file names appear only on the comment lines at its top, for people
 *    (gnuplot skips comment lines whole): as data, gnuplot would read a "
 *    in a name as a quote and cut the name short.
 *  - terminals are `noenhanced`, so ^ _ @ { } in names print as themselves.
 *  - file names are made from names by tl_chart_slug(), never taken raw.
 *  - gnuplot runs as a child process with an argument vector (fork/execvp,
 *    no shell), with `-d` so no user init file changes the scripts'
 *    meaning, and with a time limit.
 *
 * A script renders from its own folder by hand: `cd charts && gnuplot NAME.gp`.
 * tl_chart_render() runs the same scripts with `outdir` pointing at a hidden
 * folder and renames the pictures into place, so a failed or stopped run
 * never leaves half a picture under the real name.
 *
 * Every writer below returns 0, or -1 (reported with tl_diag) when a file
 * could not be written; the data and script are written atomically.
 */
#include <stddef.h>

#include "buf.h"

/* Appends `s` to `out` as a single-quoted gnuplot string: 'It''s' for It's.
 * Control characters become spaces (a newline would end the command). */
void tl_chart_quote(tl_buf *out, const char *s);

/* A file name stem made from a name, safe in any folder: letters and digits
 * of any script are kept (Latin lowercased), every other run of characters
 * becomes one '-', none at either end, at most 48 bytes; "chart" when
 * nothing is left. No '/', no "..", no control or format characters.
 * When the result equals one of the `n_taken` stems in `taken`, "-2", "-3",
 * ... is appended until it is unique. The caller frees.
 * Example: "Claude Opus 4.1" -> "claude-opus-4-1"; "../etc" -> "etc";
 *          "英伟达 NVIDIA" -> "英伟达-nvidia". */
char *tl_chart_slug(const char *name, const char *const *taken, size_t n_taken);

/* Numbers on a grid: rows are the x axis (weeks), columns the series. NaN
 * is "no value": a gap in a line, an empty cell. */
typedef struct {
  size_t n_rows, n_cols;
  const char *const *row_labels; /* n_rows x-axis labels, e.g. "2025-W42" */
  const char *const *col_labels; /* n_cols series names (any text) */
  const double *values;          /* n_rows * n_cols, row after row */
} tl_chart_grid;

/* One line per column over the rows: the top-entity share timeline, the
 * USD per week of the top entities (log_y: a log y axis; values <= 0 are
 * left out). n_rows and n_cols >= 1. */
int tl_chart_lines(const char *dir, const char *name, const char *title, const char *ylabel, const tl_chart_grid *g,
                   int log_y);

/* One entity over n >= 1 weeks: mentions as bars (left axis), share in
 * percent as a line (right axis), and the weeks flagged in `burst` marked
 * on the line, described in the key as `burst_rule`. */
int tl_chart_entity(const char *dir, const char *name, const char *title, size_t n, const char *const *weeks,
                    const double *mentions, const double *share_pct, const int *burst, const char *burst_rule);

/* Horizontal bars, the first on top, each with its value printed at its
 * end: the top-N entities of one week. n >= 1. */
int tl_chart_bars(const char *dir, const char *name, const char *title, const char *xlabel, size_t n,
                  const char *const *labels, const double *values);

/* An n x n heat map (n >= 2): colour from `npmi` (-1..1, NaN blank), and
 * the count from `items` printed in each cell where it is > 0. Both are
 * n * n, row after row; the diagonal is left blank. */
int tl_chart_heatmap(const char *dir, const char *name, const char *title, size_t n, const char *const *labels,
                     const double *npmi, const double *items);

/* Renders NAME.gp of each of the `n` names in `dir` into NAME.png and
 * NAME.svg with `gnuplot` (a program name searched on PATH, or a path;
 * NULL or "" means "gnuplot"), each gnuplot run stopped after
 * `timeout_seconds` (<= 0: 60). Returns 0 when every chart was rendered;
 * 1 when some or all were not — gnuplot missing, failing or too slow —
 * after reporting which and how to render them by hand. Pictures that were
 * rendered are in place either way; a chart that was not loses its old
 * pictures, which would no longer match its data. Data and scripts are
 * never touched. */
int tl_chart_render(const char *dir, const char *const *names, size_t n, const char *gnuplot, int timeout_seconds);

#endif
