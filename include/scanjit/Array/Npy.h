//===- Npy.h - Read and write NumPy .npy files ------------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The .npy format (numpy.save / numpy.load) for the dtypes of DType.h:
// little-endian '<f4', '<f8', '<i4', '<i8' and '|b1'. Reading accepts format
// versions 1.0, 2.0 and 3.0 and C or Fortran order; writing produces version
// 1.0 in C order, as numpy.save does.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_ARRAY_NPY_H
#define SCANJIT_ARRAY_NPY_H

#include "scanjit/Array/Array.h"

#include <iosfwd>
#include <string>

namespace scanjit {

/// Reads the .npy file at `path`. Throws scanjit::Error naming the file when
/// it cannot be read, is not .npy or holds an unsupported dtype.
Array readNpy(const std::string &path);

/// Reads a .npy image from `in`; `name` is used in error messages.
Array readNpy(std::istream &in, const std::string &name);

/// Writes `array` to `path` in .npy format. Throws scanjit::Error on failure.
void writeNpy(const std::string &path, const Array &array);

/// Writes `array` to `out` in .npy format.
void writeNpy(std::ostream &out, const Array &array);

} // namespace scanjit

#endif // SCANJIT_ARRAY_NPY_H
