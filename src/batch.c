#include "batch.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "diag.h"

/* How many digests may be finished but not yet written, per job. */
enum { SLOTS_PER_JOB = 4 };

typedef struct {
  tl_digest digest;
  tl_extraction extraction;
  int ready;
} slot;

/* The window of slots between the threads that read digests and the one
 * that writes them. Input `index` goes to slots[index % window]; it may be
 * claimed once the writer has taken every input up to index - window. */
typedef struct {
  const tl_inputs *inputs;
  const tl_lexicon *lexicon;
  slot *slots;
  size_t window;
  size_t next;    /* next input index to claim */
  size_t written; /* inputs already taken by the writer */
  pthread_mutex_t lock;
  pthread_cond_t filled; /* the slot the writer waits for is ready */
  pthread_cond_t freed;  /* the writer moved on: a slot is free */
} queue;

/* The per-document stages, for one file. */
static void read_one(const char *path, const tl_lexicon *lexicon, tl_digest *d, tl_extraction *x) {
  tl_digest_read(path, d);
  memset(x, 0, sizeof *x);
  if (lexicon && tl_extract(lexicon, d, x) < 0)
    tl_diag(path, 0, "out of memory while extracting entities");
}

/* Whether an input is left to claim and the window has room for it.
 * Called with the lock held. */
static int can_claim(const queue *q) { return q->next < q->inputs->count && q->next - q->written < q->window; }

/* Claims the next input, reads it without the lock and puts it in its
 * slot, waking the writer if that is the slot it waits for. Called with
 * the lock held and can_claim() true; returns with the lock held. */
static void claim_and_read(queue *q) {
  size_t index = q->next++;
  pthread_mutex_unlock(&q->lock);
  tl_digest d;
  tl_extraction x;
  read_one(q->inputs->paths[index], q->lexicon, &d, &x);
  pthread_mutex_lock(&q->lock);
  slot *s = &q->slots[index % q->window];
  s->digest = d;
  s->extraction = x;
  s->ready = 1;
  if (index == q->written)
    pthread_cond_signal(&q->filled);
}

static void *worker(void *arg) {
  queue *q = arg;
  pthread_mutex_lock(&q->lock);
  for (;;) {
    while (q->next < q->inputs->count && !can_claim(q))
      pthread_cond_wait(&q->freed, &q->lock);
    if (q->next >= q->inputs->count)
      break;
    claim_and_read(q);
  }
  pthread_mutex_unlock(&q->lock);
  return NULL;
}

/* Waits until input `index` (the next to write) is read. Rather than
 * sleep while a worker reads it, the writer reads the next unclaimed input
 * itself, so with -j N the N jobs are the writer and N - 1 workers and no
 * core sits idle; with -j 1 the writer reads everything. Called with the
 * lock held. */
static void wait_for(queue *q, size_t index) {
  slot *s = &q->slots[index % q->window];
  while (!s->ready) {
    if (can_claim(q))
      claim_and_read(q);
    else
      pthread_cond_wait(&q->filled, &q->lock);
  }
}

/* ---- duplicates: the same bytes seen before ---- */

/* An open-addressing set of (hash, size) → first input index, so a batch of
 * 100,000 files checks each in constant time. */
typedef struct {
  uint64_t hash;
  size_t size;
  size_t index; /* input index + 1; 0 marks an empty bucket */
} seen_entry;

typedef struct {
  seen_entry *buckets;
  size_t count, cap; /* cap is a power of two */
} seen_set;

static int same_file_bytes(const char *a, const char *b) {
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  int same = fa && fb;
  static char ba[65536], bb[65536]; /* only the writer thread calls this */
  while (same) {
    size_t na = fread(ba, 1, sizeof ba, fa), nb = fread(bb, 1, sizeof bb, fb);
    if (na != nb || memcmp(ba, bb, na) != 0)
      same = 0;
    if (na < sizeof ba)
      break;
  }
  if (fa)
    fclose(fa);
  if (fb)
    fclose(fb);
  return same;
}

static void seen_insert(seen_set *s, seen_entry e) {
  size_t i = (size_t)e.hash & (s->cap - 1);
  while (s->buckets[i].index)
    i = (i + 1) & (s->cap - 1);
  s->buckets[i] = e;
  s->count++;
}

/* Returns the input index of an earlier file with the same bytes, or
 * SIZE_MAX after remembering this one. Equal hashes are confirmed by
 * comparing the files, so a hash collision can never drop a digest. */
static size_t find_or_add(seen_set *s, const tl_inputs *in, size_t index, const tl_source *src) {
  if (s->count * 2 >= s->cap) {
    seen_set bigger = {tl_xcalloc(s->cap ? s->cap * 2 : 1024, sizeof(seen_entry)), 0, s->cap ? s->cap * 2 : 1024};
    for (size_t i = 0; i < s->cap; i++)
      if (s->buckets[i].index)
        seen_insert(&bigger, s->buckets[i]);
    free(s->buckets);
    *s = bigger;
  }
  for (size_t i = (size_t)src->hash & (s->cap - 1); s->buckets[i].index; i = (i + 1) & (s->cap - 1)) {
    const seen_entry *e = &s->buckets[i];
    if (e->hash == src->hash && e->size == src->file_size && same_file_bytes(in->paths[e->index - 1], in->paths[index]))
      return e->index - 1;
  }
  seen_insert(s, (seen_entry){src->hash, src->file_size, index + 1});
  return SIZE_MAX;
}

/* ---- progress ---- */

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(size_t done, size_t total, size_t bytes, double started, int last) {
  double elapsed = now_seconds() - started;
  double mb = (double)bytes / 1e6;
  fprintf(stderr, "\rtrendlens: %zu/%zu files, %.1f MB, %.1f MB/s%s", done, total, mb,
          elapsed > 0 ? mb / elapsed : 0.0, last ? "\n" : "");
}

/* Each document frees everything it allocated just before the next one
 * needs about as much again. Whether glibc then gives the top of the heap
 * back to the kernel (it does above 128 KB free) depends on what else
 * happens to sit above it, and when it does, every document pays a brk()
 * and page faults to get the memory back: 3,504 brk calls for 900 files
 * when nothing else was allocated, 10-25% of a parse-only batch. Keeping
 * up to 64 MB of free heap makes that cost independent of heap layout;
 * peak memory is unchanged, since only memory already used is kept. */
static void keep_freed_memory(void) {
#ifdef M_TRIM_THRESHOLD
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

void tl_batch_run(const tl_inputs *inputs, const tl_batch_options *opt, const tl_batch_sink *sink,
                  tl_batch_result *result) {
  memset(result, 0, sizeof *result);
  keep_freed_memory();
  int jobs = opt->jobs < 1 ? 1 : opt->jobs;
  queue q;
  memset(&q, 0, sizeof q);
  q.inputs = inputs;
  q.lexicon = opt->lexicon;
  q.window = (size_t)jobs * SLOTS_PER_JOB;
  q.slots = tl_xcalloc(q.window, sizeof *q.slots);
  pthread_mutex_init(&q.lock, NULL);
  pthread_cond_init(&q.filled, NULL);
  pthread_cond_init(&q.freed, NULL);
  pthread_t *threads = tl_xcalloc((size_t)jobs, sizeof *threads);
  int started = 0;
  for (; started < jobs - 1; started++)
    if (pthread_create(&threads[started], NULL, worker, &q) != 0)
      break;
  if (started < jobs - 1)
    tl_diag(NULL, 0, "could start only %d of %d worker threads", started, jobs - 1);

  seen_set seen = {NULL, 0, 0};
  double start_time = now_seconds(), last_shown = 0;
  for (size_t index = 0; index < inputs->count; index++) {
    pthread_mutex_lock(&q.lock);
    wait_for(&q, index);
    slot *s = &q.slots[index % q.window];
    tl_digest d = s->digest;
    tl_extraction x = s->extraction;
    s->ready = 0;
    pthread_mutex_unlock(&q.lock);

    size_t first = d.src.text ? find_or_add(&seen, inputs, index, &d.src) : SIZE_MAX;
    const char *duplicate_of = first != SIZE_MAX ? inputs->paths[first] : NULL;
    sink->document(sink->ctx, (int)index + 1, &d, &x, duplicate_of);
    if (duplicate_of) {
      result->duplicates++;
    } else {
      result->items += d.items.count;
      result->mentions += x.n_mentions;
      result->amounts += x.n_amounts;
      if (d.has_date && d.items.count)
        result->analysed++;
    }
    result->documents++;
    result->bytes += d.src.file_size;
    if (d.problems)
      result->problems++;
    tl_extraction_free(&x);
    tl_digest_free(&d);

    /* hand the slot back to the workers */
    pthread_mutex_lock(&q.lock);
    q.written = index + 1;
    pthread_cond_signal(&q.freed);
    pthread_mutex_unlock(&q.lock);

    if (opt->progress) {
      double t = now_seconds();
      if (t - last_shown > 0.2) {
        show_progress(index + 1, inputs->count, result->bytes, start_time, 0);
        last_shown = t;
      }
    }
  }
  /* workers still waiting for room learn that nothing is left */
  pthread_mutex_lock(&q.lock);
  pthread_cond_broadcast(&q.freed);
  pthread_mutex_unlock(&q.lock);
  for (int i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  if (opt->progress)
    show_progress(inputs->count, inputs->count, result->bytes, start_time, 1);

  free(threads);
  free(q.slots);
  free(seen.buckets);
  pthread_mutex_destroy(&q.lock);
  pthread_cond_destroy(&q.filled);
  pthread_cond_destroy(&q.freed);
}
