#ifndef TL_MONEY_H
#define TL_MONEY_H
/*
 * money: finds money amounts in the raw text of a news item (DESIGN.md §5).
 *
 * A hand-written scanner, not a regex: Chinese amounts mix Arabic digits,
 * Chinese numerals and magnitude words ("1.5万亿", "三千八百亿", "数十亿"), share
 * a unit across a range ("10-20亿美元") and put the currency before or after
 * the number ("US$1.5B", "4290万美元", "人民币100亿元"); each of those needs a
 * decision a regex cannot explain.
 *
 * What counts as money: a number with a currency attached to it, before
 * ("$", "US$", "HK$", "¥", "€", "£", "USD ", "人民币") or after ("美元", "元",
 * "港币", "dollars", "RMB", ...), with only spaces or Markdown emphasis ("**")
 * (or one line break) in between. Everything else is not money, in particular:
 *   - bare numbers, whatever follows later: "1600万", "7.58亿月活", "30B参数",
 *     "1000TOPS", "4.5吉瓦", "250份", "2026年", "50%", "5B", "1M tokens";
 *   - "$" not followed by a number ("$NVDA");
 *   - a one-digit Chinese numeral before a bare 元 ("三元组", "二元论"); written
 *     in Arabic digits ("3元") it is money;
 *   - zero ("零元购", "$0").
 *
 * Numbers: Arabic or full-width digits with thousands separators ("1,000",
 * "１，０００"; "，" only between full-width digits, as "1，200" is a list),
 * Chinese numerals in simplified or traditional characters ("两千亿",
 * "兩千億"), magnitude words after digits (万 亿 万亿 千万 …, million
 * billion trillion bn M B K, and the Indian crore 10^7 and lakh 10^5:
 * "₹500 crore"). An English magnitude or currency word may be hyphenated to
 * the number, as adjectives are written: "a $1.2-billion deal", "a
 * 5-million-dollar fund", "a 20-euro ticket".
 *
 * Values are exact decimals (no floating point anywhere): "4290万" is
 * 42900000, "1.5万亿" is 1500000000000. A value that does not fit in an
 * int64_t is not reported.
 *
 * Kind: TL_MONEY_PRICE for per-unit prices, i.e. an explicit unit:
 *   "1.99元/百万tokens", "$20/月", "$0.15 per million tokens", "$200 a month",
 *   "$10 monthly fee", "每股1.95港元", "每百万输入token仅需0.10美元", "月费20美元".
 * A "每…" phrase only makes a price when no rate verb sits between it and the
 * number ("每年亏损数十亿美元", "每月烧钱800万美元" are amounts) and something
 * does ("每千美元可换9.98股": the amount is the unit, an amount). A million or
 * more per month or year is a spending rate, not a price ("每月向xAI支付12.5亿
 * 美元", "$1.25B per month": amounts, the unit stays in the span). Sticker
 * prices without a unit ("售价2195美元", "$599") are amounts.
 *
 * Qualifier vocabulary (the normalized word, then what maps to it):
 *   "about"    约 大约 大概 约合 约为 左右(after) / about around approximately
 *              approx. roughly some an estimated
 *   "nearly"   近 将近 接近 逼近 几乎 / nearly almost close to
 *   "over"     超 超过 远超 超出 逾 突破 破 高于 多于 大于, 多/余 in the number
 *              ("10多亿", "1亿多", "十余万"), 以上(after), "+" or "-plus"
 *              (after: "$2B+", "$10bn-plus")
 *              / over more than above upwards of in excess of north of,
 *              "or more"(after)
 *   "up to"    高达 最高 最高达 最高可达 最多 至多 多达 不超过 不超 不高于,
 *              以内 以下(after) / up to as much as as high as at most
 *   "at least" 至少 不少于 不低于 起码 最少 最低, 起(after: "2999元起")
 *              / at least, starting at
 *   "under"    不到 不足 少于 低于 小于 跌破 / under less than below
 *   "several"  数 几 上 before a magnitude ("数十亿美元", "几百万", "上百亿")
 *              ("几美元", "几块钱", "数元" = 1) / several, a few, "millions
 *              of", "tens of billions of", "thousands of", "hundreds of
 *              dollars", "multibillion-dollar", "multi-million yuan"
 *   ""         none (达, 仅, 价值 … are not qualifiers)
 * Traditional characters: numerals (兩 萬 億 數) and currencies (人民幣 港幣
 * 新臺幣 台幣 歐元 …) are read; qualifiers only in simplified characters.
 * A vague amount's value is the magnitude its words name, i.e. a lower bound:
 * "数十亿美元" = 10亿 (1000000000) "several"; "数百亿" = 100亿; "上百亿" = 100亿;
 * "数千万元" = 1000万; "billions of dollars" = 1000000000 "several".
 * "half a billion dollars" is 500000000. "Billion-Dollar" in a headline is
 * "billion-dollar": 1000000000, no qualifier.
 *
 * Currencies: ISO 4217 codes. "元", "块钱", "人民币"/"人民幣", "RMB", "¥" and "￥" are CNY
 * (in these digests ¥ is nearly always the renminbi; write "JP¥" or "日元" for
 * yen). "$" alone, "美金", "美刀", "刀" (after Arabic digits) are USD; "美分" is
 * USD cents (value in dollars). Other "X$" prefixes: US$ HK$ NT$ S$ A$ AU$ C$
 * CA$ NZ$ R$ MX$.
 *
 * Ranges: "10-20亿美元", "10至20亿美元", "5亿至10亿美元", "$10–20 billion",
 * "$10M-$20M", "300 to 400 dollars": value is the low end, value_high the high
 * end; a low end without its own magnitude takes the high end's ("10-20亿"
 * = 10亿..20亿). A range from zero is "up to" its high end ("0-350美元").
 * "从X到Y美元", "from $X to $Y", "上涨X美元至Y美元" (a change, not a range) give
 * two amounts; "between $X and $Y" and "ranging from X to Y" are ranges.
 *
 * Restatements: an amount that restates the previous one in another currency
 * ("40亿美元（约合300亿人民币）", "折合", "相当于", "≈") has `restates` set, so
 * that totals can skip it.
 */
#include <stddef.h>
#include <stdint.h>

/* An exact decimal: value = digits × 10^-scale (e.g. 4290万 = {42900000, 0};
 * 1.95 = {195, 2}). Values made by this module are normalized: scale >= 0 and
 * no trailing zero digit while scale > 0. */
typedef struct {
  int64_t digits;
  int scale;
} tl_decimal;

/* Writes a plain decimal ("42900000", "1.95", "0.5"; no exponent, no trailing
 * zeros after the point) into buf (at least 32 bytes). Returns buf. */
char *tl_decimal_format(tl_decimal d, char *buf);

/* Parses a plain non-negative decimal ("0.1392", "7", "1,000" is refused) of
 * exactly `len` bytes into *out, normalized. Returns 0, or -1 (leaving *out
 * as it was) when the text is not such a number or does not fit.
 * Example: tl_decimal_parse("1.50", 4, &d) gives {15, 1}. */
int tl_decimal_parse(const char *s, size_t len, tl_decimal *out);

/* Compares two decimals by value: <0, 0, >0. */
int tl_decimal_cmp(tl_decimal a, tl_decimal b);

typedef enum { TL_MONEY_AMOUNT, TL_MONEY_PRICE } tl_money_kind;

typedef struct {
  size_t start, end;     /* [start,end): byte range of the whole expression in the
                            scanned text, qualifier, currency and unit included
                            (e.g. "约4290万美元", "每股1.95港元", "$20/月") */
  tl_decimal value;      /* the amount, or the low end of a range */
  tl_decimal value_high; /* the high end of a range; has_high says whether there is one */
  int has_high;
  char currency[4];      /* ISO 4217 code: USD CNY HKD EUR GBP JPY KRW INR TWD ...;
                            "" when unknown (never for amounts this scanner reports
                            today, kept so callers need not assume it) */
  tl_money_kind kind;
  char qualifier[16];    /* "about", "nearly", "over", "up to", "at least", "under",
                            "several" or "" (see the table above) */
  int restates;          /* 1 when this amount restates the previous one in
                            another currency ("（约合300亿人民币）") */
} tl_money;

/* Scans UTF-8 text (raw Markdown of one news item or paragraph: it may contain
 * `**`, links, full-width digits, CRLF) and returns the number of amounts
 * found, in text order, never overlapping; *out is malloc'd (the caller
 * frees), NULL when none. Never reads outside text[0..len), never crashes on
 * invalid UTF-8 or NUL bytes (they simply end a number or a word).
 * Example: "OpenAI融资约400亿美元" gives one amount {start 12, end 29,
 * value 40000000000, "USD", AMOUNT, "about"}. */
size_t tl_money_scan(const char *text, size_t len, tl_money **out);

#endif
