//===- Engine.h - Compile and run tensor-level MLIR -------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The JIT engine, built like CIRCT's arcilator over mlir::ExecutionEngine.
// It holds a module of tensor-level IR (func.func with scan.scan and upstream
// tensor, linalg, arith and math ops) and compiles it on demand: the CPU
// pipeline (Pipelines/CPUPipeline.h) lowers a copy to the LLVM dialect, LLVM
// optimizes it at -O3 for the host CPU, ORC links it against the runtime
// (runtime/cpu) and the process's symbols (libc, libm).
//
// Compiled code is cached by (function, argument signature): the first call
// with a new signature compiles a copy of the module in which the function's
// dynamically sized tensor arguments take the arguments' static shapes, so
// hot code sees static sizes; later calls with that signature reuse the
// code. The cache is bounded (EngineOptions::cacheCapacity, 64 pairs by
// default): past it, the least recently called pair's code is freed, and
// compiled again if that signature comes back. Compiling is serialized by a
// mutex; calls run in parallel.
//
//   auto engine = scanjit::Engine::fromSource(R"mlir(
//     func.func @add(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
//       %0 = arith.addf %a, %b : tensor<?xf64>
//       return %0 : tensor<?xf64>
//     })mlir");
//   std::vector<scanjit::Array> r =
//       engine->function("add")({scanjit::Array{1.0, 2.0},
//                                scanjit::Array{3.0, 4.0}});
//   std::cout << r[0] << "\n"; // [4. 6.]
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_JIT_ENGINE_H
#define SCANJIT_JIT_ENGINE_H

#include "scanjit/JIT/Target.h"
#include "scanjit/JIT/EngineFunction.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir {
class MLIRContext;
class ModuleOp;
template <typename OpTy> class OwningOpRef;
} // namespace mlir

namespace scanjit {

namespace detail {
struct EngineState;
} // namespace detail

/// How many (function, argument signature) pairs an Engine keeps compiled
/// code for, unless told otherwise (EngineOptions::cacheCapacity).
inline constexpr size_t kDefaultCacheCapacity = 64;

/// How an Engine compiles.
struct EngineOptions {
  /// The LLVM optimization level, 0 to 3, of both the IR optimizer and the
  /// code generator.
  unsigned optLevel = 3;
  /// What to compile for: its pipeline and runtime. Null: the CPU with the
  /// pipeline's default options (getDefaultCPUTarget()).
  std::shared_ptr<const Target> target = nullptr;
  /// When set, the IR after each stage of the target's pipeline is printed
  /// here (each compilation prints all stages).
  llvm::raw_ostream *stageDump = nullptr;
  /// The most (function, argument signature) pairs whose compiled code the
  /// engine keeps; past it, the least recently called one is dropped (and
  /// compiled again if called again). 0 keeps every one.
  size_t cacheCapacity = kDefaultCacheCapacity;
};

/// Compiles the functions of one module and hands out callable Functions.
class Engine {
public:
  /// Takes `module`, which must verify. Its MLIRContext must outlive the
  /// engine and every EngineFunction obtained from it; the engine adds the
  /// ScanJIT dialects and the LLVM IR translations to that context. Throws
  /// scanjit::Error (with the verifier's diagnostics) if `module` is
  /// invalid.
  explicit Engine(mlir::OwningOpRef<mlir::ModuleOp> module,
                  EngineOptions options = {});

  /// Parses `source` into a context that the engine owns. `bufferName`
  /// names the source in diagnostics. Throws scanjit::Error with the parser's
  /// diagnostics.
  static std::unique_ptr<Engine>
  fromSource(std::string_view source, EngineOptions options = {},
             std::string_view bufferName = "<source>");

  /// Parses the file at `path` into a context that the engine owns.
  static std::unique_ptr<Engine> fromFile(const std::string &path,
                                          EngineOptions options = {});

  ~Engine();
  Engine(const Engine &) = delete;
  Engine &operator=(const Engine &) = delete;

  /// The names of the module's public, defined functions, in order.
  std::vector<std::string> functionNames() const;

  /// A handle to the public function `name`. Throws scanjit::Error if the
  /// module has no such function, if it is private or a declaration, or if
  /// one of its argument or result types cannot cross the C interface.
  EngineFunction function(std::string_view name) const;

  /// How many (function, argument signature) pairs have compiled code in the
  /// cache.
  size_t cachedSignatureCount() const;

  /// The most (function, argument signature) pairs the cache keeps.
  size_t cacheCapacity() const;

  /// Bounds the cache to `capacity` pairs (0: no bound), dropping the least
  /// recently called ones beyond it now. Calls running meanwhile are not
  /// affected: the code they run stays alive until they return.
  void setCacheCapacity(size_t capacity);

  /// How many times the module went through the pipeline and LLVM (once per
  /// function and argument signature).
  size_t compilationCount() const;

  /// The context of the module.
  mlir::MLIRContext *getContext() const;

private:
  Engine() = default;

  std::shared_ptr<detail::EngineState> state;
};

} // namespace scanjit

#endif // SCANJIT_JIT_ENGINE_H
