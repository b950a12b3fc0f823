//===- Tracing.h - The scan bodies being traced -----------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// While `scan` calls fn, the body it builds is on a per-thread stack, so that
// nested scans know their depth and random draws know which loop must carry
// their counters.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_FRONTEND_TRACING_H
#define SCANJIT_LIB_FRONTEND_TRACING_H

#include "Node.h"

#include "scanjit/Frontend/Shared.h"

#include <vector>

namespace scanjit::detail {

/// A scan body being traced.
struct TracingFrame {
  ScanBody *body;
  /// The counters of the random draws made while tracing it.
  std::vector<SharedVariable> randomCounters;
};

/// This thread's bodies being traced, innermost last.
std::vector<TracingFrame> &tracingStack();

} // namespace scanjit::detail

#endif // SCANJIT_LIB_FRONTEND_TRACING_H
