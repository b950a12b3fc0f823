//===- GPUUnifiedMemory.cpp - One memory for host code and kernels --------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "llvm/ADT/SetVector.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANGPUUNIFIEDMEMORYPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// The dynamic sizes of `memref`, for an allocation of its type.
SmallVector<Value> dynamicSizesOf(OpBuilder &builder, Location loc,
                                  Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<Value> sizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    if (type.isDynamicDim(dim))
      sizes.push_back(memref::DimOp::create(builder, loc, memref, dim));
  return sizes;
}

/// Whether a value derived from `buffer` through views and casts is
/// returned (or escapes in a way this pass does not follow).
bool mayBeReturned(Value buffer) {
  SmallVector<Value> worklist{buffer};
  llvm::SmallPtrSet<Value, 8> seen;
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    if (!seen.insert(value).second)
      continue;
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (isa<func::ReturnOp>(user))
        return true;
      if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
        if (view.getViewSource() == value)
          for (Value result : user->getResults())
            worklist.push_back(result);
        continue;
      }
      if (isa<memref::CastOp, memref::ReinterpretCastOp>(user))
        for (Value result : user->getResults())
          worklist.push_back(result);
      // Region-carrying users (loops, ifs) may yield the buffer out.
      if (user->getNumRegions() > 0 ||
          isa<RegionBranchTerminatorOpInterface>(user))
        return true;
    }
  }
  return false;
}

/// Copies `value` (an argument or a constant of `func`) into unified memory
/// at the start of the entry block; every other use reads the copy, which
/// is freed before each return unless a result may alias it.
void stageIntoUnifiedMemory(func::FuncOp func, Value value) {
  if (!isa<MemRefType>(value.getType()) || value.use_empty())
    return;
  auto type = cast<MemRefType>(value.getType());
  if (!type.getLayout().isIdentity())
    return;
  Block &entry = func.getBody().front();
  OpBuilder builder(func.getContext());
  if (Operation *definingOp = value.getDefiningOp())
    builder.setInsertionPointAfter(definingOp);
  else
    builder.setInsertionPointToStart(&entry);
  Location loc = value.getLoc();
  SmallVector<Value> sizes = dynamicSizesOf(builder, loc, value);
  auto copy = gpu::AllocOp::create(builder, loc, type, Type(), ValueRange(),
                                   sizes, ValueRange(), /*hostShared=*/true);
  Value staged = copy.getMemref();
  auto copyOp = memref::CopyOp::create(builder, loc, value, staged);
  value.replaceUsesWithIf(staged, [&](OpOperand &use) {
    Operation *owner = use.getOwner();
    return owner != copyOp && !isa<memref::DimOp>(owner);
  });
  if (mayBeReturned(staged))
    return;
  func.walk([&](func::ReturnOp ret) {
    OpBuilder atReturn(ret);
    memref::DeallocOp::create(atReturn, ret.getLoc(), staged);
  });
}

struct ScanGPUUnifiedMemoryPass
    : public scanjit::impl::ScanGPUUnifiedMemoryPassBase<
          ScanGPUUnifiedMemoryPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      rewriteAllocations(func);
      bool launches = false;
      func.walk([&](Operation *op) {
        if (isa<gpu::LaunchOp, gpu::LaunchFuncOp>(op))
          launches = true;
      });
      if (!launches)
        continue;
      // Constants first leave any loop: get_global has no operands.
      SmallVector<memref::GetGlobalOp> globals;
      func.walk([&](memref::GetGlobalOp global) { globals.push_back(global); });
      Block &entry = func.getBody().front();
      for (memref::GetGlobalOp global : globals) {
        global->moveBefore(&entry, entry.begin());
        stageIntoUnifiedMemory(func, global.getResult());
      }
      for (BlockArgument argument : entry.getArguments())
        stageIntoUnifiedMemory(func, argument);
    }
  }

  /// memref.alloc -> gpu.alloc host_shared.
  void rewriteAllocations(func::FuncOp func) {
    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
    for (memref::AllocOp alloc : allocs) {
      OpBuilder builder(alloc);
      auto replacement = gpu::AllocOp::create(
          builder, alloc.getLoc(), alloc.getType(), Type(), ValueRange(),
          alloc.getDynamicSizes(), alloc.getSymbolOperands(),
          /*hostShared=*/true);
      alloc.replaceAllUsesWith(replacement.getMemref());
      alloc.erase();
    }
  }
};

} // namespace
