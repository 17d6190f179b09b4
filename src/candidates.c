#include "candidates.h"

#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ascii.h"
#include "buf.h"
#include "normalize.h"
#include "utf8.h"

/*
 * How it works. The body is read a line at a time. Each line is first
 * marked: Markdown and HTML syntax, code, URLs and link destinations
 * (SKIP: never part of a name and a boundary between names), bold text and
 * level-1/2 headings; dictionary mentions and amounts (KNOWN), listed for
 * the whole body beforehand. Then one walk over the marked line serves
 * three finders, each called only at the characters that can start what
 * it looks for (char_class()): Latin words, which are grouped into phrases
 * at the end of the line; CJK names in front of company/model words; and
 * names written around a middle dot. The finders' results are merged in
 * text order at the end, where the dictionary is asked about what is left.
 * Each finder keeps its own rules about what is generic; the word lists
 * below are what a skim of the study corpus showed to be frequent but not
 * names.
 *
 * Reading a line at a time is exact because nothing a finder reads crosses
 * a line end: every look left or right stops at a '\n', which is no
 * letter, Han character, blank or markup, and no mark covers one. So a
 * line's marks are final once that line is marked, the marks of the body
 * are made ready (zeroed, KNOWN marked) only up to the end of the line
 * being read, and lines read whole as code or as sources are not marked
 * at all. Whether a line credits a source, which drops what it gave, is
 * asked only of a line that gave something.
 *
 * Costs, as this runs over every byte of every digest, and a branch that
 * goes one way or the other by the text costs as much as a dozen
 * instructions when the processor guesses it wrong: the marking skips
 * plain text with strcspn(); the finders' walk jumps over syntax ranges
 * (URLs, link destinations, code) whole and steps through the rest a
 * character at a time with tables, stopping only at characters that can
 * start something (by their exact code point, not a block that shares
 * common characters with them); plain lowercase words, most of English
 * prose, and numbers are read in one short loop, told by one test without
 * branches of its own and not kept; other Latin words are typed once per
 * distinct word and call; the Title-Case test of a line, the word lists
 * and the dictionary are asked only where the answer can change the
 * result, the test stops as soon as too few capital letters are left to
 * make a headline, and the dictionary is asked once per name and call.
 * The walks rely on what load.h promises of the text: valid UTF-8, so a
 * character's length is known from its first byte, and a NUL after the
 * body, which ends loops without a length test.
 */

enum {
  M_SKIP = 1u << 0,  /* syntax, code, URL, tag: never part of a name */
  M_KNOWN = 1u << 1, /* a dictionary mention or an amount */
  M_BOLD = 1u << 2,  /* between ** ** (or __ __) on one line */
  M_LABEL = 1u << 3, /* a level-1 or level-2 heading without Han text */
};

/* Latin words, as the Latin finder sorts them. */
enum {
  W_BREAK,   /* not part of any name: number, lowercase word, code, domain */
  W_KNOWN,   /* overlaps a mention: the phrase it is in is not a candidate */
  W_FUNC,    /* function word: splits a phrase */
  W_CONNECT, /* "of": only between two name words */
  W_LETTER,  /* one capital letter */
  W_WEAK,    /* common word or generic acronym */
  W_CAP,     /* Capitalised */
  W_STRONG,  /* name-shaped: CamelCase, letters with digits, ACRONYM */
};

typedef struct {
  size_t s, e;
  int type;
  int joins; /* only blanks between this word and the one before it */
} word;

/* Byte ranges of the body, in text order: candidates, or syntax to skip. */
typedef struct {
  tl_candidate *v;
  size_t count, cap;
} cand_list;

/* Answers worked out once per digest for slices of its body that come
 * back (the same word, the same name): an open hash table keyed by the
 * slice's bytes, over the first place each was met, at most half full.
 * See memo_at(). */
typedef struct {
  size_t start;
  uint32_t hash; /* slice_hash() of the slice */
  uint32_t len;  /* 0: an empty slot */
  int value;     /* MEMO_UNSET until the caller sets it */
} memo_slot;

typedef struct {
  memo_slot *v;
  size_t slots, count; /* slots: a power of two, or 0 */
} slice_memo;

#define MEMO_UNSET (-1)

typedef struct {
  const char *t; /* the body */
  size_t n;
  unsigned char *mark; /* n flags, made ready a line at a time (ready_marks()) */
  size_t ready;        /* mark[0, ready) is ready; the rest is not yet written */
  /* Latin names, and CJK names (in front of a suffix or around a dot),
   * each list in text order: merged at the end. */
  cand_list latin, han;
  cand_list reading; /* what latin_phrase() reads in a phrase as prose */
  word *w; /* the Latin words of the line being read */
  size_t nw, wcap;
  /* The M_SKIP ranges of the line being read, in text order, so that the
   * finders' walk jumps over them (a link destination, a URL) at once. */
  cand_list skips;
  /* The M_KNOWN ranges of the body, in text order and disjoint, so that a
   * word's marks need not be read a byte at a time (known_in()). */
  cand_list known;
  size_t known_at;     /* known_in() looks from here on */
  size_t known_next;   /* the start of known.v[known_at] (SIZE_MAX: none); 0 until known_in() asks */
  size_t known_marked; /* known ranges before this one are marked in full */
  size_t ls, le; /* the line being read */
  int title;     /* is_title_line() of that line, -1 until asked */
  int broken;    /* a W_BREAK word, which is not kept, came after the last word kept */
  slice_memo types; /* of the ASCII words read (ascii_word_type()) */
} scan;

/* Appends [s, e) to a list. The call to grow it is made only when it is
 * full: this runs for every word and syntax range of a digest. */
static inline void cand_add(cand_list *to, size_t s, size_t e) {
  if (to->count == to->cap)
    to->v = tl_xgrow(to->v, &to->cap, to->count + 1, sizeof *to->v);
  to->v[to->count].start = s;
  to->v[to->count].end = e;
  to->count++;
}

/* ---- characters ------------------------------------------------------ */

/* Decodes one character; invalid UTF-8 reads as U+FFFD of one byte, so the
 * scan always moves on. */
static inline size_t decode(const char *s, size_t avail, int32_t *cp) {
  return tl_utf8_decode_lossy((const unsigned char *)s, avail, cp);
}

/* Start of the character that ends just before `i`. */
static size_t prev_start(const char *t, size_t i) {
  size_t k = i - 1;
  while (k > 0 && i - k < 4 && ((unsigned char)t[k] & 0xC0) == 0x80)
    k--;
  return k;
}

static int is_digit(int32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

static int is_letter(int32_t c) {
  if (tl_ascii_alpha((uint32_t)c))
    return 1;
  if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF))
    return 1;
  return (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

static int is_upper(int32_t c) {
  if (c < 0x80)
    return c >= 'A' && c <= 'Z';
  return utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

/* ASCII letters and digits by kind, for the loops that read Latin words
 * a byte at a time; 0 for every other byte. Filled once by
 * build_tables(). */
enum { K_LOWER = 1, K_UPPER = 2, K_DIGIT = 4 };
static unsigned char ascii_kind[256];

static int is_alnum_ascii(unsigned char c) { return ascii_kind[c] != 0; }

/* 1 for the bytes after which a word of ASCII letters and digits may go
 * on (word_end()): the joining - . + ' & _ and the first bytes of other
 * characters. Filled once by build_tables(). */
static unsigned char may_join[256];

/* What a character can start, for the walk that feeds the finders
 * (find_in_line()): most characters start nothing and are stepped over
 * without decoding. Characters of one or two or four bytes are classed by
 * their first byte (byte_class), those of three bytes, most of CJK text, by
 * their block of 64 code points (block_class: the low bits of the first
 * and second byte); the walk stops at the exact members of those blocks
 * (block_members). The finders then check the exact character. Filled
 * once by build_tables(). */
enum {
  B_LETTER = 1u << 0, /* may start a letter or digit (is_letter(), is_digit()) */
  B_SUFFIX = 1u << 1, /* may be 大, 模, 公, 科 or 集 (starts_suffix_char()) */
  B_DOT = 1u << 2,    /* may be a middle dot (starts_name_dot()) */
};
static unsigned char byte_class[256];
static unsigned char block_class[16][64];

/* The exact members of the classed blocks: bit (c & 63) of
 * block_members[c >> 12][(c >> 6) & 63] is set when the three-byte
 * character c is in a class. The walk (skip_plain()) stops by these bits:
 * the blocks of 公 and 集 and of the bullet U+2022 hold common characters
 * (全, 其, 关, 队, 际, the curly quotes) that start nothing, and a stop for
 * nothing costs more than the test. Filled once by build_tables(). */
static uint64_t block_members[16][64];

/* The length of the UTF-8 character that a byte starts (1 for a byte that
 * starts none). The text is valid UTF-8 (see the header), so the walk may
 * step a character at a time over what is in no class. */
static unsigned char char_len[256];

/* The class of the character at p (3 bytes readable if it has three). */
static inline unsigned char_class(const unsigned char *p) {
  return (p[0] & 0xF0) == 0xE0 ? block_class[p[0] & 0x0F][p[1] & 0x3F] : byte_class[p[0]];
}

static int is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Characters after which a new sentence (or a list entry, cell, heading)
 * starts, where English capitalises any word. */
static int is_sentence_end(int32_t c) {
  switch (c) { /* a switch: asked at every phrase */
  /* clang-format off */
  case '.': case '!': case '?': case ':': case ';': case '-': case '>': case '|': case '#': case '+':
  case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1A: case 0xFF1B: case 0x2026: case 0x2022: case 0x2014:
  /* clang-format on */
    return 1;
  default:
    return 0;
  }
}

/* Opening quotes and brackets that may stand between a sentence start and
 * its first word. */
static int is_opener(int32_t c) {
  switch (c) {
  /* clang-format off */
  case '"': case '\'': case '(': case '[': case '{': case '*': case '_':
  case 0x201C: case 0x2018: case 0xFF08: case 0x300C: case 0x300E: case 0x300A: case 0x3010:
  /* clang-format on */
    return 1;
  default:
    return 0;
  }
}

/* ---- word lists ------------------------------------------------------ */
/* All lowercase ASCII, kept sorted (LC_ALL=C sort) for the reader. */

/* Words that are never part of a name: function words and sentence
 * adverbs. Capitalised, they split a phrase ("AGI Is Not Multimodal") and
 * say that what follows opens a sentence ("The Verge reports"). */
/* clang-format off */
static const char *const func_words[] = {
    "a", "about", "above", "according", "across", "additionally", "after", "again", "against", "all",
    "also", "although", "am", "among", "an", "and", "another", "any", "anyway", "are", "as", "at", "back",
    "be", "because", "been", "before", "behind", "being", "below", "besides", "between", "beyond", "both",
    "but", "by", "can", "could", "currently", "despite", "did", "do", "does", "during", "each", "either",
    "else", "even", "ever", "every", "finally", "first", "for", "from", "furthermore", "had", "has", "have",
    "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in", "inc", "inside",
    "instead", "into", "is", "it", "its", "just", "last", "let", "like", "ltd", "many", "may", "me",
    "meanwhile", "might", "more", "moreover", "most", "much", "must", "my", "nearly", "neither", "never",
    "next", "no", "nor", "not", "notably", "now", "of", "often", "on", "once", "one", "only", "or", "other",
    "our", "out", "over", "overall", "per", "perhaps", "plus", "quite", "rather", "really", "recently",
    "simply", "since", "so", "some", "soon", "still", "such", "sure", "than", "that", "the", "their",
    "them", "then", "there", "therefore", "these", "they", "this", "those", "though", "through", "thus",
    "to", "today", "together", "tomorrow", "too", "truly", "twice", "under", "unlike", "until", "up",
    "upon", "us", "usually", "very", "via", "vs", "was", "we", "well", "were", "what", "whatever", "when",
    "where", "whether", "which", "while", "who", "whoever", "whom", "why", "will", "with", "within",
    "without", "would", "yes", "yesterday", "yet", "you", "your",
};
/* clang-format on */

/* Common words that may sit inside a name ("Hacker News", "Scale AI
 * Labs") but do not make one on their own: a phrase needs at least one word
 * that is on no list. */
/* clang-format off */
static const char *const common_words[] = {
    "abstract", "accelerated", "access", "action", "ads", "advanced", "african", "agent", "agents", "alpha",
    "american", "analysis", "announcement", "announcing", "annual", "answer", "answers", "appendix",
    "april", "architecture", "article", "artificial", "asian", "ask", "assistant", "attention", "audio",
    "august", "australian", "auto", "automation", "autonomous", "background", "bad", "based", "bench",
    "benchmark", "best", "beta", "better", "big", "bigger", "biggest", "blog", "blogs", "board", "book",
    "books", "break", "breaking", "british", "browser", "budget", "bug", "bugs", "build", "builder",
    "building", "business", "buy", "call", "called", "canadian", "capital", "card", "case", "center",
    "challenge", "change", "chapter", "chat", "chatbot", "check", "child", "children", "chinese", "chip",
    "chips", "city", "click", "cloud", "code", "coding", "collection", "college", "community", "company",
    "computer", "computing", "conclusion", "conference", "congratulations", "content", "contents",
    "context", "control", "core", "cost", "council", "countries", "court", "crazy", "create", "creative",
    "cross", "custom", "cyber", "daily", "data", "day", "days", "deaf", "deal", "december", "deep", "demo",
    "design", "details", "developer", "developers", "device", "devices", "digest", "digital", "director",
    "discover", "discussion", "download", "driven", "earlier", "early", "eastern", "easy", "economic",
    "edge", "edition", "editor", "education", "end-to-end", "energy", "engine", "engineering", "english",
    "enterprise", "episode", "equity", "era", "europe", "european", "evening", "example", "examples",
    "exclusive", "experience", "expert", "explained", "explorer", "family", "fast", "faster", "feature",
    "features", "february", "feed", "feel", "festival", "figure", "file", "files", "final", "finance",
    "find", "flash", "flow", "focus", "force", "forum", "found", "foundation", "framework", "free",
    "french", "friday", "friend", "friends", "frontier", "full", "fund", "future", "game", "games",
    "gateway", "general", "generated", "generation", "generative", "german", "get", "getting", "give",
    "global", "go", "going", "good", "got", "government", "graph", "great", "group", "growth", "guide",
    "happy", "hard", "hardware", "health", "healthcare", "hearing", "hello", "help", "high", "higher",
    "highest", "highlights", "holiday", "home", "hot", "hub", "human", "hunt", "image", "images", "impact",
    "index", "indian", "industry", "infrastructure", "insight", "insights", "installer", "intelligence",
    "interactive", "interface", "internet", "introducing", "introduction", "israeli", "issue", "january",
    "japanese", "join", "july", "june", "keep", "key", "kid", "kids", "know", "knowledge", "korean", "lab",
    "labs", "language", "large", "late", "later", "latest", "launch", "law", "layer", "lead", "learn",
    "learning", "legal", "less", "level", "library", "life", "link", "lite", "live", "local", "login",
    "logo", "long", "longer", "look", "love", "low", "lower", "lowest", "machine", "made", "main", "major",
    "make", "making", "man", "managed", "management", "manager", "march", "market", "marketing", "max",
    "media", "meet", "memory", "men", "method", "methods", "mini", "minor", "mission", "mobile", "mode",
    "model", "models", "monday", "money", "monitor", "morning", "multi", "multi-agent", "multimodal",
    "native", "need", "network", "networks", "neural", "new", "newer", "newest", "news", "night",
    "northern", "note", "notes", "november", "october", "office", "old", "older", "online", "open",
    "open-source", "operator", "optimized", "orchestration", "overview", "page", "paper", "papers", "part",
    "partner", "partners", "pay", "people", "perception", "performance", "person", "picks", "plan", "plans",
    "platform", "please", "policy", "post", "power", "powered", "premium", "preview", "price", "prime",
    "priority", "privacy", "pro", "process", "product", "products", "professor", "program", "project",
    "projects", "prompt", "prompts", "protocol", "public", "pull", "question", "questions", "quick", "read",
    "reading", "real", "real-time", "reasoning", "release", "released", "report", "request", "research",
    "researcher", "researchers", "result", "results", "review", "robot", "robotics", "robots", "root",
    "rules", "run", "rundown", "running", "russian", "safety", "said", "saturday", "say", "says", "scale",
    "scaling", "school", "science", "scientist", "search", "section", "security", "see", "september",
    "series", "server", "service", "services", "share", "shell", "short", "show", "shown", "shows",
    "signal", "simple", "skill", "skills", "slow", "small", "smaller", "smallest", "smart", "social",
    "software", "solutions", "sorry", "source", "southern", "space", "speech", "stack", "standard", "star",
    "stars", "start", "started", "startup", "state", "state-of-the-art", "station", "status", "step",
    "steps", "stop", "storage", "store", "street", "student", "students", "studies", "studio", "study",
    "style", "summary", "summit", "sunday", "super", "support", "swiss", "system", "systems", "table",
    "taiwanese", "take", "task", "tasks", "teacher", "teachers", "team", "teams", "tech", "technical",
    "technology", "tell", "text", "thank", "thanks", "think", "thinking", "thought", "thoughts", "thursday",
    "tier", "time", "tip", "tips", "token", "tokens", "told", "tonight", "tool", "tools", "top", "training",
    "transformer", "transformers", "translate", "travel", "trending", "trends", "try", "trying", "tuesday",
    "type", "ultra", "unit", "university", "unlocking", "update", "updated", "updates", "use", "used",
    "user", "users", "using", "version", "vibe", "video", "view", "vision", "visit", "visual", "voice",
    "vol", "volume", "wall", "want", "watch", "web", "wednesday", "week", "weekend", "weekly", "welcome",
    "western", "wiki", "window", "woman", "women", "work", "workflow", "workflows", "working", "world",
    "worse", "worst", "write", "writing", "year", "years",
};
/* clang-format on */

/* Acronyms and short terms of the trade that name no one: weak like the
 * common words, so "Zhipu AI" stays whole but "AI" alone is nothing. */
/* clang-format off */
static const char *const generic_words[] = {
    "2d", "3d", "4k", "5g", "agentic", "agi", "ai", "aigc", "aiops", "ais", "als", "ama", "api", "apis",
    "app", "apps", "ar", "arr", "asi", "asic", "asr", "b2b", "b2c", "bci", "bi", "cad", "cd", "ceo", "ceos",
    "cfo", "ci", "cio", "ciso", "cli", "cmo", "cnn", "coo", "cot", "cpu", "cpus", "crm", "crud", "cs",
    "css", "ct", "cto", "cv", "devops", "diy", "dl", "dm", "dms", "dna", "dns", "dpo", "dr", "dram", "e.g",
    "ecc", "ecg", "eeg", "erp", "etc", "eu", "ev", "faq", "flops", "fmri", "fpga", "ga", "gaas", "gan",
    "gdp", "genai", "gnn", "gps", "gpt-like", "gpu", "gpus", "grpo", "gui", "h1-h2", "hd", "hdd", "hf",
    "hn", "hr", "hsm", "html", "http", "https", "i.e", "iaas", "id", "ide", "ii", "iii", "iot", "ip", "ipo",
    "iv", "ivf", "js", "json", "k-12", "kpi", "kv", "led", "lidar", "llm", "llmops", "llms", "lora", "lstm",
    "m&a", "maas", "ml", "mllm", "mllms", "mlops", "mlp", "moe", "mou", "mr", "mri", "mrna", "ms", "mvp",
    "nand", "nlp", "npu", "nvme", "ocr", "ok", "okr", "oled", "ops", "os", "osint", "paas", "pc", "pdf",
    "pe", "phd", "pm", "ppo", "ppt", "pqc", "pr", "q&a", "q1-q2", "q3-q4", "qa", "qlora", "r&d", "rag",
    "ram", "rest", "rl", "rlhf", "rlvr", "rnn", "roi", "rpa", "rss", "rtc", "saas", "sae", "sdk", "seo",
    "sft", "sku", "sla", "slm", "soc", "sota", "spac", "sql", "sram", "ssd", "ssh", "ssm", "tflops",
    "tops", "tpm", "tts", "tui", "tv", "u.k", "u.s", "ui", "uk", "url", "usa", "usb", "usb-c",
    "ust", "ux", "vc", "vla", "vlm", "vlms", "vp", "vpn", "vr", "vram", "xr",
};
/* clang-format on */

/* Lowercase words that may join two capitalised ones ("Bank of America"). */
static const char *const connect_words[] = {"de", "der", "du", "la", "of", "van", "von"};
#define CONNECT_LONGEST 3 /* bytes in the longest connecting word */

/* Bit (second letter & 31) of connect_starts[first letter & 31] is set for
 * the first two letters of each connecting word. Filled once by
 * build_tables(). */
static uint32_t connect_starts[32];

/* Endings of file and domain names: "README.md", "arxiv.org". */
static const char *const file_ends[] = {
    "cn",  "co",  "com", "csv", "dev", "edu", "gov", "htm",  "html", "io", "jpg",  "json", "md",
    "net", "org", "pdf", "png", "py",  "sh",  "svg", "toml", "txt",  "uk", "yaml", "yml",
};

/* Every word is looked up for each Latin word of every digest, so the lists
 * are merged once into one hash table that says which lists a word is on;
 * the table is built once (build_tables()) and only read afterwards, so
 * threads share it safely. */
enum { L_FUNC = 1u << 0, L_COMMON = 1u << 1, L_GENERIC = 1u << 2, L_CONNECT = 1u << 3, L_FILE_END = 1u << 4 };

#define FUNC_LONGEST 12 /* bytes in the longest function word, "additionally" */

/* Bit (last letter & 31) of func_ends[length][first letter & 31] is set
 * for each function word: a word whose bit is clear is none, which
 * is_title_line() learns without copying the word to look it up. Filled
 * once by build_lists(). */
static uint32_t func_ends[FUNC_LONGEST + 1][32];
#define LIST_SLOTS 2048 /* a power of two, about twice the ~1,100 words */

static struct {
  const char *word; /* NULL: empty */
  uint32_t hash;    /* of word, to skip most string comparisons */
  uint16_t len;
  uint16_t flags;
} list_table[LIST_SLOTS]; /* 32 KB: stays in the cache */

static uint32_t hash_bytes(const char *s, size_t len) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static void list_add(const char *const *list, size_t n, unsigned flag) {
  for (size_t i = 0; i < n; i++) {
    assert(!(flag & L_FUNC) || strlen(list[i]) <= FUNC_LONGEST);
    uint32_t hash = hash_bytes(list[i], strlen(list[i])), h = hash & (LIST_SLOTS - 1);
    while (list_table[h].word && strcmp(list_table[h].word, list[i]) != 0)
      h = (h + 1) & (LIST_SLOTS - 1);
    list_table[h].word = list[i];
    list_table[h].hash = hash;
    list_table[h].len = (uint16_t)strlen(list[i]);
    list_table[h].flags |= (uint16_t)flag;
  }
}

#define LIST_ADD(list, flag) list_add((list), sizeof(list) / sizeof *(list), (flag))

static void build_lists(void) {
  for (size_t i = 0; i < sizeof connect_words / sizeof *connect_words; i++) {
    const char *w = connect_words[i];
    assert(strlen(w) >= 2 && strlen(w) <= CONNECT_LONGEST);
    connect_starts[w[0] & 31] |= (uint32_t)1 << (w[1] & 31);
  }
  LIST_ADD(func_words, L_FUNC);
  for (size_t i = 0; i < sizeof func_words / sizeof *func_words; i++) {
    size_t len = strlen(func_words[i]);
    func_ends[len][func_words[i][0] & 31] |= (uint32_t)1 << (func_words[i][len - 1] & 31);
  }
  LIST_ADD(common_words, L_COMMON);
  LIST_ADD(generic_words, L_GENERIC);
  LIST_ADD(connect_words, L_CONNECT);
  LIST_ADD(file_ends, L_FILE_END);
}

/* The lists (L_ flags) that hold the lowercase word key[0, len), whose
 * hash_bytes() is hash; 0 for none. */
static unsigned listed_hashed(const char *key, size_t len, uint32_t hash) {
  uint32_t h = hash & (LIST_SLOTS - 1);
  while (list_table[h].word) {
    if (list_table[h].hash == hash && list_table[h].len == len) {
      size_t k = 0; /* the words are short: compared here, not by a call */
      while (k < len && list_table[h].word[k] == key[k])
        k++;
      if (k == len)
        return list_table[h].flags;
    }
    h = (h + 1) & (LIST_SLOTS - 1);
  }
  return 0;
}

/* The lists that hold the lowercase word key (NUL-terminated). */
static unsigned listed(const char *key) {
  size_t len = strlen(key);
  return listed_hashed(key, len, hash_bytes(key, len));
}

/* A word's lowercase ASCII form, which the lists are asked with, and its
 * hash, made in the pass that copies it. Longer words are on no list. */
#define KEY_SIZE 32
typedef struct {
  char s[KEY_SIZE]; /* NUL-terminated */
  size_t len;
  uint32_t hash; /* hash_bytes(s, len) */
} word_key;

static unsigned key_listed(const word_key *key) { return listed_hashed(key->s, key->len, key->hash); }

/* The key of t[s, e) in *key, or NULL when it does not fit or is not
 * ASCII (then it is on no list). */
static const word_key *ascii_key(const char *t, size_t s, size_t e, word_key *key) {
  if (e - s >= KEY_SIZE)
    return NULL;
  uint32_t hash = 2166136261u; /* hash_bytes() */
  for (size_t k = s; k < e; k++) {
    unsigned char c = (unsigned char)t[k];
    if (c >= 0x80)
      return NULL;
    c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    key->s[k - s] = (char)c;
    hash = (hash ^ c) * 16777619u;
  }
  key->s[e - s] = '\0';
  key->len = e - s;
  key->hash = hash;
  return key;
}

/* ---- marking the syntax ---------------------------------------------- */

/* Adds flag f to mark[a, b). Ranges (URLs, link destinations) are often
 * long: those of eight bytes or more take eight at a time, the last eight
 * overlapping what came before, which adding a flag twice does not
 * change. */
static void mark_range(scan *sc, size_t a, size_t b, unsigned char f) {
  unsigned char *mark = sc->mark;
  if (b > sc->n)
    b = sc->n;
  if (b <= a)
    return;
  if (b - a < 8) {
    for (size_t i = a; i < b; i++)
      mark[i] |= f;
    return;
  }
  uint64_t flags = f * 0x0101010101010101ULL, x;
  for (size_t i = a; i + 8 < b; i += 8) {
    memcpy(&x, mark + i, 8);
    x |= flags;
    memcpy(mark + i, &x, 8);
  }
  memcpy(&x, mark + b - 8, 8);
  x |= flags;
  memcpy(mark + b - 8, &x, 8);
}

/* Marks [a, b) of the line being marked as syntax and notes the range for
 * the finders' walk (scan.skips). mark_line() marks left to right, so the
 * ranges come in text order. */
static void mark_skip(scan *sc, size_t a, size_t b) {
  if (b > sc->n)
    b = sc->n;
  if (a >= b)
    return;
  mark_range(sc, a, b, M_SKIP);
  assert(sc->skips.count == 0 || sc->skips.v[sc->skips.count - 1].end <= a);
  cand_add(&sc->skips, a, b);
}

static int by_start(const void *a, const void *b) {
  const tl_candidate *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Lists the mentions and amounts of x (digest offsets; the body starts at
 * `body`) in sc->known as body ranges, merged where they overlap. Both come
 * in text order, so they are merged as two sorted lists. */
static void list_known(scan *sc, const tl_extraction *x, size_t body) {
  cand_list all = {0};
  size_t a = 0, b = 0;
  while (a < x->n_mentions || b < x->n_amounts) {
    size_t s, e;
    if (b == x->n_amounts || (a < x->n_mentions && x->mentions[a].start <= x->amounts[b].money.start)) {
      s = x->mentions[a].start;
      e = x->mentions[a++].end;
    } else {
      s = x->amounts[b].money.start;
      e = x->amounts[b++].money.end;
    }
    s = s > body ? s - body : 0;
    e = e > body ? e - body : 0;
    if (e > sc->n)
      e = sc->n;
    if (s < e)
      cand_add(&all, s, e);
  }
  /* the merge below needs them in order, as they come but for a bug */
  for (size_t i = 1; i < all.count; i++)
    if (all.v[i].start < all.v[i - 1].start) {
      qsort(all.v, all.count, sizeof *all.v, by_start);
      break;
    }
  for (size_t i = 0; i < all.count; i++) {
    tl_candidate *last = sc->known.count ? &sc->known.v[sc->known.count - 1] : NULL;
    if (last && all.v[i].start <= last->end) {
      if (all.v[i].end > last->end)
        last->end = all.v[i].end;
    } else {
      cand_add(&sc->known, all.v[i].start, all.v[i].end);
    }
  }
  free(all.v);
}

/* Makes mark[0, upto) ready: zeroed, with the known ranges in it marked
 * M_KNOWN. The body is read a line at a time and nothing reads a mark past
 * the line's end (see "How it works"), so the marks are made as the lines
 * come rather than for the whole body at once: lines that are never read,
 * such as code, cost a memset() and no more. */
static void ready_marks(scan *sc, size_t upto) {
  if (upto <= sc->ready)
    return;
  memset(sc->mark + sc->ready, 0, upto - sc->ready);
  const cand_list *known = &sc->known;
  for (size_t k = sc->known_marked; k < known->count && known->v[k].start < upto; k++)
    mark_range(sc, known->v[k].start > sc->ready ? known->v[k].start : sc->ready,
               known->v[k].end < upto ? known->v[k].end : upto, M_KNOWN);
  while (sc->known_marked < known->count && known->v[sc->known_marked].end <= upto)
    sc->known_marked++;
  sc->ready = upto;
}

/* Whether [s, e) holds a byte marked M_KNOWN, like a look at mark[s, e)
 * but in a step or two: the walk asks at ever later words, so the search
 * goes on from where the last one stopped, which s must not be before. */
static inline int known_in(scan *sc, size_t s, size_t e) {
  assert(sc->known_at == 0 || sc->known.v[sc->known_at - 1].end <= s);
  if (e <= sc->known_next)
    return 0; /* most words: before the range the search stopped at */
  while (sc->known_at < sc->known.count && sc->known.v[sc->known_at].end <= s)
    sc->known_at++;
  sc->known_next = sc->known_at < sc->known.count ? sc->known.v[sc->known_at].start : SIZE_MAX;
  return sc->known_next < e;
}

static int starts_ci(const char *s, size_t avail, const char *prefix) {
  size_t k = strlen(prefix);
  if (avail < k)
    return 0;
  for (size_t i = 0; i < k; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    if (c != (unsigned char)prefix[i])
      return 0;
  }
  return 1;
}

/* End of a bare URL starting at i: up to white space, a quote or bracket,
 * or the first non-ASCII character (a Chinese sentence often runs straight
 * on after a URL). */
static size_t url_end(const char *t, size_t i, size_t le) {
  while (i < le) {
    unsigned char c = (unsigned char)t[i];
    if (c <= ' ' || c >= 0x80 || c == '<' || c == '>' || c == '"' || c == ')' || c == ']' || c == '`')
      break;
    i++;
  }
  return i;
}

/* The byte after the ')' that closes the '(' at i (nesting counted), or
 * the end of the line when it never closes. Link destinations are long:
 * strcspn() steps to the next parenthesis (the text is NUL-terminated). */
static size_t paren_end(const char *t, size_t i, size_t le) {
  int depth = 0;
  for (;;) {
    i += strcspn(t + i, "()\n");
    if (i >= le)
      return le;
    if (t[i] == '(')
      depth++;
    else if (t[i] == ')' && --depth == 0)
      return i + 1;
    i++;
  }
}

/* Where a URL starts ("http://", "https://", "www." at a word start) when
 * the ':' or the '.' of its head is at i; SIZE_MAX when none does. Looking
 * from those is cheaper than trying every h and w of the text. A head
 * inside syntax marked before (an @handle) starts nothing. */
static size_t url_start(const scan *sc, size_t ls, size_t le, size_t i) {
  static const struct {
    const char *head;
    size_t at; /* where its ':' or '.' is */
  } heads[] = {{"http://", 4}, {"https://", 5}, {"www.", 3}};
  for (size_t h = 0; h < sizeof heads / sizeof *heads; h++) {
    size_t s = i - heads[h].at;
    if (i - ls < heads[h].at || sc->t[i] != heads[h].head[heads[h].at] ||
        !starts_ci(sc->t + s, le - s, heads[h].head))
      continue;
    if ((s == ls || !is_alnum_ascii((unsigned char)sc->t[s - 1])) && !(sc->mark[s] & M_SKIP))
      return s;
  }
  return SIZE_MAX;
}

/* Han characters and CJK punctuation: their presence makes a line Chinese.
 * All start with a byte of 0xE3 or more. */
static int is_cjk(int32_t c) {
  return tl_is_han(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20);
}

/* The count of capital ASCII letters in t[i, le): a loop without a
 * branch inside. */
static size_t capitals_in(const char *t, size_t i, size_t le) {
  size_t count = 0;
  for (; i < le; i++)
    count += (unsigned char)(t[i] - 'A') < 26;
  return count;
}

/* An English line in Title Case ("Danish Pension Fund Excludes SpaceX",
 * "AGI Is Not Multimodal"): no Han character or CJK punctuation, and the
 * longer words are capitalised while lowercase ones are function words, or
 * a function word is capitalised inside the line. There capitals say
 * nothing about names. */
static int is_title_line(const scan *sc, size_t ls, size_t le) {
  const char *t = sc->t;
  int caps = 0, lower = 0, func_caps = 0, first = 1;
  size_t capitals = SIZE_MAX; /* at least the capital letters from i on, once counted */
  size_t i = ls;
  while (i < le) {
    unsigned char b = (unsigned char)t[i];
    if (b < 0x80 && !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))) {
      i++; /* blanks, punctuation and digits start no word */
      continue;
    }
    int32_t c = b;
    size_t k = b < 0x80 ? 1 : decode(t + i, le - i, &c);
    if (is_cjk(c))
      return 0; /* a Chinese line, the most common answer */
    if ((sc->mark[i] & M_SKIP) || !is_letter(c) || (i > ls && is_alnum_ascii((unsigned char)t[i - 1]))) {
      i += k;
      continue;
    }
    /* A word: its ASCII letters and digits (none when it starts with
     * another letter, which then only ends `first`). */
    size_t j = i;
    int upper = 0;
    while (ascii_kind[(unsigned char)t[j]]) { /* t[le] is '\n' or the NUL after the text */
      upper += ascii_kind[(unsigned char)t[j]] == K_UPPER;
      j++;
    }
    if (capitals != SIZE_MAX)
      capitals -= (size_t)upper; /* counted when i was at or before this word */
    int cap = t[i] >= 'A' && t[i] <= 'Z';
    /* Whether it is a function word changes the counts only for a
     * lowercase word of four letters or more and for a capitalised one
     * (not the first, or of four letters or more): the others need no
     * look-up ("a", "of", "the", "GPT"). */
    int counts = (upper == 0 && j - i >= 4) || (cap && upper == 1 && (!first || j - i >= 4));
    word_key key;
    size_t len = j - i <= FUNC_LONGEST ? j - i : 0; /* no function word is longer, or empty */
    unsigned maybe_func = counts & (func_ends[len][t[i] & 31] >> (t[j > i ? j - 1 : i] & 31));
    if ((maybe_func & 1) && (key_listed(ascii_key(t, i, j, &key)) & L_FUNC))
      func_caps += cap && upper == 1 && !first;
    else if (j - i >= 4 && cap && upper == 1)
      caps++;
    else if (j - i >= 4 && upper == 0)
      lower++;
    first = 0;
    i = j > i ? j : i + k;
    /* Prose ends the test early: once a lowercase word is seen, only four
     * capitalised words per lowercase one make a headline, and each
     * takes four letters and a blank of what is left, and a capital
     * letter of it. Those are counted once, at the first lowercase word:
     * in prose, few are left, and the test ends a few words later. */
    if (lower > 0) {
      if (capitals == SIZE_MAX)
        capitals = capitals_in(t, i, le);
      size_t most = (le - i + 1) / 5 < capitals ? (le - i + 1) / 5 : capitals;
      if ((size_t)caps + most < 4 * (size_t)lower)
        return 0;
    }
  }
  return (caps >= 2 && lower * 4 <= caps) || (func_caps > 0 && caps > 0 && lower == 0);
}

/* is_title_line() of the line being read, worked out when a phrase first
 * asks: most lines have no capitalised word and never do. */
static int line_is_title(scan *sc) {
  if (sc->title < 0)
    sc->title = is_title_line(sc, sc->ls, sc->le);
  return sc->title;
}

static int line_has_han(const scan *sc, size_t ls, size_t le) {
  for (size_t i = ls; i < le;) {
    int32_t c;
    i += decode(sc->t + i, le - i, &c);
    if (tl_is_han(c))
      return 1;
  }
  return 0;
}

/* The first `c` in t[i, le), le when there is none. *memo holds the last
 * answer (SIZE_MAX: none yet), so that a line full of unclosed `<` or `![`
 * is searched once, not once per opener. */
static size_t next_char(const char *t, size_t i, size_t le, char c, size_t *memo) {
  if (*memo == SIZE_MAX || *memo < i) {
    const char *p = memchr(t + i, c, le - i);
    *memo = p ? (size_t)(p - t) : le;
  }
  return *memo;
}

/* The bytes that may open syntax in mark_line() (URLs at the ':' or '.' of
 * their head, see url_start()), and the line end. All are ASCII, so no
 * byte of a multi-byte character can be taken for one of them, and
 * strcspn() can skip the text in between: it stops at the NUL that ends
 * the body at the latest. Sixteen bytes at most, the most that glibc's
 * fast strcspn() takes. */
static const char syntax_bytes[] = "`![]~<&{@*_:.\n";

/* Marks one line [ls, le) outside fenced code: heading, inline code,
 * links, images, tags, entities, URLs, @handles and emphasis. */
static void mark_line(scan *sc, size_t ls, size_t le, int level) {
  const char *t = sc->t;
  size_t i = ls;
  while (i < le && (is_blank((unsigned char)t[i]) || t[i] == '>'))
    i++;
  if (level) {
    mark_skip(sc, i, i + (size_t)level);
    if (level <= 2 && !line_has_han(sc, ls, le))
      mark_range(sc, i + (size_t)level, le, M_LABEL);
    i += (size_t)level;
  }

  size_t bold[64];
  size_t nbold = 0;
  size_t next_gt = SIZE_MAX, next_bracket = SIZE_MAX;
  uint64_t unclosed_ticks = 0; /* bit n-1: no run of n backticks is left on the line */
  while (i < le) {
    i += strcspn(t + i, syntax_bytes); /* plain text, the common case */
    if (i >= le)
      break;
    unsigned char c = (unsigned char)t[i];
    size_t start = i;
    if (c == '`') {
      size_t k = i;
      while (k < le && t[k] == '`')
        k++;
      size_t run = k - i, close = k;
      uint64_t bit = (uint64_t)1 << (run < 64 ? run - 1 : 63);
      while (!(unclosed_ticks & bit) && close < le) {
        if (t[close] == '`') {
          size_t e = close;
          while (e < le && t[e] == '`')
            e++;
          if (e - close == run)
            break;
          close = e;
        } else {
          close++;
        }
      }
      if (close >= le)
        unclosed_ticks |= bit;
      i = close < le && !(unclosed_ticks & bit) ? close + run : k;
    } else if (c == '!' && i + 1 < le && t[i + 1] == '[') {
      size_t k = next_char(t, i + 2, le, ']', &next_bracket);
      i = (k + 1 < le && t[k + 1] == '(') ? paren_end(t, k + 1, le) : i + 2;
    } else if (c == ']' && i + 1 < le && t[i + 1] == '(') {
      i = paren_end(t, i + 1, le);
    } else if (c == '[' || c == ']' || c == '~') {
      i++;
    } else if (c == '<' && i + 1 < le &&
               (is_alnum_ascii((unsigned char)t[i + 1]) || t[i + 1] == '/' || t[i + 1] == '!' ||
                t[i + 1] == '?')) {
      size_t k = next_char(t, i + 1, le, '>', &next_gt);
      if (k == le) {
        i++;
        continue;
      }
      i = k + 1;
      /* Badges and code: <span style=...>Hacker News</span> labels a source. */
      static const char *const hidden[] = {"<span", "<code", "<kbd", "<sup", "<sub"};
      static const char *const closing[] = {"</span>", "</code>", "</kbd>", "</sup>", "</sub>"};
      for (size_t h = 0; h < sizeof hidden / sizeof *hidden; h++)
        if (starts_ci(t + start, le - start, hidden[h])) {
          size_t cl = strlen(closing[h]), end = le - i > 512 ? i + 512 : le; /* badges are short */
          for (size_t e = i; e + cl <= end; e++)
            if (starts_ci(t + e, end - e, closing[h])) {
              i = e + cl;
              break;
            }
          break;
        }
    } else if (c == ':' || c == '.') {
      start = url_start(sc, ls, le, i);
      if (start == SIZE_MAX) {
        i++;
        continue;
      }
      i = url_end(t, start, le);
    } else if (c == '&' && i + 2 < le && (t[i + 1] == '#' || is_alnum_ascii((unsigned char)t[i + 1]))) {
      size_t k = i + 1;
      while (k < le && k - i < 10 && (is_alnum_ascii((unsigned char)t[k]) || t[k] == '#'))
        k++;
      if (k >= le || t[k] != ';') {
        i++;
        continue;
      }
      i = k + 1;
    } else if (c == '{' && i + 1 < le && t[i + 1] == '{') {
      size_t k = i + 2;
      while (k + 1 < le && !(t[k] == '}' && t[k + 1] == '}'))
        k++;
      i = k + 1 < le ? k + 2 : le;
    } else if (c == '@' && (i == ls || !is_alnum_ascii((unsigned char)t[i - 1])) && i + 1 < le &&
               (is_alnum_ascii((unsigned char)t[i + 1]) || t[i + 1] == '_')) {
      size_t k = i + 1;
      while (k < le && (is_alnum_ascii((unsigned char)t[k]) || t[k] == '_' || t[k] == '.' || t[k] == '-'))
        k++;
      i = k;
    } else if (c == '*' || c == '_') {
      size_t k = i;
      while (k < le && t[k] == (char)c)
        k++;
      if (c == '_' && i > ls && is_alnum_ascii((unsigned char)t[i - 1]) && k < le &&
          is_alnum_ascii((unsigned char)t[k])) {
        i = k; /* snake_case: part of the word, which is then not a name */
        continue;
      }
      if (k - i >= 2 && nbold < sizeof bold / sizeof *bold) {
        bold[nbold++] = i;
        bold[nbold++] = k;
      }
      i = k;
    } else {
      i++;
      continue;
    }
    mark_skip(sc, start, i);
  }
  /* Markers pair up in order; an odd one out opens nothing. */
  for (size_t b = 0; b + 3 < nbold; b += 4)
    mark_range(sc, bold[b + 1], bold[b + 2], M_BOLD);
}

/* The level of an ATX heading on line [ls, le), 0 when it is none. */
static int heading_level(const char *t, size_t ls, size_t le) {
  size_t i = ls;
  while (i < le && i - ls < 4 && t[i] == ' ')
    i++;
  size_t h = i;
  while (h < le && t[h] == '#' && h - i < 7)
    h++;
  return h > i && h - i <= 6 && (h == le || is_blank((unsigned char)t[h])) ? (int)(h - i) : 0;
}

static int line_has(const char *t, size_t ls, size_t le, const char *needle) {
  size_t k = strlen(needle);
  const char *p = t + ls, *end = t + le;
  while ((size_t)(end - p) >= k && (p = memchr(p, needle[0], (size_t)(end - p) - k + 1)) != NULL) {
    if (memcmp(p, needle, k) == 0)
      return 1;
    p++;
  }
  return 0;
}

/* Lines and headings that credit where news came from ("> 📰 **The
 * Verge**", "来源：", "## 📚 数据来源"): outlets, which the dictionary leaves
 * out on purpose, would otherwise fill the top of the list. A heading is
 * one when it says 来源, Sources or 出处 anywhere. */
static int is_source_heading(const char *t, size_t ls, size_t le) {
  return line_has(t, ls, le, "来源") || line_has(t, ls, le, "Sources") || line_has(t, ls, le, "出处");
}

static int ends_with(const char *t, size_t ls, size_t i, const char *s) {
  size_t k = strlen(s);
  return i - ls >= k && memcmp(t + i - k, s, k) == 0;
}

/* Any other line is one when it holds 📰, 来源：, 来源:, 出处：, Source:,
 * Sources: or source:. All but 📰 end in a colon, so it is enough to ask
 * at each colon, '：' and four-byte character (line_credits_source())
 * whether one of them ends in the colon at i or 📰 starts there. */
static int source_mark_at(const char *t, size_t ls, size_t le, size_t i) {
  if (t[i] == ':')
    return ends_with(t, ls, i, "来源") || ends_with(t, ls, i, "Source") || ends_with(t, ls, i, "Sources") ||
           ends_with(t, ls, i, "source");
  const unsigned char *u = (const unsigned char *)t + i;
  if (le - i >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x9A) /* ： */
    return ends_with(t, ls, i, "来源") || ends_with(t, ls, i, "出处");
  return le - i >= 4 && memcmp(t + i, "\xF0\x9F\x93\xB0" /* 📰 */, 4) == 0;
}

/* ---- results --------------------------------------------------------- */

/* emit() adds [s, e) to a list (cand_add()) unless it stands in a
 * level-1/2 heading without Chinese: a section label ("## Hacker News",
 * "## The Verge") or the digest's own title. Whether the dictionary knows
 * the name is asked only at the end (known()), of the candidates that
 * survive the overlap rule. */
static void emit(scan *sc, cand_list *to, size_t s, size_t e) {
  if (e > s && !(sc->mark[s] & M_LABEL))
    cand_add(to, s, e);
}

/* Whether the dictionary knows the name t[s, e): a case-sensitive alias
 * that did not match here is still an alias. */
static int known(const tl_dict *dict, const char *t, size_t s, size_t e) {
  if (!dict)
    return 0;
  char small[128]; /* most names fit: no allocation for them */
  char *name = e - s < sizeof small ? small : tl_xmalloc(e - s + 1);
  memcpy(name, t + s, e - s);
  name[e - s] = '\0';
  int id = tl_dict_find(dict, name);
  if (name != small)
    free(name);
  return id >= 0;
}

/* Doubles the table: memo_at() keeps it at most half full, so that a
 * probe stays short. It starts at 512 slots, room for the words of most
 * digests: moving them to a larger table as they come costs more than
 * the space. */
static void memo_grow(slice_memo *m) {
  size_t slots = m->slots ? 2 * m->slots : 512;
  memo_slot *v = tl_xmalloc(slots * sizeof *v);
  for (size_t i = 0; i < slots; i++)
    v[i].len = 0; /* empty; cheaper than clearing every byte */
  for (size_t i = 0; i < m->slots; i++)
    if (m->v[i].len) {
      size_t h = m->v[i].hash & (slots - 1);
      while (v[h].len)
        h = (h + 1) & (slots - 1);
      v[h] = m->v[i];
    }
  free(m->v);
  m->v = v;
  m->slots = slots;
}

/* A hash of the slice t[s, e) (not empty) for memo_at(), in a few steps
 * where hash_bytes() takes a step per byte and ends at a different byte
 * for each slice: the length, and the first and last eight bytes of a long
 * slice or five of a short one (all of it up to five bytes). Slices that
 * share these are told apart by memo_at()'s comparison. */
static uint32_t slice_hash(const char *t, size_t s, size_t e) {
  const unsigned char *u = (const unsigned char *)t + s;
  size_t len = e - s;
  uint64_t h;
  if (len >= 8) {
    uint64_t head, tail;
    memcpy(&head, u, 8);
    memcpy(&tail, u + len - 8, 8);
    h = head ^ tail * 0x9E3779B97F4A7C15ULL;
  } else {
    h = (uint64_t)u[0] | (uint64_t)u[len / 4] << 8 | (uint64_t)u[len / 2] << 16 |
        (uint64_t)u[len - 1 - len / 4] << 24 | (uint64_t)u[len - 1] << 32;
  }
  h = (h ^ len) * 0x9E3779B97F4A7C15ULL;
  return (uint32_t)(h >> 32);
}

/* The slot of the slice t[s, e) (not empty) in m: the one of the same
 * bytes met before, or a new one whose value is MEMO_UNSET, for the caller
 * to set. Valid until the next memo_at() on m. The caller frees m->v.
 * Inline: it runs for most words of a digest, and a call costs more
 * instructions than a hit does.
 * Example:
 *     memo_slot *a = memo_at(&m, t, s, e);
 *     if (a->value == MEMO_UNSET)
 *       a->value = slow_answer(t, s, e);
 *     return a->value; */
static inline memo_slot *memo_at(slice_memo *m, const char *t, size_t s, size_t e) {
  uint32_t hash = slice_hash(t, s, e);
  if (2 * (m->count + 1) > m->slots)
    memo_grow(m);
  size_t h = hash & (m->slots - 1);
  for (; m->v[h].len; h = (h + 1) & (m->slots - 1))
    if (m->v[h].hash == hash && m->v[h].len == e - s && memcmp(t + m->v[h].start, t + s, e - s) == 0)
      return &m->v[h];
  m->v[h] = (memo_slot){s, hash, (uint32_t)(e - s), MEMO_UNSET};
  m->count++;
  return &m->v[h];
}

/* known(), asked once per name of a digest. The same name often comes back
 * in a digest (in an item and in its summary), and a look-up normalizes
 * the name (twice when it is not ASCII and misses). */
static int known_once(const tl_dict *dict, const char *t, size_t s, size_t e, slice_memo *answers) {
  memo_slot *a = memo_at(answers, t, s, e);
  if (a->value == MEMO_UNSET)
    a->value = known(dict, t, s, e);
  return a->value;
}

/* ---- Latin names ----------------------------------------------------- */

static int listed_weak(const word_key *key) { return (key_listed(key) & (L_GENERIC | L_COMMON | L_FUNC)) != 0; }

/* Whether every part of a hyphenated word is lowercase or on a list:
 * "AI-native", "Open-Source", "human-AI" say nothing about a name. */
static int weak_compound(const char *t, size_t s, size_t e) {
  size_t a = s;
  while (a < e) {
    size_t b = a;
    while (b < e && t[b] != '-')
      b++;
    word_key buf;
    const word_key *key = ascii_key(t, a, b, &buf);
    int lower = 1;
    for (size_t k = a; k < b; k++)
      lower &= !(t[k] >= 'A' && t[k] <= 'Z') && !(t[k] >= '0' && t[k] <= '9');
    if (!lower && !(key && listed_weak(key)))
      return 0;
    a = b + 1;
  }
  return 1;
}

/* What word_type() reads off the characters of a word. */
typedef struct {
  int upper, lower, digits, letters, camel, prev_lower, first_digit, hyphen, apostrophe, dot;
} shape;

static void shape_init(shape *sh) {
  memset(sh, 0, sizeof *sh);
  sh->first_digit = -1;
}

/* Adds character c, of kind K_* (0: none, a joining character), to the
 * shape. Returns 0 for '_': snake_case is no name. */
static inline int shape_add(shape *sh, int32_t c, int kind) {
  if (kind == 0) {
    if (c == '_')
      return 0;
    sh->hyphen |= c == '-';
    sh->dot |= c == '.';
    sh->apostrophe |= c == '\'' || c == 0x2019;
    sh->prev_lower = 0;
    return 1;
  }
  if (sh->first_digit < 0)
    sh->first_digit = kind == K_DIGIT;
  if (kind == K_DIGIT) {
    sh->digits++;
    sh->prev_lower = 0;
  } else if (kind == K_UPPER) {
    sh->letters++;
    sh->upper++;
    sh->camel |= sh->prev_lower;
    sh->prev_lower = 0;
  } else {
    sh->letters++;
    sh->lower++;
    sh->prev_lower = 1;
  }
  return 1;
}

/* What a word t[s, e) of this shape is, by the lists and the rules; key
 * is its ascii_key(), NULL when it has none. */
static int shape_type(const char *t, size_t s, size_t e, const shape *sh, const word_key *key) {
  if (sh->first_digit == 1 || e - s > 48)
    return W_BREAK;
  if (key && sh->dot) {
    const char *dot = strrchr(key->s, '.');
    if (dot && dot[1] && (listed(dot + 1) & L_FILE_END)) {
      /* "arxiv.org", "README.md", "JD.com"; "Character.AI" and "Next.js" stay */
      int lower_end = 1;
      for (size_t k = s + (size_t)(dot - key->s) + 1; k < e; k++)
        lower_end &= !(t[k] >= 'A' && t[k] <= 'Z');
      if (lower_end || strcmp(dot + 1, "com") == 0)
        return W_BREAK;
    }
  }
  if (sh->upper == 0)
    return key && (key_listed(key) & L_CONNECT) ? W_CONNECT : W_BREAK;
  if (sh->apostrophe) /* I've, Don't, We're: possessives were cut off before */
    return W_FUNC;
  if (key) {
    unsigned lists = key_listed(key);
    if (lists & L_FUNC)
      return W_FUNC;
    if (lists & (L_GENERIC | L_COMMON))
      return W_WEAK;
    /* Q3, H1: quarters and halves of a year */
    if (e - s == 2 && (key->s[0] == 'q' || key->s[0] == 'h') && key->s[1] >= '1' && key->s[1] <= '4')
      return W_WEAK;
  }
  if (sh->hyphen && weak_compound(t, s, e))
    return W_WEAK;
  if (sh->letters == 1 && sh->digits == 0)
    return W_LETTER;
  if (sh->camel || (sh->digits && sh->letters) || (sh->upper >= 2 && sh->lower == 0))
    return W_STRONG;
  return W_CAP;
}

/* Whether the word t[s, e) may be a connecting word ("of", "van"): few
 * words are that short and start as one does (connect_starts), so one test
 * without a branch of its own turns away nearly all; t[s + 1] is readable
 * as the text ends in a NUL. */
static inline unsigned may_connect(const char *t, size_t s, size_t e) {
  const unsigned char *u = (const unsigned char *)t;
  return (e - s <= CONNECT_LONGEST) & (connect_starts[u[s] & 31] >> (u[s + 1] & 31));
}

/* Plain lowercase words, most of English prose, are told apart without
 * the lists but for the short connecting words. */
static int plain_type(const char *t, size_t s, size_t e) {
  if (!may_connect(t, s, e))
    return W_BREAK;
  for (size_t k = 0; k < sizeof connect_words / sizeof *connect_words; k++)
    if (connect_words[k][0] == t[s] && strlen(connect_words[k]) == e - s && memcmp(connect_words[k], t + s, e - s) == 0)
      return W_CONNECT;
  return W_BREAK;
}

/* What a word is, from its shape and the lists. */
static int word_type(const scan *sc, size_t s, size_t e) {
  const char *t = sc->t;
  for (size_t i = s; i < e; i++)
    if (sc->mark[i] & M_KNOWN)
      return W_KNOWN;
  size_t plain = s;
  while (plain < e && t[plain] >= 'a' && t[plain] <= 'z')
    plain++;
  if (plain == e)
    return plain_type(t, s, e);
  shape sh;
  shape_init(&sh);
  size_t i = s;
  while (i < e) {
    unsigned char b = (unsigned char)t[i];
    int32_t c = b;
    int kind;
    if (b < 0x80) {
      i++;
      kind = ascii_kind[b];
    } else {
      i += decode(t + i, e - i, &c);
      kind = is_digit(c) ? K_DIGIT : !is_letter(c) ? 0 : is_upper(c) ? K_UPPER : K_LOWER;
    }
    if (!shape_add(&sh, c, kind))
      return W_BREAK;
  }
  word_key key;
  return shape_type(t, s, e, &sh, ascii_key(t, s, e, &key));
}

/* Where a phrase starts: at the beginning of a line or sentence (where
 * English capitalises anything), after Han text, or inside a sentence. */
enum { AT_START, AT_HAN, AT_MID };

static int context_before(const scan *sc, size_t s) {
  size_t i = s;
  while (i > 0) {
    size_t k = prev_start(sc->t, i);
    int32_t c;
    decode(sc->t + k, i - k, &c);
    if (c == '\n')
      return AT_START;
    if (!((sc->mark[k] & M_SKIP) || is_blank((unsigned char)sc->t[k]) || is_opener(c))) {
      if (is_sentence_end(c))
        return AT_START;
      return tl_is_han(c) ? AT_HAN : AT_MID;
    }
    i = k;
  }
  return AT_START;
}

/* Whether English prose goes on after e: a lowercase word follows (after
 * blanks, markup, quotes, commas and numbers: "Celebrating 20 years"). */
static int lowercase_follows(const scan *sc, size_t e) {
  size_t i = e;
  if (i + 1 < sc->n && sc->t[i] == '\'' && sc->t[i + 1] == 's')
    i += 2;
  else if (i + 3 < sc->n && memcmp(sc->t + i, "\xE2\x80\x99s", 4) == 0)
    i += 4;
  while (i < sc->n && ((sc->mark[i] & M_SKIP) || is_blank((unsigned char)sc->t[i]) || sc->t[i] == ',' ||
                       sc->t[i] == '"' || sc->t[i] == '\'' || (sc->t[i] >= '0' && sc->t[i] <= '9')))
    i++;
  return i < sc->n && sc->t[i] >= 'a' && sc->t[i] <= 'z';
}

/* Whether [s, e) is all the text of a bold span: bold text is what the
 * writer marked as a name, so a sentence start does not disqualify it. */
static int whole_bold(const scan *sc, size_t s, size_t e) {
  if (!(sc->mark[s] & M_BOLD))
    return 0;
  size_t a = s, b = e;
  while (a > 0 && (sc->mark[a - 1] & M_BOLD) && is_blank((unsigned char)sc->t[a - 1]))
    a--;
  while (b < sc->n && (sc->mark[b] & M_BOLD) && is_blank((unsigned char)sc->t[b]))
    b++;
  return (a == 0 || !(sc->mark[a - 1] & M_BOLD)) && (b == sc->n || !(sc->mark[b] & M_BOLD));
}

/* One run of words without function words inside: trims it, then keeps it
 * when it holds a name word and is not just a capital opening a sentence.
 * `ctx` says where the run starts. */
static void latin_name(scan *sc, const word *w, size_t a, size_t b, int ctx) {
  /* "Unlocking Britain's next era", "Introducing Real World VoiceEQ": a
   * verb in -ing opening a headline is not part of the name after it */
  while (a < b && ctx == AT_START && w[a].type == W_CAP && w[a].e - w[a].s > 4 &&
         memcmp(sc->t + w[a].e - 3, "ing", 3) == 0)
    a++;
  while (a < b && (w[a].type == W_CONNECT || w[a].type == W_LETTER))
    a++;
  while (b > a && w[b - 1].type == W_CONNECT)
    b--;
  size_t names = 0;
  for (size_t i = a; i < b; i++)
    names += w[i].type == W_CAP || w[i].type == W_STRONG;
  if (names == 0)
    return;
  if (b - a > 5) { /* a run of capitals that long is a headline, not a name */
    for (size_t i = a; i < b; i++)
      if (w[i].type == W_STRONG)
        emit(sc, &sc->reading, w[i].s, w[i].e);
    return;
  }
  /* "Danish pension fund ...": a capital that only opens an English
   * sentence. */
  if (names == 1 && (w[a].type == W_CAP || w[a].type == W_WEAK) && ctx == AT_START &&
      !whole_bold(sc, w[a].s, w[b - 1].e) && lowercase_follows(sc, w[b - 1].e))
    return;
  emit(sc, &sc->reading, w[a].s, w[b - 1].e);
}

/* A phrase: words joined by single blanks. A mention anywhere in it rules
 * it out; function words split it ("AGI Is Not Multimodal"). */
static void latin_phrase(scan *sc, const word *w, size_t a, size_t b) {
  size_t names = 0;
  for (size_t i = a; i < b; i++) {
    if (w[i].type == W_KNOWN)
      return;
    names += w[i].type == W_CAP || w[i].type == W_STRONG;
  }
  if (names == 0)
    return;
  /* The reading of prose, into sc->reading. */
  sc->reading.count = 0;
  int ctx = context_before(sc, w[a].s);
  size_t i = a;
  while (i < b) {
    if (w[i].type == W_FUNC) {
      ctx = AT_START; /* a capitalised function word opened a sentence or a headline */
      i++;
      continue;
    }
    size_t j = i;
    while (j < b && w[j].type != W_FUNC)
      j++;
    latin_name(sc, w, i, j, ctx);
    i = j;
  }
  /* Capitals mean nothing in a Title-Case headline: there only words that
   * look like names by their own shape count, each on its own. Whether
   * the line is one takes a pass over it, so it is asked only when the
   * two readings differ: they agree on most phrases of prose ("Danish
   * pension fund" gives nothing either way) and of Chinese text ("OpenAI"
   * gives itself). */
  size_t k = 0, same = 1;
  for (i = a; i < b && same; i++)
    if (w[i].type == W_STRONG) {
      same = k < sc->reading.count && sc->reading.v[k].start == w[i].s && sc->reading.v[k].end == w[i].e;
      k++;
    }
  same = same && k == sc->reading.count;
  if (!same && !whole_bold(sc, w[a].s, w[b - 1].e) && line_is_title(sc)) {
    for (i = a; i < b; i++)
      if (w[i].type == W_STRONG)
        emit(sc, &sc->latin, w[i].s, w[i].e);
    return;
  }
  for (k = 0; k < sc->reading.count; k++) /* already through emit() */
    cand_add(&sc->latin, sc->reading.v[k].start, sc->reading.v[k].end);
}

/* End of the Latin word starting at i: letters and digits, joined by
 * - . + ' & when a letter or digit follows. A trailing possessive 's is
 * left out. */
static size_t word_end(const scan *sc, size_t i, size_t *next) {
  size_t e = i;
  while (e < sc->n && !(sc->mark[e] & M_SKIP)) {
    if (is_alnum_ascii((unsigned char)sc->t[e])) {
      e++; /* the common case, decoded below too but slower */
      continue;
    }
    int32_t c;
    size_t k = decode(sc->t + e, sc->n - e, &c);
    if (is_letter(c) || is_digit(c)) {
      e += k;
      continue;
    }
    if (c == '-' || c == '.' || c == '+' || c == '\'' || c == '&' || c == '_' || c == 0x2019) {
      size_t f = e + k;
      int32_t d;
      if (f < sc->n && !(sc->mark[f] & M_SKIP)) {
        decode(sc->t + f, sc->n - f, &d);
        if (is_letter(d) || is_digit(d)) {
          e = f;
          continue;
        }
      }
    }
    break;
  }
  *next = e;
  /* OpenAI's, OpenAI’s */
  if (e - i > 2 && (sc->t[e - 1] == 's' || sc->t[e - 1] == 'S')) {
    if (sc->t[e - 2] == '\'')
      return e - 2;
    if (e - i > 4 && memcmp(sc->t + e - 4, "\xE2\x80\x99", 3) == 0)
      return e - 4;
  }
  return e;
}

/* Reads the word at i when it is made of ASCII letters and digits only and
 * what follows cannot join more to it (see word_end()): the common case,
 * read in one pass that also notes which kinds of characters (K_*) it
 * holds. `stop` is where the next syntax range starts (or the line end),
 * which ends the word as its M_SKIP marks end it in word_end(); i is in no
 * such range. Returns its end, or i when the word needs the general
 * reading. The loop needs no test for `stop`: a line ends in '\n' or the
 * NUL after the text, and a syntax range starts at an ASCII character
 * that is no letter or digit, or at a URL that nothing alphanumeric comes
 * before (url_start()); the test after it keeps the general reading for
 * a word that would run into one all the same. */
static inline size_t ascii_word_at(const scan *sc, size_t i, size_t stop, unsigned char *kinds) {
  const char *t = sc->t;
  const unsigned char *u = (const unsigned char *)t;
  size_t e = i;
  unsigned char k = 0, kind;
  while ((kind = ascii_kind[u[e]]) != 0) {
    k |= kind;
    e++;
  }
  *kinds = k;
  if (e > stop)
    return i;
  if (e < stop && may_join[u[e]]) {
    unsigned char b = u[e];
    if (b < 0x80) {
      /* "GPT-4", "e.g": joined when a letter or digit follows */
      if (e + 1 < sc->n && (u[e + 1] >= 0x80 || is_alnum_ascii(u[e + 1])))
        return i;
    } else {
      int32_t c;
      decode(t + e, sc->n - e, &c);
      if (is_letter(c) || is_digit(c) || c == 0x2019) /* Économix, ＡＩ, OpenAI’s */
        return i;
    }
  }
  return e;
}

/* The type of the ASCII word t[s, e) of letters and digits, not all
 * lowercase, shorter than KEY_SIZE and overlapping no mention. A digest names the same few things again and
 * again (OpenAI, GPT, AI), and the type depends on the word's bytes alone,
 * so each distinct word is typed once per call and then found in
 * sc->types. */
static int ascii_word_type(scan *sc, size_t s, size_t e) {
  memo_slot *a = memo_at(&sc->types, sc->t, s, e);
  if (a->value == MEMO_UNSET)
    a->value = word_type(sc, s, e);
  return a->value;
}

/* The Latin finder at a letter or digit outside code and URLs: adds the
 * word that starts there to the words of the line, unless it is W_BREAK,
 * which only ends a phrase. e and kinds are what ascii_word_at() read at
 * i (e == i: the word needs the general reading, as any that starts with
 * a letter beyond ASCII does). Returns where the walk goes on. */
static size_t latin_word_at(scan *sc, size_t i, size_t e, unsigned kinds) {
  size_t next = e;
  int type;
  if (e > i) {
    if (known_in(sc, i, e))
      type = W_KNOWN;
    else if (kinds == K_LOWER)
      type = plain_type(sc->t, i, e);
    else if (e - i < KEY_SIZE)
      type = ascii_word_type(sc, i, e);
    else
      type = word_type(sc, i, e); /* too long for a list: the general reading */
  } else {
    e = word_end(sc, i, &next);
    type = word_type(sc, i, e);
  }
  if (type == W_BREAK) { /* it only ends a phrase: noted, not kept */
    sc->broken = 1;
    return next;
  }
  if (sc->nw == sc->wcap)
    sc->w = tl_xgrow(sc->w, &sc->wcap, sc->nw + 1, sizeof *sc->w);
  size_t last_end = sc->nw > 0 ? sc->w[sc->nw - 1].e : 0;
  int joins = sc->nw > 0 && !sc->broken && i > last_end && i - last_end <= 2;
  sc->broken = 0;
  for (size_t g = last_end; joins && g < i; g++)
    joins = is_blank((unsigned char)sc->t[g]) && sc->t[g] != '\r' && !(sc->mark[g] & (M_SKIP | M_KNOWN));
  sc->w[sc->nw++] = (word){i, e, type, joins};
  return next;
}

/* Whether the ASCII word t[i, e) of these kinds, which overlaps no
 * mention or amount, is W_BREAK for sure: plain lowercase ("the",
 * "model") but for the few that may be connecting words, which is most
 * words of English prose, or starting with a digit ("2025", "3B"). The
 * walk (find_in_line()) passes over these at once: latin_word_at() would
 * only note that they end a phrase. Without branches, as the answer
 * changes from word to word; t[i + 1] is readable as the text ends in a
 * NUL. */
static inline unsigned surely_breaks(const char *t, size_t i, size_t e, unsigned kinds) {
  const unsigned char *u = (const unsigned char *)t;
  return ((kinds == K_LOWER) & !may_connect(t, i, e)) | (ascii_kind[u[i]] == K_DIGIT);
}

/* The Latin finder at an ASCII letter or digit (the next syntax range
 * starts at `stop`): latin_word_at() but for the words that surely_breaks(),
 * which are only noted. Returns where the walk goes on. */
static size_t ascii_latin_at(scan *sc, size_t i, size_t stop) {
  unsigned char kinds;
  size_t e = ascii_word_at(sc, i, stop, &kinds);
  if ((e > i) & surely_breaks(sc->t, i, e, kinds) && !known_in(sc, i, e)) {
    sc->broken = 1; /* as latin_word_at() would note */
    return e;
  }
  return latin_word_at(sc, i, e, kinds);
}

/* Groups the words of the line into phrases, once all are read: runs of
 * joined words (no W_BREAK word is kept, see latin_word_at()). */
static void latin_phrases(scan *sc) {
  const word *w = sc->w;
  size_t a = 0;
  while (a < sc->nw) {
    size_t b = a + 1;
    while (b < sc->nw && w[b].joins)
      b++;
    latin_phrase(sc, w, a, b);
    a = b;
  }
}

/* ---- CJK names ------------------------------------------------------- */

static const char han_numerals[] = "零一二三四五六七八九十百千万亿两几数多";

/* Characters that end a CJK name on its left: particles, pronouns,
 * measure words, prepositions. */
static const char han_stops[] =
    "一两个为之也了从以位其向和各在家将对把或是款此每的等给让该被这那与及由于并而已曾还都就又即着过所名们";

/* Titles that stand in front of a person's name without being part of it,
 * cut off the left of 创始人山姆·奥特曼 (space-separated). */
static const char han_titles[] =
    "创始人 联合创始人 首席执行官 首席科学家 总裁 董事长 总经理 主席 教授 博士 科学家 研究员 "
    "工程师 负责人 总统 部长 议员 作者 记者 演员 导演 歌手";

/* What stands in front of 公司, 模型, 科技 or 集团 without being a name:
 * "language model", "start-up company", "daily tech" (space-separated). A
 * run ending in one of these is no name. */
static const char han_generic[] =
    "个 些 化 图 型 大 家 小 式 性 新 款 母 版 种 类 级 黑 上市 不同 专家 专用 世界 "
    "两个 中国 中型 主流 主要 云端 产品 今日 代理 代码 价格 任何 企业 优化 传媒 传统 估值 "
    "位置 使用 信息 健康 储能 光伏 免费 全球 公益 其他 内容 内部 决策 出行 分割 分类 创业 "
    "创新 初创 判别 利润 制作 制药 前代 前沿 动作 化工 医疗 单一 单个 印度 卷积 原生 参数 "
    "各大 合作 向量 咨询 商业 回归 国产 国内 国防 图像 地产 垂直 基准 基座 基础 复古 多个 "
    "多数 大型 大脑 头部 奖励 媒体 学生 安全 密集 对齐 导致 小型 嵌入 工具 工程 市值 市场 "
    "平台 序列 应用 底层 开放 开源 当前 循环 微调 德国 思维 性能 感知 成本 所有 扩展 扩散 "
    "技术 投资 报业 接口 控制 推理 提升 支付 支持 收入 效率 教师 教育 数学 数据 文本 新型 "
    "方案 方法 旗下 旗舰 日本 时序 智能 更新 最新 服务 本地 本期 机制 权重 材料 架构 标志 "
    "核心 核能 框架 检测 检索 检验 模态 欧洲 每日 气候 汽车 法国 流程 测试 混合 游戏 溯源 "
    "潜在 热门 物流 物理 现代 现有 理解 生成 生物 电信 电商 电子 电池 目前 目标 研究 硅谷 "
    "硬件 硬核 确保 社交 神秘 离开 科学 科技 科研 稀疏 稠密 空间 端侧 策略 算法 系列 系统 "
    "编码 编程 网络 美国 美股 翻译 聊天 股价 能力 能源 自研 航天 航空 芯片 英国 蒸馏 融资 "
    "行业 衍生 表格 表示 规划 规模 视觉 视频 解决 计算 训练 记忆 许多 评估 识别 语言 语音 "
    "账户 质疑 赛道 路由 软件 轻量 运动 这类 递归 通信 通用 部分 量化 金融 银行 闭源 降低 "
    "陪伴 隐式 集团 零售 韩国 音乐 音频 顶尖 顶级 预测 领先 领域 风投 首选 黑盒 互联网 "
    "动力学 动手学 半导体 向量化 多模态 大语言 嵌入式 开发者 文生图 智能体 机器人 核聚变 "
    "注意力 生成式 端到端 索引即 自回归 轻量级 重排序 长周期 预训练 人工智能 图像编辑 地球观测 "
    "基础设施 广告推荐 机器学习 气象监测 深度学习 私募股权 脑机接口 自动驾驶 药物发现 阿拉伯语";

/* First characters of verbs, adverbs and adjectives (提升, 目前, 许多, 免费):
 * a run opening with one is a phrase, not a name. */
static const char han_phrase_starts[] =
    "上下不与专临为主举也买人亿什仅仍从令以任众优会传估伴但低作使便促保修倒做允充先免全内再军减凭出分利别到加"
    "助包协单卖即却压参又及反发取受变只叫可合同名向员呼和售因在地基堪增声复大头奥如定实宣对寻导封将少尖就尽已"
    "市带帮应廉建开引强当彰影很得思成才打承把投拓拥拿指据探推提揭搭携收改攻教数新旨明显暴更曾最有未构标核概榨"
    "正比没洞测消涵深激特独用由癌监目相短研破硅确示种称突符等筹签精系经维编老而联聚能至致若获虽融衡表被要规解"
    "警认让训许该语诱说调豆负账资赋赢跟跨身达运近还迫追选透通造遭避部都采释重针长防降限随难集需静非靠面须预首"
    "驱驾高黑默";

/* Characters that follow a transliterated name rather than belong to it
 * (verbs of saying, particles, 研究所, 团队): the right part of
 * 山姆·奥特曼表示 ends before them. */
static const char han_name_ends[] =
    "的在表称说认指透宣也还将曾和与等是为被对向从则就都已于并及或发推领带担出任"
    "此这该其以所会要能可提接加离回获成作之他她正近日今昨上中下时后前一首再又即"
    "给让把同研院实室学奖法案定律号式型系族派团队挑选执";

/* Every Han character of a name is tested against the sets above, and
 * every name against the generic words: as strings they would be decoded
 * again for each test, so they are put once into two hash tables, built
 * once (build_tables()) and only read afterwards (threads share them
 * safely). */
enum { H_NUMERAL = 1u << 0, H_STOP = 1u << 1, H_PHRASE_START = 1u << 2, H_NAME_END = 1u << 3 };

#define HAN_SLOTS 1024    /* a power of two, over twice the ~430 characters */
#define GENERIC_SLOTS 1024 /* the same for the ~330 generic words */

static struct {
  int32_t c; /* 0: empty */
  unsigned flags;
} han_table[HAN_SLOTS];
static struct {
  const char *word; /* in han_generic, not NUL-terminated; NULL: empty */
  size_t len;
} generic_table[GENERIC_SLOTS];
static size_t generic_longest; /* in bytes */

static void han_add(const char *set, unsigned flag) {
  size_t n = strlen(set), i = 0;
  while (i < n) {
    int32_t c;
    i += decode(set + i, n - i, &c);
    uint32_t h = ((uint32_t)c * 2654435761u) & (HAN_SLOTS - 1);
    while (han_table[h].c && han_table[h].c != c)
      h = (h + 1) & (HAN_SLOTS - 1);
    han_table[h].c = c;
    han_table[h].flags |= flag;
  }
}

static void build_han(void) {
  han_add(han_numerals, H_NUMERAL);
  han_add(han_stops, H_STOP);
  han_add(han_phrase_starts, H_PHRASE_START);
  han_add(han_name_ends, H_NAME_END);
  for (const char *w = han_generic + strspn(han_generic, " "); *w; w += strspn(w, " ")) {
    size_t k = strcspn(w, " ");
    uint32_t h = hash_bytes(w, k) & (GENERIC_SLOTS - 1);
    while (generic_table[h].word && !(generic_table[h].len == k && memcmp(generic_table[h].word, w, k) == 0))
      h = (h + 1) & (GENERIC_SLOTS - 1);
    generic_table[h].word = w;
    generic_table[h].len = k;
    if (k > generic_longest)
      generic_longest = k;
    w += k;
  }
}

/* Whether c is in the set(s) named by flags. */
static int han_in(unsigned flags, int32_t c) {
  uint32_t h = ((uint32_t)c * 2654435761u) & (HAN_SLOTS - 1);
  while (han_table[h].c) {
    if (han_table[h].c == c)
      return (han_table[h].flags & flags) != 0;
    h = (h + 1) & (HAN_SLOTS - 1);
  }
  return 0;
}

/* Whether s[0, len) ends with one of the words of han_generic. */
static int ends_generic(const char *s, size_t len) {
  for (size_t k = 1; k <= len && k <= generic_longest; k++) {
    const char *tail = s + len - k;
    uint32_t h = hash_bytes(tail, k) & (GENERIC_SLOTS - 1);
    while (generic_table[h].word) {
      if (generic_table[h].len == k && memcmp(generic_table[h].word, tail, k) == 0)
        return 1;
      h = (h + 1) & (GENERIC_SLOTS - 1);
    }
  }
  return 0;
}

/* The Han run that ends at `end`, read leftwards: [*start, end) when it
 * stops at a clear boundary (non-Han text, markup, a mention, a particle)
 * within max characters once everything up to the last of the given
 * space-separated titles in it is cut off (新任总裁帕万 -> 帕万; NULL: no
 * titles). Returns
 * its length in characters, 0 when there is none or it is longer (then
 * nothing says where the name begins). */
static size_t han_run_left(const scan *sc, size_t end, size_t max, const char *titles, size_t *start) {
  size_t i = end, chars = 0;
  *start = end;
  while (i > 0) {
    size_t k = prev_start(sc->t, i);
    int32_t c;
    decode(sc->t + k, i - k, &c);
    if (!tl_is_han(c) || (sc->mark[k] & (M_SKIP | M_KNOWN)) || han_in(H_STOP, c))
      break;
    if (++chars > max + 8)
      return 0;
    i = k;
  }
  size_t cut = i;
  for (size_t j = i; j < end;) {
    for (const char *w = titles ? titles : ""; *w; w += strspn(w, " ")) {
      size_t k = strcspn(w, " ");
      if (j + k < end && memcmp(sc->t + j, w, k) == 0 && j + k > cut)
        cut = j + k;
      w += k;
    }
    int32_t c;
    j += decode(sc->t + j, end - j, &c);
    if (j <= cut)
      chars--;
  }
  *start = cut;
  return chars <= max ? chars : 0;
}

/* Nouns that 科技/集团 can modify ("tech giants", "tech reporter"): after
 * them, the word is not the end of a company's name. */
static int han_noun_follows(const scan *sc, size_t i) {
  static const char *const nouns[] = {"巨头", "行业", "领域", "企业", "记者", "促销", "新闻", "媒体", "产品",
                                      "评论", "板块", "巨擘", "界",   "圈",   "公园", "园区", "感",   "含量"};
  for (size_t k = 0; k < sizeof nouns / sizeof *nouns; k++) {
    size_t len = strlen(nouns[k]);
    if (i + len <= sc->n && memcmp(sc->t + i, nouns[k], len) == 0)
      return 1;
  }
  return 0;
}

/* Whether s (3 bytes readable) starts with 大, 模, 公, 集 or 科, the first
 * characters of the words suffixed_at() looks for. Compared as bytes
 * because it runs at most characters of Chinese text. */
static inline int starts_suffix_char(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  uint32_t v = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
  /* 大 E5 A4 A7, 模 E6 A8 A1, 公 E5 85 AC, 集 E9 9B 86, 科 E7 A7 91 */
  return v == 0xE5A4A7 || v == 0xE6A8A1 || v == 0xE585AC || v == 0xE99B86 || v == 0xE7A791;
}

/* 宇树科技, 蚂蚁集团, 甲骨文公司, 文心大模型: the name in front of a company or
 * model word. With 科技 and 集团 the word is part of the name; with the
 * others it is not. Called at a byte that may start one of the words
 * (B_SUFFIX); returns the length of the word found there, which the walk
 * then steps over (大模型 holds 模型, which is not looked at again), or 0. */
static size_t suffixed_at(scan *sc, size_t i) {
  static const struct {
    const char *word;
    size_t len;
    int keep;
  } suffixes[] = {{"大模型", 9, 0}, {"模型", 6, 0}, {"公司", 6, 0}, {"集团", 6, 1}, {"科技", 6, 1}};
  if (i + 6 > sc->n || !starts_suffix_char(sc->t + i))
    return 0;
  for (size_t f = 0; f < sizeof suffixes / sizeof *suffixes; f++) {
    size_t k = suffixes[f].len;
    if (i + k > sc->n || memcmp(sc->t + i, suffixes[f].word, k) != 0)
      continue;
    if ((sc->mark[i] & (M_SKIP | M_KNOWN)) || (sc->mark[i + k - 1] & (M_SKIP | M_KNOWN)))
      return 0;
    size_t end = i; /* **星火**大模型, 豆包 大模型: the name ends before the markup */
    if (!suffixes[f].keep)
      while (end > 0 && ((sc->mark[end - 1] & M_SKIP) || sc->t[end - 1] == ' '))
        end--;
    size_t start;
    size_t chars = han_run_left(sc, end, 4, NULL, &start);
    int32_t first = 0, before = 0;
    if (chars >= 2) {
      decode(sc->t + start, end - start, &first);
      if (start > 0) {
        size_t p = prev_start(sc->t, start);
        decode(sc->t + p, start - p, &before);
      }
    }
    /* 22.5万股公司股票: a unit after a number; 旗下的脑机接口公司: what
     * follows 的 describes a company rather than naming it; 搜索科技巨头:
     * 科技 describes the noun after it. */
    int described = is_digit(before) || han_in(H_NUMERAL, before) || (!suffixes[f].keep && before == 0x7684) ||
                    (suffixes[f].keep && han_noun_follows(sc, i + k));
    if (chars >= 2 && !described && !ends_generic(sc->t + start, end - start) && !han_in(H_PHRASE_START, first))
      emit(sc, &sc->han, start, suffixes[f].keep ? i + k : end);
    return k;
  }
  return 0;
}

static int is_name_dot(int32_t c) {
  return c == 0xB7 || c == 0x30FB || c == 0x2027 || c == 0xFF65 || c == 0x2022;
}

/* Whether s (avail bytes readable) starts with a character that
 * is_name_dot() accepts, compared as bytes. */
static inline int starts_name_dot(const char *s, size_t avail) {
  const unsigned char *u = (const unsigned char *)s;
  if (avail >= 2 && u[0] == 0xC2 && u[1] == 0xB7) /* U+00B7 */
    return 1;
  if (avail < 3)
    return 0;
  uint32_t v = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
  /* U+30FB, U+2027, U+2022, U+FF65 */
  return v == 0xE383BB || v == 0xE280A7 || v == 0xE280A2 || v == 0xEFBDA5;
}

/* 帕万·达武鲁里: Han names around a middle dot are transliterated foreign
 * names, nearly always people. Called where starts_name_dot(); returns the first byte at which to look for a dot again: after
 * the name found, so that the later dots of 约翰·罗纳德·托尔金 start no
 * name of their own. */
static size_t dotted_at(scan *sc, size_t i) {
  int32_t c;
  size_t k = decode(sc->t + i, sc->n - i, &c);
  size_t start;
  if (!is_name_dot(c) || (sc->mark[i] & (M_SKIP | M_KNOWN)) || han_run_left(sc, i, 4, han_titles, &start) == 0)
    return i + k;
  /* Right parts: Han runs joined by more dots (约翰·罗纳德·托尔金). A part
   * of more than six characters has no clear end; the name ends before it. */
  size_t end = i, dot = k;
  for (;;) {
    size_t j = end + dot, chars = 0;
    int32_t d;
    while (j < sc->n && !(sc->mark[j] & (M_SKIP | M_KNOWN))) {
      size_t kk = decode(sc->t + j, sc->n - j, &d);
      if (!tl_is_han(d) || han_in(H_STOP | H_NAME_END, d))
        break;
      chars++;
      j += kk;
    }
    if (chars == 0 || chars > 6)
      break;
    end = j;
    if (end >= sc->n || (sc->mark[end] & M_SKIP))
      break;
    dot = decode(sc->t + end, sc->n - end, &d);
    if (!is_name_dot(d))
      break;
  }
  if (end == i)
    return i + k;
  emit(sc, &sc->han, start, end);
  return end;
}

/* ---- reading the body ------------------------------------------------ */

/* The first byte from i on that is in a class (or le): the walk's inner
 * loop, over most of the text. le is a line end or the start of a syntax
 * range, which is ASCII ('\n', the NUL after the text, or the syntax
 * character or URL that mark_line() found there), so a run of three-byte
 * characters ends before le without a test of its own. */
static size_t skip_plain(const char *t, size_t i, size_t le) {
  const unsigned char *p = (const unsigned char *)t + i, *end = (const unsigned char *)t + le;
  assert(*end < 0x80);
  while (p < end) {
    unsigned b = *p;
    if (b < 0x80) { /* blanks and punctuation between words */
      if (byte_class[b])
        break;
      p++;
    } else if ((b & 0xF0) == 0xE0) {
      /* CJK text, most of the body: a run of three-byte characters */
      do {
        if (block_members[b & 0x0F][p[1] & 0x3F] >> (p[2] & 0x3F) & 1)
          return (size_t)(p - (const unsigned char *)t);
        p += 3;
      } while (((b = *p) & 0xF0) == 0xE0);
    } else {
      if (byte_class[b])
        break;
      p += char_len[b];
    }
  }
  return (size_t)(p - (const unsigned char *)t);
}

/* One walk over a marked line serves the three finders, each called at
 * the characters that can start what it looks for (char_class()). They
 * may share the walk because what one steps over holds nothing for the
 * others: a Latin word, a company/model word or a dotted name starts
 * neither a dot nor another word. Only a dotted name may end in 科技 or
 * 公司, so the dot finder keeps its own place (dotted_from). Both CJK
 * finders come out in text order into one list.
 *
 * The syntax ranges (sc->skips: URLs, link destinations, code, tags) are
 * jumped over whole: no finder starts anything inside one, and none reads
 * into one (every finder stops at M_SKIP). So the walk reads only the
 * stretches between them, a character at a time with skip_plain(). */
static void find_in_line(scan *sc) {
  const char *t = sc->t;
  size_t i = sc->ls, le = sc->le, n = sc->n, dotted_from = sc->ls;
  const cand_list *skips = &sc->skips;
  size_t r = 0; /* the next syntax range */
  size_t stop = skips->count ? skips->v[0].start : le; /* where it starts */
  sc->nw = 0;
  sc->broken = 0;
  sc->title = -1;
  for (;;) {
    i = skip_plain(t, i, stop); /* most characters */
    if (i >= stop) {
      if (stop == le)
        break;
      /* go on after the range, and after any that the finders stepped into */
      do {
        if (skips->v[r].end > i)
          i = skips->v[r].end;
        r++;
      } while (r < skips->count && skips->v[r].start < i);
      stop = r < skips->count ? skips->v[r].start : le;
      continue;
    }
    unsigned char b = (unsigned char)t[i];
    if (b < 0x80) { /* an ASCII letter or digit, the only ASCII in a class */
      i = ascii_latin_at(sc, i, stop);
      continue;
    }
    unsigned cls = char_class((const unsigned char *)t + i);
    if (cls == B_SUFFIX) { /* the blocks of 大, 模, 公, 集, 科 hold nothing else */
      size_t k = i + 6 <= n && starts_suffix_char(t + i) ? suffixed_at(sc, i) : 0;
      i += k ? k : char_len[b];
      continue;
    }
    if ((cls & B_DOT) && i >= dotted_from && starts_name_dot(t + i, n - i))
      dotted_from = dotted_at(sc, i);
    if (!(cls & B_LETTER)) {
      i += char_len[b];
      continue;
    }
    /* a letter beyond ASCII, or what shares its first byte (，) */
    int32_t c;
    size_t k = decode(t + i, n - i, &c);
    i = is_letter(c) || is_digit(c) ? latin_word_at(sc, i, i, 0) : i + k;
  }
  latin_phrases(sc);
}

/* Whether line [ls, le) credits a source: source_mark_at() anywhere. */
static int line_credits_source(const char *t, size_t ls, size_t le) {
  /* ':', the first byte of '：' and of 📰; the text ends in a NUL */
  for (size_t i = ls + strcspn(t + ls, ":\xEF\xF0\n"); i < le; i += 1 + strcspn(t + i + 1, ":\xEF\xF0\n"))
    if (source_mark_at(t, ls, le, i))
      return 1;
  return 0;
}

/* Marks line [ls, le) and finds its candidates. A source line that is no
 * heading ("> 📰 **The Verge**", "来源：Kestrel Wire") is read like any
 * other, and what it gave is dropped: it is asked whether it is one only
 * when it gave something. */
static void read_line(scan *sc, size_t ls, size_t le, int level) {
  size_t latin = sc->latin.count, han = sc->han.count;
  sc->skips.count = 0;
  mark_line(sc, ls, le, level);
  sc->ls = ls;
  sc->le = le;
  find_in_line(sc);
  if (!level && (sc->latin.count > latin || sc->han.count > han) && line_credits_source(sc->t, ls, le)) {
    sc->latin.count = latin;
    sc->han.count = han;
  }
}

/* Reads the body a line at a time. Fenced code blocks and the sections
 * under a source heading are skipped whole. */
static void read_body(scan *sc) {
  const char *t = sc->t;
  char fence = 0;
  size_t fence_len = 0;
  int source_level = 0; /* inside a source section of this heading level */
  size_t ls = 0;
  while (ls < sc->n) {
    const char *nl = memchr(t + ls, '\n', sc->n - ls);
    size_t le = nl ? (size_t)(nl - t) : sc->n;
    size_t i = ls;
    while (i < le && (is_blank((unsigned char)t[i]) || t[i] == '>'))
      i++;
    size_t k = i;
    while (k < le && (t[k] == '`' || t[k] == '~') && t[k] == t[i])
      k++;
    int level = fence ? 0 : heading_level(t, i, le);
    if (level && source_level && level <= source_level)
      source_level = 0;
    if (k - i >= 3 && (!fence || (t[i] == fence && k - i >= fence_len))) {
      if (fence) {
        fence = 0;
      } else {
        fence = t[i];
        fence_len = k - i;
      }
    } else if (fence || source_level || i == le) {
      /* code, a section that lists sources, or a blank line */
    } else if (level && is_source_heading(t, ls, le)) {
      source_level = level;
    } else {
      ready_marks(sc, le < sc->n ? le + 1 : sc->n); /* the line and its '\n' */
      read_line(sc, ls, le, level);
    }
    ls = le + 1;
  }
}

static void block_add(int32_t first, int32_t last, unsigned cls) {
  for (int32_t c = first; c <= last; c++) {
    block_class[c >> 12][(c >> 6) & 0x3F] |= (unsigned char)cls;
    block_members[c >> 12][(c >> 6) & 0x3F] |= (uint64_t)1 << (c & 0x3F);
  }
}

/* Fills the tables that the scans read: once per process, after which
 * they are only read, so threads share them. */
static void build_tables(void) {
  for (int b = 0; b < 256; b++)
    ascii_kind[b] = b >= 'a' && b <= 'z' ? K_LOWER : b >= 'A' && b <= 'Z' ? K_UPPER : b >= '0' && b <= '9' ? K_DIGIT : 0;
  for (int b = 0; b < 256; b++)
    may_join[b] = b >= 0x80 || (b != 0 && strchr("-.+'&_", b) != NULL);
  for (int b = 0; b < 256; b++) {
    unsigned cls = 0;
    if (b < 0xE0 || b > 0xEF) { /* three-byte characters go by block_class */
      /* ASCII letters and digits, the first bytes of U+00C0 to U+027F */
      cls = is_alnum_ascii((unsigned char)b) || (b >= 0xC3 && b <= 0xC9) ? B_LETTER : 0;
      if (b == 0xC2)
        cls |= B_DOT; /* U+00B7 */
    }
    byte_class[b] = (unsigned char)cls;
    char_len[b] = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 1;
  }
  block_add(0x1E00, 0x1EFF, B_LETTER); /* the three-byte letters and digits of is_letter(), is_digit() */
  block_add(0xFF10, 0xFF19, B_LETTER);
  block_add(0xFF21, 0xFF3A, B_LETTER);
  block_add(0xFF41, 0xFF5A, B_LETTER);
  static const int32_t suffix_firsts[] = {0x5927 /* 大 */, 0x6A21 /* 模 */, 0x516C /* 公 */, 0x96C6 /* 集 */, 0x79D1 /* 科 */};
  for (size_t k = 0; k < sizeof suffix_firsts / sizeof *suffix_firsts; k++)
    block_add(suffix_firsts[k], suffix_firsts[k], B_SUFFIX);
  static const int32_t dots[] = {0x30FB, 0x2027, 0xFF65, 0x2022}; /* is_name_dot() beyond U+00B7 */
  for (size_t k = 0; k < sizeof dots / sizeof *dots; k++)
    block_add(dots[k], dots[k], B_DOT);
  build_lists();
  build_han();
}
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* ---- the public functions -------------------------------------------- */

size_t tl_candidates_find(const tl_dict *dict, const tl_digest *d, const tl_extraction *x,
                          tl_candidate **out) {
  *out = NULL;
  if (!d->src.text || d->src.len == 0 || d->src.binary)
    return 0;
  size_t body = d->fm.body_offset <= d->src.len ? d->fm.body_offset : d->src.len;
  scan sc = {.t = d->src.text + body, .n = d->src.len - body};
  if (sc.n == 0)
    return 0;
  pthread_once(&tables_once, build_tables);
  sc.mark = tl_xmalloc(sc.n);
  if (x)
    list_known(&sc, x, body);
  read_body(&sc);
  free(sc.mark);
  free(sc.w);
  free(sc.skips.v);
  free(sc.known.v);
  free(sc.types.v);

  /* Merge the two lists into text order (a Latin and a CJK name never
   * start at one byte; two CJK names may, and then the first found stays
   * first), keeping a candidate when it overlaps none kept before it and
   * the dictionary does not know it. */
  const cand_list *latin = &sc.latin, *han = &sc.han;
  size_t total = latin->count + han->count;
  tl_candidate *v = total ? tl_xmalloc(total * sizeof *v) : NULL;
  slice_memo answers = {0};
  size_t n = 0, a = 0, b = 0, last_end = 0;
  while (a < latin->count || b < han->count) {
    tl_candidate c;
    if (b == han->count || (a < latin->count && latin->v[a].start <= han->v[b].start))
      c = latin->v[a++];
    else
      c = han->v[b++];
    if ((n > 0 && c.start < last_end) || (dict && known_once(dict, sc.t, c.start, c.end, &answers)))
      continue;
    last_end = c.end;
    v[n].start = c.start + body;
    v[n].end = c.end + body;
    n++;
  }
  free(answers.v);
  free(latin->v);
  free(han->v);
  free(sc.reading.v);
  if (n == 0) {
    free(v);
    return 0;
  }
  *out = v;
  return n;
}

char *tl_candidate_key(const char *surface, size_t len) { return tl_normalize_string_opts(surface, len, 0); }
