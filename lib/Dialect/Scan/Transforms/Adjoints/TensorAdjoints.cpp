//===- TensorAdjoints.cpp - Reverse-mode rules of tensor ops --------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The rules of the tensor ops the frontend's indexing emits. Each moves the
// adjoint of its result back to where the elements came from: a slice's
// adjoint is inserted into zeros, an insertion's adjoint is split between the
// inserted value and the rest of the destination, reshapes are undone, a
// padding's adjoint is cut back to the padded tensor.
// tensor.empty and tensor.dim carry no derivative and need no rule.
//
//===----------------------------------------------------------------------===//

#include "AdjointRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace scanjit::scan;
using namespace scanjit::scan::adjoints;

/// r = x[offsets : sizes : strides]: dx = zeros like x with g inserted at the
/// same place (a rank-reducing slice inserts back the same way).
static LogicalResult extractSliceAdjoint(tensor::ExtractSliceOp op,
                                         OpBuilder &builder,
                                         AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  Value source = op.getSource();
  if (!adjoint || !state.needsAdjoint(source))
    return success();
  Location loc = op.getLoc();
  Value zeros = buildZerosLike(builder, loc, source);
  state.addAdjoint(builder, loc, source,
                   tensor::InsertSliceOp::create(
                       builder, loc, adjoint, zeros, op.getMixedOffsets(),
                       op.getMixedSizes(), op.getMixedStrides()));
  return success();
}

/// r = dest with s inserted at [offsets : sizes : strides]: ds = the slice of
/// g there, ddest = g with that slice zeroed.
static LogicalResult insertSliceAdjoint(tensor::InsertSliceOp op,
                                        OpBuilder &builder,
                                        AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  if (!adjoint)
    return success();
  Location loc = op.getLoc();
  Value source = op.getSource(), dest = op.getDest();
  if (state.needsAdjoint(source))
    state.addAdjoint(builder, loc, source,
                     tensor::ExtractSliceOp::create(
                         builder, loc, op.getSourceType(), adjoint,
                         op.getMixedOffsets(), op.getMixedSizes(),
                         op.getMixedStrides()));
  if (state.needsAdjoint(dest)) {
    Value zeros = buildZerosLike(builder, loc, source);
    state.addAdjoint(builder, loc, dest,
                     tensor::InsertSliceOp::create(
                         builder, loc, zeros, adjoint, op.getMixedOffsets(),
                         op.getMixedSizes(), op.getMixedStrides()));
  }
  return success();
}

/// r = x[i]: dx = zeros like x with g at i.
static LogicalResult extractAdjoint(tensor::ExtractOp op, OpBuilder &builder,
                                    AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  Value source = op.getTensor();
  if (!adjoint || !state.needsAdjoint(source))
    return success();
  Location loc = op.getLoc();
  Value zeros = buildZerosLike(builder, loc, source);
  state.addAdjoint(
      builder, loc, source,
      tensor::InsertOp::create(builder, loc, adjoint, zeros, op.getIndices()));
  return success();
}

/// r = dest with s at i: ds = g[i], ddest = g with 0 at i.
static LogicalResult insertAdjoint(tensor::InsertOp op, OpBuilder &builder,
                                   AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  if (!adjoint)
    return success();
  Location loc = op.getLoc();
  Value scalar = op.getScalar(), dest = op.getDest();
  if (state.needsAdjoint(scalar))
    state.addAdjoint(
        builder, loc, scalar,
        tensor::ExtractOp::create(builder, loc, adjoint, op.getIndices()));
  if (state.needsAdjoint(dest)) {
    Value zero = buildZerosLike(builder, loc, scalar);
    state.addAdjoint(
        builder, loc, dest,
        tensor::InsertOp::create(builder, loc, zero, adjoint, op.getIndices()));
  }
  return success();
}

/// r = [e_0, e_1, ...] (row-major in r's static shape): de_k = g at the
/// position of element k (an element given twice gets both).
static LogicalResult fromElementsAdjoint(tensor::FromElementsOp op,
                                         OpBuilder &builder,
                                         AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  if (!adjoint)
    return success();
  Location loc = op.getLoc();
  ArrayRef<int64_t> shape = op.getType().getShape();
  SmallVector<int64_t> strides = computeStrides(shape);
  for (auto [position, element] : llvm::enumerate(op.getElements())) {
    if (!state.needsAdjoint(element))
      continue;
    SmallVector<Value> indices;
    for (int64_t index :
         delinearize(static_cast<int64_t>(position), strides))
      indices.push_back(arith::ConstantIndexOp::create(builder, loc, index));
    state.addAdjoint(builder, loc, element,
                     tensor::ExtractOp::create(builder, loc, adjoint, indices));
  }
  return success();
}

/// r = cast(x): dx = cast(g) back to x's type.
static LogicalResult castAdjoint(tensor::CastOp op, OpBuilder &builder,
                                 AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  Value source = op.getSource();
  if (!adjoint || !state.needsAdjoint(source))
    return success();
  Location loc = op.getLoc();
  state.addAdjoint(builder, loc, source,
                   tensor::CastOp::create(builder, loc, source.getType(),
                                          adjoint));
  return success();
}

/// r = expand_shape(x): dx = collapse_shape(g) with the same reassociation.
static LogicalResult expandShapeAdjoint(tensor::ExpandShapeOp op,
                                        OpBuilder &builder,
                                        AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  Value source = op.getSrc();
  if (!adjoint || !state.needsAdjoint(source))
    return success();
  Location loc = op.getLoc();
  // The collapsed type may be more static than x's; addAdjoint casts it.
  state.addAdjoint(builder, loc, source,
                   tensor::CollapseShapeOp::create(
                       builder, loc, adjoint, op.getReassociationIndices()));
  return success();
}

/// r = collapse_shape(x): dx = expand_shape(g) back to x's run-time shape.
static LogicalResult collapseShapeAdjoint(tensor::CollapseShapeOp op,
                                          OpBuilder &builder,
                                          AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  Value source = op.getSrc();
  if (!adjoint || !state.needsAdjoint(source))
    return success();
  Location loc = op.getLoc();
  state.addAdjoint(builder, loc, source,
                   tensor::ExpandShapeOp::create(
                       builder, loc, source.getType(), adjoint,
                       op.getReassociationIndices(),
                       tensor::getMixedSizes(builder, loc, source)));
  return success();
}

/// r = reshape(x, shape): dx = reshape(g, x's run-time shape).
static LogicalResult reshapeAdjoint(tensor::ReshapeOp op, OpBuilder &builder,
                                    AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  Value source = op.getSource();
  if (!adjoint || !state.needsAdjoint(source))
    return success();
  auto sourceType = dyn_cast<RankedTensorType>(source.getType());
  if (!sourceType)
    return op.emitOpError()
           << "cannot be differentiated: its source is unranked";
  Location loc = op.getLoc();
  SmallVector<Value> sizes;
  for (OpFoldResult size : tensor::getMixedSizes(builder, loc, source))
    sizes.push_back(getValueOrCreateConstantIndexOp(builder, loc, size));
  Value shape = tensor::FromElementsOp::create(
      builder, loc,
      RankedTensorType::get({sourceType.getRank()}, builder.getIndexType()),
      sizes);
  state.addAdjoint(
      builder, loc, source,
      tensor::ReshapeOp::create(builder, loc, sourceType, adjoint, shape));
  return success();
}

/// r = concat(x_1, ..., x_n) along dim d: dx_k = the slice of g along d from
/// size(x_1) + ... + size(x_{k-1}), of x_k's size.
static LogicalResult concatAdjoint(tensor::ConcatOp op, OpBuilder &builder,
                                   AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  if (!adjoint)
    return success();
  Location loc = op.getLoc();
  int64_t dim = static_cast<int64_t>(op.getDim());
  OpFoldResult offset = builder.getIndexAttr(0);
  for (auto [index, input] : llvm::enumerate(op.getInputs())) {
    bool last = index + 1 == op.getInputs().size();
    if (last && !state.needsAdjoint(input))
      break;
    auto inputType = cast<RankedTensorType>(input.getType());
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(builder, loc, input);
    if (state.needsAdjoint(input)) {
      SmallVector<OpFoldResult> offsets(inputType.getRank(),
                                        builder.getIndexAttr(0));
      offsets[dim] = offset;
      SmallVector<OpFoldResult> strides(inputType.getRank(),
                                        builder.getIndexAttr(1));
      state.addAdjoint(builder, loc, input,
                       tensor::ExtractSliceOp::create(builder, loc, inputType,
                                                      adjoint, offsets, sizes,
                                                      strides));
    }
    if (last)
      break;
    std::optional<int64_t> staticOffset = getConstantIntValue(offset);
    std::optional<int64_t> staticSize = getConstantIntValue(sizes[dim]);
    if (staticOffset && staticSize)
      offset = builder.getIndexAttr(*staticOffset + *staticSize);
    else if (staticOffset == 0)
      offset = sizes[dim];
    else
      offset = arith::AddIOp::create(
                   builder, loc,
                   getValueOrCreateConstantIndexOp(builder, loc, offset),
                   getValueOrCreateConstantIndexOp(builder, loc, sizes[dim]))
                   .getResult();
  }
  return success();
}

/// r = x padded with `low` and `high` elements of the value p: dx = the
/// slice of g at offsets `low`, of x's size; dp = the sum of g over the
/// padding, sum(g) - sum(dx). A padding value computed in the op's region
/// (it may depend on the position) gets no rule.
static LogicalResult padAdjoint(tensor::PadOp op, OpBuilder &builder,
                                AdjointState &state) {
  Value adjoint = state.getAdjoint(op.getResult());
  if (!adjoint)
    return success();
  Value source = op.getSource();
  Value padding = op.getConstantPaddingValue();
  if (!padding) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op.getRegion(), captured);
    if (llvm::any_of(captured,
                     [&](Value value) { return state.needsAdjoint(value); }))
      return op.emitOpError() << "cannot be differentiated: its padding value "
                                 "is computed in its region";
  }
  bool sourceNeeds = state.needsAdjoint(source);
  bool paddingNeeds = padding && state.needsAdjoint(padding);
  if (!sourceNeeds && !paddingNeeds)
    return success();
  Location loc = op.getLoc();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(builder, loc, source);
  SmallVector<OpFoldResult> strides(sizes.size(), builder.getIndexAttr(1));
  Value interior =
      tensor::ExtractSliceOp::create(builder, loc, op.getSourceType(), adjoint,
                                     op.getMixedLowPad(), sizes, strides);
  if (sourceNeeds)
    state.addAdjoint(builder, loc, source, interior);
  if (paddingNeeds) {
    Value total = buildSumAll(builder, loc, adjoint);
    Value inside = buildSumAll(builder, loc, interior);
    state.addAdjoint(builder, loc, padding,
                     arith::SubFOp::create(builder, loc, total, inside));
  }
  return success();
}

void scanjit::scan::registerTensorAdjointModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, tensor::TensorDialect *) {
    tensor::ExtractSliceOp::attachInterface<
        RuleModel<tensor::ExtractSliceOp, extractSliceAdjoint>>(*ctx);
    tensor::InsertSliceOp::attachInterface<
        RuleModel<tensor::InsertSliceOp, insertSliceAdjoint>>(*ctx);
    tensor::ExtractOp::attachInterface<
        RuleModel<tensor::ExtractOp, extractAdjoint>>(*ctx);
    tensor::InsertOp::attachInterface<
        RuleModel<tensor::InsertOp, insertAdjoint>>(*ctx);
    tensor::FromElementsOp::attachInterface<
        RuleModel<tensor::FromElementsOp, fromElementsAdjoint>>(*ctx);
    tensor::CastOp::attachInterface<RuleModel<tensor::CastOp, castAdjoint>>(
        *ctx);
    tensor::ExpandShapeOp::attachInterface<
        RuleModel<tensor::ExpandShapeOp, expandShapeAdjoint>>(*ctx);
    tensor::CollapseShapeOp::attachInterface<
        RuleModel<tensor::CollapseShapeOp, collapseShapeAdjoint>>(*ctx);
    tensor::ReshapeOp::attachInterface<
        RuleModel<tensor::ReshapeOp, reshapeAdjoint>>(*ctx);
    tensor::ConcatOp::attachInterface<
        RuleModel<tensor::ConcatOp, concatAdjoint>>(*ctx);
    tensor::PadOp::attachInterface<RuleModel<tensor::PadOp, padAdjoint>>(*ctx);
  });
}
