#include "chart.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "diag.h"
#include "outfile.h"

/* The look shared by every chart: one size, one CJK-capable font (pango
 * falls back to another font with the glyphs when it is missing), and
 * noenhanced so that names print exactly as written. */
#define TERMINAL_OPTIONS "size 1200,675 noenhanced font 'Noto Sans CJK SC,12'"
#define LABEL_CHARS 30 /* longer names are cut (with …) on charts only */
#define SLUG_BYTES 48
#define BATCH 16 /* scripts per gnuplot run: one start-up for many charts */

void tl_chart_quote(tl_buf *out, const char *s) {
  tl_buf_putc(out, '\'');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\'')
      tl_buf_puts(out, "''");
    else if (c < 0x20 || c == 0x7f)
      tl_buf_putc(out, ' ');
    else
      tl_buf_putc(out, c);
  }
  tl_buf_putc(out, '\'');
}

/* A name as a chart shows it: quoted, and cut after LABEL_CHARS characters
 * so that one long name cannot squeeze the plot to a sliver. */
static void quote_label(tl_buf *out, const char *s) {
  const char *p = s;
  size_t chars = 0;
  while (*p && chars < LABEL_CHARS) {
    p++;
    while ((*p & 0xC0) == 0x80)
      p++;
    chars++;
  }
  if (!*p) {
    tl_chart_quote(out, s);
    return;
  }
  tl_buf cut = TL_BUF_INIT;
  tl_buf_add(&cut, s, (size_t)(p - s));
  tl_buf_puts(&cut, "…");
  tl_chart_quote(out, cut.data);
  tl_buf_free(&cut);
}

static void slug_of(tl_buf *out, const char *name) {
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)name;
  utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(name);
  int dash = 0;
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(s, left, &cp);
    if (n <= 0) { /* an invalid byte separates like punctuation */
      n = 1;
      cp = -1;
    }
    s += n;
    left -= n;
    int keep = 0;
    if (cp >= 0) {
      utf8proc_category_t cat = utf8proc_category(cp);
      keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
             (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
    }
    if (!keep) {
      dash = out->len > 0;
      continue;
    }
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t len = utf8proc_encode_char(utf8proc_tolower(cp), enc);
    if (out->len + (size_t)dash + (size_t)len > SLUG_BYTES)
      break;
    if (dash)
      tl_buf_putc(out, '-');
    dash = 0;
    tl_buf_add(out, enc, (size_t)len);
  }
  if (out->len == 0)
    tl_buf_puts(out, "chart");
}

char *tl_chart_slug(const char *name, const char *const *taken, size_t n_taken) {
  tl_buf base = TL_BUF_INIT, b = TL_BUF_INIT;
  slug_of(&base, name);
  tl_buf_puts(&b, base.data);
  for (int n = 2;; n++) {
    size_t i = 0;
    while (i < n_taken && strcmp(taken[i], b.data) != 0)
      i++;
    if (i == n_taken)
      break;
    tl_buf_reset(&b);
    tl_buf_printf(&b, "%s-%d", base.data, n);
  }
  tl_buf_free(&base);
  return tl_buf_detach(&b);
}

/* --- writing the data and the scripts --- */

static void number(tl_buf *b, double v) {
  if (isfinite(v))
    tl_buf_printf(b, "%.6g", v);
  else
    tl_buf_puts(b, "NaN");
}

/* The names of a .dat file's columns, for people reading it: a comment
 * line, which gnuplot skips whole. */
static void dat_comment(tl_buf *dat, const char *first, size_t n, const char *const *names) {
  tl_buf_printf(dat, "# %s", first);
  for (size_t i = 0; i < n; i++) {
    tl_buf_putc(dat, '\t');
    for (const char *s = names[i]; *s; s++)
      tl_buf_putc(dat, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
  }
  tl_buf_putc(dat, '\n');
}

static void script_begin(tl_buf *gp, const char *name, const char *what, const char *title) {
  tl_buf_printf(gp,
                "# trendlens chart: %s\n"
                "# Numbers in %s.dat (tab-separated); names are in the label array below,\n"
                "# as single-quoted strings, in which gnuplot expands nothing.\n"
                "# Render from this folder with: gnuplot %s.gp\n"
                "reset\n"
                "if (!exists(\"outdir\")) outdir = ''\n"
                "set encoding utf8\n"
                "set datafile separator \"\\t\"\n"
                "set title ",
                what, name, name);
  tl_chart_quote(gp, title);
  tl_buf_puts(gp, " font ',16'\n");
}

static void label_array(tl_buf *gp, size_t n, const char *const *labels) {
  tl_buf_printf(gp, "array label[%zu] = [", n);
  for (size_t i = 0; i < n; i++) {
    if (i)
      tl_buf_puts(gp, ", ");
    quote_label(gp, labels[i]);
  }
  tl_buf_puts(gp, "]\n");
}

/* x-axis tic labels from column 1, every `every`-th row only, so that a
 * year of weeks stays readable. */
static void week_tics(tl_buf *gp, size_t rows) {
  size_t every = rows <= 26 ? 1 : (rows + 25) / 26;
  tl_buf_printf(gp,
                "every = %zu\n"
                "set xtics rotate by 45 right nomirror\n"
                "set xrange [-0.5:%zu.5]\n",
                every, rows - 1);
}
#define WEEK_TIC "xtic(int($0) %% every == 0 ? strcol(1) : '')"

/* The same plot twice: PNG for pages, SVG for print. */
static void script_render(tl_buf *gp, const char *name, const char *plot) {
  tl_buf_printf(gp,
                "set terminal pngcairo " TERMINAL_OPTIONS "\n"
                "set output outdir.'%s.png'\n"
                "%s"
                "set terminal svg " TERMINAL_OPTIONS " background '#ffffff'\n"
                "set output outdir.'%s.svg'\n"
                "replot\n"
                "unset output\n",
                name, plot, name);
}

/* Tics 1, 2, 5, 10, 20 ... apart on an axis of counts up to `max`, so a
 * count never shows as 0.5. Nothing when the values are not all whole. */
static void count_tics(tl_buf *gp, const char *axis, const double *v, size_t n) {
  double max = 0;
  for (size_t i = 0; i < n; i++) {
    double x = v[i];
    if (!isfinite(x))
      continue;
    if (x != floor(x))
      return;
    if (x > max)
      max = x;
  }
  static const double nice[] = {1, 2, 5};
  double step = 1;
  for (double base = 1; max / step > 8; base *= 10) {
    for (int i = 0; i < 3; i++) {
      step = nice[i] * base;
      if (max / step <= 8)
        break;
    }
  }
  tl_buf_printf(gp, "set %stics %g\n", axis, step);
}

static int write_pair(const char *dir, const char *name, const tl_buf *dat, const tl_buf *gp) {
  tl_buf path = TL_BUF_INIT;
  tl_buf_printf(&path, "%s/%s.dat", dir, name);
  int rc = tl_outfile_write(path.data, dat->data, dat->len);
  tl_buf_reset(&path);
  tl_buf_printf(&path, "%s/%s.gp", dir, name);
  if (rc == 0)
    rc = tl_outfile_write(path.data, gp->data, gp->len);
  tl_buf_free(&path);
  return rc;
}

/* The common end of every chart: the plot command goes into the script,
 * data and script are written, the buffers freed. Returns write_pair's
 * result. */
static int finish_chart(const char *dir, const char *name, tl_buf *dat, tl_buf *gp, tl_buf *plot) {
  script_render(gp, name, plot->data);
  int rc = write_pair(dir, name, dat, gp);
  tl_buf_free(dat);
  tl_buf_free(gp);
  tl_buf_free(plot);
  return rc;
}

/* Ten colours people can tell apart (Tableau 10), solid, then dashed. */
static const char *const palette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

static void line_styles(tl_buf *gp) {
  for (int i = 0; i < 20; i++)
    tl_buf_printf(gp, "set linetype %d lc rgb '%s' lw 2 pt 7 ps 0.7 dt %d\n", i + 1, palette[i % 10], i < 10 ? 1 : 2);
  tl_buf_puts(gp, "set linetype cycle 20\n");
}

int tl_chart_lines(const char *dir, const char *name, const char *title, const char *ylabel, const tl_chart_grid *g,
                   int log_y) {
  tl_buf dat = TL_BUF_INIT, gp = TL_BUF_INIT, plot = TL_BUF_INIT;
  dat_comment(&dat, "week", g->n_cols, g->col_labels);
  for (size_t r = 0; r < g->n_rows; r++) {
    tl_buf_puts(&dat, g->row_labels[r]);
    for (size_t c = 0; c < g->n_cols; c++) {
      double v = g->values[r * g->n_cols + c];
      tl_buf_putc(&dat, '\t');
      number(&dat, log_y && v <= 0 ? NAN : v);
    }
    tl_buf_putc(&dat, '\n');
  }

  script_begin(&gp, name, "one line per name, over the weeks", title);
  label_array(&gp, g->n_cols, g->col_labels);
  tl_buf_puts(&gp, "set ylabel ");
  tl_chart_quote(&gp, ylabel);
  tl_buf_puts(&gp, "\n");
  week_tics(&gp, g->n_rows);
  line_styles(&gp);
  tl_buf_puts(&gp, "set key outside right top Left reverse samplen 3 spacing 1.3\n"
                   "set grid ytics lc rgb '#e0e0e0'\n"
                   "set border 3\n"
                   "set ytics nomirror\n");
  tl_buf_puts(&gp, log_y ? "set logscale y\nset format y '%g'\n" : "set yrange [0:*]\n");
  tl_buf_printf(&plot, "plot '%s.dat' using 0:2:" WEEK_TIC " with linespoints lt 1 title label[1]", name);
  if (g->n_cols > 1)
    tl_buf_printf(&plot, ", \\\n     for [i=2:%zu] '' using 0:(column(i+1)) with linespoints lt i title label[i]",
                  g->n_cols);
  tl_buf_putc(&plot, '\n');
  return finish_chart(dir, name, &dat, &gp, &plot);
}

int tl_chart_entity(const char *dir, const char *name, const char *title, size_t n, const char *const *weeks,
                    const double *mentions, const double *share_pct, const int *burst, const char *burst_rule) {
  static const char *const columns[] = {"mentions", "share (%)", "burst: share (%)"};
  tl_buf dat = TL_BUF_INIT, gp = TL_BUF_INIT, plot = TL_BUF_INIT;
  dat_comment(&dat, "week", 3, columns);
  for (size_t i = 0; i < n; i++) {
    tl_buf_puts(&dat, weeks[i]);
    tl_buf_putc(&dat, '\t');
    number(&dat, mentions[i]);
    tl_buf_putc(&dat, '\t');
    number(&dat, share_pct[i]);
    tl_buf_putc(&dat, '\t');
    number(&dat, burst[i] ? share_pct[i] : NAN);
    tl_buf_putc(&dat, '\n');
  }

  script_begin(&gp, name, "one name: weekly mentions (bars), share (line), bursts (marks)", title);
  week_tics(&gp, n);
  tl_buf_puts(&gp, "set ylabel 'mentions'\n"
                   "set y2label 'share of news items (%)'\n"
                   "set ytics nomirror\n"
                   "set y2tics\n"
                   "set yrange [0:*]\n"
                   "set y2range [0:*]\n"
                   "set border 11\n"
                   "set grid ytics lc rgb '#e0e0e0'\n"
                   "set style fill solid 0.7 border -1\n"
                   "set boxwidth 0.7\n"
                   "set key below\n"
                   "burst_rule = ");
  tl_chart_quote(&gp, burst_rule);
  tl_buf_putc(&gp, '\n');
  count_tics(&gp, "y", mentions, n);
  tl_buf_printf(
      &plot,
      "plot '%s.dat' using 0:2:" WEEK_TIC " with boxes lc rgb '#9ecae9' title 'mentions', \\\n"
      "     '' using 0:3 axes x1y2 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#d62728' title 'share (%%)', \\\n"
      "     '' using 0:4 axes x1y2 with points pt 9 ps 2.5 lc rgb '#000000' title burst_rule\n",
      name);
  return finish_chart(dir, name, &dat, &gp, &plot);
}

int tl_chart_bars(const char *dir, const char *name, const char *title, const char *xlabel, size_t n,
                  const char *const *labels, const double *values) {
  tl_buf dat = TL_BUF_INIT, gp = TL_BUF_INIT, plot = TL_BUF_INIT;
  dat_comment(&dat, "rank", n, labels);
  for (size_t i = 0; i < n; i++) {
    tl_buf_printf(&dat, "%zu\t", i + 1);
    number(&dat, values[i]);
    tl_buf_putc(&dat, '\n');
  }

  script_begin(&gp, name, "horizontal bars, the largest on top", title);
  label_array(&gp, n, labels);
  tl_buf_puts(&gp, "set xlabel ");
  tl_chart_quote(&gp, xlabel);
  tl_buf_printf(&gp,
                "\n"
                "set yrange [%zu.6:0.4]\n"
                "set xrange [0:*]\n"
                "set offsets 0, graph 0.08, 0, 0\n"
                "set style fill solid 0.85 border -1\n"
                "set grid xtics lc rgb '#e0e0e0'\n"
                "set ytics nomirror scale 0\n"
                "set xtics nomirror\n"
                "set border 3\n"
                "unset key\n",
                n);
  count_tics(&gp, "x", values, n);
  tl_buf_printf(&plot,
                "plot '%s.dat' using (0.5*$2):1:(0.5*$2):(0.38):yticlabels(label[int($1)]) "
                "with boxxyerror lc rgb '#4e79a7', \\\n"
                "     '' using 2:1:(sprintf(' %%g', $2)) with labels left\n",
                name);
  return finish_chart(dir, name, &dat, &gp, &plot);
}

int tl_chart_heatmap(const char *dir, const char *name, const char *title, size_t n, const char *const *labels,
                     const double *npmi, const double *items) {
  tl_buf dat = TL_BUF_INIT, gp = TL_BUF_INIT, plot = TL_BUF_INIT;
  tl_buf_puts(&dat, "# i\tj\tnpmi\titems (i, j: 0-based positions in this order:)\n");
  dat_comment(&dat, "names", n, labels);
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < n; j++) {
      tl_buf_printf(&dat, "%zu\t%zu\t", j, i);
      number(&dat, i == j ? NAN : npmi[i * n + j]);
      tl_buf_putc(&dat, '\t');
      number(&dat, i == j || !isfinite(items[i * n + j]) ? 0 : items[i * n + j]);
      tl_buf_putc(&dat, '\n');
    }
    tl_buf_putc(&dat, '\n');
  }

  script_begin(&gp, name, "heat map of pairs: colour NPMI, number = items together", title);
  label_array(&gp, n, labels);
  tl_buf_printf(&gp,
                "n = %zu\n"
                "set size ratio -1\n"
                "set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')\n"
                "set cbrange [-1:1]\n"
                "set cblabel 'NPMI'\n"
                "set xrange [-0.5:n-0.5]\n"
                "set yrange [n-0.5:-0.5]\n"
                "set xtics () rotate by 35 right scale 0 nomirror\n"
                "set ytics () scale 0 nomirror\n"
                "do for [i=1:n] { set xtics add (label[i] i-1); set ytics add (label[i] i-1) }\n"
                "unset key\n",
                n);
  /* dark cells get white numbers */
  tl_buf_printf(&plot,
                "plot '%s.dat' using 1:2:3 with image, \\\n"
                "     '' using 1:2:($4 > 0 && !(valid(3) && abs($3) > 0.55) ? sprintf('%%d', $4) : '') "
                "with labels tc rgb '#000000', \\\n"
                "     '' using 1:2:($4 > 0 && valid(3) && abs($3) > 0.55 ? sprintf('%%d', $4) : '') "
                "with labels tc rgb '#ffffff'\n",
                name);
  return finish_chart(dir, name, &dat, &gp, &plot);
}

/* --- running gnuplot --- */

typedef enum { RUN_OK, RUN_MISSING, RUN_FAILED, RUN_TIMEOUT } run_result;

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs argv in `dir` with stdin and stdout on /dev/null and stderr into
 * `err` (its first 16 KiB), killed after timeout_ms. How exec failed (or
 * chdir) comes back through a close-on-exec pipe, so "not found" is told
 * apart from "ran and failed". `*why` gets the errno of a failed start. */
static run_result run(const char *dir, char *const *argv, long timeout_ms, tl_buf *err, int *why) {
  int status_pipe[2], err_pipe[2];
  if (pipe(status_pipe) < 0) {
    *why = errno;
    return RUN_MISSING;
  }
  if (pipe(err_pipe) < 0) {
    *why = errno;
    close(status_pipe[0]);
    close(status_pipe[1]);
    return RUN_MISSING;
  }
  fcntl(status_pipe[1], F_SETFD, FD_CLOEXEC);
  fcntl(status_pipe[0], F_SETFD, FD_CLOEXEC);
  fcntl(err_pipe[0], F_SETFD, FD_CLOEXEC);
  pid_t pid = fork();
  if (pid < 0) {
    *why = errno;
    close(status_pipe[0]);
    close(status_pipe[1]);
    close(err_pipe[0]);
    close(err_pipe[1]);
    return RUN_MISSING;
  }
  if (pid == 0) { /* the child: only async-signal-safe calls until exec */
    setpgid(0, 0);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(err_pipe[1], 2);
    if (null > 2)
      close(null);
    close(err_pipe[1]); /* gnuplot holds the pipe as its stderr only */
    int e = 0;
    if (chdir(dir) < 0)
      e = errno;
    else {
      execvp(argv[0], argv);
      e = errno;
    }
    ssize_t w = write(status_pipe[1], &e, sizeof e);
    (void)w;
    _exit(127);
  }
  setpgid(pid, pid);
  close(status_pipe[1]);
  close(err_pipe[1]);

  int e = 0;
  ssize_t got;
  do
    got = read(status_pipe[0], &e, sizeof e);
  while (got < 0 && errno == EINTR);
  close(status_pipe[0]);
  if (got == (ssize_t)sizeof e) {
    close(err_pipe[0]);
    waitpid(pid, NULL, 0);
    *why = e;
    return RUN_MISSING;
  }

  long deadline = now_ms() + timeout_ms;
  int open_fd = 1, status = 0;
  run_result result = RUN_FAILED;
  for (;;) {
    long left = deadline - now_ms();
    if (left <= 0) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, NULL, 0);
      result = RUN_TIMEOUT;
      break;
    }
    struct pollfd pfd = {.fd = err_pipe[0], .events = POLLIN};
    int ready = poll(&pfd, open_fd ? 1 : 0, left < 50 ? (int)left : 50);
    if (ready > 0) {
      char chunk[4096];
      ssize_t n = read(err_pipe[0], chunk, sizeof chunk);
      if (n > 0 && err->len < 16384)
        tl_buf_add(err, chunk, (size_t)n);
      else if (n == 0)
        open_fd = 0;
    }
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR)) {
      result = w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? RUN_OK : RUN_FAILED;
      break;
    }
  }
  /* what the child wrote last, up to the pipe's end or a lingering holder */
  for (int i = 0; open_fd && i < 64; i++) {
    struct pollfd pfd = {.fd = err_pipe[0], .events = POLLIN};
    if (poll(&pfd, 1, 0) <= 0)
      break;
    char chunk[4096];
    ssize_t n = read(err_pipe[0], chunk, sizeof chunk);
    if (n <= 0)
      break;
    if (err->len < 16384)
      tl_buf_add(err, chunk, (size_t)n);
  }
  close(err_pipe[0]);
  return result;
}

/* gnuplot's complaint, on one line and without control characters: it
 * quotes the script line it choked on, and that may hold a name. */
static void complaint(tl_buf *out, const tl_buf *err) {
  const char *s = err->data, *end = s + err->len;
  while (end > s && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\r'))
    end--;
  const char *from = end;
  int lines = 0;
  while (from > s && lines < 3) { /* the last three lines say what and where */
    from--;
    if (*from == '\n')
      lines++;
  }
  int space = 0;
  for (const char *p = from; p < end; p++) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x20 || c == 0x7f || c == ' ') {
      space = out->len > 0;
      continue;
    }
    if (c == '^')
      continue; /* the caret under the error column means nothing here */
    if (space)
      tl_buf_putc(out, ' ');
    space = 0;
    tl_buf_putc(out, c);
  }
  if (out->len == 0)
    tl_buf_puts(out, "no message");
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Moves NAME.png and NAME.svg from the hidden folder into place; -1 when
 * gnuplot did not write them both. */
static int adopt(const char *dir, const char *tmp, const char *name) {
  static const char *const ext[] = {"png", "svg"};
  tl_buf from = TL_BUF_INIT, to = TL_BUF_INIT;
  int rc = 0;
  for (int i = 0; i < 2 && rc == 0; i++) {
    tl_buf_reset(&from);
    tl_buf_printf(&from, "%s/%s.%s", tmp, name, ext[i]);
    rc = exists(from.data) ? 0 : -1;
  }
  for (int i = 0; i < 2 && rc == 0; i++) {
    tl_buf_reset(&from);
    tl_buf_reset(&to);
    tl_buf_printf(&from, "%s/%s.%s", tmp, name, ext[i]);
    tl_buf_printf(&to, "%s/%s.%s", dir, name, ext[i]);
    if (rename(from.data, to.data) < 0) {
      tl_diag(to.data, 0, "cannot move into place: %s", strerror(errno));
      rc = -1;
    }
  }
  tl_buf_free(&from);
  tl_buf_free(&to);
  return rc;
}

static void discard(const char *tmp, const char *name) {
  tl_buf path = TL_BUF_INIT;
  tl_buf_printf(&path, "%s/%s.png", tmp, name);
  unlink(path.data);
  tl_buf_reset(&path);
  tl_buf_printf(&path, "%s/%s.svg", tmp, name);
  unlink(path.data);
  tl_buf_free(&path);
}

typedef struct {
  const char *dir, *tmp, *outdir_arg;
  const char *gnuplot; /* as given, for messages */
  const char *program; /* what to exec: absolute when given as a relative path */
  long timeout_ms;
  int missing; /* gnuplot could not be started: stop trying */
  size_t rendered;
} renderer;

/* Renders names[0..n) in one gnuplot run; when that run fails and holds
 * more than one script, each is run alone so one bad chart costs only
 * itself. */
static void render_batch(renderer *r, const char *const *names, size_t n) {
  char **argv = tl_xcalloc(n + 5, sizeof *argv);
  tl_buf *scripts = tl_xcalloc(n, sizeof *scripts);
  argv[0] = (char *)r->program;
  argv[1] = "-d"; /* default settings: no ~/.gnuplot changes what a script means */
  argv[2] = "-e";
  argv[3] = (char *)r->outdir_arg;
  for (size_t i = 0; i < n; i++) {
    tl_buf_init(&scripts[i]);
    tl_buf_printf(&scripts[i], "%s.gp", names[i]);
    argv[4 + i] = scripts[i].data;
  }
  tl_buf err = TL_BUF_INIT;
  int why = 0;
  run_result res = run(r->dir, argv, r->timeout_ms, &err, &why);
  for (size_t i = 0; i < n; i++)
    tl_buf_free(&scripts[i]);
  free(scripts);
  free(argv);

  if (res == RUN_MISSING) {
    tl_diag(r->gnuplot, 0, "cannot run: %s", strerror(why));
    r->missing = 1;
  } else if (res == RUN_FAILED && n > 1) {
    for (size_t i = 0; i < n; i++)
      discard(r->tmp, names[i]);
    for (size_t i = 0; i < n && !r->missing; i++)
      render_batch(r, names + i, 1);
  } else {
    tl_buf why_text = TL_BUF_INIT;
    if (res == RUN_FAILED)
      complaint(&why_text, &err);
    for (size_t i = 0; i < n; i++) {
      tl_buf path = TL_BUF_INIT;
      tl_buf_printf(&path, "%s/%s.gp", r->dir, names[i]);
      if (res == RUN_OK && adopt(r->dir, r->tmp, names[i]) == 0) {
        r->rendered++;
        tl_buf_free(&path);
        continue;
      }
      if (res == RUN_TIMEOUT)
        tl_diag(path.data, 0, "gnuplot was stopped after %ld s", r->timeout_ms / 1000);
      else if (res == RUN_FAILED)
        tl_diag(path.data, 0, "gnuplot failed: %s", why_text.data);
      else
        tl_diag(path.data, 0, "gnuplot wrote no .png and .svg");
      discard(r->tmp, names[i]);
      tl_buf_free(&path);
    }
    tl_buf_free(&why_text);
  }
  tl_buf_free(&err);
}

int tl_chart_render(const char *dir, const char *const *names, size_t n, const char *gnuplot, int timeout_seconds) {
  if (n == 0)
    return 0;
  if (!gnuplot || !*gnuplot)
    gnuplot = "gnuplot";
  renderer r = {.dir = dir, .gnuplot = gnuplot, .program = gnuplot};
  r.timeout_ms = (timeout_seconds > 0 ? timeout_seconds : 60) * 1000L;

  /* the child runs in `dir`: a relative path to gnuplot must not change
   * meaning on the way */
  char *absolute = NULL;
  if (strchr(gnuplot, '/') && gnuplot[0] != '/') {
    char *cwd = getcwd(NULL, 0);
    if (cwd) {
      tl_buf b = TL_BUF_INIT;
      tl_buf_printf(&b, "%s/%s", cwd, gnuplot);
      absolute = tl_buf_detach(&b);
      r.program = absolute;
      free(cwd);
    }
  }

  tl_buf hidden = TL_BUF_INIT, tmp = TL_BUF_INIT, arg = TL_BUF_INIT;
  tl_buf_printf(&hidden, ".render-%ld", (long)getpid());
  tl_buf_printf(&tmp, "%s/%s", dir, hidden.data);
  tl_buf_printf(&arg, "outdir='%s/'", hidden.data);
  r.tmp = tmp.data;
  r.outdir_arg = arg.data;

  /* old pictures would show old numbers next to new data and scripts */
  for (size_t i = 0; i < n; i++)
    discard(dir, names[i]);
  if (tl_outfile_mkdir(tmp.data) == 0) {
    for (size_t i = 0; i < n && !r.missing; i += BATCH)
      render_batch(&r, names + i, n - i < BATCH ? n - i : BATCH);
    rmdir(tmp.data);
  }
  int rc = 0;
  if (r.rendered < n) {
    tl_diag(NULL, 0,
            "%zu of %zu charts not rendered; their data and scripts are in %s: "
            "install gnuplot (or give --gnuplot PATH) and run, in that folder: gnuplot NAME.gp",
            n - r.rendered, n, dir);
    rc = 1;
  }
  free(absolute);
  tl_buf_free(&hidden);
  tl_buf_free(&tmp);
  tl_buf_free(&arg);
  return rc;
}
