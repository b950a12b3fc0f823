//===- ScanOps.h - Operations of the scan dialect ---------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Declares `scan.scan` and `scan.yield`, and the plain structs the C++ builder
// of `scan.scan` takes.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_IR_SCANOPS_H
#define SCANJIT_DIALECT_SCAN_IR_SCANOPS_H

#include "scanjit/Dialect/Scan/IR/AdjointOpInterface.h"
#include "scanjit/Dialect/Scan/IR/ScanDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace scanjit::scan {

/// A sequence of a scan: a tensor iterated over its leading dimension, read at
/// the given taps (offsets from the current step; Theano's default is [0]).
struct SequenceSpec {
  mlir::Value value;
  llvm::SmallVector<int64_t, 2> taps = {0};
};

/// An output of a scan. A recurrent output has an initial value (its history
/// on the leading dimension) and negative taps (Theano's default is [-1]); a
/// non-recurrent output has neither. `resultType` is the stacked result,
/// `[n_steps, step shape...]`. `lastSteps` > 0 keeps only the last steps.
struct OutputSpec {
  mlir::RankedTensorType resultType;
  mlir::Value initialValue = {};
  llvm::SmallVector<int64_t, 2> taps = {-1};
  int64_t lastSteps = 0;

  /// A non-recurrent output (Theano's `outputs_info=None`).
  static OutputSpec nonRecurrent(mlir::RankedTensorType resultType) {
    return OutputSpec{resultType, {}, {}};
  }
};

/// The rows of a sequence its taps read, relative to the current step, as
/// PyTensor cuts them: the span always includes tap 0, `lo = min(min(taps),
/// 0)` and `hi = max(max(taps), 0)`. Tap `k` reads the slice
/// `u[k - lo : len - (hi - k)]`; the sequence provides `len - (hi - lo)`
/// steps.
struct SequenceSpan {
  int64_t lo = 0;
  int64_t hi = 0;

  /// The span of `taps` (non-empty, each within +-kMaxTapMagnitude).
  static SequenceSpan of(llvm::ArrayRef<int64_t> taps);
  /// The rows beyond the first that one step reads: `hi - lo`.
  int64_t extent() const { return hi - lo; }
  /// The row tap `tap` reads at step 0 going forwards: `tap - lo` (step t
  /// reads row `t + tap - lo`).
  int64_t firstRow(int64_t tap) const { return tap - lo; }
  /// How many rows before the end of the sequence tap `tap` reads at step 0
  /// going backwards: `hi - tap` (step t reads row `len - 1 - (hi - tap) -
  /// t`, the slice cut first and then reversed).
  int64_t rowsFromEnd(int64_t tap) const { return hi - tap; }
};

/// The largest tap magnitude the dialect accepts: larger taps would need
/// sequences or histories no memory holds, and keep the tap arithmetic
/// (spans, depths, row offsets) far from int64 overflow.
inline constexpr int64_t kMaxTapMagnitude = int64_t{1} << 48;

/// The type of one step of a stacked tensor: `type` without its leading
/// dimension. `type` must have rank >= 1.
mlir::RankedTensorType dropLeadingDim(mlir::RankedTensorType type);

/// A sequence, or a recurrent output's initial value, as the rules that do
/// not depend on the body see it: its type and taps.
struct TappedOperand {
  mlir::Type type;
  llvm::ArrayRef<int64_t> taps;
};

/// What a scan's rules check before its body exists: the sequences, the
/// initial values of the recurrent outputs (with their indices among all
/// outputs), the step count and the gradient truncation.
struct ScanSignature {
  llvm::ArrayRef<TappedOperand> sequences;
  llvm::ArrayRef<TappedOperand> initialValues;
  /// The output index of each initial value (a non-recurrent output has none).
  llvm::ArrayRef<unsigned> recurrentOutputs;
  bool hasNSteps = false;
  std::optional<int64_t> constantNSteps;
  int64_t truncateGradient = -1;
};

/// The operand a message of verifyScanSignature names.
enum class ScanOperandKind { Sequence, Output, InitialValue };

/// Names operand `index` of `kind` in a message; verifyScanSignature's default
/// is "sequence #0", "output #0", "initial value of output #0".
using ScanOperandNamer =
    llvm::function_ref<std::string(ScanOperandKind kind, unsigned index)>;

/// Checks the rules of `scan.scan` that do not depend on its body (taps,
/// sequence lengths against their taps, initial values against their taps,
/// n_steps, truncate_gradient) and reports the first one broken through
/// `emitError`, naming operands with `name`. ScanOp::verify states these
/// rules through it; the frontend checks them with it before tracing a step
/// function, so the rules are stated once.
mlir::LogicalResult
verifyScanSignature(const ScanSignature &signature,
                    llvm::function_ref<mlir::InFlightDiagnostic()> emitError,
                    ScanOperandNamer name = nullptr);

} // namespace scanjit::scan

#define GET_OP_CLASSES
#include "scanjit/Dialect/Scan/IR/ScanOps.h.inc"

#endif // SCANJIT_DIALECT_SCAN_IR_SCANOPS_H
