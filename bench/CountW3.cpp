//===- CountW3.cpp - W3's instructions per step, under callgrind ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scanjit-count-w3: runs the bench's W3 RNN (batch 1, T steps, H units) as
// ScanJIT compiles it (test/Integration/Workloads/rnn.mlir through the JIT)
// and as the hand-written loop (OpenBLAS sgemv + a vectorised tanh), each
// call after a first one that compiles and warms the caches. Under
// callgrind (scripts/callgrind-w3.sh), collection is on only during the
// counted calls, and each variant's counts are dumped under its name, so
// that callgrind reports the instructions of exactly those calls: a number
// that repeats from run to run, where times on a shared machine do not.
// Without valgrind it just runs (and checks that both agree).
//
// Usage: scanjit-count-w3 HIDDEN [STEPS=1000] [CALLS=3]
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/Array.h"
#include "scanjit/JIT/Engine.h"

#include "RnnBaseline.h"

#include <valgrind/callgrind.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace scanjit;
using namespace scanjit::bench;

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s HIDDEN [STEPS=1000] [CALLS=3]\n", argv[0]);
    return 2;
  }
  int64_t hidden = std::atoll(argv[1]);
  int64_t steps = argc > 2 ? std::atoll(argv[2]) : 1000;
  int64_t calls = argc > 3 ? std::atoll(argv[3]) : 3;
  if (hidden <= 0 || steps <= 0 || calls <= 0) {
    std::fprintf(stderr, "HIDDEN, STEPS and CALLS must be positive\n");
    return 2;
  }
  RnnInputs in(steps, /*batch=*/1, hidden);
  std::vector<float> history(steps * hidden);

  try {
    std::unique_ptr<Engine> engine =
        Engine::fromFile(std::string(SCANJIT_WORKLOADS_DIR) + "/rnn.mlir");
    EngineFunction rnn = engine->function("rnn");
    std::vector<Array> args = {
        Array::view(const_cast<float *>(in.x.data()), {steps, hidden}),
        Array::view(const_cast<float *>(in.h0.data()), {1, hidden}),
        Array::view(const_cast<float *>(in.w.data()), {hidden, hidden}),
        Array::view(const_cast<float *>(in.u.data()), {hidden, hidden}),
        Array::view(const_cast<float *>(in.b.data()), {hidden})};
    std::vector<Array> results = rnn(args); // compiles
    CALLGRIND_TOGGLE_COLLECT;
    for (int64_t call = 0; call < calls; ++call)
      results = rnn(args);
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT("scanjit");

    runRnnBaseline(in, history.data(), /*floor=*/false); // warms up
    CALLGRIND_TOGGLE_COLLECT;
    for (int64_t call = 0; call < calls; ++call)
      runRnnBaseline(in, history.data(), /*floor=*/false);
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT("loop");

    double worst = 0;
    for (int64_t i = 0; i < steps * hidden; ++i)
      worst = std::max(
          worst, std::fabs(double(results[0].data<float>()[i]) - history[i]));
    std::printf("hidden %lld, %lld steps, %lld counted calls each; largest "
                "difference %.3g\n",
                static_cast<long long>(hidden), static_cast<long long>(steps),
                static_cast<long long>(calls), worst);
    if (worst > 1e-3) {
      std::fprintf(stderr, "ScanJIT and the loop disagree\n");
      return 1;
    }
  } catch (const std::exception &error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
  return 0;
}
