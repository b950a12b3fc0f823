//===- ScanRules.cpp - Scan rules checked while tracing -------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "ScanRules.h"

#include "Emitter.h"
#include "Tracing.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"
#include "scanjit/Support/Error.h"

#include "mlir/IR/Diagnostics.h"

using namespace scanjit;

std::pair<int64_t, int64_t>
detail::sequenceSpan(const std::vector<int64_t> &taps) {
  scanjit::scan::SequenceSpan span = scanjit::scan::SequenceSpan::of(taps);
  return {span.lo, span.hi};
}

std::string detail::formatTaps(const std::vector<int64_t> &taps) {
  std::string text = "[";
  for (size_t i = 0; i < taps.size(); ++i)
    text += (i ? ", " : "") + std::to_string(taps[i]);
  return text + "]";
}

void detail::checkScanOperands(const ScanOperands &operands,
                               const std::string &label) {
  std::shared_ptr<TraceModule> module = currentTraceModule();
  std::vector<scanjit::scan::TappedOperand> sequences, initialValues;
  std::vector<unsigned> recurrentOutputs;
  for (size_t i = 0; i < operands.sequences.size(); ++i) {
    const TappedVar &sequence = operands.sequences[i];
    const TracedPtr &node =
        tracedOf(sequence.value, label + ": sequence #" + std::to_string(i));
    module = node->module;
    sequences.push_back({toTensorType(module->context, node->type),
                         llvm::ArrayRef(sequence.taps)});
  }
  for (size_t i = 0; i < operands.outputs.size(); ++i) {
    const TappedVar &output = operands.outputs[i];
    std::string what = "output #" + std::to_string(i);
    if (!output.value.valid()) {
      // PyTensor: "If you are using slices of an output you need to provide
      // a initial state". Without taps, a null Var reads nothing: none.
      if (!output.taps.empty())
        throw Error(label + ": " + what + " has taps " +
                    formatTaps(output.taps) +
                    " but no initial value (a null Var); reading past values "
                    "of an output needs an initial state (pass `none` for an "
                    "output fn does not read back)");
      continue;
    }
    const TracedPtr &node = tracedOf(output.value, label + ": " + what);
    module = node->module;
    // Taps [-1] take the initial value as one step: the op gets it with a
    // leading dimension of 1.
    TensorType type = node->type;
    if (output.taps == std::vector<int64_t>{-1})
      type.shape.insert(type.shape.begin(), 1);
    initialValues.push_back(
        {toTensorType(module->context, type), llvm::ArrayRef(output.taps)});
    recurrentOutputs.push_back(static_cast<unsigned>(i));
  }

  scanjit::scan::ScanSignature signature;
  signature.sequences = sequences;
  signature.initialValues = initialValues;
  signature.recurrentOutputs = recurrentOutputs;
  signature.hasNSteps = operands.hasNSteps;
  signature.constantNSteps = operands.constantNSteps;
  signature.truncateGradient = operands.truncateGradient;
  auto name = [&](scanjit::scan::ScanOperandKind kind,
                  unsigned i) -> std::string {
    std::string index = "#" + std::to_string(i);
    switch (kind) {
    case scanjit::scan::ScanOperandKind::Sequence:
      return "sequence " + index + " (" +
             operands.sequences[i].value.describe() + ")";
    case scanjit::scan::ScanOperandKind::Output:
      return "output " + index;
    case scanjit::scan::ScanOperandKind::InitialValue:
      return "the initial value of output " + index + " (" +
             operands.outputs[i].value.describe() + ")";
    }
    return "operand " + index;
  };

  mlir::MLIRContext &context = module->context;
  std::string message;
  mlir::LogicalResult result = mlir::success();
  {
    mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
      if (message.empty())
        message = d.str();
      return mlir::success();
    });
    result = scanjit::scan::verifyScanSignature(
        signature,
        [&] { return mlir::emitError(mlir::UnknownLoc::get(&context)); }, name);
  }
  if (mlir::failed(result))
    throw Error(label + ": " + message);
}
