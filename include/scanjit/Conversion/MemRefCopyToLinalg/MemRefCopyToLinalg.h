//===- MemRefCopyToLinalg.h - memref.copy as linalg.copy --------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_MEMREFCOPYTOLINALG_MEMREFCOPYTOLINALG_H
#define SCANJIT_CONVERSION_MEMREFCOPYTOLINALG_MEMREFCOPYTOLINALG_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace scanjit {

/// Adds the pattern that rewrites memref.copy as linalg.copy.
void populateMemRefCopyToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace scanjit

#endif // SCANJIT_CONVERSION_MEMREFCOPYTOLINALG_MEMREFCOPYTOLINALG_H
