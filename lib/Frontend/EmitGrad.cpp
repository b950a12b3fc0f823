//===- EmitGrad.cpp - Gradient requests and stop_gradient -----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The MLIR side of grad() (see Grad.cpp): the scan.grad request, and the
// clone into a scan body of the outer graph between the values
// differentiated with respect to and the outer values the cost reads.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"
#include "Tracing.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"
#include "scanjit/Dialect/Scan/Utils/ScanUtils.h"

#include "mlir/IR/IRMapping.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

#include <optional>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// Clones into a scan body being traced the outer graph between the values
/// differentiated with respect to and the outer values the cost reads (see
/// the file comment).
class OuterGraphCloner {
public:
  explicit OuterGraphCloner(TracingScope &scope)
      : scope(scope), block(*scope.block) {}

  /// Clones what `cost` needs and updates `cost` when it is itself an outer
  /// value.
  void run(mlir::Value &cost, llvm::ArrayRef<mlir::Value> wrt) {
    for (mlir::Value value : wrt)
      if (mlir::Value outer = getOuterIdentity(value)) {
        outerWrt.insert(outer);
        // Uses of the outer value in the clones read the body's value.
        if (outer != value)
          mapping.map(outer, value);
      }
    if (outerWrt.empty())
      return;
    // The body is not in a region yet: the builder takes the context.
    builder.emplace(cost.getContext());
    builder->setInsertionPoint(&block, block.begin());
    for (mlir::Value leaf : collectLeaves(cost)) {
      mlir::Value outer = getOuterIdentity(leaf);
      if (outerWrt.contains(outer) || !dependsOnWrt(outer))
        continue;
      mlir::Value clone = cloneOuter(outer);
      leaf.replaceUsesWithIf(clone, [&](mlir::OpOperand &use) {
        return block.findAncestorOpInBlock(*use.getOwner()) != nullptr;
      });
      if (leaf == cost)
        cost = clone;
    }
  }

private:
  /// The outer value `value` stands for in the body: itself when it is
  /// defined outside the body, the operand of an explicit non-sequence
  /// argument, or null for a value of the body.
  mlir::Value getOuterIdentity(mlir::Value value) {
    if (auto arg = llvm::dyn_cast<mlir::BlockArgument>(value);
        arg && arg.getOwner() == &block)
      return scope.argumentOrigins.lookup(value);
    return isInBody(value) ? mlir::Value() : value;
  }

  /// Whether `value` is defined in the body (in its block or nested in it).
  bool isInBody(mlir::Value value) {
    mlir::Block *owner = value.getParentBlock();
    if (owner == &block)
      return true;
    mlir::Operation *parent = owner ? owner->getParentOp() : nullptr;
    return parent && block.findAncestorOpInBlock(*parent) != nullptr;
  }

  /// The outer values (or non-sequence arguments) the body computes `cost`
  /// from.
  llvm::SetVector<mlir::Value> collectLeaves(mlir::Value cost) {
    llvm::SetVector<mlir::Value> leaves;
    llvm::DenseSet<mlir::Value> seen;
    llvm::SmallVector<mlir::Value> stack = {cost};
    while (!stack.empty()) {
      mlir::Value value = stack.pop_back_val();
      if (!seen.insert(value).second)
        continue;
      if (getOuterIdentity(value)) {
        leaves.insert(value);
        continue;
      }
      mlir::Operation *def = value.getDefiningOp();
      if (!def)
        continue;
      llvm::append_range(stack, def->getOperands());
      llvm::append_range(stack, scan::getValuesCapturedBy(def));
    }
    return leaves;
  }

  /// The values `def` reads: its operands and what its regions capture.
  static llvm::SmallVector<mlir::Value> getInputs(mlir::Operation *def) {
    llvm::SmallVector<mlir::Value> inputs(def->getOperands());
    llvm::append_range(inputs, scan::getValuesCapturedBy(def));
    return inputs;
  }

  /// Whether the outer value `root` depends on a value differentiated with
  /// respect to. Iterative (graphs may be deep), memoized.
  bool dependsOnWrt(mlir::Value root) {
    // (value, whether its inputs were pushed already)
    llvm::SmallVector<std::pair<mlir::Value, bool>> stack = {{root, false}};
    while (!stack.empty()) {
      auto [value, expanded] = stack.back();
      if (dependence.contains(value)) {
        stack.pop_back();
        continue;
      }
      mlir::Operation *def = value.getDefiningOp();
      if (outerWrt.contains(value) || !def) {
        dependence[value] = outerWrt.contains(value);
        stack.pop_back();
        continue;
      }
      if (!expanded) {
        stack.back().second = true;
        for (mlir::Value input : getInputs(def))
          if (!dependence.contains(input))
            stack.push_back({input, false});
        continue;
      }
      dependence[value] = llvm::any_of(
          getInputs(def), [&](mlir::Value input) { return dependence[input]; });
      stack.pop_back();
    }
    return dependence[root];
  }

  /// Whether an operand of a cloned op is cloned too: when it depends on a
  /// wrt value, and when it is not a tensor (an index or a scalar such as a
  /// constant: a scan body captures only tensors).
  bool mustClone(mlir::Value operand) {
    if (dependsOnWrt(operand))
      return true;
    return !llvm::isa<mlir::RankedTensorType>(operand.getType()) &&
           operand.getDefiningOp() && !isInBody(operand);
  }

  /// The clone in the body of the outer value `root` (which depends on a
  /// wrt value, or is a scalar it needs), inputs first. Iterative.
  mlir::Value cloneOuter(mlir::Value root) {
    llvm::SmallVector<std::pair<mlir::Value, bool>> stack = {{root, false}};
    while (!stack.empty()) {
      auto [value, expanded] = stack.back();
      if (mapping.contains(value) || outerWrt.contains(value)) {
        stack.pop_back();
        continue;
      }
      mlir::Operation *def = value.getDefiningOp();
      assert(def && "only op results are cloned");
      if (!expanded) {
        stack.back().second = true;
        for (mlir::Value input : getInputs(def))
          if (mustClone(input))
            stack.push_back({input, false});
        continue;
      }
      builder->clone(*def, mapping);
      stack.pop_back();
    }
    return mapping.lookupOrDefault(root);
  }

  TracingScope &scope;
  mlir::Block &block;
  std::optional<mlir::OpBuilder> builder;
  mlir::IRMapping mapping;
  llvm::DenseSet<mlir::Value> outerWrt;
  llvm::DenseMap<mlir::Value, bool> dependence;
};

/// The values of `block` (and `wrt` themselves) that depend on `wrt`
/// through ops that propagate derivatives (all but scan.stop_gradient).
llvm::DenseSet<mlir::Value> getDependents(mlir::Block &block,
                                          llvm::ArrayRef<mlir::Value> wrt) {
  llvm::DenseSet<mlir::Value> varied(wrt.begin(), wrt.end());
  for (mlir::Operation &op : block) {
    if (llvm::isa<scan::StopGradientOp>(op))
      continue;
    bool depends = llvm::any_of(op.getOperands(), [&](mlir::Value operand) {
      return varied.contains(operand);
    });
    if (!depends)
      depends = llvm::any_of(
          scan::getValuesCapturedBy(&op),
          [&](mlir::Value captured) { return varied.contains(captured); });
    if (depends)
      varied.insert(op.result_begin(), op.result_end());
  }
  return varied;
}

} // namespace

mlir::Value Emitter::cloneOuterGraphForGrad(mlir::Value cost,
                                            llvm::ArrayRef<mlir::Value> wrt) {
  OuterGraphCloner(module.current()).run(cost, wrt);
  return cost;
}

bool Emitter::dependsOn(mlir::Value value, mlir::Value wrt) {
  return getDependents(*module.current().block, {wrt}).contains(value);
}

llvm::SmallVector<mlir::Value>
Emitter::emitGrad(mlir::Value cost, llvm::ArrayRef<mlir::Value> wrt) {
  llvm::SmallVector<mlir::Type> types;
  for (mlir::Value value : wrt)
    types.push_back(value.getType());
  auto request = scan::GradOp::create(builder, loc, types, cost, wrt);
  return llvm::SmallVector<mlir::Value>(request.getGradients());
}

mlir::Value Emitter::emitStopGradient(mlir::Value value) {
  return scan::StopGradientOp::create(builder, loc, value.getType(), value);
}
