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

/// Whether the CPU and the operating system run AVX2 and FMA (the system saves YMM registers).
static int runsAVX2(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  // FMA (bit 12) and OSXSAVE (bit 27), which makes XGETBV available.
  if (!((ecx >> 12) & 1) || !((ecx >> 27) & 1)) return 0;
  unsigned int low, high;
  __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  if ((low & 0x6) != 0x6) return 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  return (ebx >> 5) & 1;
}

/// Whether the CPU and the operating system run the AVX-512 subsets OpenBLAS's SkylakeX kernels
/// use (F, DQ, CD, BW, VL; the system saves the opmask and ZMM registers).
static int runsAVX512(void) {
  if (!runsAVX2()) return 0;
  unsigned int eax, ebx, ecx, edx;
  unsigned int low, high;
  __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  if ((low & 0xE6) != 0xE6) return 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  const unsigned int needed = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
  return (ebx & needed) == needed;
}

/// OpenBLAS's name for the kernels it runs (declared here: the executable links OpenBLAS).
extern char *openblas_get_corename(void);
#endif

/// The kernels to ask OpenBLAS for, or NULL to keep its own choice.
__attribute__((unused)) static const char *betterKernels(void) {
#if defined(__x86_64__)
  if (isZen4()) return "Haswell";
  // OpenBLAS falls back to Prescott's SSE3 kernels on a CPU model it does not know (a newer
  // Intel Xeon under a hypervisor, for one), whatever the CPU can run: Samplex's sampled-softmax
  // step at S = 1,024 ran 62,816 examples/s there against 214,668 with the SkylakeX kernels.
  const char *own = openblas_get_corename();
  if (own == NULL || strcmp(own, "Prescott") != 0) return NULL;
  if (runsAVX512()) return "SkylakeX";
  if (runsAVX2()) return "Haswell";
#endif
  return NULL;
}

void samplex_choose_openblas_kernels(char *const *arguments) {
#if defined(__x86_64__) && defined(__linux__)
  if (getenv("OPENBLAS_CORETYPE") != NULL) return;
  const char *kernels = betterKernels();
  if (kernels == NULL) return;
  if (setenv("OPENBLAS_CORETYPE", kernels, 0) != 0) return;
  execv("/proc/self/exe", arguments);
  // The new start failed: go on with OpenBLAS's own kernels; the variable stays for children.
#else
  (void)arguments;
#endif
}
