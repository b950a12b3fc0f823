//===- ScanToSCF.h - Lower scan.scan to scf loops ---------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_SCANTOSCF_SCANTOSCF_H
#define SCANJIT_CONVERSION_SCANTOSCF_SCANTOSCF_H

namespace mlir {
class ModuleOp;
class RewritePatternSet;
} // namespace mlir

namespace scanjit {

/// Adds the pattern that lowers scan.scan to scf.for / scf.while over
/// tensors. The module must declare the runtime's error function, which
/// `declareScanRuntimeFunctions` does.
void populateScanToSCFConversionPatterns(mlir::RewritePatternSet &patterns);

/// Declares, in `module`, the runtime functions the lowered loops call.
void declareScanRuntimeFunctions(mlir::ModuleOp module);

} // namespace scanjit

#endif // SCANJIT_CONVERSION_SCANTOSCF_SCANTOSCF_H
