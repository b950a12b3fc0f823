//===- EmitScan.cpp - A scan.scan around a traced body --------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// fn is traced into a block of its own whose arguments are the step's Vars.
// Ops in it read outer values directly; when the tracing ends, emitScan
// turns each such value into a non-sequence operand and block argument
// (cloning constants in instead) and the reads of the state into the shared
// block arguments, then moves the ops into the new scan.scan. Nested scans
// were closed the same way first, so their captures are operands of the
// nested op: captured in turn here.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"
#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace scanjit::detail {

Operation *Emitter::emitScan(ScanParts &parts) {
  Block *traced = parts.body;
  {
    // The block is not in a region yet: the builder needs the context.
    OpBuilder bodyBuilder(context());
    bodyBuilder.setInsertionPointToEnd(traced);
    scan::YieldOp::create(bodyBuilder, loc, parts.yields, parts.until);
  }
  llvm::DenseMap<Value, size_t> stateIndex;
  for (auto [i, value] : llvm::enumerate(parts.state))
    stateIndex[value] = i;

  // What the body reads from outside.
  llvm::DenseSet<Value> inside(traced->getArguments().begin(),
                               traced->getArguments().end());
  traced->walk([&](Operation *op) {
    inside.insert(op->getResults().begin(), op->getResults().end());
    for (mlir::Region &region : op->getRegions())
      for (Block &block : region)
        inside.insert(block.getArguments().begin(), block.getArguments().end());
  });
  llvm::SetVector<Value> captures;
  llvm::SetVector<Operation *> constants;
  auto fail = [&](const std::string &message) {
    throw Error(parts.label + ": " + message);
  };
  traced->walk([&](Operation *op) {
    if (auto nested = dyn_cast<scan::ScanOp>(op)) {
      unsigned explicitCount = module.explicitNonSequences.lookup(op);
      for (auto [i, value] : llvm::enumerate(nested.getNonSequences()))
        if (i >= explicitCount && stateIndex.count(value)) {
          const ArgumentInfo &info = module.arguments[value];
          fail("a scan nested in fn reads the shared variable" +
               (info.name.empty() ? std::string() : " '" + info.name + "'") +
               ", which this scan updates at every step; pass it to the "
               "nested scan as a non-sequence");
        }
    }
    for (Value operand : op->getOperands()) {
      if (inside.count(operand) || stateIndex.count(operand))
        continue;
      Operation *definition = operand.getDefiningOp();
      if (definition && definition->hasTrait<OpTrait::ConstantLike>()) {
        constants.insert(definition);
        continue;
      }
      if (parts.strict) {
        auto argument = module.arguments.find(operand);
        if (argument != module.arguments.end() && argument->second.isShared)
          fail("strict is set, but fn uses the shared variable " +
               argument->second.describe() + ", which is not in non_sequences");
      }
      if (!isa<RankedTensorType>(operand.getType()))
        throw Error("internal compiler error: " + parts.label +
                    " captures a value that is not a tensor");
      captures.insert(operand);
    }
  });

  SmallVector<scan::SequenceSpec> sequences;
  for (const ScanParts::Sequence &sequence : parts.sequences)
    sequences.push_back(
        {sequence.value, {sequence.taps.begin(), sequence.taps.end()}});
  SmallVector<scan::OutputSpec> outputs;
  for (const ScanParts::Output &output : parts.outputs) {
    scan::OutputSpec spec{output.resultType};
    spec.initialValue = output.initialValue;
    spec.taps.assign(output.taps.begin(), output.taps.end());
    outputs.push_back(spec);
  }
  SmallVector<Value> nonSequences(parts.nonSequences.begin(),
                                  parts.nonSequences.end());
  nonSequences.append(captures.begin(), captures.end());
  auto scanOp = scan::ScanOp::create(builder, loc, sequences, outputs,
                                     nonSequences, parts.state, parts.steps,
                                     parts.goBackwards, parts.truncateGradient);
  scanOp.setCheckpoint(parts.checkpoint);
  module.explicitNonSequences[scanOp] = parts.nonSequences.size();

  // Move the traced body in: its arguments, captures and state reads become
  // the op's block arguments.
  Block *block = scanOp.getBodyBlock();
  block->getOperations().splice(block->end(), traced->getOperations());
  auto insideScan = [&](OpOperand &use) {
    return scanOp->isProperAncestor(use.getOwner());
  };
  OpBuilder bodyBuilder = OpBuilder::atBlockBegin(block);
  for (Operation *constant : constants) {
    Operation *copy = bodyBuilder.clone(*constant);
    constant->getResult(0).replaceUsesWithIf(copy->getResult(0), insideScan);
  }
  unsigned placeholders = traced->getNumArguments();
  for (unsigned i = 0; i < placeholders; ++i) {
    // An output's past values may be more static while tracing (the initial
    // value's step type) than in the op (the output's step type).
    Value argument = block->getArgument(i);
    if (argument.getType() != traced->getArgument(i).getType())
      argument = tensor::CastOp::create(
          bodyBuilder, loc, traced->getArgument(i).getType(), argument);
    traced->getArgument(i).replaceAllUsesWith(argument);
  }
  for (auto [i, capture] : llvm::enumerate(captures)) {
    Value captured = capture;
    captured.replaceUsesWithIf(block->getArgument(placeholders + i),
                               insideScan);
  }
  unsigned firstShared = placeholders + captures.size();
  for (size_t i = 0; i < parts.state.size(); ++i)
    parts.state[i].replaceUsesWithIf(block->getArgument(firstShared + i),
                                     insideScan);

  // The verifier states the op's static rules once: what it rejects that
  // the checks above did not is the program's error, in its words.
  std::string diagnostic;
  {
    mlir::ScopedDiagnosticHandler handler(
        scanOp->getContext(), [&](mlir::Diagnostic &diag) {
          if (diagnostic.empty())
            diagnostic = diag.str();
          return success();
        });
    if (succeeded(mlir::verify(scanOp)))
      return scanOp;
  }
  llvm::StringRef text(diagnostic);
  text.consume_front("'scan.scan' op ");
  fail(text.str());
  return scanOp;
}

} // namespace scanjit::detail
