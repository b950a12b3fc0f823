//===- Random.h - Seeded random streams -------------------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// RandomStreams (Theano's `RandomStreams(1234)`) draws uniform, normal and
// binomial samples. Each draw is a counter-based generator written in
// tensor-level arith ops: the sample at flat position i is a hash of (the
// stream's seed, the draw's number, a counter, i). The counter is a shared
// variable whose default update advances it, so a compiled function gives
// new samples on every call, and a draw inside a scan gives new samples at
// every step. The same seed gives the same samples.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_RANDOM_H
#define SCANJIT_FRONTEND_RANDOM_H

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Frontend/Shared.h"
#include "scanjit/Frontend/Var.h"

#include <cstdint>
#include <source_location>
#include <vector>

namespace scanjit {

/// A seeded source of random tensors (see the file comment).
class RandomStreams {
public:
  /// A stream seeded with `seed`.
  explicit RandomStreams(uint64_t seed) : seed(seed) {}

  /// Samples uniform in [low, high) of the given shape.
  Var uniform(const Var &shape, double low = 0.0, double high = 1.0,
              DType dtype = DType::F64,
              std::source_location loc = std::source_location::current());
  /// Samples uniform in [low, high) of the given shape.
  Var uniform(const std::vector<Dim> &shape, double low = 0.0,
              double high = 1.0, DType dtype = DType::F64,
              std::source_location loc = std::source_location::current());
  /// Normal samples of the given mean and standard deviation.
  Var normal(const Var &shape, double mean = 0.0, double stddev = 1.0,
             DType dtype = DType::F64,
             std::source_location loc = std::source_location::current());
  /// Normal samples of the given mean and standard deviation.
  Var normal(const std::vector<Dim> &shape, double mean = 0.0,
             double stddev = 1.0, DType dtype = DType::F64,
             std::source_location loc = std::source_location::current());
  /// Binomial samples: the number of successes in `n` trials of
  /// probability `p` (a Var broadcast to `shape`).
  Var binomial(const Var &shape, int64_t n, const Var &p,
               DType dtype = DType::I64,
               std::source_location loc = std::source_location::current());
  /// Binomial samples with a constant probability.
  Var binomial(const Var &shape, int64_t n = 1, double p = 0.5,
               DType dtype = DType::I64,
               std::source_location loc = std::source_location::current());

  /// The updates that advance the counters of every draw made so far
  /// (compiled functions apply them by default).
  Updates updates() const;

private:
  /// A fresh counter for one draw, and the uniform samples of `shape` in
  /// [0, 1) it gives.
  Var drawUniform(const Var &shape, DType dtype);

  uint64_t seed;
  uint64_t draws = 0;
  std::vector<SharedVariable> counters;
};

} // namespace scanjit

#endif // SCANJIT_FRONTEND_RANDOM_H
