// A small fork-join pool for the kernels' parallel loops.
//
// Dispatch's concurrentPerform wakes a sleeping worker through the kernel on every call,
// which costs tens of microseconds; a training step makes dozens of such calls on
// matrices that take a few hundred microseconds each. Here each worker has a mailbox
// that the caller fills and the worker polls: a worker spins for a while after each job
// (so back-to-back jobs start in well under a microsecond) and then sleeps on a
// condition variable (so an idle process uses no CPU).
//
// Jobs are statically partitioned: task i runs on participant i mod P, the caller being
// participant 0. A call from inside a job, or while another thread's job runs, executes
// serially on the calling thread.
#include "MIKernels.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SPIN_PAUSE() _mm_pause()
#else
#define SPIN_PAUSE() ((void)0)
#endif

enum { MAX_WORKERS = 63, SPIN_ITERATIONS = 200000 };

typedef struct {
  _Atomic int state;  // 0: idle (owned by the caller), 1: job posted, 2: job finished
  _Atomic int sleeping;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  mi_task_fn fn;
  void *context;
  ptrdiff_t count;
  ptrdiff_t participant;
  ptrdiff_t participants;
} mailbox;

static mailbox boxes[MAX_WORKERS];
static int worker_count = 0;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t submit = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int inside_job = 0;

static void run_share(mi_task_fn fn, void *context, ptrdiff_t count, ptrdiff_t participant,
                      ptrdiff_t participants) {
  for (ptrdiff_t i = participant; i < count; i += participants) fn(context, i);
}

static void *worker_main(void *argument) {
  mailbox *box = (mailbox *)argument;
  inside_job = 1;
  for (;;) {
    int spins = 0;
    while (atomic_load_explicit(&box->state, memory_order_acquire) != 1) {
      if (++spins < SPIN_ITERATIONS) {
        SPIN_PAUSE();
        continue;
      }
      pthread_mutex_lock(&box->lock);
      atomic_store(&box->sleeping, 1);
      while (atomic_load(&box->state) != 1) pthread_cond_wait(&box->wake, &box->lock);
      atomic_store(&box->sleeping, 0);
      pthread_mutex_unlock(&box->lock);
      spins = 0;
    }
    run_share(box->fn, box->context, box->count, box->participant, box->participants);
    atomic_store_explicit(&box->state, 2, memory_order_release);
  }
  return NULL;
}

// A forked child has only the forking thread: its loops run serially from then on.
static void after_fork_in_child(void) {
  worker_count = 0;
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  submit = fresh;
}

static void start_workers(void) {
  pthread_atfork(NULL, NULL, after_fork_in_child);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int wanted = cores > 1 ? (int)(cores - 1) : 0;
  if (wanted > MAX_WORKERS) wanted = MAX_WORKERS;
  for (int w = 0; w < wanted; ++w) {
    mailbox *box = &boxes[w];
    atomic_init(&box->state, 0);
    atomic_init(&box->sleeping, 0);
    pthread_mutex_init(&box->lock, NULL);
    pthread_cond_init(&box->wake, NULL);
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&thread, &attributes, worker_main, box) != 0) {
      pthread_attr_destroy(&attributes);
      break;
    }
    pthread_attr_destroy(&attributes);
    worker_count = w + 1;
  }
}

ptrdiff_t mi_parallel_width(void) {
  pthread_once(&once, start_workers);
  return worker_count + 1;
}

void mi_parallel_for(ptrdiff_t count, mi_task_fn fn, void *context) {
  if (count <= 0) return;
  pthread_once(&once, start_workers);
  if (count == 1 || worker_count == 0 || inside_job || pthread_mutex_trylock(&submit) != 0) {
    for (ptrdiff_t i = 0; i < count; ++i) fn(context, i);
    return;
  }
  ptrdiff_t participants = count < worker_count + 1 ? count : worker_count + 1;
  for (ptrdiff_t w = 0; w < participants - 1; ++w) {
    mailbox *box = &boxes[w];
    box->fn = fn;
    box->context = context;
    box->count = count;
    box->participant = w + 1;
    box->participants = participants;
    atomic_store(&box->state, 1);
    if (atomic_load(&box->sleeping)) {
      pthread_mutex_lock(&box->lock);
      pthread_cond_signal(&box->wake);
      pthread_mutex_unlock(&box->lock);
    }
  }
  inside_job = 1;
  run_share(fn, context, count, 0, participants);
  inside_job = 0;
  for (ptrdiff_t w = 0; w < participants - 1; ++w) {
    while (atomic_load_explicit(&boxes[w].state, memory_order_acquire) != 2) SPIN_PAUSE();
    atomic_store_explicit(&boxes[w].state, 0, memory_order_relaxed);
  }
  pthread_mutex_unlock(&submit);
}
