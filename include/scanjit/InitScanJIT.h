//===- InitScanJIT.h - Register every dialect and pass ----------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The one place that registers ScanJIT's dialects and passes together with
// the upstream ones the pipelines use. Including the upstream InitAll headers
// is slow, so only lib/InitScanJIT.cpp does.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_INITSCANJIT_H
#define SCANJIT_INITSCANJIT_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace scanjit {

/// Adds the scan dialect and every upstream dialect and dialect extension
/// (interface implementations, bufferization models, GPU targets) and the
/// translations to LLVM IR to `registry`.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers ScanJIT's passes and pipelines and every upstream pass with the
/// global pass registry (for command-line tools such as scan-opt).
void registerAllPasses();

} // namespace scanjit

#endif // SCANJIT_INITSCANJIT_H
