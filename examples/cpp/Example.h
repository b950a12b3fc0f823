//===- Example.h - What the example programs share --------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Each example builds a seed's graph, compiles it and prints what the seed
// prints. Run with `--mlir` it prints the emitted modules instead (the input
// scan-opt reads). Errors are reported on stderr with exit status 1.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_EXAMPLES_CPP_EXAMPLE_H
#define SCANJIT_EXAMPLES_CPP_EXAMPLE_H

#include "scanjit/ScanJIT.h"

#include <cstring>
#include <functional>
#include <iostream>

namespace scanjit::examples {

/// Where an example prints its compiled functions' modules, if asked to.
struct Context {
  bool printMLIR = false;

  /// Prints `f`'s module when `--mlir` was given.
  void show(const Function &f) const {
    if (printMLIR)
      std::cout << f.mlir();
  }
  /// Prints `array` as NumPy does, unless `--mlir` was given.
  void print(const Array &array) const {
    if (!printMLIR)
      std::cout << array << "\n";
  }
};

/// Runs `body`, turning a scanjit::Error into a message and exit status 1.
inline int run(int argc, char **argv,
               const std::function<void(const Context &)> &body) {
  Context context;
  context.printMLIR = argc > 1 && std::strcmp(argv[1], "--mlir") == 0;
  try {
    body(context);
  } catch (const Error &error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}

} // namespace scanjit::examples

#endif // SCANJIT_EXAMPLES_CPP_EXAMPLE_H
