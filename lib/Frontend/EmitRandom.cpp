//===- EmitRandom.cpp - Counter-based uniform samples ---------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A random draw is a linalg.generic whose element at flat position i is
// SplitMix64's finalizer applied to (key, counter, i), scaled to [0, 1) with
// 53 bits. The counter is a run-time i64 scalar (loop state inside a scan),
// the key a constant of the draw.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace scanjit::detail {

/// SplitMix64's output function (Steele, Lea and Flood, 2014).
static Value mix64(OpBuilder &b, Location loc, Value z) {
  auto constant = [&](uint64_t value) -> Value {
    return arith::ConstantOp::create(
        b, loc, b.getI64IntegerAttr(static_cast<int64_t>(value)));
  };
  auto xorShift = [&](Value x, uint64_t shift) -> Value {
    return arith::XOrIOp::create(
        b, loc, x, arith::ShRUIOp::create(b, loc, x, constant(shift)));
  };
  z = arith::MulIOp::create(b, loc, xorShift(z, 30),
                            constant(0xbf58476d1ce4e5b9ULL));
  z = arith::MulIOp::create(b, loc, xorShift(z, 27),
                            constant(0x94d049bb133111ebULL));
  return xorShift(z, 31);
}

Value Emitter::emitRandom(Value counterTensor, ArrayRef<TracedPtr> sizeValuesIn,
                          uint64_t key, const TensorType &type) {
  Value counter = extractScalar(counterTensor);
  SmallVector<OpFoldResult> sizes;
  SmallVector<Value> sizeValues;
  for (const TracedPtr &dim : sizeValuesIn) {
    Value size = indexOf(*dim);
    sizes.push_back(size);
    sizeValues.push_back(size);
  }
  Value init = emptyTensor(type, sizes);
  int64_t rank = type.rank();
  SmallVector<AffineMap> maps = {builder.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, TypeRange{init.getType()}, ValueRange{},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &b, Location l, ValueRange) {
               Value flat = arith::ConstantIndexOp::create(b, l, 0);
               for (int64_t d = 0; d < rank; ++d)
                 flat = arith::AddIOp::create(
                     b, l, arith::MulIOp::create(b, l, flat, sizeValues[d]),
                     linalg::IndexOp::create(b, l, d));
               Value position =
                   arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
               auto constant = [&](uint64_t value) -> Value {
                 return arith::ConstantOp::create(
                     b, l, b.getI64IntegerAttr(static_cast<int64_t>(value)));
               };
               // One stream per (key, counter); one sample per position.
               Value stream = mix64(
                   b, l,
                   arith::AddIOp::create(
                       b, l, constant(key),
                       arith::MulIOp::create(b, l, counter,
                                             constant(0x9e3779b97f4a7c15ULL))));
               Value z = mix64(
                   b, l,
                   arith::XOrIOp::create(
                       b, l, stream,
                       arith::MulIOp::create(b, l, position,
                                             constant(0xd1b54a32d192ed03ULL))));
               Value bits = arith::ShRUIOp::create(b, l, z, constant(11));
               Value real = arith::UIToFPOp::create(b, l, b.getF64Type(), bits);
               Value scale = arith::ConstantOp::create(
                   b, l, b.getF64FloatAttr(1.0 / 9007199254740992.0));
               Value sample = arith::MulFOp::create(b, l, real, scale);
               linalg::YieldOp::create(b, l, sample);
             })
      .getResult(0);
}

} // namespace scanjit::detail
