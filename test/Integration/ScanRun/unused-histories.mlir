// Three recurrent outputs that start from one initial value, only the last
// of which is returned: their full histories used to start from one
// tensor.empty (merged by CSE) and shared a buffer after bufferization, so
// the unused outputs' writes overwrote the steps the returned one reads
// (the result was all zeros). p_t = 2 p_{t-1} + u_t, w_t = w_{t-1} +
// u_t p_{t-1}, q_t = q_{t-1} + p_{t-1} + w_{t-1} over u = [1, 2, 3, 4]:
// q = [0, 1, 7, 32] (a plain loop by hand).

// RUN: scan-run %s --arg '[1,2,3,4]:f64' | FileCheck %s \
// RUN:   --strict-whitespace --match-full-lines
// CHECK:result #0: f64[4]
// CHECK-NEXT:[ 0.  1.  7. 32.]

func.func @main(%u: tensor<?xf64>) -> tensor<?xf64> {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %two = arith.constant dense<2.0> : tensor<f64>
  %p, %w, %q = scan.scan
      sequences(%u : tensor<?xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<?xf64>,
              %zero : tensor<1xf64> -> tensor<?xf64>,
              %zero : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%ut: tensor<f64>, %pp: tensor<f64>, %wp: tensor<f64>, %qp: tensor<f64>):
    %p2 = arith.mulf %pp, %two : tensor<f64>
    %pn = arith.addf %p2, %ut : tensor<f64>
    %up = arith.mulf %ut, %pp : tensor<f64>
    %wn = arith.addf %wp, %up : tensor<f64>
    %qa = arith.addf %qp, %pp : tensor<f64>
    %qn = arith.addf %qa, %wp : tensor<f64>
    scan.yield %pn, %wn, %qn : tensor<f64>, tensor<f64>, tensor<f64>
  }
  return %q : tensor<?xf64>
}
