//===- TypeRules.cpp - Dtype promotion, broadcasting, small Vars ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "TypeRules.h"

#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <algorithm>

using namespace scanjit;
using namespace scanjit::detail;

/// The position of `dtype` in NumPy's promotion order.
static int promotionRank(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return 0;
  case DType::I32:
    return 1;
  case DType::I64:
    return 2;
  case DType::F32:
    return 3;
  case DType::F64:
    return 4;
  }
  return 4;
}

DType detail::promoteTypes(DType a, DType b) {
  if (a == b)
    return a;
  if ((a == DType::F32 && (b == DType::I32 || b == DType::I64)) ||
      (b == DType::F32 && (a == DType::I32 || a == DType::I64)))
    return DType::F64;
  return promotionRank(a) > promotionRank(b) ? a : b;
}

DType detail::floatTypeFor(DType dtype) {
  return isFloatingPoint(dtype) ? dtype : DType::F64;
}

std::vector<int64_t>
detail::broadcastShapes(const std::vector<TensorType> &types,
                        const std::string &opName) {
  int64_t rank = 0;
  for (const TensorType &type : types)
    rank = std::max(rank, type.rank());
  std::vector<int64_t> shape(rank, 1);
  for (int64_t i = 0; i < rank; ++i) {
    for (const TensorType &type : types) {
      int64_t j = i - (rank - type.rank());
      if (j < 0 || type.shape[j] == 1)
        continue;
      int64_t size = type.shape[j];
      if (shape[i] == 1 || shape[i] == kDynamic) {
        if (size != kDynamic || shape[i] == 1)
          shape[i] = size;
        continue;
      }
      if (size != kDynamic && size != shape[i]) {
        std::string message = opName + ": cannot broadcast shapes";
        for (const TensorType &t : types)
          message += " " + t.str();
        throw Error(message);
      }
    }
  }
  return shape;
}

int64_t detail::normalizeAxis(int64_t axis, int64_t rank,
                              const std::string &what) {
  if (axis < -rank || axis >= rank)
    throw Error(what + ": axis " + std::to_string(axis) +
                " is out of range for rank " + std::to_string(rank));
  return axis < 0 ? axis + rank : axis;
}

Emitter detail::emitterFor(TraceModule &module) {
  return Emitter(module, currentLocation(module.context));
}

Var detail::constantIn(const std::shared_ptr<TraceModule> &module,
                       const Array &array) {
  TensorType type{array.dtype(), array.shape()};
  Emitter emitter = emitterFor(*module);
  Var var = makeVar(module, emitter.emitConstant(array, type), type);
  var.node()->constant = std::make_shared<const Array>(array.clone());
  return var;
}

Var detail::integerConstant(const std::shared_ptr<TraceModule> &module,
                            int64_t value) {
  return constantIn(module, Array::scalar(value));
}

Var detail::castVar(const Var &var, DType dtype) {
  const TracedPtr &traced = tracedOf(var, "cast");
  if (traced->type.dtype == dtype)
    return var;
  if (traced->constant)
    return constantIn(traced->module, traced->constant->astype(dtype));
  ElementwiseOp op{ElementwiseOp::Kind::Cast};
  op.operandType = op.sourceType = traced->type.dtype;
  op.resultType = dtype;
  return elementwise(op, {var}, TensorType{dtype, traced->type.shape});
}

std::vector<TracedPtr> detail::tracedValues(const std::vector<Var> &vars) {
  std::vector<TracedPtr> values;
  for (const Var &var : vars)
    values.push_back(tracedOf(var, "operand"));
  return values;
}

Var detail::elementwise(const ElementwiseOp &op,
                        const std::vector<Var> &operands,
                        const TensorType &type) {
  std::shared_ptr<TraceModule> module = operands[0].node()->module;
  std::vector<mlir::Value> values;
  std::vector<TensorType> types;
  for (const Var &operand : operands) {
    const TracedPtr &traced = tracedOf(operand, "operand");
    if (traced->module != module)
      throw Error("Vars traced on different threads cannot be combined");
    values.push_back(traced->value);
    types.push_back(traced->type);
  }
  Emitter emitter = emitterFor(*module);
  mlir::Value result = emitter.emitElementwise(op, values, types, type);
  return makeVar(module, emitter.castToType(result, type), type);
}

Var detail::dimVar(const Var &var, int64_t axis) {
  const TracedPtr &traced = tracedOf(var, "shape");
  axis = normalizeAxis(axis, traced->type.rank(), "shape");
  if (traced->type.shape[axis] != kDynamic)
    return integerConstant(traced->module, traced->type.shape[axis]);
  Emitter emitter = emitterFor(*traced->module);
  mlir::OpBuilder &builder = emitter.getBuilder();
  mlir::Value size = emitter.dimValue(traced->value, axis);
  mlir::Value i64 = mlir::arith::IndexCastOp::create(
      builder, emitter.getLoc(), builder.getI64Type(), size);
  mlir::Value scalar = mlir::tensor::FromElementsOp::create(
      builder, emitter.getLoc(),
      mlir::RankedTensorType::get({}, builder.getI64Type()),
      mlir::ValueRange{i64});
  return makeVar(traced->module, scalar, TensorType{DType::I64, {}});
}

Var detail::dimOperand(const std::shared_ptr<TraceModule> &module,
                       const Dim &dim, const std::string &what) {
  if (const int64_t *size = std::get_if<int64_t>(&dim))
    return integerConstant(module, *size);
  const Var &var = std::get<Var>(dim);
  const TracedPtr &traced = tracedOf(var, what);
  if (traced->type.rank() != 0 || isFloatingPoint(traced->type.dtype) ||
      traced->type.dtype == DType::Bool)
    throw Error(what + ": a size must be an integer scalar, got " +
                describeType(traced->type));
  return castVar(var, DType::I64);
}

Var detail::fillVar(const std::shared_ptr<TraceModule> &module,
                    const std::vector<Var> &dims, double value, DType dtype) {
  TensorType type{dtype, {}};
  for (const Var &dim : dims)
    type.shape.push_back(constantInteger(*dim.node()).value_or(kDynamic));
  Emitter emitter = emitterFor(*module);
  mlir::Value result = emitter.emitFill(tracedValues(dims), value, type);
  return makeVar(module, emitter.castToType(result, type), type);
}

std::vector<Var> detail::shapeOperands(const Var &shape,
                                       const std::string &what) {
  const TracedPtr &traced = tracedOf(shape, what);
  if (traced->type.rank() == 0)
    return {dimOperand(traced->module, shape, what)};
  if (traced->type.rank() != 1 || traced->type.shape[0] == kDynamic ||
      isFloatingPoint(traced->type.dtype))
    throw Error(what +
                ": a shape must be an integer vector of static "
                "length, got " +
                describeType(traced->type));
  std::vector<Var> dims;
  if (!traced->packed.empty()) {
    for (const TracedPtr &dim : traced->packed)
      dims.emplace_back(dim);
    return dims;
  }
  for (int64_t i = 0; i < traced->type.shape[0]; ++i)
    dims.push_back(castVar(shape[i], DType::I64));
  return dims;
}
