#include "COpenBLASKernelChoice.h"

#include <stdlib.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <string.h>

/// AMD family 0x19 with AVX-512 Foundation: Zen 4 (Zen 3, the same family, has no AVX-512 and
/// gets OpenBLAS's AVX2 kernels anyway; Zen 5, family 0x1A, executes 512-bit FMAs whole).
static int isZen4(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return 0;
  char vendor[13];
  memcpy(vendor, &ebx, 4);
  memcpy(vendor + 4, &edx, 4);
  memcpy(vendor + 8, &ecx, 4);
  vendor[12] = 0;
  if (strcmp(vendor, "AuthenticAMD") != 0) return 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  unsigned int family = (eax >> 8) & 0xF;
  if (family == 0xF) family += (eax >> 20) & 0xFF;
  if (family != 0x19) return 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  return (ebx >> 16) & 1;
}
#endif

void samplex_choose_openblas_kernels(char *const *arguments) {
#if defined(__x86_64__) && defined(__linux__)
  if (getenv("OPENBLAS_CORETYPE") != NULL || !isZen4()) return;
  if (setenv("OPENBLAS_CORETYPE", "Haswell", 0) != 0) return;
  execv("/proc/self/exe", arguments);
  // The new start failed: go on with OpenBLAS's own kernels; the variable stays for children.
#else
  (void)arguments;
#endif
}
