//===- FrontendTestUtils.h - Helpers of the frontend's tests ----*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_UNITTESTS_FRONTEND_FRONTENDTESTUTILS_H
#define SCANJIT_UNITTESTS_FRONTEND_FRONTENDTESTUTILS_H

#include "ErrorMatchers.h"

#include "scanjit/ScanJIT.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

namespace scanjit::testing {

/// Compiles `outputs` of `inputs` and calls the function once.
inline std::vector<Array> evaluate(const std::vector<Var> &inputs,
                                   const std::vector<Var> &outputs,
                                   const std::vector<Array> &arguments) {
  return function(inputs, outputs)(arguments);
}

/// Passes when `actual` has `shape` and its elements, as doubles, are
/// within `tolerance` of `expected` (C order).
inline ::testing::AssertionResult
matches(const Array &actual, const Shape &shape,
        const std::vector<double> &expected, double tolerance = 1e-12) {
  if (actual.shape() != shape)
    return ::testing::AssertionFailure()
           << "shape " << formatShape(actual.shape()) << ", expected "
           << formatShape(shape);
  std::vector<double> values = actual.toVector<double>();
  for (size_t i = 0; i < values.size(); ++i)
    if (!(std::abs(values[i] - expected[i]) <= tolerance))
      return ::testing::AssertionFailure()
             << "element " << i << " is " << values[i] << ", expected "
             << expected[i] << "\n"
             << actual;
  return ::testing::AssertionSuccess();
}

} // namespace scanjit::testing

#endif // SCANJIT_UNITTESTS_FRONTEND_FRONTENDTESTUTILS_H
