//===- EngineState.h - What an Engine and its Functions share ---*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The state behind an Engine: its module, the described functions and the
// cache of compiled code. Functions hold it by shared_ptr, so compiled code
// stays alive as long as a handle to it does. Private to lib/JIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_JIT_ENGINESTATE_H
#define SCANJIT_LIB_JIT_ENGINESTATE_H

#include "Compiler.h"
#include "FunctionInfo.h"

#include "scanjit/JIT/Engine.h"
#include "scanjit/JIT/Signature.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace scanjit::detail {

/// Native code for one function and one argument signature.
struct CompiledFunction {
  /// Keeps the code alive.
  std::shared_ptr<const CompiledModule> module;
  PackedFunction entryPoint = nullptr;
  /// When the module specialized to the call's shapes failed to compile and
  /// this is the generic module instead: the failure. The generic code is
  /// run only to report the user's error (a run-time check that the static
  /// sizes turned into IR a pass rejects); a call that reports none shows a
  /// compiler bug, and throws this as an internal compiler error.
  std::string specializationFailure;
};

/// A cached CompiledFunction and when it was last used.
struct CacheEntry {
  ArgumentSignature signature;
  /// Shared with the calls running it: an entry evicted during a call keeps
  /// its code until the call returns.
  std::shared_ptr<const CompiledFunction> compiled;
  /// The value of EngineState::useClock at the last lookup that found it.
  uint64_t lastUse = 0;
};

/// A function of the module and its compiled code, by argument signature.
struct FunctionState {
  FunctionInfo info;
  /// Guarded by EngineState::cacheLock. Bounded, with the other functions'
  /// entries, by EngineState::cacheCapacity (least recently used first out).
  std::vector<CacheEntry> compiled;
};

/// The lock of EngineState's cache. Its critical sections are a few
/// comparisons (no compiling, no allocation on a hit), and every call of
/// compiled code takes it: std::mutex costs two locked instructions and two
/// calls (16 ns of a 140 ns call on the development machine), this lock one
/// locked exchange to take and a plain store to release. A waiter yields.
class CacheLock {
public:
  void lock() {
    while (locked.exchange(true, std::memory_order_acquire))
      while (locked.load(std::memory_order_relaxed))
        std::this_thread::yield();
  }
  void unlock() { locked.store(false, std::memory_order_release); }

private:
  std::atomic<bool> locked{false};
};

struct EngineState {
  /// Set when the engine parsed the module itself. Declared first, so that
  /// it is destroyed last.
  std::unique_ptr<mlir::MLIRContext> ownedContext;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  EngineOptions options;

  /// Serializes compilations.
  std::mutex compileMutex;
  /// Guards the members below; never held while compiling.
  mutable CacheLock cacheLock;
  std::map<std::string, std::shared_ptr<FunctionState>, std::less<>> functions;
  size_t compilations = 0;
  /// The most cache entries, over all functions (0: no bound).
  size_t cacheCapacity = kDefaultCacheCapacity;
  /// Entries in the cache, over all functions.
  size_t cachedEntries = 0;
  /// Counts lookups, to order entries by their last use.
  uint64_t useClock = 0;

  /// The compiled code of `function` for the signature of `arguments`,
  /// compiled on first use (evicting the least recently used entry of any
  /// function when the cache is full). The lookup allocates nothing.
  std::shared_ptr<const CompiledFunction>
  getCompiled(FunctionState &function, const std::vector<Array> &arguments);

  /// Drops least recently used entries until at most `capacity` remain.
  /// Requires cacheLock.
  void evictDownTo(size_t capacity);
};

} // namespace scanjit::detail

#endif // SCANJIT_LIB_JIT_ENGINESTATE_H
