//===- Ops.cpp - Tensor operations of the C++ frontend --------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Each operation checks its operands, computes its static result type and
// adds a node. Composite operations (mean, stack, full_like...) are built
// from simpler nodes.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Ops.h"

#include "Node.h"
#include "NodeBuilders.h"

#include "scanjit/Support/Error.h"

#include <algorithm>
#include <iterator>
#include <set>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

const char *unaryName(UnaryOp op) {
  switch (op) {
  case UnaryOp::Neg:
    return "neg";
  case UnaryOp::Abs:
    return "abs";
  case UnaryOp::Exp:
    return "exp";
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

Var unary(UnaryOp op, const Var &x) {
  NodePtr operand = nodeOf(x, unaryName(op));
  DType dtype = operand->type.dtype;
  switch (op) {
  case UnaryOp::Neg:
  case UnaryOp::Abs:
  case UnaryOp::Sign:
    if (dtype == DType::Bool)
      throw Error(std::string(unaryName(op)) + " of a bool tensor");
    break;
  case UnaryOp::Not:
    // NumPy: a number is true when it is not zero.
    operand = castNode(operand, DType::Bool);
    dtype = DType::Bool;
    break;
  default:
    dtype = floatTypeFor(dtype);
    operand = castNode(operand, dtype);
    break;
  }
  NodePtr node = makeNode(OpKind::Unary,
                          TensorType{dtype, operand->type.shape}, {operand});
  node->unary = op;
  return Var(node);
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

/// Whether every element of the constant `node` is non-zero.
bool isConstantWithoutZeros(const Node &node) {
  if (node.kind != OpKind::Constant)
    return false;
  for (int64_t value : node.constant->toVector<int64_t>())
    if (value == 0)
      return false;
  return true;
}

/// `node` as a bool tensor (NumPy's truth: not zero).
NodePtr truthOf(const NodePtr &node) { return castNode(node, DType::Bool); }

} // namespace

namespace scanjit::detail {

/// `value`, checked: the call fails with `message` unless every element of
/// `condition` (a bool tensor) holds.
NodePtr checkNode(const NodePtr &value, const NodePtr &condition,
                  std::string message) {
  NodePtr node = makeNode(OpKind::Check, value->type, {value, condition});
  node->message = std::move(message);
  return node;
}

/// The node of `a op b` with broadcasting and promotion.
Var binary(BinaryOp op, const Var &a, const Var &b) {
  NodePtr lhs = nodeOf(a, binaryName(op)), rhs = nodeOf(b, binaryName(op));
  DType dtype = promoteTypes(lhs->type.dtype, rhs->type.dtype);
  if (op == BinaryOp::Div)
    dtype = floatTypeFor(dtype);
  if (isBitwise(op) && isFloatingPoint(dtype))
    throw Error(std::string(binaryName(op)) +
                " needs bool or integer tensors, got " +
                describeType(lhs->type) + " and " + describeType(rhs->type));
  if (dtype == DType::Bool && isArithmetic(op))
    dtype = op == BinaryOp::Div || op == BinaryOp::Pow ? DType::F64
                                                       : DType::I64;
  lhs = castNode(lhs, dtype);
  rhs = castNode(rhs, dtype);
  // An integer divisor of zero is a run-time error (NumPy warns and gives
  // 0); the division itself never traps (see EmitElementwise.cpp).
  if ((op == BinaryOp::Mod || op == BinaryOp::FloorDiv) &&
      !isFloatingPoint(dtype) && !isConstantWithoutZeros(*rhs)) {
    NodePtr nonZero =
        makeNode(OpKind::Binary, TensorType{DType::Bool, rhs->type.shape},
                 {rhs, castNode(integerConstant(0), dtype)});
    nonZero->binary = BinaryOp::Ne;
    rhs = checkNode(rhs, nonZero,
                    std::string(binaryName(op)) +
                        ": integer division or modulo by zero");
  }
  TensorType type{isComparison(op) ? DType::Bool : dtype,
                  broadcastShapes({lhs->type, rhs->type}, binaryName(op))};
  NodePtr node = makeNode(OpKind::Binary, type, {lhs, rhs});
  node->binary = op;
  return Var(node);
}

/// A reduction node over `axes`.
Var reduce(ReduceOp op, const Var &x, const Axes &axes, bool keepdims,
           const char *name) {
  NodePtr operand = nodeOf(x, name);
  int64_t rank = operand->type.rank();
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
  DType dtype = operand->type.dtype;
  if ((op == ReduceOp::Sum || op == ReduceOp::Prod) &&
      (dtype == DType::Bool || dtype == DType::I32))
    dtype = DType::I64;
  if (dtype == DType::Bool)
    dtype = DType::I64;
  operand = castNode(operand, dtype);
  TensorType type{dtype, {}};
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced.count(i))
      type.shape.push_back(operand->type.shape[i]);
    else if (keepdims)
      type.shape.push_back(1);
  }
  NodePtr node = makeNode(OpKind::Reduce, type, {operand});
  node->reduction = op;
  node->ints.assign(reduced.begin(), reduced.end());
  node->flag = keepdims;
  return Var(node);
}

} // namespace scanjit::detail

//===----------------------------------------------------------------------===//
// Constants and elementwise operations
//===----------------------------------------------------------------------===//

Var scanjit::constant(const Array &value, std::string name) {
  NodePtr node =
      makeNode(OpKind::Constant, TensorType{value.dtype(), value.shape()}, {});
  node->constant = std::make_shared<const Array>(value.clone());
  node->name = std::move(name);
  return Var(node);
}

Var scanjit::constant(double value, DType dtype) {
  return constant(Array::scalar(value, dtype));
}

Var scanjit::neg(const Var &x) { return unary(UnaryOp::Neg, x); }
Var scanjit::abs(const Var &x) { return unary(UnaryOp::Abs, x); }
Var scanjit::exp(const Var &x) { return unary(UnaryOp::Exp, x); }
Var scanjit::log(const Var &x) { return unary(UnaryOp::Log, x); }
Var scanjit::tanh(const Var &x) { return unary(UnaryOp::Tanh, x); }
Var scanjit::sigmoid(const Var &x) { return unary(UnaryOp::Sigmoid, x); }
Var scanjit::sqrt(const Var &x) { return unary(UnaryOp::Sqrt, x); }
Var scanjit::sin(const Var &x) { return unary(UnaryOp::Sin, x); }
Var scanjit::cos(const Var &x) { return unary(UnaryOp::Cos, x); }
Var scanjit::logical_not(const Var &x) { return unary(UnaryOp::Not, x); }

Var scanjit::pow(const Var &x, const Var &y) {
  return binary(BinaryOp::Pow, x, y);
}
Var scanjit::maximum(const Var &a, const Var &b) {
  return binary(BinaryOp::Max, a, b);
}
Var scanjit::minimum(const Var &a, const Var &b) {
  return binary(BinaryOp::Min, a, b);
}
Var scanjit::eq(const Var &a, const Var &b) {
  return binary(BinaryOp::Eq, a, b);
}
Var scanjit::neq(const Var &a, const Var &b) {
  return binary(BinaryOp::Ne, a, b);
}
Var scanjit::lt(const Var &a, const Var &b) {
  return binary(BinaryOp::Lt, a, b);
}
Var scanjit::le(const Var &a, const Var &b) {
  return binary(BinaryOp::Le, a, b);
}
Var scanjit::gt(const Var &a, const Var &b) {
  return binary(BinaryOp::Gt, a, b);
}
Var scanjit::ge(const Var &a, const Var &b) {
  return binary(BinaryOp::Ge, a, b);
}
Var scanjit::mod(const Var &a, const Var &b) {
  return binary(BinaryOp::Mod, a, b);
}
Var scanjit::floor_divide(const Var &a, const Var &b) {
  return binary(BinaryOp::FloorDiv, a, b);
}
Var scanjit::sign(const Var &x) { return unary(UnaryOp::Sign, x); }

Var scanjit::clip(const Var &x, const Var &lo, const Var &hi) {
  nodeOf(x, "clip");
  nodeOf(lo, "clip: the lower bound");
  nodeOf(hi, "clip: the upper bound");
  return minimum(maximum(x, lo), hi);
}

// NumPy's logical ops take numbers as truth values (not zero).
Var scanjit::logical_and(const Var &a, const Var &b) {
  return binary(BinaryOp::And, Var(truthOf(nodeOf(a, "logical_and"))),
                Var(truthOf(nodeOf(b, "logical_and"))));
}
Var scanjit::logical_or(const Var &a, const Var &b) {
  return binary(BinaryOp::Or, Var(truthOf(nodeOf(a, "logical_or"))),
                Var(truthOf(nodeOf(b, "logical_or"))));
}
Var scanjit::logical_xor(const Var &a, const Var &b) {
  return binary(BinaryOp::Xor, Var(truthOf(nodeOf(a, "logical_xor"))),
                Var(truthOf(nodeOf(b, "logical_xor"))));
}

Var scanjit::check(const Var &x, const Var &condition,
                   const std::string &message) {
  NodePtr value = nodeOf(x, "check");
  NodePtr cond = truthOf(nodeOf(condition, "check: the condition"));
  if (isConstantWithoutZeros(*cond))
    return x;
  return Var(checkNode(value, cond, "check failed: " + message));
}

Var scanjit::check(const Var &condition, const std::string &message) {
  return check(condition, condition, message);
}

Var scanjit::where(const Var &condition, const Var &a, const Var &b) {
  // NumPy: a number is true when it is not zero.
  NodePtr cond = truthOf(nodeOf(condition, "where")), lhs = nodeOf(a, "where"),
          rhs = nodeOf(b, "where");
  DType dtype = promoteTypes(lhs->type.dtype, rhs->type.dtype);
  lhs = castNode(lhs, dtype);
  rhs = castNode(rhs, dtype);
  TensorType type{dtype,
                  broadcastShapes({cond->type, lhs->type, rhs->type}, "where")};
  return Var(makeNode(OpKind::Select, type, {cond, lhs, rhs}));
}

Var scanjit::cast(const Var &x, DType dtype) {
  return Var(castNode(nodeOf(x, "cast"), dtype));
}

//===----------------------------------------------------------------------===//
// Linear algebra and reductions
//===----------------------------------------------------------------------===//

Var scanjit::dot(const Var &a, const Var &b) {
  NodePtr lhs = nodeOf(a, "dot"), rhs = nodeOf(b, "dot");
  if (lhs->type.rank() == 0 || rhs->type.rank() == 0)
    return a * b;
  if (lhs->type.rank() > 2 || rhs->type.rank() > 2)
    throw Error("dot: operands of rank above 2 are not supported, got " +
                describeType(lhs->type) + " and " + describeType(rhs->type));
  DType dtype = promoteTypes(lhs->type.dtype, rhs->type.dtype);
  if (dtype == DType::Bool)
    dtype = DType::I64;
  lhs = castNode(lhs, dtype);
  rhs = castNode(rhs, dtype);
  const std::vector<int64_t> &ls = lhs->type.shape, &rs = rhs->type.shape;
  int64_t inner = ls.back(), rhsInner = rs[0];
  if (inner != kDynamic && rhsInner != kDynamic && inner != rhsInner)
    throw Error("dot: inner dimensions differ: " + lhs->type.str() + " . " +
                rhs->type.str());
  TensorType type{dtype, {}};
  if (ls.size() == 2)
    type.shape.push_back(ls[0]);
  if (rs.size() == 2)
    type.shape.push_back(rs[1]);
  return Var(makeNode(OpKind::Dot, type, {lhs, rhs}));
}

Var scanjit::sum(const Var &x, Axes axes, bool keepdims) {
  return detail::reduce(ReduceOp::Sum, x, axes, keepdims, "sum");
}
Var scanjit::prod(const Var &x, Axes axes, bool keepdims) {
  return detail::reduce(ReduceOp::Prod, x, axes, keepdims, "prod");
}
Var scanjit::max(const Var &x, Axes axes, bool keepdims) {
  return detail::reduce(ReduceOp::Max, x, axes, keepdims, "max");
}
Var scanjit::min(const Var &x, Axes axes, bool keepdims) {
  return detail::reduce(ReduceOp::Min, x, axes, keepdims, "min");
}

Var scanjit::mean(const Var &x, Axes axes, bool keepdims) {
  Var total = sum(x, axes, keepdims);
  int64_t rank = nodeOf(x, "mean")->type.rank();
  std::vector<int64_t> counted = axes.list;
  if (axes.all)
    for (int64_t i = 0; i < rank; ++i)
      counted.push_back(i);
  Var count = constant(1.0, DType::I64);
  for (int64_t axis : counted)
    count = count * x.shape(axis);
  DType dtype = floatTypeFor(x.dtype());
  return cast(total, dtype) / cast(count, dtype);
}

//===----------------------------------------------------------------------===//
// Joining
//===----------------------------------------------------------------------===//

Var scanjit::concatenate(const std::vector<Var> &xs, int64_t axis) {
  if (xs.empty())
    throw Error("concatenate: no tensors");
  std::vector<NodePtr> operands;
  DType dtype = nodeOf(xs[0], "concatenate")->type.dtype;
  for (const Var &x : xs)
    dtype = promoteTypes(dtype, nodeOf(x, "concatenate")->type.dtype);
  int64_t rank = xs[0].ndim();
  axis = normalizeAxis(axis, rank, "concatenate");
  TensorType type{dtype, xs[0].type().shape};
  type.shape[axis] = 0;
  for (size_t n = 0; n < xs.size(); ++n) {
    NodePtr operand = castNode(xs[n].node(), dtype);
    if (operand->type.rank() != rank)
      throw Error("concatenate: tensor #" + std::to_string(n) + " has rank " +
                  std::to_string(operand->type.rank()) + ", expected " +
                  std::to_string(rank));
    for (int64_t i = 0; i < rank; ++i) {
      int64_t size = operand->type.shape[i];
      if (i == axis) {
        type.shape[i] = size == kDynamic || type.shape[i] == kDynamic
                            ? kDynamic
                            : type.shape[i] + size;
      } else if (type.shape[i] == kDynamic) {
        type.shape[i] = size;
      } else if (size != kDynamic && size != type.shape[i]) {
        throw Error("concatenate: tensor #" + std::to_string(n) + " has shape " +
                    operand->type.str() + ", which differs off axis " +
                    std::to_string(axis));
      }
    }
    operands.push_back(operand);
  }
  NodePtr node = makeNode(OpKind::Concatenate, type, operands);
  node->ints = {axis};
  return Var(node);
}

Var scanjit::stack(const std::vector<Var> &xs, int64_t axis) {
  if (xs.empty())
    throw Error("stack: no tensors");
  int64_t rank = nodeOf(xs[0], "stack")->type.rank();
  axis = normalizeAxis(axis, rank + 1, "stack");
  std::vector<Var> expanded;
  for (const Var &x : xs) {
    NodePtr operand = nodeOf(x, "stack");
    TensorType type = operand->type;
    type.shape.insert(type.shape.begin() + axis, 1);
    NodePtr node = makeNode(OpKind::ExpandDims, type, {operand});
    node->ints = {axis};
    expanded.emplace_back(node);
  }
  return concatenate(expanded, axis);
}

//===----------------------------------------------------------------------===//
// Ranges and filled arrays
//===----------------------------------------------------------------------===//

Var scanjit::arange(const Var &start, const Var &stop, const Var &step) {
  NodePtr nodes[] = {nodeOf(start, "arange"), nodeOf(stop, "arange"),
                     nodeOf(step, "arange")};
  DType dtype = DType::Bool;
  for (const NodePtr &node : nodes) {
    if (node->type.rank() != 0)
      throw Error("arange: bounds must be scalars, got " +
                  describeType(node->type));
    dtype = promoteTypes(dtype, node->type.dtype);
  }
  if (dtype == DType::Bool)
    throw Error("arange: bounds must be numbers, not bools");
  int64_t length = kDynamic;
  std::optional<int64_t> first = constantInteger(*nodes[0]),
                         last = constantInteger(*nodes[1]),
                         by = constantInteger(*nodes[2]);
  if (by && *by == 0)
    throw Error("arange: the step is 0");
  if (first && last && by)
    length = std::max<int64_t>(0, (*last - *first + *by - (*by > 0 ? 1 : -1)) /
                                      *by);
  std::vector<NodePtr> operands;
  for (const NodePtr &node : nodes)
    operands.push_back(castNode(node, dtype));
  return Var(makeNode(OpKind::Arange, TensorType{dtype, {length}}, operands));
}

Var scanjit::arange(const Var &stop) {
  DType dtype = nodeOf(stop, "arange")->type.dtype;
  return arange(constant(0.0, dtype), stop, constant(1.0, dtype));
}

Var scanjit::arange(int64_t stop) {
  return arange(constant(0.0, DType::I64), constant(double(stop), DType::I64),
                constant(1.0, DType::I64));
}

static std::vector<NodePtr> dimOperands(const std::vector<Dim> &shape,
                                        const char *what) {
  std::vector<NodePtr> dims;
  for (const Dim &dim : shape)
    dims.push_back(dimOperand(dim, what));
  return dims;
}

Var scanjit::full(const std::vector<Dim> &shape, double value, DType dtype) {
  return Var(fillNode(dimOperands(shape, "full"), value, dtype));
}
Var scanjit::zeros(const std::vector<Dim> &shape, DType dtype) {
  return Var(fillNode(dimOperands(shape, "zeros"), 0.0, dtype));
}
Var scanjit::ones(const std::vector<Dim> &shape, DType dtype) {
  return Var(fillNode(dimOperands(shape, "ones"), 1.0, dtype));
}
Var scanjit::zeros(const Var &shape, DType dtype) {
  return Var(fillNode(shapeOperands(shape, "zeros"), 0.0, dtype));
}
Var scanjit::ones(const Var &shape, DType dtype) {
  return Var(fillNode(shapeOperands(shape, "ones"), 1.0, dtype));
}

Var scanjit::full_like(const Var &x, double value) {
  const NodePtr &node = nodeOf(x, "full_like");
  std::vector<NodePtr> dims;
  for (int64_t i = 0; i < node->type.rank(); ++i)
    dims.push_back(dimNode(node, i));
  return Var(fillNode(dims, value, node->type.dtype));
}
Var scanjit::zeros_like(const Var &x) { return full_like(x, 0.0); }
Var scanjit::ones_like(const Var &x) { return full_like(x, 1.0); }

Var scanjit::eye(Dim n, DType dtype) {
  NodePtr size = dimOperand(n, "eye");
  int64_t length = constantInteger(*size).value_or(kDynamic);
  return Var(makeNode(OpKind::Eye, TensorType{dtype, {length, length}}, {size}));
}
