#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char tl_buf_empty[1];

void tl_buf_init(tl_buf *b) {
  b->data = tl_buf_empty;
  b->len = 0;
  b->cap = 0;
}

void tl_buf_free(tl_buf *b) {
  if (b->cap)
    free(b->data);
  tl_buf_init(b);
}

void tl_buf_reset(tl_buf *b) {
  b->len = 0;
  if (b->cap) /* the shared empty string is never written */
    b->data[0] = '\0';
}

int tl_buf_grow(tl_buf *b, size_t extra) {
  if (extra >= ((size_t)-1) / 2 - b->len)
    return -1;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap += cap / 2 + 64;
  char *data = realloc(b->cap ? b->data : NULL, cap);
  if (!data)
    return -1;
  if (!b->cap)
    data[0] = '\0';
  b->data = data;
  b->cap = cap;
  return 0;
}

int tl_buf_add(tl_buf *b, const void *data, size_t len) {
  if (tl_buf_grow(b, len) < 0)
    return -1;
  if (len)
    memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
  return 0;
}

int tl_buf_puts(tl_buf *b, const char *s) { return tl_buf_add(b, s, strlen(s)); }

int tl_buf_putc(tl_buf *b, int c) {
  char ch = (char)c;
  return tl_buf_add(b, &ch, 1);
}

int tl_buf_vprintf(tl_buf *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0 || tl_buf_grow(b, (size_t)n) < 0)
    return -1;
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return 0;
}

int tl_buf_printf(tl_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = tl_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

char *tl_buf_detach(tl_buf *b) {
  char *s = b->cap ? b->data : strdup("");
  if (!s)
    return NULL;
  tl_buf_init(b);
  return s;
}

static void out_of_memory(void) {
  fputs("trendlens: out of memory\n", stderr);
  abort();
}

void *tl_xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *tl_xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *tl_xrealloc(void *ptr, size_t size) {
  void *p = realloc(ptr, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *tl_xgrow(void *p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return p;
  size_t n = *cap ? *cap : 16;
  while (n < need) {
    if (n > SIZE_MAX / 2)
      out_of_memory();
    n *= 2;
  }
  if (size && n > SIZE_MAX / size)
    out_of_memory();
  p = tl_xrealloc(p, n * size);
  *cap = n;
  return p;
}

void *tl_xgrow_counted(void *p, size_t count, size_t size) {
  if (count == 0 || (count & (count - 1)) != 0)
    return p;
  size_t cap = count; /* full: doubled to 2 * count, with tl_xgrow's checks */
  return tl_xgrow(p, &cap, count + 1, size);
}

char *tl_strndup(const char *s, size_t len) {
  char *p = tl_xmalloc(len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *tl_strdup(const char *s) { return tl_strndup(s, strlen(s)); }
