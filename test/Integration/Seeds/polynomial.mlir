// RUN: scan-run %s -f polynomial --arg '[1,0,2]:f32' --arg '3:f32' | FileCheck %s
// RUN: scan-run %s -f polynomial_by_scan --arg '[1,0,2]:f32' --arg '3:f32' | FileCheck %s
// 1 * 3**0 + 0 * 3**1 + 2 * 3**2:
// CHECK: result #0: f32[]
// CHECK-NEXT: 19.0

// Seed (PyTensor tutorial and Theano's guide): a polynomial from its
// coefficients. @polynomial scans over the coefficients and arange(10000)
// (the shortest sequence wins) and sums the components; @polynomial_by_scan
// is the tutorial's exercise, the sum done by the scan itself.
func.func @arange(%n: index) -> tensor<?xf32> {
  %empty = tensor.empty(%n) : tensor<?xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%empty : tensor<?xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %i64 = arith.index_cast %i : index to i64
    %v = arith.sitofp %i64 : i64 to f32
    linalg.yield %v : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @polynomial(%coefficients: tensor<?xf32>, %x: tensor<f32>) -> tensor<f32> {
  %max = arith.constant 10000 : index
  %range = func.call @arange(%max) : (index) -> tensor<?xf32>
  %components = scan.scan
      sequences(%coefficients : tensor<?xf32>, %range : tensor<?xf32>)
      outputs(none -> tensor<?xf32>)
      non_sequences(%x : tensor<f32>) {
  ^bb0(%c: tensor<f32>, %p: tensor<f32>, %free: tensor<f32>):
    %pow = math.powf %free, %p : tensor<f32>
    %term = arith.mulf %c, %pow : tensor<f32>
    scan.yield %term : tensor<f32>
  }
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%empty : tensor<f32>) -> tensor<f32>
  %sum = linalg.reduce ins(%components : tensor<?xf32>) outs(%acc : tensor<f32>) dimensions = [0]
    (%in: f32, %out: f32) {
      %s = arith.addf %in, %out : f32
      linalg.yield %s : f32
    }
  return %sum : tensor<f32>
}

func.func @polynomial_by_scan(%coefficients: tensor<?xf32>, %x: tensor<f32>) -> tensor<f32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %max = arith.constant 10000 : index
  %range = func.call @arange(%max) : (index) -> tensor<?xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %partial = scan.scan
      sequences(%coefficients : tensor<?xf32>, %range : tensor<?xf32>)
      outputs(%zero : tensor<1xf32> -> tensor<?xf32>)
      non_sequences(%x : tensor<f32>) {
  ^bb0(%c: tensor<f32>, %p: tensor<f32>, %sum: tensor<f32>, %free: tensor<f32>):
    %pow = math.powf %free, %p : tensor<f32>
    %term = arith.mulf %c, %pow : tensor<f32>
    %next = arith.addf %sum, %term : tensor<f32>
    scan.yield %next : tensor<f32>
  }
  %n = tensor.dim %partial, %c0 : tensor<?xf32>
  %last = arith.subi %n, %c1 : index
  %result = tensor.extract_slice %partial[%last] [1] [1] : tensor<?xf32> to tensor<f32>
  return %result : tensor<f32>
}
