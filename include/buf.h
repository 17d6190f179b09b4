#ifndef TL_BUF_H
#define TL_BUF_H
/*
 * buf: a growable byte buffer, the one string builder of trendlens.
 *
 * Invariants:
 *  - `data` is never NULL once initialised with TL_BUF_INIT or tl_buf_init();
 *    it always points at `len` bytes followed by a '\0' (so it can be used as
 *    a C string when the content has no NUL of its own).
 *  - `len < cap` whenever `cap > 0`; an empty buffer points at a shared "".
 *  - Functions that can fail (out of memory) return -1 and leave the buffer
 *    exactly as it was.
 *
 * Example:
 *     tl_buf b = TL_BUF_INIT;
 *     tl_buf_puts(&b, "week ");
 *     tl_buf_printf(&b, "%d", 42);
 *     puts(b.data);            // "week 42"
 *     tl_buf_free(&b);
 */
#include <stdarg.h>
#include <stddef.h>

typedef struct {
  char *data;
  size_t len;
  size_t cap;
} tl_buf;

extern char tl_buf_empty[];
#define TL_BUF_INIT {tl_buf_empty, 0, 0}

void tl_buf_init(tl_buf *b);
/* Releases the memory and leaves an empty, reusable buffer. */
void tl_buf_free(tl_buf *b);
/* Makes room for `extra` more bytes (plus the terminator). -1 on failure. */
int tl_buf_grow(tl_buf *b, size_t extra);
int tl_buf_add(tl_buf *b, const void *data, size_t len);
int tl_buf_puts(tl_buf *b, const char *s);
int tl_buf_putc(tl_buf *b, int c);
int tl_buf_printf(tl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tl_buf_vprintf(tl_buf *b, const char *fmt, va_list ap);
/* Empties the buffer but keeps its memory for reuse. */
void tl_buf_reset(tl_buf *b);
/* Hands the content over as a malloc'd NUL-terminated string (never NULL on
 * success, "" for an empty buffer) and leaves `b` empty. The caller frees.
 * NULL when out of memory, with `b` unchanged. */
char *tl_buf_detach(tl_buf *b);

/* strdup of `len` bytes that never returns NULL: aborts with a message when
 * memory is exhausted. The caller frees. Used for small fields whose loss
 * would make the rest of the work meaningless. */
char *tl_strndup(const char *s, size_t len);
char *tl_strdup(const char *s);
/* malloc/calloc/realloc that abort with a message instead of returning NULL. */
void *tl_xmalloc(size_t size);
void *tl_xcalloc(size_t count, size_t size);
void *tl_xrealloc(void *ptr, size_t size);
/* The array p of `size`-byte elements, with room for at least `need` of them:
 * *cap is its capacity, doubled (from 16) as often as needed, so appending
 * one at a time costs amortized constant time. Aborts like tl_xrealloc.
 *     items = tl_xgrow(items, &cap, count + 1, sizeof *items);
 *     items[count++] = item; */
void *tl_xgrow(void *p, size_t *cap, size_t need, size_t size);
/* tl_xgrow() for an array that keeps no capacity, as one kept parallel to
 * a tl_keymap (a value per key): `count` (>= 1) elements must fit. It grows
 * when count reaches a power of two (1, 2, 4 …), where such an array is
 * full. Aborts like tl_xrealloc.
 *     size_t id = tl_names_get(&names, name, &created);
 *     if (created)
 *       totals = tl_xgrow_counted(totals, names.count, sizeof *totals); */
void *tl_xgrow_counted(void *p, size_t count, size_t size);

#endif
