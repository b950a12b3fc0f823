//===- TypeRules.h - Dtype promotion, broadcasting, small Vars --*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The rules every frontend op types its result with (NumPy's promotion,
// Theano's broadcasting of static shapes, axes), and the small Vars they
// build on: casts, integer constants, dimension sizes, fills. They check
// what can be checked while tracing and throw scanjit::Error.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_FRONTEND_TYPERULES_H
#define SCANJIT_LIB_FRONTEND_TYPERULES_H

#include "Emitter.h"
#include "Tracing.h"

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

/// `axis` made non-negative for a rank-`rank` tensor; throws naming `what`
/// when out of range.
int64_t normalizeAxis(int64_t axis, int64_t rank, const std::string &what);

/// An Emitter for the current scope of `module`, at the location of the
/// frontend call in progress.
Emitter emitterFor(TraceModule &module);

/// A constant Var holding `array` (traced in `module`).
Var constantIn(const std::shared_ptr<TraceModule> &module, const Array &array);

/// A rank-0 i64 constant.
Var integerConstant(const std::shared_ptr<TraceModule> &module, int64_t value);

/// `var` converted to `dtype` (itself when it already has it; a new
/// constant for a constant).
Var castVar(const Var &var, DType dtype);

/// The elementwise `op` of `operands`, whose result has `type`.
Var elementwise(const ElementwiseOp &op, const std::vector<Var> &operands,
                const TensorType &type);

/// The size of dimension `axis` of `var` as an i64 scalar (a constant when
/// it is static).
Var dimVar(const Var &var, int64_t axis);

/// An i64 scalar for a constant or symbolic dimension; throws unless a
/// symbolic one is an integer scalar.
Var dimOperand(const std::shared_ptr<TraceModule> &module, const Dim &dim,
               const std::string &what);

/// `value` in the shape of the i64 scalars `dims`.
Var fillVar(const std::shared_ptr<TraceModule> &module,
            const std::vector<Var> &dims, double value, DType dtype);

/// The i64 scalars of a shape given as an integer vector (or a scalar, as
/// NumPy's zeros(5)). The vector's length must be static.
std::vector<Var> shapeOperands(const Var &shape, const std::string &what);

/// The traced values of `vars`.
std::vector<TracedPtr> tracedValues(const std::vector<Var> &vars);

} // namespace scanjit::detail

#endif // SCANJIT_LIB_FRONTEND_TYPERULES_H
