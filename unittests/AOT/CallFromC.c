/*===- CallFromC.c - The generated header, compiled as C ------------------===*\
|*                                                                            *|
|* Part of ScanJIT.                                                           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
/* Calls @dot and @cumsum of programs.mlir from C, through the header
 * scan-compile generated: the header must be valid C, and the calling
 * protocol of scanjit/Runtime/RuntimeC.h usable without C++. */

#include "programs.h"

#include <string.h>

/// The dot product of [1, 2, 3] and [4, 5, 6] through @dot.
double aotDotFromC(void) {
  double a[3] = {1, 2, 3};
  double b[3] = {4, 5, 6};
  scanjit_memref_f64_1d x = {a, a, 0, {3}, {1}};
  scanjit_memref_f64_1d y = {b, b, 0, {3}, {1}};
  scanjit_call_begin();
  double d = _mlir_ciface_dot(&x, &y);
  if (scanjit_call_end(NULL, 0))
    return -1;
  return d;
}

/// @cumsum with n = `n` over [1, 2, 3]: its last value, or -1 with the
/// run-time error's message in `message`.
double aotCumsumFromC(int32_t n, char *message, size_t size) {
  double a[3] = {1, 2, 3};
  scanjit_memref_f64_1d x = {a, a, 0, {3}, {1}};
  struct cumsum_results r;
  memset(&r, 0, sizeof r);
  scanjit_call_begin();
  _mlir_ciface_cumsum(&r, n, &x);
  if (scanjit_call_end(message, size))
    return -1;
  double last = r.result0.sizes[0] > 0
                    ? r.result0.aligned[r.result0.offset +
                                        (r.result0.sizes[0] - 1) *
                                            r.result0.strides[0]]
                    : 0;
  scanjit_free(r.result0.allocated);
  return last;
}
