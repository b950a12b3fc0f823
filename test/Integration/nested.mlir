// Nested scans whose steps are vectors and matrices, with dynamic sizes (as
// the frontend emits them): the outer scan learns its step shape from a
// first run of its body, which clones the inner scan; the lowering lowers
// that clone too (issue 8, item 4). Expected values derived by hand.

// map(lambda row: map(lambda a: a * 2, row), M): a vector per step.
// RUN: scan-run %s -f double_rows --arg '[[1,2],[3,4]]:f64' | FileCheck %s --check-prefix=ROWS
// ROWS: result #0: f64[2, 2]
// ROWS-NEXT: {{\[\[}}2. 4.]
// ROWS-NEXT: [6. 8.]]
func.func @double_rows(%M: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %two = arith.constant dense<2.0> : tensor<f64>
  %r = scan.scan sequences(%M : tensor<?x?xf64>) outputs(none -> tensor<?x?xf64>) {
  ^bb0(%row: tensor<?xf64>):
    %in = scan.scan sequences(%row : tensor<?xf64>) outputs(none -> tensor<?xf64>) {
    ^bb0(%a: tensor<f64>):
      %m = arith.mulf %a, %two : tensor<f64>
      scan.yield %m : tensor<f64>
    }
    scan.yield %in : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}

// Three levels: a matrix per outer step, built by a scan over its rows that
// itself scans each row's elements (each element + 1).
// RUN: scan-run %s -f add_one_3d --arg '[[[1,2],[3,4]],[[5,6],[7,8]]]:f64' | FileCheck %s --check-prefix=CUBE
// CUBE: result #0: f64[2, 2, 2]
// CUBE-NEXT: {{\[\[\[}}2. 3.]
// CUBE-NEXT: [4. 5.]]
// CUBE-EMPTY:
// CUBE-NEXT: {{\[\[}}6. 7.]
// CUBE-NEXT: [8. 9.]]]
func.func @add_one_3d(%T: tensor<?x?x?xf64>) -> tensor<?x?x?xf64> {
  %one = arith.constant dense<1.0> : tensor<f64>
  %r = scan.scan sequences(%T : tensor<?x?x?xf64>) outputs(none -> tensor<?x?x?xf64>) {
  ^bb0(%mat: tensor<?x?xf64>):
    %rows = scan.scan sequences(%mat : tensor<?x?xf64>) outputs(none -> tensor<?x?xf64>) {
    ^bb0(%row: tensor<?xf64>):
      %elems = scan.scan sequences(%row : tensor<?xf64>) outputs(none -> tensor<?xf64>) {
      ^bb0(%a: tensor<f64>):
        %s = arith.addf %a, %one : tensor<f64>
        scan.yield %s : tensor<f64>
      }
      scan.yield %elems : tensor<?xf64>
    }
    scan.yield %rows : tensor<?x?xf64>
  }
  return %r : tensor<?x?x?xf64>
}

// The inner scan's last step, a vector: per row r of M, r**3 by a recurrent
// inner scan of 3 steps (x_t = x_{t-1} * r from ones).
// RUN: scan-run %s -f cube_rows --arg '[[1,2],[3,4]]:f64' | FileCheck %s --check-prefix=LAST
// LAST: result #0: f64[2, 2]
// LAST-NEXT: {{\[\[}} 1.  8.]
// LAST-NEXT: [27. 64.]]
func.func @cube_rows(%M: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = scan.scan sequences(%M : tensor<?x?xf64>) outputs(none -> tensor<?x?xf64>) {
  ^bb0(%row: tensor<?xf64>):
    %n = tensor.dim %row, %c0 : tensor<?xf64>
    %empty = tensor.empty(%n) : tensor<1x?xf64>
    %f1 = arith.constant 1.0 : f64
    %ones = linalg.fill ins(%f1 : f64) outs(%empty : tensor<1x?xf64>) -> tensor<1x?xf64>
    %p = scan.scan n_steps(%c3 : index) outputs(%ones : tensor<1x?xf64> -> tensor<?x?xf64>)
        non_sequences(%row : tensor<?xf64>) {
    ^bb0(%prior: tensor<?xf64>, %a: tensor<?xf64>):
      %m = arith.mulf %prior, %a : tensor<?xf64>
      scan.yield %m : tensor<?xf64>
    }
    %steps = tensor.dim %p, %c0 : tensor<?x?xf64>
    %lastRow = arith.subi %steps, %c1 : index
    %last = tensor.extract_slice %p[%lastRow, 0] [1, %n] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
    scan.yield %last : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}
