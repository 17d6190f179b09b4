#include "automaton.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PATTERN 65535
/* States this close to the root get a complete row of moves: a scan
 * spends most of its time there (a CJK character is three bytes deep, and
 * a name's first character is where most candidates die). Deeper states
 * get a row only when they have DENSE_MIN transitions or more; the rest
 * keep sparse transitions and follow failure links. */
#define DENSE_DEPTH 4
#define DENSE_MIN 16
/* A move's target has this bit set when some pattern ends there (at the
 * state or along its failure chain): the scan looks at states only then. */
#define OUT_BIT 0x80000000u
#define ID(x) ((x) & ~OUT_BIT)

/* The trie while patterns are added: child/sibling lists. */
typedef struct {
  uint32_t child, sibling;
  uint32_t depth;
  int32_t pattern; /* first pattern ending here (index into pat_*), -1 none */
  uint8_t label;   /* byte on the transition into this node */
} node;

/* The built automaton. States are numbered breadth-first with the dense
 * ones first: ids below `ndense` (the root is 0) have a complete row in
 * `dense`, one move per byte class; the others keep sparse sorted
 * transitions and a failure link.
 *
 * Rows are over byte classes, not bytes: each byte that occurs in some
 * pattern is a class of its own, and all the others share class 0 (they
 * can only lead back towards the root). A row has `nclass` moves instead
 * of 256: 118 with the shipped dictionary when this was written.
 *
 * A move names its target by where the scan finds it, its "ref": a dense
 * state by the offset of its row in `dense` (id * nclass), a sparse one by
 * dense_end + (id - ndense), where dense_end = ndense * nclass. The common
 * step is then one addition and one load, and one comparison with
 * dense_end tells the two kinds apart. Moves are tagged with OUT_BIT. */
typedef struct {
  uint32_t fail;   /* ref of the longest proper suffix that is also a state */
  uint32_t out;    /* id of the nearest state on the failure chain that ends a pattern, 0 none */
  uint32_t edges;  /* first transition in edge_label/edge_target */
  uint32_t depth;  /* bytes from the root */
  int32_t pattern; /* first pattern ending here, -1 none */
  uint16_t nedges;
} state;

struct tl_automaton {
  node *nodes; /* until built */
  size_t nnodes, cap;
  state *st; /* once built, by id */
  size_t nstates, ndense;
  int *pat_id;       /* caller's id of each pattern */
  int32_t *pat_next; /* next pattern with the same bytes, -1 none */
  size_t npat, patcap;
  uint8_t *edge_label;
  uint32_t *edge_target; /* refs, tagged with OUT_BIT */
  uint32_t *dense;       /* ndense rows of nclass tagged moves */
  uint32_t nclass, dense_end;
  uint8_t byte_class[256];
  int has_unused; /* class 0 is the bytes that occur in no pattern */
};

tl_automaton *tl_automaton_new(void) {
  tl_automaton *a = calloc(1, sizeof *a);
  if (!a)
    return NULL;
  a->nodes = calloc(16, sizeof *a->nodes);
  if (!a->nodes) {
    free(a);
    return NULL;
  }
  a->cap = 16;
  a->nnodes = 1;
  a->nodes[0].pattern = -1;
  return a;
}

void tl_automaton_free(tl_automaton *a) {
  if (!a)
    return;
  free(a->nodes);
  free(a->st);
  free(a->edge_label);
  free(a->edge_target);
  free(a->dense);
  free(a->pat_id);
  free(a->pat_next);
  free(a);
}

static int grow_nodes(tl_automaton *a, size_t need) {
  if (a->cap - a->nnodes >= need)
    return 0;
  size_t cap = a->cap;
  while (cap - a->nnodes < need)
    cap *= 2;
  if (cap >= OUT_BIT)
    return -1;
  node *n = realloc(a->nodes, cap * sizeof *n);
  if (!n)
    return -1;
  a->nodes = n;
  a->cap = cap;
  return 0;
}

static int grow_patterns(tl_automaton *a) {
  if (a->npat < a->patcap)
    return 0;
  size_t cap = a->patcap ? a->patcap * 2 : 64;
  if (cap > INT32_MAX)
    return -1;
  int *id = realloc(a->pat_id, cap * sizeof *id);
  if (!id)
    return -1;
  a->pat_id = id;
  int32_t *next = realloc(a->pat_next, cap * sizeof *next);
  if (!next)
    return -1;
  a->pat_next = next;
  a->patcap = cap;
  return 0;
}

int tl_automaton_add(tl_automaton *a, const char *pattern, size_t len, int id) {
  if (!a || !a->nodes || len == 0 || len > MAX_PATTERN)
    return -1;
  /* Reserve everything first so that a failure changes nothing. */
  if (grow_nodes(a, len) || grow_patterns(a))
    return -1;
  const unsigned char *p = (const unsigned char *)pattern;
  uint32_t s = 0;
  for (size_t i = 0; i < len; i++) {
    uint32_t c = a->nodes[s].child;
    while (c && a->nodes[c].label != p[i])
      c = a->nodes[c].sibling;
    if (!c) {
      c = (uint32_t)a->nnodes++;
      a->nodes[c] = (node){0, a->nodes[s].child, (uint32_t)(i + 1), -1, p[i]};
      a->nodes[s].child = c;
    }
    s = c;
  }
  int32_t k = (int32_t)a->npat++;
  a->pat_id[k] = id;
  a->pat_next[k] = -1;
  if (a->nodes[s].pattern < 0) {
    a->nodes[s].pattern = k;
  } else {
    int32_t t = a->nodes[s].pattern;
    while (a->pat_next[t] >= 0)
      t = a->pat_next[t];
    a->pat_next[t] = k;
  }
  return 0;
}

/* A state's ref from its id and back (see `state` above). */
static uint32_t ref_of(const tl_automaton *a, uint32_t id) {
  return id < a->ndense ? id * a->nclass : a->dense_end + (id - (uint32_t)a->ndense);
}

static uint32_t id_of(const tl_automaton *a, uint32_t ref) {
  return ref < a->dense_end ? ref / a->nclass : ref - a->dense_end + (uint32_t)a->ndense;
}

/* The trie transition from a sparse state on byte b (a tagged ref), 0 when
 * there is none (the root is never a target). */
static inline uint32_t sparse_step(const tl_automaton *a, const state *st, unsigned char b) {
  const uint8_t *lab = a->edge_label + st->edges;
  uint32_t n = st->nedges;
  if (n <= 8) {
    for (uint32_t i = 0; i < n; i++)
      if (lab[i] == b)
        return a->edge_target[st->edges + i];
    return 0;
  }
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (lab[mid] < b)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && lab[lo] == b ? a->edge_target[st->edges + lo] : 0;
}

/* The automaton's move from the state at `ref` on byte b, failure links
 * followed; tagged with OUT_BIT. A dense row holds the move directly. */
static inline uint32_t delta(const tl_automaton *a, uint32_t ref, unsigned char b) {
  for (;;) {
    if (ref < a->dense_end)
      return a->dense[ref + a->byte_class[b]];
    const state *st = &a->st[ref - a->dense_end + a->ndense];
    uint32_t nx = sparse_step(a, st, b);
    if (nx)
      return nx;
    ref = st->fail;
  }
}

/* Does the state at (untagged) `ref` end a pattern, itself or along its
 * failure chain? The root ends none. */
static int ends_something(const tl_automaton *a, uint32_t ref) {
  const state *st = &a->st[id_of(a, ref)];
  return ref && (st->pattern >= 0 || st->out);
}

int tl_automaton_build(tl_automaton *a) {
  if (!a)
    return -1;
  if (!a->nodes)
    return 0; /* built already */
  size_t ns = a->nnodes, ndense = 0;
  uint32_t *queue = malloc(ns * sizeof *queue); /* node ids, breadth-first */
  uint32_t *newid = malloc(ns * sizeof *newid);
  state *st = calloc(ns, sizeof *st);
  uint8_t *label = malloc(ns);
  uint32_t *target = malloc(ns * sizeof *target);
  uint32_t *dense = NULL;
  if (!queue || !newid || !st || !label || !target)
    goto fail;

  /* Breadth-first order; the dense nodes (near the root, hubs) are
   * numbered first, the others after them in the same order. */
  size_t qh = 0, qt = 0;
  queue[qt++] = 0;
  while (qh < qt) {
    uint32_t s = queue[qh++];
    size_t n = 0;
    for (uint32_t c = a->nodes[s].child; c; c = a->nodes[c].sibling) {
      queue[qt++] = c;
      n++;
    }
    newid[s] = s == 0 || a->nodes[s].depth <= DENSE_DEPTH || n >= DENSE_MIN ? (uint32_t)ndense++ : UINT32_MAX;
  }
  size_t next = ndense;
  for (size_t q = 0; q < ns; q++)
    if (newid[queue[q]] == UINT32_MAX)
      newid[queue[q]] = (uint32_t)next++;

  /* Byte classes: class 0 for the bytes that label no transition (if
   * there are any), then one for each byte that does. */
  int used[256] = {0}, any_unused = 0;
  for (size_t q = 1; q < ns; q++)
    used[a->nodes[q].label] = 1;
  for (int b = 0; b < 256; b++)
    any_unused |= !used[b];
  size_t nclass = (size_t)any_unused;
  a->has_unused = any_unused;
  for (int b = 0; b < 256; b++)
    a->byte_class[b] = used[b] ? (uint8_t)nclass++ : 0;
  if (ndense * nclass + (ns - ndense) >= OUT_BIT)
    goto fail;
  a->nclass = (uint32_t)nclass;
  a->ndense = ndense;
  a->dense_end = (uint32_t)(ndense * nclass);
  dense = calloc(ndense * nclass, sizeof *dense);
  if (!dense)
    goto fail;

  /* States and their sorted transitions (refs, untagged for now), in id
   * order. */
  uint32_t *byid = malloc(ns * sizeof *byid);
  if (!byid)
    goto fail;
  for (size_t s = 0; s < ns; s++)
    byid[newid[s]] = (uint32_t)s;
  size_t ne = 0;
  for (size_t id = 0; id < ns; id++) {
    const node *nd = &a->nodes[byid[id]];
    st[id].depth = nd->depth;
    st[id].pattern = nd->pattern;
    st[id].edges = (uint32_t)ne;
    size_t n = 0;
    for (uint32_t c = nd->child; c; c = a->nodes[c].sibling) {
      size_t k = ne + n++;
      while (k > ne && label[k - 1] > a->nodes[c].label) {
        label[k] = label[k - 1];
        target[k] = target[k - 1];
        k--;
      }
      label[k] = a->nodes[c].label;
      target[k] = ref_of(a, newid[c]);
    }
    st[id].nedges = (uint16_t)n;
    ne += n;
  }
  free(byid);

  /* Failure and output links breadth-first, so that everything shallower
   * is complete; a dense row is filled once its children are linked. The
   * build's own moves go through `a` with untagged sparse targets. */
  a->st = st;
  a->edge_label = label;
  a->edge_target = target;
  a->dense = dense;
  for (size_t q = 0; q < ns; q++) {
    uint32_t s = newid[queue[q]];
    for (uint32_t e = st[s].edges; e < st[s].edges + st[s].nedges; e++) {
      uint32_t c = id_of(a, target[e]);
      uint32_t f = s == 0 ? 0 : ID(delta(a, st[s].fail, label[e]));
      uint32_t fid = id_of(a, f);
      st[c].fail = f;
      st[c].out = st[fid].pattern >= 0 ? fid : st[fid].out;
    }
    if (s < ndense) {
      uint32_t *row = dense + (size_t)s * nclass;
      uint32_t fail = st[s].fail;
      if (s > 0 && fail < a->dense_end) {
        /* The failure state's row is complete already: it is shallower. */
        for (size_t k = 0; k < nclass; k++)
          row[k] = ID(dense[fail + k]);
      } else {
        for (int b = 0; b < 256; b++)
          row[a->byte_class[b]] = s == 0 ? 0 : ID(delta(a, fail, (unsigned char)b));
      }
      for (uint32_t e = st[s].edges; e < st[s].edges + st[s].nedges; e++)
        row[a->byte_class[label[e]]] = target[e];
      for (size_t k = 0; k < nclass; k++)
        row[k] |= ends_something(a, row[k]) ? OUT_BIT : 0;
    }
  }
  for (size_t e = 0; e < ne; e++)
    target[e] |= ends_something(a, target[e]) ? OUT_BIT : 0;
  a->nstates = ns;
  free(a->nodes);
  a->nodes = NULL;
  free(queue);
  free(newid);
  return 0;

fail:
  a->st = NULL;
  a->edge_label = NULL;
  a->edge_target = NULL;
  a->dense = NULL;
  a->ndense = 0;
  free(queue);
  free(newid);
  free(st);
  free(label);
  free(target);
  free(dense);
  return -1;
}

typedef struct {
  size_t start, end;
  int id;
} cand;

/* A growable array of candidates or matches; `fixed` is a caller's stack
 * buffer used until it overflows. */
typedef struct {
  cand *v;
  size_t n, cap;
  cand *fixed;
} cands;

static int cands_reserve(cands *c, size_t extra) {
  if (c->cap - c->n >= extra)
    return 0;
  size_t cap = c->cap ? c->cap * 2 : 64;
  while (cap - c->n < extra)
    cap *= 2;
  cand *v = c->v == c->fixed ? malloc(cap * sizeof *v) : realloc(c->v, cap * sizeof *v);
  if (!v)
    return -1;
  if (c->v == c->fixed && c->n)
    memcpy(v, c->fixed, c->n * sizeof *v);
  c->v = v;
  c->cap = cap;
  return 0;
}

static void cands_free(cands *c) {
  if (c->v != c->fixed)
    free(c->v);
}

/* Makes the leftmost pending candidate a match and drops the pending ones
 * it overlaps. Returns nonzero when out of memory. */
static int commit(cands *pend, cands *found, size_t *last_end) {
  if (cands_reserve(found, 1))
    return 1;
  found->v[found->n++] = pend->v[0];
  *last_end = pend->v[0].end;
  size_t drop = 0;
  while (drop < pend->n && pend->v[drop].start < *last_end)
    drop++;
  memmove(pend->v, pend->v + drop, (pend->n - drop) * sizeof *pend->v);
  pend->n -= drop;
  return 0;
}

/* Adds the accepted candidates that end at `end` in the state `id` (which
 * ends some pattern) to `pend`. Returns nonzero when out of memory. */
static int gather(const tl_automaton *a, uint32_t id, size_t end, size_t last_end, tl_ac_accept_fn accept,
                  void *ctx, cands *pend) {
  const state *st = a->st;
  /* Longest (leftmost) first along the output chain. */
  for (uint32_t m = st[id].pattern >= 0 ? id : st[id].out; m; m = st[m].out) {
    size_t start = end - st[m].depth;
    if (start < last_end)
      continue;
    int32_t p = st[m].pattern;
    while (p >= 0 && accept && !accept(start, end, a->pat_id[p], ctx))
      p = a->pat_next[p];
    if (p < 0)
      continue;
    /* Insert by start; an entry with the same start is shorter. */
    size_t k = pend->n;
    while (k > 0 && pend->v[k - 1].start > start)
      k--;
    if (k > 0 && pend->v[k - 1].start == start) {
      pend->v[k - 1].end = end;
      pend->v[k - 1].id = a->pat_id[p];
      continue;
    }
    if (cands_reserve(pend, 1))
      return 1;
    memmove(pend->v + k + 1, pend->v + k, (pend->n - k) * sizeof *pend->v);
    pend->v[k] = (cand){start, end, a->pat_id[p]};
    pend->n++;
  }
  return 0;
}

/* A stretch of the text scanned on its own (see tl_automaton_scan()): its
 * candidates not yet decided, sorted by start with at most one (the
 * longest) per start, and the matches decided so far. */
typedef struct {
  size_t last_end; /* end of the last match made */
  cands pend, found;
  cand pend_fixed[64], found_fixed[64];
  int failed;
} piece;

static void piece_init(piece *p) {
  p->last_end = 0;
  p->pend = (cands){p->pend_fixed, 0, 64, p->pend_fixed};
  p->found = (cands){p->found_fixed, 0, 64, p->found_fixed};
  p->failed = 0;
}

/* After the move into the state at tagged ref `m` on text[i], when that
 * state ends a pattern or candidates are pending: gathers the candidates
 * and makes the ones that nothing can beat any more matches. */
static void after_move(const tl_automaton *a, piece *p, uint32_t m, size_t i, tl_ac_accept_fn accept,
                       void *ctx) {
  uint32_t id = id_of(a, ID(m));
  if ((m & OUT_BIT) && gather(a, id, i + 1, p->last_end, accept, ctx, &p->pend))
    p->failed = 1;
  /* No later candidate can start before the current state's start: the
   * leftmost pending candidates before it are final. */
  size_t horizon = i + 1 - a->st[id].depth;
  while (p->pend.n && p->pend.v[0].start < horizon && !p->failed)
    p->failed = commit(&p->pend, &p->found, &p->last_end);
}

/* What every step reads, copied into a local so that it stays in
 * registers. */
typedef struct {
  const uint32_t *dense;
  const uint8_t *byte_class;
  uint32_t dense_end;
} rows;

/* The move from the state at tagged ref m on byte b. */
static inline uint32_t move(const tl_automaton *a, rows r, uint32_t m, unsigned char b) {
  uint32_t ref = ID(m);
  return ref < r.dense_end ? r.dense[ref + r.byte_class[b]] : delta(a, ref, b);
}

/* What follows every move, into the state at tagged ref m over text[i]:
 * after_move() when that state ends a pattern or candidates are pending.
 * step() ends with it, and so does every dense run (see dense_run()). */
static inline void settle(const tl_automaton *a, piece *p, uint32_t m, size_t i, tl_ac_accept_fn accept,
                          void *ctx) {
  if ((m & OUT_BIT) || p->pend.n)
    after_move(a, p, m, i, accept, ctx);
}

/* One step of piece `p`, from the state at tagged ref m over t[i]; returns
 * the new state's tagged ref. */
static inline uint32_t step(const tl_automaton *a, rows r, piece *p, uint32_t m, const unsigned char *t, size_t i,
                            tl_ac_accept_fn accept, void *ctx) {
  m = move(a, r, m, t[i]);
  settle(a, p, m, i, accept, ctx);
  return m;
}

/* The common case, made cheap: while a piece is in states with a
 * complete row that end no pattern, and no candidate is pending, a step is
 * one load and nothing else. An untagged dense ref is below dense_end and
 * a tagged one is not, so one comparison tells when a move leaves that
 * territory; the caller then finishes that move with settle(). Runs from
 * text[i] until such a move or `end`; returns the position after the last
 * move, with *m the state there. (size_t locals: no widening per step.) */
static inline size_t dense_run(rows r, uint32_t *m, const unsigned char *t, size_t i, size_t end) {
  size_t s = *m;
  while (i < end) {
    s = r.dense[s + r.byte_class[t[i++]]];
    if (s >= r.dense_end)
      break;
  }
  *m = (uint32_t)s;
  return i;
}

/* dense_run() for both pieces in step, so that their loads overlap; stops
 * after a move of either leaves, or after n moves. Returns the number of
 * moves each made. */
static inline size_t dense_run2(rows r, uint32_t *m0, uint32_t *m1, const unsigned char *t0,
                                const unsigned char *t1, size_t n) {
  size_t s0 = *m0, s1 = *m1, k = 0;
  while (k < n) {
    s0 = r.dense[s0 + r.byte_class[t0[k]]];
    s1 = r.dense[s1 + r.byte_class[t1[k]]];
    k++;
    if ((s0 >= r.dense_end) | (s1 >= r.dense_end))
      break;
  }
  *m0 = (uint32_t)s0;
  *m1 = (uint32_t)s1;
  return k;
}

/* Where to cut text[0..len) in two for tl_automaton_scan(): a byte that
 * occurs in no pattern, as near the middle as there is one; len when
 * there is none or the text is too short to bother. */
static size_t split_point(const tl_automaton *a, const unsigned char *t, size_t len) {
  if (!a->has_unused || len < 256)
    return len;
  for (size_t k = len / 2; k < len; k++)
    if (a->byte_class[t[k]] == 0)
      return k;
  for (size_t k = len / 2; k-- > 0;)
    if (a->byte_class[t[k]] == 0)
      return k;
  return len;
}

/* Appends the matches of `p` to *out; -1 when out of memory. */
static int append(const piece *p, tl_ac_match **out, size_t *n) {
  if (p->found.n == 0)
    return 0;
  tl_ac_match *v = realloc(*out, (*n + p->found.n) * sizeof *v);
  if (!v)
    return -1;
  for (size_t k = 0; k < p->found.n; k++)
    v[*n + k] = (tl_ac_match){p->found.v[k].start, p->found.v[k].end, p->found.v[k].id};
  *out = v;
  *n += p->found.n;
  return 0;
}

/* Scans text[i..end) for piece p alone, from the state at tagged ref m:
 * what is left of one half once the other is done. */
static void finish_piece(const tl_automaton *a, rows r, piece *p, uint32_t m, const unsigned char *t, size_t i,
                         size_t end, tl_ac_accept_fn accept, void *ctx) {
  while (i < end && !p->failed) {
    if (m < r.dense_end && !p->pend.n) {
      i = dense_run(r, &m, t, i, end);
      settle(a, p, m, i - 1, accept, ctx);
      continue;
    }
    m = step(a, r, p, m, t, i++, accept, ctx);
  }
}

/* The scan is a chain of dependent loads (each row is chosen by the move
 * before), so a processor mostly waits on it. A byte that occurs in no
 * pattern is in no match, and after it the automaton is at the root
 * whatever came before: cut there, the two sides of the text are separate
 * scans with the same results. So a long text is cut near its middle and
 * both halves advance in one loop, a byte of each per turn, which keeps
 * the processor twice as busy. */
long tl_automaton_scan(const tl_automaton *a, const char *text, size_t len, tl_ac_accept_fn accept,
                       void *ctx, tl_ac_match **out, size_t *n) {
  if (!a || a->nodes || !out || !n)
    return -1;
  const unsigned char *t = (const unsigned char *)text;
  const rows r = {a->dense, a->byte_class, a->dense_end};
  size_t cut = split_point(a, t, len);
  piece p[2]; /* text[0..cut) and text[cut + 1..len) */
  piece_init(&p[0]);
  piece_init(&p[1]);
  uint32_t m0 = 0, m1 = 0; /* tagged refs of the current states */
  size_t i = 0, j = cut + 1;
  while (i < cut && j < len && !(p[0].failed | p[1].failed)) {
    if (m0 < r.dense_end && m1 < r.dense_end && !p[0].pend.n && !p[1].pend.n) {
      size_t k = dense_run2(r, &m0, &m1, t + i, t + j, cut - i < len - j ? cut - i : len - j);
      i += k;
      j += k;
      settle(a, &p[0], m0, i - 1, accept, ctx);
      settle(a, &p[1], m1, j - 1, accept, ctx);
      continue;
    }
    m0 = step(a, r, &p[0], m0, t, i++, accept, ctx);
    m1 = step(a, r, &p[1], m1, t, j++, accept, ctx);
  }
  finish_piece(a, r, &p[0], m0, t, i, cut, accept, ctx);
  finish_piece(a, r, &p[1], m1, t, j, len, accept, ctx);

  long result = -1;
  for (int k = 0; k < 2; k++)
    while (p[k].pend.n && !p[k].failed)
      p[k].failed = commit(&p[k].pend, &p[k].found, &p[k].last_end);
  if (!p[0].failed && !p[1].failed) {
    size_t n0 = *n;
    if (append(&p[0], out, n) == 0 && append(&p[1], out, n) == 0)
      result = (long)(*n - n0);
    else
      *n = n0;
  }
  for (int k = 0; k < 2; k++) {
    cands_free(&p[k].pend);
    cands_free(&p[k].found);
  }
  return result;
}

size_t tl_automaton_states(const tl_automaton *a) {
  if (!a)
    return 0;
  return a->nodes ? a->nnodes : a->nstates;
}

size_t tl_automaton_memory(const tl_automaton *a) {
  if (!a)
    return 0;
  size_t m = sizeof *a + a->patcap * (sizeof(int) + sizeof(int32_t));
  if (a->nodes)
    return m + a->cap * sizeof *a->nodes;
  return m + a->nstates * (sizeof *a->st + 1 + sizeof(uint32_t)) + (size_t)a->dense_end * sizeof(uint32_t);
}
