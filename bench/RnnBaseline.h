//===- RnnBaseline.h - The hand-written RNN of the benchmarks ---*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The inputs of the RNN workloads (W3, W4, W6) and their hand-written
// forward pass: OpenBLAS for the products, then the bias and a vectorised
// tanh (Eigen's rational approximation, the one ScanJIT uses for f32).
// Shared by scanjit-bench and scanjit-count-w3.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_BENCH_RNNBASELINE_H
#define SCANJIT_BENCH_RNNBASELINE_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace scanjit::bench {

/// `n` floats uniform in [-scale, scale], the same for the same seed.
std::vector<float> randomFloats(size_t n, float scale, unsigned seed);

/// The inputs of an RNN run: T steps of batch B and H units (inputs of H
/// features).
struct RnnInputs {
  int64_t steps, batch, hidden;
  std::vector<float> x, h0, w, u, b;

  RnnInputs(int64_t steps, int64_t batch, int64_t hidden);
};

/// tanh(x) for f32 as Eigen computes it: a ratio of polynomials in x*x on
/// [-8, 8], x itself near 0. Branch-free, so loops over it vectorize.
float vectorizableTanh(float x);

/// The hand-written RNN: OpenBLAS for the products, then (unless `floor`)
/// the bias and tanh element by element, each step's h into the next row of
/// `history` ([steps, batch * hidden]). The floor writes each step's
/// products there and reads them back as h.
void runRnnBaseline(const RnnInputs &in, float *history, bool floor);

} // namespace scanjit::bench

#endif // SCANJIT_BENCH_RNNBASELINE_H
