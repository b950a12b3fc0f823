//===- Random.cpp - Seeded random streams ---------------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Random.h"

#include "TypeRules.h"

#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

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
  std::vector<Var> dims = shapeOperands(shape, "random draw");
  std::shared_ptr<TraceModule> module = shape.node()->module;
  SharedVariable counter(Array::scalar(int64_t{0}),
                         "random counter #" + std::to_string(draws));
  counter.storage()->incrementsByDefault = true;
  counters.push_back(counter);
  module->current().randomCounters.push_back(counter);

  TensorType type{DType::F64, {}};
  for (const Var &dim : dims)
    type.shape.push_back(constantInteger(*dim.node()).value_or(kDynamic));
  uint64_t key = mixKey(seed + 0x9e3779b97f4a7c15ULL * ++draws);
  Emitter emitter = emitterFor(*module);
  mlir::Value samples =
      emitter.emitRandom(counter.node()->value, tracedValues(dims), key, type);
  return castVar(makeVar(module, emitter.castToType(samples, type), type),
                 dtype);
}

/// The shape vector of `shape` (its sizes kept as its packed scalars).
static Var packDims(const std::vector<Dim> &shape) {
  std::shared_ptr<TraceModule> module = currentTraceModule();
  for (const Dim &dim : shape)
    if (const Var *var = std::get_if<Var>(&dim))
      if (var->valid())
        module = var->node()->module;
  std::vector<Var> dims;
  for (const Dim &dim : shape)
    dims.push_back(dimOperand(module, dim, "random draw"));
  Emitter emitter = emitterFor(*module);
  llvm::SmallVector<mlir::Value> elements;
  for (const Var &dim : dims)
    elements.push_back(emitter.extractScalar(dim.node()->value));
  TensorType type{DType::I64, {static_cast<int64_t>(dims.size())}};
  mlir::Value packed = mlir::tensor::FromElementsOp::create(
      emitter.getBuilder(), emitter.getLoc(),
      toTensorType(*emitter.context(), type), elements);
  Var result = makeVar(module, packed, type);
  result.node()->packed = tracedValues(dims);
  return result;
}

Var RandomStreams::uniform(const Var &shape, double low, double high,
                           DType dtype, std::source_location loc) {
  LocationScope scope(loc);
  if (!isFloatingPoint(dtype))
    throw Error("uniform: the dtype must be f32 or f64");
  Var u = drawUniform(shape, DType::F64);
  return castVar(u * (high - low) + low, dtype);
}

Var RandomStreams::uniform(const std::vector<Dim> &shape, double low,
                           double high, DType dtype, std::source_location loc) {
  LocationScope scope(loc);
  return uniform(packDims(shape), low, high, dtype, loc);
}

Var RandomStreams::normal(const Var &shape, double mean, double stddev,
                          DType dtype, std::source_location loc) {
  LocationScope scope(loc);
  if (!isFloatingPoint(dtype))
    throw Error("normal: the dtype must be f32 or f64");
  // Box-Muller on two independent uniform draws; 1 - u keeps log away from 0.
  Var u1 = 1.0 - drawUniform(shape, DType::F64);
  Var u2 = drawUniform(shape, DType::F64);
  Var radius = scanjit::sqrt(-2.0 * scanjit::log(u1, loc), loc);
  Var standard = radius * scanjit::cos(2.0 * std::numbers::pi * u2, loc);
  return castVar(standard * stddev + mean, dtype);
}

Var RandomStreams::normal(const std::vector<Dim> &shape, double mean,
                          double stddev, DType dtype,
                          std::source_location loc) {
  LocationScope scope(loc);
  return normal(packDims(shape), mean, stddev, dtype, loc);
}

Var RandomStreams::binomial(const Var &shape, int64_t n, const Var &p,
                            DType dtype, std::source_location loc) {
  LocationScope scope(loc);
  if (n < 0)
    throw Error("binomial: n must not be negative, got " + std::to_string(n));
  Var successes = scanjit::zeros(shape, DType::I64, loc);
  for (int64_t trial = 0; trial < n; ++trial)
    successes =
        successes + castVar(drawUniform(shape, DType::F64) < p, DType::I64);
  return castVar(successes, dtype);
}

Var RandomStreams::binomial(const Var &shape, int64_t n, double p, DType dtype,
                            std::source_location loc) {
  LocationScope scope(loc);
  return binomial(shape, n,
                  constantIn(tracedOf(shape, "binomial")->module,
                             Array::scalar(p, DType::F64)),
                  dtype, loc);
}

Updates RandomStreams::updates() const {
  Updates result;
  for (const SharedVariable &counter : counters)
    result.set(counter, counter.defaultUpdate());
  return result;
}
