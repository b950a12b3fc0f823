// RUN: scan-run %s --arg '15:i32' | FileCheck %s
// CHECK: result #0: i32[15]
// CHECK-NEXT: [  0   1   3   6  10  15  21  28  36  45  55  66  78  91 105]

// Seed (Theano's guide): triangular numbers, accumulating arange(up_to)
// into an int32 sum whose initial value has the sequence's dtype.
func.func @triangular(%up_to: tensor<i32>) -> tensor<?xi32> {
  %n32 = tensor.extract %up_to[] : tensor<i32>
  %n = arith.index_cast %n32 : i32 to index
  %empty = tensor.empty(%n) : tensor<?xi32>
  %seq = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%empty : tensor<?xi32>) {
  ^bb0(%out: i32):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i32
    linalg.yield %v : i32
  } -> tensor<?xi32>
  %zero = arith.constant dense<0> : tensor<1xi32>
  %r = scan.scan sequences(%seq : tensor<?xi32>) outputs(%zero : tensor<1xi32> -> tensor<?xi32>) {
  ^bb0(%v: tensor<i32>, %sum: tensor<i32>):
    %next = arith.addi %sum, %v : tensor<i32>
    scan.yield %next : tensor<i32>
  }
  return %r : tensor<?xi32>
}
