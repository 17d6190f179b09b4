#ifndef TL_LOAD_H
#define TL_LOAD_H
/*
 * load: the first stage. Reads one file whole and turns it into clean UTF-8
 * text that every later stage can trust, saying what it had to repair.
 *
 * Invariants of a loaded tl_source:
 *  - `text` holds `len` bytes of valid UTF-8 with no NUL byte inside, and is
 *    NUL-terminated; a UTF-8 BOM is not part of it.
 *  - NUL bytes in the file become spaces (one byte for one byte), so offsets
 *    and lines in a UTF-8 file stay those of the file, shifted only by the BOM
 *    (`text_offset` is 3 then): file offset = text offset + text_offset.
 *  - A file that is not UTF-8 but decodes as GB18030 is converted whole
 *    (`gb18030` set); otherwise each invalid sequence becomes U+FFFD and is
 *    counted in `invalid_sequences`. Offsets then refer to the decoded text.
 *  - `hash` identifies the raw bytes (for "the same file given twice").
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct {
  char *text;               /* owned */
  size_t len;
  size_t file_size;         /* bytes in the file */
  size_t text_offset;       /* 3 when a BOM was stripped, else 0 */
  size_t nul_bytes;         /* NUL bytes replaced by spaces */
  size_t invalid_sequences; /* invalid UTF-8 sequences replaced by U+FFFD */
  int gb18030;              /* 1 when the file was decoded from GB18030 */
  int binary;               /* 1 when the bytes do not look like text at all */
  uint64_t hash;            /* of the raw file bytes */
} tl_source;

/* Appends the raw bytes of `path` to out, whatever its size. Returns 0, or -1
 * (reported with tl_diag, out as it was). The one file reader of trendlens:
 * dictionaries, rules and rate tables use it too. */
int tl_read_file(const char *path, tl_buf *out);

/* Reads `path` whole (any size) and decodes it. Returns 0, or -1 when the file
 * cannot be read (reported with tl_diag), with *out untouched. A binary or
 * empty file is not an error here: it loads, with `binary` set or len 0.
 * The caller frees with tl_source_free(). */
int tl_load_file(const char *path, tl_source *out);

/* The same decoding for bytes already in memory (tests and fuzzing). */
int tl_load_bytes(const char *data, size_t size, tl_source *out);

void tl_source_free(tl_source *src);

/* The part of the line around text[start, end) that a reader needs to
 * judge it: at most `room` bytes on each side, cut on character
 * boundaries, never past the line's ends. Sets [*from, *to). */
void tl_line_context(const char *text, size_t len, size_t start, size_t end, size_t room, size_t *from, size_t *to);

/* A table of line starts for fast offset -> line lookups. */
typedef struct {
  size_t *start; /* start[i] = offset of line i+1; owned */
  size_t count;
} tl_lines;

/* Builds the table; the caller frees with tl_lines_free(). */
void tl_lines_index(tl_lines *lines, const char *text, size_t len);
/* The 1-based line holding `offset` (binary search). */
long tl_lines_find(const tl_lines *lines, size_t offset);
void tl_lines_free(tl_lines *lines);

#endif
