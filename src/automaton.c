#include "automaton.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PATTERN 65535
/* States this close to the root get a complete 256-entry row: a scan
 * spends most of its time there (a CJK character is three bytes deep), and
 * there are few of them (about 1 MiB of rows for 3000 random names, against
 * 16 MiB if every state had one). Deeper states get a row only when they
 * have DENSE_MIN transitions or more. */
#define DENSE_DEPTH 2
#define DENSE_MIN 48
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
 * `dense`; the others keep sparse sorted transitions and a failure link. */
typedef struct {
  uint32_t fail;   /* longest proper suffix that is also a state */
  uint32_t out;    /* nearest state on the failure chain that ends a pattern, 0 none */
  uint32_t edges;  /* first transition in edge_label/edge_target */
  uint32_t depth;  /* bytes from the root */
  int32_t pattern; /* first pattern ending here, -1 none */
  uint16_t nedges;
} state;

struct tl_automaton {
  node *nodes; /* until built */
  size_t nnodes, cap;
  state *st; /* once built */
  size_t nstates, ndense;
  int *pat_id;       /* caller's id of each pattern */
  int32_t *pat_next; /* next pattern with the same bytes, -1 none */
  size_t npat, patcap;
  uint8_t *edge_label;
  uint32_t *edge_target; /* tagged with OUT_BIT */
  uint32_t *dense;       /* ndense rows of 256 tagged moves */
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

/* The trie transition from a sparse state on byte b (tagged), 0 when there
 * is none (the root is never a target). */
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

/* The automaton's move from state s on byte b, failure links followed;
 * tagged with OUT_BIT. A dense row holds the move directly. */
static inline uint32_t delta(const tl_automaton *a, uint32_t s, unsigned char b) {
  for (;;) {
    if (s < a->ndense)
      return a->dense[(size_t)s * 256 + b];
    const state *st = &a->st[s];
    uint32_t nx = sparse_step(a, st, b);
    if (nx)
      return nx;
    s = st->fail;
  }
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
  dense = calloc(ndense * 256, sizeof *dense);
  if (!dense)
    goto fail;

  /* States and their sorted transitions (untagged for now), in id order. */
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
      target[k] = newid[c];
    }
    st[id].nedges = (uint16_t)n;
    ne += n;
  }
  free(byid);

  /* Failure and output links breadth-first, so that everything shallower
   * is complete; a dense row is filled once its children are linked. The
   * build's own moves go through `a` with untagged sparse targets. */
  a->st = st;
  a->ndense = ndense;
  a->edge_label = label;
  a->edge_target = target;
  a->dense = dense;
  for (size_t q = 0; q < ns; q++) {
    uint32_t s = newid[queue[q]];
    for (uint32_t e = st[s].edges; e < st[s].edges + st[s].nedges; e++) {
      uint32_t c = target[e];
      uint32_t f = s == 0 ? 0 : ID(delta(a, st[s].fail, label[e]));
      st[c].fail = f;
      st[c].out = st[f].pattern >= 0 ? f : st[f].out;
    }
    if (s < ndense) {
      uint32_t *row = dense + (size_t)s * 256;
      for (int b = 0; b < 256; b++)
        row[b] = s == 0 ? 0 : ID(delta(a, st[s].fail, (unsigned char)b));
      for (uint32_t e = st[s].edges; e < st[s].edges + st[s].nedges; e++)
        row[label[e]] = target[e];
      for (int b = 0; b < 256; b++) {
        uint32_t c = row[b];
        row[b] = c | (c && (st[c].pattern >= 0 || st[c].out) ? OUT_BIT : 0);
      }
    }
  }
  for (size_t e = 0; e < ne; e++) {
    uint32_t c = target[e];
    target[e] = c | (st[c].pattern >= 0 || st[c].out ? OUT_BIT : 0);
  }
  a->nstates = ns;
  free(a->nodes);
  a->nodes = NULL;
  free(queue);
  free(newid);
  return 0;

fail:
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

long tl_automaton_scan(const tl_automaton *a, const char *text, size_t len, tl_ac_accept_fn accept,
                       void *ctx, tl_ac_match **out, size_t *n) {
  if (!a || a->nodes || !out || !n)
    return -1;
  const unsigned char *t = (const unsigned char *)text;
  const state *st = a->st;
  cand pend_fixed[64], found_fixed[64];
  /* pend: accepted candidates not yet decided, sorted by start, at most one
   * (the longest) per start. found: the matches decided so far. */
  cands pend = {pend_fixed, 0, 64, pend_fixed}, found = {found_fixed, 0, 64, found_fixed};
  size_t last_end = 0;
  uint32_t s = 0;
  int failed = 0;

  for (size_t i = 0; i < len && !failed; i++) {
    s = delta(a, ID(s), t[i]);
    if (s & OUT_BIT) {
      /* Candidates ending here, longest (leftmost) first. */
      uint32_t id = ID(s);
      for (uint32_t m = st[id].pattern >= 0 ? id : st[id].out; m; m = st[m].out) {
        size_t start = i + 1 - st[m].depth;
        if (start < last_end)
          continue;
        int32_t p = st[m].pattern;
        while (p >= 0 && accept && !accept(start, i + 1, a->pat_id[p], ctx))
          p = a->pat_next[p];
        if (p < 0)
          continue;
        /* Insert by start; an entry with the same start is shorter. */
        size_t k = pend.n;
        while (k > 0 && pend.v[k - 1].start > start)
          k--;
        if (k > 0 && pend.v[k - 1].start == start) {
          pend.v[k - 1].end = i + 1;
          pend.v[k - 1].id = a->pat_id[p];
          continue;
        }
        if (cands_reserve(&pend, 1)) {
          failed = 1;
          break;
        }
        memmove(pend.v + k + 1, pend.v + k, (pend.n - k) * sizeof *pend.v);
        pend.v[k] = (cand){start, i + 1, a->pat_id[p]};
        pend.n++;
      }
    }
    if (!pend.n)
      continue;
    /* No later candidate can start before the current state's start: the
     * leftmost pending candidates before it are final. */
    size_t horizon = i + 1 - st[ID(s)].depth;
    while (pend.n && pend.v[0].start < horizon && !failed)
      failed = commit(&pend, &found, &last_end);
  }
  while (pend.n && !failed)
    failed = commit(&pend, &found, &last_end);

  long result = -1;
  if (!failed) {
    if (found.n == 0) {
      result = 0;
    } else {
      tl_ac_match *v = realloc(*out, (*n + found.n) * sizeof *v);
      if (v) {
        for (size_t k = 0; k < found.n; k++)
          v[*n + k] = (tl_ac_match){found.v[k].start, found.v[k].end, found.v[k].id};
        *out = v;
        *n += found.n;
        result = (long)found.n;
      }
    }
  }
  cands_free(&pend);
  cands_free(&found);
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
  return m + a->nstates * (sizeof *a->st + 1 + sizeof(uint32_t)) + a->ndense * 256 * sizeof(uint32_t);
}
