//===- CommandLine.cpp - Arrays on a tool's command line ------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/CommandLine.h"

#include "scanjit/Array/ArrayFormat.h"
#include "scanjit/Array/ArrayLiteral.h"
#include "scanjit/Array/Npy.h"
#include "scanjit/Support/Error.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

scanjit::Array scanjit::readArgumentSpec(const std::string &spec,
                                         size_t index) {
  try {
    if (spec.size() >= 4 && spec.compare(spec.size() - 4, 4, ".npy") == 0)
      return readNpy(spec);
    return parseArrayLiteral(spec);
  } catch (const Error &error) {
    throw Error("--arg #" + std::to_string(index) + ": " + error.what());
  }
}

void scanjit::printResults(const std::vector<Array> &results,
                           std::ostream &os) {
  for (size_t i = 0; i < results.size(); ++i)
    os << "result #" << i << ": " << results[i].typeString() << "\n"
       << formatArray(results[i]) << "\n";
  os.flush();
}

void scanjit::writeResultsToNpy(const std::vector<Array> &results,
                                const std::string &directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    throw Error("cannot create '" + directory + "': " + error.message());
  for (size_t i = 0; i < results.size(); ++i)
    writeNpy((std::filesystem::path(directory) /
              ("result" + std::to_string(i) + ".npy"))
                 .string(),
             results[i]);
}

void scanjit::printMeanCallTime(const std::function<void()> &call,
                                int64_t calls, std::ostream &os) {
  auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < calls; ++i)
    call();
  std::chrono::duration<double, std::micro> elapsed =
      std::chrono::steady_clock::now() - start;
  char line[128];
  std::snprintf(line, sizeof(line),
                "time: %.3f us per call (mean of %lld calls)\n",
                elapsed.count() / static_cast<double>(calls),
                static_cast<long long>(calls));
  os << line;
}

std::string scanjit::compareWithNpy(const std::vector<Array> &results,
                                    const std::string &directory, double rtol,
                                    double atol) {
  for (size_t i = 0;; ++i) {
    std::filesystem::path path = std::filesystem::path(directory) /
                                 ("result" + std::to_string(i) + ".npy");
    bool exists = std::filesystem::exists(path);
    if (i == results.size())
      return exists ? "fewer results than " + directory + " holds" : "";
    if (!exists)
      return "result #" + std::to_string(i) + ": no " + path.string();
    Array expected = readNpy(path.string());
    const Array &actual = results[i];
    std::string which = "result #" + std::to_string(i) + ": ";
    if (expected.typeString() != actual.typeString())
      return which + actual.typeString() + " where " + expected.typeString() +
             " was expected";
    std::vector<double> want = expected.toVector<double>();
    std::vector<double> got = actual.toVector<double>();
    bool exact = !isFloatingPoint(actual.dtype());
    for (size_t k = 0; k < want.size(); ++k) {
      bool same = std::isnan(want[k])
                      ? std::isnan(got[k])
                      : (exact ? got[k] == want[k]
                               : std::fabs(got[k] - want[k]) <=
                                     atol + rtol * std::fabs(want[k]));
      if (!same)
        return which + "element " + std::to_string(k) + " is " +
               std::to_string(got[k]) + ", expected " + std::to_string(want[k]);
    }
  }
}
