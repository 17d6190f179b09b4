#include "load.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "utf8.h"

/* FNV-1a over 8-byte words (and the tail byte by byte): a fingerprint for
 * spotting the same file twice, not a security measure. */
static uint64_t fingerprint(const unsigned char *p, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    memcpy(&word, p + i, 8);
    h = (h ^ word) * 1099511628211ULL;
    h ^= h >> 29;
  }
  for (; i < n; i++)
    h = (h ^ p[i]) * 1099511628211ULL;
  return h ^ n;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when it is invalid. */
static size_t utf8_valid_length(const unsigned char *p, const unsigned char *end) {
  int32_t cp;
  return tl_utf8_decode(p, (size_t)(end - p), &cp);
}

/* Length of the invalid sequence at p that one U+FFFD replaces: the longest
 * prefix of a well-formed sequence ("maximal subpart", as the Unicode
 * standard recommends), at least one byte. E4 B8 before 'c' is one, ED A0 80
 * is three (ED never takes A0). */
static size_t maximal_subpart(const unsigned char *p, const unsigned char *end) {
  unsigned char c = p[0];
  size_t n;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
  else
    return 1;
  if (end - p < 2 || p[1] < lo || p[1] > hi)
    return 1;
  size_t i = 2;
  while (i < n && p + i < end && (p[i] & 0xC0) == 0x80)
    i++;
  return i;
}

/* 1 for the three-byte sequences most Chinese text is made of: a lead byte
 * without special limits on its second byte (E1..EC, EE, EF) and two
 * continuation bytes. Needs three bytes at p. */
static int common_cjk(const unsigned char *p) {
  uint32_t bytes = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
  /* 1110xxxx 10xxxxxx 10xxxxxx, and bit n of 0xDFFE set for lead E0 + n:
   * every lead but E0 and ED */
  return (bytes & 0xC0C0F0) == 0x8080E0 && (0xDFFEu >> (p[0] & 0x0F) & 1u);
}

/* Counts invalid sequences and non-ASCII bytes. Runs of ASCII go eight
 * bytes at a time and runs of common CJK two characters at a time; only the rest
 * takes the full check. */
static size_t count_invalid(const unsigned char *p, size_t size, size_t *non_ascii) {
  const unsigned char *end = p + size;
  size_t bad = 0, other = 0;
  while (p < end) {
    uint64_t word;
    while (end - p >= 8 && (memcpy(&word, p, 8), !(word & 0x8080808080808080ULL)))
      p += 8;
    while (p < end && *p < 0x80)
      p++;
    const unsigned char *run = p;
    while (end - p >= 6 && common_cjk(p) && common_cjk(p + 3)) /* two at a time: half the loop tests */
      p += 6;
    while (end - p >= 3 && common_cjk(p))
      p += 3;
    other += (size_t)(p - run);
    if (p >= end || *p < 0x80)
      continue;
    size_t n = utf8_valid_length(p, end);
    if (!n) {
      n = maximal_subpart(p, end);
      bad++;
    }
    other += n;
    p += n;
  }
  *non_ascii = other;
  return bad;
}

/* Text has few control characters; binary data (images, archives) has many.
 * A few NUL bytes do not make a file binary (real digests carry some), but a
 * file that is mostly NULs is not text either. */
static int looks_binary(const unsigned char *p, size_t size) {
  size_t sample = size < 8192 ? size : 8192, controls = 0, nuls = 0;
  /* comparisons only, so that the compiler can do many bytes at once: the
   * C0 controls that text does not use are all but NUL (counted apart),
   * \t \n \f \r and ESC */
  for (size_t i = 0; i < sample; i++) {
    unsigned char c = p[i];
    nuls += c == 0;
    controls += (c < 0x20) - (c == 0) - (c == '\t') - (c == '\n') - (c == '\f') - (c == '\r') - (c == 0x1B);
  }
  return controls * 10 > sample || nuls * 3 > sample;
}

/* Converts the whole input from GB18030; -1 when any byte fails. */
static int decode_gb18030(const char *data, size_t size, tl_buf *out) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1)
    return -1;
  char *in = (char *)data;
  size_t in_left = size;
  int rc = 0;
  while (in_left > 0) {
    if (tl_buf_grow(out, in_left * 2 + 16) < 0) {
      rc = -1;
      break;
    }
    char *o = out->data + out->len;
    size_t o_left = out->cap - out->len - 1;
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out->len = (size_t)(o - out->data);
    if (r == (size_t)-1 && errno != E2BIG) {
      rc = -1;
      break;
    }
  }
  iconv_close(cd);
  if (out->cap)
    out->data[out->len] = '\0';
  return rc;
}

/* Copies UTF-8 through, replacing NUL by space and invalid sequences by
 * U+FFFD. */
static void copy_repairing(const unsigned char *p, size_t size, tl_buf *out, tl_source *src) {
  const unsigned char *end = p + size;
  tl_buf_grow(out, size + 16);
  while (p < end) {
    const unsigned char *run = p;
    while (p < end && *p >= 0x01 && *p < 0x80)
      p++;
    tl_buf_add(out, run, (size_t)(p - run));
    if (p >= end)
      break;
    if (*p == 0) {
      tl_buf_putc(out, ' ');
      src->nul_bytes++;
      p++;
      continue;
    }
    size_t n = utf8_valid_length(p, end);
    if (n) {
      tl_buf_add(out, p, n);
      p += n;
    } else {
      tl_buf_add(out, "\xEF\xBF\xBD", 3);
      src->invalid_sequences++;
      p += maximal_subpart(p, end);
    }
  }
}

/* Decodes the bytes in *raw, taking the buffer over when the file is clean
 * UTF-8 (the common case costs no copy). *raw is left empty. */
static int decode(tl_buf *raw, tl_source *out) {
  tl_source src;
  memset(&src, 0, sizeof src);
  const unsigned char *p = (const unsigned char *)raw->data;
  size_t size = raw->len;
  src.file_size = size;
  src.hash = fingerprint(p, size);
  if (size >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    p += 3;
    size -= 3;
    src.text_offset = 3;
  }
  tl_buf text = TL_BUF_INIT;
  if (looks_binary(p, size)) {
    src.binary = 1;
  } else {
    size_t non_ascii, bad = count_invalid(p, size, &non_ascii);
    /* Many broken sequences in mostly non-ASCII text: likely another
     * encoding. Valid UTF-8 Chinese also decodes as GB18030 byte pairs, so
     * only try it when UTF-8 clearly fails. */
    int try_gb = bad >= 4 && bad * 20 > non_ascii / 3;
    if (try_gb && decode_gb18030((const char *)p, size, &text) == 0 && !memchr(text.data, 0, text.len)) {
      src.gb18030 = 1;
    } else if (bad * 8 > size) {
      tl_buf_reset(&text);
      src.binary = 1; /* neither UTF-8 nor GB18030: image or archive bytes */
    } else if (bad == 0 && !memchr(p, 0, size)) {
      tl_buf_free(&text); /* clean UTF-8: keep the file's own buffer */
      if (src.text_offset) {
        memmove(raw->data, raw->data + 3, size);
        raw->len = size;
        raw->data[size] = '\0';
      }
      text = *raw;
      tl_buf_init(raw);
    } else {
      tl_buf_reset(&text);
      copy_repairing(p, size, &text, &src);
    }
  }
  tl_buf_free(raw);
  size_t text_len = text.len;
  src.text = tl_buf_detach(&text);
  if (!src.text)
    return -1;
  src.len = text_len;
  *out = src;
  return 0;
}

int tl_load_bytes(const char *data, size_t size, tl_source *out) {
  tl_buf raw = TL_BUF_INIT;
  if (tl_buf_add(&raw, data, size) < 0)
    return -1;
  return decode(&raw, out);
}

int tl_read_file(const char *path, tl_buf *out) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    tl_diag(path, 0, "cannot open: %s", strerror(errno));
    return -1;
  }
  size_t before = out->len;
  struct stat st;
  int failed = 0;
  /* one allocation of the right size, then read straight into it */
  if (fstat(fileno(f), &st) == 0 && st.st_size > 0) /* +1: the short read that tells EOF */
    failed = tl_buf_grow(out, (size_t)st.st_size + 1) < 0;
  while (!failed) {
    if (out->cap - out->len < 4096 + 1 && tl_buf_grow(out, 65536) < 0) {
      failed = 1;
      break;
    }
    size_t room = out->cap - out->len - 1;
    size_t n = fread(out->data + out->len, 1, room, f);
    out->len += n;
    out->data[out->len] = '\0';
    if (n < room)
      break;
  }
  if (ferror(f) || failed) {
    tl_diag(path, 0, "cannot read: %s", failed ? "out of memory" : strerror(errno));
    fclose(f);
    out->len = before;
    if (out->cap)
      out->data[before] = '\0';
    return -1;
  }
  fclose(f);
  return 0;
}

int tl_load_file(const char *path, tl_source *out) {
  tl_buf raw = TL_BUF_INIT;
  if (tl_read_file(path, &raw) < 0) {
    tl_buf_free(&raw);
    return -1;
  }
  int rc = decode(&raw, out);
  if (rc < 0)
    tl_diag(path, 0, "cannot decode: out of memory");
  return rc;
}

void tl_source_free(tl_source *src) {
  free(src->text);
  memset(src, 0, sizeof *src);
}

static int is_continuation(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

static int is_line_break(char c) { return c == '\n' || c == '\r'; }

void tl_line_context(const char *text, size_t len, size_t start, size_t end, size_t room, size_t *from, size_t *to) {
  /* the line's ends within `room` bytes either side: after the last line
   * break before start, up to the first one from end */
  size_t lo = start > room ? start - room : 0, a = start;
  while (a > lo && !is_line_break(text[a - 1]))
    a--;
  size_t b = len - end > room ? end + room : len;
  const char *nl = memchr(text + end, '\n', b - end), *cr;
  if (nl)
    b = (size_t)(nl - text);
  if ((cr = memchr(text + end, '\r', b - end)) != NULL)
    b = (size_t)(cr - text);
  while (a < start && is_continuation(text[a]))
    a++;
  while (b > end && b < len && is_continuation(text[b]))
    b--;
  *from = a;
  *to = b;
}

void tl_lines_index(tl_lines *lines, const char *text, size_t len) {
  size_t cap = 0, count = 0;
  size_t *start = tl_xgrow(NULL, &cap, 64, sizeof *start);
  start[count++] = 0;
  /* Without a CR the line ends are exactly the '\n's, and memchr finds
   * them many bytes at a time; CR and CRLF take the careful loop. */
  int has_cr = memchr(text, '\r', len) != NULL;
  for (size_t i = 0; i < len; i++) {
    if (!has_cr) {
      const char *nl = memchr(text + i, '\n', len - i);
      if (!nl)
        break;
      i = (size_t)(nl - text);
    } else if (!(text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n')))) {
      continue;
    }
    start = tl_xgrow(start, &cap, count + 1, sizeof *start);
    start[count++] = i + 1;
  }
  lines->start = start;
  lines->count = count;
}

long tl_lines_find(const tl_lines *lines, size_t offset) {
  size_t lo = 0, hi = lines->count;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (lines->start[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  return (long)lo + 1;
}

void tl_lines_free(tl_lines *lines) {
  free(lines->start);
  lines->start = NULL;
  lines->count = 0;
}
