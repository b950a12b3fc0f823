//===- scan-exec.cpp - Run ahead-of-time code without LLVM ----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Calls a function of a shared library linked from scan-compile objects and
// prints its results as scan-run does, with the same options:
//
//   scan-compile rnn.mlir -o rnn.o && cc -shared rnn.o -o rnn.so
//   scan-exec rnn.so -f rnn --arg x.npy --arg '[[0,0]]:f32' ...
//
// It links the runtimes (CPU and CUDA) and neither LLVM nor MLIR: it is how
// CUDA objects built on a machine with LLVM run on a GPU machine without.
// Errors print "scan-exec: error: ..." and exit with status 1.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/CommandLine.h"
#include "scanjit/JIT/LoadedLibrary.h"
#include "scanjit/Runtime/CPURuntime.h"
#include "scanjit/Runtime/CUDARuntime.h"
#include "scanjit/Support/Error.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

/// What the command line asks for.
struct Invocation {
  std::string libraryPath;
  std::string functionName;
  std::vector<std::string> argumentSpecs;
  std::string outputDirectory;
  int64_t timedCalls = 0;
  std::string expectedDirectory;
  double rtol = 1e-5;
  double atol = 1e-6;
};

int run(const Invocation &invocation) {
  std::unique_ptr<scanjit::LoadedLibrary> library =
      scanjit::LoadedLibrary::open(invocation.libraryPath);
  std::vector<scanjit::Array> arguments;
  for (size_t i = 0; i < invocation.argumentSpecs.size(); ++i)
    arguments.push_back(
        scanjit::readArgumentSpec(invocation.argumentSpecs[i], i));
  std::vector<scanjit::Array> results =
      library->call(invocation.functionName, arguments);
  scanjit::printResults(results, std::cout);
  if (!invocation.outputDirectory.empty())
    scanjit::writeResultsToNpy(results, invocation.outputDirectory);
  if (!invocation.expectedDirectory.empty()) {
    std::string mismatch =
        scanjit::compareWithNpy(results, invocation.expectedDirectory,
                                invocation.rtol, invocation.atol);
    if (!mismatch.empty())
      throw scanjit::Error("the results differ from " +
                           invocation.expectedDirectory + ": " + mismatch);
    std::cout << "results match " << invocation.expectedDirectory << "\n";
  }
  if (invocation.timedCalls > 0)
    scanjit::printMeanCallTime(
        [&] { library->call(invocation.functionName, arguments); },
        invocation.timedCalls, std::cout);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  // The libraries' calls into the runtimes resolve against this program:
  // taking the symbol tables links every runtime function (and the program
  // exports them).
  if (scanjit::runtime::getRuntimeSymbols().empty() ||
      scanjit::runtime::getCUDARuntimeSymbols().empty())
    return 1;
  CLI::App app{"scan-exec: call a function of a shared library of "
               "ahead-of-time compiled ScanJIT code and print its results"};
  Invocation invocation;
  app.add_option("library", invocation.libraryPath,
                 "The shared library (linked from scan-compile objects)")
      ->required();
  app.add_option("-f,--function", invocation.functionName,
                 "The function to call")
      ->required();
  app.add_option("--arg", invocation.argumentSpecs,
                 "An argument, in order: a .npy file or a literal such as "
                 "'[[1,0],[0,1]]:f64' (repeat for each)")
      ->allow_extra_args(false);
  app.add_option("--out-npy", invocation.outputDirectory,
                 "Also write result #i to DIR/result<i>.npy")
      ->option_text("DIR");
  app.add_option("--expect-npy", invocation.expectedDirectory,
                 "Compare result #i with DIR/result<i>.npy (scan-run "
                 "--out-npy writes them); a mismatch is an error")
      ->option_text("DIR");
  app.add_option("--rtol", invocation.rtol,
                 "Relative tolerance of --expect-npy for floats (1e-5)");
  app.add_option("--atol", invocation.atol,
                 "Absolute tolerance of --expect-npy for floats (1e-6)");
  app.add_option("--time", invocation.timedCalls,
                 "Call the function N more times and print the mean time "
                 "per call")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
      return app.exit(error);
    std::cerr << "scan-exec: error: " << error.what()
              << " (run with --help for the options)\n";
    return 1;
  }
  try {
    return run(invocation);
  } catch (const scanjit::Error &error) {
    std::cout.flush();
    std::cerr << "scan-exec: error: " << error.what() << "\n";
    return 1;
  }
}
