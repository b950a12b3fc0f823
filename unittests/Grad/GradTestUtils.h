//===- GradTestUtils.h - Gradients against finite differences ---*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_UNITTESTS_GRAD_GRADTESTUTILS_H
#define SCANJIT_UNITTESTS_GRAD_GRADTESTUTILS_H

#include "FrontendTestUtils.h"

#include "scanjit/ScanJIT.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>
#include <vector>

namespace scanjit::testing {

/// An f64 array of `shape` with values spread over [lo, hi] (a fixed,
/// irregular pattern: no two neighbours equal, no symmetry to hide a
/// transposed gradient).
inline Array spread(const Shape &shape, double lo, double hi,
                    unsigned salt = 0) {
  Array array = Array::zeros(DType::F64, shape);
  double *values = array.data<double>();
  for (int64_t i = 0; i < array.size(); ++i) {
    double fraction = std::fmod(
        0.618033988749895 * static_cast<double>(i + 1 + 7 * salt), 1.0);
    values[i] = lo + (hi - lo) * fraction;
  }
  return array;
}

/// Whether `analytic[k]`, the gradient of `cost` (an f64 scalar of the
/// arguments) with respect to `arguments[wrt[k]]`, matches central finite
/// differences of `cost` at `arguments`, element by element.
inline ::testing::AssertionResult matchesDifferencesOf(
    const std::function<double(const std::vector<Array> &)> &cost,
    const std::vector<Array> &analytic, const std::vector<Array> &arguments,
    const std::vector<size_t> &wrt, double tolerance = 1e-6) {
  if (analytic.size() != wrt.size())
    return ::testing::AssertionFailure()
           << analytic.size() << " gradients for " << wrt.size() << " inputs";
  const double step = 1e-6;
  for (size_t k = 0; k < wrt.size(); ++k) {
    const Array &at = arguments[wrt[k]];
    if (analytic[k].shape() != at.shape())
      return ::testing::AssertionFailure()
             << "gradient #" << k << " has shape "
             << formatShape(analytic[k].shape()) << ", its input "
             << formatShape(at.shape());
    std::vector<double> computed = analytic[k].toVector<double>();
    for (int64_t element = 0; element < at.size(); ++element) {
      auto evaluate = [&](double delta) {
        std::vector<Array> moved = arguments;
        moved[wrt[k]] = at.clone();
        moved[wrt[k]].data<double>()[element] += delta;
        return cost(moved);
      };
      double quotient = (evaluate(step) - evaluate(-step)) / (2 * step);
      double error = std::abs(quotient - computed[element]);
      if (!(error <= tolerance * std::max(1.0, std::abs(quotient))))
        return ::testing::AssertionFailure()
               << "d cost / d input #" << wrt[k] << "[" << element << "] is "
               << computed[element] << ", finite differences give " << quotient
               << "\ngradient: " << analytic[k];
    }
  }
  return ::testing::AssertionSuccess();
}

/// Whether grad(cost, the inputs `wrt`) of the graph matches central finite
/// differences of the compiled cost at `arguments`.
inline ::testing::AssertionResult
matchesFiniteDifferences(const std::vector<Var> &inputs, const Var &cost,
                         const std::vector<size_t> &wrt,
                         const std::vector<Array> &arguments,
                         double tolerance = 1e-6) {
  std::vector<Var> wrtVars;
  for (size_t index : wrt)
    wrtVars.push_back(inputs[index]);
  Function value = function(inputs, {cost});
  Function gradient = function(inputs, grad(cost, wrtVars));
  return matchesDifferencesOf(
      [&](const std::vector<Array> &moved) {
        return value(moved)[0].toVector<double>()[0];
      },
      gradient(arguments), arguments, wrt, tolerance);
}

} // namespace scanjit::testing

#endif // SCANJIT_UNITTESTS_GRAD_GRADTESTUTILS_H
