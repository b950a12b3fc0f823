//===- triangular.cpp - Triangular numbers by accumulating arange ---------===//
//
// Part of ScanJIT. Seed: Theano's guide. The initial value has the
// sequence's dtype (i32): no implicit downcast.
//
//===----------------------------------------------------------------------===//

#include "Example.h"

using namespace scanjit;

int main(int argc, char **argv) {
  return examples::run(argc, argv, [](const examples::Context &out) {
    Graph g;
    Var up_to = g.iscalar("up_to");
    auto accumulate_by_adding = [](Var arange_val, Var sum_to_date) {
      return sum_to_date + arange_val;
    };
    Var seq = arange(up_to);
    Var outputs_info = constant(0.0, seq.dtype());
    ScanResult scan_result = scan(
        accumulate_by_adding,
        {.sequences = {seq}, .outputs_info = {outputs_info}});
    Function triangular_sequence = function({up_to}, {scan_result.outputs[0]});
    out.show(triangular_sequence);

    out.print(triangular_sequence({Array::scalar(15)})[0]);
  });
}
