#ifndef TL_ASCII_H
#define TL_ASCII_H
/*
 * ascii: the ASCII letter and digit tests that the scanners share. Unlike
 * isalpha() and friends they ignore the C locale and take any code point or
 * byte value (everything outside ASCII is neither letter nor digit here),
 * so a scanner can pass what it decoded without a cast or a range check.
 *
 *     tl_ascii_alnum('7');     // 1
 *     tl_ascii_alpha(0x00E9);  // 0: é is not ASCII
 */
#include <stdint.h>

static inline int tl_ascii_alpha(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static inline int tl_ascii_digit(uint32_t c) { return c >= '0' && c <= '9'; }

static inline int tl_ascii_alnum(uint32_t c) { return tl_ascii_alpha(c) || tl_ascii_digit(c); }

#endif
