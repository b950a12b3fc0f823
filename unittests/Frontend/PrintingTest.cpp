//===- DebugPrintTest.cpp - Graphs printed as Theano's debugprint ---------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/ScanJIT.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace scanjit;

namespace {

TEST(PrintingTest, OpsAreIndentedByDepthWithIdsAndTypes) {
  Graph g;
  Var x = g.vector("x"), y = g.vector("y");
  Var z = tanh(x + y) * x;
  // x appears twice: the second time by its id only.
  EXPECT_EQ(debugprint(z), "arith.mulf [id A] f64[?]\n"
                           " |math.tanh [id B] f64[?]\n"
                           " | |arith.addf [id C] f64[?]\n"
                           " | | |x [id D] f64[?]\n"
                           " | | |y [id E] f64[?]\n"
                           " |x [id D] f64[?]\n");
}

TEST(PrintingTest, ScansListTheirInnerGraphs) {
  Graph g;
  Var x = g.vector("x");
  Var zero = g.scalar("zero");
  ScanResult r = scan([](Var xt, Var sum) { return sum + xt; },
                      {.sequences = {x}, .outputs_info = {zero}});
  // The initial value becomes a one-row history (x[-1] is its row 0).
  EXPECT_EQ(debugprint(r.outputs[0]), "scan.scan [id A] f64[?]\n"
                                      " |x [id B] f64[?]\n"
                                      " |tensor.expand_shape [id C] f64[1]\n"
                                      " | |zero [id D] f64[]\n"
                                      "\n"
                                      "Inner graphs:\n"
                                      "\n"
                                      "scan.scan [id A] f64[?]\n"
                                      " >arith.addf [id E] f64[]\n"
                                      " > |<output 0[t-1]> [id F] f64[]\n"
                                      " > |<sequence 0[t+0]> [id G] f64[]\n");
}

TEST(PrintingTest, ConstantsShowTheirValueAndNestedScansTheirGraphs) {
  Graph g;
  Var x = g.matrix("X");
  // The sum of each row, doubled: a scan over the rows holding a scan over
  // the row's elements.
  ScanResult rows = map(
      [](Var row) {
        Var zero = constant(0.0);
        ScanResult sums = scan([](Var v, Var sum) { return sum + v; },
                               {.sequences = {row}, .outputs_info = {zero}});
        return sums.outputs[0][-1] * 2.0;
      },
      {x});
  // x[-1] reads row (length - 1) of the inner scan's result.
  EXPECT_EQ(debugprint(rows.outputs[0]),
            "scan.scan [id A] f64[?]\n"
            " |X [id B] f64[?, ?]\n"
            "\n"
            "Inner graphs:\n"
            "\n"
            "scan.scan [id A] f64[?]\n"
            " >arith.mulf [id C] f64[]\n"
            " > |tensor.extract_slice [id D] f64[]\n"
            " > | |scan.scan [id E] f64[?]\n"
            " > | | |<sequence 0[t+0]> [id F] f64[?]\n"
            " > | | |tensor.expand_shape [id G] f64[1]\n"
            " > | | | |arith.constant{0.000000e+00} [id H] f64[]\n"
            " > | |arith.subi [id I] index\n"
            " > | | |tensor.dim [id J] index\n"
            " > | | | |scan.scan [id E] f64[?]\n"
            " > | | | |arith.constant{0} [id K] index\n"
            " > | | |arith.constant{1} [id L] index\n"
            " > |arith.constant{2.000000e+00} [id M] f64[]\n"
            "\n"
            "scan.scan [id E] f64[?]\n"
            " >arith.addf [id N] f64[]\n"
            " > |<output 0[t-1]> [id O] f64[]\n"
            " > |<sequence 0[t+0]> [id P] f64[]\n");
}

} // namespace

namespace {

TEST(PrintingTest, ToDotDrawsScansAsClusters) {
  Graph g;
  Var x = g.vector("x"), zero = g.scalar("zero");
  ScanResult r = scan([](Var xt, Var sum) { return sum + xt; },
                      {.sequences = {x}, .outputs_info = {zero}});
  Function cumsum = function({x, zero}, {r.outputs[0]});
  EXPECT_EQ(cumsum.argumentNames(), (std::vector<std::string>{"x", "zero"}));
  std::string dot = to_dot(cumsum);
  EXPECT_EQ(dot,
            "digraph \"main\" {\n"
            "  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n"
            "  edge [fontname=\"Helvetica\", fontsize=9];\n"
            "  out0 [label=\"output 0\\nf64[?]\", shape=doubleoctagon];\n"
            "  n5 [label=\"tensor.expand_shape\\nf64[1]\"];\n"
            "  a6 [label=\"zero\\nf64[]\", shape=ellipse];\n"
            "  a7 [label=\"x\\nf64[?]\", shape=ellipse];\n"
            "  subgraph cluster_n1 {\n"
            "    label=\"scan.scan\"; style=rounded; color=gray50;\n"
            "    n1 [label=\"scan.scan\\nf64[?]\", shape=box3d];\n"
            "    n2 [label=\"arith.addf\\nf64[]\"];\n"
            "    a3 [label=\"<sequence 0[t+0]>\\nf64[]\", shape=ellipse];\n"
            "    a4 [label=\"<output 0[t-1]>\\nf64[]\", shape=ellipse];\n"
            "  }\n"
            "  n1 -> out0;\n"
            "  a7 -> n1;\n"
            "  n5 -> n1;\n"
            "  n2 -> n1 [style=dashed, label=\"yield\"];\n"
            "  a4 -> n2;\n"
            "  a3 -> n2;\n"
            "  a6 -> n5;\n"
            "}\n")
      << dot;
}

} // namespace

namespace {

TEST(PrintingTest, DeepGraphsPrintWithoutExhaustingTheStack) {
  // A chain of 20,000 additions: debugprint stops at its depth bound, and
  // to_dot (iterative) draws all of it.
  Graph g;
  Var x = g.vector("x");
  Var y = x;
  for (int i = 0; i < 20000; ++i)
    y = y + 1.0;
  std::string text = debugprint(y);
  EXPECT_NE(text.find("... (deeper than 256 levels)"), std::string::npos);
  Function f = function({x}, {y});
  std::string dot = to_dot(f);
  EXPECT_EQ(std::count(dot.begin(), dot.end(), '\n') > 20000, true);
}

} // namespace
