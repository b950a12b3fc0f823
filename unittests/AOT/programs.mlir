// Compiled ahead of time by scan-compile for AOTTest.cpp, which links the
// object with the runtime alone and checks each function against a plain
// loop. The RNN it also calls is the bench's W3, compiled from its one copy
// (test/Integration/Workloads/rnn.mlir) into an object of its own.

// The first n steps of a cumulative sum: n past the sequence's end is a
// run-time error.
func.func @cumsum(%n: i32, %x: tensor<?xf64>) -> tensor<?xf64> {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %r = scan.scan n_steps(%n : i32) sequences(%x : tensor<?xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%xt: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %xt : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// Two results: the running sums from the front and from the back
// (go_backwards), returned through a struct.
func.func @sums(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %zero = arith.constant dense<0.0> : tensor<1xf64>
  %f = scan.scan sequences(%x : tensor<?xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%xt: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %xt : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  %b = scan.scan go_backwards sequences(%x : tensor<?xf64>)
      outputs(%zero : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%xt: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %xt : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %f, %b : tensor<?xf64>, tensor<?xf64>
}

// One scalar result, returned by value.
func.func @dot(%a: tensor<?xf64>, %b: tensor<?xf64>) -> f64 {
  %zero = arith.constant dense<0.0> : tensor<f64>
  %d = linalg.dot ins(%a, %b : tensor<?xf64>, tensor<?xf64>)
      outs(%zero : tensor<f64>) -> tensor<f64>
  %r = tensor.extract %d[] : tensor<f64>
  return %r : f64
}
