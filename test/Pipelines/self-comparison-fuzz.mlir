// RUN: scan-opt %s --scan-to-llvm | FileCheck %s
// Found by the frontend fuzzer: `x == x` on a dynamically sized integer
// tensor folded (upstream) into `dense<true> : tensor<?xi1>`, an invalid
// constant on which eliminate-empty-tensors crashed.
// scan-materialize-self-comparisons fills the result instead.
// CHECK-LABEL: llvm.func @main
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> ()>
module {
  func.func @main(%arg0: tensor<?xf64>) -> (tensor<?x?xi64>, tensor<?x?xi64>) {
    %c0 = arith.constant 0 : index
    %dim = tensor.dim %arg0, %c0 : tensor<?xf64>
    %c0_0 = arith.constant 0 : index
    %dim_1 = tensor.dim %arg0, %c0_0 : tensor<?xf64>
    %0 = arith.truncf %arg0 : tensor<?xf64> to tensor<?xf32>
    %c0_2 = arith.constant 0 : index
    %dim_3 = tensor.dim %0, %c0_2 : tensor<?xf32>
    %c0_4 = arith.constant 0 : index
    %dim_5 = tensor.dim %0, %c0_4 : tensor<?xf32>
    %1 = arith.negf %0 : tensor<?xf32>
    %c0_6 = arith.constant 0 : index
    %dim_7 = tensor.dim %1, %c0_6 : tensor<?xf32>
    %c0_8 = arith.constant 0 : index
    %dim_9 = tensor.dim %1, %c0_8 : tensor<?xf32>
    %c0_10 = arith.constant 0 : index
    %dim_11 = tensor.dim %1, %c0_10 : tensor<?xf32>
    %2 = arith.cmpf oeq, %1, %1 : tensor<?xf32>
    %c0_12 = arith.constant 0 : index
    %dim_13 = tensor.dim %2, %c0_12 : tensor<?xi1>
    %c0_14 = arith.constant 0 : index
    %dim_15 = tensor.dim %2, %c0_14 : tensor<?xi1>
    %c0_16 = arith.constant 0 : index
    %dim_17 = tensor.dim %2, %c0_16 : tensor<?xi1>
    %3 = arith.cmpi eq, %2, %2 : tensor<?xi1>
    %c0_18 = arith.constant 0 : index
    %dim_19 = tensor.dim %3, %c0_18 : tensor<?xi1>
    %expanded = tensor.expand_shape %3 [[0, 1]] output_shape [1, %dim_19] : tensor<?xi1> into tensor<1x?xi1>
    %c4 = arith.constant 4 : index
    %4 = scan.scan n_steps(%c4 : index) go_backwards
        sequences(%3 : tensor<?xi1>)
        outputs(%expanded : tensor<1x?xi1> -> tensor<?x?xi1>)
        non_sequences(%3 : tensor<?xi1>) {
    ^bb0(%seq0_t: tensor<i1>, %out0_tm1: tensor<?xi1>, %nonseq0: tensor<?xi1>):
      scan.yield %out0_tm1 : tensor<?xi1>
    }
    %c0_20 = arith.constant 0 : index
    %dim_21 = tensor.dim %4, %c0_20 : tensor<?x?xi1>
    %c1 = arith.constant 1 : index
    %dim_22 = tensor.dim %4, %c1 : tensor<?x?xi1>
    %c0_23 = arith.constant 0 : index
    %dim_24 = tensor.dim %4, %c0_23 : tensor<?x?xi1>
    %c1_25 = arith.constant 1 : index
    %dim_26 = tensor.dim %4, %c1_25 : tensor<?x?xi1>
    %5 = arith.extui %4 : tensor<?x?xi1> to tensor<?x?xi64>
    %cst = arith.constant dense<-2> : tensor<i64>
    %c0_27 = arith.constant 0 : index
    %dim_28 = tensor.dim %5, %c0_27 : tensor<?x?xi64>
    %c1_29 = arith.constant 1 : index
    %dim_30 = tensor.dim %5, %c1_29 : tensor<?x?xi64>
    %c0_31 = arith.constant 0 : index
    %dim_32 = tensor.dim %5, %c0_31 : tensor<?x?xi64>
    %c1_33 = arith.constant 1 : index
    %dim_34 = tensor.dim %5, %c1_33 : tensor<?x?xi64>
    %6 = tensor.empty(%dim_28, %dim_30) : tensor<?x?xi64>
    %7 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%5, %cst : tensor<?x?xi64>, tensor<i64>) outs(%6 : tensor<?x?xi64>) {
    ^bb0(%in: i64, %in_35: i64, %out: i64):
      %8 = arith.addi %in, %in_35 : i64
      linalg.yield %8 : i64
    } -> tensor<?x?xi64>
    return %7, %7 : tensor<?x?xi64>, tensor<?x?xi64>
  }
}

