#ifndef SAMPLEX_CPREFETCH_H
#define SAMPLEX_CPREFETCH_H

// Swift has no prefetch instruction of its own. The trainer asks for the rows of the next
// window while it computes the current one, so that their cache misses overlap with work
// instead of stalling it (a row of 100 floats is 7 cache lines, far apart in a table of tens
// of megabytes). Inlined into the Swift caller: static inline in a header.

#include <stddef.h>

/// Asks the CPU to bring the cache lines of `bytes` bytes from `start` into cache, for writing.
static inline void samplex_prefetch_range(const void *start, size_t bytes) {
  const char *p = (const char *)start;
  const char *end = p + bytes;
  for (; p < end; p += 64) {
    __builtin_prefetch(p, 1, 3);
  }
}

#endif
