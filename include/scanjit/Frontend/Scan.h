//===- Scan.h - Theano's scan, map, reduce, foldl and foldr -----*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// `scan(fn, options)` builds a loop into the graph, as theano.scan does:
//
//   ScanResult r = scan([&](Var v) { return tanh(dot(v, W) + b); },
//                       {.sequences = {X}});
//   ScanResult p = scan([](Var prior, Var a) { return prior * a; },
//                       {.outputs_info = {ones_like(A)},
//                        .non_sequences = {A}, .n_steps = k});
//
// `fn` is called once, while scan() runs, to trace the scan.scan body: it
// receives the body's block arguments as Vars, in
// Theano's order: for each sequence its tap slices (taps in the order
// given), for each recurrent output its past values (taps in the order
// given), then the non-sequences. It takes them as separate `Var`
// parameters or as one `std::span<const Var>`, and returns a Var, a
// `std::vector<Var>`, `Updates` (shared-variable updates only) or a
// StepResult (outputs, updates and an `until` condition).
//
// Outputs are full histories `[n_steps, step shape...]`; `r.outputs[0][-1]`
// reads only the last step, so scan-save-mem keeps one. Shared variables
// that fn updates become loop state: `r.updates` holds their final values.
// Random draws inside fn advance their stream at every step. Vars from
// outside that fn reads become non-sequences of the scan.scan (constants are
// cloned into the body); a Var made inside fn cannot be used after scan()
// returns except through its results. Errors name the scan with the file and
// line of the call: "rnn.cpp:42: scan 'rnn': sequence #0 repeats tap -1".
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_SCAN_H
#define SCANJIT_FRONTEND_SCAN_H

#include "scanjit/Frontend/Shared.h"
#include "scanjit/Frontend/Var.h"
#include "scanjit/Support/Error.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <source_location>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace scanjit {

/// A Var with explicit taps (Theano's `dict(input=X, taps=[...])` for a
/// sequence, `dict(initial=X, taps=[...])` for an output).
struct Tapped {
  Var value;
  std::vector<int64_t> taps;
};

/// `X` read at `tapList`: `taps(u, {-4, 0})`, `taps(x0, {-3, -1})`.
inline Tapped taps(Var x, std::vector<int64_t> tapList) {
  return Tapped{std::move(x), std::move(tapList)};
}

/// A sequence of a scan: a Var (taps [0]) or a Tapped.
struct SequenceInfo {
  /// A sequence read at tap 0.
  SequenceInfo(Var value) : value(std::move(value)) {}
  /// A sequence with explicit taps.
  SequenceInfo(Tapped tapped)
      : value(std::move(tapped.value)), taps(std::move(tapped.taps)) {}

  Var value;
  std::vector<int64_t> taps = {0};
};

/// An entry of `outputs_info`: an initial value (taps [-1]), an initial
/// value with explicit taps, or `none` for an output that is not fed back.
/// Taps need an initial value: `taps(Var(), {-1})` is an error when the scan
/// is built (PyTensor's "you need to provide a initial state").
struct OutputInfo {
  /// Not fed back (Theano's None).
  OutputInfo(NoneType) {}
  /// Fed back at tap -1; `initial` has the shape of one step.
  OutputInfo(Var initial) : initial(std::move(initial)), taps{-1} {}
  /// Fed back at the given negative taps; unless the taps are [-1], the
  /// initial value's leading dimension holds at least -min(taps) past steps
  /// (its first -min(taps) rows are x[min tap] ... x[-1]; rows beyond are
  /// never read, as in PyTensor).
  OutputInfo(Tapped tapped)
      : initial(std::move(tapped.value)), taps(std::move(tapped.taps)) {}

  Var initial;
  std::vector<int64_t> taps;
};

/// The number of steps: a constant or a symbolic integer scalar.
class NSteps {
public:
  /// A constant number of steps.
  template <std::integral T>
  NSteps(T steps) : constant(static_cast<int64_t>(steps)) {}
  /// A symbolic number of steps (an integer scalar).
  NSteps(Var steps) : symbolic(std::move(steps)) {}

  std::optional<int64_t> constant;
  Var symbolic;
};

/// Theano's keyword arguments of scan, in Theano's order (designated
/// initializers must follow it).
struct ScanOptions {
  std::vector<SequenceInfo> sequences = {};
  std::vector<OutputInfo> outputs_info = {};
  std::vector<Var> non_sequences = {};
  std::optional<NSteps> n_steps = std::nullopt;
  /// Steps of backpropagation through time; -1 for all (stored for `grad`).
  int64_t truncate_gradient = -1;
  /// Iterate the sequences from their end (results stay in iteration order).
  bool go_backwards = false;
  /// Names the scan in error messages.
  std::string name = "";
  /// Every shared variable fn reads must be passed in non_sequences.
  bool strict = false;
};

/// What one step returns when it is more than its outputs.
struct StepResult {
  std::vector<Var> outputs = {};
  Updates updates = {};
  /// A bool scalar: stop after this step when true (Theano's `until`).
  Var until = {};
};

/// The outputs of a scan, full histories, and the shared-variable updates
/// (final values) it produces.
struct ScanResult {
  std::vector<Var> outputs;
  Updates updates;

  /// The only output; throws scanjit::Error unless there is exactly one.
  Var output() const;
};

namespace detail {

/// The most separate Var parameters fn may take.
inline constexpr size_t kMaxStepArity = 24;

/// A step function with its arguments as one vector, and the parameter
/// counts it accepts (empty when it takes a span).
struct StepFunction {
  std::function<StepResult(const std::vector<Var> &)> call;
  std::vector<size_t> arities;
  bool takesSpan = false;
};

inline StepResult toStepResult(StepResult result) { return result; }
inline StepResult toStepResult(Var output) { return {{std::move(output)}}; }
inline StepResult toStepResult(std::vector<Var> outputs) {
  return {std::move(outputs)};
}
inline StepResult toStepResult(Updates updates) {
  return {{}, std::move(updates)};
}
template <typename... Vs>
StepResult toStepResult(const std::tuple<Vs...> &outputs) {
  return {std::apply([](const auto &...v) { return std::vector<Var>{v...}; },
                     outputs)};
}
template <typename A, typename B>
StepResult toStepResult(const std::pair<A, B> &outputs) {
  return {{outputs.first, outputs.second}};
}

template <size_t I> using VarAt = Var;

template <typename F, size_t... I>
constexpr bool invocableWith(std::index_sequence<I...>) {
  return std::is_invocable_v<F &, VarAt<I>...>;
}

template <typename F, size_t... I>
StepResult callWith(F &fn, const std::vector<Var> &args,
                    std::index_sequence<I...>) {
  return toStepResult(fn(args[I]...));
}

template <typename F, size_t... N>
StepFunction makeStepFunction(F fn, std::index_sequence<N...>) {
  StepFunction step;
  if constexpr (std::is_invocable_v<F &, std::span<const Var>> &&
                !std::is_invocable_v<F &, Var>) {
    step.takesSpan = true;
    step.call = [fn](const std::vector<Var> &args) mutable {
      return toStepResult(fn(std::span<const Var>(args)));
    };
    return step;
  } else {
    ((invocableWith<F>(std::make_index_sequence<N>())
          ? step.arities.push_back(N)
          : void()),
     ...);
    step.call = [fn](const std::vector<Var> &args) mutable {
      std::optional<StepResult> result;
      ((args.size() == N
            ? [&] {
                if constexpr (invocableWith<F>(std::make_index_sequence<N>()))
                  result = callWith(fn, args, std::make_index_sequence<N>());
              }()
            : void()),
       ...);
      if (!result)
        throw Error("scan: fn cannot take " + std::to_string(args.size()) +
                    " arguments");
      return *result;
    };
    return step;
  }
}

/// Builds the scan node from a type-erased step function. With
/// `checkpoint`, its gradient recomputes the steps' non-recurrent outputs
/// instead of keeping them (scan.scan's `checkpoint`: scan_checkpoints'
/// outer scan over chunks).
ScanResult buildScan(const StepFunction &fn, const ScanOptions &options,
                     const std::source_location &loc, bool checkpoint = false);

} // namespace detail

/// Theano's scan (see the file comment). Throws scanjit::Error when the
/// options and fn do not fit together (naming what is wrong).
template <typename F>
ScanResult scan(F fn, const ScanOptions &options,
                std::source_location loc = std::source_location::current()) {
  return detail::buildScan(
      detail::makeStepFunction(
          std::move(fn), std::make_index_sequence<detail::kMaxStepArity + 1>()),
      options, loc);
}

/// Theano's map: fn applied to each step of the sequences; one output per
/// value fn returns.
template <typename F>
ScanResult map(F fn, std::vector<SequenceInfo> sequences,
               std::vector<Var> non_sequences = {}, bool go_backwards = false,
               std::string name = "map",
               std::source_location loc = std::source_location::current()) {
  return scan(std::move(fn),
              {.sequences = std::move(sequences),
               .non_sequences = std::move(non_sequences),
               .go_backwards = go_backwards,
               .name = std::move(name)},
              loc);
}

namespace detail {
/// The last step of each output of `result`.
ScanResult lastSteps(ScanResult result, const std::source_location &loc);
} // namespace detail

/// Theano's reduce: a scan that returns only the last step of each output.
template <typename F>
ScanResult reduce(F fn, std::vector<SequenceInfo> sequences,
                  std::vector<OutputInfo> outputs_info,
                  std::vector<Var> non_sequences = {},
                  bool go_backwards = false, std::string name = "reduce",
                  std::source_location loc = std::source_location::current()) {
  return detail::lastSteps(scan(std::move(fn),
                                {.sequences = std::move(sequences),
                                 .outputs_info = std::move(outputs_info),
                                 .non_sequences = std::move(non_sequences),
                                 .go_backwards = go_backwards,
                                 .name = std::move(name)},
                                loc),
                           loc);
}

/// Theano's foldl: reduce from the first step.
template <typename F>
ScanResult foldl(F fn, std::vector<SequenceInfo> sequences,
                 std::vector<OutputInfo> outputs_info,
                 std::vector<Var> non_sequences = {},
                 std::string name = "foldl",
                 std::source_location loc = std::source_location::current()) {
  return reduce(std::move(fn), std::move(sequences), std::move(outputs_info),
                std::move(non_sequences), false, std::move(name), loc);
}

/// Theano's foldr: reduce from the last step.
template <typename F>
ScanResult foldr(F fn, std::vector<SequenceInfo> sequences,
                 std::vector<OutputInfo> outputs_info,
                 std::vector<Var> non_sequences = {},
                 std::string name = "foldr",
                 std::source_location loc = std::source_location::current()) {
  return reduce(std::move(fn), std::move(sequences), std::move(outputs_info),
                std::move(non_sequences), true, std::move(name), loc);
}

} // namespace scanjit

#endif // SCANJIT_FRONTEND_SCAN_H
