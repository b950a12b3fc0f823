//===- ArrayTest.cpp - Construction and access of host arrays -------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/Array.h"

#include "ErrorMatchers.h"

#include <cmath>

using namespace scanjit;
using scanjit::testing::contains;
using scanjit::testing::errorMessageOf;

namespace {

TEST(ArrayTest, NestedListsGiveShapeAndDType) {
  Array vector{1.0, 2.0, 3.0};
  EXPECT_EQ(vector.dtype(), DType::F64);
  EXPECT_EQ(vector.shape(), (Shape{3}));
  EXPECT_EQ(vector.strides(), (Shape{1}));
  EXPECT_TRUE(vector.ownsData());
  EXPECT_EQ(vector.at<double>({2}), 3.0);

  Array matrix({{1, 2, 3}, {4, 5, 6}});
  EXPECT_EQ(matrix.dtype(), DType::I32);
  EXPECT_EQ(matrix.shape(), (Shape{2, 3}));
  EXPECT_EQ(matrix.strides(), (Shape{3, 1}));
  EXPECT_EQ(matrix.at<int32_t>({1, 0}), 4);
  EXPECT_EQ(matrix.at<int32_t>({-1, -1}), 6);

  Array cube({{{1.0f, 2.0f}}, {{3.0f, 4.0f}}});
  EXPECT_EQ(cube.dtype(), DType::F32);
  EXPECT_EQ(cube.shape(), (Shape{2, 1, 2}));
  EXPECT_EQ(cube.at<float>({1, 0, 1}), 4.0f);

  Array longs{int64_t{1}, int64_t{-2}};
  EXPECT_EQ(longs.dtype(), DType::I64);
  Array flags{true, false};
  EXPECT_EQ(flags.dtype(), DType::Bool);
  EXPECT_EQ(flags.toVector<bool>(), (std::vector<bool>{true, false}));
}

TEST(ArrayTest, NestedListsConvertToARequestedDType) {
  Array matrix({{1, 0}, {0, 1}}, DType::F64);
  EXPECT_EQ(matrix.dtype(), DType::F64);
  EXPECT_EQ(matrix.toVector<double>(), (std::vector<double>{1, 0, 0, 1}));
  Array truncated({1.5, -2.5}, DType::I64);
  EXPECT_EQ(truncated.toVector<int64_t>(), (std::vector<int64_t>{1, -2}));
  EXPECT_EQ(errorMessageOf([] { Array({1e20}, DType::I32); }),
            "cannot convert 1e+20 to i32: out of range");
}

TEST(ArrayTest, RaggedListsAreRejected) {
  EXPECT_EQ(errorMessageOf([] {
              Array({{1, 2}, {3}});
            }),
            "ragged nested list: row #1 has 1 elements but row #0 has 2");
  EXPECT_EQ(errorMessageOf([] {
              Array({{{1}, {2}}, {{3}}});
            }),
            "ragged nested list: plane #1 has 1 elements but plane #0 has 2");
}

TEST(ArrayTest, Scalars) {
  Array half = Array::scalar(2.5);
  EXPECT_EQ(half.rank(), 0);
  EXPECT_EQ(half.size(), 1);
  EXPECT_EQ(half.at<double>({}), 2.5);
  Array steps = Array::scalar(7);
  EXPECT_EQ(steps.dtype(), DType::I32);
  Array converted = Array::scalar(3, DType::F32);
  EXPECT_EQ(converted.at<float>({}), 3.0f);
  EXPECT_EQ(Array::scalar(true).at<bool>({}), true);
  EXPECT_EQ(converted.typeString(), "f32[]");
}

TEST(ArrayTest, Factories) {
  EXPECT_EQ(Array::zeros(DType::F32, {2, 2}).toVector<float>(),
            (std::vector<float>{0, 0, 0, 0}));
  EXPECT_EQ(Array::ones(DType::I64, {3}).toVector<int64_t>(),
            (std::vector<int64_t>{1, 1, 1}));
  EXPECT_EQ(Array::full(DType::F64, {2}, 0.25).toVector<double>(),
            (std::vector<double>{0.25, 0.25}));
  EXPECT_TRUE(
      arrayEqual(Array::eye(DType::F64, 2), Array({{1.0, 0.0}, {0.0, 1.0}})));
  EXPECT_EQ(Array::arange(4).toVector<int64_t>(),
            (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(Array::arange(4).dtype(), DType::I64);
  EXPECT_EQ(Array::arange(0.0, 1.0, 0.25).toVector<double>(),
            (std::vector<double>{0, 0.25, 0.5, 0.75}));
  EXPECT_EQ(Array::arange(3, DType::Bool).toVector<bool>(),
            (std::vector<bool>{false, true, true}));
  Array empty = Array::zeros(DType::F64, {0, 3});
  EXPECT_EQ(empty.size(), 0);
  EXPECT_TRUE(empty.isContiguous());
  EXPECT_EQ(errorMessageOf([] {
              Array::zeros(DType::F64, {2, -1});
            }),
            "invalid shape [2, -1]: sizes must not be negative");
}

TEST(ArrayTest, ViewsShareUserMemory) {
  double data[6] = {1, 2, 3, 4, 5, 6};
  Array view = Array::view(data, {2, 3});
  EXPECT_FALSE(view.ownsData());
  EXPECT_TRUE(view.isContiguous());
  view.at<double>({0, 1}) = 20;
  EXPECT_EQ(data[1], 20);

  // The transpose, through strides: not contiguous.
  Array transposed = Array::view(data, {3, 2}, {1, 3});
  EXPECT_FALSE(transposed.isContiguous());
  EXPECT_EQ(transposed.toVector<double>(),
            (std::vector<double>{1, 4, 20, 5, 3, 6}));
  Array copy = transposed.contiguous();
  EXPECT_TRUE(copy.isContiguous());
  EXPECT_TRUE(copy.ownsData());
  EXPECT_TRUE(arrayEqual(copy, transposed));
  data[0] = -1;
  EXPECT_EQ(copy.at<double>({0, 0}), 1);

  // Copies of an Array share its buffer; clone() does not.
  Array shared = copy;
  Array cloned = copy.clone();
  shared.at<double>({0, 0}) = 100;
  EXPECT_EQ(copy.at<double>({0, 0}), 100);
  EXPECT_EQ(cloned.at<double>({0, 0}), 1);
}

TEST(ArrayTest, AccessIsChecked) {
  Array matrix({{1.0, 2.0}, {3.0, 4.0}});
  EXPECT_EQ(errorMessageOf([&] {
              matrix.at<float>({0, 0});
            }),
            "cannot access the elements of a f64[2, 2] array as f32");
  EXPECT_EQ(errorMessageOf([&] {
              matrix.at<double>({2, 0});
            }),
            "index 2 is out of bounds for dimension 0 of size 2");
  EXPECT_EQ(errorMessageOf([&] { matrix.at<double>({0}); }),
            "an index with 1 entries cannot address an array of rank 2");
  EXPECT_EQ(errorMessageOf([&] { matrix.data<int32_t>(); }),
            "cannot access the elements of a f64[2, 2] array as i32");
  EXPECT_EQ(errorMessageOf([&] { matrix.dim(2); }),
            "dimension 2 is out of range for an array of rank 2");
}

TEST(ArrayTest, AstypeConvertsAndChecksRange) {
  Array values{0.5, -1.5, 2.0};
  EXPECT_EQ(values.astype(DType::I32).toVector<int32_t>(),
            (std::vector<int32_t>{0, -1, 2}));
  EXPECT_EQ(values.astype(DType::Bool).toVector<bool>(),
            (std::vector<bool>{true, true, true}));
  EXPECT_EQ(errorMessageOf([] { Array{NAN}.astype(DType::I64); }),
            "cannot convert nan to i64: out of range");
  EXPECT_EQ(errorMessageOf([] { Array{int64_t{1} << 40}.astype(DType::I32); }),
            "cannot convert 1099511627776 to i32: out of range");
}

TEST(ArrayTest, EqualityHelpers) {
  Array a{1.0, 2.0};
  EXPECT_TRUE(arrayEqual(a, Array{1.0, 2.0}));
  EXPECT_FALSE(arrayEqual(a, Array{1.0f, 2.0f}));
  EXPECT_FALSE(arrayEqual(a, Array({{1.0, 2.0}})));
  EXPECT_FALSE(arrayEqual(Array{NAN}, Array{NAN}));
  EXPECT_TRUE(allClose(a, Array{1.0f, 2.0f}));
  EXPECT_TRUE(allClose(a, Array{1.0 + 1e-9, 2.0}));
  EXPECT_FALSE(allClose(a, Array{1.001, 2.0}));
  EXPECT_TRUE(allClose(a, Array{1.001, 2.0}, 0, 1e-2));
  EXPECT_TRUE(allClose(Array{INFINITY}, Array{INFINITY}));
}

// Sizes that overflow (issue 10): zeros(2^61) of f64 was a 64-byte buffer.
TEST(ArrayTest, HugeShapesAreErrorsNotSmallBuffers) {
  EXPECT_TRUE(contains(
      errorMessageOf([] { Array::zeros(DType::F64, {int64_t{1} << 61}); }),
      "cannot allocate an array of shape [2305843009213693952] of f64: its "
      "size overflows 64 bits"));
  EXPECT_TRUE(contains(errorMessageOf([] {
                         Array::zeros(DType::F32,
                                      {int64_t{1} << 32, int64_t{1} << 32});
                       }),
                       "too many elements"));
  EXPECT_TRUE(contains(errorMessageOf([] {
                         Array::zeros(DType::F64, {int64_t{1} << 50});
                       }),
                       "cannot allocate 9007199254740992 bytes"));
  EXPECT_TRUE(contains(
      errorMessageOf([] { Array::arange(0.0, 1e300, 1.0, DType::F64); }),
      "do not fit in an array"));
}

} // namespace
