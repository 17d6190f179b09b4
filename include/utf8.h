#ifndef TL_UTF8_H
#define TL_UTF8_H
/*
 * utf8: the one decoder of a single UTF-8 character, shared by the loader,
 * the normalizer, the money scanner and the candidate finder (and its lossy
 * form, for scanners that must always move on), and the one test for a Han
 * ideograph. Well-formed means what the
 * Unicode standard says: no overlong forms, no surrogates, nothing past
 * U+10FFFF. Inline, because the scanners call it once per character.
 */
#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the well-formed character at s[0..avail) with its code
 * point in *cp, or 0 (*cp untouched) when the bytes there are not one.
 * avail >= 1.
 *     int32_t cp;
 *     tl_utf8_decode((const unsigned char *)"英", 3, &cp);  // 3, cp == 0x82F1
 */
static inline size_t tl_utf8_decode(const unsigned char *s, size_t avail, int32_t *cp) {
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = (int32_t)c;
    return 1;
  }
  if (c < 0xC2)
    return 0;
  if (c < 0xE0) {
    if (avail < 2 || (s[1] & 0xC0) != 0x80)
      return 0;
    *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3Fu));
    return 2;
  }
  if (c < 0xF0) {
    if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
      return 0;
    int32_t v = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu));
    if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
      return 0;
    *cp = v;
    return 3;
  }
  if (c < 0xF5) {
    if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
      return 0;
    int32_t v = (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu));
    if (v < 0x10000 || v > 0x10FFFF)
      return 0;
    *cp = v;
    return 4;
  }
  return 0;
}

/* tl_utf8_decode() for the scanners, which must always move on: bytes
 * that are not a well-formed character read as U+FFFD of one byte, so
 * the result is at least 1. avail >= 1.
 *     int32_t cp;
 *     tl_utf8_decode_lossy((const unsigned char *)"\xFF" "a", 2, &cp);  // 1, cp == 0xFFFD
 */
static inline size_t tl_utf8_decode_lossy(const unsigned char *s, size_t avail, int32_t *cp) {
  size_t k = tl_utf8_decode(s, avail, cp);
  if (!k) {
    *cp = 0xFFFD;
    return 1;
  }
  return k;
}

/* A Han ideograph: the unified blocks, extension A, the compatibility
 * block and the supplementary ideographic planes 2 and 3 (extensions B and
 * on, with room for the ones Unicode adds).
 * The scanners use it where Chinese text runs without spaces. */
static inline int tl_is_han(int32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF);
}

#endif
