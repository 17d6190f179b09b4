#ifndef TL_TESTUTIL_H
#define TL_TESTUTIL_H
/*
 * testutil: small helpers shared by the unit tests: file-system helpers for
 * the tests that write output folders (test_chart.c, test_report.c), the
 * contexts that the scanners' prefilter tests put a piece of text in, and
 * the pseudo-random numbers of the tests that compare against a reference.
 * Header-only: every test program is built from one .c file. They abort the
 * test (cmocka fail) on errors that would make its result meaningless.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

/* A fresh folder under /tmp; the caller frees the name and removes the
 * folder with tu_rm_rf(). */
static inline char *tu_mkdtemp(const char *stem) {
  tl_buf b = TL_BUF_INIT;
  tl_buf_printf(&b, "/tmp/%s_XXXXXX", stem);
  char *path = tl_buf_detach(&b);
  if (!mkdtemp(path))
    fail_msg("mkdtemp: %s", strerror(errno));
  return path;
}

static inline void tu_rm_rf(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return;
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      tl_buf child = TL_BUF_INIT;
      tl_buf_printf(&child, "%s/%s", path, e->d_name);
      tu_rm_rf(child.data);
      tl_buf_free(&child);
    }
    if (d)
      closedir(d);
    rmdir(path);
  } else {
    unlink(path);
  }
}

static inline int tu_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* The whole file as a string (NUL-terminated); the caller frees. NULL when
 * it cannot be read. */
static inline char *tu_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  tl_buf b = TL_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    tl_buf_add(&b, chunk, n);
  fclose(f);
  if (len)
    *len = b.len;
  return tl_buf_detach(&b);
}

static inline void tu_write(const char *path, const char *text, mode_t mode) {
  FILE *f = fopen(path, "wb");
  if (!f)
    fail_msg("cannot write %s: %s", path, strerror(errno));
  fputs(text, f);
  fclose(f);
  chmod(path, mode);
}

/* Copies the plain files of folder `from` into folder `to` (which exists). */
static inline void tu_copy_files(const char *from, const char *to) {
  DIR *d = opendir(from);
  if (!d)
    fail_msg("cannot open %s: %s", from, strerror(errno));
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    tl_buf src = TL_BUF_INIT, dst = TL_BUF_INIT;
    tl_buf_printf(&src, "%s/%s", from, e->d_name);
    tl_buf_printf(&dst, "%s/%s", to, e->d_name);
    struct stat st;
    if (stat(src.data, &st) == 0 && S_ISREG(st.st_mode)) {
      size_t len;
      char *text = tu_read(src.data, &len);
      FILE *f = fopen(dst.data, "wb");
      if (!text || !f)
        fail_msg("cannot copy %s", src.data);
      fwrite(text, 1, len, f);
      fclose(f);
      free(text);
    }
    tl_buf_free(&src);
    tl_buf_free(&dst);
  }
  closedir(d);
}

static inline int tu_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static inline void tu_collect(const char *root, const char *rel, char ***names, size_t *n) {
  tl_buf dir = TL_BUF_INIT;
  tl_buf_printf(&dir, "%s%s%s", root, *rel ? "/" : "", rel);
  DIR *d = opendir(dir.data);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    tl_buf child = TL_BUF_INIT, full = TL_BUF_INIT;
    tl_buf_printf(&child, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    tl_buf_printf(&full, "%s/%s", root, child.data);
    struct stat st;
    if (lstat(full.data, &st) == 0 && S_ISDIR(st.st_mode)) {
      tl_buf_putc(&child, '/');
      *names = realloc(*names, (*n + 1) * sizeof **names);
      (*names)[(*n)++] = tl_strdup(child.data);
      child.data[--child.len] = '\0';
      tu_collect(root, child.data, names, n);
    } else {
      *names = realloc(*names, (*n + 1) * sizeof **names);
      (*names)[(*n)++] = tl_strdup(child.data);
    }
    tl_buf_free(&child);
    tl_buf_free(&full);
  }
  if (d)
    closedir(d);
  tl_buf_free(&dir);
}

/* Every file and folder under `root`, relative, sorted, one a line
 * (folders end in /): what a test compares with the files it expects. */
static inline void tu_list(const char *root, tl_buf *out) {
  char **names = NULL;
  size_t n = 0;
  tu_collect(root, "", &names, &n);
  if (n)
    qsort(names, n, sizeof *names, tu_cmp_str);
  for (size_t i = 0; i < n; i++) {
    tl_buf_printf(out, "%s\n", names[i]);
    free(names[i]);
  }
  free(names);
}

/* 1 when `name` is an executable on PATH. */
static inline int tu_have_program(const char *name) {
  const char *path = getenv("PATH");
  if (!path)
    return 0;
  char *copy = tl_strdup(path), *save = NULL;
  int found = 0;
  for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
    tl_buf p = TL_BUF_INIT;
    tl_buf_printf(&p, "%s/%s", *dir ? dir : ".", name);
    found = access(p.data, X_OK) == 0;
    tl_buf_free(&p);
  }
  free(copy);
  return found;
}

/* The fixtures folder: TL_FIXTURES from ctest, else relative to the
 * source tree as seen from a build folder inside it. */
static inline const char *tu_fixtures(void) {
  const char *f = getenv("TL_FIXTURES");
  return f && *f ? f : "../tests/fixtures";
}

/* Width and height of a PNG from its IHDR chunk; 0 when not a PNG. */
static inline int tu_png_size(const char *path, unsigned *w, unsigned *h) {
  size_t len;
  unsigned char *p = (unsigned char *)tu_read(path, &len);
  int ok = p && len > 24 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(p + 12, "IHDR", 4) == 0;
  if (ok) {
    *w = (unsigned)p[16] << 24 | (unsigned)p[17] << 16 | (unsigned)p[18] << 8 | p[19];
    *h = (unsigned)p[20] << 24 | (unsigned)p[21] << 16 | (unsigned)p[22] << 8 | p[23];
  }
  free(p);
  return ok;
}

#define TU_COUNT(array) (sizeof(array) / sizeof *(array))

/* The next number of a xorshift generator (Marsaglia's 64-bit 13/7/17):
 * the same sequence from the same seed on every run and machine, so a
 * random test that fails fails again. The state must not be 0.
 * Example:
 *     uint64_t seed = 88172645463325252ULL;
 *     size_t pick = tu_xorshift64(&seed) % n; */
static inline uint64_t tu_xorshift64(uint64_t *state) {
  uint64_t x = *state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *state = x;
}

/* Contexts around a piece of text, for the tests of a prefilter that skips
 * stretches of text: every pad (so every parity), then either a long
 * Chinese stretch (tu_cjk_stretch()) or `filler`, then every `before`, the
 * piece, every `after`. */
typedef struct {
  const char *const *pads, *const *befores, *const *afters;
  size_t n_pads, n_befores, n_afters;
  const char *filler;
} tu_contexts;

/* 1,080 bytes of Chinese in which no amount, numeral or model name starts. */
static inline const char *tu_cjk_stretch(void) {
  static char stretch[1100];
  if (!stretch[0])
    for (int k = 0; k < 90; k++)
      strcat(stretch, "研发芯片");
  return stretch;
}

static inline size_t tu_context_count(const tu_contexts *c) { return c->n_pads * 2 * c->n_befores * c->n_afters; }

/* Writes context number i (< tu_context_count()) around `piece` into text;
 * returns where the piece starts. */
static inline size_t tu_place(const tu_contexts *c, size_t i, const char *piece, char *text, size_t cap) {
  size_t after = i % c->n_afters, before = i / c->n_afters % c->n_befores;
  size_t cjk = i / c->n_afters / c->n_befores % 2, pad = i / c->n_afters / c->n_befores / 2;
  int k = snprintf(text, cap, "%s%s%s", c->pads[pad], cjk ? tu_cjk_stretch() : c->filler, c->befores[before]);
  snprintf(text + k, cap - (size_t)k, "%s%s", piece, c->afters[after]);
  return (size_t)k;
}

#endif
