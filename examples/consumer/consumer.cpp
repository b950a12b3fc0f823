//===- consumer.cpp - ScanJIT from another project ------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The seed's running sum, in a project that found ScanJIT with
// find_package: prints "[ 1.  3.  6. 10.]".
//
//===----------------------------------------------------------------------===//

#include "scanjit/ScanJIT.h"

#include <iostream>

int main() {
  using namespace scanjit;
  Graph g;
  Var x = g.vector("x");
  Var zero = g.scalar("zero");
  ScanResult r = scan([](Var xt, Var sum) { return sum + xt; },
                      {.sequences = {x}, .outputs_info = {zero}});
  Function cumsum = function({x, zero}, {r.outputs[0]});
  std::vector<Array> out =
      cumsum({Array{1.0, 2.0, 3.0, 4.0}, Array::scalar(0.0)});
  std::cout << out[0] << "\n";
  return 0;
}
