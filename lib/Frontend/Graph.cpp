//===- Graph.cpp - Where symbolic inputs and constants come from ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Graph.h"

#include "Node.h"

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Support/Error.h"

using namespace scanjit;
using namespace scanjit::detail;

Var Graph::tensor(std::string name, int64_t rank,
                  std::optional<DType> dtype) const {
  if (rank < 0)
    throw Error("input '" + name + "': negative rank " + std::to_string(rank));
  return tensor(std::move(name),
                TensorType{dtype.value_or(options.floatX),
                           std::vector<int64_t>(rank, kDynamic)});
}

Var Graph::tensor(std::string name, TensorType type) const {
  for (int64_t size : type.shape)
    if (size < 0 && size != kDynamic)
      throw Error("input '" + name + "': negative size in " + type.str());
  NodePtr node = makeNode(OpKind::Input, std::move(type), {});
  node->name = std::move(name);
  return Var(node);
}

Var Graph::constant(const Array &value, std::string name) const {
  return scanjit::constant(value, std::move(name));
}

Var Graph::constant(double value, std::string name) const {
  return constant(value, options.floatX, std::move(name));
}

Var Graph::constant(double value, DType dtype, std::string name) const {
  return scanjit::constant(Array::scalar(value, dtype), std::move(name));
}
