// Compiled ahead of time by scan-compile for AOTTest.cpp, which links the
// object with the runtime alone and checks each function against a plain
// loop.

// h_t = tanh(W h_{t-1} + U x_t + b): BLAS glue for the matrix-vector
// products, the runtime's heap for the histories.
func.func @rnn(%X: tensor<?x?xf32>, %h0: tensor<1x?xf32>, %W: tensor<?x?xf32>,
               %U: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %r = scan.scan sequences(%X : tensor<?x?xf32>)
      outputs(%h0 : tensor<1x?xf32> -> tensor<?x?xf32>)
      non_sequences(%W : tensor<?x?xf32>, %U : tensor<?x?xf32>, %b : tensor<?xf32>) {
  ^bb0(%x: tensor<?xf32>, %h: tensor<?xf32>, %w: tensor<?x?xf32>,
       %u: tensor<?x?xf32>, %bb: tensor<?xf32>):
    %y1 = linalg.matvec ins(%w, %h : tensor<?x?xf32>, tensor<?xf32>)
        outs(%bb : tensor<?xf32>) -> tensor<?xf32>
    %y2 = linalg.matvec ins(%u, %x : tensor<?x?xf32>, tensor<?xf32>)
        outs(%y1 : tensor<?xf32>) -> tensor<?xf32>
    %t = math.tanh %y2 : tensor<?xf32>
    scan.yield %t : tensor<?xf32>
  }
  return %r : tensor<?x?xf32>
}

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
