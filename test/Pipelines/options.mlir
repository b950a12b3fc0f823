// The CPU pipeline and its stages take typed options; a bad option is an
// error, not an abort.
// RUN: not scan-opt %s --pass-pipeline='builtin.module(scan-to-llvm{blas-min-flops=abc})' 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: 'abc' value invalid
// BAD: failed to add `scan-to-llvm` with options `blas-min-flops=abc`
// RUN: not scan-opt %s --pass-pipeline='builtin.module(scan-lower-to-llvm{no-such-option=1})' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: no such option no-such-option

// A 4x4 matrix-vector product is 16 multiply-adds: loops by default, a BLAS
// call when the threshold is lowered (one that overwrites the output: the
// zeros it was filled with are not written).
// RUN: scan-opt %s --scan-to-llvm | FileCheck %s --check-prefix=LOOPS
// RUN: scan-opt %s --pass-pipeline='builtin.module(scan-to-llvm{blas-min-flops=16})' | FileCheck %s --check-prefix=BLAS
// LOOPS-LABEL: llvm.func @matvec
// LOOPS-NOT: llvm.call @scanjit_blas_matvec
// LOOPS: llvm.return
// BLAS-LABEL: llvm.func @matvec
// BLAS: llvm.call @scanjit_blas_matvec_overwrite_f64
// BLAS: llvm.return
func.func @matvec(%a: tensor<4x4xf64>, %x: tensor<4xf64>) -> tensor<4xf64> {
  %zero = arith.constant 0.0 : f64
  %empty = tensor.empty() : tensor<4xf64>
  %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<4xf64>) -> tensor<4xf64>
  %y = linalg.matvec ins(%a, %x : tensor<4x4xf64>, tensor<4xf64>) outs(%init : tensor<4xf64>) -> tensor<4xf64>
  return %y : tensor<4xf64>
}
