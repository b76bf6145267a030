#include <cblas.h>

// Exported by OpenBLAS (its fork handler uses it) but not declared in <cblas.h>: joins OpenBLAS's
// worker threads, which OpenBLAS starts again on the next call that needs them.
int blas_thread_shutdown_(void);
