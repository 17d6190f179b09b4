#include "diag.h"

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t diag_lock = PTHREAD_MUTEX_INITIALIZER;
static tl_buf *diag_sink;
static unsigned long diag_issued;

void tl_diag_capture(tl_buf *sink) { diag_sink = sink; }

unsigned long tl_diag_count(void) {
  pthread_mutex_lock(&diag_lock);
  unsigned long n = diag_issued;
  pthread_mutex_unlock(&diag_lock);
  return n;
}

void tl_vdiag(const char *path, long line, const char *fmt, va_list ap) {
  tl_buf msg = TL_BUF_INIT;
  tl_buf_puts(&msg, "trendlens: ");
  if (path) {
    tl_buf_puts(&msg, path);
    if (line > 0)
      tl_buf_printf(&msg, ":%ld", line);
    tl_buf_puts(&msg, ": ");
  }
  tl_buf_vprintf(&msg, fmt, ap);
  tl_buf_putc(&msg, '\n');

  pthread_mutex_lock(&diag_lock);
  diag_issued++;
  if (diag_sink)
    tl_buf_add(diag_sink, msg.data, msg.len);
  else
    fwrite(msg.data, 1, msg.len, stderr);
  pthread_mutex_unlock(&diag_lock);
  tl_buf_free(&msg);
}

void tl_diag(const char *path, long line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  tl_vdiag(path, line, fmt, ap);
  va_end(ap);
}
