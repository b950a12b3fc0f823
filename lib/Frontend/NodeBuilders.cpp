//===- NodeBuilders.cpp - Typed construction of graph nodes ---------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "NodeBuilders.h"

#include "scanjit/Support/Error.h"

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

NodePtr detail::castNode(const NodePtr &node, DType dtype) {
  if (node->type.dtype == dtype)
    return node;
  if (node->kind == OpKind::Constant) {
    NodePtr result = makeNode(OpKind::Constant,
                              TensorType{dtype, node->type.shape}, {});
    result->constant = std::make_shared<const Array>(node->constant->astype(dtype));
    return result;
  }
  return makeNode(OpKind::Cast, TensorType{dtype, node->type.shape}, {node});
}

int64_t detail::normalizeAxis(int64_t axis, int64_t rank,
                              const std::string &what) {
  if (axis < -rank || axis >= rank)
    throw Error(what + ": axis " + std::to_string(axis) +
                " is out of range for rank " + std::to_string(rank));
  return axis < 0 ? axis + rank : axis;
}

NodePtr detail::dimNode(const NodePtr &node, int64_t axis) {
  axis = normalizeAxis(axis, node->type.rank(), "shape");
  if (node->type.shape[axis] != kDynamic)
    return integerConstant(node->type.shape[axis]);
  NodePtr dim = makeNode(OpKind::Dim, TensorType{DType::I64, {}}, {node});
  dim->ints = {axis};
  return dim;
}

NodePtr detail::dimOperand(const Dim &dim, const std::string &what) {
  if (const int64_t *size = std::get_if<int64_t>(&dim))
    return integerConstant(*size);
  const NodePtr &node = nodeOf(std::get<Var>(dim), what.c_str());
  if (node->type.rank() != 0 || isFloatingPoint(node->type.dtype) ||
      node->type.dtype == DType::Bool)
    throw Error(what + ": a size must be an integer scalar, got " +
                describeType(node->type));
  return castNode(node, DType::I64);
}

NodePtr detail::fillNode(const std::vector<NodePtr> &dims, double value,
                         DType dtype) {
  TensorType type{dtype, {}};
  for (const NodePtr &dim : dims)
    type.shape.push_back(constantInteger(*dim).value_or(kDynamic));
  NodePtr node = makeNode(OpKind::Fill, type, dims);
  node->number = value;
  return node;
}

std::vector<NodePtr> detail::shapeOperands(const Var &shape,
                                           const std::string &what) {
  const NodePtr &node = nodeOf(shape, what.c_str());
  if (node->type.rank() == 0)
    return {dimOperand(shape, what)};
  if (node->type.rank() != 1 || node->type.shape[0] == kDynamic ||
      isFloatingPoint(node->type.dtype))
    throw Error(what + ": a shape must be an integer vector of static "
                       "length, got " +
                describeType(node->type));
  if (node->kind == OpKind::Pack)
    return node->operands;
  std::vector<NodePtr> dims;
  for (int64_t i = 0; i < node->type.shape[0]; ++i)
    dims.push_back(castNode(nodeOf(shape[i], what.c_str()), DType::I64));
  return dims;
}
