//===- Checkpoints.h - Gradients of scans in less memory --------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// scan_checkpoints (Aesara's name) computes what scan computes, as a loop
// over chunks of save_every_N steps, each an inner scan: the gradient then
// stores the recurrent state only at chunk boundaries and recomputes each
// chunk's steps while it goes back through them, so its memory is about
// n_steps / N + N states instead of n_steps (the reverse-mode rule of a scan
// recomputes its body, here the inner scan, from the stored boundaries).
//
// Unlike Aesara's, it takes everything scan takes except updates: taps on
// sequences and outputs, several outputs, non-recurrent outputs, n_steps
// (shorter than the sequences, or alone), go_backwards, and every step of
// each output is returned. Reading only the last step (`outputs[j][-1]`)
// reads the state the loop carries, not the stacked history, so that a
// gradient through it keeps only the checkpoints.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_CHECKPOINTS_H
#define SCANJIT_FRONTEND_CHECKPOINTS_H

#include "scanjit/Frontend/Scan.h"

namespace scanjit {

/// scan's options for scan_checkpoints, and the chunk length.
struct CheckpointOptions {
  std::vector<SequenceInfo> sequences = {};
  std::vector<OutputInfo> outputs_info = {};
  std::vector<Var> non_sequences = {};
  std::optional<NSteps> n_steps = std::nullopt;
  bool go_backwards = false;
  std::string name = "";
  bool strict = false;
  /// Steps between two stored states (at least 1).
  int64_t save_every_N = 10;
};

namespace detail {
ScanResult buildCheckpointedScan(const StepFunction &fn,
                                 const CheckpointOptions &options,
                                 const std::source_location &loc);
} // namespace detail

/// What scan(fn, options) computes, with its gradient storing the state
/// every save_every_N steps only (see the file comment). fn may not return
/// updates or an `until` condition.
template <typename F>
ScanResult
scan_checkpoints(F fn, const CheckpointOptions &options,
                 std::source_location loc = std::source_location::current()) {
  return detail::buildCheckpointedScan(
      detail::makeStepFunction(
          std::move(fn), std::make_index_sequence<detail::kMaxStepArity + 1>()),
      options, loc);
}

} // namespace scanjit

#endif // SCANJIT_FRONTEND_CHECKPOINTS_H
