// RUN: scan-opt %s --scan-materialize-self-comparisons --canonicalize | FileCheck %s

// An integer tensor of dynamic shape compared with itself becomes a filled
// tensor of its sizes, not the invalid `dense<true> : tensor<?xi1>` the
// upstream folder makes of it; floats (NaN) and static shapes are left to
// the folder.
// CHECK-LABEL: func.func @self_comparisons
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[I:.*]]: tensor<?xi64>, %[[S:.*]]: tensor<4xi32>)
// CHECK-NOT: dense<{{.*}}> : tensor<?x
// CHECK-DAG: %[[TRUE:.*]] = arith.constant true
// CHECK-DAG: %[[FALSE:.*]] = arith.constant false
// CHECK-DAG: %[[STATIC:.*]] = arith.constant dense<true> : tensor<4xi1>
// CHECK-DAG: %[[F:.*]] = arith.cmpf une, %[[X]], %[[X]] : tensor<?xf64>
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[I]], %{{.*}} : tensor<?xi64>
// CHECK-DAG: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?xi1>
// CHECK-DAG: %[[EQ:.*]] = linalg.fill ins(%[[TRUE]] : i1) outs(%[[E]] : tensor<?xi1>)
// CHECK-DAG: %[[LT:.*]] = linalg.fill ins(%[[FALSE]] : i1) outs(%{{.*}} : tensor<?xi1>)
// CHECK: return %[[F]], %[[EQ]], %[[LT]], %[[STATIC]]
func.func @self_comparisons(%x: tensor<?xf64>, %i: tensor<?xi64>, %s: tensor<4xi32>)
    -> (tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<4xi1>) {
  %f = arith.cmpf une, %x, %x : tensor<?xf64>
  %eq = arith.cmpi eq, %i, %i : tensor<?xi64>
  %lt = arith.cmpi slt, %i, %i : tensor<?xi64>
  %st = arith.cmpi sge, %s, %s : tensor<4xi32>
  return %f, %eq, %lt, %st : tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<4xi1>
}
