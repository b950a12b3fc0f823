//===- HostLocation.h - Source lines of a host language ---------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The frontend's functions name their C++ caller's line (a defaulted
// std::source_location) in the ops they trace and in their errors. A frontend
// in another language (the Python bindings) names its own user's line
// instead: while a HostLocationScope lives on a thread, the frontend calls
// made on that thread take its file and line, so an error reads
// `rnn.py:12: scan 'rnn': ...` and `loc(...)` in the IR points into the
// script.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_HOSTLOCATION_H
#define SCANJIT_FRONTEND_HOSTLOCATION_H

#include <string>

namespace scanjit {

/// Makes `file:line:column` the location of the frontend calls made on this
/// thread while it lives. Scopes nest; the innermost one wins.
class HostLocationScope {
public:
  HostLocationScope(std::string file, unsigned line, unsigned column = 0);
  ~HostLocationScope();
  HostLocationScope(const HostLocationScope &) = delete;
  HostLocationScope &operator=(const HostLocationScope &) = delete;

private:
  /// Whether it also marked a frontend call in progress (see Tracing.h's
  /// LocationScope), which operators traced meanwhile take.
  bool pushedCall;
};

} // namespace scanjit

#endif // SCANJIT_FRONTEND_HOSTLOCATION_H
