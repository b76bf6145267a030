// The single-precision multiply-add peak of one core right now: twelve independent chains of
// fused multiply-adds (enough to cover the instruction's latency on both FMA pipes), timed for
// 200 million rounds, in 512-bit and in 256-bit registers; prints GFLOP/s (two flops a lane).
// A matrix product cannot run faster than this on one core, so it is the ceiling to hold
// OpenBLAS's and oneDNN's speeds against (Benchmarks/history/steps.md, 2026-12-05). Build and run
// on an x86-64 machine with AVX-512:
//   cc -O2 -mavx512f -mfma Benchmarks/peers/fma-peak.c -o /tmp/fma-peak && /tmp/fma-peak
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

enum { ROUNDS = 200000000 };

static double seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec * 1e-9;
}

// The empty asm with every accumulator as an operand keeps the compiler from merging or
// dropping chains: each round's twelve multiply-adds must all happen.
#define KEEP(x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, constraint)                       \
  __asm__ volatile("" : constraint(x0), constraint(x1), constraint(x2), constraint(x3),         \
                   constraint(x4), constraint(x5), constraint(x6), constraint(x7),              \
                   constraint(x8), constraint(x9), constraint(x10), constraint(x11))

int main(void) {
  __m512 m = _mm512_set1_ps(1.0000001f), c = _mm512_set1_ps(1e-7f);
  __m512 a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m,
         a10 = m, a11 = m;
  double start = seconds();
  for (long i = 0; i < ROUNDS; i++) {
#define F(x) x = _mm512_fmadd_ps(x, m, c);
    F(a0) F(a1) F(a2) F(a3) F(a4) F(a5) F(a6) F(a7) F(a8) F(a9) F(a10) F(a11)
    KEEP(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, "+v");
  }
  double wide = seconds() - start;
  __m512 total = _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a11));
  printf("512-bit FMA: %.1f GFLOP/s (checksum %g)\n", ROUNDS * 12.0 * 32 / wide / 1e9,
         _mm512_reduce_add_ps(total));

  __m256 n = _mm256_set1_ps(1.0000001f), d = _mm256_set1_ps(1e-7f);
  __m256 y0 = n, y1 = n, y2 = n, y3 = n, y4 = n, y5 = n, y6 = n, y7 = n, y8 = n, y9 = n,
         y10 = n, y11 = n;
  start = seconds();
  for (long i = 0; i < ROUNDS; i++) {
#define G(x) x = _mm256_fmadd_ps(x, n, d);
    G(y0) G(y1) G(y2) G(y3) G(y4) G(y5) G(y6) G(y7) G(y8) G(y9) G(y10) G(y11)
    KEEP(y0, y1, y2, y3, y4, y5, y6, y7, y8, y9, y10, y11, "+x");
  }
  double narrow = seconds() - start;
  __m256 sum = _mm256_add_ps(y0, y11);
  printf("256-bit FMA: %.1f GFLOP/s (checksum %g)\n", ROUNDS * 12.0 * 16 / narrow / 1e9, sum[0]);
  return 0;
}
