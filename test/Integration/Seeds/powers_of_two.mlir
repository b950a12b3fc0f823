// RUN: scan-run %s --arg '45:f64' | FileCheck %s
// f(45) stops after the first power above 45:
// CHECK: result #0: f64[6]
// CHECK-NEXT: [ 2.  4.  8. 16. 32. 64.]

// Seed (Theano's guide): the powers of two up to the first above max_value,
// with `until` ending the scan early (n_steps = 1024 is only a bound).
func.func @power_of_2(%max_value: tensor<f64>) -> tensor<?xf64> {
  %c1024 = arith.constant 1024 : index
  %one = arith.constant dense<1.0> : tensor<1xf64>
  %r = scan.scan n_steps(%c1024 : index)
      outputs(%one : tensor<1xf64> -> tensor<?xf64>)
      non_sequences(%max_value : tensor<f64>) {
  ^bb0(%previous_power: tensor<f64>, %m: tensor<f64>):
    %two = arith.constant dense<2.0> : tensor<f64>
    %next = arith.mulf %previous_power, %two : tensor<f64>
    %gt = arith.cmpf ogt, %next, %m : tensor<f64>
    %stop = tensor.extract %gt[] : tensor<i1>
    scan.yield %next : tensor<f64> until %stop : i1
  }
  return %r : tensor<?xf64>
}
