//===- LoadedLibrary.h - Calling ahead-of-time code without LLVM -*- C++
//-*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A shared library linked from scan-compile objects (`cc -shared f.o -o
// f.so`), opened with dlopen and called like an EngineFunction: arguments
// checked against each function's description (which the object carries as
// `_scanjit_function_<name>`), arrays in and out, run-time errors as
// scanjit::Error. Needs the ScanJIT runtime in the process (the library's
// undefined symbols resolve against it: link the program with
// ScanJITRuntimeCPU, and ScanJITRuntimeCUDA for CUDA objects, exporting
// their symbols) and neither LLVM nor MLIR: scan-exec is built on it.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_JIT_LOADEDLIBRARY_H
#define SCANJIT_JIT_LOADEDLIBRARY_H

#include "scanjit/Array/Array.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace scanjit {

/// A shared library of ahead-of-time compiled functions.
class LoadedLibrary {
public:
  /// Opens the library at `path` (resolving all its symbols now). Throws
  /// scanjit::Error with dlopen's message when it cannot.
  static std::unique_ptr<LoadedLibrary> open(const std::string &path);

  ~LoadedLibrary();
  LoadedLibrary(const LoadedLibrary &) = delete;
  LoadedLibrary &operator=(const LoadedLibrary &) = delete;

  /// "@name(tensor<?xf64>) -> tensor<?xf64>". Throws scanjit::Error when the
  /// library has no function `name` compiled by scan-compile.
  std::string signature(std::string_view name) const;

  /// Calls `name` with `arguments` (checked: count, dtypes, ranks, static
  /// sizes) and returns its results. Throws scanjit::Error on a bad argument
  /// or a run-time error, after freeing what the call allocated.
  std::vector<Array> call(std::string_view name,
                          const std::vector<Array> &arguments) const;

private:
  explicit LoadedLibrary(void *handle) : handle(handle) {}
  void *handle;
};

} // namespace scanjit

#endif // SCANJIT_JIT_LOADEDLIBRARY_H
