// A shared counter updated by a scan of one step: with the step count known
// at compile time (the call's shapes), the one-step loop folded away and the
// update was materialized in the caller's read-only buffer, an internal
// compiler error in scan-bufferize ("would write to read-only buffer"). The
// counter goes from 5 to 6 after one step, 5 to 7 after two (by hand).

// RUN: scan-run %s --arg '[1.0]' --arg '5:i64' | FileCheck %s --check-prefix=ONE \
// RUN:   --strict-whitespace --match-full-lines
// ONE:result #0: f64[1]
// ONE-NEXT:[2.]
// ONE-NEXT:result #1: i64[]
// ONE-NEXT:6

// RUN: scan-run %s --arg '[1.0, 2.0]' --arg '5:i64' | FileCheck %s --check-prefix=TWO \
// RUN:   --strict-whitespace --match-full-lines
// TWO:result #0: f64[2]
// TWO-NEXT:[2. 4.]
// TWO-NEXT:result #1: i64[]
// TWO-NEXT:7

func.func @main(%x: tensor<?xf64>, %count: tensor<i64>)
    -> (tensor<?xf64>, tensor<i64>) {
  %doubled, %final = scan.scan
      sequences(%x : tensor<?xf64>)
      outputs(none -> tensor<?xf64>)
      shared(%count : tensor<i64>) {
  ^bb0(%x_t: tensor<f64>, %c: tensor<i64>):
    %two = arith.constant dense<2.0> : tensor<f64>
    %d = arith.mulf %x_t, %two : tensor<f64>
    %one = arith.constant dense<1> : tensor<i64>
    %next = arith.addi %c, %one : tensor<i64>
    scan.yield %d, %next : tensor<f64>, tensor<i64>
  }
  return %doubled, %final : tensor<?xf64>, tensor<i64>
}
