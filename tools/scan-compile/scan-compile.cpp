//===- scan-compile.cpp - Compile an .mlir file ahead of time -------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Compiles every public function of an .mlir file through the target
// pipeline to a relocatable object and a C header declaring its entry
// points (scanjit/JIT/AheadOfTime.h):
//
//   scan-compile rnn.mlir -o rnn.o --header rnn.h
//   cc main.c rnn.o -lScanJITRuntimeCPU -lopenblas -lm -lstdc++
//
// --target cuda compiles the CUDA pipeline's host code and kernels (link
// libScanJITRuntimeCUDA as well). --cpu picks the CPU the object runs on
// ("native" by default; "x86-64-v3" for any recent x86-64 machine). Errors
// print "scan-compile: error: ..." and exit with status 1.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/AheadOfTime.h"
#include "scanjit/Support/Error.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

namespace {

/// What the command line asks for.
struct Invocation {
  std::string inputPath;
  std::string objectPath;
  std::string headerPath;
  std::string cpu = "native";
  std::string target = "cpu";
  std::string pipelineOptions;
  unsigned optLevel = 3;
  bool dumpStages = false;
};

/// Writes `bytes` to `path`, atomically with respect to failure (nothing is
/// left behind when writing fails).
void writeFile(const std::string &path, llvm::StringRef bytes) {
  std::error_code error;
  llvm::ToolOutputFile file(path, error, llvm::sys::fs::OF_None);
  if (error)
    throw scanjit::Error("cannot write '" + path + "': " + error.message());
  file.os() << bytes;
  file.os().flush();
  if (file.os().has_error())
    throw scanjit::Error("cannot write '" + path +
                         "': " + file.os().error().message());
  file.keep();
}

int run(const Invocation &invocation) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> input =
      llvm::MemoryBuffer::getFileOrSTDIN(invocation.inputPath,
                                         /*IsText=*/true);
  if (!input)
    throw scanjit::Error("cannot open '" + invocation.inputPath +
                         "': " + input.getError().message());
  scanjit::AheadOfTimeOptions options;
  options.cpu = invocation.cpu;
  options.target =
      scanjit::makeTarget(invocation.target, invocation.pipelineOptions);
  options.optLevel = invocation.optLevel;
  std::string headerPath = invocation.headerPath;
  if (headerPath.empty()) {
    llvm::SmallString<128> path(invocation.objectPath);
    llvm::sys::path::replace_extension(path, ".h");
    headerPath = path.str().str();
  }
  options.headerName = llvm::sys::path::filename(headerPath).str();
  if (invocation.dumpStages)
    options.stageDump = &llvm::errs();
  llvm::StringRef source = (*input)->getBuffer();
  scanjit::AheadOfTimeObject object = scanjit::compileAheadOfTime(
      std::string_view(source.data(), source.size()),
      (*input)->getBufferIdentifier().str(), options);
  writeFile(invocation.objectPath, object.object);
  writeFile(headerPath, object.header);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  CLI::App app{"scan-compile: compile the public functions of an .mlir file "
               "ahead of time, to an object file and a C header that link "
               "with the ScanJIT runtime alone"};
  Invocation invocation;
  app.add_option("file", invocation.inputPath, "The .mlir file ('-': stdin)")
      ->required();
  app.add_option("-o,--output", invocation.objectPath, "The object file")
      ->required();
  app.add_option("--header", invocation.headerPath,
                 "The C header (default: the object's path with .h)");
  app.add_option("--cpu", invocation.cpu,
                 "The CPU the code runs on: 'native' or an LLVM CPU name "
                 "such as 'x86-64-v3'");
  app.add_option("--target", invocation.target,
                 "What the code runs on: 'cpu' (default) or 'cuda' (host "
                 "code for --cpu, kernels as embedded PTX; link "
                 "libScanJITRuntimeCUDA too)")
      ->check(CLI::IsMember({"cpu", "cuda"}));
  app.add_option("--pipeline-options", invocation.pipelineOptions,
                 "Options of the target's pipeline, as scan-opt takes them "
                 "('blas-min-flops=0'; 'chip=sm_90 schedule=persistent')")
      ->option_text("OPTIONS");
  app.add_option("-O", invocation.optLevel, "The optimization level, 0 to 3")
      ->check(CLI::Range(0, 3));
  app.add_flag("--dump-stages", invocation.dumpStages,
               "Print the IR after each pipeline stage to stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
      return app.exit(error);
    llvm::errs() << "scan-compile: error: " << error.what()
                 << " (run with --help for the options)\n";
    return 1;
  }
  try {
    return run(invocation);
  } catch (const scanjit::Error &error) {
    llvm::errs() << "scan-compile: error: " << error.what() << "\n";
    return 1;
  }
}
