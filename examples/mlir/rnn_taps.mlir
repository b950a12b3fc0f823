// The RNN of Theano's scan documentation, with sequence taps [-4, 0] and
// output taps [-3, -1]:
//   x(n) = tanh(W x(n-1) + W_in_1 u(n) + W_in_2 u(n-4) + W_feedback y(n-1))
//   y(n) = W_out x(n-3)
// Given u of length L, it runs L - 4 steps ("uvals[0] is u[-4]"). x0 holds
// x[-3], x[-2], x[-1]; y0 holds y[-1].
func.func @rnn_taps(%u: tensor<?x2xf64>, %x0: tensor<3x2xf64>, %y0: tensor<1x2xf64>,
                    %W: tensor<2x2xf64>, %W_in_1: tensor<2x2xf64>, %W_in_2: tensor<2x2xf64>,
                    %W_feedback: tensor<2x2xf64>, %W_out: tensor<2x2xf64>)
    -> (tensor<?x2xf64>, tensor<?x2xf64>) {
  %x, %y = scan.scan
      sequences(%u taps [-4, 0] : tensor<?x2xf64>)
      outputs(%x0 taps [-3, -1] : tensor<3x2xf64> -> tensor<?x2xf64>,
              %y0 : tensor<1x2xf64> -> tensor<?x2xf64>)
      non_sequences(%W : tensor<2x2xf64>, %W_in_1 : tensor<2x2xf64>, %W_in_2 : tensor<2x2xf64>,
                    %W_feedback : tensor<2x2xf64>, %W_out : tensor<2x2xf64>) {
  ^bb0(%u_tm4: tensor<2xf64>, %u_t: tensor<2xf64>, %x_tm3: tensor<2xf64>, %x_tm1: tensor<2xf64>,
       %y_tm1: tensor<2xf64>, %w: tensor<2x2xf64>, %w_in_1: tensor<2x2xf64>, %w_in_2: tensor<2x2xf64>,
       %w_feedback: tensor<2x2xf64>, %w_out: tensor<2x2xf64>):
    %zero = arith.constant 0.0 : f64
    %empty = tensor.empty() : tensor<2xf64>
    %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<2xf64>) -> tensor<2xf64>
    %a = linalg.vecmat ins(%x_tm1, %w : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %b = linalg.vecmat ins(%u_t, %w_in_1 : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %c = linalg.vecmat ins(%u_tm4, %w_in_2 : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %d = linalg.vecmat ins(%y_tm1, %w_feedback : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    %ab = arith.addf %a, %b : tensor<2xf64>
    %abc = arith.addf %ab, %c : tensor<2xf64>
    %abcd = arith.addf %abc, %d : tensor<2xf64>
    %x_t = math.tanh %abcd : tensor<2xf64>
    %y_t = linalg.vecmat ins(%x_tm3, %w_out : tensor<2xf64>, tensor<2x2xf64>) outs(%init : tensor<2xf64>) -> tensor<2xf64>
    scan.yield %x_t, %y_t : tensor<2xf64>, tensor<2xf64>
  }
  return %x, %y : tensor<?x2xf64>, tensor<?x2xf64>
}
