//===- Random.cpp - Seeded random streams ---------------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Random.h"

#include "Node.h"
#include "NodeBuilders.h"
#include "Tracing.h"

#include "scanjit/Support/Error.h"

#include <numbers>

using namespace scanjit;
using namespace scanjit::detail;

/// SplitMix64's finalizer, to derive the keys of draws from the seed.
static uint64_t mixKey(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Var RandomStreams::drawUniform(const Var &shape, DType dtype) {
  std::vector<NodePtr> dims = shapeOperands(shape, "random draw");
  SharedVariable counter(Array::scalar(int64_t{0}),
                         "random counter #" + std::to_string(draws));
  counter.storage()->incrementsByDefault = true;
  counters.push_back(counter);
  if (!tracingStack().empty())
    tracingStack().back().randomCounters.push_back(counter);

  TensorType type{DType::F64, {}};
  for (const NodePtr &dim : dims)
    type.shape.push_back(constantInteger(*dim).value_or(kDynamic));
  std::vector<NodePtr> operands = {counter.node()};
  operands.insert(operands.end(), dims.begin(), dims.end());
  NodePtr node = makeNode(OpKind::Random, type, operands);
  node->key = mixKey(seed + 0x9e3779b97f4a7c15ULL * ++draws);
  return cast(Var(node), dtype);
}

static Var packDims(const std::vector<Dim> &shape) {
  std::vector<NodePtr> dims;
  for (const Dim &dim : shape)
    dims.push_back(dimOperand(dim, "random draw"));
  return Var(makeNode(OpKind::Pack,
                      TensorType{DType::I64, {static_cast<int64_t>(dims.size())}},
                      dims));
}

Var RandomStreams::uniform(const Var &shape, double low, double high,
                           DType dtype) {
  if (!isFloatingPoint(dtype))
    throw Error("uniform: the dtype must be f32 or f64");
  Var u = drawUniform(shape, DType::F64);
  return cast(u * (high - low) + low, dtype);
}

Var RandomStreams::uniform(const std::vector<Dim> &shape, double low,
                           double high, DType dtype) {
  return uniform(packDims(shape), low, high, dtype);
}

Var RandomStreams::normal(const Var &shape, double mean, double stddev,
                          DType dtype) {
  if (!isFloatingPoint(dtype))
    throw Error("normal: the dtype must be f32 or f64");
  // Box-Muller on two independent uniform draws; 1 - u keeps log away from 0.
  Var u1 = 1.0 - drawUniform(shape, DType::F64);
  Var u2 = drawUniform(shape, DType::F64);
  Var radius = sqrt(-2.0 * log(u1));
  Var standard = radius * cos(2.0 * std::numbers::pi * u2);
  return cast(standard * stddev + mean, dtype);
}

Var RandomStreams::normal(const std::vector<Dim> &shape, double mean,
                          double stddev, DType dtype) {
  return normal(packDims(shape), mean, stddev, dtype);
}

Var RandomStreams::binomial(const Var &shape, int64_t n, const Var &p,
                            DType dtype) {
  if (n < 0)
    throw Error("binomial: n must not be negative, got " + std::to_string(n));
  Var successes = zeros(shape, DType::I64);
  for (int64_t trial = 0; trial < n; ++trial)
    successes = successes + cast(drawUniform(shape, DType::F64) < p, DType::I64);
  return cast(successes, dtype);
}

Var RandomStreams::binomial(const Var &shape, int64_t n, double p,
                            DType dtype) {
  return binomial(shape, n, constant(p, DType::F64), dtype);
}

Updates RandomStreams::updates() const {
  Updates result;
  for (const SharedVariable &counter : counters)
    result.set(counter, counter.defaultUpdate());
  return result;
}
