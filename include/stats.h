#ifndef TL_STATS_H
#define TL_STATS_H
/*
 * stats: the trend and association statistics of weekly.csv and
 * cooccurrence.csv (DESIGN.md section 6). Pure functions of numbers: no I/O,
 * no allocation the caller sees, safe to call from any thread.
 *
 * The formulas are the ones issue 5 fixes, because the tables are recomputed
 * independently and compared to 1e-6; do not "improve" them:
 *  - share  = items / N(week), 0 when N(week) = 0;
 *  - change = share - share of the previous week that has digests;
 *             empty for the entity's first week;
 *  - zscore = (share - mean) / sd over the K previous weeks with digests
 *             (sd: sample standard deviation, gsl_stats_sd); empty when fewer
 *             than 4 such weeks or sd = 0;
 *  - slope  = least-squares slope (gsl_fit_linear) of share against the
 *             week's position, over the last K weeks with digests including
 *             this one; empty when fewer than 4 points;
 *  - for a pair: pmi = log2(n_ab*N / (n_a*n_b)),
 *             npmi = pmi / -log2(n_ab/N) (1 when n_ab = N),
 *             g2 = 2 * sum o*ln(o/e) over the 2x2 table of items (o = 0
 *             cells contribute 0), p_value = gsl_cdf_chisq_Q(g2, 1).
 * "Weeks with digests" are the weeks in which at least one digest was read,
 * in date order; an entity's share is 0 in those before its first mention.
 *
 * Invariants:
 *  - A function returning int returns 0 and sets *out, or -1 when the value
 *    does not exist, in which case the table cell is empty and *out is left
 *    as it was. No function ever stores a NaN or an infinity.
 *  - GSL never aborts the program: the first call into this module (or
 *    tl_stats_init) turns GSL's abort-on-error handler off for the process.
 */
#include <stddef.h>

#define TL_STATS_WINDOW 8     /* K: how many weeks the z-score and slope look at */
#define TL_STATS_MIN_POINTS 4 /* fewer weeks than this give no z-score or slope */
#define TL_STATS_BURST_Z 2.0  /* the z-score from which a week is a burst */

/* Turns GSL's default error handler (print and abort) off, once per process,
 * thread-safely. Every function below calls it, so calling it is optional;
 * main calls it early so that other GSL users see the same setting. After
 * it, GSL errors come back as return codes and NaNs, which are checked. */
void tl_stats_init(void);

/* items / n: the share of a week's news items that name an entity, 0 for a
 * week without items (so the week reads as "not mentioned", not as an error).
 * Example: 3 items of 40 -> 0.075. */
double tl_stats_share(long items, long n);

/* The z-score of `share` against `previous`, the k previous weeks' shares
 * (oldest first; the caller passes at most K of them). -1 when k < 4, when
 * their sample sd is 0 (e.g. a flat series), or on non-finite input.
 * Example: previous {0.1, 0.2, 0.3, 0.4}, share 0.5 -> mean 0.25,
 * sd 0.1291, z = 1.9365. */
int tl_stats_zscore(const double *previous, size_t k, double share, double *out);

/* The least-squares slope of `shares` (the last n weeks including this one,
 * oldest first) against x = 0..n-1: share gained per week. -1 when n < 4 or
 * on non-finite input. A flat series has slope 0 (that exists).
 * Example: {0, 0.1, 0.1, 0.2} -> 0.06. */
int tl_stats_slope(const double *shares, size_t n, double *out);

/* A week is a burst when its z-score exists, is >= TL_STATS_BURST_Z, and the
 * entity is mentioned at all that week (share > 0): a z-score alone can be
 * high for a week that merely stopped falling. Same arguments as
 * tl_stats_zscore. Returns 1 or 0. */
int tl_stats_burst(const double *previous, size_t k, double share);

/* The trend columns of one weekly.csv row. `has_*` says whether the value
 * exists; when it is 0 the value is 0 and the cell is written empty. */
typedef struct {
  double share, change, zscore, slope;
  int has_change, has_zscore, has_slope;
  int burst;
} tl_trend;

/* Fills *out for week `i` of an entity from its whole series, so that the
 * windows are cut in one place:
 *   series: the entity's share in every week with digests, in date order,
 *           0 in weeks before its first mention (and in weeks it is absent);
 *   n:      the number of such weeks; i < n;
 *   first:  the index of the entity's first week with a mention;
 *   k:      the window (TL_STATS_WINDOW), >= 1.
 * change exists when i > first; the z-score uses series[i-k .. i-1] (fewer
 * at the start), the slope series[i-k+1 .. i].
 * Example: series {0, 0.1, 0.1, 0.2, 0.5}, first 1, i 4, k 8 -> share 0.5,
 * change 0.3, zscore of 0.5 against {0, 0.1, 0.1, 0.2}, slope over all five.
 * Returns -1 (and leaves *out) when i >= n or k == 0. */
int tl_stats_trend(const double *series, size_t n, size_t first, size_t i, size_t k,
                   tl_trend *out);

typedef struct {
  double pmi, npmi, g2, p_value;
} tl_association;

/* The association of two entities a and b over N news items: n_ab items name
 * both, n_a name a, n_b name b. -1 when n_ab == 0 (pmi would be -inf), when
 * n == 0, or when the counts cannot come from one set of items (a negative
 * count, n_ab > min(n_a, n_b), max(n_a, n_b) > n, or n_a + n_b - n_ab > n).
 * Counts are converted to double before any product, so large batches do
 * not overflow. A g2 that rounding leaves a hair below 0 is stored as 0.
 * Example: n_ab 10, n_a 20, n_b 20, N 100 -> pmi log2(2.5) = 1.3219,
 * npmi 1.3219 / log2(10) = 0.3979. */
int tl_stats_association(long n_ab, long n_a, long n_b, long n, tl_association *out);

#endif
