//===- ScanUtils.h - Utilities shared by scan.scan rewrites -----*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Rebuilding a scan.scan with a new signature: what canonicalizations and
// transformations share when they drop outputs, non-sequences or shared
// values.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_UTILS_SCANUTILS_H
#define SCANJIT_DIALECT_SCAN_UTILS_SCANUTILS_H

#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SetVector.h"

namespace scanjit::scan {

/// What to keep of a scan when rebuilding it smaller: one bit per sequence,
/// output, non-sequence and shared value, all set to begin with.
struct ScanKeepMask {
  llvm::BitVector sequences, outputs, nonSequences, shared;

  /// Keeps everything of `op`.
  explicit ScanKeepMask(ScanOp op)
      : sequences(op.getSequences().size(), true),
        outputs(op.getOutputs().size(), true),
        nonSequences(op.getNonSequences().size(), true),
        shared(op.getShared().size(), true) {}

  /// Whether nothing is dropped.
  bool keepsEverything() const {
    return sequences.all() && outputs.all() && nonSequences.all() &&
           shared.all();
  }
};

/// Replaces `op` by a scan without the sequences, outputs, non-sequences and
/// shared values that `keep` drops (dropping a sequence is the caller's
/// call: it may decide the step count), moving its body over. Their block arguments
/// must have no uses left and their results must be unused (they are
/// replaced by null values). Returns the new scan.
ScanOp rebuildScanWithout(mlir::RewriterBase &rewriter, ScanOp op,
                          const ScanKeepMask &keep);

/// The same, also adding non-recurrent outputs after the kept ones: output
/// `i` of the new scan past the kept ones yields `extraYields[i]` (a value of
/// the body) stacked as `extraTypes[i]`. Their results are
/// `newOp.getOutputs()[#kept + i]`. `extraSequences` are added after the kept
/// sequences, their tap slices as new block arguments after the kept ones
/// (`newOp.getSequenceArgs(#kept + i)`).
ScanOp rebuildScan(mlir::RewriterBase &rewriter, ScanOp op,
                   const ScanKeepMask &keep, mlir::ValueRange extraYields,
                   mlir::TypeRange extraTypes,
                   llvm::ArrayRef<SequenceSpec> extraSequences = {});

/// What `value`, a value the body of `op` uses, is before the loop: the
/// operand of a non-sequence argument, or the value itself when it is
/// defined outside `op`; null when it may vary with the step (a sequence or
/// output argument, or a value computed in the body).
mlir::Value getStepInvariantValue(ScanOp op, mlir::Value value);

/// Whether `value` is zeros made by a linalg.fill.
bool isZeroFill(mlir::Value value);

/// The values the ops nested in `op`'s regions use that are defined outside
/// `op`, in order of first use. Unlike mlir::getUsedValuesDefinedAbove it
/// also works while `op` sits in a block that is not in a region yet (a
/// scan body being traced or built).
llvm::SetVector<mlir::Value> getValuesCapturedBy(mlir::Operation *op);

} // namespace scanjit::scan

#endif // SCANJIT_DIALECT_SCAN_UTILS_SCANUTILS_H
