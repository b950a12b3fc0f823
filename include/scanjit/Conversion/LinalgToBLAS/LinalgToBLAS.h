//===- LinalgToBLAS.h - Large contractions as CBLAS calls -------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_LINALGTOBLAS_LINALGTOBLAS_H
#define SCANJIT_CONVERSION_LINALGTOBLAS_LINALGTOBLAS_H

#include <cstdint>

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace scanjit {

/// Adds the patterns that call the runtime's BLAS glue for linalg.matmul,
/// matvec, vecmat and dot on f32/f64 buffers doing at least `minFlops`
/// multiply-adds. The callees are declared on demand in the enclosing module.
void populateLinalgToBLASPatterns(mlir::RewritePatternSet &patterns,
                                  int64_t minFlops);

} // namespace scanjit

#endif // SCANJIT_CONVERSION_LINALGTOBLAS_LINALGTOBLAS_H
