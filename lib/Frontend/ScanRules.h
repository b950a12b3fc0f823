//===- ScanRules.h - Scan rules checked while tracing -----------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The frontend checks a scan's operands before it traces the step function,
// with the rules scan.scan's verifier states (scan::verifyScanSignature):
// the rules are stated once, in the dialect, and the frontend only names
// the operands in their messages.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_FRONTEND_SCANRULES_H
#define SCANJIT_LIB_FRONTEND_SCANRULES_H

#include "scanjit/Frontend/Var.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// This header does not include the dialect: a file that includes the
// frontend's scan() (the function scanjit::scan) cannot also see the
// namespace scanjit::scan.

namespace scanjit {
struct SequenceInfo;
struct OutputInfo;
} // namespace scanjit

namespace scanjit::detail {

/// A sequence or an output of a scan as the user gave it: the Var (for an
/// output, its initial value; null for none) and its taps.
struct TappedVar {
  const Var &value;
  const std::vector<int64_t> &taps;
};

/// The operands of a scan about to be traced.
struct ScanOperands {
  std::vector<TappedVar> sequences;
  std::vector<TappedVar> outputs;
  bool hasNSteps = false;
  /// n_steps, where it is a constant (or folds to one).
  std::optional<int64_t> constantNSteps;
  int64_t truncateGradient = -1;
};

/// The operands of a scan()'s or scan_checkpoints()'s options (Scan.cpp).
ScanOperands scanOperands(const std::vector<SequenceInfo> &sequences,
                          const std::vector<OutputInfo> &outputs,
                          bool hasNSteps, std::optional<int64_t> constantNSteps,
                          int64_t truncateGradient);

/// Checks `operands` with the rules of scan.scan that do not depend on its
/// body (scan::verifyScanSignature) and that an output with taps has an
/// initial value; the first rule broken is thrown as scanjit::Error
/// "<label>: <message>", the message naming the operand ("sequence #0
/// ('u')").
void checkScanOperands(const ScanOperands &operands, const std::string &label);

/// The rows a sequence read at `taps` spans around the current step, as
/// `(lo, hi)`: scan::SequenceSpan (the span always includes tap 0).
std::pair<int64_t, int64_t> sequenceSpan(const std::vector<int64_t> &taps);

/// Taps as messages show them: "[-3, -1]".
std::string formatTaps(const std::vector<int64_t> &taps);

} // namespace scanjit::detail

#endif // SCANJIT_LIB_FRONTEND_SCANRULES_H
