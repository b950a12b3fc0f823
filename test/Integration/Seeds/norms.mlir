// RUN: scan-run %s -f row_norms --arg '[[0,1,0,0,0,0],[0,0,2,0,0,0],[0,0,0,3,0,0],[0,0,0,0,4,0],[0,0,0,0,0,5],[0,0,0,0,0,0]]:f64' | FileCheck %s --check-prefix=ROWS
// RUN: scan-run %s -f column_norms --arg '[[0,1,0,0,0,0],[0,0,2,0,0,0],[0,0,0,3,0,0],[0,0,0,0,4,0],[0,0,0,0,0,5],[0,0,0,0,0,0]]:f64' | FileCheck %s --check-prefix=COLS
// x = np.diag(np.arange(1, 6), 1):
// ROWS: result #0: f64[6]
// ROWS-NEXT: [1. 2. 3. 4. 5. 0.]
// COLS: result #0: f64[6]
// COLS-NEXT: [0. 1. 2. 3. 4. 5.]

// Seed (PyTensor tutorial): the norms of the rows of X, and of its columns
// (a scan over X.T).
func.func @norm(%v: tensor<?xf64>) -> tensor<f64> {
  %zero = arith.constant 0.0 : f64
  %empty = tensor.empty() : tensor<f64>
  %acc = linalg.fill ins(%zero : f64) outs(%empty : tensor<f64>) -> tensor<f64>
  %sq = arith.mulf %v, %v : tensor<?xf64>
  %sum = linalg.reduce ins(%sq : tensor<?xf64>) outs(%acc : tensor<f64>) dimensions = [0]
    (%in: f64, %out: f64) {
      %s = arith.addf %in, %out : f64
      linalg.yield %s : f64
    }
  %norm = math.sqrt %sum : tensor<f64>
  return %norm : tensor<f64>
}

func.func @row_norms(%X: tensor<?x?xf64>) -> tensor<?xf64> {
  %r = scan.scan sequences(%X : tensor<?x?xf64>) outputs(none -> tensor<?xf64>) {
  ^bb0(%row: tensor<?xf64>):
    %n = func.call @norm(%row) : (tensor<?xf64>) -> tensor<f64>
    scan.yield %n : tensor<f64>
  }
  return %r : tensor<?xf64>
}

func.func @column_norms(%X: tensor<?x?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = tensor.dim %X, %c0 : tensor<?x?xf64>
  %cols = tensor.dim %X, %c1 : tensor<?x?xf64>
  %empty = tensor.empty(%cols, %rows) : tensor<?x?xf64>
  %XT = linalg.transpose ins(%X : tensor<?x?xf64>) outs(%empty : tensor<?x?xf64>) permutation = [1, 0]
  %r = scan.scan sequences(%XT : tensor<?x?xf64>) outputs(none -> tensor<?xf64>) {
  ^bb0(%col: tensor<?xf64>):
    %n = func.call @norm(%col) : (tensor<?xf64>) -> tensor<f64>
    scan.yield %n : tensor<f64>
  }
  return %r : tensor<?xf64>
}
