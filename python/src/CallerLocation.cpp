//===- CallerLocation.cpp - The Python line a frontend call comes from ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "CallerLocation.h"

#include <Python.h>
#include <frameobject.h>

namespace scanjit::python {

namespace {
std::string &packageDirectory() {
  static std::string directory;
  return directory;
}

/// The file name of `frame`'s code ("" when it has none).
std::string fileOf(PyFrameObject *frame) {
  PyCodeObject *code = PyFrame_GetCode(frame);
  std::string file;
  if (PyObject *name = PyObject_GetAttrString(
          reinterpret_cast<PyObject *>(code), "co_filename")) {
    if (const char *utf8 = PyUnicode_AsUTF8(name))
      file = utf8;
    Py_DECREF(name);
  }
  if (PyErr_Occurred())
    PyErr_Clear();
  Py_DECREF(code);
  return file;
}
} // namespace

void setPackageDirectory(std::string directory) {
  packageDirectory() = std::move(directory);
}

std::optional<PythonLocation> callerLocation() {
  const std::string &package = packageDirectory();
  PyFrameObject *frame = PyEval_GetFrame();
  Py_XINCREF(frame);
  while (frame) {
    std::string file = fileOf(frame);
    if (package.empty() || file.compare(0, package.size(), package) != 0) {
      PythonLocation location{
          std::move(file), static_cast<unsigned>(PyFrame_GetLineNumber(frame))};
      Py_DECREF(frame);
      return location;
    }
    PyFrameObject *back = PyFrame_GetBack(frame);
    Py_DECREF(frame);
    frame = back;
  }
  return std::nullopt;
}

PythonCallScope::PythonCallScope() {
  if (std::optional<PythonLocation> location = callerLocation())
    scope.emplace(std::move(location->file), location->line);
}

} // namespace scanjit::python
