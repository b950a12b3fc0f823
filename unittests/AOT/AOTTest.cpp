//===- AOTTest.cpp - Ahead-of-time objects linked with the runtime alone --===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// programs.mlir and the bench's W3 RNN (test/Integration/Workloads/rnn.mlir),
// compiled by scan-compile at build time, linked into this test with
// libScanJITRuntimeCPU and nothing of LLVM or MLIR (a ctest checks the
// binary's libraries). Each function is checked against a plain loop.
//
//===----------------------------------------------------------------------===//

#include "programs.h"
#include "rnn.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

extern "C" double aotDotFromC(void);
extern "C" double aotCumsumFromC(int32_t n, char *message, size_t size);

namespace {

scanjit_memref_f32_2d matrix(std::vector<float> &data, int64_t rows,
                             int64_t cols) {
  return {data.data(), data.data(), 0, {rows, cols}, {cols, 1}};
}

scanjit_memref_f64_1d vector(std::vector<double> &data) {
  auto size = static_cast<int64_t>(data.size());
  return {data.data(), data.data(), 0, {size}, {1}};
}

/// Element i of a rank-1 result.
double at(const scanjit_memref_f64_1d &memref, int64_t i) {
  return memref.aligned[memref.offset + i * memref.strides[0]];
}

TEST(AOTTest, RnnMatchesAPlainLoop) {
  const int64_t steps = 7, hidden = 64, inputs = 64;
  std::vector<float> x(steps * inputs), h0(hidden), w(hidden * hidden),
      u(hidden * inputs), b(hidden);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = std::sin(0.37f * static_cast<float>(i));
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = 0.05f * std::cos(0.11f * static_cast<float>(i));
  for (size_t i = 0; i < u.size(); ++i)
    u[i] = 0.03f * std::sin(0.23f * static_cast<float>(i) + 1);
  for (int64_t i = 0; i < hidden; ++i) {
    h0[i] = 0.01f * static_cast<float>(i);
    b[i] = 0.1f - 0.002f * static_cast<float>(i);
  }
  scanjit_memref_f32_2d X = matrix(x, steps, inputs);
  scanjit_memref_f32_2d H0 = matrix(h0, 1, hidden);
  scanjit_memref_f32_2d W = matrix(w, hidden, hidden);
  scanjit_memref_f32_2d U = matrix(u, hidden, inputs);
  scanjit_memref_f32_1d B = {b.data(), b.data(), 0, {hidden}, {1}};
  rnn_results r{};
  scanjit_call_begin();
  _mlir_ciface_rnn(&r, &X, &H0, &W, &U, &B);
  ASSERT_EQ(scanjit_call_end(nullptr, 0), 0u);
  ASSERT_EQ(r.result0.sizes[0], steps);
  ASSERT_EQ(r.result0.sizes[1], hidden);

  std::vector<double> h(h0.begin(), h0.end()), next(hidden);
  for (int64_t t = 0; t < steps; ++t) {
    for (int64_t i = 0; i < hidden; ++i) {
      double sum = b[i];
      for (int64_t j = 0; j < hidden; ++j)
        sum += static_cast<double>(w[i * hidden + j]) * h[j];
      for (int64_t j = 0; j < inputs; ++j)
        sum += static_cast<double>(u[i * inputs + j]) * x[t * inputs + j];
      next[i] = std::tanh(sum);
    }
    h = next;
    for (int64_t i = 0; i < hidden; ++i)
      EXPECT_NEAR(
          r.result0.aligned[r.result0.offset + t * r.result0.strides[0] +
                            i * r.result0.strides[1]],
          h[i], 1e-5)
          << "step " << t << ", unit " << i;
  }
  scanjit_free(r.result0.allocated);
}

TEST(AOTTest, TwoResultsComeBackInAStruct) {
  std::vector<double> data = {1, 2, 3, 4};
  scanjit_memref_f64_1d x = vector(data);
  sums_results r{};
  scanjit_call_begin();
  _mlir_ciface_sums(&r, &x);
  ASSERT_EQ(scanjit_call_end(nullptr, 0), 0u);
  ASSERT_EQ(r.result0.sizes[0], 4);
  ASSERT_EQ(r.result1.sizes[0], 4);
  // Front: 1, 3, 6, 10; back (iteration order): 4, 7, 9, 10.
  const double front[] = {1, 3, 6, 10}, back[] = {4, 7, 9, 10};
  for (int64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(at(r.result0, i), front[i]);
    EXPECT_EQ(at(r.result1, i), back[i]);
  }
  scanjit_free(r.result0.allocated);
  if (r.result1.allocated != r.result0.allocated)
    scanjit_free(r.result1.allocated);
}

TEST(AOTTest, AScalarResultIsReturned) { EXPECT_EQ(aotDotFromC(), 32.0); }

TEST(AOTTest, TheRunTimeErrorIsReportedAndTheCallFreesItsBuffers) {
  char message[256] = {};
  EXPECT_EQ(aotCumsumFromC(2, message, sizeof message), 3.0);
  EXPECT_EQ(aotCumsumFromC(5, message, sizeof message), -1.0);
  EXPECT_EQ(std::string(message),
            "scan: n_steps (5) exceeds the 3 steps that sequence #0 provides");
  // A message longer than the room given is truncated, NUL-terminated, and
  // its whole length returned.
  char shortMessage[6] = {'x', 'x', 'x', 'x', 'x', 'x'};
  double a[3] = {1, 2, 3};
  scanjit_memref_f64_1d x = {a, a, 0, {3}, {1}};
  cumsum_results r{};
  scanjit_call_begin();
  _mlir_ciface_cumsum(&r, -1, &x);
  size_t length = scanjit_call_end(shortMessage, sizeof shortMessage);
  EXPECT_EQ(std::string(shortMessage), "scan:");
  EXPECT_EQ(length, std::string("scan: n_steps (-1) is negative").size());
}

} // namespace
