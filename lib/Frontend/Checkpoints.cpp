//===- Checkpoints.cpp - scan_checkpoints as a scan of scans --------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan_checkpoints(fn, options) over T steps, N = save_every_N, T = qN + r:
//
// * each sequence tap becomes a sequence of its own, the rows the tap reads
//   at each step (u[k - lo : len - (hi - k)]) cut to the T rows the steps
//   read (the last ones for go_backwards, whose scans all run backward, the
//   tail over the first rows), so that chunks are plain slices of it;
// * an outer scan runs q steps; step c runs an inner scan of fn over rows
//   [cN, cN + N) of those sequences, from a window of each recurrent output
//   (its last `depth` rows), and yields the inner outputs and the window
//   they end with: the windows are the only states the outer scan stores;
// * a tail scan of fn runs the last r steps from the outer's final window;
// * each result is the outer's outputs, reshaped to rows, followed by the
//   tail's. Its last row, for a recurrent output, is also available from the
//   final window (Var indexing at -1 takes it; see TracedValue::lastStep).
//
//===----------------------------------------------------------------------===//

#include "ScanRules.h"
#include "Tracing.h"
#include "TypeRules.h"

#include "scanjit/Frontend/Checkpoints.h"
#include "scanjit/Frontend/Ops.h"
#include "scanjit/Support/Error.h"

#include <algorithm>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// `x` with its first `merged` dimensions replaced by `leading` (Vars of
/// i64 scalars): the same elements in a new shape.
Var reshapeLeading(const Var &x, int64_t merged, std::vector<Var> leading) {
  for (int64_t d = merged; d < x.ndim(); ++d)
    leading.push_back(x.shape(d));
  return x.reshape(leading);
}

/// `rows`, which has `chunks` * `n` rows by construction, as [chunks, n,
/// ...]: the same elements viewed in chunks (no copy, where a reshape of a
/// sliced sequence would copy all of it).
Var splitRows(const Var &rows, const Var &chunks, int64_t n) {
  const TracedPtr &node = tracedOf(rows, "scan_checkpoints");
  TensorType type = node->type;
  std::optional<int64_t> constantChunks =
      constantInteger(*tracedOf(chunks, "scan_checkpoints"));
  type.shape.insert(type.shape.begin() + 1, n);
  type.shape[0] = constantChunks ? *constantChunks : kDynamic;
  Emitter emitter = emitterFor(*node->module);
  mlir::Value outer =
      emitter.indexOf(*tracedOf(chunks, "scan_checkpoints"));
  return makeVar(node->module,
                 emitter.emitSplitLeading(node->value, outer, n, type), type);
}

/// `x` as the single row of a stack: shape [1, x's shape...].
Var asRow(const Var &x) {
  return reshapeLeading(x, 0, {constant(1.0, DType::I64)});
}

/// The last `depth` rows of `window` followed by `rows`.
Var shiftWindow(const Var &window, const Var &rows, int64_t depth,
                int64_t rowsCount) {
  if (rowsCount >= depth)
    return rows(slice(rowsCount - depth, none));
  return concatenate({window, rows})(slice(rowsCount, none));
}

class CheckpointedScanBuilder {
public:
  CheckpointedScanBuilder(const StepFunction &fn,
                          const CheckpointOptions &options,
                          const std::source_location &loc)
      : fn(fn), options(options), loc(loc),
        label(describeLocation(loc) + ": scan_checkpoints" +
              (options.name.empty() ? "" : " '" + options.name + "'")) {}

  ScanResult build();

private:
  [[noreturn]] void fail(const std::string &message) const {
    throw Error(label + ": " + message);
  }
  void addSequences();
  void countSteps();
  void addOutputs();
  /// The outer scan's step c (see the file comment).
  StepResult outerStep(const std::vector<Var> &args);
  /// The ScanOptions of an inner or tail scan of fn over `sequences` from
  /// `windows`, with the non-sequences `nonSequences`.
  ScanOptions stepOptions(const std::vector<Var> &sequences,
                          const std::vector<Var> &windows,
                          const std::vector<Var> &nonSequences,
                          const std::string &part) const;
  /// scan of fn with `steps`; fn may not update state.
  ScanResult runSteps(const ScanOptions &steps);
  /// The windows an inner or tail scan ends with.
  std::vector<Var> endWindows(const std::vector<Var> &windows,
                              const ScanResult &steps, int64_t rows) const;

  const StepFunction &fn;
  const CheckpointOptions &options;
  std::source_location loc;
  std::string label;

  /// Per sequence tap, in fn's argument order: the rows it reads, and the
  /// part of them the whole chunks read and the part the tail reads.
  std::vector<Var> tapSequences, chunkSequences, tailSequences;
  /// Per sequence: the steps it provides.
  std::vector<Var> sequenceSteps;
  Var steps, chunks, tailSteps;
  /// Per recurrent output, in order: its index, depth and first window
  /// (the initial value as one step for taps [-1], else its first `depth`
  /// rows).
  std::vector<size_t> recurrent;
  std::vector<int64_t> depths;
  std::vector<Var> initialWindows;
};

void CheckpointedScanBuilder::addSequences() {
  for (size_t i = 0; i < options.sequences.size(); ++i) {
    const SequenceInfo &sequence = options.sequences[i];
    std::string what = "sequence #" + std::to_string(i);
    auto [lo, hi] = sequenceSpan(sequence.taps);
    Var length = sequence.value.shape(0);
    Var provided = length - (hi - lo);
    sequenceSteps.push_back(
        check(provided, provided >= 0,
              label + ": " + what + " is shorter than its taps span"));
    for (int64_t tap : sequence.taps) {
      Var rows = hi == tap ? sequence.value(slice(tap - lo, none))
                           : sequence.value(slice(tap - lo, tap - hi));
      tapSequences.push_back(rows);
    }
  }
}

void CheckpointedScanBuilder::countSteps() {
  if (options.n_steps) {
    const NSteps &n = *options.n_steps;
    steps = n.constant ? constant(static_cast<double>(*n.constant), DType::I64)
                       : cast(n.symbolic, DType::I64);
    steps = check(steps, steps >= 0, label + ": n_steps is negative");
    for (size_t i = 0; i < sequenceSteps.size(); ++i)
      steps = check(steps, steps <= sequenceSteps[i],
                    label + ": n_steps is more than sequence #" +
                        std::to_string(i) + " provides");
  } else {
    steps = sequenceSteps[0];
    for (size_t i = 1; i < sequenceSteps.size(); ++i)
      steps = minimum(steps, sequenceSteps[i]);
  }
  int64_t n = options.save_every_N;
  chunks = floor_divide(steps, n);
  tailSteps = steps - chunks * n;
  // Forward, the chunks come first and the tail last. Backward (the rows
  // read from the end, the cut to the step count made after the reversal),
  // the steps are the last rows, and the tail, run last, is their first
  // rows; every scan runs backward.
  for (size_t i = 0; i < tapSequences.size(); ++i) {
    Var &rows = tapSequences[i];
    if (!options.go_backwards) {
      chunkSequences.push_back(rows(slice(0, chunks * n)));
      tailSequences.push_back(rows(slice(chunks * n, steps)));
      continue;
    }
    Var first = rows.shape(0) - steps;
    tailSequences.push_back(rows(slice(first, first + tailSteps)));
    chunkSequences.push_back(rows(slice(first + tailSteps, none)));
  }
}

void CheckpointedScanBuilder::addOutputs() {
  for (size_t j = 0; j < options.outputs_info.size(); ++j) {
    const OutputInfo &output = options.outputs_info[j];
    if (!output.initial.valid())
      continue;
    int64_t depth = -*std::min_element(output.taps.begin(), output.taps.end());
    recurrent.push_back(j);
    depths.push_back(depth);
    if (output.taps == std::vector<int64_t>{-1})
      initialWindows.push_back(output.initial);
    else
      initialWindows.push_back(output.initial(slice(0, depth)));
  }
}

ScanOptions CheckpointedScanBuilder::stepOptions(
    const std::vector<Var> &sequences, const std::vector<Var> &windows,
    const std::vector<Var> &nonSequences, const std::string &part) const {
  ScanOptions inner;
  for (const Var &rows : sequences)
    inner.sequences.push_back(rows);
  size_t next = 0;
  for (const OutputInfo &output : options.outputs_info) {
    if (!output.initial.valid()) {
      inner.outputs_info.push_back(none);
      continue;
    }
    inner.outputs_info.push_back(Tapped{windows[next++], output.taps});
  }
  inner.non_sequences = nonSequences;
  inner.go_backwards = options.go_backwards;
  inner.name =
      (options.name.empty() ? "checkpoints" : options.name) + " " + part;
  inner.strict = options.strict;
  return inner;
}

std::vector<Var>
CheckpointedScanBuilder::endWindows(const std::vector<Var> &windows,
                                    const ScanResult &result,
                                    int64_t rows) const {
  std::vector<Var> ends;
  for (size_t k = 0; k < recurrent.size(); ++k) {
    const Var &outputs = result.outputs[recurrent[k]];
    if (options.outputs_info[recurrent[k]].taps == std::vector<int64_t>{-1})
      ends.push_back(outputs[-1]);
    else
      ends.push_back(shiftWindow(windows[k], outputs, depths[k], rows));
  }
  return ends;
}

ScanResult CheckpointedScanBuilder::runSteps(const ScanOptions &steps) {
  ScanResult result = buildScan(fn, steps, loc);
  if (!result.updates.empty())
    fail("fn updates shared variables (or draws random numbers); a "
         "checkpointed scan recomputes its steps and cannot repeat those");
  return result;
}

StepResult CheckpointedScanBuilder::outerStep(const std::vector<Var> &args) {
  size_t numSequences = tapSequences.size();
  std::vector<Var> chunk(args.begin(), args.begin() + numSequences);
  std::vector<Var> windows(args.begin() + numSequences,
                           args.begin() + numSequences + recurrent.size());
  std::vector<Var> nonSequences(args.begin() + numSequences + recurrent.size(),
                                args.end());
  ScanOptions inner = stepOptions(chunk, windows, nonSequences, "chunk");
  if (tapSequences.empty())
    inner.n_steps = options.save_every_N;
  ScanResult result = runSteps(inner);
  StepResult step;
  step.outputs = result.outputs;
  for (Var &end : endWindows(windows, result, options.save_every_N))
    step.outputs.push_back(end);
  return step;
}

ScanResult CheckpointedScanBuilder::build() {
  if (options.save_every_N < 1)
    fail("save_every_N must be at least 1, not " +
         std::to_string(options.save_every_N));
  // scan's rules, before anything is traced (the chunk scans check them
  // again on what they are given).
  checkScanOperands(
      scanOperands(options.sequences, options.outputs_info,
                   options.n_steps.has_value(),
                   options.n_steps ? options.n_steps->constant : std::nullopt,
                   /*truncateGradient=*/-1),
      label);
  addSequences();
  countSteps();
  addOutputs();
  int64_t n = options.save_every_N;
  Var chunkRows = chunks * n;

  // The outer scan over whole chunks.
  ScanOptions outer;
  for (const Var &rows : chunkSequences)
    outer.sequences.push_back(
        splitRows(rows, chunks, n));
  outer.outputs_info.assign(options.outputs_info.size(), none);
  for (const Var &window : initialWindows)
    outer.outputs_info.push_back(window);
  outer.non_sequences = options.non_sequences;
  outer.n_steps = chunks;
  outer.go_backwards = options.go_backwards;
  outer.name = options.name.empty() ? "checkpoints" : options.name;
  outer.strict = options.strict;
  StepFunction outerFn;
  outerFn.takesSpan = true;
  outerFn.call = [this](const std::vector<Var> &args) {
    return outerStep(args);
  };
  // Its gradient recomputes each chunk's states from the chunk's window.
  ScanResult chunked = buildScan(outerFn, outer, loc, /*checkpoint=*/true);

  // The windows after the last chunk: the initial ones when there is none.
  size_t numOutputs = options.outputs_info.size();
  std::vector<Var> windows;
  for (size_t k = 0; k < recurrent.size(); ++k) {
    const Var &initial = initialWindows[k];
    std::vector<Var> stacked = {asRow(initial),
                                chunked.outputs[numOutputs + k]};
    windows.push_back(concatenate(stacked)[-1]);
  }

  // The tail: the last steps % N steps.
  ScanOptions tail =
      stepOptions(tailSequences, windows, options.non_sequences, "tail");
  tail.n_steps = tailSteps;
  ScanResult last = runSteps(tail);

  // Every step of each output; the last one of a recurrent output also from
  // the final window. A scan that ran no step does not know the step shape of
  // an output that is not fed back (it gives zeros): each size is the larger of
  // the two parts', so that both parts, one of them possibly empty, fit
  // together.
  ScanResult result;
  for (size_t j = 0; j < numOutputs; ++j) {
    const Var &chunkSteps = chunked.outputs[j];
    const Var &tailOutputs = last.outputs[j];
    std::vector<Var> chunkShape = {chunkRows}, tailShape = {tailSteps};
    for (int64_t d = 1; d < tailOutputs.ndim(); ++d) {
      Var size = maximum(chunkSteps.shape(d + 1), tailOutputs.shape(d));
      chunkShape.push_back(size);
      tailShape.push_back(size);
    }
    result.outputs.push_back(concatenate(
        {chunkSteps.reshape(chunkShape), tailOutputs.reshape(tailShape)}));
  }
  for (size_t k = 0; k < recurrent.size(); ++k) {
    size_t j = recurrent[k];
    bool oneStepWindow =
        options.outputs_info[j].taps == std::vector<int64_t>{-1};
    Var lastStep = concatenate(
        {oneStepWindow ? asRow(windows[k]) : windows[k], last.outputs[j]})[-1];
    lastStep = check(lastStep, steps > 0,
                     label + ": index -1 is out of bounds for output #" +
                         std::to_string(j) + ", which has no steps");
    result.outputs[j].node()->lastStep = lastStep.node();
  }
  return result;
}

} // namespace

ScanResult detail::buildCheckpointedScan(const StepFunction &fn,
                                         const CheckpointOptions &options,
                                         const std::source_location &loc) {
  LocationScope scope(loc);
  return CheckpointedScanBuilder(fn, options, loc).build();
}
