/*
 * stats: trend and association statistics. See include/stats.h for the
 * formulas; this file only adds the guards that keep them from producing
 * NaN, infinity or a GSL abort.
 */
#include "stats.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

#include "buf.h"

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void turn_gsl_handler_off(void) { gsl_set_error_handler_off(); }

void tl_stats_init(void) { pthread_once(&gsl_once, turn_gsl_handler_off); }

/* Whether the k values are all the same finite number. Half the rows of a
 * weekly table are such windows (an entity not named for K weeks), and for
 * them the answer is known without GSL: GSL's running mean of a constant is
 * that constant exactly, so its sd is 0 and its fitted slope 0. */
static int flat(const double *x, size_t k) {
  if (k == 0 || !isfinite(x[0]))
    return 0;
  for (size_t i = 1; i < k; i++)
    if (x[i] != x[0])
      return 0;
  return 1;
}

double tl_stats_share(long items, long n) {
  if (n <= 0)
    return 0.0;
  return (double)items / (double)n;
}

int tl_stats_zscore(const double *previous, size_t k, double share, double *out) {
  tl_stats_init();
  if (k < TL_STATS_MIN_POINTS || flat(previous, k))
    return -1;
  double mean = gsl_stats_mean(previous, 1, k);
  /* The sd divides by k-1 (the "sample standard deviation"); a
   * flat window never gets here (flat() above). gsl_stats_sd_m takes the
   * mean just computed: gsl_stats_sd is exactly that call after computing
   * the same mean again. */
  double sd = gsl_stats_sd_m(previous, 1, k, mean);
  if (!(sd > 0.0))
    return -1;
  double z = (share - mean) / sd;
  /* A NaN or infinity among the inputs propagates into z; refuse it rather
   * than write "nan" into a table. */
  if (!isfinite(z))
    return -1;
  *out = z;
  return 0;
}

int tl_stats_slope(const double *shares, size_t n, double *out) {
  tl_stats_init();
  if (n < TL_STATS_MIN_POINTS)
    return -1;
  if (flat(shares, n)) {
    *out = 0.0;
    return 0;
  }
  /* Positions 0..n-1: the slope is per week with digests, and an offset in x
   * moves only the intercept. The window is K weeks, so the copy is small. */
  double small[TL_STATS_WINDOW];
  double *x = n <= TL_STATS_WINDOW ? small : tl_xmalloc(n * sizeof *x);
  for (size_t i = 0; i < n; i++)
    x[i] = (double)i;
  double c0, c1, cov00, cov01, cov11, sumsq;
  int status = gsl_fit_linear(x, 1, shares, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
  if (x != small)
    free(x);
  if (status != GSL_SUCCESS || !isfinite(c1)) /* a NaN or inf among the shares */
    return -1;
  *out = c1;
  return 0;
}

/* The one statement of the burst rule, shared by tl_stats_burst and
 * tl_stats_trend so the two can never disagree. */
static int is_burst(int has_zscore, double zscore, double share) {
  return has_zscore && zscore >= TL_STATS_BURST_Z && share > 0.0;
}

int tl_stats_burst(const double *previous, size_t k, double share) {
  double z = 0.0;
  int has_z = tl_stats_zscore(previous, k, share, &z) == 0;
  return is_burst(has_z, z, share);
}

int tl_stats_trend(const double *series, size_t n, size_t first, size_t i, size_t k,
                   tl_trend *out) {
  if (i >= n || k == 0)
    return -1;
  tl_trend t = {0};
  t.share = series[i];
  if (i > first) {
    t.change = series[i] - series[i - 1];
    t.has_change = 1;
  }
  /* z-score: the k weeks strictly before i. */
  size_t zfrom = i > k ? i - k : 0;
  t.has_zscore = tl_stats_zscore(series + zfrom, i - zfrom, t.share, &t.zscore) == 0;
  /* slope: the k weeks ending with i. */
  size_t sfrom = i + 1 > k ? i + 1 - k : 0;
  t.has_slope = tl_stats_slope(series + sfrom, i + 1 - sfrom, &t.slope) == 0;
  t.burst = is_burst(t.has_zscore, t.zscore, t.share);
  *out = t;
  return 0;
}

/* One cell's term o*ln(o/e) with e = row*col/n, written as o*n/(row*col):
 * both products are whole numbers, so a cell that matches its expectation
 * gives ln(1) = 0 exactly instead of a rounding residue. An empty cell
 * contributes 0; an occupied cell always has row, col > 0, so e > 0 there. */
static double g2_term(double o, double row, double col, double n) {
  if (o <= 0.0)
    return 0.0;
  return o * log(o * n / (row * col));
}

int tl_stats_association(long n_ab, long n_a, long n_b, long n, tl_association *out) {
  tl_stats_init();
  if (n <= 0 || n_ab <= 0 || n_a < n_ab || n_b < n_ab || n_a > n || n_b > n)
    return -1;
  /* n_a + n_b - n_ab in long could overflow only past LONG_MAX/2 items;
   * compare in the form that cannot. */
  if (n_a - n_ab > n - n_b)
    return -1;
  double ab = (double)n_ab, a = (double)n_a, b = (double)n_b, N = (double)n;

  tl_association r;
  r.pmi = log2(ab * N / (a * b));
  r.npmi = n_ab == n ? 1.0 : r.pmi / -log2(ab / N);

  /* The 2x2 table of items: rows "names a" / "not a", columns "names b" /
   * "not b". Each cell count is computed in long (exact), then converted. */
  double o11 = ab;
  double o12 = (double)(n_a - n_ab);
  double o21 = (double)(n_b - n_ab);
  double o22 = (double)((n - n_a) - (n_b - n_ab));
  double g2 = 2.0 * (g2_term(o11, a, b, N) + g2_term(o12, a, N - b, N) +
                     g2_term(o21, N - a, b, N) + g2_term(o22, N - a, N - b, N));
  /* G2 is >= 0 by construction, but in a table of ~10^8 items that is
   * nearly independent, four terms of size ~1 cancel to about -1e-7. */
  if (g2 < 0.0)
    g2 = 0.0;
  r.g2 = g2;
  r.p_value = gsl_cdf_chisq_Q(g2, 1.0);
  if (!isfinite(r.pmi) || !isfinite(r.npmi) || !isfinite(r.g2) || !isfinite(r.p_value))
    return -1;
  *out = r;
  return 0;
}
