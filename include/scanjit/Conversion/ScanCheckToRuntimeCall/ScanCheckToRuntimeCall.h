//===- ScanCheckToRuntimeCall.h - scan.check on the CPU ---------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_SCANCHECKTORUNTIMECALL_SCANCHECKTORUNTIMECALL_H
#define SCANJIT_CONVERSION_SCANCHECKTORUNTIMECALL_SCANCHECKTORUNTIMECALL_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace scanjit {

/// Adds the pattern that lowers scan.check to a call of the CPU runtime's
/// error function when its condition is false. The module must declare
/// that function (`declareRuntimeErrorFunction`, RuntimeCalls.h) and, for
/// checks with a message, a constant `memref.global` named
/// `__scanjit_message...` holding its bytes (the pass declares both).
void populateScanCheckToRuntimeCallPatterns(mlir::RewritePatternSet &patterns);

} // namespace scanjit

#endif // SCANJIT_CONVERSION_SCANCHECKTORUNTIMECALL_SCANCHECKTORUNTIMECALL_H
