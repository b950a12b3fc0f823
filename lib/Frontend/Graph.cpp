//===- Graph.cpp - Where symbolic inputs and constants come from ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Graph.h"

#include "TypeRules.h"

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Support/Error.h"

using namespace scanjit;
using namespace scanjit::detail;

Var Graph::tensor(std::string name, int64_t rank, std::optional<DType> dtype,
                  std::source_location loc) const {
  if (rank < 0)
    throw Error("input '" + name + "': negative rank " + std::to_string(rank));
  return tensor(std::move(name),
                TensorType{dtype.value_or(options.floatX),
                           std::vector<int64_t>(rank, kDynamic)},
                loc);
}

Var Graph::tensor(std::string name, TensorType type,
                  std::source_location loc) const {
  for (int64_t size : type.shape)
    if (size < 0 && size != kDynamic)
      throw Error("input '" + name + "': negative size in " + type.str());
  return makeArgument(module, std::move(type), std::move(name),
                      TracedValue::Kind::Input, loc);
}

Var Graph::constant(const Array &value, std::string name,
                    std::source_location loc) const {
  LocationScope scope(loc);
  Var var = constantIn(module, value);
  var.node()->name = std::move(name);
  return var;
}

Var Graph::constant(double value, std::string name,
                    std::source_location loc) const {
  return constant(value, options.floatX, std::move(name), loc);
}

Var Graph::constant(double value, DType dtype, std::string name,
                    std::source_location loc) const {
  return constant(Array::scalar(value, dtype), std::move(name), loc);
}
