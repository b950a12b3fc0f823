//===- DLPackTest.cpp - Arrays in and out of DLPack tensors ---------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Ownership (each deleter runs exactly once, and never for a tensor that was
// refused), strides, dtypes and the tensors ScanJIT refuses. Run under ASan
// too: no leak, no double free.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/DLPack.h"

#include "ErrorMatchers.h"

#include "scanjit/Support/Error.h"

#include <dlpack/dlpack.h>

#include <gtest/gtest.h>

#include <vector>

using namespace scanjit;
using scanjit::testing::errorMessageOf;

namespace {

/// A producer's tensor over `values`, counting its deleter's calls.
struct Producer {
  std::vector<double> values;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  int deleted = 0;
  DLManagedTensor tensor{};

  Producer(std::vector<double> values, std::vector<int64_t> shape,
           std::vector<int64_t> strides = {})
      : values(std::move(values)), shape(std::move(shape)),
        strides(std::move(strides)) {
    DLTensor &dl = tensor.dl_tensor;
    dl.data = this->values.data();
    dl.device = {kDLCPU, 0};
    dl.ndim = static_cast<int32_t>(this->shape.size());
    dl.dtype = {kDLFloat, 64, 1};
    dl.shape = this->shape.data();
    dl.strides = this->strides.empty() ? nullptr : this->strides.data();
    tensor.manager_ctx = this;
    tensor.deleter = [](DLManagedTensor *self) {
      ++static_cast<Producer *>(self->manager_ctx)->deleted;
    };
  }
};

TEST(DLPackTest, ImportViewsTheMemoryAndCallsTheDeleterOnce) {
  Producer producer({1, 2, 3, 4, 5, 6}, {2, 3});
  {
    Array a = fromDLPack(&producer.tensor);
    EXPECT_EQ(a.data(), producer.values.data()); // no copy
    EXPECT_EQ(a.typeString(), "f64[2, 3]");
    EXPECT_EQ(a.at<double>({1, 2}), 6.0);
    Array shared = a; // copies share the tensor
    a = Array();
    EXPECT_EQ(producer.deleted, 0);
    EXPECT_EQ(shared.at<double>({0, 1}), 2.0);
  }
  EXPECT_EQ(producer.deleted, 1);
}

TEST(DLPackTest, ImportHonoursStridesAndTheByteOffset) {
  // The transpose of a 2 x 3 row-major matrix, starting one element in.
  Producer producer({0, 1, 2, 3, 4, 5, 6}, {3, 2}, {1, 3});
  producer.tensor.dl_tensor.byte_offset = sizeof(double);
  Array t = fromDLPack(&producer.tensor);
  EXPECT_FALSE(t.isContiguous());
  EXPECT_EQ(t.toVector<double>(), (std::vector<double>{1, 4, 2, 5, 3, 6}));
}

TEST(DLPackTest, RefusedTensorsStayTheProducers) {
  Producer device({1, 2}, {2});
  device.tensor.dl_tensor.device = {kDLCUDA, 0};
  EXPECT_EQ(errorMessageOf([&] { fromDLPack(&device.tensor); }),
            "DLPack: the tensor is in memory of device type 2, which the CPU "
            "cannot read (copy it to the host first)");
  Producer bytes({1, 2}, {2});
  bytes.tensor.dl_tensor.dtype = {kDLUInt, 8, 1};
  EXPECT_EQ(errorMessageOf([&] { fromDLPack(&bytes.tensor); }),
            "DLPack: type code 1 with 8 bits has no ScanJIT dtype (f32, f64, "
            "i32, i64, bool)");
  Producer vectors({1, 2}, {2});
  vectors.tensor.dl_tensor.dtype = {kDLFloat, 32, 4};
  EXPECT_EQ(errorMessageOf([&] { fromDLPack(&vectors.tensor); }),
            "DLPack: a tensor of 4-lane vectors has no ScanJIT dtype");
  Producer negative({1, 2}, {-2});
  EXPECT_THROW(fromDLPack(&negative.tensor), Error);
  EXPECT_THROW(fromDLPack(nullptr), Error);
  EXPECT_EQ(device.deleted + bytes.deleted + vectors.deleted + negative.deleted,
            0);
}

TEST(DLPackTest, ExportSharesTheBufferUntilTheConsumerDeletes) {
  DLManagedTensor *tensor = nullptr;
  const void *data = nullptr;
  {
    Array a = Array::arange(6, DType::I32);
    data = a.data();
    tensor = toDLPack(a);
  } // the array goes; the tensor keeps the buffer
  const DLTensor &dl = tensor->dl_tensor;
  EXPECT_EQ(dl.data, data);
  EXPECT_EQ(dl.device.device_type, kDLCPU);
  EXPECT_EQ(dl.dtype.code, kDLInt);
  EXPECT_EQ(dl.dtype.bits, 32);
  ASSERT_EQ(dl.ndim, 1);
  EXPECT_EQ(dl.shape[0], 6);
  EXPECT_EQ(dl.strides[0], 1);
  EXPECT_EQ(static_cast<const int32_t *>(dl.data)[5], 5);
  tensor->deleter(tensor); // ASan: no leak, no use after free
}

TEST(DLPackTest, RoundTripsEveryDtypeAndAStridedView) {
  for (DType dtype :
       {DType::F32, DType::F64, DType::I32, DType::I64, DType::Bool}) {
    Array a = Array::full(dtype, {2, 3}, 1);
    Array b = fromDLPack(toDLPack(a));
    EXPECT_EQ(b.typeString(), a.typeString());
    EXPECT_EQ(b.data(), a.data());
  }
  // A column of a row-major matrix: stride 3.
  Array m = Array::arange(0.0, 6.0, 1.0); // [[0 1 2] [3 4 5]] in memory
  Array column = Array::view(static_cast<double *>(m.data()) + 1, {2}, {3});
  Array back = fromDLPack(toDLPack(column));
  EXPECT_EQ(back.strides(), (Shape{3}));
  EXPECT_EQ(back.toVector<double>(), (std::vector<double>{1, 4}));
}

} // namespace
