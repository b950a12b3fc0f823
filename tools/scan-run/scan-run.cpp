//===- scan-run.cpp - JIT-run a function of an .mlir file -----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Compiles a function of an .mlir file through the CPU pipeline (or, with
// --target cuda, the CUDA pipeline), calls it
// with arguments read from .npy files or written as literals, and prints the
// results NumPy-style:
//
//   scan-run rnn.mlir -f step --arg x.npy --arg '[[1,0],[0,1]]:f64' --arg 5:i32
//   result #0: f64[2, 2]
//   [[1. 0.]
//    [0. 1.]]
//
// --out-npy DIR also writes result #i to DIR/result<i>.npy; --dump-stages
// prints the IR after each pipeline stage to stderr; --time N calls the
// function N more times and prints the mean time per call. Errors, a
// malformed command line included, print "scan-run: error: ..." and exit
// with status 1.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/CommandLine.h"
#include "scanjit/JIT/Engine.h"
#include "scanjit/Support/Error.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

/// What the command line asks for.
struct Invocation {
  std::string inputPath;
  std::string functionName;
  std::vector<std::string> argumentSpecs;
  std::string outputDirectory;
  bool dumpStages = false;
  int64_t timedCalls = 0;
  std::string target = "cpu";
  std::string pipelineOptions;
};

/// The function -f names, or the module's only public function.
std::string chooseFunction(const scanjit::Engine &engine,
                           const Invocation &invocation) {
  if (!invocation.functionName.empty())
    return invocation.functionName;
  std::vector<std::string> names = engine.functionNames();
  if (names.size() == 1)
    return names[0];
  if (names.empty())
    throw scanjit::Error(invocation.inputPath + " has no public function");
  std::string list;
  for (const std::string &name : names)
    list += (list.empty() ? "@" : ", @") + name;
  throw scanjit::Error(invocation.inputPath + " has " +
                       std::to_string(names.size()) + " public functions (" +
                       list + "); choose one with -f");
}

int run(const Invocation &invocation) {
  scanjit::EngineOptions options;
  options.target =
      scanjit::makeTarget(invocation.target, invocation.pipelineOptions);
  if (invocation.dumpStages)
    options.stageDump = &llvm::errs();
  std::unique_ptr<scanjit::Engine> engine =
      scanjit::Engine::fromFile(invocation.inputPath, options);
  scanjit::EngineFunction function =
      engine->function(chooseFunction(*engine, invocation));

  std::vector<scanjit::Array> arguments;
  for (size_t i = 0; i < invocation.argumentSpecs.size(); ++i)
    arguments.push_back(
        scanjit::readArgumentSpec(invocation.argumentSpecs[i], i));

  std::vector<scanjit::Array> results = function(arguments);
  scanjit::printResults(results, std::cout);
  if (!invocation.outputDirectory.empty())
    scanjit::writeResultsToNpy(results, invocation.outputDirectory);

  if (invocation.timedCalls > 0)
    scanjit::printMeanCallTime([&] { function(arguments); },
                               invocation.timedCalls, std::cout);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  CLI::App app{"scan-run: compile a function of an .mlir file with ScanJIT's "
               "CPU pipeline, call it and print its results"};
  Invocation invocation;
  app.add_option("file", invocation.inputPath, "The .mlir file")->required();
  app.add_option("-f,--function", invocation.functionName,
                 "The function to call (default: the only public one)");
  app.add_option("--arg", invocation.argumentSpecs,
                 "An argument, in order: a .npy file or a literal such as "
                 "'[[1,0],[0,1]]:f64', '3:i32' or '2.5' (repeat for each)")
      ->allow_extra_args(false);
  app.add_option("--out-npy", invocation.outputDirectory,
                 "Also write result #i to DIR/result<i>.npy")
      ->option_text("DIR");
  app.add_option("--target", invocation.target,
                 "What to compile for: 'cpu' (default) or 'cuda' (kernels "
                 "through the CUDA driver)")
      ->check(CLI::IsMember({"cpu", "cuda"}));
  app.add_option("--pipeline-options", invocation.pipelineOptions,
                 "Options of the target's pipeline, as scan-opt takes them "
                 "('blas-min-flops=0'; 'chip=sm_90 schedule=persistent')")
      ->option_text("OPTIONS");
  app.add_flag("--dump-stages", invocation.dumpStages,
               "Print the IR after each pipeline stage to stderr");
  app.add_option("--time", invocation.timedCalls,
                 "Call the function N more times and print the mean time "
                 "per call")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &error) {
    // --help and the like print and exit 0; a malformed command line is an
    // error like any other.
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
      return app.exit(error);
    llvm::errs() << "scan-run: error: " << error.what()
                 << " (run with --help for the options)\n";
    return 1;
  }

  try {
    return run(invocation);
  } catch (const scanjit::Error &error) {
    std::cout.flush();
    llvm::errs() << "scan-run: error: " << error.what() << "\n";
    return 1;
  }
}
