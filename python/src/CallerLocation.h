//===- CallerLocation.h - The Python line of a frontend call ----*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The frontend names its caller's line in the ops it traces and in its
// errors. From Python that caller is the user's script, not this module:
// each bound function runs inside a PythonCallScope (a pybind11 call guard),
// which names the innermost Python frame outside the scanjit package.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_PYTHON_CALLERLOCATION_H
#define SCANJIT_PYTHON_CALLERLOCATION_H

#include "scanjit/Frontend/HostLocation.h"

#include <optional>
#include <string>

namespace scanjit::python {

/// Frames whose file lies under `directory` (the package's own Python code)
/// are skipped when looking for the user's line.
void setPackageDirectory(std::string directory);

/// A file and line of Python source.
struct PythonLocation {
  std::string file;
  unsigned line = 0;
};

/// The innermost frame of the calling thread outside the package, if any.
std::optional<PythonLocation> callerLocation();

/// Names the Python caller's line for the frontend calls made while it lives
/// (nothing when no Python frame is found).
class PythonCallScope {
public:
  PythonCallScope();

private:
  std::optional<HostLocationScope> scope;
};

} // namespace scanjit::python

#endif // SCANJIT_PYTHON_CALLERLOCATION_H
