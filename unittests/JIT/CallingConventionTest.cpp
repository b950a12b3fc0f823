//===- CallingConventionTest.cpp - Packing arguments, adopting results ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Drives lib/JIT's calling convention with hand-written packed entry points
// that return what compiled code may return: a fresh runtime buffer, an
// argument's buffer, one buffer twice, a constant global, a strided view;
// and checks that each result is owned exactly once (the sanitizer build
// catches leaks and double frees).
//
//===----------------------------------------------------------------------===//

#include "CallingConvention.h"

#include "ErrorMatchers.h"

#include "scanjit/Runtime/CPURuntime.h"

#include <cstdlib>
#include <cstring>

using namespace scanjit;
using namespace scanjit::detail;
using scanjit::runtime::MemRefDescriptor;
using scanjit::testing::errorMessageOf;

namespace {

ValueType memref(DType dtype, Shape shape) {
  ValueType type;
  type.isMemRef = true;
  type.dtype = dtype;
  type.shape = std::move(shape);
  type.typeName = "memref";
  return type;
}

ValueType scalar(ScalarKind kind, DType dtype) {
  ValueType type;
  type.scalarKind = kind;
  type.dtype = dtype;
  type.typeName = "scalar";
  return type;
}

FunctionInfo makeInfo(std::vector<ValueType> arguments,
                      std::vector<ValueType> results) {
  FunctionInfo info;
  info.name = "fake";
  info.arguments = std::move(arguments);
  info.results = std::move(results);
  computeCallLayout(info);
  return info;
}

using Vector = MemRefDescriptor<double, 1>;

/// A fresh rank-1 buffer of `n` doubles holding `value`, from the heap
/// of compiled code.
Vector freshVector(int64_t n, double value) {
  auto *data = static_cast<double *>(
      _mlir_memref_to_llvm_alloc(n * sizeof(double)));
  for (int64_t i = 0; i < n; ++i)
    data[i] = value;
  return Vector{data, data, 0, {n}, {1}};
}

/// Returns its argument (x) -> x.
void returnsArgument(void **arguments) {
  auto *result = *static_cast<Vector **>(arguments[0]);
  auto *argument = *static_cast<Vector **>(arguments[1]);
  *result = *argument;
}

/// Returns one fresh buffer twice () -> (x, x).
void returnsOneBufferTwice(void **arguments) {
  auto *results = *static_cast<Vector **>(arguments[0]);
  results[0] = freshVector(3, 7.0);
  results[1] = results[0];
}

const double kGlobal[2] = {4.0, 5.0};

/// Returns a constant global, as finalize-memref-to-llvm marks them.
void returnsGlobal(void **arguments) {
  auto *result = *static_cast<Vector **>(arguments[0]);
  *result =
      Vector{reinterpret_cast<double *>(static_cast<uintptr_t>(0xdeadbeef)),
             const_cast<double *>(kGlobal),
             0,
             {2},
             {1}};
}

/// Returns the odd elements of a fresh buffer of 6: offset 1, stride 2.
void returnsStridedView(void **arguments) {
  auto *result = *static_cast<Vector **>(arguments[0]);
  Vector buffer = freshVector(6, 0.0);
  for (int i = 0; i < 6; ++i)
    buffer.aligned[i] = i;
  *result = Vector{buffer.allocated, buffer.aligned, 1, {3}, {2}};
}

/// Allocates a result, then reports a run-time error.
void failsAfterAllocating(void **arguments) {
  auto *result = *static_cast<Vector **>(arguments[0]);
  *result = freshVector(4, 1.0);
  scanjit_rt_error(static_cast<int32_t>(runtime::ErrorCode::NegativeNSteps), -1,
                   0, 0);
}

/// (i1, i32, index, f32, f64) -> f64 returned by value: their sum.
void sumsScalars(void **arguments) {
  uint8_t flag;
  int32_t i32;
  int64_t index;
  float f32;
  double f64;
  std::memcpy(&flag, arguments[0], sizeof(flag));
  std::memcpy(&i32, arguments[1], sizeof(i32));
  std::memcpy(&index, arguments[2], sizeof(index));
  std::memcpy(&f32, arguments[3], sizeof(f32));
  std::memcpy(&f64, arguments[4], sizeof(f64));
  double sum = flag + i32 + static_cast<double>(index) + f32 + f64;
  std::memcpy(arguments[5], &sum, sizeof(sum));
}

TEST(CallingConventionTest, AResultAliasingAnArgumentIsCopied) {
  FunctionInfo info =
      makeInfo({memref(DType::F64, {-1})}, {memref(DType::F64, {-1})});
  Array argument{1.0, 2.0, 3.0};
  std::vector<Array> results = callPacked(info, returnsArgument, {argument});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(arrayEqual(results[0], argument));
  EXPECT_NE(results[0].data(), argument.data());
  EXPECT_TRUE(results[0].ownsData());
}

TEST(CallingConventionTest, ABufferReturnedTwiceIsOwnedOnce) {
  FunctionInfo info =
      makeInfo({}, {memref(DType::F64, {-1}), memref(DType::F64, {-1})});
  std::vector<Array> results = callPacked(info, returnsOneBufferTwice, {});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(arrayEqual(results[0], Array{7.0, 7.0, 7.0}));
  EXPECT_TRUE(arrayEqual(results[1], Array{7.0, 7.0, 7.0}));
  EXPECT_NE(results[0].data(), results[1].data());
}

TEST(CallingConventionTest, AGlobalIsCopied) {
  FunctionInfo info = makeInfo({}, {memref(DType::F64, {2})});
  std::vector<Array> results = callPacked(info, returnsGlobal, {});
  EXPECT_TRUE(arrayEqual(results[0], Array{4.0, 5.0}));
  EXPECT_NE(results[0].data(), static_cast<const void *>(kGlobal));
}

TEST(CallingConventionTest, AStridedResultKeepsItsLayout) {
  FunctionInfo info = makeInfo({}, {memref(DType::F64, {-1})});
  std::vector<Array> results = callPacked(info, returnsStridedView, {});
  EXPECT_EQ(results[0].strides(), (Shape{2}));
  EXPECT_FALSE(results[0].isContiguous());
  EXPECT_TRUE(arrayEqual(results[0], Array{1.0, 3.0, 5.0}));
}

TEST(CallingConventionTest, RunTimeErrorsFreeTheResults) {
  FunctionInfo info = makeInfo({}, {memref(DType::F64, {-1})});
  EXPECT_EQ(errorMessageOf([&] { callPacked(info, failsAfterAllocating, {}); }),
            "@fake: scan: n_steps (-1) is negative");
  EXPECT_FALSE(runtime::hasPendingError());
}

TEST(CallingConventionTest, ScalarsCrossByValue) {
  FunctionInfo info = makeInfo({scalar(ScalarKind::I1, DType::Bool),
                                scalar(ScalarKind::I32, DType::I32),
                                scalar(ScalarKind::Index, DType::I64),
                                scalar(ScalarKind::F32, DType::F32),
                                scalar(ScalarKind::F64, DType::F64)},
                               {scalar(ScalarKind::F64, DType::F64)});
  EXPECT_FALSE(info.resultsThroughPointer);
  std::vector<Array> results = callPacked(
      info, sumsScalars,
      {Array::scalar(true), Array::scalar(int64_t{20}), Array::scalar(300),
       Array::scalar(0.5f), Array::scalar(0.25)});
  EXPECT_TRUE(arrayEqual(results[0], Array::scalar(321.75)));
}

TEST(CallingConventionTest, ResultStructLayout) {
  FunctionInfo info = makeInfo({}, {scalar(ScalarKind::I1, DType::Bool),
                                    memref(DType::F32, {-1, 3}),
                                    scalar(ScalarKind::I32, DType::I32),
                                    scalar(ScalarKind::F64, DType::F64)});
  EXPECT_TRUE(info.resultsThroughPointer);
  // i1 at 0; the rank-2 descriptor (7 words) at 8; i32 at 64; f64 at 72.
  EXPECT_EQ(info.resultOffsets, (std::vector<size_t>{0, 8, 64, 72}));
  EXPECT_EQ(info.resultStructSize, 80u);
}

} // namespace
