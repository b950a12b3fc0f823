// RUN: scan-opt %s --scan-differentiate | FileCheck %s

// The reverse-mode rules of the linalg, tensor and scf ops (those the
// frontend emits, and linalg.map, linalg.batch_matmul and tensor.pad). Most costs are sums (a linalg.reduce with addf, whose rule
// broadcasts the seed 1 over the summed dims), so each function checks the
// adjoint ops of the op under test; shapes are dynamic where they can be.

// CHECK-DAG: #[[TOSCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-DAG: #[[ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[D0:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[D1:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[C0MAP:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[SCALAR2:.*]] = affine_map<(d0, d1) -> ()>

// fill: the scalar gets the sum of all elements of g.
// CHECK-LABEL: func.func @fill
// CHECK-SAME: (%[[X:.*]]: f64, %[[N:.*]]: index)
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f64>) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<f64>)
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[G]] : tensor<?xf64>) outs(%[[ZERO]] : tensor<f64>) dimensions = [0]
// CHECK: arith.addf
// CHECK: %[[DX:.*]] = tensor.extract %[[SUM]][] : tensor<f64>
// CHECK: return %[[DX]] : f64
func.func @fill(%x: f64, %n: index) -> f64 {
  %e = tensor.empty(%n) : tensor<?xf64>
  %f = linalg.fill ins(%x : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%f : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%a: f64, %b: f64) {
      %r = arith.addf %a, %b : f64
      linalg.yield %r : f64
    }
  %g = scan.grad %s wrt(%x) : tensor<f64> wrt(f64) -> (f64)
  return %g : f64
}

// A broadcasting generic: the input map drops d0, so the adjoint generic
// reduces over d0 into zeros like the input.
// CHECK-LABEL: func.func @broadcast_generic
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[M:.*]]: index)
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f64>) outs(%{{.*}} : tensor<?x?xf64>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf64>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%[[EMPTY]] : tensor<?xf64>)
// (The forward input the payload does not read is dropped.)
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[D1]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME: ins(%[[G]] : tensor<?x?xf64>) outs(%[[ZEROS]] : tensor<?xf64>)
// CHECK: ^bb0(%[[GARG:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[GARG]] : f64
// CHECK-NEXT: linalg.yield %[[SUM]] : f64
// CHECK: return %[[DX]]
#row = affine_map<(d0, d1) -> (d1)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @broadcast_generic(%x: tensor<?xf64>, %m: index) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%m, %n) : tensor<?x?xf64>
  %b = linalg.generic {indexing_maps = [#row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?x?xf64>) {
    ^bb0(%in: f64, %out: f64):
      linalg.yield %in : f64
  } -> tensor<?x?xf64>
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%b : tensor<?x?xf64>) outs(%i0 : tensor<f64>) dimensions = [0, 1]
    (%a: f64, %acc: f64) {
      %r = arith.addf %a, %acc : f64
      linalg.yield %r : f64
    }
  %g = scan.grad %s wrt(%x) : tensor<f64> wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// An elementwise generic: its payload is differentiated inside a generic
// that reads the forward inputs and g (the unused forward product is gone);
// every loop is parallel, so it writes a tensor.empty and does not read it.
// CHECK-LABEL: func.func @generic_mul
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f64>) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[EX:.*]] = tensor.empty(%{{.*}}) : tensor<?xf64>
// (The inputs the payload does not read are dropped.)
// CHECK-NEXT: %[[DX:.*]] = linalg.generic {{.*}} ins(%[[Y]], %[[G]] : tensor<?xf64>, tensor<?xf64>) outs(%[[EX]] : tensor<?xf64>)
// CHECK-NEXT: ^bb0(%[[B:.*]]: f64, %[[GARG:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[GARG]], %[[B]] : f64
// CHECK-NEXT: linalg.yield %[[D]] : f64
// CHECK: %[[DY:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[G]] : tensor<?xf64>, tensor<?xf64>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f64, %[[GARG:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[GARG]], %[[A]] : f64
// CHECK-NEXT: linalg.yield %[[D]] : f64
// CHECK: return %[[DX]], %[[DY]]
#id1 = affine_map<(d0) -> (d0)>
func.func @generic_mul(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %p = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%a: f64, %b: f64, %out: f64):
      %m = arith.mulf %a, %b : f64
      linalg.yield %m : f64
  } -> tensor<?xf64>
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%p : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%a: f64, %acc: f64) {
      %r = arith.addf %a, %acc : f64
      linalg.yield %r : f64
    }
  %g:2 = scan.grad %s wrt(%x, %y) : tensor<f64> wrt(tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<?xf64>
}

// The frontend's size-1 broadcast (a constant 0 in the input map) and a
// scalar the payload captures from above: the captured scalar's adjoint is
// a generic reducing over every loop into a rank-0 tensor.
// CHECK-LABEL: func.func @captured
// CHECK-SAME: (%[[X:.*]]: tensor<1x?xf64>, %[[S:.*]]: f64, %[[M:.*]]: index)
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[C0MAP]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME: outs(%{{.*}} : tensor<1x?xf64>)
// CHECK: arith.mulf %{{.*}}, %[[S]] : f64
// CHECK: %[[DS:.*]] = linalg.generic {indexing_maps = [#[[C0MAP]], #{{.*}}, #[[SCALAR2]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME: outs(%{{.*}} : tensor<f64>)
// CHECK: %[[DSS:.*]] = tensor.extract %[[DS]][] : tensor<f64>
// CHECK: return %[[DX]], %[[DSS]]
#c0map = affine_map<(d0, d1) -> (0, d1)>
func.func @captured(%x: tensor<1x?xf64>, %s: f64, %m: index) -> (tensor<1x?xf64>, f64) {
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c1 : tensor<1x?xf64>
  %e = tensor.empty(%m, %n) : tensor<?x?xf64>
  %b = linalg.generic {indexing_maps = [#c0map, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<1x?xf64>) outs(%e : tensor<?x?xf64>) {
    ^bb0(%in: f64, %out: f64):
      %p = arith.mulf %in, %s : f64
      linalg.yield %p : f64
  } -> tensor<?x?xf64>
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %r = linalg.reduce ins(%b : tensor<?x?xf64>) outs(%i0 : tensor<f64>) dimensions = [0, 1]
    (%a: f64, %acc: f64) {
      %q = arith.addf %a, %acc : f64
      linalg.yield %q : f64
    }
  %g:2 = scan.grad %r wrt(%x, %s) : tensor<f64> wrt(tensor<1x?xf64>, f64) -> (tensor<1x?xf64>, f64)
  return %g#0, %g#1 : tensor<1x?xf64>, f64
}

// max: g goes where the input equals the result.
// CHECK-LABEL: func.func @reduce_max
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf64>)
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%[[X]]
// CHECK: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f64>
// CHECK: %[[DX:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[MAX]], %[[ONE]] : tensor<?x?xf64>, tensor<f64>, tensor<f64>) outs(%{{.*}} : tensor<?x?xf64>)
// CHECK-NEXT: ^bb0(%[[XA:.*]]: f64, %[[RA:.*]]: f64, %[[GA:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[EQ:.*]] = arith.cmpf oeq, %[[XA]], %[[RA]] : f64
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[EQ]], %[[GA]], %[[ZERO]] : f64
// CHECK-NEXT: linalg.yield %[[SEL]] : f64
// CHECK: return %[[DX]]
func.func @reduce_max(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %z = arith.constant 0xFFF0000000000000 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%x : tensor<?x?xf64>) outs(%i0 : tensor<f64>) dimensions = [0, 1]
    (%a: f64, %acc: f64) {
      %r = arith.maximumf %a, %acc : f64
      linalg.yield %r : f64
    }
  %g = scan.grad %s wrt(%x) : tensor<f64> wrt(tensor<?x?xf64>) -> (tensor<?x?xf64>)
  return %g : tensor<?x?xf64>
}

// prod over dim 1 of x, times init: dx = g * r / x (g and r broadcast over
// the reduced dim), dinit = g * r / init.
// CHECK-LABEL: func.func @reduce_prod
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf64>, %[[INIT:.*]]: tensor<?xf64>)
// CHECK: %[[P:.*]] = linalg.reduce ins(%[[X]] : tensor<?x?xf64>) outs(%[[INIT]] : tensor<?xf64>) dimensions = [1]
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f64>) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[D0]], #[[D0]], #{{.*}}], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[P]], %[[G]] : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>)
// CHECK-NEXT: ^bb0(%[[XA:.*]]: f64, %[[RA:.*]]: f64, %[[GA:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[GR:.*]] = arith.mulf %[[GA]], %[[RA]] : f64
// CHECK-NEXT: %[[Q:.*]] = arith.divf %[[GR]], %[[XA]] : f64
// CHECK-NEXT: linalg.yield %[[Q]] : f64
// CHECK: %[[DINIT:.*]] = linalg.generic {{.*}} ins(%[[INIT]], %[[P]], %[[G]] : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>)
// CHECK: arith.divf
// CHECK: return %[[DX]], %[[DINIT]]
func.func @reduce_prod(%x: tensor<?x?xf64>, %init: tensor<?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %p = linalg.reduce ins(%x : tensor<?x?xf64>) outs(%init : tensor<?xf64>) dimensions = [1]
    (%a: f64, %acc: f64) {
      %r = arith.mulf %a, %acc : f64
      linalg.yield %r : f64
    }
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%p : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%a: f64, %acc: f64) {
      %r = arith.addf %a, %acc : f64
      linalg.yield %r : f64
    }
  %g:2 = scan.grad %s wrt(%x, %init) : tensor<f64> wrt(tensor<?x?xf64>, tensor<?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?x?xf64>, tensor<?xf64>
}

// C = init + A B: dA = G B^T, dB = A^T G, dinit = G.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<?x?xf64>, %[[C:.*]]: tensor<?x?xf64>)
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f64>) outs(%{{.*}} : tensor<?x?xf64>)
// CHECK: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<?x?xf64>) outs(%{{.*}} : tensor<?x?xf64>) permutation = [1, 0]
// CHECK: %[[ZA:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?x?xf64>)
// CHECK: %[[DA:.*]] = linalg.matmul ins(%[[G]], %[[BT]] : tensor<?x?xf64>, tensor<?x?xf64>) outs(%[[ZA]] : tensor<?x?xf64>)
// CHECK: %[[AT:.*]] = linalg.transpose ins(%[[A]] : tensor<?x?xf64>) outs(%{{.*}} : tensor<?x?xf64>) permutation = [1, 0]
// CHECK: %[[ZB:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?x?xf64>)
// CHECK: %[[DB:.*]] = linalg.matmul ins(%[[AT]], %[[G]] : tensor<?x?xf64>, tensor<?x?xf64>) outs(%[[ZB]] : tensor<?x?xf64>)
// CHECK: return %[[DA]], %[[DB]], %[[G]]
func.func @matmul(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %c: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  %m = linalg.matmul ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>) outs(%c : tensor<?x?xf64>) -> tensor<?x?xf64>
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%m : tensor<?x?xf64>) outs(%i0 : tensor<f64>) dimensions = [0, 1]
    (%x: f64, %acc: f64) {
      %r = arith.addf %x, %acc : f64
      linalg.yield %r : f64
    }
  %g:3 = scan.grad %s wrt(%a, %b, %c) : tensor<f64> wrt(tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>)
  return %g#0, %g#1, %g#2 : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
}

// y = A x: dA = g x^T (an outer product), dx = vecmat(g, A).
// CHECK-LABEL: func.func @matvec
// CHECK-SAME: (%[[A:.*]]: tensor<?x?xf64>, %[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f64>) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[DA:.*]] = linalg.generic {indexing_maps = [#[[D0]], #[[D1]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[G]], %[[X]] : tensor<?xf64>, tensor<?xf64>) outs(%{{.*}} : tensor<?x?xf64>)
// CHECK: arith.mulf
// CHECK: %[[ZX:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[DX:.*]] = linalg.vecmat ins(%[[G]], %[[A]] : tensor<?xf64>, tensor<?x?xf64>) outs(%[[ZX]] : tensor<?xf64>)
// CHECK: return %[[DA]], %[[DX]]
func.func @matvec(%a: tensor<?x?xf64>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %m = linalg.matvec ins(%a, %x : tensor<?x?xf64>, tensor<?xf64>) outs(%y : tensor<?xf64>) -> tensor<?xf64>
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%m : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%v: f64, %acc: f64) {
      %r = arith.addf %v, %acc : f64
      linalg.yield %r : f64
    }
  %g:2 = scan.grad %s wrt(%a, %x) : tensor<f64> wrt(tensor<?x?xf64>, tensor<?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?x?xf64>, tensor<?xf64>
}

// y = x A: dx = matvec(A, g), dA = x g^T.
// CHECK-LABEL: func.func @vecmat
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[A:.*]]: tensor<?x?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f64>) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[ZX:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[DX:.*]] = linalg.matvec ins(%[[A]], %[[G]] : tensor<?x?xf64>, tensor<?xf64>) outs(%[[ZX]] : tensor<?xf64>)
// CHECK: %[[DA:.*]] = linalg.generic {indexing_maps = [#[[D0]], #[[D1]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[G]] : tensor<?xf64>, tensor<?xf64>) outs(%{{.*}} : tensor<?x?xf64>)
// CHECK: return %[[DX]], %[[DA]]
func.func @vecmat(%x: tensor<?xf64>, %a: tensor<?x?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?x?xf64>) {
  %m = linalg.vecmat ins(%x, %a : tensor<?xf64>, tensor<?x?xf64>) outs(%y : tensor<?xf64>) -> tensor<?xf64>
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%m : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%v: f64, %acc: f64) {
      %r = arith.addf %v, %acc : f64
      linalg.yield %r : f64
    }
  %g:2 = scan.grad %s wrt(%x, %a) : tensor<f64> wrt(tensor<?xf64>, tensor<?x?xf64>) -> (tensor<?xf64>, tensor<?x?xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<?x?xf64>
}

// s = x . y: dx = g y, dy = g x (the rank-0 g broadcast).
// CHECK-LABEL: func.func @dot
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f64>
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[TOSCALAR]], #[[ID1]], #[[ID1]]], iterator_types = ["parallel"]} ins(%[[ONE]], %[[Y]] : tensor<f64>, tensor<?xf64>)
// CHECK: arith.mulf
// CHECK: %[[DY:.*]] = linalg.generic {indexing_maps = [#[[TOSCALAR]], #[[ID1]], #[[ID1]]], iterator_types = ["parallel"]} ins(%[[ONE]], %[[X]] : tensor<f64>, tensor<?xf64>)
// CHECK: return %[[DX]], %[[DY]]
func.func @dot(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %d = linalg.dot ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%i0 : tensor<f64>) -> tensor<f64>
  %g:2 = scan.grad %d wrt(%x, %y) : tensor<f64> wrt(tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<?xf64>
}

// broadcast: a sum over the added dims; transpose: the inverse permutation.
// CHECK-LABEL: func.func @transpose_broadcast
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf64>, %[[K:.*]]: index)
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]]
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f64>) outs(%{{.*}} : tensor<?x?x?xf64>)
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[D0:.*]] = tensor.dim %[[T]], %[[C0]] : tensor<?x?xf64>
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[D1:.*]] = tensor.dim %[[T]], %[[C1]] : tensor<?x?xf64>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf64>
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%[[EMPTY]] : tensor<?x?xf64>)
// CHECK: %[[DT:.*]] = linalg.reduce ins(%[[G]] : tensor<?x?x?xf64>) outs(%[[ZEROS]] : tensor<?x?xf64>) dimensions = [1]
// CHECK: %[[DX:.*]] = linalg.transpose ins(%[[DT]] : tensor<?x?xf64>) outs(%{{.*}} : tensor<?x?xf64>) permutation = [1, 0]
// CHECK: return %[[DX]]
func.func @transpose_broadcast(%x: tensor<?x?xf64>, %k: index) -> tensor<?x?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n0 = tensor.dim %x, %c0 : tensor<?x?xf64>
  %n1 = tensor.dim %x, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%n1, %n0) : tensor<?x?xf64>
  %t = linalg.transpose ins(%x : tensor<?x?xf64>) outs(%e : tensor<?x?xf64>) permutation = [1, 0]
  %e3 = tensor.empty(%n1, %k, %n0) : tensor<?x?x?xf64>
  %b = linalg.broadcast ins(%t : tensor<?x?xf64>) outs(%e3 : tensor<?x?x?xf64>) dimensions = [1]
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%b : tensor<?x?x?xf64>) outs(%i0 : tensor<f64>) dimensions = [0, 1, 2]
    (%v: f64, %acc: f64) {
      %r = arith.addf %v, %acc : f64
      linalg.yield %r : f64
    }
  %g = scan.grad %s wrt(%x) : tensor<f64> wrt(tensor<?x?xf64>) -> (tensor<?x?xf64>)
  return %g : tensor<?x?xf64>
}

// extract / insert_slice / extract_slice (rank-reducing, dynamic offsets):
// the slice of g goes back to the source, the rest of g to the destination.
// CHECK-LABEL: func.func @slices
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf64>, %[[D:.*]]: tensor<?x4xf64>, %[[I:.*]]: index, %[[N:.*]]: index)
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?x4xf64>)
// CHECK: %[[GR:.*]] = tensor.insert %[[ONE]] into %[[Z]][%[[I]], %[[I]]] : tensor<?x4xf64>
// CHECK: %[[GPART:.*]] = tensor.extract_slice %[[GR]][%[[I]], 0] [1, 4] [1, 1] : tensor<?x4xf64> to tensor<4xf64>
// CHECK: %[[ZPART:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf64>
// CHECK: %[[DD:.*]] = tensor.insert_slice %[[ZPART]] into %[[GR]][%[[I]], 0] [1, 4] [1, 1] : tensor<4xf64> into tensor<?x4xf64>
// CHECK: %[[ZROW:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[GROW:.*]] = tensor.insert_slice %[[GPART]] into %[[ZROW]][0] [4] [1] : tensor<4xf64> into tensor<?xf64>
// CHECK: %[[ZX:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?x?xf64>)
// CHECK: %[[DX:.*]] = tensor.insert_slice %[[GROW]] into %[[ZX]][%[[I]], 0] [1, %[[N]]] [1, 1] : tensor<?xf64> into tensor<?x?xf64>
// CHECK: return %[[DX]], %[[DD]]
func.func @slices(%x: tensor<?x?xf64>, %d: tensor<?x4xf64>, %i: index, %n: index) -> (tensor<?x?xf64>, tensor<?x4xf64>) {
  %row = tensor.extract_slice %x[%i, 0] [1, %n] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
  %part = tensor.extract_slice %row[0] [4] [1] : tensor<?xf64> to tensor<4xf64>
  %r = tensor.insert_slice %part into %d[%i, 0] [1, 4] [1, 1] : tensor<4xf64> into tensor<?x4xf64>
  %e = tensor.extract %r[%i, %i] : tensor<?x4xf64>
  %g:2 = scan.grad %e wrt(%x, %d) : f64 wrt(tensor<?x?xf64>, tensor<?x4xf64>) -> (tensor<?x?xf64>, tensor<?x4xf64>)
  return %g#0, %g#1 : tensor<?x?xf64>, tensor<?x4xf64>
}

// from_elements, insert, cast: each element reads its position of g (%a
// twice); the insert's destination gets g with the inserted element zeroed.
// CHECK-LABEL: func.func @elements
// CHECK-SAME: (%[[A:.*]]: f64, %[[B:.*]]: f64, %[[T:.*]]: tensor<2x2xf64>)
// CHECK: %[[GF:.*]] = tensor.cast %{{.*}} : tensor<?x?xf64> to tensor<2x2xf64>
// CHECK: %[[GINS:.*]] = tensor.extract %[[GR:.*]][%{{.*}}, %{{.*}}] : tensor<2x2xf64>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[DT:.*]] = tensor.insert %[[ZERO]] into %[[GR]][%{{.*}}, %{{.*}}] : tensor<2x2xf64>
// CHECK: %[[E0:.*]] = tensor.extract %[[GF]][%{{.*}}, %{{.*}}] : tensor<2x2xf64>
// CHECK: %[[A1:.*]] = arith.addf %[[GINS]], %[[E0]] : f64
// CHECK: %[[E1:.*]] = tensor.extract %[[GF]]
// CHECK: %[[E2:.*]] = tensor.extract %[[GF]]
// CHECK: %[[DB:.*]] = arith.addf %[[E1]], %[[E2]] : f64
// CHECK: %[[E3:.*]] = tensor.extract %[[GF]]
// CHECK: %[[DA:.*]] = arith.addf %[[A1]], %[[E3]] : f64
// CHECK: return %[[DA]], %[[DB]], %[[DT]]
func.func @elements(%a: f64, %b: f64, %t: tensor<2x2xf64>) -> (f64, f64, tensor<2x2xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = tensor.from_elements %a, %b, %b, %a : tensor<2x2xf64>
  %ins = tensor.insert %a into %t[%c0, %c1] : tensor<2x2xf64>
  %c = tensor.cast %f : tensor<2x2xf64> to tensor<?x?xf64>
  %e1 = tensor.extract %c[%c1, %c0] : tensor<?x?xf64>
  %r = tensor.insert %e1 into %ins[%c1, %c1] : tensor<2x2xf64>
  %s = tensor.extract %r[%c0, %c1] : tensor<2x2xf64>
  %g:3 = scan.grad %s wrt(%a, %b, %t) : f64 wrt(f64, f64, tensor<2x2xf64>) -> (f64, f64, tensor<2x2xf64>)
  return %g#0, %g#1, %g#2 : f64, f64, tensor<2x2xf64>
}

// expand_shape, reshape, collapse_shape are undone in reverse order, to the
// source's run-time sizes.
// CHECK-LABEL: func.func @reshapes
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf64>, %[[I:.*]]: index)
// CHECK: %[[COLLAPSED:.*]] = tensor.collapse_shape %[[X]]
// CHECK: %[[GE:.*]] = tensor.insert %{{.*}} into %{{.*}}[%[[I]], %{{.*}}] : tensor<?x1xf64>
// CHECK: %[[GR:.*]] = tensor.collapse_shape %[[GE]] {{\[\[}}0, 1]] : tensor<?x1xf64> into tensor<?xf64>
// CHECK: %[[N:.*]] = tensor.dim %[[COLLAPSED]], %{{.*}} : tensor<?xf64>
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[N]] : tensor<1xindex>
// CHECK: %[[GC:.*]] = tensor.reshape %[[GR]](%[[SHAPE]]) : (tensor<?xf64>, tensor<1xindex>) -> tensor<?xf64>
// CHECK: %[[ROWS:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3xf64>
// CHECK: %[[DX:.*]] = tensor.expand_shape %[[GC]] {{\[\[}}0, 1]] output_shape [%[[ROWS]], 3] : tensor<?xf64> into tensor<?x3xf64>
// CHECK: return %[[DX]]
func.func @reshapes(%x: tensor<?x3xf64>, %i: index) -> tensor<?x3xf64> {
  %c = tensor.collapse_shape %x [[0, 1]] : tensor<?x3xf64> into tensor<?xf64>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %c, %c0 : tensor<?xf64>
  %shape = tensor.from_elements %n : tensor<1xindex>
  %r = tensor.reshape %c(%shape) : (tensor<?xf64>, tensor<1xindex>) -> tensor<?xf64>
  %e = tensor.expand_shape %r [[0, 1]] output_shape [%n, 1] : tensor<?xf64> into tensor<?x1xf64>
  %v = tensor.extract %e[%i, %c0] : tensor<?x1xf64>
  %g = scan.grad %v wrt(%x) : f64 wrt(tensor<?x3xf64>) -> (tensor<?x3xf64>)
  return %g : tensor<?x3xf64>
}

// concat: each input reads its slice of g, at the sum of the sizes before it.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<3xf64>, %[[I:.*]]: index)
// CHECK: %[[G:.*]] = tensor.insert %{{.*}} into %{{.*}}[%[[I]]] : tensor<?xf64>
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf64>
// CHECK: %[[DX:.*]] = tensor.extract_slice %[[G]][0] [%[[N]]] [1] : tensor<?xf64> to tensor<?xf64>
// CHECK: %[[DY:.*]] = tensor.extract_slice %[[G]][%[[N]]] [3] [1] : tensor<?xf64> to tensor<3xf64>
// CHECK: return %[[DX]], %[[DY]]
func.func @concat(%x: tensor<?xf64>, %y: tensor<3xf64>, %i: index) -> (tensor<?xf64>, tensor<3xf64>) {
  %c = tensor.concat dim(0) %x, %y : (tensor<?xf64>, tensor<3xf64>) -> tensor<?xf64>
  %v = tensor.extract %c[%i] : tensor<?xf64>
  %g:2 = scan.grad %v wrt(%x, %y) : f64 wrt(tensor<?xf64>, tensor<3xf64>) -> (tensor<?xf64>, tensor<3xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<3xf64>
}

// linalg.map: the rule of a parallel generic (the payload's copy
// differentiated per input), reading the map's inputs and g.
// CHECK-LABEL: func.func @map
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>, %[[I:.*]]: index)
// CHECK: %[[G:.*]] = tensor.insert %{{.*}} into %{{.*}}[%[[I]]] : tensor<?xf64>
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]], #[[ID1]], #[[ID1]]], iterator_types = ["parallel"]} ins(%[[X]], %[[Y]], %[[G]] : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f64, %[[B:.*]]: f64, %[[GI:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[A]], %[[B]] : f64
// CHECK-NEXT: %[[COS:.*]] = math.cos %[[P]] : f64
// CHECK-NEXT: %[[GC:.*]] = arith.mulf %[[GI]], %[[COS]] : f64
// CHECK-NEXT: %[[GX:.*]] = arith.mulf %[[GC]], %[[B]] : f64
// CHECK-NEXT: linalg.yield %[[GX]] : f64
// CHECK: %[[DY:.*]] = linalg.generic
// CHECK: arith.mulf %{{.*}}, %[[A2:.*]] : f64
// CHECK: return %[[DX]], %[[DY]]
func.func @map(%x: tensor<?xf64>, %y: tensor<?xf64>, %i: index) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %m = linalg.map ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>)
    (%a: f64, %b: f64, %o: f64) {
      %p = arith.mulf %a, %b : f64
      %s = math.sin %p : f64
      linalg.yield %s : f64
    }
  %v = tensor.extract %m[%i] : tensor<?xf64>
  %g:2 = scan.grad %v wrt(%x, %y) : f64 wrt(tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<?xf64>
}

// C[k] = init[k] + A[k] B[k]: dA = G B^T and dB = A^T G matrix by matrix
// (the last two dims transposed), dinit = G.
// CHECK-LABEL: func.func @batch_matmul
// CHECK-SAME: (%[[A:.*]]: tensor<?x?x?xf64>, %[[B:.*]]: tensor<?x?x?xf64>, %[[C:.*]]: tensor<?x?x?xf64>, %[[I:.*]]: index)
// CHECK: %[[G:.*]] = tensor.insert %{{.*}} into %{{.*}}[%[[I]], %[[I]], %[[I]]] : tensor<?x?x?xf64>
// CHECK: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<?x?x?xf64>) outs(%{{.*}} : tensor<?x?x?xf64>) permutation = [0, 2, 1]
// CHECK: %[[ZA:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?x?x?xf64>)
// CHECK: %[[DA:.*]] = linalg.batch_matmul ins(%[[G]], %[[BT]] : tensor<?x?x?xf64>, tensor<?x?x?xf64>) outs(%[[ZA]] : tensor<?x?x?xf64>)
// CHECK: %[[AT:.*]] = linalg.transpose ins(%[[A]] : tensor<?x?x?xf64>) outs(%{{.*}} : tensor<?x?x?xf64>) permutation = [0, 2, 1]
// CHECK: %[[ZB:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?x?x?xf64>)
// CHECK: %[[DB:.*]] = linalg.batch_matmul ins(%[[AT]], %[[G]] : tensor<?x?x?xf64>, tensor<?x?x?xf64>) outs(%[[ZB]] : tensor<?x?x?xf64>)
// CHECK: return %[[DA]], %[[DB]], %[[G]]
func.func @batch_matmul(%a: tensor<?x?x?xf64>, %b: tensor<?x?x?xf64>, %c: tensor<?x?x?xf64>, %i: index) -> (tensor<?x?x?xf64>, tensor<?x?x?xf64>, tensor<?x?x?xf64>) {
  %m = linalg.batch_matmul ins(%a, %b : tensor<?x?x?xf64>, tensor<?x?x?xf64>) outs(%c : tensor<?x?x?xf64>) -> tensor<?x?x?xf64>
  %v = tensor.extract %m[%i, %i, %i] : tensor<?x?x?xf64>
  %g:3 = scan.grad %v wrt(%a, %b, %c) : f64 wrt(tensor<?x?x?xf64>, tensor<?x?x?xf64>, tensor<?x?x?xf64>) -> (tensor<?x?x?xf64>, tensor<?x?x?xf64>, tensor<?x?x?xf64>)
  return %g#0, %g#1, %g#2 : tensor<?x?x?xf64>, tensor<?x?x?xf64>, tensor<?x?x?xf64>
}

// tensor.pad: x reads the slice of g at the low padding, of x's size; the
// padding value gets sum(g) minus the sum of that slice.
// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf64>, %[[P:.*]]: f64, %[[I:.*]]: index, %[[J:.*]]: index)
// CHECK: %[[G:.*]] = tensor.insert %{{.*}} into %{{.*}}[%[[I]], %[[J]]] : tensor<?x5xf64>
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3xf64>
// CHECK: %[[DX:.*]] = tensor.extract_slice %[[G]][1, 2] [%[[N]], 3] [1, 1] : tensor<?x5xf64> to tensor<?x3xf64>
// CHECK: %[[ALL:.*]] = linalg.reduce ins(%[[G]] : tensor<?x5xf64>)
// CHECK: %[[TOTAL:.*]] = tensor.extract %[[ALL]][] : tensor<f64>
// CHECK: %[[IN:.*]] = linalg.reduce ins(%[[DX]] : tensor<?x3xf64>)
// CHECK: %[[INSIDE:.*]] = tensor.extract %[[IN]][] : tensor<f64>
// CHECK: %[[DP:.*]] = arith.subf %[[TOTAL]], %[[INSIDE]] : f64
// CHECK: return %[[DX]], %[[DP]]
func.func @pad(%x: tensor<?x3xf64>, %p: f64, %i: index, %j: index) -> (tensor<?x3xf64>, f64) {
  %c1 = arith.constant 1 : index
  %r = tensor.pad %x low[%c1, 2] high[1, 0] {
  ^bb0(%k: index, %l: index):
    tensor.yield %p : f64
  } : tensor<?x3xf64> to tensor<?x5xf64>
  %v = tensor.extract %r[%i, %j] : tensor<?x5xf64>
  %g:2 = scan.grad %v wrt(%x, %p) : f64 wrt(tensor<?x3xf64>, f64) -> (tensor<?x3xf64>, f64)
  return %g#0, %g#1 : tensor<?x3xf64>, f64
}

// scf.if: an scf.if on the same condition yields the adjoint of the captured
// %x from each branch's reverse sweep (the forward copies it did not read
// are gone).
// CHECK-LABEL: func.func @if
// CHECK-SAME: (%[[COND:.*]]: i1, %[[X:.*]]: tensor<?xf64>, %[[I:.*]]: index)
// CHECK: %[[G:.*]] = tensor.insert %{{.*}} into %{{.*}}[%[[I]]] : tensor<?xf64>
// CHECK: %[[DX:.*]] = scf.if %[[COND]] -> (tensor<?xf64>) {
// CHECK-NEXT: %[[GS:.*]] = tensor.cast %[[G]] : tensor<?xf64> to tensor<2xf64>
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[IN:.*]] = tensor.insert_slice %[[GS]] into %[[Z]][1] [2] [1] : tensor<2xf64> into tensor<?xf64>
// CHECK-NEXT: scf.yield %[[IN]] : tensor<?xf64>
// CHECK-NEXT: } else {
// CHECK-NEXT: scf.yield %[[G]] : tensor<?xf64>
// CHECK-NEXT: }
// CHECK: return %[[DX]]
func.func @if(%cond: i1, %x: tensor<?xf64>, %i: index) -> tensor<?xf64> {
  %r = scf.if %cond -> (tensor<?xf64>) {
    %t = tensor.extract_slice %x[1] [2] [1] : tensor<?xf64> to tensor<2xf64>
    %c = tensor.cast %t : tensor<2xf64> to tensor<?xf64>
    scf.yield %c : tensor<?xf64>
  } else {
    scf.yield %x : tensor<?xf64>
  }
  %v = tensor.extract %r[%i] : tensor<?xf64>
  %g = scan.grad %v wrt(%x) : f64 wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// The frontend's shape check: one branch computes from two captured values,
// the other yields zeros, so %y's adjoint is zeros in the else branch.
// CHECK-LABEL: func.func @if_zeros
// CHECK-SAME: (%[[COND:.*]]: i1, %[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<f64>) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[D:.*]]:2 = scf.if %[[COND]] -> (tensor<?xf64>, tensor<?xf64>) {
// CHECK: %[[DX:.*]] = linalg.generic {{.*}} ins(%[[Y]], %[[G]] : tensor<?xf64>, tensor<?xf64>)
// CHECK: %[[DY:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[G]] : tensor<?xf64>, tensor<?xf64>)
// CHECK: scf.yield %[[DX]], %[[DY]] : tensor<?xf64>, tensor<?xf64>
// CHECK-NEXT: } else {
// CHECK: %[[ZX:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>)
// CHECK: %[[ZY:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<?xf64>)
// CHECK-NEXT: scf.yield %[[ZX]], %[[ZY]] : tensor<?xf64>, tensor<?xf64>
// CHECK: return %[[D]]#0, %[[D]]#1
func.func @if_zeros(%cond: i1, %x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %r = scf.if %cond -> (tensor<?xf64>) {
    %c0 = arith.constant 0 : index
    %n = tensor.dim %x, %c0 : tensor<?xf64>
    %e = tensor.empty(%n) : tensor<?xf64>
    %s = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
        ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
      ^bb0(%a: f64, %b: f64, %out: f64):
        %m = arith.mulf %a, %b : f64
        linalg.yield %m : f64
    } -> tensor<?xf64>
    scf.yield %s : tensor<?xf64>
  } else {
    %c0 = arith.constant 0 : index
    %n = tensor.dim %x, %c0 : tensor<?xf64>
    %e = tensor.empty(%n) : tensor<?xf64>
    %zero = arith.constant 0.0 : f64
    %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
    scf.yield %z : tensor<?xf64>
  }
  %z = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%z : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %sum = linalg.reduce ins(%r : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%a: f64, %acc: f64) {
      %q = arith.addf %a, %acc : f64
      linalg.yield %q : f64
    }
  %g:2 = scan.grad %sum wrt(%x, %y) : tensor<f64> wrt(tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  return %g#0, %g#1 : tensor<?xf64>, tensor<?xf64>
}
