//===- SCFAdjoints.cpp - Reverse-mode rules of scf ops --------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The rule of scf.if, which the frontend's shape checks emit (one branch
// computes, the other yields zeros). Its branches read their inputs from
// above, so the derivatives flow to the captured values: the backward
// program is an scf.if on the same condition whose branches are the reverse
// sweeps of the forward branches.
//
//===----------------------------------------------------------------------===//

#include "AdjointRules.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace scanjit::scan;
using namespace scanjit::scan::adjoints;

/// Builds in `block` (empty) the reverse sweep of the forward branch
/// `forward`: a copy of its ops, then the adjoints of the `captured` values
/// given `resultAdjoints` (null: zero) for what it yields, yielded (zeros
/// where no derivative flows).
static LogicalResult buildBranchAdjoint(OpBuilder &builder, Location loc,
                                        Block &forward, Block &block,
                                        ValueRange resultAdjoints,
                                        ArrayRef<Value> captured) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(&block);
  IRMapping mapping;
  for (Operation &op : forward.without_terminator())
    builder.clone(op, mapping);
  SmallVector<Value> seeds;
  for (Value yielded : forward.getTerminator()->getOperands())
    seeds.push_back(mapping.lookupOrDefault(yielded));
  SmallVector<Value> adjoints;
  if (failed(differentiateBlock(builder, block, seeds, resultAdjoints,
                                captured, adjoints)))
    return failure();
  SmallVector<Value> yielded;
  for (auto [adjoint, value] : llvm::zip_equal(adjoints, captured))
    yielded.push_back(orZerosLike(builder, loc, adjoint, value));
  scf::YieldOp::create(builder, loc, yielded);
  // The copies of forward ops the sweep did not read.
  SmallVector<Operation *> ops = llvm::map_to_vector(
      block.without_terminator(), [](Operation &op) { return &op; });
  for (Operation *op : llvm::reverse(ops))
    if (isOpTriviallyDead(op))
      op->erase();
  return success();
}

/// r = cond ? then(c) : else(c), with c the values the branches capture from
/// above: dc = cond ? then'(c)^T g : else'(c)^T g, an scf.if on the same
/// condition whose branches differentiate copies of the forward branches
/// (the copies recompute what the sweeps read).
static LogicalResult ifAdjoint(scf::IfOp op, OpBuilder &builder,
                               AdjointState &state) {
  if (op->getNumResults() == 0)
    return success();
  llvm::SetVector<Value> used;
  getUsedValuesDefinedAbove(op->getRegions(), used);
  SmallVector<Value> captured;
  SmallVector<Type> types;
  for (Value value : used)
    if (state.needsAdjoint(value)) {
      captured.push_back(value);
      types.push_back(value.getType());
    }
  if (captured.empty())
    return success();
  SmallVector<Value> resultAdjoints;
  for (Value result : op.getResults())
    resultAdjoints.push_back(state.getAdjoint(result));

  Location loc = op.getLoc();
  auto adjointOp = scf::IfOp::create(builder, loc, types, op.getCondition(),
                                     /*withElseRegion=*/true);
  if (failed(buildBranchAdjoint(builder, loc, *op.thenBlock(),
                                *adjointOp.thenBlock(), resultAdjoints,
                                captured)) ||
      failed(buildBranchAdjoint(builder, loc, *op.elseBlock(),
                                *adjointOp.elseBlock(), resultAdjoints,
                                captured))) {
    adjointOp.erase();
    return failure();
  }
  for (auto [value, adjoint] : llvm::zip_equal(captured, adjointOp.getResults()))
    state.addAdjoint(builder, loc, value, adjoint);
  return success();
}

void scanjit::scan::registerSCFAdjointModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, scf::SCFDialect *) {
    scf::IfOp::attachInterface<RuleModel<scf::IfOp, ifAdjoint>>(*ctx);
  });
}
