//===- ScanToSCF.h - Lower scan.scan to scf loops ---------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_SCANTOSCF_SCANTOSCF_H
#define SCANJIT_CONVERSION_SCANTOSCF_SCANTOSCF_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace scanjit {

/// Adds the pattern that lowers scan.scan to scf.for / scf.while over
/// tensors. Run-time errors become scan.check ops.
void populateScanToSCFConversionPatterns(mlir::RewritePatternSet &patterns);

} // namespace scanjit

#endif // SCANJIT_CONVERSION_SCANTOSCF_SCANTOSCF_H
