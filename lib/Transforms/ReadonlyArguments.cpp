//===- ReadonlyArguments.cpp - Keep compiled code off its inputs ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANREADONLYARGUMENTSPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {
struct ScanReadonlyArgumentsPass
    : public scanjit::impl::ScanReadonlyArgumentsPassBase<
          ScanReadonlyArgumentsPass> {
  void runOnOperation() override {
    auto readonly = BoolAttr::get(&getContext(), false);
    StringRef name = bufferization::BufferizationDialect::kWritableAttrName;
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (fn.isExternal() || !fn.isPublic())
        continue;
      for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i)
        if (isa<TensorType>(fn.getArgumentTypes()[i]))
          fn.setArgAttr(i, name, readonly);
    }
  }
};
} // namespace
