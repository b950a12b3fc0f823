// RUN: scan-opt %s --scan-differentiate --split-input-file --verify-diagnostics

// scan.grad differentiates a floating-point scalar cost.
func.func @vector_cost(%x: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error @below {{'scan.grad' op needs a floating-point scalar cost (f32, f64 or a rank-0 tensor of one), got 'tensor<?xf64>'}}
  %g = scan.grad %x wrt(%x) : tensor<?xf64> wrt(tensor<?xf64>) -> (tensor<?xf64>)
  return %g : tensor<?xf64>
}

// -----

func.func @integer_cost(%x: i64) -> i64 {
  // expected-error @below {{'scan.grad' op needs a floating-point scalar cost (f32, f64 or a rank-0 tensor of one), got 'i64'}}
  %g = scan.grad %x wrt(%x) : i64 wrt(i64) -> (i64)
  return %g : i64
}

// -----

// Each gradient has the type of the value it differentiates with respect to.
func.func @result_type(%x: tensor<?xf64>, %c: f64) -> tensor<3xf64> {
  // expected-error @below {{'scan.grad' op result #0 has type 'tensor<3xf64>', but the value it differentiates with respect to has type 'tensor<?xf64>'}}
  %g = scan.grad %c wrt(%x) : f64 wrt(tensor<?xf64>) -> (tensor<3xf64>)
  return %g : tensor<3xf64>
}

// -----

// One gradient per wrt value.
func.func @result_count(%c: f64, %x: f64, %y: f64) -> f64 {
  // expected-error @below {{'scan.grad' op has 1 results for 2 values to differentiate with respect to}}
  %g = "scan.grad"(%c, %x, %y) : (f64, f64, f64) -> f64
  return %g : f64
}

// -----

// The steps update the shared value: its gradient would need the history of
// its values, which a shared value does not keep.
func.func @updated_shared(%k: tensor<f64>, %n: index) -> tensor<f64> {
  // expected-error @below {{'scan.scan' op cannot be differentiated through the updates of shared value #0 (differentiate with respect to values the steps read, or pass the state as a recurrent output)}}
  %final = scan.scan n_steps(%n : index)
      shared(%k : tensor<f64>) {
  ^bb0(%kk: tensor<f64>):
    %next = arith.mulf %kk, %kk : tensor<f64>
    scan.yield %next : tensor<f64>
  }
  %g = scan.grad %final wrt(%k) : tensor<f64> wrt(tensor<f64>) -> (tensor<f64>)
  return %g : tensor<f64>
}

// -----

// scan-save-mem kept only the last step of the output: the backward scan
// needs all of them.
func.func @last_steps(%A: tensor<10xf64>, %ones: tensor<1x10xf64>, %k: index) -> tensor<10xf64> {
  // expected-error @below {{'scan.scan' op cannot be differentiated once scan-save-mem kept only the last steps of its outputs (differentiate first)}}
  %r = scan.scan n_steps(%k : index)
      outputs(%ones : tensor<1x10xf64> -> tensor<?x10xf64> last 1)
      non_sequences(%A : tensor<10xf64>) {
  ^bb0(%prior: tensor<10xf64>, %a: tensor<10xf64>):
    %p = arith.mulf %prior, %a : tensor<10xf64>
    scan.yield %p : tensor<10xf64>
  }
  %c0 = arith.constant 0 : index
  %x = tensor.extract %r[%c0, %c0] : tensor<?x10xf64>
  %g = scan.grad %x wrt(%A) : f64 wrt(tensor<10xf64>) -> (tensor<10xf64>)
  return %g : tensor<10xf64>
}
