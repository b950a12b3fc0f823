//===- Graph.h - Where symbolic inputs and constants come from --*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A Graph creates the leaves of a computation: symbolic inputs of any rank
// and dtype (Theano's `T.matrix("X")`, `T.iscalar("k")`), constants and
// shared variables. Its float type (Theano's floatX) is f64 unless asked
// otherwise; it is the dtype of `scalar`, `vector`, `matrix`... and of float
// constants. A Graph keeps its thread's tracing module (see Var.h) alive;
// its Vars do too, so the Graph may go away before they do.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_GRAPH_H
#define SCANJIT_FRONTEND_GRAPH_H

#include "scanjit/Frontend/Shared.h"
#include "scanjit/Frontend/Var.h"
#include "scanjit/Array/Array.h"

#include <memory>
#include <optional>
#include <source_location>
#include <string>

namespace scanjit {

namespace detail {
struct TraceModule;
std::shared_ptr<TraceModule> currentTraceModule();
} // namespace detail

/// How a Graph types what it creates.
struct GraphOptions {
  /// The default float type (Theano's floatX).
  DType floatX = DType::F64;
};

/// The factory of inputs, constants and shared variables (see the file
/// comment).
class Graph {
public:
  /// A graph whose float type is f64.
  Graph() : module(detail::currentTraceModule()) {}
  /// A graph with the given options.
  explicit Graph(GraphOptions options)
      : options(options), module(detail::currentTraceModule()) {}

  /// The default float type.
  DType floatX() const { return options.floatX; }

  /// A symbolic input of `rank` dynamic dimensions; `dtype` defaults to
  /// floatX.
  Var tensor(std::string name, int64_t rank,
             std::optional<DType> dtype = std::nullopt,
             std::source_location loc = std::source_location::current()) const;
  /// A symbolic input of an exact type (sizes other than kDynamic are
  /// checked when the function is called).
  Var tensor(std::string name, TensorType type,
             std::source_location loc = std::source_location::current()) const;

  /// A rank-0 input (floatX unless `dtype` is given).
  Var scalar(std::string name = "", std::optional<DType> dtype = std::nullopt,
             std::source_location loc = std::source_location::current()) const {
    return tensor(std::move(name), 0, dtype, loc);
  }
  /// A rank-1 input.
  Var vector(std::string name = "", std::optional<DType> dtype = std::nullopt,
             std::source_location loc = std::source_location::current()) const {
    return tensor(std::move(name), 1, dtype, loc);
  }
  /// A rank-2 input.
  Var matrix(std::string name = "", std::optional<DType> dtype = std::nullopt,
             std::source_location loc = std::source_location::current()) const {
    return tensor(std::move(name), 2, dtype, loc);
  }
  /// A rank-3 input.
  Var tensor3(
      std::string name = "", std::optional<DType> dtype = std::nullopt,
      std::source_location loc = std::source_location::current()) const {
    return tensor(std::move(name), 3, dtype, loc);
  }
  /// A rank-4 input.
  Var tensor4(
      std::string name = "", std::optional<DType> dtype = std::nullopt,
      std::source_location loc = std::source_location::current()) const {
    return tensor(std::move(name), 4, dtype, loc);
  }

  /// An i32 scalar input (Theano's iscalar).
  Var iscalar(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return scalar(std::move(name), DType::I32, loc);
  }
  /// An i32 vector input.
  Var ivector(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return vector(std::move(name), DType::I32, loc);
  }
  /// An i32 matrix input.
  Var imatrix(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return matrix(std::move(name), DType::I32, loc);
  }
  /// An i64 scalar input (Theano's lscalar).
  Var lscalar(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return scalar(std::move(name), DType::I64, loc);
  }
  /// An i64 vector input.
  Var lvector(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return vector(std::move(name), DType::I64, loc);
  }
  /// An i64 matrix input.
  Var lmatrix(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return matrix(std::move(name), DType::I64, loc);
  }
  /// An f32 scalar input.
  Var fscalar(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return scalar(std::move(name), DType::F32, loc);
  }
  /// An f32 vector input.
  Var fvector(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return vector(std::move(name), DType::F32, loc);
  }
  /// An f32 matrix input.
  Var fmatrix(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return matrix(std::move(name), DType::F32, loc);
  }
  /// A bool scalar input.
  Var bscalar(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return scalar(std::move(name), DType::Bool, loc);
  }
  /// A bool vector input.
  Var bvector(
      std::string name = "",
      std::source_location loc = std::source_location::current()) const {
    return vector(std::move(name), DType::Bool, loc);
  }

  /// A constant holding a copy of `value`.
  Var constant(
      const Array &value, std::string name = "",
      std::source_location loc = std::source_location::current()) const;
  /// A floatX scalar constant.
  Var constant(
      double value, std::string name = "",
      std::source_location loc = std::source_location::current()) const;
  /// A scalar constant of `dtype`.
  Var constant(
      double value, DType dtype, std::string name = "",
      std::source_location loc = std::source_location::current()) const;

  /// A shared variable holding a copy of `value`.
  SharedVariable
  shared(const Array &value, std::string name = "",
         std::source_location loc = std::source_location::current()) const {
    return SharedVariable(value, std::move(name), loc);
  }

private:
  GraphOptions options;
  /// The module this thread traces into (shared with the Vars).
  std::shared_ptr<detail::TraceModule> module;
};

} // namespace scanjit

#endif // SCANJIT_FRONTEND_GRAPH_H
