//===- gibbs_sampling.cpp - A Gibbs chain with shared weights -------------===//
//
// Part of ScanJIT. Seed: Theano's guide ("Using shared variables - Gibbs
// sampling", with strict=True). Ten steps of an RBM's Gibbs chain; the
// weights are shared variables passed as non-sequences, the samples come
// from a random stream whose counters the loop carries.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    // W_values, bvis_values and bhid_values stand for numpy.random.random.
    SharedVariable W = g.shared(Array{{0.3, 0.8}, {0.6, 0.1}}, "W");
    SharedVariable bvis = g.shared(Array{0.4, 0.7}, "bvis");
    SharedVariable bhid = g.shared(Array{0.2, 0.9}, "bhid");
    RandomStreams trng(1234);

    auto OneStep = [&](Var vsample, Var W, Var bvis, Var bhid) {
      Var hmean = sigmoid(dot(vsample, W) + bhid);
      Var hsample = trng.binomial(hmean.shape(), 1, hmean, DType::F64);
      Var vmean = sigmoid(dot(hsample, W.T()) + bvis);
      return trng.binomial(vsample.shape(), 1, vmean, g.floatX());
    };
    Var sample = g.vector("sample");
    ScanResult values = scan(OneStep, {.outputs_info = {sample},
                                       .non_sequences = {W, bvis, bhid},
                                       .n_steps = 10,
                                       .strict = true});
    Function gibbs10 = function({sample}, {values.outputs[0][-1]},
                                values.updates);
    out.show(gibbs10);

    Array start{1.0, 0.0};
    out.print(gibbs10({start})[0]);
    out.print(gibbs10({start})[0]);
  });
}
