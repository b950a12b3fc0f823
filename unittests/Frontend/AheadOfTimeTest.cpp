//===- AheadOfTimeTest.cpp - A frontend Function compiled ahead of time ---===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A graph built with the frontend, compiled ahead of time, linked into a
// shared library with the C compiler and called through LoadedLibrary (the
// runtime resolves from this test program, which exports its symbols): the
// results equal the JIT's, and the header declares the entry point.
//
//===----------------------------------------------------------------------===//

#include "FrontendTestUtils.h"

#include "scanjit/JIT/LoadedLibrary.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace scanjit;
using namespace scanjit::testing;

namespace {

TEST(AheadOfTimeTest, AFunctionRunsFromASharedLibraryAsItRunsInTheJIT) {
  // h_t = tanh(W h_{t-1} + x_t), over the rows of X.
  Graph g;
  Var X = g.matrix("X"), h0 = g.vector("h0"), W = g.matrix("W");
  ScanResult r =
      scan([](Var x, Var h, Var w) { return tanh(dot(w, h) + x); },
           {.sequences = {X}, .outputs_info = {h0}, .non_sequences = {W}});
  Function rnn = function({X, h0, W}, {r.outputs[0]}, {}, {.name = "rnn"});

  AheadOfTimeObject object = compileAheadOfTime(rnn);
  ASSERT_EQ(object.functionNames, std::vector<std::string>{"rnn"});
  EXPECT_NE(object.header.find("_mlir_ciface_rnn(struct rnn_results *results"),
            std::string::npos)
      << object.header;

  std::filesystem::path directory =
      std::filesystem::temp_directory_path() /
      ("scanjit-aot-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  std::filesystem::path objectPath = directory / "rnn.o";
  std::filesystem::path libraryPath = directory / "rnn.so";
  std::ofstream(objectPath, std::ios::binary) << object.object;
  std::string link = std::string(SCANJIT_C_COMPILER) + " -shared '" +
                     objectPath.string() + "' -o '" + libraryPath.string() +
                     "'";
  ASSERT_EQ(std::system(link.c_str()), 0) << link;

  Array x = Array::zeros(DType::F64, {5, 3});
  Array h = Array::zeros(DType::F64, {3});
  Array w = Array::zeros(DType::F64, {3, 3});
  for (int64_t i = 0; i < 5; ++i)
    for (int64_t j = 0; j < 3; ++j)
      x.at<double>({i, j}) =
          0.1 * static_cast<double>(i) - 0.2 * static_cast<double>(j);
  for (int64_t i = 0; i < 3; ++i) {
    h.at<double>({i}) = 0.3 * static_cast<double>(i);
    for (int64_t j = 0; j < 3; ++j)
      w.at<double>({i, j}) = 0.25 * static_cast<double>(i - j);
  }
  std::vector<Array> jit = rnn({x, h, w});
  {
    std::unique_ptr<LoadedLibrary> library =
        LoadedLibrary::open(libraryPath.string());
    EXPECT_EQ(library->signature("rnn"),
              "@rnn(tensor<?x?xf64>, tensor<?xf64>, tensor<?x?xf64>) -> "
              "tensor<?x?xf64>");
    std::vector<Array> aot = library->call("rnn", {x, h, w});
    ASSERT_EQ(aot.size(), 1u);
    EXPECT_TRUE(matches(aot[0], {5, 3}, jit[0].toVector<double>()));
    // Bad arguments are the same errors as the JIT's.
    EXPECT_THROW(library->call("rnn", {x, h}), Error);
  }
  std::filesystem::remove_all(directory);
}

} // namespace
