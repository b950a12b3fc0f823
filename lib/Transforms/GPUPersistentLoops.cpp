//===- GPUPersistentLoops.cpp - A whole step loop in one kernel launch ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANGPUPERSISTENTLOOPSPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// Whether `op` is inside a loop or a launch (below `func`).
bool isNested(Operation *op) {
  for (Operation *parent = op->getParentOp(); parent;
       parent = parent->getParentOp()) {
    if (isa<func::FuncOp>(parent))
      return false;
    if (isa<LoopLikeOpInterface, gpu::LaunchOp>(parent))
      return true;
  }
  return false;
}

/// Allocations of `loop`'s own block whose sizes are defined before it and
/// that are freed in the same block: what moves around the loop. Null when
/// an allocation cannot move.
std::optional<SmallVector<memref::AllocOp>>
movableAllocations(scf::ForOp loop) {
  SmallVector<memref::AllocOp> allocs;
  for (auto alloc : loop.getBody()->getOps<memref::AllocOp>()) {
    bool sizesBefore = llvm::all_of(alloc->getOperands(), [&](Value size) {
      return loop.isDefinedOutsideOfLoop(size);
    });
    bool freedHere = llvm::any_of(alloc->getUsers(), [&](Operation *user) {
      return isa<memref::DeallocOp>(user) && user->getBlock() == loop.getBody();
    });
    if (!sizesBefore || !freedHere)
      return std::nullopt;
    allocs.push_back(alloc);
  }
  return allocs;
}

/// Whether a kernel can run `loop`'s body (see the pass description).
bool qualifies(scf::ForOp loop, bool onlySmall, int64_t maxElements,
               ArrayRef<memref::AllocOp> allocs) {
  if (loop->getNumResults() != 0)
    return false;
  bool work = false;
  WalkResult result = loop.getBody()->walk([&](Operation *op) {
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
      work = true;
      if (!linalgOp.hasPureBufferSemantics())
        return WalkResult::interrupt();
      if (onlySmall) {
        int64_t elements = 1;
        SmallVector<int64_t> ranges = linalgOp.getStaticLoopRanges();
        for (auto [range, kind] :
             llvm::zip(ranges, linalgOp.getIteratorTypesArray())) {
          if (kind != utils::IteratorType::parallel)
            continue;
          if (ShapedType::isDynamic(range))
            return WalkResult::interrupt();
          // Checked: sizes near 2^63 must not wrap into a small count.
          if (range != 0 && elements > maxElements / range)
            return WalkResult::interrupt();
          elements *= range;
        }
      }
      return WalkResult::skip();
    }
    if (auto alloc = dyn_cast<memref::AllocOp>(op))
      return llvm::is_contained(allocs, alloc) ? WalkResult::advance()
                                               : WalkResult::interrupt();
    if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
      auto alloc = dealloc.getMemref().getDefiningOp<memref::AllocOp>();
      return alloc && llvm::is_contained(allocs, alloc)
                 ? WalkResult::advance()
                 : WalkResult::interrupt();
    }
    if (isa<memref::LoadOp, memref::StoreOp, scf::ForOp, scf::IfOp,
            scf::YieldOp, scf::WhileOp, scf::ConditionOp>(op) ||
        isPure(op) || isMemoryEffectFree(op))
      return WalkResult::advance();
    return WalkResult::interrupt();
  });
  return work && !result.wasInterrupted();
}

/// Spreads the iterations of `parallel` over the block's threads (`thread`
/// of `threads`) and adds a barrier after it. Returns the loop each thread
/// runs.
scf::ForOp distribute(RewriterBase &rewriter, scf::ParallelOp parallel,
                      Value thread, Value threads) {
  Location loc = parallel.getLoc();
  rewriter.setInsertionPoint(parallel);
  SmallVector<Value> counts;
  Value total = arith::ConstantIndexOp::create(rewriter, loc, 1);
  for (auto [lower, upper, step] :
       llvm::zip(parallel.getLowerBound(), parallel.getUpperBound(),
                 parallel.getStep())) {
    Value span = arith::SubIOp::create(rewriter, loc, upper, lower);
    Value count = arith::CeilDivUIOp::create(rewriter, loc, span, step);
    counts.push_back(count);
    total = arith::MulIOp::create(rewriter, loc, total, count);
  }
  auto strided = scf::ForOp::create(rewriter, loc, thread, total, threads);
  rewriter.setInsertionPointToStart(strided.getBody());
  // Row-major: the last dimension varies fastest (coalesced accesses).
  Value rest = strided.getInductionVar();
  SmallVector<Value> ivs(counts.size());
  for (int64_t d = static_cast<int64_t>(counts.size()) - 1; d >= 0; --d) {
    Value index = d == 0
                      ? rest
                      : arith::RemUIOp::create(rewriter, loc, rest, counts[d])
                            .getResult();
    if (d > 0)
      rest = arith::DivUIOp::create(rewriter, loc, rest, counts[d]);
    Value scaled =
        arith::MulIOp::create(rewriter, loc, index, parallel.getStep()[d]);
    ivs[d] = arith::AddIOp::create(rewriter, loc, parallel.getLowerBound()[d],
                                   scaled);
  }
  IRMapping mapping;
  mapping.map(parallel.getInductionVars(), ivs);
  for (Operation &op : parallel.getBody()->without_terminator())
    rewriter.clone(op, mapping);
  rewriter.setInsertionPointAfter(strided);
  gpu::BarrierOp::create(rewriter, loc);
  rewriter.eraseOp(parallel);
  return strided;
}

/// The threads of a warp.
constexpr int64_t kWarpSize = 32;

/// Rewrites an f32 `linalg.matvec` (y[i] += sum_k A[i,k] x[k]) as one warp
/// per row: the lanes read the row's consecutive elements (coalesced, where a
/// thread per row would stride through A), then sum their partial sums with
/// butterfly shuffles, and lane 0 updates y[i]. A barrier follows. Returns
/// the loop over rows, or null, changing nothing, for other ops.
scf::ForOp rowsPerWarp(RewriterBase &rewriter, linalg::LinalgOp op,
                       Value thread, Value threads) {
  auto matvec = dyn_cast<linalg::MatvecOp>(op.getOperation());
  if (!matvec)
    return nullptr;
  Value matrix = matvec.getDpsInputs()[0], vector = matvec.getDpsInputs()[1];
  Value result = matvec.getDpsInits()[0];
  Type element = cast<MemRefType>(result.getType()).getElementType();
  if (!element.isF32())
    return nullptr;
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  auto index = [&](int64_t value) {
    return arith::ConstantIndexOp::create(rewriter, loc, value).getResult();
  };
  Value warpSize = index(kWarpSize);
  Value lane = arith::RemUIOp::create(rewriter, loc, thread, warpSize);
  Value warp = arith::DivUIOp::create(rewriter, loc, thread, warpSize);
  Value warps = arith::DivUIOp::create(rewriter, loc, threads, warpSize);
  Value rows = memref::DimOp::create(rewriter, loc, matrix, 0);
  Value columns = memref::DimOp::create(rewriter, loc, matrix, 1);
  auto rowLoop = scf::ForOp::create(rewriter, loc, warp, rows, warps);
  rewriter.setInsertionPointToStart(rowLoop.getBody());
  Value row = rowLoop.getInductionVar();
  Value zero =
      arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0));
  // Over the row in chunks of a warp's width, lane l taking column
  // chunk + l: constant bounds when the sizes are static, so the chunks
  // unroll and their loads issue together.
  auto columnLoop = scf::ForOp::create(rewriter, loc, index(0), columns,
                                       warpSize, ValueRange{zero});
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(columnLoop.getBody());
    Value column = arith::AddIOp::create(rewriter, loc,
                                         columnLoop.getInductionVar(), lane);
    Value inside = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::ult, column, columns);
    Value accumulated = columnLoop.getRegionIterArgs()[0];
    auto ifInside = scf::IfOp::create(rewriter, loc, TypeRange{element}, inside,
                                      /*withElseRegion=*/true);
    rewriter.setInsertionPointToStart(ifInside.thenBlock());
    Value a =
        memref::LoadOp::create(rewriter, loc, matrix, ValueRange{row, column});
    Value x = memref::LoadOp::create(rewriter, loc, vector, column);
    Value product = arith::MulFOp::create(rewriter, loc, a, x);
    Value sum = arith::AddFOp::create(rewriter, loc, accumulated, product);
    scf::YieldOp::create(rewriter, loc, sum);
    rewriter.setInsertionPointToStart(ifInside.elseBlock());
    scf::YieldOp::create(rewriter, loc, accumulated);
    rewriter.setInsertionPointAfter(ifInside);
    scf::YieldOp::create(rewriter, loc, ifInside.getResult(0));
  }
  Value partial = columnLoop.getResult(0);
  for (int32_t offset = kWarpSize / 2; offset > 0; offset /= 2) {
    auto shuffle = gpu::ShuffleOp::create(rewriter, loc, partial, offset,
                                          kWarpSize, gpu::ShuffleMode::XOR);
    partial = arith::AddFOp::create(rewriter, loc, partial,
                                    shuffle.getShuffleResult());
  }
  Value first = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                      lane, index(0));
  auto ifFirst = scf::IfOp::create(rewriter, loc, first, /*withElse=*/false);
  rewriter.setInsertionPointToStart(ifFirst.thenBlock());
  Value old = memref::LoadOp::create(rewriter, loc, result, row);
  Value updated = arith::AddFOp::create(rewriter, loc, old, partial);
  memref::StoreOp::create(rewriter, loc, updated, result, row);
  rewriter.setInsertionPointAfter(rowLoop);
  gpu::BarrierOp::create(rewriter, loc);
  rewriter.eraseOp(op);
  return rowLoop;
}

/// Replaces `parallel` (nested in a distributed loop, so one thread runs it)
/// by a nest of sequential loops: later GPU mapping must not see it.
void sequentialize(RewriterBase &rewriter, scf::ParallelOp parallel) {
  rewriter.setInsertionPoint(parallel);
  IRMapping mapping;
  for (auto [iv, lower, upper, step] :
       llvm::zip(parallel.getInductionVars(), parallel.getLowerBound(),
                 parallel.getUpperBound(), parallel.getStep())) {
    auto loop =
        scf::ForOp::create(rewriter, parallel.getLoc(), lower, upper, step);
    mapping.map(iv, loop.getInductionVar());
    rewriter.setInsertionPointToStart(loop.getBody());
  }
  for (Operation &op : parallel.getBody()->without_terminator())
    rewriter.clone(op, mapping);
  rewriter.eraseOp(parallel);
}

/// Makes the stores of `body` that no distributed loop holds thread 0's,
/// each followed by a barrier.
void storeFromThreadZero(RewriterBase &rewriter, Block *body, Value thread,
                         ArrayRef<Operation *> distributed) {
  SmallVector<memref::StoreOp> stores;
  body->walk([&](memref::StoreOp store) {
    for (Operation *loop : distributed)
      if (loop->isAncestor(store))
        return;
    stores.push_back(store);
  });
  for (memref::StoreOp store : stores) {
    Location loc = store.getLoc();
    rewriter.setInsertionPoint(store);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value first = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                        thread, zero);
    auto ifFirst = scf::IfOp::create(rewriter, loc, first, /*withElse=*/false);
    rewriter.moveOpBefore(store, ifFirst.thenBlock()->getTerminator());
    rewriter.setInsertionPointAfter(ifFirst);
    gpu::BarrierOp::create(rewriter, loc);
  }
}

struct ScanGPUPersistentLoopsPass
    : public scanjit::impl::ScanGPUPersistentLoopsPassBase<
          ScanGPUPersistentLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<scf::ForOp> loops;
    for (auto func : getOperation().getOps<func::FuncOp>())
      func.walk([&](scf::ForOp loop) {
        if (!isNested(loop))
          loops.push_back(loop);
      });
    for (scf::ForOp loop : loops)
      if (failed(makePersistent(loop)))
        return signalPassFailure();
  }

  LogicalResult makePersistent(scf::ForOp loop) {
    // Sizes computed in the loop from values defined before it leave it.
    moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
    std::optional<SmallVector<memref::AllocOp>> allocs =
        movableAllocations(loop);
    if (!allocs || !qualifies(loop, onlySmall, maxElements, *allocs))
      return success();
    IRRewriter rewriter(loop.getContext());
    Location loc = loop.getLoc();
    for (memref::AllocOp alloc : *allocs) {
      rewriter.moveOpBefore(alloc, loop);
      for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          rewriter.moveOpAfter(user, loop);
    }

    // One block of threads runs the loop.
    rewriter.setInsertionPoint(loop);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value threads =
        arith::ConstantIndexOp::create(rewriter, loc, threadsPerBlock);
    auto launch =
        gpu::LaunchOp::create(rewriter, loc, one, one, one, threads, one, one);
    Block &body = launch.getBody().front();
    rewriter.setInsertionPointToEnd(&body);
    auto terminator = gpu::TerminatorOp::create(rewriter, loc);
    rewriter.moveOpBefore(loop, terminator);
    Value thread = launch.getThreadIds().x;
    Value blockSize = launch.getBlockSize().x;

    // linalg -> parallel loops, the outermost spread over the threads.
    // The loops each thread (or warp) runs its share of an op in: their
    // stores are that thread's own.
    SmallVector<Operation *> distributed;
    SmallVector<linalg::LinalgOp> linalgOps;
    loop.getBody()->walk([&](linalg::LinalgOp op) { linalgOps.push_back(op); });
    for (linalg::LinalgOp op : linalgOps) {
      if (threadsPerBlock % kWarpSize == 0)
        if (scf::ForOp rows = rowsPerWarp(rewriter, op, thread, blockSize)) {
          distributed.push_back(rows);
          continue;
        }
      rewriter.setInsertionPoint(op);
      if (failed(linalg::linalgOpToParallelLoops(rewriter, op)))
        return op->emitError("cannot be lowered to parallel loops");
      rewriter.eraseOp(op);
    }
    SmallVector<scf::ParallelOp> outermost;
    loop.getBody()->walk([&](scf::ParallelOp parallel) {
      if (!parallel->getParentOfType<scf::ParallelOp>())
        outermost.push_back(parallel);
    });
    for (scf::ParallelOp parallel : outermost)
      distributed.push_back(distribute(rewriter, parallel, thread, blockSize));
    // Outermost first; each rewrite clones what it holds, so look again.
    while (true) {
      scf::ParallelOp nested;
      loop.getBody()->walk<WalkOrder::PreOrder>([&](scf::ParallelOp parallel) {
        nested = parallel;
        return WalkResult::interrupt();
      });
      if (!nested)
        break;
      sequentialize(rewriter, nested);
    }
    storeFromThreadZero(rewriter, loop.getBody(), thread, distributed);
    return success();
  }
};

} // namespace
