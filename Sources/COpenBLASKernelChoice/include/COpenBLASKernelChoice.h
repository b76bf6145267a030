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

/// On AMD Zen 4, when OPENBLAS_CORETYPE is not set: sets it to "Haswell" and replaces the
/// process with a new start of the same executable (`/proc/self/exe`) with the same arguments.
/// Returns (doing nothing) on other CPUs, when the variable is set (by the user, or by the first
/// start), or when the new start fails, in which case OpenBLAS keeps its own choice.
void samplex_choose_openblas_kernels(char *const *arguments);

#endif
