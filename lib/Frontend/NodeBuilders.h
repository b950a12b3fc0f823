//===- NodeBuilders.h - Typed construction of graph nodes -------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The helpers every part of the frontend builds nodes with: dtype promotion,
// broadcasting of static shapes, casts and dimension sizes. They check what
// can be checked while the graph is built and throw scanjit::Error.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_FRONTEND_NODEBUILDERS_H
#define SCANJIT_LIB_FRONTEND_NODEBUILDERS_H

#include "Node.h"

#include "scanjit/Frontend/Ops.h"

#include <string>
#include <vector>

namespace scanjit::detail {

/// The dtype two operands promote to (NumPy's rules on bool, i32, i64, f32
/// and f64: an integer with f32 gives f64).
DType promoteTypes(DType a, DType b);

/// The float dtype an operation on `dtype` computes in (f64 for integers).
DType floatTypeFor(DType dtype);

/// The shape `types` broadcast to; throws naming `opName` if two static
/// sizes differ and neither is 1.
std::vector<int64_t> broadcastShapes(const std::vector<TensorType> &types,
                                     const std::string &opName);

/// `node` converted to `dtype` (itself when it already has it).
NodePtr castNode(const NodePtr &node, DType dtype);

/// The size of dimension `axis` of `node` as an i64 scalar node (a constant
/// when it is static).
NodePtr dimNode(const NodePtr &node, int64_t axis);

/// `axis` made non-negative for a rank-`rank` tensor; throws naming `what`
/// when out of range.
int64_t normalizeAxis(int64_t axis, int64_t rank, const std::string &what);

/// An i64 scalar node for a constant or symbolic dimension; throws unless a
/// symbolic one is an integer scalar.
NodePtr dimOperand(const Dim &dim, const std::string &what);

/// A Fill node of `value` in the shape of the scalar nodes `dims`.
NodePtr fillNode(const std::vector<NodePtr> &dims, double value, DType dtype);

/// The scalar nodes of a shape given as an i64 vector (or a scalar, as
/// NumPy's zeros(5)). The vector's length must be static.
std::vector<NodePtr> shapeOperands(const Var &shape, const std::string &what);

} // namespace scanjit::detail

#endif // SCANJIT_LIB_FRONTEND_NODEBUILDERS_H
