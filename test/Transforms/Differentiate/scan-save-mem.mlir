// RUN: scan-opt %s --scan-differentiate --canonicalize --cse --scan-save-mem | FileCheck %s

// The backward scan keeps one row of what it carries: the pending adjoint
// of the recurrent output and the sum of the non-sequence's adjoints are
// read only at their last step (issue 11: memory); the forward output's
// full history stays, since the backward scan reads every step of it.

// CHECK-LABEL: func.func @rnn_gradient
// CHECK: %[[FWD:.*]] = scan.scan
// CHECK-NEXT: sequences(%{{.*}} : tensor<?x4xf64>)
// CHECK-NEXT: outputs(%{{.*}} : tensor<1x4xf64> -> tensor<?x4xf64>){{$}}
// CHECK: scan.scan n_steps(%{{.*}} : index) go_backwards
// CHECK-NEXT: sequences(
// CHECK-NEXT: outputs(%{{.*}} : tensor<1x4xf64> -> tensor<?x4xf64> last 1, %{{.*}} : tensor<1x4x4xf64> -> tensor<?x4x4xf64> last 1)
func.func @rnn_gradient(%x: tensor<?x4xf64>, %h0: tensor<1x4xf64>,
                        %w: tensor<4x4xf64>) -> tensor<4x4xf64> {
  %h = scan.scan sequences(%x : tensor<?x4xf64>)
      outputs(%h0 : tensor<1x4xf64> -> tensor<?x4xf64>)
      non_sequences(%w : tensor<4x4xf64>) {
  ^bb0(%xt: tensor<4xf64>, %hp: tensor<4xf64>, %wv: tensor<4x4xf64>):
    %zero = arith.constant dense<0.0> : tensor<4xf64>
    %wh = linalg.matvec ins(%wv, %hp : tensor<4x4xf64>, tensor<4xf64>)
        outs(%zero : tensor<4xf64>) -> tensor<4xf64>
    %s = arith.addf %wh, %xt : tensor<4xf64>
    %y = math.tanh %s : tensor<4xf64>
    scan.yield %y : tensor<4xf64>
  }
  %init = arith.constant dense<0.0> : tensor<f64>
  %sum = linalg.reduce ins(%h : tensor<?x4xf64>) outs(%init : tensor<f64>)
      dimensions = [0, 1]
      (%in: f64, %acc: f64) {
        %a = arith.addf %in, %acc : f64
        linalg.yield %a : f64
      }
  %g = scan.grad %sum wrt(%w) : tensor<f64> wrt(tensor<4x4xf64>) -> (tensor<4x4xf64>)
  return %g : tensor<4x4xf64>
}
