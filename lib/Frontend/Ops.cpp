//===- Ops.cpp - Tensor operations of the C++ frontend --------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Each operation checks its operands, computes its static result type and
// traces its ops (Emitter.h). Composite operations (mean, stack,
// full_like...) are built from simpler ones.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Ops.h"

#include "TypeRules.h"

#include "scanjit/Support/Error.h"

#include <algorithm>
#include <iterator>
#include <set>

using namespace scanjit;
using namespace scanjit::detail;

using SourceLocation = std::source_location;

namespace {

const char *unaryName(UnaryOp op) {
  switch (op) {
  case UnaryOp::Neg:
    return "neg";
  case UnaryOp::Abs:
    return "abs";
  case UnaryOp::Exp:
    return "exp";
  case UnaryOp::Expm1:
    return "expm1";
  case UnaryOp::Log:
    return "log";
  case UnaryOp::Tanh:
    return "tanh";
  case UnaryOp::Sigmoid:
    return "sigmoid";
  case UnaryOp::Sqrt:
    return "sqrt";
  case UnaryOp::Sin:
    return "sin";
  case UnaryOp::Cos:
    return "cos";
  case UnaryOp::Not:
    return "logical_not";
  case UnaryOp::Sign:
    return "sign";
  }
  return "?";
}

const char *binaryName(BinaryOp op) {
  static const char *const kNames[] = {
      "add",     "sub", "mul",          "div", "pow", "maximum",
      "minimum", "mod", "floor_divide", "eq",  "neq", "lt",
      "le",      "gt",  "ge",           "and", "or",  "xor"};
  static_assert(std::size(kNames) == static_cast<size_t>(BinaryOp::Xor) + 1);
  return kNames[static_cast<int>(op)];
}

bool isComparison(BinaryOp op) {
  return op >= BinaryOp::Eq && op <= BinaryOp::Ge;
}

/// Whether `op` computes numbers (add ... floor_divide), so that bools
/// promote to integers (or to floats for div and pow).
bool isArithmetic(BinaryOp op) { return op < BinaryOp::Eq; }

/// Whether `op` is bitwise on integers, logical on bools.
bool isBitwise(BinaryOp op) { return op >= BinaryOp::And; }

/// Whether `var` is a constant without zeros.
bool isConstantWithoutZeros(const Var &var) {
  if (!var.node()->constant)
    return false;
  for (int64_t value : var.node()->constant->toVector<int64_t>())
    if (value == 0)
      return false;
  return true;
}

/// `var` as a bool tensor (NumPy's truth: not zero).
Var truthOf(const Var &var, const char *what) {
  tracedOf(var, what);
  return castVar(var, DType::Bool);
}

} // namespace

namespace scanjit::detail {

/// The elementwise `op` of `x`, with its dtype rules.
Var unary(UnaryOp op, const Var &x) {
  Var operand = x;
  DType dtype = tracedOf(x, unaryName(op))->type.dtype;
  switch (op) {
  case UnaryOp::Neg:
  case UnaryOp::Abs:
  case UnaryOp::Sign:
    if (dtype == DType::Bool)
      throw Error(std::string(unaryName(op)) + " of a bool tensor");
    break;
  case UnaryOp::Not:
    // NumPy: a number is true when it is not zero.
    operand = castVar(operand, DType::Bool);
    dtype = DType::Bool;
    break;
  default:
    dtype = floatTypeFor(dtype);
    operand = castVar(operand, dtype);
    break;
  }
  ElementwiseOp elementwiseOp{ElementwiseOp::Kind::Unary};
  elementwiseOp.unary = op;
  elementwiseOp.operandType = elementwiseOp.resultType = dtype;
  return elementwise(elementwiseOp, {operand},
                     TensorType{dtype, operand.type().shape});
}

/// `value`, checked: the call fails with `message` unless every element of
/// `condition` (a bool tensor) holds.
Var checkVar(const Var &value, const Var &condition,
             const std::string &message) {
  const TracedPtr &traced = tracedOf(value, "check");
  const TracedPtr &cond = tracedOf(condition, "check: the condition");
  Emitter emitter = emitterFor(*traced->module);
  mlir::Value result =
      emitter.emitCheck(traced->value, cond->value, cond->type, message);
  return makeVar(traced->module, result, traced->type);
}

/// `a op b` with broadcasting and promotion.
Var binary(BinaryOp op, const Var &a, const Var &b) {
  const TracedPtr &lhsValue = tracedOf(a, binaryName(op));
  const TracedPtr &rhsValue = tracedOf(b, binaryName(op));
  DType dtype = promoteTypes(lhsValue->type.dtype, rhsValue->type.dtype);
  if (op == BinaryOp::Div)
    dtype = floatTypeFor(dtype);
  if (isBitwise(op) && isFloatingPoint(dtype))
    throw Error(
        std::string(binaryName(op)) + " needs bool or integer tensors, got " +
        describeType(lhsValue->type) + " and " + describeType(rhsValue->type));
  if (dtype == DType::Bool && isArithmetic(op))
    dtype =
        op == BinaryOp::Div || op == BinaryOp::Pow ? DType::F64 : DType::I64;
  TensorType type{
      isComparison(op) ? DType::Bool : dtype,
      broadcastShapes({lhsValue->type, rhsValue->type}, binaryName(op))};
  Var lhs = castVar(a, dtype), rhs = castVar(b, dtype);
  // An integer divisor of zero is a run-time error (NumPy warns and gives
  // 0); the division itself never traps (see EmitElementwise.cpp).
  if ((op == BinaryOp::Mod || op == BinaryOp::FloorDiv) &&
      !isFloatingPoint(dtype) && !isConstantWithoutZeros(rhs)) {
    Var zero = castVar(integerConstant(rhs.node()->module, 0), dtype);
    Var nonZero = binary(BinaryOp::Ne, rhs, zero);
    rhs = checkVar(rhs, nonZero,
                   std::string(binaryName(op)) +
                       ": integer division or modulo by zero");
  }
  ElementwiseOp elementwiseOp{ElementwiseOp::Kind::Binary};
  elementwiseOp.binary = op;
  elementwiseOp.operandType = dtype;
  elementwiseOp.resultType = type.dtype;
  return elementwise(elementwiseOp, {lhs, rhs}, type);
}

/// A reduction over `axes`.
Var reduce(ReduceOp op, const Var &x, const Axes &axes, bool keepdims,
           const char *name) {
  int64_t rank = tracedOf(x, name)->type.rank();
  std::set<int64_t> reduced;
  if (axes.all) {
    for (int64_t i = 0; i < rank; ++i)
      reduced.insert(i);
  } else {
    for (int64_t axis : axes.list)
      if (!reduced.insert(normalizeAxis(axis, rank, name)).second)
        throw Error(std::string(name) + ": axis " + std::to_string(axis) +
                    " repeats");
  }
  DType dtype = x.dtype();
  if ((op == ReduceOp::Sum || op == ReduceOp::Prod) &&
      (dtype == DType::Bool || dtype == DType::I32))
    dtype = DType::I64;
  if (dtype == DType::Bool)
    dtype = DType::I64;
  Var operand = castVar(x, dtype);
  const TracedPtr &input = operand.node();
  TensorType type{dtype, {}};
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced.count(i))
      type.shape.push_back(input->type.shape[i]);
    else if (keepdims)
      type.shape.push_back(1);
  }
  std::vector<int64_t> axesList(reduced.begin(), reduced.end());
  Emitter emitter = emitterFor(*input->module);
  mlir::Value result = emitter.emitReduce(op, input->value, input->type,
                                          axesList, keepdims, type);
  return makeVar(input->module, emitter.castToType(result, type), type);
}

} // namespace scanjit::detail

//===----------------------------------------------------------------------===//
// Constants and elementwise operations
//===----------------------------------------------------------------------===//

Var scanjit::constant(const Array &value, std::string name,
                      SourceLocation loc) {
  LocationScope scope(loc);
  Var var = constantIn(currentTraceModule(), value);
  var.node()->name = std::move(name);
  return var;
}

Var scanjit::constant(double value, DType dtype, SourceLocation loc) {
  return constant(Array::scalar(value, dtype), "", loc);
}

#define SCANJIT_UNARY(NAME, OP)                                                \
  Var scanjit::NAME(const Var &x, SourceLocation loc) {                        \
    LocationScope scope(loc);                                                  \
    return unary(UnaryOp::OP, x);                                              \
  }
SCANJIT_UNARY(neg, Neg)
SCANJIT_UNARY(abs, Abs)
SCANJIT_UNARY(exp, Exp)
SCANJIT_UNARY(expm1, Expm1)
SCANJIT_UNARY(log, Log)
SCANJIT_UNARY(tanh, Tanh)
SCANJIT_UNARY(sigmoid, Sigmoid)
SCANJIT_UNARY(sqrt, Sqrt)
SCANJIT_UNARY(sin, Sin)
SCANJIT_UNARY(cos, Cos)
SCANJIT_UNARY(logical_not, Not)
SCANJIT_UNARY(sign, Sign)
#undef SCANJIT_UNARY

#define SCANJIT_BINARY(NAME, OP)                                               \
  Var scanjit::NAME(const Var &a, const Var &b, SourceLocation loc) {          \
    LocationScope scope(loc);                                                  \
    return binary(BinaryOp::OP, a, b);                                         \
  }
SCANJIT_BINARY(pow, Pow)
SCANJIT_BINARY(maximum, Max)
SCANJIT_BINARY(minimum, Min)
SCANJIT_BINARY(eq, Eq)
SCANJIT_BINARY(neq, Ne)
SCANJIT_BINARY(lt, Lt)
SCANJIT_BINARY(le, Le)
SCANJIT_BINARY(gt, Gt)
SCANJIT_BINARY(ge, Ge)
SCANJIT_BINARY(mod, Mod)
SCANJIT_BINARY(floor_divide, FloorDiv)
#undef SCANJIT_BINARY

Var scanjit::clip(const Var &x, const Var &lo, const Var &hi,
                  SourceLocation loc) {
  LocationScope scope(loc);
  tracedOf(x, "clip");
  tracedOf(lo, "clip: the lower bound");
  tracedOf(hi, "clip: the upper bound");
  return binary(BinaryOp::Min, binary(BinaryOp::Max, x, lo), hi);
}

// NumPy's logical ops take numbers as truth values (not zero).
Var scanjit::logical_and(const Var &a, const Var &b, SourceLocation loc) {
  LocationScope scope(loc);
  return binary(BinaryOp::And, truthOf(a, "logical_and"),
                truthOf(b, "logical_and"));
}
Var scanjit::logical_or(const Var &a, const Var &b, SourceLocation loc) {
  LocationScope scope(loc);
  return binary(BinaryOp::Or, truthOf(a, "logical_or"),
                truthOf(b, "logical_or"));
}
Var scanjit::logical_xor(const Var &a, const Var &b, SourceLocation loc) {
  LocationScope scope(loc);
  return binary(BinaryOp::Xor, truthOf(a, "logical_xor"),
                truthOf(b, "logical_xor"));
}

Var scanjit::check(const Var &x, const Var &condition,
                   const std::string &message, SourceLocation loc) {
  LocationScope scope(loc);
  tracedOf(x, "check");
  Var cond = truthOf(condition, "check: the condition");
  if (isConstantWithoutZeros(cond))
    return x;
  return checkVar(x, cond, "check failed: " + message);
}

Var scanjit::check(const Var &condition, const std::string &message,
                   SourceLocation loc) {
  return check(condition, condition, message, loc);
}

Var scanjit::where(const Var &condition, const Var &a, const Var &b,
                   SourceLocation loc) {
  LocationScope scope(loc);
  // NumPy: a number is true when it is not zero.
  Var cond = truthOf(condition, "where");
  const TracedPtr &lhsValue = tracedOf(a, "where");
  const TracedPtr &rhsValue = tracedOf(b, "where");
  DType dtype = promoteTypes(lhsValue->type.dtype, rhsValue->type.dtype);
  TensorType type{
      dtype,
      broadcastShapes({cond.type(), lhsValue->type, rhsValue->type}, "where")};
  ElementwiseOp op{ElementwiseOp::Kind::Select};
  op.operandType = op.resultType = dtype;
  return elementwise(op, {cond, castVar(a, dtype), castVar(b, dtype)}, type);
}

Var scanjit::cast(const Var &x, DType dtype, SourceLocation loc) {
  LocationScope scope(loc);
  tracedOf(x, "cast");
  return castVar(x, dtype);
}

//===----------------------------------------------------------------------===//
// Linear algebra and reductions
//===----------------------------------------------------------------------===//

Var scanjit::dot(const Var &a, const Var &b, SourceLocation loc) {
  LocationScope scope(loc);
  const TracedPtr &lhsValue = tracedOf(a, "dot");
  const TracedPtr &rhsValue = tracedOf(b, "dot");
  if (lhsValue->type.rank() == 0 || rhsValue->type.rank() == 0)
    return binary(BinaryOp::Mul, a, b);
  if (lhsValue->type.rank() > 2 || rhsValue->type.rank() > 2)
    throw Error("dot: operands of rank above 2 are not supported, got " +
                describeType(lhsValue->type) + " and " +
                describeType(rhsValue->type));
  DType dtype = promoteTypes(lhsValue->type.dtype, rhsValue->type.dtype);
  if (dtype == DType::Bool)
    dtype = DType::I64;
  const std::vector<int64_t> &ls = lhsValue->type.shape,
                             &rs = rhsValue->type.shape;
  int64_t inner = ls.back(), rhsInner = rs[0];
  if (inner != kDynamic && rhsInner != kDynamic && inner != rhsInner)
    throw Error("dot: inner dimensions differ: " + TensorType{dtype, ls}.str() +
                " . " + TensorType{dtype, rs}.str());
  TensorType type{dtype, {}};
  if (ls.size() == 2)
    type.shape.push_back(ls[0]);
  if (rs.size() == 2)
    type.shape.push_back(rs[1]);
  Var lhs = castVar(a, dtype), rhs = castVar(b, dtype);
  std::shared_ptr<TraceModule> module = lhs.node()->module;
  Emitter emitter = emitterFor(*module);
  mlir::Value result = emitter.emitDot(lhs.node()->value, rhs.node()->value,
                                       static_cast<int64_t>(ls.size()),
                                       static_cast<int64_t>(rs.size()), type);
  return makeVar(module, emitter.castToType(result, type), type);
}

#define SCANJIT_REDUCTION(NAME, OP)                                            \
  Var scanjit::NAME(const Var &x, Axes axes, bool keepdims,                    \
                    SourceLocation loc) {                                      \
    LocationScope scope(loc);                                                  \
    return detail::reduce(ReduceOp::OP, x, axes, keepdims, #NAME);             \
  }
SCANJIT_REDUCTION(sum, Sum)
SCANJIT_REDUCTION(prod, Prod)
SCANJIT_REDUCTION(max, Max)
SCANJIT_REDUCTION(min, Min)
#undef SCANJIT_REDUCTION

Var scanjit::mean(const Var &x, Axes axes, bool keepdims, SourceLocation loc) {
  LocationScope scope(loc);
  Var total = detail::reduce(ReduceOp::Sum, x, axes, keepdims, "sum");
  int64_t rank = x.ndim();
  std::vector<int64_t> counted = axes.list;
  if (axes.all)
    for (int64_t i = 0; i < rank; ++i)
      counted.push_back(i);
  Var count = integerConstant(x.node()->module, 1);
  for (int64_t axis : counted)
    count = count * dimVar(x, axis);
  DType dtype = floatTypeFor(x.dtype());
  return castVar(total, dtype) / castVar(count, dtype);
}

//===----------------------------------------------------------------------===//
// Joining
//===----------------------------------------------------------------------===//

Var scanjit::concatenate(const std::vector<Var> &xs, int64_t axis,
                         SourceLocation loc) {
  LocationScope scope(loc);
  if (xs.empty())
    throw Error("concatenate: no tensors");
  DType dtype = tracedOf(xs[0], "concatenate")->type.dtype;
  for (const Var &x : xs)
    dtype = promoteTypes(dtype, tracedOf(x, "concatenate")->type.dtype);
  int64_t rank = xs[0].ndim();
  axis = normalizeAxis(axis, rank, "concatenate");
  TensorType type{dtype, xs[0].type().shape};
  type.shape[axis] = 0;
  for (size_t n = 0; n < xs.size(); ++n) {
    const TensorType &operandType = xs[n].type();
    if (operandType.rank() != rank)
      throw Error("concatenate: tensor #" + std::to_string(n) + " has rank " +
                  std::to_string(operandType.rank()) + ", expected " +
                  std::to_string(rank));
    for (int64_t i = 0; i < rank; ++i) {
      int64_t size = operandType.shape[i];
      if (i == axis) {
        type.shape[i] = size == kDynamic || type.shape[i] == kDynamic
                            ? kDynamic
                            : type.shape[i] + size;
      } else if (type.shape[i] == kDynamic) {
        type.shape[i] = size;
      } else if (size != kDynamic && size != type.shape[i]) {
        throw Error("concatenate: tensor #" + std::to_string(n) +
                    " has shape " + TensorType{dtype, operandType.shape}.str() +
                    ", which differs off axis " + std::to_string(axis));
      }
    }
  }
  std::vector<mlir::Value> inputs;
  for (const Var &x : xs)
    inputs.push_back(castVar(x, dtype).node()->value);
  std::shared_ptr<TraceModule> module = xs[0].node()->module;
  Emitter emitter = emitterFor(*module);
  mlir::Value result = emitter.emitConcatenate(inputs, axis, type);
  return makeVar(module, emitter.castToType(result, type), type);
}

Var scanjit::stack(const std::vector<Var> &xs, int64_t axis,
                   SourceLocation loc) {
  LocationScope scope(loc);
  if (xs.empty())
    throw Error("stack: no tensors");
  int64_t rank = tracedOf(xs[0], "stack")->type.rank();
  axis = normalizeAxis(axis, rank + 1, "stack");
  std::vector<Var> expanded;
  for (size_t n = 0; n < xs.size(); ++n) {
    const TracedPtr &operand = tracedOf(xs[n], "stack");
    if (operand->type.rank() != rank)
      throw Error("stack: tensor #" + std::to_string(n) + " has rank " +
                  std::to_string(operand->type.rank()) + ", expected " +
                  std::to_string(rank) +
                  " (all input arrays must have the same shape)");
    TensorType type = operand->type;
    type.shape.insert(type.shape.begin() + axis, 1);
    Emitter emitter = emitterFor(*operand->module);
    mlir::Value result = emitter.emitExpandDims(operand->value, axis, type);
    expanded.push_back(makeVar(operand->module, result, type));
  }
  return concatenate(expanded, axis, loc);
}

//===----------------------------------------------------------------------===//
// Ranges and filled arrays
//===----------------------------------------------------------------------===//

Var scanjit::arange(const Var &start, const Var &stop, const Var &step,
                    SourceLocation loc) {
  LocationScope scope(loc);
  const TracedPtr values[] = {tracedOf(start, "arange"),
                              tracedOf(stop, "arange"),
                              tracedOf(step, "arange")};
  DType dtype = DType::Bool;
  for (const TracedPtr &value : values) {
    if (value->type.rank() != 0)
      throw Error("arange: bounds must be scalars, got " +
                  describeType(value->type));
    dtype = promoteTypes(dtype, value->type.dtype);
  }
  if (dtype == DType::Bool)
    throw Error("arange: bounds must be numbers, not bools");
  int64_t length = kDynamic;
  std::optional<int64_t> first = constantInteger(*values[0]),
                         last = constantInteger(*values[1]),
                         by = constantInteger(*values[2]);
  if (by && *by == 0)
    throw Error("arange: the step is 0");
  if (first && last && by)
    length =
        std::max<int64_t>(0, (*last - *first + *by - (*by > 0 ? 1 : -1)) / *by);
  TensorType type{dtype, {length}};
  Var bounds[] = {castVar(start, dtype), castVar(stop, dtype),
                  castVar(step, dtype)};
  std::shared_ptr<TraceModule> module = values[0]->module;
  Emitter emitter = emitterFor(*module);
  mlir::Value result =
      emitter.emitArange(bounds[0].node()->value, bounds[1].node()->value,
                         bounds[2].node()->value, type);
  return makeVar(module, emitter.castToType(result, type), type);
}

Var scanjit::arange(const Var &stop, SourceLocation loc) {
  LocationScope scope(loc);
  DType dtype = tracedOf(stop, "arange")->type.dtype;
  std::shared_ptr<TraceModule> module = stop.node()->module;
  return arange(constantIn(module, Array::scalar(0.0, dtype)), stop,
                constantIn(module, Array::scalar(1.0, dtype)), loc);
}

Var scanjit::arange(int64_t stop, SourceLocation loc) {
  LocationScope scope(loc);
  std::shared_ptr<TraceModule> module = currentTraceModule();
  return arange(integerConstant(module, 0), integerConstant(module, stop),
                integerConstant(module, 1), loc);
}

static std::vector<Var> dimOperands(const std::shared_ptr<TraceModule> &module,
                                    const std::vector<Dim> &shape,
                                    const char *what) {
  std::vector<Var> dims;
  for (const Dim &dim : shape)
    dims.push_back(dimOperand(module, dim, what));
  return dims;
}

/// The module of the symbolic sizes of `shape` (this thread's if none).
static std::shared_ptr<TraceModule>
moduleOfDims(const std::vector<Dim> &shape) {
  for (const Dim &dim : shape)
    if (const Var *var = std::get_if<Var>(&dim))
      if (var->valid())
        return var->node()->module;
  return currentTraceModule();
}

Var scanjit::full(const std::vector<Dim> &shape, double value, DType dtype,
                  SourceLocation loc) {
  LocationScope scope(loc);
  std::shared_ptr<TraceModule> module = moduleOfDims(shape);
  return fillVar(module, dimOperands(module, shape, "full"), value, dtype);
}
Var scanjit::zeros(const std::vector<Dim> &shape, DType dtype,
                   SourceLocation loc) {
  LocationScope scope(loc);
  std::shared_ptr<TraceModule> module = moduleOfDims(shape);
  return fillVar(module, dimOperands(module, shape, "zeros"), 0.0, dtype);
}
Var scanjit::ones(const std::vector<Dim> &shape, DType dtype,
                  SourceLocation loc) {
  LocationScope scope(loc);
  std::shared_ptr<TraceModule> module = moduleOfDims(shape);
  return fillVar(module, dimOperands(module, shape, "ones"), 1.0, dtype);
}
Var scanjit::zeros(const Var &shape, DType dtype, SourceLocation loc) {
  LocationScope scope(loc);
  std::vector<Var> dims = shapeOperands(shape, "zeros");
  return fillVar(shape.node()->module, dims, 0.0, dtype);
}
Var scanjit::ones(const Var &shape, DType dtype, SourceLocation loc) {
  LocationScope scope(loc);
  std::vector<Var> dims = shapeOperands(shape, "ones");
  return fillVar(shape.node()->module, dims, 1.0, dtype);
}

Var scanjit::full_like(const Var &x, double value, SourceLocation loc) {
  LocationScope scope(loc);
  const TracedPtr &traced = tracedOf(x, "full_like");
  std::vector<Var> dims;
  for (int64_t i = 0; i < traced->type.rank(); ++i)
    dims.push_back(dimVar(x, i));
  return fillVar(traced->module, dims, value, traced->type.dtype);
}
Var scanjit::zeros_like(const Var &x, SourceLocation loc) {
  return full_like(x, 0.0, loc);
}
Var scanjit::ones_like(const Var &x, SourceLocation loc) {
  return full_like(x, 1.0, loc);
}

Var scanjit::eye(Dim n, DType dtype, SourceLocation loc) {
  LocationScope scope(loc);
  std::shared_ptr<TraceModule> module = moduleOfDims({n});
  Var size = dimOperand(module, n, "eye");
  int64_t length = constantInteger(*size.node()).value_or(kDynamic);
  TensorType type{dtype, {length, length}};
  Emitter emitter = emitterFor(*module);
  mlir::Value result = emitter.emitEye(*size.node(), type);
  return makeVar(module, emitter.castToType(result, type), type);
}
