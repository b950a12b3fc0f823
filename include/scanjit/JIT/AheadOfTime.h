//===- AheadOfTime.h - Object files that link with the runtime alone -*- C++
//-*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Ahead-of-time compilation (`scan-compile`): a module of tensor-level IR
// goes through the same target pipeline as the JIT and becomes a relocatable
// object file plus a C header that declares its entry points. A program
// links the object with the ScanJIT runtime alone (runtime/cpu: its heap,
// error reporting and BLAS glue; OpenBLAS; libm): no LLVM and no MLIR at
// run time.
//
// Each public function `@f` of the module is the C function
// `_mlir_ciface_f` (MLIR's C interface of memrefs): a tensor argument is a
// pointer to a memref descriptor, a scalar is passed by value, and results
// come back through a pointer to a struct passed first (a tensor result, or
// several results) or by value (one scalar). Every other symbol of the
// object is internal, so objects from several modules link together. The
// header documents the calling protocol (scanjit_call_begin / _end of
// scanjit/Runtime/RuntimeC.h: run-time errors and who frees what).
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_JIT_AHEADOFTIME_H
#define SCANJIT_JIT_AHEADOFTIME_H

#include "scanjit/JIT/Target.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace scanjit {

/// How scan-compile compiles.
struct AheadOfTimeOptions {
  /// The LLVM optimization level, 0 to 3.
  unsigned optLevel = 3;
  /// What to compile for. Null: the CPU with the pipeline's default options.
  std::shared_ptr<const Target> target = nullptr;
  /// The CPU the object runs on: "native" (the CPU compiling it, with all
  /// its features) or an LLVM CPU name ("x86-64-v3", "generic").
  std::string cpu = "native";
  /// The file name the header will have, for its include guard.
  std::string headerName = "module.h";
  /// When set, the IR after each stage of the pipeline is printed here.
  llvm::raw_ostream *stageDump = nullptr;
};

/// An object file and the C header that declares its entry points.
struct AheadOfTimeObject {
  /// The bytes of a relocatable ELF object for the host's triple.
  std::string object;
  /// The text of the C header.
  std::string header;
  /// The public functions, in the module's order (each is
  /// `_mlir_ciface_<name>` in the object).
  std::vector<std::string> functionNames;
};

/// Parses `source` (named `bufferName` in diagnostics), verifies it, and
/// compiles every public function ahead of time. Throws scanjit::Error with
/// the parser's or verifier's diagnostics, or naming an argument or result
/// type that cannot cross the C interface.
AheadOfTimeObject compileAheadOfTime(std::string_view source,
                                     std::string_view bufferName,
                                     const AheadOfTimeOptions &options = {});

} // namespace scanjit

#endif // SCANJIT_JIT_AHEADOFTIME_H
