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
//
// The pool has one participant per core the process may run on (`mi_usable_cores`), not
// per core of the machine: a spinning worker that shares its core with the caller (under
// `taskset`, a Slurm allocation or a container's CPU quota) stalls every loop, and one
// training run took 93 s on one pinned core instead of 4 s.
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include "MIKernels.h"

#include <pthread.h>
#if defined(__linux__)
#include <sched.h>
#include <stdio.h>
#endif
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

#if defined(__linux__)
// The CPU quota of the process's cgroup in cores, rounded up; 0 when there is none or it
// cannot be read. cgroup v2 writes "QUOTA PERIOD" or "max PERIOD" to cpu.max; v1 writes
// the two numbers to cpu.cfs_quota_us (-1: none) and cpu.cfs_period_us.
static long cgroup_quota_cores(void) {
  long long quota = -1, period = 0;
  FILE *file = fopen("/sys/fs/cgroup/cpu.max", "r");
  if (file) {
    if (fscanf(file, "%lld %lld", &quota, &period) != 2) quota = -1;
    fclose(file);
  } else {
    FILE *q = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "r");
    FILE *p = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "r");
    if (q && p && (fscanf(q, "%lld", &quota) != 1 || fscanf(p, "%lld", &period) != 1)) quota = -1;
    if (q) fclose(q);
    if (p) fclose(p);
  }
  if (quota <= 0 || period <= 0) return 0;
  return (long)((quota + period - 1) / period);
}
#endif

long mi_usable_cores(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  // MI_THREADS, a positive whole number, caps the count (as OMP_NUM_THREADS does for
  // OpenMP); `mi benchmark` sets it for the child processes of its parallel runs.
  const char *limit = getenv("MI_THREADS");
  if (limit && *limit) {
    char *end = NULL;
    long value = strtol(limit, &end, 10);
    if (end && *end == '\0' && value > 0 && value < cores) cores = value;
  }
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    long allowed = CPU_COUNT(&set);
    if (allowed > 0 && allowed < cores) cores = allowed;
  }
  long quota = cgroup_quota_cores();
  if (quota > 0 && quota < cores) cores = quota;
#endif
  return cores > 0 ? cores : 1;
}

int mi_pin_calling_thread(int restore) {
#if defined(__linux__)
  static cpu_set_t saved;
  if (restore) return sched_setaffinity(0, sizeof saved, &saved);
  if (sched_getaffinity(0, sizeof saved, &saved) != 0) return -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &saved)) {
      cpu_set_t single;
      CPU_ZERO(&single);
      CPU_SET(cpu, &single);
      return sched_setaffinity(0, sizeof single, &single);
    }
  }
  return -1;
#else
  (void)restore;
  return -1;
#endif
}

static void start_workers(void) {
  pthread_atfork(NULL, NULL, after_fork_in_child);
  long cores = mi_usable_cores();
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
