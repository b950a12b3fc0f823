//===- Var.cpp - Symbolic tensors of the C++ frontend ---------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Var.h"

#include "Node.h"
#include "NodeBuilders.h"

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Support/Error.h"

#include <algorithm>
#include <numeric>

using namespace scanjit;
using namespace scanjit::detail;

namespace scanjit::detail {
Var binary(BinaryOp op, const Var &a, const Var &b);
} // namespace scanjit::detail

const TensorType &Var::type() const { return nodeOf(*this, "Var")->type; }

const std::string &Var::name() const { return nodeOf(*this, "Var")->name; }

std::string Var::describe() const {
  if (!valid())
    return "a null Var";
  if (!name().empty())
    return "'" + name() + "'";
  return "a " + describeType(type());
}

Var Var::shape() const {
  const NodePtr &node = nodeOf(*this, "shape");
  std::vector<NodePtr> dims;
  for (int64_t i = 0; i < node->type.rank(); ++i)
    dims.push_back(dimNode(node, i));
  return Var(makeNode(OpKind::Pack, TensorType{DType::I64, {node->type.rank()}},
                      dims));
}

Var Var::shape(int64_t axis) const {
  return Var(dimNode(nodeOf(*this, "shape"), axis));
}

Var Var::size() const {
  Var count = constant(1.0, DType::I64);
  for (int64_t i = 0; i < ndim(); ++i)
    count = i == 0 ? shape(0) : count * shape(i);
  return count;
}

Var Var::T() const {
  std::vector<int64_t> perm(ndim());
  std::iota(perm.rbegin(), perm.rend(), 0);
  return transpose(perm);
}

Var Var::transpose(std::vector<int64_t> perm) const {
  const NodePtr &node = nodeOf(*this, "transpose");
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
  NodePtr result = makeNode(OpKind::Transpose, type, {node});
  result->ints = std::move(perm);
  return Var(result);
}

Var Var::reshape(std::vector<Var> shape) const {
  const NodePtr &node = nodeOf(*this, "reshape");
  std::vector<NodePtr> operands = {node};
  TensorType type{node->type.dtype, {}};
  int inferred = -1;
  // The product of the sizes other than -1, while all are constants.
  std::optional<int64_t> knownProduct = 1;
  bool overflows = false;
  for (size_t i = 0; i < shape.size(); ++i) {
    NodePtr dim = dimOperand(shape[i], "reshape");
    std::optional<int64_t> size = constantInteger(*dim);
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
        requested +=
            (i ? "," : "") + std::to_string(*constantInteger(*operands[i + 1]));
      requested += shape.size() == 1 ? ",)" : ")";
      throw Error("reshape: cannot reshape array of size " +
                  std::to_string(total) + " into shape " + requested);
    }
    if (inferred >= 0)
      type.shape[inferred] = total / *knownProduct;
  }
  return Var(makeNode(OpKind::Reshape, type, operands));
}

Var Var::reshape(std::vector<int64_t> shape) const {
  std::vector<Var> dims;
  for (int64_t size : shape)
    dims.push_back(constant(double(size), DType::I64));
  return reshape(dims);
}

Var Var::astype(DType dtype) const { return cast(*this, dtype); }

Var Var::sum(Axes axes, bool keepdims) const {
  return scanjit::sum(*this, std::move(axes), keepdims);
}
Var Var::mean(Axes axes, bool keepdims) const {
  return scanjit::mean(*this, std::move(axes), keepdims);
}
Var Var::max(Axes axes, bool keepdims) const {
  return scanjit::max(*this, std::move(axes), keepdims);
}
Var Var::min(Axes axes, bool keepdims) const {
  return scanjit::min(*this, std::move(axes), keepdims);
}
Var Var::prod(Axes axes, bool keepdims) const {
  return scanjit::prod(*this, std::move(axes), keepdims);
}

Var detail::numberLike(double value, bool isInteger, const Var &like) {
  DType dtype = nodeOf(like, "operand")->type.dtype;
  if (dtype == DType::Bool)
    dtype = isInteger ? DType::I64 : DType::F64;
  else if (!isInteger && !isFloatingPoint(dtype))
    dtype = DType::F64;
  return constant(value, dtype);
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
Var scanjit::operator-(const Var &a) { return neg(a); }
Var scanjit::operator<(const Var &a, const Var &b) { return lt(a, b); }
Var scanjit::operator<=(const Var &a, const Var &b) { return le(a, b); }
Var scanjit::operator>(const Var &a, const Var &b) { return gt(a, b); }
Var scanjit::operator>=(const Var &a, const Var &b) { return ge(a, b); }
Var scanjit::operator&(const Var &a, const Var &b) {
  return binary(BinaryOp::And, a, b);
}
Var scanjit::operator|(const Var &a, const Var &b) {
  return binary(BinaryOp::Or, a, b);
}
Var scanjit::operator^(const Var &a, const Var &b) {
  return binary(BinaryOp::Xor, a, b);
}
Var scanjit::operator!(const Var &a) { return logical_not(a); }
