//===- RnnBaseline.cpp - The hand-written RNN of the benchmarks -----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "RnnBaseline.h"

#include <cblas.h>

#include <cmath>
#include <cstring>
#include <random>

using namespace scanjit::bench;

std::vector<float> scanjit::bench::randomFloats(size_t n, float scale,
                                                unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> values(n);
  for (float &v : values)
    v = dist(rng);
  return values;
}

RnnInputs::RnnInputs(int64_t steps, int64_t batch, int64_t hidden)
    : steps(steps), batch(batch), hidden(hidden),
      x(randomFloats(steps * batch * hidden, 1.0f, 1)),
      h0(randomFloats(batch * hidden, 1.0f, 2)),
      w(randomFloats(hidden * hidden, 1.0f / std::sqrt(hidden), 3)),
      u(randomFloats(hidden * hidden, 1.0f / std::sqrt(hidden), 4)),
      b(randomFloats(hidden, 0.1f, 5)) {}

float scanjit::bench::vectorizableTanh(float x) {
  const float clamp = 7.99881172f;
  float c = x < -clamp ? -clamp : x;
  c = c > clamp ? clamp : c;
  float x2 = c * c;
  float p = -2.76076847742355e-16f;
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 - 8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  p = p * c;
  float q = 1.19825839466702e-06f;
  q = q * x2 + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  float r = p / q;
  return std::fabs(x) < 0.0004f ? x : r;
}

void scanjit::bench::runRnnBaseline(const RnnInputs &in, float *history,
                                    bool floor) {
  int64_t n = in.hidden, batch = in.batch, size = batch * n;
  std::vector<float> scratch(size);
  const float *h = in.h0.data();
  for (int64_t t = 0; t < in.steps; ++t) {
    float *out = history + t * size;
    float *y = floor ? out : scratch.data();
    if (!floor)
      for (int64_t r = 0; r < batch; ++r)
        std::memcpy(y + r * n, in.b.data(), n * sizeof(float));
    const float *x = in.x.data() + t * size;
    if (batch == 1) {
      cblas_sgemv(CblasRowMajor, CblasNoTrans, n, n, 1.0f, in.w.data(), n, h, 1,
                  floor ? 0.0f : 1.0f, y, 1);
      cblas_sgemv(CblasRowMajor, CblasNoTrans, n, n, 1.0f, in.u.data(), n, x, 1,
                  1.0f, y, 1);
    } else {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, n, n, 1.0f,
                  h, n, in.w.data(), n, floor ? 0.0f : 1.0f, y, n);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, n, n, 1.0f,
                  x, n, in.u.data(), n, 1.0f, y, n);
    }
    if (!floor)
      for (int64_t i = 0; i < size; ++i)
        out[i] = vectorizableTanh(y[i]);
    h = out;
  }
}
