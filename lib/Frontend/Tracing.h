//===- Tracing.h - The module a thread traces into --------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The frontend builds MLIR as the host program calls it. Each thread traces
// into one TraceModule (shared by the Graphs and Vars of that thread, and
// freed with the last of them): a module holding a tracing func.func whose
// block arguments are the symbolic inputs and the shared variables, and
// whose body receives every op at the moment the program asks for it.
//
// Ops go at the end of the innermost open TracingScope: the tracing
// function's body, or the block of a scan.scan whose fn is being traced.
// A Var refers to a TracedValue: an mlir::Value of that module, its static
// type, and the scope it was made in (a Var of a closed scan body cannot be
// used any more).
//
// Locations: every op carries the FileLineColLoc of the user's call. The
// frontend's functions take a defaulted std::source_location and push it
// while they run (LocationScope); operators, which cannot take one, use the
// innermost call in progress (the scan whose fn is traced, or the function
// that composes them), and an unknown location at top level. A frontend in
// another language names its user's lines instead (HostLocationScope).
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_FRONTEND_TRACING_H
#define SCANJIT_LIB_FRONTEND_TRACING_H

#include "scanjit/Frontend/Shared.h"
#include "scanjit/Frontend/Var.h"
#include "scanjit/Array/Array.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/DenseMap.h"

#include <map>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <vector>

namespace scanjit::detail {

struct TraceModule;
struct TracedValue;
using TracedPtr = std::shared_ptr<TracedValue>;

/// A block ops are traced into: the tracing function's body, or the body of
/// a scan whose fn is being called.
struct TracingScope {
  /// "the function" or the scan's label ("scan 'rnn'").
  std::string name;
  /// Where ops go.
  mlir::Block *block = nullptr;
  /// The body under construction (owned until it moves into its scan.scan).
  std::unique_ptr<mlir::Block> ownedBlock;
  /// False once the scope's tracing has ended.
  bool open = true;
  /// The counters of the random draws made while tracing this scope.
  std::vector<SharedVariable> randomCounters;
  /// For the block arguments of a scan body that receive explicit
  /// non-sequences: the outer value each stands for (grad() looks through
  /// them to the graph that computed it).
  llvm::DenseMap<mlir::Value, mlir::Value> argumentOrigins;
};

/// A scan.scan that tracing created; its result Vars keep it alive, so that
/// random counters it advances can find their final value.
struct TracedScan {
  std::shared_ptr<TraceModule> module;
  std::shared_ptr<TracingScope> scope;
  mlir::Operation *op = nullptr;
  std::vector<TensorType> resultTypes;
};

/// The host side of a shared variable: its value, and how it advances by
/// default (random counters).
struct SharedStorage {
  Array value;
  /// A random counter: advances by one per call by default.
  bool incrementsByDefault = false;
  /// A random counter drawn from in a scan: advances to that scan's final
  /// value of it, result #advancingResult (held weakly: the scan reads the
  /// variable).
  std::weak_ptr<TracedScan> advancingScan;
  int64_t advancingResult = 0;
};

/// What a block argument of the tracing function stands for.
struct ArgumentInfo {
  /// True for a shared variable, false for a symbolic input.
  bool isShared = false;
  std::string name;
  TensorType type;
  /// The host value of a shared variable.
  std::shared_ptr<SharedStorage> shared;

  /// "'name'", or "a f64 vector" without a name.
  std::string describe() const;
};

/// One thread's tracing module (see the file comment).
struct TraceModule {
  TraceModule();
  ~TraceModule();

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  /// The function whose block arguments are the inputs and shared variables.
  mlir::func::FuncOp func;
  /// The open scopes, innermost last; [0] is the tracing function's body.
  std::vector<std::shared_ptr<TracingScope>> scopes;
  /// For each traced scan.scan, how many of its non-sequences were passed
  /// explicitly (the others are captures).
  llvm::DenseMap<mlir::Operation *, unsigned> explicitNonSequences;
  /// Ops without results that reported run-time errors since the last Var
  /// was made (see makeVar).
  std::vector<mlir::Operation *> pendingEffects;
  /// The error reports a value needs: function() copies them with it.
  llvm::DenseMap<mlir::Value, std::vector<mlir::Operation *>> effectsOf;
  /// The inputs and shared variables, by block argument of `func`.
  llvm::DenseMap<mlir::Value, ArgumentInfo> arguments;

  /// The innermost open scope.
  TracingScope &current() { return *scopes.back(); }
};

/// What a Var refers to (see the file comment).
struct TracedValue {
  /// What made the value, when function() must know it.
  enum class Kind { Op, Input, Shared };

  std::shared_ptr<TraceModule> module;
  std::shared_ptr<TracingScope> scope;
  mlir::Value value;
  TensorType type;
  std::string name;
  Kind kind = Kind::Op;
  /// For constants: the value (folding and static checks read it).
  std::shared_ptr<const Array> constant;
  /// For shared variables: the host value.
  std::shared_ptr<SharedStorage> shared;
  /// For a shape vector (Var::shape()): its i64 scalars.
  std::vector<TracedPtr> packed;
  /// For an indexing (what set_subtensor rewrites): the base and indices.
  std::shared_ptr<struct SubtensorInfo> subtensor;
  /// For scan results: the scan.
  std::shared_ptr<TracedScan> scan;
  /// For a stack of steps whose last step is also computed apart (a
  /// checkpointed scan's output): that step, which indexing at -1 takes.
  TracedPtr lastStep;
};

/// How a subtensor reads one dimension.
struct IndexSpec {
  /// True for a scalar index (the dimension is dropped), false for a slice.
  bool isScalar = false;
  /// The scalar index or the slice's start and stop (i64 scalars; null
  /// when left out).
  TracedPtr start, stop;
  /// The slice's step.
  int64_t step = 1;
};

/// The indexing a subtensor Var was made by.
struct SubtensorInfo {
  TracedPtr base;
  std::vector<IndexSpec> indices;
};

/// This thread's tracing module, created when there is none.
std::shared_ptr<TraceModule> currentTraceModule();

/// Loads the dialects traced IR uses into `context`.
void loadFrontendDialects(mlir::MLIRContext &context);

/// The value of `var`, checked to be usable where ops are traced now;
/// throws scanjit::Error naming `what` when it is null or belongs to a
/// scan body whose tracing has ended.
const TracedPtr &tracedOf(const Var &var, const std::string &what);

/// The module ops on `operands` trace into (this thread's when none).
std::shared_ptr<TraceModule>
moduleOf(std::initializer_list<const Var *> operands);

/// A Var for `value` (traced in `module`'s current scope) of `type`. The
/// run-time checks traced since the last Var was made go with it.
Var makeVar(const std::shared_ptr<TraceModule> &module, mlir::Value value,
            TensorType type);

/// A new block argument of the tracing function (an input or a shared
/// variable) of `type`, made at `loc`.
Var makeArgument(const std::shared_ptr<TraceModule> &module, TensorType type,
                 std::string name, TracedValue::Kind kind,
                 const std::source_location &loc,
                 std::shared_ptr<SharedStorage> shared = nullptr);

/// The location of the innermost frontend call in progress (see the file
/// comment), in `context`.
mlir::Location currentLocation(mlir::MLIRContext &context);

/// Where a user's call was made: a C++ caller's std::source_location, or the
/// host language's line while a HostLocationScope names one.
struct UserLocation {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
};

/// `loc`, or the innermost HostLocationScope's location when one lives.
UserLocation resolveLocation(const std::source_location &loc);

/// `loc` (resolved) as an MLIR location.
mlir::Location toLocation(mlir::MLIRContext &context,
                          const std::source_location &loc);

/// "ScanTest.cpp:42": where a message says the call was made.
std::string describeLocation(const std::source_location &loc);

/// Makes `loc` the location of the ops traced while it lives (see the file
/// comment). Inside another frontend call it does nothing: the frontend's
/// own calls of its public functions keep the user's location.
class LocationScope {
public:
  explicit LocationScope(const std::source_location &loc);
  ~LocationScope();
  LocationScope(const LocationScope &) = delete;
  LocationScope &operator=(const LocationScope &) = delete;

private:
  bool pushed;
};

/// Marks user code running inside a frontend call (scan calling fn): the
/// frontend calls it makes use their own locations again, and operators
/// take `loc` (the scan's).
class UserCodeScope {
public:
  explicit UserCodeScope(const std::source_location &loc);
  ~UserCodeScope();
  UserCodeScope(const UserCodeScope &) = delete;
  UserCodeScope &operator=(const UserCodeScope &) = delete;
};

/// The value of a rank-0 integer constant, if `value` is one.
std::optional<int64_t> constantInteger(const TracedValue &value);

/// The names of DTypes and ranks in messages: "f64 matrix".
std::string describeType(const TensorType &type);

} // namespace scanjit::detail

#endif // SCANJIT_LIB_FRONTEND_TRACING_H
