// How long one cache line takes to move between the machine's two CPUs right now: two threads
// hand a counter back and forth 2,000,000 times; prints nanoseconds per one-way hand-off.
// Two-worker training writes rows that the other worker also writes, so its speed follows this
// figure (Benchmarks/history/workers.md, 2026-12-03). Build and run:
//   cc -O2 -pthread Benchmarks/peers/cache-line-handoff.c -o /tmp/handoff && /tmp/handoff
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

enum { ROUNDS = 2000000 };
static _Alignas(64) _Atomic long turn = 0;

// The other thread: waits for each odd value and answers with the next even one.
static void *answer(void *unused) {
  (void)unused;
  for (long i = 0; i < ROUNDS; i++) {
    while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * i + 1) {
    }
    atomic_store_explicit(&turn, 2 * i + 2, memory_order_release);
  }
  return 0;
}

int main(void) {
  pthread_t other;
  struct timespec start, end;
  pthread_create(&other, 0, answer, 0);
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (long i = 0; i < ROUNDS; i++) {
    atomic_store_explicit(&turn, 2 * i + 1, memory_order_release);
    while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * i + 2) {
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  pthread_join(other, 0);
  double nanoseconds = (end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec);
  printf("%.1f ns per hand-off\n", nanoseconds / (2.0 * ROUNDS));
  return 0;
}
