/*===- RuntimeC.h - The runtime's C interface for ahead-of-time code -*- C -*-===*\
|*                                                                            *|
|* Part of ScanJIT.                                                           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
/*
 * What a C or C++ program that calls ahead-of-time compiled code
 * (scan-compile) needs from runtime/cpu, besides the code's own header:
 *
 *   scanjit_call_begin();
 *   struct step_results r;
 *   _mlir_ciface_step(&r, &x, &h0);
 *   char message[256];
 *   if (scanjit_call_end(message, sizeof message)) {
 *     fprintf(stderr, "%s\n", message);   // r holds nothing to free
 *   } else {
 *     ... read r.result0 ...
 *     scanjit_free(r.result0.allocated);
 *   }
 *
 * Compiled code never aborts: a run-time error (n_steps past a sequence's
 * end, an index out of bounds, a failed allocation) is recorded on the
 * calling thread, the code returns early, and scanjit_call_end reports it.
 * Links with libScanJITRuntimeCPU alone (no LLVM, no MLIR).
 */

#ifndef SCANJIT_RUNTIME_RUNTIMEC_H
#define SCANJIT_RUNTIME_RUNTIMEC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Starts a call of compiled code on this thread: forgets any error reported
/// before and records the buffers the code allocates, until
/// scanjit_call_end.
void scanjit_call_begin(void);

/// Ends the call scanjit_call_begin started on this thread. Returns 0 when
/// the call succeeded: the buffers of its results are the caller's, each
/// freed once with scanjit_free. Otherwise the call reported a run-time
/// error: every buffer it allocated is freed (its results' too, which must
/// not be read), the error's message is written to `message` (truncated to
/// `size` bytes, NUL-terminated; nothing is written when `size` is 0), and
/// the message's length is returned (at least 1).
size_t scanjit_call_end(char *message, size_t size);

/// Frees a buffer compiled code returned: the `allocated` field of a result
/// descriptor. A null pointer and the marker of a constant result
/// (0xdeadbeef) are ignored. A result may share its buffer with an argument
/// (the caller's own memory: not to be passed here) or with another result
/// (to be freed once): compare the `allocated` fields.
void scanjit_free(void *allocated);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SCANJIT_RUNTIME_RUNTIMEC_H */
