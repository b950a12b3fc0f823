//===- EmitHelpers.cpp - Small builders the emitter shares ----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

#include "scanjit/Conversion/RuntimeCalls.h"
#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;

namespace scanjit::detail {

Emitter::Emitter(TraceModule &module, Location loc)
    : module(module), builder(&module.context), loc(loc) {
  builder.setInsertionPointToEnd(module.current().block);
}

Type toElementType(MLIRContext &context, DType dtype) {
  switch (dtype) {
  case DType::F32:
    return Float32Type::get(&context);
  case DType::F64:
    return Float64Type::get(&context);
  case DType::I32:
    return IntegerType::get(&context, 32);
  case DType::I64:
    return IntegerType::get(&context, 64);
  case DType::Bool:
    return IntegerType::get(&context, 1);
  }
  return Float64Type::get(&context);
}

RankedTensorType toTensorType(MLIRContext &context, const TensorType &type) {
  SmallVector<int64_t> shape;
  for (int64_t size : type.shape)
    shape.push_back(size == kDynamic ? ShapedType::kDynamic : size);
  return RankedTensorType::get(shape, toElementType(context, type.dtype));
}

Value Emitter::dimValue(Value tensor, int64_t dim) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(dim))
    return indexConstant(type.getDimSize(dim));
  return tensor::DimOp::create(builder, loc, tensor, dim);
}

SmallVector<OpFoldResult> Emitter::mixedSizes(Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (type.isDynamicDim(d))
      sizes.push_back(
          tensor::DimOp::create(builder, loc, tensor, d).getResult());
    else
      sizes.push_back(builder.getIndexAttr(type.getDimSize(d)));
  }
  return sizes;
}

Value Emitter::emptyTensor(const TensorType &type,
                           ArrayRef<OpFoldResult> sizes) {
  RankedTensorType tensorType = toTensorType(*context(), type);
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < tensorType.getRank(); ++d) {
    if (!tensorType.isDynamicDim(d))
      continue;
    OpFoldResult size = sizes[d];
    if (auto value = dyn_cast<Value>(size))
      dynamicSizes.push_back(value);
    else
      dynamicSizes.push_back(
          indexConstant(cast<IntegerAttr>(cast<Attribute>(size)).getInt()));
  }
  return tensor::EmptyOp::create(builder, loc, tensorType, dynamicSizes);
}

Value Emitter::castToType(Value value, const TensorType &type) {
  RankedTensorType target = toTensorType(*context(), type);
  if (value.getType() == target)
    return value;
  return tensor::CastOp::create(builder, loc, target, value);
}

Value Emitter::scalarConstant(double value, DType dtype) {
  Type type = toElementType(*context(), dtype);
  if (isFloatingPoint(dtype))
    return arith::ConstantOp::create(builder, loc,
                                     builder.getFloatAttr(type, value));
  if (dtype == DType::Bool)
    return arith::ConstantOp::create(builder, loc,
                                     builder.getBoolAttr(value != 0));
  return arith::ConstantOp::create(
      builder, loc, builder.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value Emitter::indexConstant(int64_t value) {
  return arith::ConstantIndexOp::create(builder, loc, value);
}

Value Emitter::extractScalar(Value tensor) {
  return tensor::ExtractOp::create(builder, loc, tensor, ValueRange{});
}

Value Emitter::indexOf(const TracedValue &scalar) {
  if (std::optional<int64_t> value = constantInteger(scalar))
    return indexConstant(*value);
  // A size read in this scope: the tensor.dim itself.
  if (auto elements = scalar.value.getDefiningOp<tensor::FromElementsOp>())
    if (elements->getBlock() == builder.getInsertionBlock())
      if (auto cast =
              elements.getElements()[0].getDefiningOp<arith::IndexCastOp>())
        if (cast.getIn().getType().isIndex())
          return cast.getIn();
  return toIndex(extractScalar(scalar.value));
}

Value Emitter::toIndex(Value integer) {
  return arith::IndexCastOp::create(builder, loc, builder.getIndexType(),
                                    integer);
}

Value Emitter::castScalar(Value value, DType from, DType to) {
  if (from == to)
    return value;
  Type target = toElementType(*context(), to);
  if (auto shaped = dyn_cast<RankedTensorType>(value.getType()))
    target = shaped.clone(target);
  bool fromFloat = isFloatingPoint(from), toFloat = isFloatingPoint(to);
  if (to == DType::Bool) {
    Value zero = scalarConstant(0, from);
    if (fromFloat)
      return arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::UNE,
                                   value, zero);
    return arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ne, value,
                                 zero);
  }
  if (fromFloat && toFloat) {
    if (from == DType::F32)
      return arith::ExtFOp::create(builder, loc, target, value);
    return arith::TruncFOp::create(builder, loc, target, value);
  }
  if (fromFloat)
    return arith::FPToSIOp::create(builder, loc, target, value);
  if (toFloat) {
    if (from == DType::Bool)
      return arith::UIToFPOp::create(builder, loc, target, value);
    return arith::SIToFPOp::create(builder, loc, target, value);
  }
  if (from == DType::Bool)
    return arith::ExtUIOp::create(builder, loc, target, value);
  if (elementSize(from) < elementSize(to))
    return arith::ExtSIOp::create(builder, loc, target, value);
  return arith::TruncIOp::create(builder, loc, target, value);
}

AffineMap Emitter::broadcastMap(const TensorType &type,
                                const TensorType &result) {
  int64_t rank = result.rank(), offset = rank - type.rank();
  SmallVector<AffineExpr> exprs;
  for (int64_t j = 0; j < type.rank(); ++j) {
    int64_t i = j + offset;
    if (type.shape[j] == 1 && result.shape[i] != 1)
      exprs.push_back(builder.getAffineConstantExpr(0));
    else
      exprs.push_back(builder.getAffineDimExpr(i));
  }
  return AffineMap::get(rank, 0, exprs, context());
}

SmallVector<OpFoldResult> Emitter::broadcastSizes(ArrayRef<Value> operands,
                                                  ArrayRef<TensorType> types,
                                                  const TensorType &result) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t i = 0; i < result.rank(); ++i) {
    if (result.shape[i] != kDynamic) {
      sizes.push_back(builder.getIndexAttr(result.shape[i]));
      continue;
    }
    Value size;
    for (size_t n = 0; n < operands.size() && !size; ++n) {
      int64_t j = i - (result.rank() - types[n].rank());
      if (j >= 0 && types[n].shape[j] != 1)
        size = dimValue(operands[n], j);
    }
    sizes.push_back(size);
  }
  return sizes;
}

Value Emitter::broadcastTo(Value value, const TensorType &from,
                           const TensorType &type,
                           ArrayRef<OpFoldResult> sizes) {
  TensorType target{from.dtype, type.shape};
  if (from.shape == type.shape)
    return value;
  Value init = emptyTensor(target, sizes);
  SmallVector<AffineMap> maps = {broadcastMap(from, target),
                                 builder.getMultiDimIdentityMap(target.rank())};
  SmallVector<utils::IteratorType> iterators(target.rank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, TypeRange{init.getType()}, ValueRange{value},
             ValueRange{init}, maps, iterators,
             [](OpBuilder &b, Location l, ValueRange args) {
               linalg::YieldOp::create(b, l, args[0]);
             })
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// Run-time checks
//===----------------------------------------------------------------------===//

void Emitter::reportIf(Value condition, runtime::ErrorCode code,
                       ArrayRef<Value> operands) {
  Block *block = builder.getInsertionBlock();
  Block::iterator before = builder.getInsertionPoint();
  bool atStart = before == block->begin();
  Block::iterator last = atStart ? before : std::prev(before);
  emitCheckFailingIf(builder, loc, condition, code, operands);
  Block::iterator first = atStart ? block->begin() : std::next(last);
  // The report (the scan.check and what it reads), as ops of the scope's
  // block, goes with the next Var.
  for (Block::iterator op = first; op != builder.getInsertionPoint(); ++op)
    if (Operation *top = module.current().block->findAncestorOpInBlock(*op))
      if (module.pendingEffects.empty() || module.pendingEffects.back() != top)
        module.pendingEffects.push_back(top);
}

void Emitter::checkHolds(Value holds, StringRef message) {
  auto check = scan::CheckOp::create(
      builder, loc, holds,
      static_cast<int32_t>(runtime::ErrorCode::CheckFailed), ValueRange(),
      builder.getStringAttr(message));
  // The check, as an op of the scope's block, goes with the next Var.
  if (Operation *top = module.current().block->findAncestorOpInBlock(*check))
    module.pendingEffects.push_back(top);
}

Value Emitter::selectComputed(Value outOfBounds, Type type,
                              function_ref<Value()> compute,
                              function_ref<Value()> fallback) {
  if (!outOfBounds)
    return compute();
  auto ifOp = scf::IfOp::create(builder, loc, TypeRange{type}, outOfBounds,
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(ifOp.thenBlock());
  scf::YieldOp::create(builder, loc, fallback());
  builder.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(builder, loc, compute());
  return ifOp.getResult(0);
}

Value Emitter::checkSizesEqual(OpFoldResult a, OpFoldResult b,
                               runtime::ErrorCode code, int64_t c) {
  std::optional<int64_t> staticA = getConstantIntValue(a),
                         staticB = getConstantIntValue(b);
  if (staticA && staticB)
    return Value();
  // The same dimension of the same tensor, read twice.
  auto dimA = dyn_cast_if_present<Value>(a)
                  ? cast<Value>(a).getDefiningOp<tensor::DimOp>()
                  : tensor::DimOp();
  auto dimB = dyn_cast_if_present<Value>(b)
                  ? cast<Value>(b).getDefiningOp<tensor::DimOp>()
                  : tensor::DimOp();
  if (dimA && dimB && dimA.getSource() == dimB.getSource() &&
      dimA.getConstantIndex() &&
      dimA.getConstantIndex() == dimB.getConstantIndex())
    return Value();
  Value sizeA = getValueOrCreateConstantIndexOp(builder, loc, a);
  Value sizeB = getValueOrCreateConstantIndexOp(builder, loc, b);
  Value differ = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ne,
                                       sizeA, sizeB);
  reportIf(differ, code, {sizeA, sizeB, indexConstant(c)});
  return differ;
}

Value Emitter::zerosOf(const TensorType &type, ArrayRef<OpFoldResult> sizes) {
  Value empty = emptyTensor(type, sizes);
  return linalg::FillOp::create(builder, loc, scalarConstant(0, type.dtype),
                                empty)
      .getResult(0);
}

} // namespace scanjit::detail
