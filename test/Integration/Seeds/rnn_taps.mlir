// RUN: scan-run %s --arg '[0,1,2,3,4,5,6,7,8]:f64' --arg '[0.1,0.2,0.3]:f64' --arg '[0.5]:f64' --arg '0.5:f64' --arg '0.1:f64' --arg '0.2:f64' --arg '0.3:f64' --arg '2.0:f64' | FileCheck %s
// u = [0..8] ("uvals[0] is u[-4]"), x[-3..-1] = 0.1, 0.2, 0.3, y[-1] = 0.5,
// W = 0.5, W_in_1 = 0.1, W_in_2 = 0.2, W_feedback = 0.3, W_out = 2. By hand:
//   x(0) = tanh(0.5 * 0.3 + 0.1 * u[4] + 0.2 * u[0] + 0.3 * 0.5) = tanh(0.7)
//   y(0..2) = 2 * x[-3..-1] = 0.2, 0.4, 0.6; y(3) = 2 x(0); y(4) = 2 x(1)
// and the rest from a plain loop.
// CHECK: result #0: f64[5]
// CHECK-NEXT: [0.60436778 0.78649827 0.90751395 0.95903599 0.98498441]
// CHECK: result #1: f64[5]
// CHECK-NEXT: [0.2        0.4        0.6        1.20873555 1.57299654]

// Seed (Theano's guide): the RNN with sequence taps [-4, 0] and output taps
// [-3, -1] (x) and [-1] (y):
//   x(n) = tanh(W x(n-1) + W_in_1 u(n) + W_in_2 u(n-4) + W_feedback y(n-1))
//   y(n) = W_out x(n-3)
// on scalars (1-element vectors), so that the expected values can be derived
// by hand; u of length 9 gives 9 - 4 = 5 steps.
func.func @rnn(%u: tensor<9xf64>, %x0: tensor<3xf64>, %y0: tensor<1xf64>,
               %W: tensor<f64>, %W_in_1: tensor<f64>, %W_in_2: tensor<f64>,
               %W_feedback: tensor<f64>, %W_out: tensor<f64>) -> (tensor<5xf64>, tensor<5xf64>) {
  %x, %y = scan.scan
      sequences(%u taps [-4, 0] : tensor<9xf64>)
      outputs(%x0 taps [-3, -1] : tensor<3xf64> -> tensor<5xf64>,
              %y0 : tensor<1xf64> -> tensor<5xf64>)
      non_sequences(%W : tensor<f64>, %W_in_1 : tensor<f64>, %W_in_2 : tensor<f64>,
                    %W_feedback : tensor<f64>, %W_out : tensor<f64>) {
  ^bb0(%u_tm4: tensor<f64>, %u_t: tensor<f64>, %x_tm3: tensor<f64>, %x_tm1: tensor<f64>,
       %y_tm1: tensor<f64>, %w: tensor<f64>, %w_in_1: tensor<f64>, %w_in_2: tensor<f64>,
       %w_feedback: tensor<f64>, %w_out: tensor<f64>):
    %a = arith.mulf %w, %x_tm1 : tensor<f64>
    %b = arith.mulf %w_in_1, %u_t : tensor<f64>
    %c = arith.mulf %w_in_2, %u_tm4 : tensor<f64>
    %d = arith.mulf %w_feedback, %y_tm1 : tensor<f64>
    %ab = arith.addf %a, %b : tensor<f64>
    %abc = arith.addf %ab, %c : tensor<f64>
    %abcd = arith.addf %abc, %d : tensor<f64>
    %x_t = math.tanh %abcd : tensor<f64>
    %y_t = arith.mulf %w_out, %x_tm3 : tensor<f64>
    scan.yield %x_t, %y_t : tensor<f64>, tensor<f64>
  }
  return %x, %y : tensor<5xf64>, tensor<5xf64>
}
