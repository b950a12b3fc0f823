//===- CommandLine.h - Arrays on a tool's command line ----------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// What scan-run and scan-exec share: an argument given as a .npy path or a
// literal, results printed NumPy-style and written as .npy files, timing.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_ARRAY_COMMANDLINE_H
#define SCANJIT_ARRAY_COMMANDLINE_H

#include "scanjit/Array/Array.h"

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace scanjit {

/// Argument #`index` given as `spec`: a path ending in .npy, or a literal
/// ("[[1,0],[0,1]]:f64", "3:i32"). Throws scanjit::Error naming the argument.
Array readArgumentSpec(const std::string &spec, size_t index);

/// Prints each result as "result #i: f64[2, 2]" and its values.
void printResults(const std::vector<Array> &results, std::ostream &os);

/// Writes result #i to `directory`/result<i>.npy, creating the directory.
void writeResultsToNpy(const std::vector<Array> &results,
                       const std::string &directory);

/// Compares each result with `directory`/result<i>.npy: the same count,
/// dtypes and shapes, and values within `atol + rtol * |expected|` (floats;
/// NaNs equal NaNs) or equal (integers, bools). Returns a description of the
/// first mismatch, or "" when all match.
std::string compareWithNpy(const std::vector<Array> &results,
                           const std::string &directory, double rtol,
                           double atol);

/// Calls `call` `calls` times and prints "time: X us per call (mean of N
/// calls)".
void printMeanCallTime(const std::function<void()> &call, int64_t calls,
                       std::ostream &os);

} // namespace scanjit

#endif // SCANJIT_ARRAY_COMMANDLINE_H
