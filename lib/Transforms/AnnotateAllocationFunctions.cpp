//===- AnnotateAllocationFunctions.cpp - Tell LLVM what the heap does -----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// finalize-memref-to-llvm{use-generic-functions} calls the runtime's
// _mlir_memref_to_llvm_alloc, _aligned_alloc and _free, which LLVM knows
// nothing about: a call to them might touch any memory and its result might
// alias anything, so no load or store moves across one and no buffer is
// known distinct from another. They behave like malloc and free, and this
// pass says so on their declarations.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANANNOTATEALLOCATIONFUNCTIONSPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// Memory that only the allocator sees (its own bookkeeping).
LLVM::MemoryEffectsAttr allocatorOnlyEffects(MLIRContext *context) {
  return LLVM::MemoryEffectsAttr::get(
      context, {/*other=*/LLVM::ModRefInfo::NoModRef,
                /*argMem=*/LLVM::ModRefInfo::NoModRef,
                /*inaccessibleMem=*/LLVM::ModRefInfo::ModRef,
                /*errnoMem=*/LLVM::ModRefInfo::NoModRef,
                /*targetMem0=*/LLVM::ModRefInfo::NoModRef,
                /*targetMem1=*/LLVM::ModRefInfo::NoModRef});
}

struct ScanAnnotateAllocationFunctionsPass
    : public scanjit::impl::ScanAnnotateAllocationFunctionsPassBase<
          ScanAnnotateAllocationFunctionsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    for (auto func : getOperation().getOps<LLVM::LLVMFuncOp>()) {
      StringRef name = func.getSymName();
      bool isAllocation = name == "_mlir_memref_to_llvm_alloc" ||
                          name == "_mlir_memref_to_llvm_aligned_alloc";
      if (!isAllocation && name != "_mlir_memref_to_llvm_free")
        continue;
      func.setNoUnwind(true);
      func.setWillReturn(true);
      if (!isAllocation)
        continue;
      // A fresh buffer aliases nothing else, and allocating reads or writes
      // no memory the program can see.
      func.setResultAttr(0, LLVM::LLVMDialect::getNoAliasAttrName(),
                         UnitAttr::get(context));
      func.setMemoryEffectsAttr(allocatorOnlyEffects(context));
    }
  }
};

} // namespace
