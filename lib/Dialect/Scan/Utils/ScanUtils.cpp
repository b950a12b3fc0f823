//===- ScanUtils.cpp - Utilities shared by scan.scan rewrites -------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/Utils/ScanUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace scanjit::scan;

ScanOp scanjit::scan::rebuildScanWithout(RewriterBase &rewriter, ScanOp op,
                                         const ScanKeepMask &keep) {
  return rebuildScan(rewriter, op, keep, ValueRange(), TypeRange());
}

ScanOp scanjit::scan::rebuildScan(RewriterBase &rewriter, ScanOp op,
                                  const ScanKeepMask &keep,
                                  ValueRange extraYields,
                                  TypeRange extraTypes,
                                  ArrayRef<SequenceSpec> extraSequences) {
  assert(extraYields.size() == extraTypes.size() && "one type per output");
  SmallVector<SequenceSpec> sequences;
  for (unsigned i : keep.sequences.set_bits())
    sequences.push_back({op.getSequences()[i],
                         llvm::to_vector_of<int64_t, 2>(op.getSequenceTapsOf(i))});
  llvm::append_range(sequences, extraSequences);
  SmallVector<OutputSpec> outputs;
  for (unsigned i : keep.outputs.set_bits())
    outputs.push_back({cast<RankedTensorType>(op.getOutputs()[i].getType()),
                       op.getInitialValueOf(i),
                       llvm::to_vector_of<int64_t, 2>(op.getOutputTapsOf(i)),
                       op.getLastStepsOf(i)});
  for (Type type : extraTypes)
    outputs.push_back(OutputSpec::nonRecurrent(cast<RankedTensorType>(type)));
  SmallVector<Value> nonSequences, shared;
  for (unsigned i : keep.nonSequences.set_bits())
    nonSequences.push_back(op.getNonSequences()[i]);
  for (unsigned i : keep.shared.set_bits())
    shared.push_back(op.getShared()[i]);

  // Drop the block arguments and yielded values of what goes.
  Block *body = op.getBodyBlock();
  llvm::BitVector dropArgs(body->getNumArguments());
  auto markDropped = [&](Block::BlockArgListType args) {
    for (BlockArgument arg : args) {
      assert(arg.use_empty() && "dropping a block argument still in use");
      dropArgs.set(arg.getArgNumber());
    }
  };
  for (unsigned i = 0, e = op.getSequences().size(); i < e; ++i)
    if (!keep.sequences[i])
      markDropped(op.getSequenceArgs(i));
  for (unsigned i = 0, e = op.getOutputs().size(); i < e; ++i)
    if (!keep.outputs[i])
      markDropped(op.getOutputArgs(i));
  for (unsigned i = 0, e = op.getNonSequences().size(); i < e; ++i)
    if (!keep.nonSequences[i])
      markDropped(op.getNonSequenceArgs().slice(i, 1));
  for (unsigned i = 0, e = op.getShared().size(); i < e; ++i)
    if (!keep.shared[i])
      markDropped(op.getSharedArgs().slice(i, 1));

  YieldOp yield = op.getYield();
  SmallVector<Value> yielded;
  unsigned numOutputs = op.getOutputs().size();
  for (unsigned i : keep.outputs.set_bits())
    yielded.push_back(yield.getValues()[i]);
  llvm::append_range(yielded, extraYields);
  for (unsigned i : keep.shared.set_bits())
    yielded.push_back(yield.getValues()[numOutputs + i]);

  auto newOp = ScanOp::create(rewriter, op.getLoc(), sequences, outputs,
                              nonSequences, shared, op.getNSteps(),
                              op.getGoBackwards(), op.getTruncateGradientSteps());
  newOp.setCheckpoint(op.getCheckpoint());
  newOp->setDiscardableAttrs(op->getDiscardableAttrDictionary());
  rewriter.inlineRegionBefore(op.getBody(), newOp.getBody(),
                              newOp.getBody().end());
  rewriter.eraseBlock(&newOp.getBody().front());
  rewriter.modifyOpInPlace(newOp, [&] {
    body->eraseArguments(dropArgs);
    // The tap slices of the added sequences follow the kept sequences'.
    unsigned position = 0;
    for (unsigned i : keep.sequences.set_bits())
      position += op.getSequenceTapsOf(i).size();
    for (const SequenceSpec &sequence : extraSequences) {
      Type step = dropLeadingDim(cast<RankedTensorType>(sequence.value.getType()));
      for (size_t tap = 0; tap < sequence.taps.size(); ++tap)
        body->insertArgument(position++, step, sequence.value.getLoc());
    }
  });
  rewriter.setInsertionPoint(yield);
  rewriter.replaceOpWithNewOp<YieldOp>(yield, yielded, yield.getUntil());

  SmallVector<Value> replacements(op->getNumResults(), Value());
  unsigned next = 0;
  for (unsigned i : keep.outputs.set_bits())
    replacements[i] = newOp.getOutputs()[next++];
  next = 0;
  for (unsigned i : keep.shared.set_bits())
    replacements[numOutputs + i] = newOp.getFinalShared()[next++];
  rewriter.replaceOp(op, replacements);
  return newOp;
}

llvm::SetVector<Value> scanjit::scan::getValuesCapturedBy(Operation *op) {
  llvm::SetVector<Value> captured;
  if (op->getNumRegions() == 0)
    return captured;
  op->walk([&](Operation *nested) {
    if (nested == op)
      return;
    for (Value operand : nested->getOperands()) {
      Block *owner = operand.getParentBlock();
      Operation *parent = owner ? owner->getParentOp() : nullptr;
      if (!parent || !op->isAncestor(parent))
        captured.insert(operand);
    }
  });
  return captured;
}

Value scanjit::scan::getStepInvariantValue(ScanOp op, Value value) {
  Block::BlockArgListType nonSequences = op.getNonSequenceArgs();
  if (auto arg = dyn_cast<BlockArgument>(value);
      arg && arg.getOwner() == op.getBodyBlock()) {
    if (nonSequences.empty() ||
        arg.getArgNumber() < nonSequences.front().getArgNumber() ||
        arg.getArgNumber() > nonSequences.back().getArgNumber())
      return Value();
    return op.getNonSequences()[arg.getArgNumber() -
                                nonSequences.front().getArgNumber()];
  }
  Block *owner = value.getParentBlock();
  Operation *parent = owner ? owner->getParentOp() : nullptr;
  if (parent && op->isAncestor(parent))
    return Value();
  return value;
}

bool scanjit::scan::isZeroFill(Value value) {
  auto fill = value.getDefiningOp<linalg::FillOp>();
  return fill && matchPattern(fill.getInputs().front(), m_AnyZeroFloat());
}
