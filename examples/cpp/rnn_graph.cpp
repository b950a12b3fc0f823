//===- rnn_graph.cpp - Looking at an RNN's graph --------------------------===//
//
// Part of ScanJIT. Builds the RNN h_t = tanh(W h_{t-1} + U x_t + b), prints
// its graph as Theano's debugprint does, and writes it as Graphviz DOT to
// the file given (`dot -Tpng rnn.dot -o rnn.png` draws it; the README shows
// the picture):
//
//   example-rnn_graph rnn.dot
//
//===----------------------------------------------------------------------===//

#include "scanjit/ScanJIT.h"

#include <fstream>
#include <iostream>

using namespace scanjit;

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: example-rnn_graph OUT.dot\n";
    return 1;
  }
  Graph g;
  Var X = g.matrix("X", DType::F32), h0 = g.vector("h0", DType::F32);
  Var W = g.matrix("W", DType::F32), U = g.matrix("U", DType::F32);
  Var b = g.vector("b", DType::F32);
  ScanResult rnn = scan(
      [](Var x, Var h, Var w, Var u, Var bias) {
        return tanh(dot(w, h) + dot(u, x) + bias);
      },
      {.sequences = {X}, .outputs_info = {h0}, .non_sequences = {W, U, b}});
  debugprint(rnn.outputs[0], std::cout);
  Function function = scanjit::function({X, h0, W, U, b}, {rnn.outputs[0]}, {},
                                        {.name = "rnn"});
  std::ofstream dot(argv[1]);
  to_dot(function, dot);
  return dot ? 0 : 1;
}
