// RUN: scan-run %s --arg '0:i64' --arg '5:i32' | FileCheck %s
// k = shared(0); accumulator(5) leaves k at 5.
// CHECK: result #0: i64[]
// CHECK-NEXT: 5

// Seed (PyTensor tutorial): a shared variable k incremented once per step,
// k = k + 1, over n steps; the function returns k's final value.
func.func @accumulate(%k: tensor<i64>, %n: i32) -> tensor<i64> {
  %final = scan.scan n_steps(%n : i32) shared(%k : tensor<i64>) {
  ^bb0(%kk: tensor<i64>):
    %one = arith.constant dense<1> : tensor<i64>
    %next = arith.addi %kk, %one : tensor<i64>
    scan.yield %next : tensor<i64>
  }
  return %final : tensor<i64>
}
