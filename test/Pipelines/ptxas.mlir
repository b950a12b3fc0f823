// Every kernel the CUDA pipeline emits for these programs is valid PTX:
// ptxas assembles it for sm_80 (A100) and sm_90 (H100, H200).
// REQUIRES: ptxas

// RUN: rm -rf %t && mkdir -p %t
// RUN: scan-opt %s --scan-to-nvvm > %t/sm80.mlir
// RUN: %extract-ptx %t/sm80.mlir %t/sm80 | FileCheck %s
// RUN: for f in %t/sm80/*.ptx; do %ptxas -arch=sm_80 "$f" -o "$f.cubin" || exit 1; done
// RUN: scan-opt %s --scan-to-nvvm="chip=sm_90" > %t/sm90.mlir
// RUN: %extract-ptx %t/sm90.mlir %t/sm90 | FileCheck %s
// RUN: for f in %t/sm90/*.ptx; do %ptxas -arch=sm_90 "$f" -o "$f.cubin" || exit 1; done
// RUN: ls %t/sm90/*.cubin | wc -l | FileCheck %s --check-prefix=COUNT

// CHECK-DAG: rnn_kernel
// CHECK-DAG: cumsum_kernel
// CHECK-DAG: taps_kernel
// COUNT: {{[1-9][0-9]*}}

// The RNN: matrix-vector products, tanh (libdevice-free: expanded).
func.func @rnn(%X: tensor<?x?xf32>, %h0: tensor<1x?xf32>, %W: tensor<?x?xf32>,
               %U: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %r = scan.scan sequences(%X : tensor<?x?xf32>)
      outputs(%h0 : tensor<1x?xf32> -> tensor<?x?xf32>)
      non_sequences(%W : tensor<?x?xf32>, %U : tensor<?x?xf32>, %b : tensor<?xf32>) {
  ^bb0(%x: tensor<?xf32>, %h: tensor<?xf32>, %w: tensor<?x?xf32>,
       %u: tensor<?x?xf32>, %bb: tensor<?xf32>):
    %y1 = linalg.matvec ins(%w, %h : tensor<?x?xf32>, tensor<?xf32>)
        outs(%bb : tensor<?xf32>) -> tensor<?xf32>
    %y2 = linalg.matvec ins(%u, %x : tensor<?x?xf32>, tensor<?xf32>)
        outs(%y1 : tensor<?xf32>) -> tensor<?xf32>
    %t = math.tanh %y2 : tensor<?xf32>
    scan.yield %t : tensor<?xf32>
  }
  return %r : tensor<?x?xf32>
}

// A cumulative sum of vectors in f64, with n_steps.
func.func @cumsum(%n: i32, %x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c1 = arith.constant 1 : index
  %d = tensor.dim %x, %c1 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %init = tensor.splat %zero[%d] : tensor<1x?xf64>
  %r = scan.scan n_steps(%n : i32) sequences(%x : tensor<?x?xf64>)
      outputs(%init : tensor<1x?xf64> -> tensor<?x?xf64>) {
  ^bb0(%xt: tensor<?xf64>, %acc: tensor<?xf64>):
    %s = arith.addf %acc, %xt : tensor<?xf64>
    scan.yield %s : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}

// Taps [-2, -1] with exp and a product: x_t = exp(-x_{t-2}) * x_{t-1}.
func.func @taps(%x0: tensor<2x?xf32>, %n: i64) -> tensor<?x?xf32> {
  %r = scan.scan n_steps(%n : i64)
      outputs(%x0 taps [-2, -1] : tensor<2x?xf32> -> tensor<?x?xf32>) {
  ^bb0(%a: tensor<?xf32>, %b: tensor<?xf32>):
    %na = arith.negf %a : tensor<?xf32>
    %e = math.exp %na : tensor<?xf32>
    %p = arith.mulf %e, %b : tensor<?xf32>
    scan.yield %p : tensor<?xf32>
  }
  return %r : tensor<?x?xf32>
}
