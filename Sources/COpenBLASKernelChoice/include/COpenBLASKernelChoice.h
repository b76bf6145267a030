#ifndef SAMPLEX_COPENBLASKERNELCHOICE_H
#define SAMPLEX_COPENBLASKERNELCHOICE_H

// OpenBLAS (a DYNAMIC_ARCH build) picks its kernels once, when it is loaded, from the CPU or from
// the OPENBLAS_CORETYPE environment variable. On AMD Zen 4 it picks its AVX-512 kernels
// (Cooperlake in 0.3.21), which run the sgemm shapes of Samplex's steps slower than its Haswell
// (AVX2) kernels do (Benchmarks/history/steps.md, 2026-12-05): Zen 4 executes a 512-bit FMA as two 256-bit
// halves, so the wider kernels gain nothing there.
//
// The variable must be set before OpenBLAS's constructor runs, which is before any code of the
// executable: a `.preinit_array` function runs earlier but before the C library has set up the
// environment, which then replaces whatever it set. So the executable, as its first act, sets the
// variable and executes itself again; the second start finds it set and goes on.

// OpenBLAS 0.3.21 also falls back to Prescott's SSE3 kernels on an x86-64 CPU model it does not
// know, such as a newer Intel Xeon under a hypervisor, however wide the vectors it runs: there the
// SkylakeX (AVX-512) or Haswell (AVX2) kernels are the ones the CPU can run.

/// When OPENBLAS_CORETYPE is not set: on AMD Zen 4, sets it to "Haswell"; where OpenBLAS fell
/// back to "Prescott", to "SkylakeX" when the CPU and the system run AVX-512 (F, DQ, CD, BW, VL),
/// else to "Haswell" when they run AVX2 and FMA; then replaces the process with a new start of
/// the same executable (`/proc/self/exe`) with the same arguments. Returns (doing nothing)
/// elsewhere, when the variable is set (by the user, or by the first start), or when the new
/// start fails, in which case OpenBLAS keeps its own choice.
void samplex_choose_openblas_kernels(char *const *arguments);

#endif
