// Products of transposed operands, through the whole CPU pipeline: the
// transposes fold into the matmuls' maps (scan-fold-transposes-into-matmul);
// with blas-min-flops=0 the matmuls call BLAS with transposed views, by
// default (too small for BLAS) they become loops.
//
// A = [[1, 2], [3, 4], [5, 6]], B = [[1, 0, 2], [0, 1, 1], [1, 1, 0]]:
// A^T B = [[1+0+5, 0+3+5, 2+3+0], [2+0+6, 0+4+6, 4+4+0]] = [[6, 8, 5], [8, 10, 8]].
// C = [[1, 1], [0, 1], [2, 0]]: A C^T = [[3, 2, 2], [7, 4, 6], [11, 6, 10]].

// RUN: scan-run %s -f transposed_lhs --arg "[[1, 2], [3, 4], [5, 6]]:f64" \
// RUN:   --arg "[[1, 0, 2], [0, 1, 1], [1, 1, 0]]:f64" | FileCheck %s --check-prefix=LHS
// RUN: scan-run %s -f transposed_lhs --arg "[[1, 2], [3, 4], [5, 6]]:f64" \
// RUN:   --arg "[[1, 0, 2], [0, 1, 1], [1, 1, 0]]:f64" \
// RUN:   --pipeline-options blas-min-flops=0 | FileCheck %s --check-prefix=LHS
// LHS:      result #0: f64[2, 3]
// LHS-NEXT: {{\[\[}} 6. 8. 5.]
// LHS-NEXT: {{ \[}} 8. 10. 8.]]

// RUN: scan-run %s -f transposed_rhs --arg "[[1, 2], [3, 4], [5, 6]]:f64" \
// RUN:   --arg "[[1, 1], [0, 1], [2, 0]]:f64" | FileCheck %s --check-prefix=RHS
// RUN: scan-run %s -f transposed_rhs --arg "[[1, 2], [3, 4], [5, 6]]:f64" \
// RUN:   --arg "[[1, 1], [0, 1], [2, 0]]:f64" \
// RUN:   --pipeline-options blas-min-flops=0 | FileCheck %s --check-prefix=RHS
// RHS:      result #0: f64[3, 3]
// RHS-NEXT: {{\[\[}} 3. 2. 2.]
// RHS-NEXT: {{ \[}} 7. 4. 6.]
// RHS-NEXT: {{ \[}}11. 6. 10.]]

// RUN: scan-opt %s --scan-lower-loops | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @transposed_lhs
// IR-NOT:   linalg.transpose
// IR:       linalg.matmul indexing_maps
// IR-LABEL: func.func @transposed_rhs
// IR-NOT:   linalg.transpose
// IR:       linalg.matmul indexing_maps

func.func @transposed_lhs(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %rows = tensor.dim %a, %c0 : tensor<?x?xf64>
  %cols = tensor.dim %a, %c1 : tensor<?x?xf64>
  %n = tensor.dim %b, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%cols, %rows) : tensor<?x?xf64>
  %at = linalg.transpose ins(%a : tensor<?x?xf64>) outs(%e : tensor<?x?xf64>) permutation = [1, 0]
  %o = tensor.empty(%cols, %n) : tensor<?x?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%o : tensor<?x?xf64>) -> tensor<?x?xf64>
  %r = linalg.matmul ins(%at, %b : tensor<?x?xf64>, tensor<?x?xf64>)
      outs(%z : tensor<?x?xf64>) -> tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}

func.func @transposed_rhs(%a: tensor<?x?xf64>, %c: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %rows = tensor.dim %a, %c0 : tensor<?x?xf64>
  %crows = tensor.dim %c, %c0 : tensor<?x?xf64>
  %ccols = tensor.dim %c, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%ccols, %crows) : tensor<?x?xf64>
  %ct = linalg.transpose ins(%c : tensor<?x?xf64>) outs(%e : tensor<?x?xf64>) permutation = [1, 0]
  %o = tensor.empty(%rows, %crows) : tensor<?x?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%o : tensor<?x?xf64>) -> tensor<?x?xf64>
  %r = linalg.matmul ins(%a, %ct : tensor<?x?xf64>, tensor<?x?xf64>)
      outs(%z : tensor<?x?xf64>) -> tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}
