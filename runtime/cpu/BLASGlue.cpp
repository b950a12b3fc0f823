//===- BLASGlue.cpp - CBLAS calls for compiled contractions ---------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The `scanjit_blas_*` functions convert-linalg-to-blas calls (see
// RuntimeABI.h). Each takes memref descriptors of any strides, accumulates
// into its output like the linalg op it replaces, and calls OpenBLAS when
// the operands have a layout BLAS accepts (unit stride along one dimension
// of each matrix, positive vector strides); otherwise it runs a plain loop.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Runtime/RuntimeABI.h"

#include <cblas.h>

#include <algorithm>
#include <cstdint>

using scanjit::runtime::MemRefDescriptor;

namespace {

/// The CBLAS routines of one element type.
template <typename T>
struct Cblas;

template <>
struct Cblas<float> {
  static constexpr auto gemm = cblas_sgemm;
  static constexpr auto gemv = cblas_sgemv;
  static constexpr auto dot = cblas_sdot;
};

template <>
struct Cblas<double> {
  static constexpr auto gemm = cblas_dgemm;
  static constexpr auto gemv = cblas_dgemv;
  static constexpr auto dot = cblas_ddot;
};

/// A strided matrix as BLAS sees it: a row-major array with a leading
/// dimension, possibly to be read transposed.
struct BlasMatrix {
  CBLAS_TRANSPOSE trans;
  int64_t ld;
};

/// Describes the [rows, cols] matrix with `strides` as a row-major BLAS
/// operand, if it is one: unit stride along the columns (row-major) or the
/// rows (column-major, read transposed).
template <typename T>
bool asBlasMatrix(const MemRefDescriptor<T, 2> &m, BlasMatrix &out) {
  int64_t rows = m.sizes[0], cols = m.sizes[1];
  // A dimension of size 1 may carry any stride.
  int64_t rowStride = rows == 1 ? std::max<int64_t>(cols, 1) : m.strides[0];
  int64_t colStride = cols == 1 ? 1 : m.strides[1];
  if (colStride == 1 && rowStride >= std::max<int64_t>(cols, 1)) {
    out = {CblasNoTrans, rowStride};
    return true;
  }
  rowStride = rows == 1 ? 1 : m.strides[0];
  colStride = cols == 1 ? std::max<int64_t>(rows, 1) : m.strides[1];
  if (rowStride == 1 && colStride >= std::max<int64_t>(rows, 1)) {
    out = {CblasTrans, colStride};
    return true;
  }
  return false;
}

/// The stride BLAS takes for a vector, if it takes this one.
template <typename T>
bool asBlasVector(const MemRefDescriptor<T, 1> &v, int64_t &inc) {
  inc = v.sizes[0] <= 1 ? 1 : v.strides[0];
  return inc > 0;
}

template <typename T>
T &at(const MemRefDescriptor<T, 2> &m, int64_t i, int64_t j) {
  return m.data()[i * m.strides[0] + j * m.strides[1]];
}

template <typename T>
T &at(const MemRefDescriptor<T, 1> &v, int64_t i) {
  return v.data()[i * v.strides[0]];
}

/// C[M,N] += A[M,K] B[K,N]; with `overwrite`, C = A B (C's old values,
/// NaN included, are not read).
template <typename T>
void matmul(const MemRefDescriptor<T, 2> &a, const MemRefDescriptor<T, 2> &b,
            const MemRefDescriptor<T, 2> &c, bool overwrite) {
  int64_t m = a.sizes[0], k = a.sizes[1], n = b.sizes[1];
  if (overwrite && k == 0)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        at(c, i, j) = T(0);
  if (m == 0 || n == 0 || k == 0)
    return;
  BlasMatrix ma, mb, mc;
  if (asBlasMatrix(a, ma) && asBlasMatrix(b, mb) && asBlasMatrix(c, mc) &&
      mc.trans == CblasNoTrans) {
    Cblas<T>::gemm(CblasRowMajor, ma.trans, mb.trans, m, n, k, T(1), a.data(),
                   ma.ld, b.data(), mb.ld, overwrite ? T(0) : T(1), c.data(),
                   mc.ld);
    return;
  }
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      T sum = overwrite ? T(0) : at(c, i, j);
      for (int64_t l = 0; l < k; ++l)
        sum += at(a, i, l) * at(b, l, j);
      at(c, i, j) = sum;
    }
}

/// y += op(A) x, where op(A) is A [M,N] (`transposed` false) or its
/// transpose; with `overwrite`, y = op(A) x.
template <typename T>
void gemv(const MemRefDescriptor<T, 2> &a, bool transposed,
          const MemRefDescriptor<T, 1> &x, const MemRefDescriptor<T, 1> &y,
          bool overwrite) {
  int64_t rows = a.sizes[0], cols = a.sizes[1];
  if (overwrite && (rows == 0 || cols == 0))
    for (int64_t i = 0; i < y.sizes[0]; ++i)
      at(y, i) = T(0);
  if (rows == 0 || cols == 0)
    return;
  BlasMatrix ma;
  int64_t incx, incy;
  if (asBlasMatrix(a, ma) && asBlasVector(x, incx) && asBlasVector(y, incy)) {
    // A column-major A is its row-major transpose S: A x = S^T x.
    bool readTransposed = transposed != (ma.trans == CblasTrans);
    int64_t storedRows = ma.trans == CblasTrans ? cols : rows;
    int64_t storedCols = ma.trans == CblasTrans ? rows : cols;
    Cblas<T>::gemv(CblasRowMajor, readTransposed ? CblasTrans : CblasNoTrans,
                   storedRows, storedCols, T(1), a.data(), ma.ld, x.data(),
                   incx, overwrite ? T(0) : T(1), y.data(), incy);
    return;
  }
  int64_t outer = transposed ? cols : rows, inner = transposed ? rows : cols;
  for (int64_t i = 0; i < outer; ++i) {
    T sum = overwrite ? T(0) : at(y, i);
    for (int64_t j = 0; j < inner; ++j)
      sum += (transposed ? at(a, j, i) : at(a, i, j)) * at(x, j);
    at(y, i) = sum;
  }
}

/// r += x . y.
template <typename T>
void dot(const MemRefDescriptor<T, 1> &x, const MemRefDescriptor<T, 1> &y,
         const MemRefDescriptor<T, 0> &r) {
  int64_t n = x.sizes[0], incx, incy;
  if (asBlasVector(x, incx) && asBlasVector(y, incy)) {
    *r.data() += Cblas<T>::dot(n, x.data(), incx, y.data(), incy);
    return;
  }
  T sum = *r.data();
  for (int64_t i = 0; i < n; ++i)
    sum += at(x, i) * at(y, i);
  *r.data() = sum;
}

} // namespace

#define SCANJIT_DEFINE_BLAS_GLUE(T, SUFFIX)                                    \
  extern "C" void _mlir_ciface_scanjit_blas_matmul_##SUFFIX(                   \
      MemRefDescriptor<T, 2> *a, MemRefDescriptor<T, 2> *b,                    \
      MemRefDescriptor<T, 2> *c) {                                             \
    matmul(*a, *b, *c, /*overwrite=*/false);                                   \
  }                                                                            \
  extern "C" void _mlir_ciface_scanjit_blas_matmul_overwrite_##SUFFIX(         \
      MemRefDescriptor<T, 2> *a, MemRefDescriptor<T, 2> *b,                    \
      MemRefDescriptor<T, 2> *c) {                                             \
    matmul(*a, *b, *c, /*overwrite=*/true);                                    \
  }                                                                            \
  extern "C" void _mlir_ciface_scanjit_blas_matvec_##SUFFIX(                   \
      MemRefDescriptor<T, 2> *a, MemRefDescriptor<T, 1> *x,                    \
      MemRefDescriptor<T, 1> *y) {                                             \
    gemv(*a, /*transposed=*/false, *x, *y, /*overwrite=*/false);               \
  }                                                                            \
  extern "C" void _mlir_ciface_scanjit_blas_matvec_overwrite_##SUFFIX(         \
      MemRefDescriptor<T, 2> *a, MemRefDescriptor<T, 1> *x,                    \
      MemRefDescriptor<T, 1> *y) {                                             \
    gemv(*a, /*transposed=*/false, *x, *y, /*overwrite=*/true);                \
  }                                                                            \
  extern "C" void _mlir_ciface_scanjit_blas_vecmat_##SUFFIX(                   \
      MemRefDescriptor<T, 1> *x, MemRefDescriptor<T, 2> *a,                    \
      MemRefDescriptor<T, 1> *y) {                                             \
    gemv(*a, /*transposed=*/true, *x, *y, /*overwrite=*/false);                \
  }                                                                            \
  extern "C" void _mlir_ciface_scanjit_blas_vecmat_overwrite_##SUFFIX(         \
      MemRefDescriptor<T, 1> *x, MemRefDescriptor<T, 2> *a,                    \
      MemRefDescriptor<T, 1> *y) {                                             \
    gemv(*a, /*transposed=*/true, *x, *y, /*overwrite=*/true);                 \
  }                                                                            \
  extern "C" void _mlir_ciface_scanjit_blas_dot_##SUFFIX(                      \
      MemRefDescriptor<T, 1> *x, MemRefDescriptor<T, 1> *y,                    \
      MemRefDescriptor<T, 0> *r) {                                             \
    dot(*x, *y, *r);                                                           \
  }

SCANJIT_DEFINE_BLAS_GLUE(float, f32)
SCANJIT_DEFINE_BLAS_GLUE(double, f64)
