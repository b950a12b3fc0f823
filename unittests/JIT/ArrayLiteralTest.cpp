//===- ArrayLiteralTest.cpp - Arrays written as literals ------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/ArrayLiteral.h"

#include "ErrorMatchers.h"

#include <cmath>
#include <limits>
#include <string>

using namespace scanjit;
using scanjit::testing::errorMessageOf;

namespace {

TEST(ArrayLiteralTest, Scalars) {
  Array half = parseArrayLiteral("2.5:f64");
  EXPECT_EQ(half.typeString(), "f64[]");
  EXPECT_EQ(half.at<double>({}), 2.5);
  EXPECT_EQ(parseArrayLiteral("3:i32").at<int32_t>({}), 3);
  EXPECT_EQ(parseArrayLiteral("-3").typeString(), "i64[]");
  EXPECT_EQ(parseArrayLiteral("+4.").typeString(), "f64[]");
  EXPECT_EQ(parseArrayLiteral("true").typeString(), "bool[]");
  EXPECT_EQ(parseArrayLiteral("1:bool").at<bool>({}), true);
}

TEST(ArrayLiteralTest, NestedLists) {
  EXPECT_TRUE(arrayEqual(parseArrayLiteral("[[1,0],[0,1]]:f64"),
                         Array::eye(DType::F64, 2)));
  EXPECT_TRUE(arrayEqual(parseArrayLiteral(" [ 1 , 2 , 3 ] "),
                         Array{int64_t{1}, int64_t{2}, int64_t{3}}));
  EXPECT_TRUE(arrayEqual(parseArrayLiteral("[1, 2.5]"), Array{1.0, 2.5}));
  EXPECT_TRUE(
      arrayEqual(parseArrayLiteral("[0.1, 1e-3]:f32"), Array{0.1f, 1e-3f}));
  EXPECT_TRUE(arrayEqual(parseArrayLiteral("[[true],[false]]"),
                         Array({{true}, {false}})));
  Array special = parseArrayLiteral("[nan, -inf, inf]");
  EXPECT_EQ(special.dtype(), DType::F64);
  EXPECT_TRUE(std::isnan(special.at<double>({0})));
  EXPECT_EQ(special.at<double>({1}), -HUGE_VAL);
  EXPECT_EQ(parseArrayLiteral("[]").typeString(), "f64[0]");
  EXPECT_EQ(parseArrayLiteral("[[], []]:i32").typeString(), "i32[2, 0]");
  EXPECT_EQ(parseArrayLiteral("[[[1]],[[2]]]:i64").typeString(),
            "i64[2, 1, 1]");
}

TEST(ArrayLiteralTest, Errors) {
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral("[1,2"); }),
            "invalid array literal '[1,2': expected ',' or ']' at column 5");
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral("[1,x]"); }),
            "invalid array literal '[1,x]': 'x' is not a number at column 4");
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral("[1,2]:f16"); }),
            "invalid array literal '[1,2]:f16': unknown dtype 'f16' (expected "
            "f32, f64, i32, i64 or bool)");
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral("[[1,2],[3]]"); }),
            "invalid array literal '[[1,2],[3]]': ragged nested list (the "
            "lists at depth 1 must all have 2 elements)");
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral("[1,[2]]"); }),
            "invalid array literal '[1,[2]]': ragged nested list (a list "
            "where a number was expected at depth 1)");
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral("2.5:i32"); }),
            "invalid array literal '2.5:i32': 2.5 is not a valid i32");
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral("3000000000:i32"); }),
            "invalid array literal '3000000000:i32': 3000000000 is not a "
            "valid i32");
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral("2:bool"); }),
            "invalid array literal '2:bool': 2 is not a bool (use true, "
            "false, 0 or 1)");
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral("[1] 2"); }),
            "invalid array literal '[1] 2': unexpected '2' at column 5");
  EXPECT_EQ(errorMessageOf([] { parseArrayLiteral(""); }),
            "invalid array literal '': unexpected end, expected a number or "
            "'[' at column 1");
}

TEST(ArrayLiteralTest, FloatsOutOfRangeRoundLikeNumPy) {
  // NumPy: np.array([[1e39, -1e39]], dtype=np.float32) is [[inf, -inf]].
  Array big = parseArrayLiteral("[[1e39,-1e39]]:f32");
  EXPECT_EQ(big.typeString(), "f32[1, 2]");
  EXPECT_EQ(big.at<float>({0, 0}), HUGE_VALF);
  EXPECT_EQ(big.at<float>({0, 1}), -HUGE_VALF);
  EXPECT_EQ(parseArrayLiteral("1e-50:f32").at<float>({}), 0.0f);
  EXPECT_EQ(parseArrayLiteral("1e-40:f32").at<float>({}), 1e-40f);
  EXPECT_EQ(parseArrayLiteral("3.4028235e38:f32").at<float>({}),
            std::numeric_limits<float>::max());
  EXPECT_EQ(parseArrayLiteral("[0.1]:f32").at<float>({0}), 0.1f);
  EXPECT_EQ(parseArrayLiteral("1e400").at<double>({}), HUGE_VAL);
  EXPECT_EQ(parseArrayLiteral("-1e400:f64").at<double>({}), -HUGE_VAL);
  EXPECT_EQ(parseArrayLiteral("1e-400").at<double>({}), 0.0);
  EXPECT_EQ(parseArrayLiteral("-inf:f32").at<float>({}), -HUGE_VALF);
  EXPECT_TRUE(std::isnan(parseArrayLiteral("nan:f32").at<float>({})));
}

TEST(ArrayLiteralTest, DeepNestingIsAnError) {
  // 64 levels are an array of rank 64; one more is an error, and 65,000
  // do not overflow the stack.
  std::string deepest = std::string(64, '[') + "1" + std::string(64, ']');
  EXPECT_EQ(parseArrayLiteral(deepest).shape().size(), 64u);
  std::string tooDeep = std::string(65, '[') + "1" + std::string(65, ']');
  EXPECT_EQ(errorMessageOf([&] { parseArrayLiteral(tooDeep); }),
            "invalid array literal '" + tooDeep +
                "': lists nested deeper than 64 levels (an array has at most "
                "64 dimensions) at column 65");
  std::string hostile = std::string(65000, '[');
  EXPECT_NE(errorMessageOf([&] { parseArrayLiteral(hostile); })
                .find("lists nested deeper than 64 levels"),
            std::string::npos);
}

} // namespace
