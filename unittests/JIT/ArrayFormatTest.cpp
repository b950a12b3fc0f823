//===- ArrayFormatTest.cpp - Arrays printed as NumPy prints them ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Each expected string is what print(numpy_array) shows for the same values
// with NumPy's default print options.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/ArrayFormat.h"

#include "gtest/gtest.h"

#include <cmath>
#include <sstream>

using namespace scanjit;

namespace {

const double nan = std::nan("");
const double inf = HUGE_VAL;

TEST(ArrayFormatTest, FloatsShareOneLayout) {
  EXPECT_EQ(formatArray(Array{1.0, 2.0, 3.0}), "[1. 2. 3.]");
  EXPECT_EQ(formatArray(Array{0.5, -4.0, 0.0}), "[ 0.5 -4.   0. ]");
  EXPECT_EQ(formatArray(Array{100.5, 2.25}), "[100.5    2.25]");
  // np.tanh([[2., 3.], [-1., 0.5]])
  EXPECT_EQ(formatArray(Array({{std::tanh(2.0), std::tanh(3.0)},
                               {std::tanh(-1.0), std::tanh(0.5)}})),
            "[[ 0.96402758  0.99505475]\n"
            " [-0.76159416  0.46211716]]");
  // At most 8 digits after the point, rounded.
  EXPECT_EQ(formatArray(Array{0.123456789012}), "[0.12345679]");
  // float32 values print their own shortest digits.
  EXPECT_EQ(formatArray(Array{0.1f, 1.0f / 3.0f}), "[0.1        0.33333334]");
}

TEST(ArrayFormatTest, ScientificWhenMagnitudesCallForIt) {
  EXPECT_EQ(formatArray(Array{1e-5, 1.0}), "[1.e-05 1.e+00]");
  EXPECT_EQ(formatArray(Array{1.5e-5, 1.0}), "[1.5e-05 1.0e+00]");
  EXPECT_EQ(formatArray(Array{1e10, -1.0}), "[ 1.e+10 -1.e+00]");
  EXPECT_EQ(formatArray(Array{1e100, 1.0}), "[1.e+100 1.e+000]");
}

TEST(ArrayFormatTest, NonFiniteValues) {
  EXPECT_EQ(formatArray(Array{nan, 1.0, -inf}), "[ nan   1. -inf]");
  EXPECT_EQ(formatArray(Array{nan, inf}), "[nan inf]");
}

TEST(ArrayFormatTest, IntegersAndBooleansAlignRight) {
  EXPECT_EQ(formatArray(Array{1, -20, 300}), "[  1 -20 300]");
  EXPECT_EQ(formatArray(Array({{1, 0}, {0, 1}})), "[[1 0]\n [0 1]]");
  EXPECT_EQ(formatArray(Array{true, false}), "[ True False]");
}

TEST(ArrayFormatTest, RankZeroPrintsTheScalar) {
  EXPECT_EQ(formatArray(Array::scalar(2.5)), "2.5");
  EXPECT_EQ(formatArray(Array::scalar(1.0)), "1.0");
  EXPECT_EQ(formatArray(Array::scalar(1e-5)), "1e-05");
  EXPECT_EQ(formatArray(Array::scalar(0.1f)), "0.1");
  EXPECT_EQ(formatArray(Array::scalar(int64_t{-7})), "-7");
  EXPECT_EQ(formatArray(Array::scalar(true)), "True");
}

TEST(ArrayFormatTest, HigherRanksAndEmptyArrays) {
  EXPECT_EQ(formatArray(Array({{{0, 1}, {2, 3}}, {{4, 5}, {6, 7}}})),
            "[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]");
  EXPECT_EQ(formatArray(Array::zeros(DType::F64, {0})), "[]");
  EXPECT_EQ(formatArray(Array::zeros(DType::F64, {2, 0})), "[]");
}

TEST(ArrayFormatTest, LongLinesWrapAt75Columns) {
  // np.arange(30.)
  EXPECT_EQ(formatArray(Array::arange(0, 30, 1)),
            "[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. "
            "16. 17.\n"
            " 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.]");
}

TEST(ArrayFormatTest, LargeArraysAreSummarized) {
  // np.arange(2000)
  EXPECT_EQ(formatArray(Array::arange(2000)),
            "[   0    1    2 ... 1997 1998 1999]");
  // np.zeros((1001, 2))
  EXPECT_EQ(formatArray(Array::zeros(DType::F64, {1001, 2})),
            "[[0. 0.]\n [0. 0.]\n [0. 0.]\n ...\n [0. 0.]\n [0. 0.]\n"
            " [0. 0.]]");
}

TEST(ArrayFormatTest, StreamOperator) {
  std::ostringstream os;
  os << Array{1.5, 2.0};
  EXPECT_EQ(os.str(), "[1.5 2. ]");
}

} // namespace
