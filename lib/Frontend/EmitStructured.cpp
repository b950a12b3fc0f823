//===- EmitStructured.cpp - Contractions, reductions, shapes, fills -------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <limits>

using namespace mlir;

namespace scanjit::detail {

/// The reassociation that groups the unit dimensions `units` of a rank-
/// `rank` tensor with their neighbours (for expand_shape between the tensor
/// and the tensor without them).
static SmallVector<ReassociationIndices>
unitDimGroups(int64_t rank, const std::vector<bool> &units) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (int64_t d = 0; d < rank; ++d) {
    pending.push_back(d);
    if (!units[d]) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!pending.empty() && !groups.empty())
    groups.back().append(pending.begin(), pending.end());
  return groups;
}

Value Emitter::emitConstant(const Array &array, const TensorType &tensorType) {
  RankedTensorType type = toTensorType(*context(), tensorType);
  DenseElementsAttr attr;
  switch (array.dtype()) {
  case DType::F32:
    attr = DenseElementsAttr::get(type, ArrayRef(array.toVector<float>()));
    break;
  case DType::F64:
    attr = DenseElementsAttr::get(type, ArrayRef(array.toVector<double>()));
    break;
  case DType::I32:
    attr = DenseElementsAttr::get(type, ArrayRef(array.toVector<int32_t>()));
    break;
  case DType::I64:
    attr = DenseElementsAttr::get(type, ArrayRef(array.toVector<int64_t>()));
    break;
  case DType::Bool: {
    std::vector<bool> packed = array.toVector<bool>();
    SmallVector<bool> values(packed.begin(), packed.end());
    attr = DenseElementsAttr::get(type, ArrayRef<bool>(values));
    break;
  }
  }
  return arith::ConstantOp::create(builder, loc, attr);
}

Value Emitter::emitDot(Value lhs, Value rhs, int64_t lhsRank, int64_t rhsRank,
                       const TensorType &type) {
  SmallVector<OpFoldResult> sizes;
  if (lhsRank == 2)
    sizes.push_back(dimValue(lhs, 0));
  if (rhsRank == 2)
    sizes.push_back(dimValue(rhs, 1));
  Value zero = scalarConstant(0, type.dtype);
  Value init = linalg::FillOp::create(builder, loc, ValueRange{zero},
                                      ValueRange{emptyTensor(type, sizes)})
                   .getResult(0);
  SmallVector<Value> inputs = {lhs, rhs}, outputs = {init};
  // The contracted sizes must agree; if they do not, the runtime records
  // the error and the product is the zeros of `init`.
  Value mismatch =
      checkSizesEqual(mixedSizes(lhs).back(), mixedSizes(rhs).front(),
                      runtime::ErrorCode::DotMismatch, 0);
  return selectComputed(
      mismatch, init.getType(),
      [&]() -> Value {
        if (lhsRank == 1 && rhsRank == 1)
          return linalg::DotOp::create(builder, loc, inputs, outputs)
              .getResult(0);
        if (lhsRank == 1)
          return linalg::VecmatOp::create(builder, loc, inputs, outputs)
              .getResult(0);
        if (rhsRank == 1)
          return linalg::MatvecOp::create(builder, loc, inputs, outputs)
              .getResult(0);
        return linalg::MatmulOp::create(builder, loc, inputs, outputs)
            .getResult(0);
      },
      [&] { return init; });
}

Value Emitter::emitReduce(ReduceOp reduction, Value input,
                          const TensorType &inputType, ArrayRef<int64_t> axes,
                          bool keepdims, const TensorType &type) {
  DType dtype = type.dtype;
  std::vector<bool> reduced(inputType.rank(), false);
  for (int64_t axis : axes)
    reduced[axis] = true;
  TensorType collapsed{dtype, {}};
  SmallVector<OpFoldResult> sizes;
  SmallVector<OpFoldResult> inputSizes = mixedSizes(input);
  for (int64_t d = 0; d < inputType.rank(); ++d)
    if (!reduced[d]) {
      collapsed.shape.push_back(inputType.shape[d]);
      sizes.push_back(inputSizes[d]);
    }

  Type elementType = toElementType(*context(), dtype);
  Value identity;
  bool isFloat = isFloatingPoint(dtype);
  unsigned width = elementType.getIntOrFloatBitWidth();
  switch (reduction) {
  case ReduceOp::Sum:
    identity = scalarConstant(0, dtype);
    break;
  case ReduceOp::Prod:
    identity = scalarConstant(1, dtype);
    break;
  case ReduceOp::Max:
  case ReduceOp::Min: {
    bool isMax = reduction == ReduceOp::Max;
    if (isFloat)
      identity = scalarConstant(isMax ? -std::numeric_limits<double>::infinity()
                                      : std::numeric_limits<double>::infinity(),
                                dtype);
    else
      identity = arith::ConstantOp::create(
          builder, loc,
          builder.getIntegerAttr(elementType,
                                 isMax ? APInt::getSignedMinValue(width)
                                       : APInt::getSignedMaxValue(width)));
    break;
  }
  }
  Value init = linalg::FillOp::create(builder, loc, ValueRange{identity},
                                      ValueRange{emptyTensor(collapsed, sizes)})
                   .getResult(0);
  Value result =
      linalg::ReduceOp::create(
          builder, loc, ValueRange{input}, ValueRange{init}, axes,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value combined;
            switch (reduction) {
            case ReduceOp::Sum:
              combined =
                  isFloat
                      ? Value(arith::AddFOp::create(b, l, args[0], args[1]))
                      : Value(arith::AddIOp::create(b, l, args[0], args[1]));
              break;
            case ReduceOp::Prod:
              combined =
                  isFloat
                      ? Value(arith::MulFOp::create(b, l, args[0], args[1]))
                      : Value(arith::MulIOp::create(b, l, args[0], args[1]));
              break;
            case ReduceOp::Max:
              combined =
                  isFloat
                      ? Value(arith::MaximumFOp::create(b, l, args[0], args[1]))
                      : Value(arith::MaxSIOp::create(b, l, args[0], args[1]));
              break;
            case ReduceOp::Min:
              combined =
                  isFloat
                      ? Value(arith::MinimumFOp::create(b, l, args[0], args[1]))
                      : Value(arith::MinSIOp::create(b, l, args[0], args[1]));
              break;
            }
            linalg::YieldOp::create(b, l, combined);
          })
          .getResult(0);
  if (!keepdims)
    return result;
  // keepdims: put the reduced dimensions back with size 1.
  SmallVector<OpFoldResult> outputShape;
  size_t kept = 0;
  for (int64_t d = 0; d < inputType.rank(); ++d)
    outputShape.push_back(reduced[d] ? OpFoldResult(builder.getIndexAttr(1))
                                     : sizes[kept++]);
  return tensor::ExpandShapeOp::create(
      builder, loc, toTensorType(*context(), type), result,
      unitDimGroups(inputType.rank(), reduced), outputShape);
}

Value Emitter::emitTranspose(Value input, ArrayRef<int64_t> perm,
                             const TensorType &type) {
  SmallVector<OpFoldResult> inputSizes = mixedSizes(input), sizes;
  for (int64_t axis : perm)
    sizes.push_back(inputSizes[axis]);
  return linalg::TransposeOp::create(builder, loc, input,
                                     emptyTensor(type, sizes),
                                     builder.getDenseI64ArrayAttr(perm))
      ->getResult(0);
}

Value Emitter::emitExpandDims(Value input, int64_t axis,
                              const TensorType &type) {
  int64_t rank = type.rank();
  SmallVector<OpFoldResult> inputSizes = mixedSizes(input), outputShape;
  std::vector<bool> units(rank, false);
  units[axis] = true;
  for (int64_t d = 0, kept = 0; d < rank; ++d)
    outputShape.push_back(d == axis ? OpFoldResult(builder.getIndexAttr(1))
                                    : inputSizes[kept++]);
  return tensor::ExpandShapeOp::create(builder, loc,
                                       toTensorType(*context(), type), input,
                                       unitDimGroups(rank, units), outputShape);
}

Value Emitter::emitSplitLeading(Value input, Value outer, int64_t inner,
                                const TensorType &type) {
  SmallVector<OpFoldResult> inputSizes = mixedSizes(input);
  SmallVector<OpFoldResult> outputShape = {outer, builder.getIndexAttr(inner)};
  outputShape.append(inputSizes.begin() + 1, inputSizes.end());
  SmallVector<ReassociationIndices> groups = {{0, 1}};
  for (int64_t d = 2; d < type.rank(); ++d)
    groups.push_back({d});
  return tensor::ExpandShapeOp::create(builder, loc,
                                       toTensorType(*context(), type), input,
                                       groups, outputShape);
}

Value Emitter::emitReshape(Value input, const TensorType &inputType,
                           ArrayRef<TracedPtr> sizeOperands,
                           const TensorType &type) {
  Value total = indexConstant(1);
  for (int64_t d = 0; d < inputType.rank(); ++d)
    total = arith::MulIOp::create(builder, loc, total, dimValue(input, d));
  // The sizes as requested: -1 (a constant, or a run-time value) asks for
  // the size that makes the counts agree.
  SmallVector<Value> requested;
  bool dynamicSizes = false;
  for (const TracedPtr &size : sizeOperands) {
    dynamicSizes |= !constantInteger(*size);
    requested.push_back(indexOf(*size));
  }
  bool staticInput = llvm::none_of(
      inputType.shape, [](int64_t size) { return size == kDynamic; });
  auto reshapeTo = [&](ArrayRef<Value> sizes) -> Value {
    Value shape = tensor::FromElementsOp::create(
        builder, loc,
        RankedTensorType::get({static_cast<int64_t>(sizes.size())},
                              builder.getIndexType()),
        sizes);
    return tensor::ReshapeOp::create(
        builder, loc, toTensorType(*context(), type), input, shape);
  };
  // Every size static: Var::reshape checked them and inferred the -1.
  if (staticInput && !dynamicSizes) {
    SmallVector<Value> sizes;
    for (int64_t size : type.shape)
      sizes.push_back(indexConstant(size));
    return reshapeTo(sizes);
  }

  // NumPy's rules (Var::reshape checked them when all sizes are static):
  // at most one -1, no other negative size, and the product of the others
  // (without overflow) equals the number of elements, or divides it when
  // there is a -1 (and is not 0).
  Value zero = indexConstant(0), one = indexConstant(1),
        minusOne = indexConstant(-1);
  Value unknowns = zero, invalid, known = one;
  auto orInto = [&](Value &accumulated, Value condition) {
    accumulated =
        accumulated ? arith::OrIOp::create(builder, loc, accumulated, condition)
                    : condition;
  };
  for (Value size : requested) {
    std::optional<int64_t> constant = getConstantIntValue(size);
    Value isUnknown = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::eq, size, minusOne);
    if (!constant || *constant < -1)
      orInto(invalid,
             arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt,
                                   size, minusOne));
    unknowns = arith::AddIOp::create(
        builder, loc, unknowns,
        arith::IndexCastUIOp::create(builder, loc, builder.getIndexType(),
                                     isUnknown));
    Value factor = arith::SelectOp::create(builder, loc, isUnknown, one, size);
    auto product = arith::MulUIExtendedOp::create(builder, loc, known, factor);
    known = product.getLow();
    // Sizes are not negative here, so neither is a product that fits.
    orInto(invalid,
           arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ne,
                                 product.getHigh(), zero));
    orInto(invalid, arith::CmpIOp::create(
                        builder, loc, arith::CmpIPredicate::slt, known, zero));
  }
  Value knownIsZero = arith::CmpIOp::create(
      builder, loc, arith::CmpIPredicate::eq, known, zero);
  Value safeKnown =
      arith::SelectOp::create(builder, loc, knownIsZero, one, known);
  Value hasUnknown = arith::CmpIOp::create(
      builder, loc, arith::CmpIPredicate::eq, unknowns, one);
  Value divides = arith::AndIOp::create(
      builder, loc,
      arith::XOrIOp::create(builder, loc, knownIsZero,
                            arith::ConstantIntOp::create(builder, loc, 1, 1)),
      arith::CmpIOp::create(
          builder, loc, arith::CmpIPredicate::eq,
          arith::RemUIOp::create(builder, loc, total, safeKnown), zero));
  Value equal = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq,
                                      known, total);
  Value fits =
      arith::SelectOp::create(builder, loc, hasUnknown, divides, equal);
  orInto(invalid, arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ugt,
                                        unknowns, one));
  Value mismatch = arith::OrIOp::create(
      builder, loc, invalid,
      arith::XOrIOp::create(builder, loc, fits,
                            arith::ConstantIntOp::create(builder, loc, 1, 1)));
  Value inferred = arith::DivUIOp::create(builder, loc, total, safeKnown);

  auto reshape = [&]() -> Value {
    SmallVector<Value> sizes;
    for (Value size : requested) {
      Value isUnknown = arith::CmpIOp::create(
          builder, loc, arith::CmpIPredicate::eq, size, minusOne);
      sizes.push_back(
          arith::SelectOp::create(builder, loc, isUnknown, inferred, size));
    }
    return reshapeTo(sizes);
  };

  // A mismatch is reported with the sizes as requested (copied by the
  // runtime from this stack buffer), and the op yields zeros with its
  // dynamic sizes 0, so that nothing reads past the input.
  auto ifOp = scf::IfOp::create(builder, loc, mismatch,
                                /*withElseRegion=*/false);
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(ifOp.thenBlock());
    auto scope = memref::AllocaScopeOp::create(builder, loc, TypeRange());
    Block *body = builder.createBlock(&scope.getBodyRegion());
    builder.setInsertionPointToStart(body);
    auto bufferType = MemRefType::get({static_cast<int64_t>(requested.size())},
                                      builder.getI64Type());
    Value buffer = memref::AllocaOp::create(builder, loc, bufferType);
    for (auto [i, size] : llvm::enumerate(requested))
      memref::StoreOp::create(
          builder, loc,
          arith::IndexCastOp::create(builder, loc, builder.getI64Type(), size),
          buffer, ValueRange{indexConstant(static_cast<int64_t>(i))});
    Value address = arith::IndexCastOp::create(
        builder, loc, builder.getI64Type(),
        memref::ExtractAlignedPointerAsIndexOp::create(builder, loc, buffer));
    reportIf(arith::ConstantIntOp::create(builder, loc, 1, 1),
             runtime::ErrorCode::ReshapeSizeMismatch,
             {total, address,
              indexConstant(static_cast<int64_t>(requested.size()))});
    memref::AllocaScopeReturnOp::create(builder, loc, ValueRange());
  }
  SmallVector<OpFoldResult> fallbackSizes(type.rank(), builder.getIndexAttr(0));
  return selectComputed(
      mismatch, toTensorType(*context(), type), reshape,
      [&]() -> Value { return zerosOf(type, fallbackSizes); });
}

Value Emitter::emitConcatenate(ArrayRef<Value> inputs, int64_t axis,
                               const TensorType &type) {
  Value length = indexConstant(0);
  for (Value input : inputs)
    length = arith::AddIOp::create(builder, loc, length, dimValue(input, axis));
  SmallVector<OpFoldResult> sizes = mixedSizes(inputs[0]);
  sizes[axis] = length;
  // Sizes off the axis that only the call knows must match the first
  // input's, or the copies would write past the result.
  Value mismatch;
  for (Value input : inputs.drop_front()) {
    SmallVector<OpFoldResult> inputSizes = mixedSizes(input);
    for (int64_t i = 0; i < type.rank(); ++i) {
      if (i == axis)
        continue;
      Value differ = checkSizesEqual(inputSizes[i], sizes[i],
                                     runtime::ErrorCode::ConcatenateMismatch, i);
      if (differ)
        mismatch = mismatch ? arith::OrIOp::create(builder, loc, mismatch,
                                                   differ)
                            : differ;
    }
  }
  auto concatenate = [&]() -> Value {
    Value result = emptyTensor(type, sizes);
    Value offset = indexConstant(0);
    for (Value input : inputs) {
      SmallVector<OpFoldResult> offsets(type.rank(), builder.getIndexAttr(0));
      offsets[axis] = offset;
      SmallVector<OpFoldResult> strides(type.rank(), builder.getIndexAttr(1));
      result = tensor::InsertSliceOp::create(builder, loc, input, result,
                                             offsets, mixedSizes(input),
                                             strides);
      offset =
          arith::AddIOp::create(builder, loc, offset, dimValue(input, axis));
    }
    return result;
  };
  return selectComputed(mismatch, toTensorType(*context(), type), concatenate,
                        [&]() -> Value { return zerosOf(type, sizes); });
}

Value Emitter::emitArange(Value startTensor, Value stopTensor, Value stepTensor,
                          const TensorType &type) {
  DType dtype = type.dtype;
  bool isFloat = isFloatingPoint(dtype);
  Value start = extractScalar(startTensor);
  Value stop = extractScalar(stopTensor);
  Value step = extractScalar(stepTensor);
  Value count;
  // A step of 0 is an error (NumPy's ZeroDivisionError); the length is
  // then computed with a step of 1.
  auto reportMessageIf = [&](Value failed, StringRef message) {
    checkHolds(arith::XOrIOp::create(
                   builder, loc, failed,
                   arith::ConstantIntOp::create(builder, loc, 1, 1)),
               message);
  };
  auto checkStep = [&](Value isZero) {
    reportMessageIf(isZero, "arange: the step is 0");
  };
  if (type.shape[0] != kDynamic) {
    count = indexConstant(type.shape[0]);
  } else if (isFloat) {
    Value zero = scalarConstant(0, dtype);
    Value isZero = arith::CmpFOp::create(builder, loc,
                                         arith::CmpFPredicate::OEQ, step, zero);
    checkStep(isZero);
    Value safeStep = arith::SelectOp::create(builder, loc, isZero,
                                             scalarConstant(1, dtype), step);
    Value span = arith::DivFOp::create(
        builder, loc, arith::SubFOp::create(builder, loc, stop, start),
        safeStep);
    Value ceiled = math::CeilOp::create(builder, loc, span);
    // A NaN or a length past what fits (fptosi of them is poison): an
    // error, as in NumPy, and the length 0.
    Value fits = arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::OLT,
                                       ceiled, scalarConstant(0x1p62, dtype));
    Value tooLong = arith::XOrIOp::create(
        builder, loc, fits, arith::ConstantIntOp::create(builder, loc, 1, 1));
    reportMessageIf(arith::AndIOp::create(
                        builder, loc, tooLong,
                        arith::XOrIOp::create(
                            builder, loc, isZero,
                            arith::ConstantIntOp::create(builder, loc, 1, 1))),
                    "arange: cannot compute the length (NaN, or more than "
                    "2^62 elements)");
    Value safeSpan = arith::SelectOp::create(builder, loc, fits, ceiled, zero);
    Value steps =
        arith::FPToSIOp::create(builder, loc, builder.getI64Type(), safeSpan);
    count = toIndex(arith::MaxSIOp::create(builder, loc, steps,
                                           scalarConstant(0, DType::I64)));
  } else {
    Value first = castScalar(start, dtype, DType::I64),
          last = castScalar(stop, dtype, DType::I64),
          by = castScalar(step, dtype, DType::I64);
    Value zero = scalarConstant(0, DType::I64),
          one = scalarConstant(1, DType::I64);
    Value isZero =
        arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq, by, zero);
    checkStep(isZero);
    by = arith::SelectOp::create(builder, loc, isZero, one, by);
    Value positive = arith::CmpIOp::create(builder, loc,
                                           arith::CmpIPredicate::sgt, by, zero);
    Value diff = arith::SubIOp::create(builder, loc, last, first);
    Value span = arith::SelectOp::create(
        builder, loc, positive, diff,
        arith::SubIOp::create(builder, loc, zero, diff));
    Value stride =
        arith::SelectOp::create(builder, loc, positive, by,
                                arith::SubIOp::create(builder, loc, zero, by));
    span = arith::MaxSIOp::create(builder, loc, span, zero);
    Value rounded = arith::SubIOp::create(
        builder, loc, arith::AddIOp::create(builder, loc, span, stride), one);
    count = toIndex(arith::DivSIOp::create(builder, loc, rounded, stride));
  }
  Value init = emptyTensor(type, {OpFoldResult(count)});
  SmallVector<AffineMap> maps = {builder.getMultiDimIdentityMap(1)};
  return linalg::GenericOp::create(
             builder, loc, TypeRange{init.getType()}, ValueRange{},
             ValueRange{init}, maps, {utils::IteratorType::parallel},
             [&](OpBuilder &b, Location l, ValueRange) {
               OpBuilder::InsertionGuard guard(builder);
               builder.setInsertionPoint(b.getInsertionBlock(),
                                         b.getInsertionPoint());
               Value i = arith::IndexCastOp::create(
                   builder, l, builder.getI64Type(),
                   linalg::IndexOp::create(builder, l, 0));
               Value value;
               if (isFloat) {
                 Value x = castScalar(i, DType::I64, dtype);
                 value = arith::AddFOp::create(
                     builder, l, start,
                     arith::MulFOp::create(builder, l, x, step));
               } else {
                 Value x = castScalar(i, DType::I64, dtype);
                 value = arith::AddIOp::create(
                     builder, l, start,
                     arith::MulIOp::create(builder, l, x, step));
               }
               linalg::YieldOp::create(builder, l, value);
             })
      .getResult(0);
}

Value Emitter::emitFill(ArrayRef<TracedPtr> dims, double number,
                        const TensorType &type) {
  SmallVector<OpFoldResult> sizes;
  for (size_t d = 0; d < dims.size(); ++d) {
    if (type.shape[d] != kDynamic)
      sizes.push_back(builder.getIndexAttr(type.shape[d]));
    else
      sizes.push_back(indexOf(*dims[d]));
  }
  Value value = scalarConstant(number, type.dtype);
  return linalg::FillOp::create(builder, loc, ValueRange{value},
                                ValueRange{emptyTensor(type, sizes)})
      .getResult(0);
}

Value Emitter::emitEye(const TracedValue &n, const TensorType &type) {
  OpFoldResult size = type.shape[0] != kDynamic
                          ? OpFoldResult(builder.getIndexAttr(type.shape[0]))
                          : OpFoldResult(toIndex(extractScalar(n.value)));
  Value init = emptyTensor(type, {size, size});
  DType dtype = type.dtype;
  SmallVector<AffineMap> maps = {builder.getMultiDimIdentityMap(2)};
  return linalg::GenericOp::create(
             builder, loc, TypeRange{init.getType()}, ValueRange{},
             ValueRange{init}, maps,
             {utils::IteratorType::parallel, utils::IteratorType::parallel},
             [&](OpBuilder &b, Location l, ValueRange) {
               OpBuilder::InsertionGuard guard(builder);
               builder.setInsertionPoint(b.getInsertionBlock(),
                                         b.getInsertionPoint());
               Value onDiagonal = arith::CmpIOp::create(
                   builder, l, arith::CmpIPredicate::eq,
                   linalg::IndexOp::create(builder, l, 0),
                   linalg::IndexOp::create(builder, l, 1));
               linalg::YieldOp::create(
                   builder, l, castScalar(onDiagonal, DType::Bool, dtype));
             })
      .getResult(0);
}

} // namespace scanjit::detail
