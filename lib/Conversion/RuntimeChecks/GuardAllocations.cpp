//===- GuardAllocations.cpp - Checked sizes and results of allocations ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Each memref.alloc (and gpu.alloc) of a function in control-flow form gets its
// byte count checked (dynamic sizes only) before it, and its result checked for
// null after it; either failure returns from the function with poison results,
// the error having been reported through the runtime (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Conversion/Passes.h"
#include "scanjit/Conversion/RuntimeCalls.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANGUARDALLOCATIONSPASS
#include "scanjit/Conversion/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// The buffer type of an allocation (memref.alloc or gpu.alloc).
MemRefType allocatedType(Operation *alloc) {
  return cast<MemRefType>(alloc->getResult(0).getType());
}

/// The dynamic sizes of an allocation (memref.alloc or gpu.alloc).
ValueRange dynamicSizesOf(Operation *alloc) {
  if (auto memrefAlloc = dyn_cast<memref::AllocOp>(alloc))
    return memrefAlloc.getDynamicSizes();
  return cast<gpu::AllocOp>(alloc).getDynamicSizes();
}

/// The most bytes one buffer may have: far beyond any heap, and far enough
/// from 2^63 that rounding up to an alignment cannot overflow.
constexpr int64_t kMaxBufferBytes = int64_t{1} << 62;

class AllocationGuard {
public:
  explicit AllocationGuard(func::FuncOp func) : func(func) {}

  /// Guards `alloc` (memref.alloc, or gpu.alloc of the CUDA pipeline's
  /// unified memory), an op of one of the function's own blocks.
  void guard(Operation *alloc);

  /// Whether some guard reports an error itself (and so calls the runtime).
  bool reportsErrors() const { return reports; }

private:
  /// The block that returns poison results, created on first use.
  Block *exitBlock();
  /// Emits, at the end of `block`, `cond_br %bad, ^report, ^next` where
  /// ^report reports the sizes of `alloc` and returns.
  void branchOnBadSizes(Block *block, Value bad, Block *next, Operation *alloc,
                        int64_t elementBytes);

  func::FuncOp func;
  Block *exit = nullptr;
  bool reports = false;
};

Block *AllocationGuard::exitBlock() {
  if (exit)
    return exit;
  exit = new Block();
  func.getBody().push_back(exit);
  OpBuilder builder = OpBuilder::atBlockBegin(exit);
  // `llvm.sideeffect` (no code) keeps this block apart from the normal
  // return. Without it, LLVM threads every failure branch to one merged
  // return whose results are phis with an incoming poison per allocation:
  // outputs x allocations values, which made code generation quadratic in
  // the number of outputs (200 outputs: 16 s).
  LLVM::CallIntrinsicOp::create(builder, func.getLoc(),
                                builder.getStringAttr("llvm.sideeffect"),
                                ValueRange());
  SmallVector<Value> results;
  for (Type type : func.getFunctionType().getResults())
    results.push_back(ub::PoisonOp::create(builder, func.getLoc(), type));
  func::ReturnOp::create(builder, func.getLoc(), results);
  return exit;
}

void AllocationGuard::branchOnBadSizes(Block *block, Value bad, Block *next,
                                       Operation *alloc, int64_t elementBytes) {
  Location loc = alloc->getLoc();
  auto *report = new Block();
  func.getBody().push_back(report);
  OpBuilder builder = OpBuilder::atBlockEnd(block);
  cf::CondBranchOp::create(builder, loc, bad, report, ValueRange(), next,
                           ValueRange());

  // The sizes, static and dynamic, to a stack buffer the runtime copies.
  builder.setInsertionPointToStart(report);
  MemRefType type = allocatedType(alloc);
  auto bufferType = MemRefType::get({std::max<int64_t>(type.getRank(), 1)},
                                    builder.getI64Type());
  Value buffer = memref::AllocaOp::create(builder, loc, bufferType);
  unsigned nextDynamic = 0;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    Value size =
        type.isDynamicDim(d)
            ? arith::IndexCastOp::create(builder, loc, builder.getI64Type(),
                                         dynamicSizesOf(alloc)[nextDynamic++])
                  .getResult()
            : arith::ConstantIntOp::create(builder, loc, type.getDimSize(d), 64)
                  .getResult();
    memref::StoreOp::create(
        builder, loc, size, buffer,
        ValueRange{arith::ConstantIndexOp::create(builder, loc, d)});
  }
  Value address = arith::IndexCastOp::create(
      builder, loc, builder.getI64Type(),
      memref::ExtractAlignedPointerAsIndexOp::create(builder, loc, buffer));
  scanjit::emitRuntimeErrorCall(
      builder, loc, scanjit::runtime::ErrorCode::AllocationSizeOverflow,
      {arith::ConstantIntOp::create(builder, loc, elementBytes, 64), address,
       arith::ConstantIntOp::create(builder, loc, type.getRank(), 64)});
  cf::BranchOp::create(builder, loc, exitBlock());
  reports = true;
}

void AllocationGuard::guard(Operation *alloc) {
  Location loc = alloc->getLoc();
  MemRefType type = allocatedType(alloc);
  int64_t elementBytes = static_cast<int64_t>(
      DataLayout::closest(alloc).getTypeSize(type.getElementType()));
  OpBuilder builder(alloc);

  // The byte count: the static part folded here, the dynamic sizes in
  // checked arithmetic.
  int64_t staticBytes = elementBytes;
  bool staticOverflow = false;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (!type.isDynamicDim(d))
      staticOverflow |=
          __builtin_mul_overflow(staticBytes, type.getDimSize(d), &staticBytes);
  staticOverflow |= staticBytes > kMaxBufferBytes;
  Value bad;
  if (staticOverflow) {
    bad = arith::ConstantIntOp::create(builder, loc, 1, 1);
  } else if (!dynamicSizesOf(alloc).empty()) {
    Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
    Value limit = arith::ConstantIndexOp::create(builder, loc, kMaxBufferBytes);
    Value bytes = arith::ConstantIndexOp::create(builder, loc, staticBytes);
    auto orInto = [&](Value condition) {
      bad = bad ? arith::OrIOp::create(builder, loc, bad, condition).getResult()
                : condition;
    };
    for (Value size : dynamicSizesOf(alloc)) {
      orInto(arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt,
                                   size, zero));
      auto product = arith::MulUIExtendedOp::create(builder, loc, bytes, size);
      orInto(arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ne,
                                   product.getHigh(), zero));
      bytes = product.getLow();
      orInto(arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ugt,
                                   bytes, limit));
    }
  }
  Block *block = alloc->getBlock();
  if (bad) {
    Block *allocating = block->splitBlock(alloc);
    branchOnBadSizes(block, bad, allocating, alloc, elementBytes);
    block = allocating;
  }

  // A null buffer: the heap reported it; return.
  Block *rest = block->splitBlock(std::next(Block::iterator(alloc)));
  builder.setInsertionPointToEnd(block);
  Value pointer = memref::ExtractAlignedPointerAsIndexOp::create(
      builder, loc, alloc->getResult(0));
  Value isNull =
      arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq, pointer,
                            arith::ConstantIndexOp::create(builder, loc, 0));
  cf::CondBranchOp::create(builder, loc, isNull, exitBlock(), ValueRange(),
                           rest, ValueRange());
}

struct ScanGuardAllocationsPass
    : public scanjit::impl::ScanGuardAllocationsPassBase<
          ScanGuardAllocationsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool reportsErrors = false;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isDeclaration())
        continue;
      SmallVector<Operation *> allocs;
      for (Block &block : func.getBody())
        for (Operation &op : block)
          if (isa<memref::AllocOp, gpu::AllocOp>(op))
            allocs.push_back(&op);
      AllocationGuard guard(func);
      for (Operation *alloc : allocs)
        guard.guard(alloc);
      reportsErrors |= guard.reportsErrors();
    }
    if (reportsErrors)
      scanjit::declareRuntimeErrorFunction(module);
  }
};

} // namespace
