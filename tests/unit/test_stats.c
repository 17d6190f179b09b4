/*
 * test_stats: every statistic of issue 5 against values worked out by hand
 * (the arithmetic is next to each case), the empty / single-week / sd = 0 /
 * n_ab = N edges, and a cross-check of pmi, npmi, g2 and the p-value against
 * computations written differently, over 50 pseudo-random 2x2 tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"
#include "testutil.h"

/* The tables are compared to 1e-6 downstream; hand values are held to 1e-9. */
#define TOL 1e-9

static void near_(double got, double want, double tol, const char *what, int line) {
  if (!(fabs(got - want) <= tol)) {
    print_error("line %d: %s = %.17g, want %.17g (tol %g)\n", line, what, got, want, tol);
    fail();
  }
}
#define near(got, want, tol) near_((got), (want), (tol), #got, __LINE__)

/* A value the functions must not touch when they return -1. */
#define UNTOUCHED 12345.0

/* ---------------------------------------------------------------- share */

static void share_is_items_over_n(void **state) {
  (void)state;
  near(tl_stats_share(3, 40), 0.075, TOL); /* 3 / 40 */
  near(tl_stats_share(0, 10), 0.0, 0);
  near(tl_stats_share(40, 40), 1.0, 0);
  /* A week without items: 0, not a division by zero. */
  near(tl_stats_share(0, 0), 0.0, 0);
  near(tl_stats_share(5, 0), 0.0, 0);
}

/* --------------------------------------------------------------- zscore */

static void zscore_hand_worked(void **state) {
  (void)state;
  double z = UNTOUCHED;
  /* previous {.1 .2 .3 .4}: mean .25; deviations -.15 -.05 .05 .15,
   * squares .0225+.0025+.0025+.0225 = .05; var = .05/3 (k-1 = 3);
   * sd = sqrt(1/60) = .1290994; z = (.5-.25)/sd = .25*sqrt(60) = 1.9364917 */
  const double p1[] = {0.1, 0.2, 0.3, 0.4};
  assert_int_equal(tl_stats_zscore(p1, 4, 0.5, &z), 0);
  near(z, 0.25 * sqrt(60.0), TOL);
  near(z, 1.9364916731, 1e-9);

  /* Below the mean: {.2 .4 .2 .4}, share 0: mean .3, deviations +-.1,
   * squares sum .04, var .04/3, sd = sqrt(1/75); z = -.3*sqrt(75) = -2.5980762 */
  const double p2[] = {0.2, 0.4, 0.2, 0.4};
  assert_int_equal(tl_stats_zscore(p2, 4, 0.0, &z), 0);
  near(z, -2.5980762114, 1e-9);

  /* K = 8 with the zeros before the first mention counted:
   * {0 0 0 0 0 0 .1 .1}, share .3: mean .2/8 = .025;
   * squares 6*(.025^2) + 2*(.075^2) = .00375 + .01125 = .015; var .015/7;
   * sd = .0462910; z = (.3-.025)/sd = .275*sqrt(7/.015) = 5.9406790 */
  const double p3[] = {0, 0, 0, 0, 0, 0, 0.1, 0.1};
  assert_int_equal(tl_stats_zscore(p3, 8, 0.3, &z), 0);
  near(z, 0.275 * sqrt(7.0 / 0.015), TOL);
  near(z, 5.9406789735, 1e-9);
}

/* The z-score hands GSL the mean it already has (gsl_stats_sd_m); the
 * tables need it to be exactly what gsl_stats_sd gives, to the last bit. */
static void zscore_is_exactly_gsl_sd(void **state) {
  (void)state;
  uint64_t seed = 88172645463325252ULL;
  for (int i = 0; i < 2000; i++) {
    double w[8];
    size_t k = 4 + (size_t)(i % 5);
    for (size_t j = 0; j < k; j++) {
      tu_xorshift64(&seed);
      w[j] = (double)(seed % 300) / (double)(1 + seed / 300 % 400); /* shares */
    }
    double share = (double)(i % 50) / 49.0, z;
    double sd = gsl_stats_sd(w, 1, k);
    if (!(sd > 0.0))
      continue;
    double want = (share - gsl_stats_mean(w, 1, k)) / sd;
    assert_int_equal(tl_stats_zscore(w, k, share, &z), 0);
    assert_memory_equal(&z, &want, sizeof z);
  }
}

static void zscore_needs_four_weeks(void **state) {
  (void)state;
  double z = UNTOUCHED;
  const double p[] = {0.1, 0.2, 0.3, 0.4};
  /* Empty, a single week, three weeks: no z-score, *out untouched. */
  assert_int_equal(tl_stats_zscore(NULL, 0, 0.5, &z), -1);
  assert_int_equal(tl_stats_zscore(p, 1, 0.5, &z), -1);
  assert_int_equal(tl_stats_zscore(p, 3, 0.5, &z), -1);
  near(z, UNTOUCHED, 0);
  /* Exactly four: {.1 .2 .3 .4} as above. */
  assert_int_equal(tl_stats_zscore(p, 4, 0.5, &z), 0);
  near(z, 1.9364916731, 1e-9);
}

static void zscore_empty_when_sd_is_zero(void **state) {
  (void)state;
  double z = UNTOUCHED;
  /* A flat series: mean .2, every deviation 0, sd 0 -> no z-score. .2 is
   * not exact in binary, so this also checks no rounding residue sneaks in. */
  const double flat[] = {0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2};
  assert_int_equal(tl_stats_zscore(flat, 8, 0.9, &z), -1);
  const double third[] = {1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3};
  assert_int_equal(tl_stats_zscore(third, 5, 0.9, &z), -1);
  /* An entity never mentioned before: all zeros, sd 0. */
  const double zeros[] = {0, 0, 0, 0, 0, 0, 0, 0};
  assert_int_equal(tl_stats_zscore(zeros, 8, 0.5, &z), -1);
  near(z, UNTOUCHED, 0);
}

static void zscore_refuses_non_finite(void **state) {
  (void)state;
  double z = UNTOUCHED;
  const double p[] = {0.1, NAN, 0.3, 0.4};
  assert_int_equal(tl_stats_zscore(p, 4, 0.5, &z), -1);
  const double q[] = {0.1, 0.2, 0.3, 0.4};
  assert_int_equal(tl_stats_zscore(q, 4, INFINITY, &z), -1);
  near(z, UNTOUCHED, 0);
}

/* ---------------------------------------------------------------- slope */

static void slope_hand_worked(void **state) {
  (void)state;
  double s = UNTOUCHED;
  /* {0 .1 .1 .2}, x = 0..3: xbar 1.5, ybar .1;
   * Sxy = (-1.5)(-.1) + (-.5)(0) + (.5)(0) + (1.5)(.1) = .3;
   * Sxx = 2.25+.25+.25+2.25 = 5; slope = .3/5 = .06 */
  const double y1[] = {0, 0.1, 0.1, 0.2};
  assert_int_equal(tl_stats_slope(y1, 4, &s), 0);
  near(s, 0.06, TOL);

  /* Falling {.4 .1 0 0}: ybar .125; Sxy = (-1.5)(.275) + (-.5)(-.025)
   * + (.5)(-.125) + (1.5)(-.125) = -.4125+.0125-.0625-.1875 = -.65;
   * slope = -.65/5 = -.13 */
  const double y2[] = {0.4, 0.1, 0, 0};
  assert_int_equal(tl_stats_slope(y2, 4, &s), 0);
  near(s, -0.13, TOL);

  /* A straight line .05 + .02x over K = 8 weeks: slope .02 exactly. */
  double y3[8];
  for (int i = 0; i < 8; i++)
    y3[i] = 0.05 + 0.02 * i;
  assert_int_equal(tl_stats_slope(y3, 8, &s), 0);
  near(s, 0.02, TOL);

  /* Ten points (longer than the window; the copy of x is then allocated):
   * y = x^2/100, x = 0..9: xbar 4.5, Sxx = 82.5;
   * Sxy = (sum x^3 - 4.5 sum x^2)/100 = (2025 - 4.5*285)/100 = 7.425;
   * slope = 7.425/82.5 = .09 */
  double y4[10];
  for (int i = 0; i < 10; i++)
    y4[i] = i * i / 100.0;
  assert_int_equal(tl_stats_slope(y4, 10, &s), 0);
  near(s, 0.09, TOL);
}

static void slope_flat_is_zero_and_exists(void **state) {
  (void)state;
  double s = UNTOUCHED;
  /* Exactly four equal points: Sxy = 0, slope 0 (a value, not an empty cell). */
  const double flat[] = {0.3, 0.3, 0.3, 0.3};
  assert_int_equal(tl_stats_slope(flat, 4, &s), 0);
  near(s, 0.0, TOL);
}

/* Flat windows are answered without GSL (half of weekly.csv's rows are
 * such windows); the answers must be GSL's own, bit for bit, and a window
 * one ulp from flat must still get GSL's answer. */
static void flat_windows_agree_with_gsl(void **state) {
  (void)state;
  const double values[] = {0.0, 0.2, 1.0 / 3, 1e-300, 5e-324, 0.9999999999999999, 123456.789, -0.5};
  double x[TL_STATS_WINDOW];
  for (int i = 0; i < TL_STATS_WINDOW; i++)
    x[i] = i;
  for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
    for (size_t n = TL_STATS_MIN_POINTS; n <= TL_STATS_WINDOW; n++) {
      double w[TL_STATS_WINDOW];
      for (size_t i = 0; i < n; i++)
        w[i] = values[v];
      for (int bump = 0; bump < 2; bump++) {
        if (bump) /* almost flat: the last value one ulp up */
          w[n - 1] = nextafter(values[v], 1.0);
        double c0, c1, cov00, cov01, cov11, sumsq;
        gsl_fit_linear(x, 1, w, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
        double s = UNTOUCHED;
        assert_int_equal(tl_stats_slope(w, n, &s), 0);
        assert_memory_equal(&s, &c1, sizeof s);
        double sd = gsl_stats_sd(w, 1, n), z = UNTOUCHED;
        int rc = tl_stats_zscore(w, n, 0.75, &z);
        if (sd > 0.0) {
          double want = (0.75 - gsl_stats_mean(w, 1, n)) / sd;
          assert_int_equal(rc, isfinite(want) ? 0 : -1);
          if (rc == 0)
            assert_memory_equal(&z, &want, sizeof z);
        } else {
          assert_int_equal(rc, -1);
        }
      }
    }
  }
}

static void slope_needs_four_points(void **state) {
  (void)state;
  double s = UNTOUCHED;
  const double y[] = {0, 0.1, 0.1, 0.2};
  assert_int_equal(tl_stats_slope(NULL, 0, &s), -1); /* empty */
  assert_int_equal(tl_stats_slope(y, 1, &s), -1);    /* a single week */
  assert_int_equal(tl_stats_slope(y, 3, &s), -1);
  near(s, UNTOUCHED, 0);
  const double bad[] = {0, NAN, 0.1, 0.2};
  assert_int_equal(tl_stats_slope(bad, 4, &s), -1);
  near(s, UNTOUCHED, 0);
}

/* ---------------------------------------------------------------- burst */

static void burst_needs_z_two_and_a_mention(void **state) {
  (void)state;
  /* z = 5.94 (worked above) and share .3 > 0: a burst. */
  const double rising[] = {0, 0, 0, 0, 0, 0, 0.1, 0.1};
  assert_int_equal(tl_stats_burst(rising, 8, 0.3), 1);
  /* Just over the line: {.1 .3 .1 .3}, mean .2, squares 4*.01 = .04,
   * sd = sqrt(.04/3) = .1154701; share .45: z = .25/.1154701 = 2.1650635 */
  const double wobble[] = {0.1, 0.3, 0.1, 0.3};
  double z;
  assert_int_equal(tl_stats_zscore(wobble, 4, 0.45, &z), 0);
  near(z, 0.25 / sqrt(0.04 / 3), TOL);
  assert_int_equal(tl_stats_burst(wobble, 4, 0.45), 1);
  /* ... and just under: share .43 gives z = .23/.1154701 = 1.9918584. */
  assert_int_equal(tl_stats_burst(wobble, 4, 0.43), 0);
  /* z = 1.936 < 2: not a burst. */
  const double steady[] = {0.1, 0.2, 0.3, 0.4};
  assert_int_equal(tl_stats_burst(steady, 4, 0.5), 0);
  /* No z-score (sd 0, or fewer than 4 weeks): never a burst, however large
   * the share -- a first appearance is not a burst by this formula. */
  const double zeros[] = {0, 0, 0, 0};
  assert_int_equal(tl_stats_burst(zeros, 4, 0.9), 0);
  assert_int_equal(tl_stats_burst(rising + 5, 3, 0.9), 0);
  /* z = (0 - (-.3)) / sqrt(1/75) = 2.598 >= 2, but share 0: not a burst.
   * (Shares are never negative; this only proves the share test is there.) */
  const double neg[] = {-0.2, -0.4, -0.2, -0.4};
  assert_int_equal(tl_stats_burst(neg, 4, 0.0), 0);
  assert_int_equal(tl_stats_burst(neg, 4, 1e-9), 1);
}

/* ---------------------------------------------------------------- trend */

static void trend_cuts_the_windows(void **state) {
  (void)state;
  /* Weeks with digests 0..4; the entity first appears in week 1. */
  const double series[] = {0, 0.1, 0.1, 0.2, 0.5};
  tl_trend t;

  /* Week 0, before the first mention: share 0, nothing else. */
  assert_int_equal(tl_stats_trend(series, 5, 1, 0, 8, &t), 0);
  near(t.share, 0, 0);
  assert_false(t.has_change);
  assert_false(t.has_zscore);
  assert_false(t.has_slope);
  assert_false(t.burst);

  /* Week 1, the entity's first week: change is empty even though week 0
   * exists (issue: "empty for the entity's first week"). */
  assert_int_equal(tl_stats_trend(series, 5, 1, 1, 8, &t), 0);
  near(t.share, 0.1, 0);
  assert_false(t.has_change);

  /* Week 2: change .1 - .1 = 0 (exists); 2 previous weeks, 3 points. */
  assert_int_equal(tl_stats_trend(series, 5, 1, 2, 8, &t), 0);
  assert_true(t.has_change);
  near(t.change, 0.0, TOL);
  assert_false(t.has_zscore);
  assert_false(t.has_slope);

  /* Week 3: change .1; 3 previous weeks -> no z; slope over
   * {0 .1 .1 .2} = .06 (worked above). */
  assert_int_equal(tl_stats_trend(series, 5, 1, 3, 8, &t), 0);
  near(t.change, 0.1, TOL);
  assert_false(t.has_zscore);
  assert_true(t.has_slope);
  near(t.slope, 0.06, TOL);

  /* Week 4: change .5-.2 = .3;
   * z against {0 .1 .1 .2}: mean .1, squares .01+0+0+.01 = .02, var .02/3,
   * sd = sqrt(1/150); z = .4*sqrt(150) = 4.8989795 -> burst;
   * slope over {0 .1 .1 .2 .5}: xbar 2, ybar .18;
   * Sxy = (-2)(-.18)+(-1)(-.08)+0+(1)(.02)+(2)(.32) = 1.1, Sxx = 10 -> .11 */
  assert_int_equal(tl_stats_trend(series, 5, 1, 4, 8, &t), 0);
  near(t.share, 0.5, 0);
  near(t.change, 0.3, TOL);
  assert_true(t.has_zscore);
  near(t.zscore, 0.4 * sqrt(150.0), TOL);
  assert_true(t.has_slope);
  near(t.slope, 0.11, TOL);
  assert_true(t.burst);
}

static void trend_looks_back_only_k_weeks(void **state) {
  (void)state;
  /* With k = 4 the early .9 weeks must fall out of both windows.
   * Week 9: z against series[5..8] = {0 .1 .1 .2} -> 4.8989795 (as above);
   * slope over series[6..9] = {.1 .1 .2 .5}: ybar .225;
   * Sxy = (-1.5)(-.125)+(-.5)(-.125)+(.5)(-.025)+(1.5)(.275)
   *     = .1875+.0625-.0125+.4125 = .65; slope = .65/5 = .13 */
  const double series[] = {0.9, 0.9, 0.9, 0.9, 0.9, 0, 0.1, 0.1, 0.2, 0.5};
  tl_trend t;
  assert_int_equal(tl_stats_trend(series, 10, 0, 9, 4, &t), 0);
  near(t.change, 0.3, TOL);
  assert_true(t.has_zscore);
  near(t.zscore, 0.4 * sqrt(150.0), TOL);
  assert_true(t.has_slope);
  near(t.slope, 0.13, TOL);
}

static void trend_refuses_bad_arguments(void **state) {
  (void)state;
  const double series[] = {0.1, 0.2};
  tl_trend t = {.share = UNTOUCHED};
  assert_int_equal(tl_stats_trend(series, 2, 0, 2, 8, &t), -1);
  assert_int_equal(tl_stats_trend(series, 2, 0, 1, 0, &t), -1);
  near(t.share, UNTOUCHED, 0);
}

/* ---------------------------------------------------------- association */

/* Chi-squared with 1 degree of freedom: Q(x) = erfc(sqrt(x/2)), a route to
 * the p-value that does not go through GSL. */
static double chisq1_q(double x) { return erfc(sqrt(x / 2.0)); }

static void association_hand_worked(void **state) {
  (void)state;
  tl_association r;
  /* n_ab 10, n_a 20, n_b 20, N 100:
   * pmi = log2(10*100/(20*20)) = log2(2.5) = 1.3219281;
   * npmi = log2(2.5) / -log2(10/100) = log2(2.5)/log2(10) = log10(2.5) = .3979400;
   * table o: 10 10 / 10 70; e = row*col/N: 4 16 / 16 64;
   * g2 = 2[10 ln 2.5 + 2*10 ln(10/16) + 70 ln(70/64)]
   *    = 2[9.1629073 - 9.4000725 + 6.2728510] = 12.0713717;
   * p = Q(12.0713717, 1) = .00051202 */
  assert_int_equal(tl_stats_association(10, 20, 20, 100, &r), 0);
  near(r.pmi, log2(2.5), TOL);
  near(r.npmi, log10(2.5), TOL);
  near(r.g2, 12.0713716842, 1e-9);
  near(r.p_value, 0.00051202014556, 1e-12);

  /* Avoidance: n_ab 1, n_a 50, n_b 50, N 100:
   * pmi = log2(100/2500) = log2(.04) = -4.6438562;
   * npmi = log2(.04)/log2(100) = log10(.04)/2 = -.6989700;
   * o: 1 49 / 49 1; e: 25 everywhere;
   * g2 = 2[2*1*ln(.04) + 2*49*ln(1.96)] = 2[-6.4377516 + 65.9485614] = 119.0216135 */
  assert_int_equal(tl_stats_association(1, 50, 50, 100, &r), 0);
  near(r.pmi, log2(0.04), TOL);
  near(r.npmi, log10(0.04) / 2, TOL);
  near(r.g2, 119.021613456, 1e-8);
  near(r.p_value, 1.03594558099e-27, 1e-36);

  /* Always together, with two empty cells: n_ab = n_a = n_b = 10, N 40:
   * pmi = log2(10*40/100) = 2; npmi = 2 / log2(4) = 1;
   * o: 10 0 / 0 30; e11 = 100/40 = 2.5, e22 = 900/40 = 22.5 (o = 0 cells add 0);
   * g2 = 2[10 ln 4 + 30 ln(30/22.5)] = 2[13.8629436 + 8.6304622] = 44.9868116 */
  assert_int_equal(tl_stats_association(10, 10, 10, 40, &r), 0);
  near(r.pmi, 2.0, TOL);
  near(r.npmi, 1.0, TOL);
  near(r.g2, 44.9868115695, 1e-9);
  near(r.p_value, chisq1_q(44.9868115695), 1e-20);
}

static void association_independent_pair(void **state) {
  (void)state;
  tl_association r;
  /* n_ab 5, n_a 10, n_b 50, N 100: pmi = log2(500/500) = 0, npmi 0;
   * e11 = 10*50/100 = 5 = o11, and so on: every o = e, g2 0, p 1. */
  assert_int_equal(tl_stats_association(5, 10, 50, 100, &r), 0);
  near(r.pmi, 0, TOL);
  near(r.npmi, 0, TOL);
  near(r.g2, 0, TOL);
  assert_true(r.g2 >= 0); /* never a rounding -0.000... in the table */
  near(r.p_value, 1, TOL);
  /* 1/3 of items name a, 3/7 name b, 1/7 both: o/e is 1 only up to rounding. */
  assert_int_equal(tl_stats_association(3, 7, 9, 21, &r), 0);
  near(r.g2, 0, 1e-12);
  assert_true(r.g2 >= 0);
}

static void association_edge_counts(void **state) {
  (void)state;
  tl_association r;
  /* n_ab = N: every item names both. pmi = log2(50*50/(50*50)) = 0, and
   * npmi would be 0/0; the issue fixes it at 1. o11 = e11 = 50, the other
   * cells are empty (e = 0 there too): g2 0, p 1. */
  assert_int_equal(tl_stats_association(50, 50, 50, 50, &r), 0);
  near(r.pmi, 0, 0);
  near(r.npmi, 1, 0);
  near(r.g2, 0, TOL);
  near(r.p_value, 1, TOL);

  /* n_a = N: a is everywhere, so the "not a" row has expected 0.
   * n_ab = n_b = 5, N 20: pmi = log2(5*20/(20*5)) = 0; npmi = 0/log2(4) = 0;
   * o: 5 15 / 0 0; e: 20*5/20 = 5, 20*15/20 = 15 / 0 0 -> g2 0, p 1. */
  assert_int_equal(tl_stats_association(5, 20, 5, 20, &r), 0);
  near(r.pmi, 0, TOL);
  near(r.npmi, 0, TOL);
  near(r.g2, 0, TOL);
  near(r.p_value, 1, TOL);

  /* A single item naming both: pmi = log2(1*1/(1*1)) = 0, n_ab = N -> npmi 1. */
  assert_int_equal(tl_stats_association(1, 1, 1, 1, &r), 0);
  near(r.npmi, 1, 0);
}

static void association_refuses_impossible_counts(void **state) {
  (void)state;
  tl_association r = {UNTOUCHED, UNTOUCHED, UNTOUCHED, UNTOUCHED};
  assert_int_equal(tl_stats_association(0, 10, 10, 100, &r), -1); /* n_ab 0: pmi -inf */
  assert_int_equal(tl_stats_association(0, 0, 0, 0, &r), -1);     /* N 0 */
  assert_int_equal(tl_stats_association(1, 1, 1, 0, &r), -1);
  assert_int_equal(tl_stats_association(11, 10, 20, 100, &r), -1); /* n_ab > n_a */
  assert_int_equal(tl_stats_association(11, 20, 10, 100, &r), -1); /* n_ab > n_b */
  assert_int_equal(tl_stats_association(5, 101, 10, 100, &r), -1); /* n_a > N */
  assert_int_equal(tl_stats_association(5, 10, 101, 100, &r), -1); /* n_b > N */
  /* 60 + 60 - 1 = 119 items would name a or b, out of 100. */
  assert_int_equal(tl_stats_association(1, 60, 60, 100, &r), -1);
  assert_int_equal(tl_stats_association(-1, 10, 10, 100, &r), -1);
  assert_int_equal(tl_stats_association(5, 10, 10, -100, &r), -1);
  near(r.pmi, UNTOUCHED, 0);
  near(r.g2, UNTOUCHED, 0);
  /* The boundary itself is fine: 60 + 41 - 1 = 100 items. */
  assert_int_equal(tl_stats_association(1, 60, 41, 100, &r), 0);
}

static void association_large_counts(void **state) {
  (void)state;
  if (sizeof(long) < 8)
    skip();
  tl_association r;
  /* The first hand-worked table times 10^8: n_ab*N = 10^19 overflows a
   * 64-bit long, so this fails if any product is taken before converting.
   * pmi and npmi depend on ratios only, g2 scales with the counts:
   * 12.0713716842 * 10^8; the p-value underflows to 0. */
  assert_int_equal(tl_stats_association(1000000000L, 2000000000L, 2000000000L, 10000000000L, &r), 0);
  near(r.pmi, log2(2.5), TOL);
  near(r.npmi, log10(2.5), TOL);
  near(r.g2 / 1e8, 12.0713716842, 1e-9);
  near(r.p_value, 0, 0);
  /* A p-value that far out must come back as 0, not abort or NaN. */
  assert_int_equal(tl_stats_association(1, 50000000L, 50000000L, 100000000L, &r), 0);
  assert_true(r.p_value >= 0 && r.p_value < 1e-300);
  /* Nearly independent at this size (n_a*n_b/N = 304919291.9), the four
   * terms are ~1 each and cancel to about -9e-8 in doubles: the cell must
   * read 0, not a negative G2. */
  assert_int_equal(tl_stats_association(304919292L, 337881268L, 388500734L, 430497919L, &r), 0);
  assert_true(r.g2 >= 0);
  near(r.g2, 0, 1e-6);
  near(r.p_value, 1, 1e-3);
}

/* Deterministic, so the random tables are the same on every run and machine. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static long draw(long below) { return (long)(tu_xorshift64(&rng) % (uint64_t)below); }

static void association_matches_direct_computation(void **state) {
  (void)state;
  for (int t = 0; t < 50; t++) {
    /* Draw the four cells, so the counts are always consistent; some empty
     * cells (a quarter of the time) and some large tables. */
    long scale = t % 5 == 4 ? 1000000 : 200;
    long c[4];
    for (int j = 0; j < 4; j++)
      c[j] = draw(4) == 0 ? 0 : draw(scale);
    c[0] += 1; /* n_ab >= 1 */
    long n_ab = c[0], n_a = c[0] + c[1], n_b = c[0] + c[2], n = c[0] + c[1] + c[2] + c[3];

    tl_association r;
    assert_int_equal(tl_stats_association(n_ab, n_a, n_b, n, &r), 0);

    /* pmi from probabilities: log2(P(ab) / (P(a) P(b))). */
    double pab = (double)n_ab / n, pa = (double)n_a / n, pb = (double)n_b / n;
    double pmi = log2(pab / (pa * pb));
    double npmi = n_ab == n ? 1.0 : pmi / -log2(pab);
    /* g2 in its entropy form, 2[sum o ln o - sum row ln row - sum col ln col
     * + N ln N] (x ln x = 0 at 0): algebraically the same, computed apart. */
    double o[4] = {(double)c[0], (double)c[1], (double)c[2], (double)c[3]};
    double rows[2] = {o[0] + o[1], o[2] + o[3]}, cols[2] = {o[0] + o[2], o[1] + o[3]};
    double sum = (double)n * log((double)n);
    for (int j = 0; j < 4; j++)
      sum += o[j] > 0 ? o[j] * log(o[j]) : 0;
    for (int j = 0; j < 2; j++) {
      sum -= rows[j] > 0 ? rows[j] * log(rows[j]) : 0;
      sum -= cols[j] > 0 ? cols[j] * log(cols[j]) : 0;
    }
    double g2 = 2 * sum;
    if (g2 < 0)
      g2 = 0;
    /* The entropy form cancels large terms (N ln N), so allow for relative
     * rounding of those; still far inside the 1e-6 the tables are held to. */
    double g2_tol = 1e-12 * (double)n * log((double)n) + 1e-9;

    char what[96];
    snprintf(what, sizeof what, "table %d: %ld %ld %ld %ld", t, c[0], c[1], c[2], c[3]);
    near_(r.pmi, pmi, 1e-9, what, __LINE__);
    near_(r.npmi, npmi, 1e-9, what, __LINE__);
    near_(r.g2, g2, g2_tol, what, __LINE__);
    near_(r.p_value, chisq1_q(r.g2), 1e-9, what, __LINE__);
    assert_true(r.npmi >= -1.0 - 1e-12 && r.npmi <= 1.0 + 1e-12);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(share_is_items_over_n),
      cmocka_unit_test(zscore_hand_worked),
      cmocka_unit_test(zscore_is_exactly_gsl_sd),
      cmocka_unit_test(zscore_needs_four_weeks),
      cmocka_unit_test(zscore_empty_when_sd_is_zero),
      cmocka_unit_test(zscore_refuses_non_finite),
      cmocka_unit_test(slope_hand_worked),
      cmocka_unit_test(slope_flat_is_zero_and_exists),
      cmocka_unit_test(flat_windows_agree_with_gsl),
      cmocka_unit_test(slope_needs_four_points),
      cmocka_unit_test(burst_needs_z_two_and_a_mention),
      cmocka_unit_test(trend_cuts_the_windows),
      cmocka_unit_test(trend_looks_back_only_k_weeks),
      cmocka_unit_test(trend_refuses_bad_arguments),
      cmocka_unit_test(association_hand_worked),
      cmocka_unit_test(association_independent_pair),
      cmocka_unit_test(association_edge_counts),
      cmocka_unit_test(association_refuses_impossible_counts),
      cmocka_unit_test(association_large_counts),
      cmocka_unit_test(association_matches_direct_computation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
