#ifndef TL_DIAG_H
#define TL_DIAG_H
/*
 * diag: the one way trendlens tells the user about a problem.
 *
 * Every message goes to stderr as one line, written with a single call so
 * that worker threads never interleave:
 *     trendlens: path:line: what is wrong
 * `line` <= 0 leaves the line number out ("trendlens: path: what"), and a NULL
 * path leaves both out ("trendlens: what").
 *
 * Messages can be captured instead of printed (tests, and the run summary):
 * tl_diag_capture() routes them into a buffer until tl_diag_capture(NULL).
 */
#include "buf.h"

void tl_diag(const char *path, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tl_vdiag(const char *path, long line, const char *fmt, va_list ap);

/* Routes messages into `sink` (appended, one per line) instead of stderr;
 * NULL restores stderr. Not for use while worker threads run. */
void tl_diag_capture(tl_buf *sink);

/* How many messages have been issued since the program started. */
unsigned long tl_diag_count(void);

#endif
