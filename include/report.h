#ifndef TL_REPORT_H
#define TL_REPORT_H
/*
 * report: the last stage — charts, weekly trend reports and an index, made
 * from the finished CSV tables of an output folder (DESIGN.md §7), never
 * from the stages' structs, so `aggregate` over merged shards and `run`
 * over files give the same reports.
 *
 * Reads from OUT:  documents.csv, entities.csv, weekly.csv (required);
 *                  items.csv, mentions.csv, amounts.csv, amounts_weekly.csv,
 *                  cooccurrence.csv, candidates.csv (each optional: the
 *                  section or chart that needs it says it is missing).
 * Writes:          OUT/charts/NAME.{dat,gp,png,svg}   (see chart.h)
 *                  OUT/weekly/YYYY-Www.md and .html   (one per week with digests)
 *                  OUT/index.html                      (every week, the tables)
 *
 * Invariants:
 *  - Documents whose status contains "duplicate-of:" count nowhere.
 *  - Text from digests and dictionaries reaches Markdown only escaped
 *    (tl_report_md_text), link targets only as http(s) URLs in <...>, and
 *    HTML only through cmark with raw HTML omitted (its safe default), so a
 *    name like <script> shows as text. File names come from ISO weeks that
 *    were checked to be YYYY-Www and from tl_chart_slug(), never from names.
 *  - Output is a function of the tables and the options: no clock, no
 *    paths of the machine, so reports can be compared byte for byte.
 *  - Every file is written to a temporary name and renamed into place.
 *
 * Charts: charts/timeline (weekly share of the top entities),
 * charts/entity-SLUG (one per --entity: mentions, share, bursts),
 * charts/week-YYYY-Www (top-N bars of each report week),
 * charts/cooccurrence (NPMI heat map of the top entities, at most 15, from
 * cooccurrence.csv), charts/amounts (USD per week of the top entities by
 * money, at most 8, from amounts_weekly.csv, log scale). A report embeds
 * the pictures that were rendered and says how to render the others.
 *
 * Weekly figures compare with the previous week that has digests; pairs of
 * the week are counted from that week's mentions.csv rows (item level).
 *
 * Memory follows what is reported — the weeks, the names, the rows of one
 * week — not the size of the archive: no table is held whole. That asks
 * two things of the tables, both as trendlens writes them:
 *  - weekly.csv goes week by week. Rows of a week met again after other
 *    weeks are reported and skipped.
 *  - items.csv, mentions.csv and amounts.csv are in doc order; they are
 *    read a week at a time. A row with a lower doc number than the one
 *    before is reported, and the table counts as one that could not be
 *    read. When the weeks of the documents do not follow doc order
 *    (several sources, one after the other), where each document of a
 *    week to come starts is noted, and read when its week comes.
 * A table found damaged partway counts as unreadable in every report: the
 * reports written before are written again without it.
 */
#include <stddef.h>

#include "buf.h"

typedef struct {
  const char *gnuplot; /* program to run, default "gnuplot" found on PATH */
  const char *const *entities;
  size_t n_entities;   /* --entity NAME: one timeline chart each (canonical names) */
  const char *week;    /* --week YYYY-Www: only that report (wins over weeks), or NULL */
  int weeks;           /* --weeks N: the last N weeks, 0 = all */
  int top;             /* top-N entities in charts/reports (default 10) */
  int timeout_seconds; /* per gnuplot run, default 60 */
} tl_report_options;

/* The rules the reports state, in one place. A name is rising when its
 * weekly share has z-score >= TL_REPORT_Z with a positive slope and at least
 * TL_REPORT_MIN_MENTIONS mentions that week; falling when z-score <= -Z with
 * a negative slope. Entity charts mark weeks with z-score >= Z as bursts.
 * A pair of the week needs TL_REPORT_MIN_PAIR items together. */
#define TL_REPORT_Z 2.0
#define TL_REPORT_MIN_MENTIONS 3
#define TL_REPORT_MIN_PAIR 2
#define TL_REPORT_SPARK_WEEKS 8

/* Reads the tables in out_dir, writes out_dir/charts/, out_dir/weekly/YYYY-Www.{md,html}, out_dir/index.html.
   Returns 0; 1 when charts could not be rendered (gnuplot missing or failing: data and scripts are still written and
   the message says how to render them by hand) or an --entity is unknown; -1 on a fatal problem (reported): a
   required table missing or unreadable, --week malformed or without digests, a file that cannot be written.
   `opt` may be NULL (all defaults). */
int tl_report_write(const char *out_dir, const tl_report_options *opt);

/* Appends `s` as inline Markdown text that renders exactly as written:
 * control characters and runs of white space become one space (ends
 * trimmed), the characters CommonMark could read as markup are
 * backslash-escaped (\ ` * _ [ ] < > | & ~ !), and so is the start of
 * text that would open a block at the start of a line ("# x", "- x",
 * "1. x", "---"). Example: "a_b <x>" -> "a\_b \<x\>"; "6.92亿" stays. */
void tl_report_md_text(tl_buf *out, const char *s);

/* Appends a sparkline of `n` values with the blocks ▁▂▃▄▅▆▇█, scaled so
 * that the largest is █ (all ▁ when every value is 0); NaN counts as 0. */
void tl_report_sparkline(tl_buf *out, const double *values, size_t n);

/* Renders Markdown into a whole HTML page (UTF-8, a small stylesheet
 * readable on a phone, CJK fonts in the font stack) with cmark: raw HTML
 * and javascript:-style links in `markdown` are dropped, whatever their
 * origin. `title` is plain text. The caller frees. */
char *tl_report_html(const char *title, const char *markdown);

#endif
