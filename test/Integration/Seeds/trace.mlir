// RUN: scan-run %s -f trace --arg '[[0,1,2,3,4],[0,1,0,0,0],[0,0,1,0,0],[0,0,0,1,0],[0,0,0,0,1]]:f32' | FileCheck %s
// x = eye(5) with x[0] = arange(5):
// CHECK: result #0: f32[]
// CHECK-NEXT: 4.0

// Seed (PyTensor tutorial): the trace of X, scanning over arange(rows) and
// arange(cols) with an f32 accumulator that reads X[i, j] of the enclosing
// function (an implicit capture); the result is the accumulator's last value.
func.func @arange(%n: index) -> tensor<?xi64> {
  %empty = tensor.empty(%n) : tensor<?xi64>
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%empty : tensor<?xi64>) {
  ^bb0(%out: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  } -> tensor<?xi64>
  return %r : tensor<?xi64>
}

func.func @trace(%X: tensor<?x?xf32>) -> tensor<f32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = tensor.dim %X, %c0 : tensor<?x?xf32>
  %cols = tensor.dim %X, %c1 : tensor<?x?xf32>
  %is = func.call @arange(%rows) : (index) -> tensor<?xi64>
  %js = func.call @arange(%cols) : (index) -> tensor<?xi64>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %r = scan.scan
      sequences(%is : tensor<?xi64>, %js : tensor<?xi64>)
      outputs(%zero : tensor<1xf32> -> tensor<?xf32>) {
  ^bb0(%i: tensor<i64>, %j: tensor<i64>, %t: tensor<f32>):
    %iv = tensor.extract %i[] : tensor<i64>
    %jv = tensor.extract %j[] : tensor<i64>
    %ix = arith.index_cast %iv : i64 to index
    %jx = arith.index_cast %jv : i64 to index
    %x = tensor.extract %X[%ix, %jx] : tensor<?x?xf32>
    %tv = tensor.extract %t[] : tensor<f32>
    %s = arith.addf %x, %tv : f32
    %st = tensor.from_elements %s : tensor<f32>
    scan.yield %st : tensor<f32>
  }
  %n = tensor.dim %r, %c0 : tensor<?xf32>
  %last = arith.subi %n, %c1 : index
  %result = tensor.extract_slice %r[%last] [1] [1] : tensor<?xf32> to tensor<f32>
  return %result : tensor<f32>
}
