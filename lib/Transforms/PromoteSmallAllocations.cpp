//===- PromoteSmallAllocations.cpp - Small scratch buffers on the stack ---===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Turns a function's small, statically sized buffers that it frees
// unconditionally at its top level into stack allocations. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANPROMOTESMALLALLOCATIONSPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// The bytes of a buffer of `type` (LLVM stores i1 as a byte), or nullopt
/// when its size is not static.
std::optional<int64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace() || !type.getElementType().isIntOrIndexOrFloat())
    return std::nullopt;
  // Index is lowered to 64 bits on every target ScanJIT has.
  int64_t elementBytes =
      type.getElementType().isIndex()
          ? 8
          : (type.getElementType().getIntOrFloatBitWidth() + 7) / 8;
  return type.getNumElements() * elementBytes;
}

/// The memref.dealloc of `alloc` in the alloc's block when it is the only
/// one, or null.
memref::DeallocOp findOnlyDeallocInBlock(memref::AllocOp alloc) {
  memref::DeallocOp found;
  for (Operation *user : alloc->getUsers()) {
    auto dealloc = dyn_cast<memref::DeallocOp>(user);
    if (!dealloc)
      continue;
    if (found || dealloc->getBlock() != alloc->getBlock())
      return nullptr;
    found = dealloc;
  }
  return found;
}

struct ScanPromoteSmallAllocationsPass
    : public scanjit::impl::ScanPromoteSmallAllocationsPassBase<
          ScanPromoteSmallAllocationsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    int64_t promoted = 0;
    // Only the top level: a buffer allocated in a loop or a branch lives for
    // one iteration or one path, which the stack frame does not.
    for (auto alloc : llvm::make_early_inc_range(
             func.getFunctionBody().front().getOps<memref::AllocOp>())) {
      std::optional<int64_t> bytes = staticBytes(alloc.getType());
      if (!bytes || *bytes > maxBytes || promoted + *bytes > maxTotalBytes)
        continue;
      // Freed unconditionally in this block: no use can follow the free, so
      // the buffer does not outlive the call (it is not returned).
      memref::DeallocOp dealloc = findOnlyDeallocInBlock(alloc);
      if (!dealloc)
        continue;
      OpBuilder builder(alloc);
      auto alloca = memref::AllocaOp::create(
          builder, alloc.getLoc(), alloc.getType(), alloc.getAlignmentAttr());
      alloc.replaceAllUsesWith(alloca.getResult());
      dealloc.erase();
      alloc.erase();
      promoted += *bytes;
    }
  }
};

} // namespace
