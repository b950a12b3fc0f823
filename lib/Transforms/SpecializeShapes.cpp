//===- SpecializeShapes.cpp - Specialize arguments to static shapes -------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Rewrites the signature of a function that carries scan.argument_shapes to
// those static shapes, casting each argument back for its uses. See
// Passes.td.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANSPECIALIZESHAPESPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;
using namespace scanjit;

namespace {

/// Whether a tensor of `type` can hold one of `shape`.
bool fits(RankedTensorType type, ArrayRef<int64_t> shape) {
  if (type.getRank() != static_cast<int64_t>(shape.size()))
    return false;
  for (auto [size, wanted] : llvm::zip_equal(type.getShape(), shape))
    if (wanted < 0 || (!ShapedType::isDynamic(size) && size != wanted))
      return false;
  return true;
}

/// Specializes `func` to `shapes`; fails (with a diagnostic) when a shape
/// does not fit its argument.
LogicalResult specialize(func::FuncOp func, ArrayAttr shapes,
                         ModuleOp module) {
  if (func.isDeclaration())
    return func.emitError() << "'" << kArgumentShapesAttrName
                            << "' on a declaration";
  if (!SymbolTable::symbolKnownUseEmpty(func, module))
    return func.emitError() << "'" << kArgumentShapesAttrName
                            << "' on a function the module calls: its "
                               "callers need its generic type";
  Block &entry = func.getBody().front();
  if (shapes.size() != entry.getNumArguments())
    return func.emitError() << "'" << kArgumentShapesAttrName << "' has "
                            << shapes.size() << " shapes for "
                            << entry.getNumArguments() << " arguments";
  OpBuilder builder = OpBuilder::atBlockBegin(&entry);
  SmallVector<Type> inputs;
  for (auto [index, argument, attr] :
       llvm::enumerate(entry.getArguments(), shapes)) {
    auto type = dyn_cast<RankedTensorType>(argument.getType());
    auto shape = dyn_cast<DenseI64ArrayAttr>(attr);
    if (!shape)
      return func.emitError() << "'" << kArgumentShapesAttrName
                              << "' entry #" << index
                              << " is not an array<i64: ...>";
    if (!type || type.hasStaticShape()) {
      inputs.push_back(argument.getType());
      continue;
    }
    if (!fits(type, shape.asArrayRef()))
      return func.emitError()
             << "argument #" << index << " of type " << type
             << " cannot take the shape [" << shape.asArrayRef() << "]";
    auto specialized = RankedTensorType::get(
        shape.asArrayRef(), type.getElementType(), type.getEncoding());
    argument.setType(specialized);
    auto cast = tensor::CastOp::create(builder, func.getLoc(), type, argument);
    argument.replaceAllUsesExcept(cast, cast);
    inputs.push_back(specialized);
  }
  func.setFunctionType(
      builder.getFunctionType(inputs, func.getFunctionType().getResults()));
  func->removeAttr(kArgumentShapesAttrName);
  return success();
}

struct ScanSpecializeShapesPass
    : public scanjit::impl::ScanSpecializeShapesPassBase<
          ScanSpecializeShapesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
      if (auto shapes = func->getAttrOfType<ArrayAttr>(kArgumentShapesAttrName))
        if (failed(specialize(func, shapes, module)))
          return signalPassFailure();
  }
};

} // namespace
