//===- HoistInvariants.cpp - Step-invariant work out of scan bodies -------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan-hoist-invariants: PyTensor's scan_pushout_non_seqs_ops. An op of a
// scan body that reads only non-sequences and values defined outside the
// scan computes the same value at every step: it moves before the scan,
// reading the non-sequences' operands, and the body reads its result from
// above. (LICM cannot do it: the body receives non-sequences as block
// arguments, which are defined inside the loop.) Only pure, speculatable ops
// move, since the scan may run no step at all; empty tensors and fills are
// cloned along when a moved op writes into them, and otherwise stay.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/Transforms/Passes.h"
#include "scanjit/Dialect/Scan/Utils/ScanUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace scanjit::scan {
#define GEN_PASS_DEF_SCANHOISTINVARIANTSPASS
#include "scanjit/Dialect/Scan/Transforms/Passes.h.inc"
} // namespace scanjit::scan

using namespace mlir;
using namespace scanjit::scan;

namespace {

/// Whether `op` only makes a destination for others to write into: cheap to
/// redo at every step, and not worth a live value across the loop unless
/// an op that moves writes into it.
bool isDestinationOnly(Operation *op) {
  return isa<tensor::EmptyOp, linalg::FillOp, arith::ConstantOp>(op);
}

class InvariantHoister {
public:
  explicit InvariantHoister(ScanOp op) : op(op) {}

  void run() {
    Block *body = op.getBodyBlock();
    for (Operation &inner :
         llvm::make_early_inc_range(body->without_terminator())) {
      if (isDestinationOnly(&inner) || !canMove(&inner))
        continue;
      hoist(&inner);
    }
  }

private:
  /// Whether `value` can be had outside the scan: it is invariant, or a
  /// destination (empty tensor, fill, constant) made of invariant values.
  bool isAvailable(Value value, unsigned depth = 0) {
    if (getStepInvariantValue(op, value))
      return true;
    Operation *def = value.getDefiningOp();
    if (!def || depth > 4 || !isDestinationOnly(def) ||
        def->getBlock() != op.getBodyBlock())
      return false;
    return llvm::all_of(def->getOperands(), [&](Value operand) {
      return isAvailable(operand, depth + 1);
    });
  }

  /// Whether `inner` computes the same value at every step and may run
  /// before the loop.
  bool canMove(Operation *inner) {
    if (!isMemoryEffectFree(inner) || !isSpeculatable(inner) ||
        inner->getNumResults() == 0)
      return false;
    if (!llvm::all_of(inner->getOperands(),
                      [&](Value operand) { return isAvailable(operand); }))
      return false;
    return llvm::all_of(getValuesCapturedBy(inner),
                        [&](Value captured) { return getStepInvariantValue(op, captured); });
  }

  /// The value of `value` outside the scan, cloning destinations there.
  Value materializeOutside(OpBuilder &builder, Value value) {
    if (Value outer = getStepInvariantValue(op, value))
      return outer;
    if (Value cloned = clones.lookupOrNull(value))
      return cloned;
    Operation *def = value.getDefiningOp();
    for (Value operand : def->getOperands())
      clones.map(operand, materializeOutside(builder, operand));
    builder.clone(*def, clones);
    return clones.lookup(value);
  }

  void hoist(Operation *inner) {
    OpBuilder builder(op);
    for (OpOperand &operand : inner->getOpOperands())
      operand.set(materializeOutside(builder, operand.get()));
    inner->moveBefore(op);
  }

  ScanOp op;
  IRMapping clones;
};

struct ScanHoistInvariantsPass
    : public scanjit::scan::impl::ScanHoistInvariantsPassBase<
          ScanHoistInvariantsPass> {
  void runOnOperation() override {
    // Innermost scans first: what leaves an inner scan may leave the outer
    // one too.
    SmallVector<ScanOp> scans;
    getOperation()->walk<WalkOrder::PostOrder>(
        [&](ScanOp op) { scans.push_back(op); });
    for (ScanOp op : scans)
      InvariantHoister(op).run();
  }
};

} // namespace
