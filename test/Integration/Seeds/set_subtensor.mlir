// RUN: scan-run %s --arg '[[1,1],[2,3]]:i32' --arg '[42,50]:f32' --arg '[[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0]]:f32' | FileCheck %s
// CHECK: result #0: f32[2, 5, 5]
// CHECK-NEXT: {{\[\[\[}} 0.  0.  0.  0.  0.]
// CHECK-NEXT: [ 0. 42.  0.  0.  0.]
// CHECK-NEXT: [ 0.  0.  0.  0.  0.]
// CHECK-NEXT: [ 0.  0.  0.  0.  0.]
// CHECK-NEXT: [ 0.  0.  0.  0.  0.]]
// CHECK-EMPTY:
// CHECK-NEXT: {{\[\[}} 0.  0.  0.  0.  0.]
// CHECK-NEXT: [ 0.  0.  0.  0.  0.]
// CHECK-NEXT: [ 0.  0.  0. 50.  0.]
// CHECK-NEXT: [ 0.  0.  0.  0.  0.]
// CHECK-NEXT: [ 0.  0.  0.  0.  0.]]]

// Seed (Theano's guide): for each (location, value), a copy of a zero "model"
// array with the value set at the location (set_subtensor).
func.func @assign_values_at_positions(%location: tensor<?x2xi32>, %values: tensor<?xf32>,
                                      %model: tensor<?x?xf32>) -> tensor<?x?x?xf32> {
  %r = scan.scan
      sequences(%location : tensor<?x2xi32>, %values : tensor<?xf32>)
      outputs(none -> tensor<?x?x?xf32>)
      non_sequences(%model : tensor<?x?xf32>) {
  ^bb0(%loc: tensor<2xi32>, %value: tensor<f32>, %m: tensor<?x?xf32>):
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %zero = arith.constant 0.0 : f32
    %rows = tensor.dim %m, %c0 : tensor<?x?xf32>
    %cols = tensor.dim %m, %c1 : tensor<?x?xf32>
    %empty = tensor.empty(%rows, %cols) : tensor<?x?xf32>
    %zeros = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x?xf32>) -> tensor<?x?xf32>
    %i32 = tensor.extract %loc[%c0] : tensor<2xi32>
    %j32 = tensor.extract %loc[%c1] : tensor<2xi32>
    %i = arith.index_cast %i32 : i32 to index
    %j = arith.index_cast %j32 : i32 to index
    %v = tensor.extract %value[] : tensor<f32>
    %set = tensor.insert %v into %zeros[%i, %j] : tensor<?x?xf32>
    scan.yield %set : tensor<?x?xf32>
  }
  return %r : tensor<?x?x?xf32>
}
