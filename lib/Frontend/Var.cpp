//===- Var.cpp - Symbolic tensors of the C++ frontend ---------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Var.h"

#include "TypeRules.h"

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <algorithm>
#include <numeric>

using namespace scanjit;
using namespace scanjit::detail;

using SourceLocation = std::source_location;

namespace scanjit::detail {
Var unary(UnaryOp op, const Var &x);
Var binary(BinaryOp op, const Var &a, const Var &b);
} // namespace scanjit::detail

static const TracedPtr &checkedNode(const Var &var) {
  if (!var.valid())
    throw Error("Var is a null Var");
  return var.node();
}

const TensorType &Var::type() const { return checkedNode(*this)->type; }

const std::string &Var::name() const { return checkedNode(*this)->name; }

std::string Var::describe() const {
  if (!valid())
    return "a null Var";
  if (!name().empty())
    return "'" + name() + "'";
  return "a " + describeType(type());
}

Var Var::shape(SourceLocation loc) const {
  LocationScope scope(loc);
  const TracedPtr &traced = tracedOf(*this, "shape");
  std::vector<Var> dims;
  for (int64_t i = 0; i < traced->type.rank(); ++i)
    dims.push_back(dimVar(*this, i));
  Emitter emitter = emitterFor(*traced->module);
  llvm::SmallVector<mlir::Value> elements;
  for (const Var &dim : dims)
    elements.push_back(emitter.extractScalar(dim.node()->value));
  TensorType type{DType::I64, {traced->type.rank()}};
  mlir::Value shape = mlir::tensor::FromElementsOp::create(
      emitter.getBuilder(), emitter.getLoc(),
      toTensorType(*emitter.context(), type), elements);
  Var result = makeVar(traced->module, shape, type);
  result.node()->packed = tracedValues(dims);
  return result;
}

Var Var::shape(int64_t axis, SourceLocation loc) const {
  LocationScope scope(loc);
  tracedOf(*this, "shape");
  return dimVar(*this, axis);
}

Var Var::size(SourceLocation loc) const {
  LocationScope scope(loc);
  Var count = integerConstant(tracedOf(*this, "size")->module, 1);
  for (int64_t i = 0; i < ndim(); ++i)
    count = i == 0 ? dimVar(*this, 0) : count * dimVar(*this, i);
  return count;
}

Var Var::T(SourceLocation loc) const {
  std::vector<int64_t> perm(tracedOf(*this, "transpose")->type.rank());
  std::iota(perm.rbegin(), perm.rend(), 0);
  return transpose(perm, loc);
}

Var Var::transpose(std::vector<int64_t> perm, SourceLocation loc) const {
  LocationScope scope(loc);
  const TracedPtr &node = tracedOf(*this, "transpose");
  int64_t rank = node->type.rank();
  std::vector<bool> used(rank, false);
  if (static_cast<int64_t>(perm.size()) != rank)
    throw Error("transpose: the permutation has " +
                std::to_string(perm.size()) + " entries for rank " +
                std::to_string(rank));
  TensorType type{node->type.dtype, {}};
  for (int64_t &axis : perm) {
    axis = normalizeAxis(axis, rank, "transpose");
    if (used[axis])
      throw Error("transpose: axis " + std::to_string(axis) + " repeats");
    used[axis] = true;
    type.shape.push_back(node->type.shape[axis]);
  }
  if (std::is_sorted(perm.begin(), perm.end()))
    return *this;
  Emitter emitter = emitterFor(*node->module);
  mlir::Value result = emitter.emitTranspose(node->value, perm, type);
  return makeVar(node->module, emitter.castToType(result, type), type);
}

Var Var::reshape(std::vector<Var> shape, SourceLocation loc) const {
  LocationScope scope(loc);
  const TracedPtr &node = tracedOf(*this, "reshape");
  std::vector<Var> operands;
  TensorType type{node->type.dtype, {}};
  int inferred = -1;
  // The product of the sizes other than -1, while all are constants.
  std::optional<int64_t> knownProduct = 1;
  bool overflows = false;
  for (size_t i = 0; i < shape.size(); ++i) {
    Var dim = dimOperand(node->module, shape[i], "reshape");
    std::optional<int64_t> size = constantInteger(*dim.node());
    if (size && *size == -1) {
      if (inferred >= 0)
        throw Error("reshape: more than one size is -1");
      inferred = static_cast<int>(i);
    } else if (size && *size < 0) {
      throw Error("reshape: negative size " + std::to_string(*size));
    } else if (!size) {
      knownProduct.reset();
    } else if (knownProduct) {
      overflows |= __builtin_mul_overflow(*knownProduct, *size, &*knownProduct);
    }
    type.shape.push_back(size && *size >= 0 ? *size : kDynamic);
    operands.push_back(dim);
  }
  bool staticInput =
      std::none_of(node->type.shape.begin(), node->type.shape.end(),
                   [](int64_t size) { return size == kDynamic; });
  // With every size known, NumPy's rules hold or the graph is wrong; the
  // other cases are checked at run time.
  if (staticInput && knownProduct) {
    // A static type is not an allocation: its product may overflow.
    int64_t total = 1;
    bool totalOverflows = false;
    for (int64_t size : node->type.shape)
      totalOverflows |= __builtin_mul_overflow(total, size, &total);
    if (std::find(node->type.shape.begin(), node->type.shape.end(), 0) !=
        node->type.shape.end())
      total = 0;
    else if (totalOverflows)
      throw Error("reshape: the size of " + node->type.str() +
                  " overflows int64");
    bool fits = !overflows && (inferred >= 0 ? *knownProduct != 0 &&
                                                   total % *knownProduct == 0
                                             : *knownProduct == total);
    if (!fits) {
      std::string requested = "(";
      for (size_t i = 0; i < shape.size(); ++i)
        requested += (i ? "," : "") +
                     std::to_string(*constantInteger(*operands[i].node()));
      requested += shape.size() == 1 ? ",)" : ")";
      throw Error("reshape: cannot reshape array of size " +
                  std::to_string(total) + " into shape " + requested);
    }
    if (inferred >= 0)
      type.shape[inferred] = total / *knownProduct;
  }
  Emitter emitter = emitterFor(*node->module);
  mlir::Value result = emitter.emitReshape(node->value, node->type,
                                           tracedValues(operands), type);
  return makeVar(node->module, emitter.castToType(result, type), type);
}

Var Var::reshape(std::vector<int64_t> shape, SourceLocation loc) const {
  LocationScope scope(loc);
  std::vector<Var> dims;
  for (int64_t size : shape)
    dims.push_back(integerConstant(tracedOf(*this, "reshape")->module, size));
  return reshape(dims, loc);
}

Var Var::astype(DType dtype, SourceLocation loc) const {
  return cast(*this, dtype, loc);
}

Var Var::sum(Axes axes, bool keepdims, SourceLocation loc) const {
  return scanjit::sum(*this, std::move(axes), keepdims, loc);
}
Var Var::mean(Axes axes, bool keepdims, SourceLocation loc) const {
  return scanjit::mean(*this, std::move(axes), keepdims, loc);
}
Var Var::max(Axes axes, bool keepdims, SourceLocation loc) const {
  return scanjit::max(*this, std::move(axes), keepdims, loc);
}
Var Var::min(Axes axes, bool keepdims, SourceLocation loc) const {
  return scanjit::min(*this, std::move(axes), keepdims, loc);
}
Var Var::prod(Axes axes, bool keepdims, SourceLocation loc) const {
  return scanjit::prod(*this, std::move(axes), keepdims, loc);
}

Var detail::numberLike(double value, bool isInteger, const Var &like) {
  DType dtype = tracedOf(like, "operand")->type.dtype;
  if (dtype == DType::Bool)
    dtype = isInteger ? DType::I64 : DType::F64;
  else if (!isInteger && !isFloatingPoint(dtype))
    dtype = DType::F64;
  return constantIn(like.node()->module, Array::scalar(value, dtype));
}

Var scanjit::operator+(const Var &a, const Var &b) {
  return binary(BinaryOp::Add, a, b);
}
Var scanjit::operator-(const Var &a, const Var &b) {
  return binary(BinaryOp::Sub, a, b);
}
Var scanjit::operator*(const Var &a, const Var &b) {
  return binary(BinaryOp::Mul, a, b);
}
Var scanjit::operator/(const Var &a, const Var &b) {
  return binary(BinaryOp::Div, a, b);
}
Var scanjit::operator%(const Var &a, const Var &b) {
  return binary(BinaryOp::Mod, a, b);
}
Var scanjit::operator-(const Var &a) { return unary(UnaryOp::Neg, a); }
Var scanjit::operator<(const Var &a, const Var &b) {
  return binary(BinaryOp::Lt, a, b);
}
Var scanjit::operator<=(const Var &a, const Var &b) {
  return binary(BinaryOp::Le, a, b);
}
Var scanjit::operator>(const Var &a, const Var &b) {
  return binary(BinaryOp::Gt, a, b);
}
Var scanjit::operator>=(const Var &a, const Var &b) {
  return binary(BinaryOp::Ge, a, b);
}
Var scanjit::operator&(const Var &a, const Var &b) {
  return binary(BinaryOp::And, a, b);
}
Var scanjit::operator|(const Var &a, const Var &b) {
  return binary(BinaryOp::Or, a, b);
}
Var scanjit::operator^(const Var &a, const Var &b) {
  return binary(BinaryOp::Xor, a, b);
}
Var scanjit::operator!(const Var &a) { return unary(UnaryOp::Not, a); }
