//===- EmitIndexing.cpp - Subtensors, slices and set_subtensor ------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A subtensor with positive steps is a tensor.extract_slice (rank-reducing
// for scalar indices). A constant negative index -c reads row `tensor.dim -
// c`, the form scan-save-mem recognizes on scan results. Negative steps
// (x[::-1]) gather with a linalg.generic. set_subtensor inserts a slice (or
// one element) into the base tensor.
//
// A scalar index that may fall outside its axis (any symbolic index, or a
// constant one on a dynamic axis) is checked at run time: out of bounds, the
// runtime records NumPy's IndexError message, the subtensor reads zeros (a
// set_subtensor leaves the base as it is), and the call throws on return.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace scanjit::detail {

/// The part of a tensor a subtensor reads: per source dimension its offset,
/// size and stride, and whether a scalar index drops it.
struct Emitter::Region {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  SmallVector<bool> dropped;
  bool reversed = false;
  /// An i1 that holds when a scalar index is out of bounds; null when every
  /// index is known to be in bounds.
  Value outOfBounds;

  /// The static type of the part (dropped dimensions removed).
  TensorType partType(DType dtype) const {
    TensorType type{dtype, {}};
    for (size_t d = 0; d < sizes.size(); ++d) {
      if (dropped[d])
        continue;
      auto attr = dyn_cast<Attribute>(sizes[d]);
      type.shape.push_back(attr ? cast<IntegerAttr>(attr).getInt() : kDynamic);
    }
    return type;
  }
  /// The sizes of the kept dimensions.
  SmallVector<OpFoldResult> partSizes() const {
    SmallVector<OpFoldResult> kept;
    for (size_t d = 0; d < sizes.size(); ++d)
      if (!dropped[d])
        kept.push_back(sizes[d]);
    return kept;
  }
};

Emitter::Region Emitter::computeRegion(Value source,
                                       ArrayRef<IndexSpec> indices) {
  auto type = cast<RankedTensorType>(source.getType());
  Region region;
  Value zero = indexConstant(0), one = indexConstant(1);
  auto minIndex = [&](Value a, Value b) -> Value {
    return arith::MinSIOp::create(builder, loc, a, b);
  };
  auto maxIndex = [&](Value a, Value b) -> Value {
    return arith::MaxSIOp::create(builder, loc, a, b);
  };
  // A bound or index counted from the end when negative.
  auto fromEnd = [&](const TracedPtr &index, Value size) -> Value {
    if (std::optional<int64_t> value = constantInteger(*index)) {
      if (*value >= 0)
        return indexConstant(*value);
      // size - (-value), the way x[-1] reads; size + value for the most
      // negative int64, whose negation overflows.
      if (*value == std::numeric_limits<int64_t>::min())
        return arith::AddIOp::create(builder, loc, size, indexConstant(*value));
      return arith::SubIOp::create(builder, loc, size, indexConstant(-*value));
    }
    Value i = indexOf(*index);
    Value negative =
        arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt, i, zero);
    return arith::SelectOp::create(builder, loc, negative,
                                   arith::AddIOp::create(builder, loc, i, size),
                                   i);
  };
  for (int64_t d = 0; d < type.getRank(); ++d) {
    OpFoldResult staticSize =
        type.isDynamicDim(d)
            ? OpFoldResult()
            : OpFoldResult(builder.getIndexAttr(type.getDimSize(d)));
    if (d >= static_cast<int64_t>(indices.size())) {
      region.offsets.push_back(builder.getIndexAttr(0));
      region.sizes.push_back(staticSize ? staticSize
                                        : OpFoldResult(dimValue(source, d)));
      region.strides.push_back(builder.getIndexAttr(1));
      region.dropped.push_back(false);
      continue;
    }
    const IndexSpec &spec = indices[d];
    if (spec.isScalar) {
      std::optional<int64_t> constant = constantInteger(*spec.start);
      if (constant && *constant >= 0)
        region.offsets.push_back(builder.getIndexAttr(*constant));
      else
        region.offsets.push_back(fromEnd(spec.start, dimValue(source, d)));
      // Building the graph rejected constant indices outside static axes.
      if (!constant || type.isDynamicDim(d)) {
        Value offset = getValueOrCreateConstantIndexOp(builder, loc,
                                                       region.offsets.back());
        Value size = dimValue(source, d);
        Value outside = arith::OrIOp::create(
            builder, loc,
            arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt,
                                  offset, zero),
            arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::sge,
                                  offset, size));
        Value written =
            constant ? indexConstant(*constant) : indexOf(*spec.start);
        reportIf(outside, runtime::ErrorCode::IndexOutOfBounds,
                 {written, size, indexConstant(d)});
        region.outOfBounds =
            region.outOfBounds ? arith::OrIOp::create(
                                     builder, loc, region.outOfBounds, outside)
                               : outside;
      }
      region.sizes.push_back(builder.getIndexAttr(1));
      region.strides.push_back(builder.getIndexAttr(1));
      region.dropped.push_back(true);
      continue;
    }
    region.dropped.push_back(false);
    if (!spec.start && !spec.stop && spec.step == 1) {
      region.offsets.push_back(builder.getIndexAttr(0));
      region.sizes.push_back(staticSize ? staticSize
                                        : OpFoldResult(dimValue(source, d)));
      region.strides.push_back(builder.getIndexAttr(1));
      continue;
    }
    Value size = dimValue(source, d);
    Value step = indexConstant(std::abs(spec.step));
    Value first, last, span;
    if (spec.step > 0) {
      first = !spec.start
                  ? zero
                  : minIndex(maxIndex(fromEnd(spec.start, size), zero), size);
      last = !spec.stop
                 ? size
                 : minIndex(maxIndex(fromEnd(spec.stop, size), zero), size);
      span = arith::SubIOp::create(builder, loc, last, first);
    } else {
      Value minusOne = indexConstant(-1);
      Value top = arith::SubIOp::create(builder, loc, size, one);
      first =
          !spec.start
              ? top
              : minIndex(maxIndex(fromEnd(spec.start, size), minusOne), top);
      last = !spec.stop
                 ? minusOne
                 : minIndex(maxIndex(fromEnd(spec.stop, size), minusOne), top);
      span = arith::SubIOp::create(builder, loc, first, last);
      region.reversed = true;
    }
    span = maxIndex(span, zero);
    Value length = arith::DivSIOp::create(
        builder, loc,
        arith::SubIOp::create(
            builder, loc, arith::AddIOp::create(builder, loc, span, step), one),
        step);
    region.offsets.push_back(first);
    region.sizes.push_back(length);
    region.strides.push_back(builder.getIndexAttr(spec.step));
  }
  return region;
}

Value Emitter::emitSubtensor(Value source, ArrayRef<IndexSpec> indices,
                             const TensorType &type) {
  Region region = computeRegion(source, indices);
  TensorType partType = region.partType(type.dtype);
  RankedTensorType resultType = toTensorType(*context(), partType);
  // Out of bounds, the part is zeros of its shape.
  return selectComputed(
      region.outOfBounds, resultType,
      [&] { return emitRegionRead(source, region, partType, resultType); },
      [&] { return zerosOf(partType, region.partSizes()); });
}

Value Emitter::emitRegionRead(Value source, const Region &region,
                              const TensorType &partType,
                              RankedTensorType resultType) {
  if (!region.reversed)
    return tensor::ExtractSliceOp::create(builder, loc, resultType, source,
                                          region.offsets, region.sizes,
                                          region.strides);
  // A gather: part[i...] = source[offset + i * stride, ...].
  Value init = emptyTensor(partType, region.partSizes());
  SmallVector<AffineMap> maps = {
      builder.getMultiDimIdentityMap(partType.rank())};
  SmallVector<utils::IteratorType> iterators(partType.rank(),
                                             utils::IteratorType::parallel);
  SmallVector<Value> offsets;
  for (OpFoldResult offset : region.offsets)
    offsets.push_back(getValueOrCreateConstantIndexOp(builder, loc, offset));
  return linalg::GenericOp::create(
             builder, loc, TypeRange{init.getType()}, ValueRange{},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &b, Location l, ValueRange) {
               SmallVector<Value> indices;
               int64_t kept = 0;
               for (size_t d = 0; d < region.offsets.size(); ++d) {
                 if (region.dropped[d]) {
                   indices.push_back(offsets[d]);
                   continue;
                 }
                 int64_t stride =
                     cast<IntegerAttr>(cast<Attribute>(region.strides[d]))
                         .getInt();
                 Value i = linalg::IndexOp::create(b, l, kept++);
                 Value scaled = arith::MulIOp::create(
                     b, l, i, arith::ConstantIndexOp::create(b, l, stride));
                 indices.push_back(
                     arith::AddIOp::create(b, l, offsets[d], scaled));
               }
               Value element = tensor::ExtractOp::create(b, l, source, indices);
               linalg::YieldOp::create(b, l, element);
             })
      .getResult(0);
}

Value Emitter::emitSetSubtensor(Value base, Value value,
                                const TensorType &valueType,
                                ArrayRef<IndexSpec> indices, bool increment,
                                const TensorType &type) {
  Region region = computeRegion(base, indices);
  TensorType partType = region.partType(type.dtype);
  return selectComputed(
      region.outOfBounds, base.getType(),
      [&] {
        return emitRegionWrite(base, value, valueType, region, partType,
                               increment, type.dtype);
      },
      [&] { return base; });
}

Value Emitter::emitRegionWrite(Value base, Value value,
                               const TensorType &valueType,
                               const Region &region, const TensorType &partType,
                               bool increment, DType dtype) {
  bool allScalar = partType.rank() == 0;
  if (allScalar && !increment) {
    SmallVector<Value> indices;
    for (OpFoldResult offset : region.offsets)
      indices.push_back(getValueOrCreateConstantIndexOp(builder, loc, offset));
    return tensor::InsertOp::create(builder, loc, extractScalar(value), base,
                                    indices);
  }
  SmallVector<OpFoldResult> partSizes = region.partSizes();
  RankedTensorType sliceType = toTensorType(*context(), partType);
  Value part = broadcastTo(value, valueType, partType, partSizes);
  part = castToType(part, partType);
  if (increment) {
    Value current = tensor::ExtractSliceOp::create(
        builder, loc, sliceType, base, region.offsets, region.sizes,
        region.strides);
    part = isFloatingPoint(dtype)
               ? Value(arith::AddFOp::create(builder, loc, current, part))
               : Value(arith::AddIOp::create(builder, loc, current, part));
  }
  return tensor::InsertSliceOp::create(builder, loc, part, base, region.offsets,
                                       region.sizes, region.strides);
}

} // namespace scanjit::detail
