#include "digest.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"

static void add_status(tl_buf *status, const char *token) {
  if (status->len)
    tl_buf_putc(status, ';');
  tl_buf_puts(status, token);
}

/* A problem: in the status column and on stderr. */
static void problem(tl_digest *d, tl_buf *status, long line, const char *token, const char *message) {
  add_status(status, token);
  tl_diag(d->path, line, "%s", message);
  d->problems++;
}

/* A counted problem: "token:N" in the status column, "N what" on stderr
 * (`what` NULL: already reported where it was found, say nothing more). */
static void counted_problem(tl_digest *d, tl_buf *status, const char *token, long n, const char *what) {
  tl_buf cell = TL_BUF_INIT;
  tl_buf_printf(&cell, "%s:%ld", token, n);
  add_status(status, cell.data);
  tl_buf_free(&cell);
  if (what)
    tl_diag(d->path, 0, "%ld %s", n, what);
  d->problems++;
}

static void find_date(tl_digest *d) {
  if (d->fm.date) {
    if (tl_date_parse(d->fm.date, &d->date) == 0) {
      d->has_date = 1;
      return;
    }
    tl_diag(d->path, d->fm.date_line, "front matter: `date: %s` is not a date; looking elsewhere", d->fm.date);
    d->problems++;
  }
  const char *places[] = {d->fm.title, d->items.first_heading};
  for (size_t i = 0; i < 2; i++)
    if (places[i] && tl_date_find(places[i], strlen(places[i]), &d->date) == 0) {
      d->has_date = 1;
      return;
    }
  d->has_date = tl_date_from_path(d->path, &d->date) == 0;
}

static void analyse(tl_digest *d) {
  tl_buf status = TL_BUF_INIT;
  tl_buf msg = TL_BUF_INIT;
  if (d->src.binary) {
    problem(d, &status, 0, "binary", "binary file, not a digest: skipped");
  } else if (d->src.len == 0 || d->src.text[strspn(d->src.text, " \t\r\n")] == '\0') {
    problem(d, &status, 0, "empty", "empty file: skipped");
  } else {
    tl_frontmatter_parse(d->src.text, d->src.len, d->path, &d->fm);
    if (tl_items_parse(d->src.text, d->src.len, d->fm.body_offset, &d->items) < 0)
      tl_diag(d->path, 0, "out of memory while parsing Markdown");
    find_date(d);
    if (d->items.unclosed_fence_line) {
      tl_buf_printf(&msg, "unclosed-fence:%ld", d->items.unclosed_fence_line);
      problem(d, &status, d->items.unclosed_fence_line, msg.data,
              "code fence is never closed; the text after it was read as Markdown");
      tl_buf_reset(&msg);
    }
    if (!d->has_date) {
      problem(d, &status, 0, "no-date", "no date in front matter, title, first heading, file or folder name: skipped");
    } else if (d->items.count == 0) {
      problem(d, &status, d->fm.body_line, "no-news", "no news items found in the body");
    }
    if (d->fm.problems)
      counted_problem(d, &status, "front-matter-error", d->fm.problems, NULL);
  }
  if (d->src.invalid_sequences)
    counted_problem(d, &status, "invalid-utf8", (long)d->src.invalid_sequences,
                    "invalid UTF-8 sequence(s) replaced by U+FFFD");
  if (d->src.nul_bytes)
    counted_problem(d, &status, "nul-bytes", (long)d->src.nul_bytes, "NUL byte(s) read as spaces");
  if (d->src.gb18030) {
    add_status(&status, "gb18030");
    tl_diag(d->path, 0, "not UTF-8: decoded as GB18030");
  }
  if (!d->has_date || d->src.binary || d->src.len == 0) {
    /* skipped files contribute no items */
    tl_itemlist_free(&d->items);
  }
  const char *title = d->fm.title && *d->fm.title ? d->fm.title : d->items.first_heading;
  d->title = tl_strdup(title ? title : "");
  d->status = status.len ? tl_buf_detach(&status) : tl_strdup("ok");
  tl_buf_free(&status);
  tl_buf_free(&msg);
}

void tl_digest_parse(const char *path, const char *data, size_t size, tl_digest *d) {
  memset(d, 0, sizeof *d);
  d->path = tl_strdup(path);
  if (tl_load_bytes(data, size, &d->src) < 0) {
    d->status = tl_strdup("unreadable");
    d->title = tl_strdup("");
    d->problems = 1;
    return;
  }
  analyse(d);
}

void tl_digest_read(const char *path, tl_digest *d) {
  memset(d, 0, sizeof *d);
  d->path = tl_strdup(path);
  if (tl_load_file(path, &d->src) < 0) {
    d->status = tl_strdup("unreadable");
    d->title = tl_strdup("");
    d->problems = 1;
    return;
  }
  analyse(d);
}

void tl_digest_free(tl_digest *d) {
  free(d->path);
  tl_source_free(&d->src);
  tl_frontmatter_free(&d->fm);
  tl_itemlist_free(&d->items);
  free(d->title);
  free(d->status);
  memset(d, 0, sizeof *d);
}
