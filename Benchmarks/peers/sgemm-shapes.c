// cblas_sgemm alone, one thread, on the three products of a minibatch step's part:
// logits X·Wᵀ (B×S from B×d and S×d), the input gradient G·W (B×d), the candidate-row gradient
// Gᵀ·X (S×d); d = 128. Prints the best GFLOP/s of 200 calls each, and OpenBLAS's kernel name,
// so that OPENBLAS_CORETYPE=… runs can be set side by side (Benchmarks/peers/blas-kernels.sh).
// Build and run: cc -O2 Benchmarks/peers/sgemm-shapes.c -o /tmp/sgemm-shapes -lopenblas
//   OPENBLAS_CORETYPE=Haswell /tmp/sgemm-shapes B S
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

char *openblas_get_corename(void);

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static float *filled(int count, float scale) {
  float *values = aligned_alloc(64, sizeof(float) * (size_t)count);
  for (int i = 0; i < count; i++) values[i] = scale * ((float)rand() / (float)RAND_MAX - 0.5f);
  return values;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s B S\n", argv[0]);
    return 2;
  }
  const int b = atoi(argv[1]), s = atoi(argv[2]), d = 128;
  openblas_set_num_threads(1);
  float *x = filled(b * d, 1), *w = filled(s * d, 1), *g = filled(b * s, 1e-3f);
  float *dx = filled(b * d, 0), *dw = filled(s * d, 0);
  double best[3] = {1e9, 1e9, 1e9};
  for (int round = 0; round < 200; round++) {
    double t0 = now();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, b, s, d, 1, x, d, w, d, 0, g, s);
    double t1 = now();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, b, d, s, 1, g, s, w, d, 0, dx, d);
    double t2 = now();
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, s, d, b, 1, g, s, x, d, 0, dw, d);
    double t3 = now();
    if (t1 - t0 < best[0]) best[0] = t1 - t0;
    if (t2 - t1 < best[1]) best[1] = t2 - t1;
    if (t3 - t2 < best[2]) best[2] = t3 - t2;
  }
  const double gflop = 2.0 * b * s * d / 1e9;
  printf("%-10s B=%d S=%d  logits %.1f  input gradient %.1f  row gradient %.1f GFLOP/s\n",
         openblas_get_corename(), b, s, gflop / best[0], gflop / best[1], gflop / best[2]);
  return 0;
}
