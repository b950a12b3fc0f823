// Plain tensor functions (no scan) through the whole CPU pipeline and the
// JIT; the expected values are numpy's for the same inputs.

// RUN: scan-run %s -f add_tanh --arg '[1,2,3]:f64' --arg '[0.5,-4,0]:f64' \
// RUN:   | FileCheck %s --check-prefix=ADD \
// RUN:   --strict-whitespace --match-full-lines
// ADD:result #0: f64[3]
// ADD-NEXT:[ 0.90514825 -0.96402758  0.99505475]
// ADD-NOT:result

// RUN: scan-run %s -f matmul --arg '[[1,2],[3,4]]:f64' \
// RUN:   --arg '[[1,0,1],[0,1,-1]]:f64' | FileCheck %s --check-prefix=MATMUL \
// RUN:   --strict-whitespace --match-full-lines
// MATMUL:result #0: f64[2, 3]
// MATMUL-NEXT:{{\[\[}} 1.  2. -1.]
// MATMUL-NEXT: [ 3.  4. -1.]]

// RUN: scan-run %s -f stats --arg '[1, -2.5, 4]' --arg 21:i32 \
// RUN:   | FileCheck %s --check-prefix=STATS \
// RUN:   --strict-whitespace --match-full-lines
// STATS:result #0: f64[3]
// STATS-NEXT:[1.  2.5 4. ]
// STATS-NEXT:result #1: f64[]
// STATS-NEXT:2.5
// STATS-NEXT:result #2: i32[]
// STATS-NEXT:42
// STATS-NEXT:result #3: i64[]
// STATS-NEXT:3

// RUN: scan-run %s -f less --arg '[1,2,3]:f64' --arg '[2,2,2]:f64' \
// RUN:   | FileCheck %s --check-prefix=LESS \
// RUN:   --strict-whitespace --match-full-lines
// LESS:result #0: bool[3]
// LESS-NEXT:[ True False False]

func.func @add_tanh(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %s = arith.addf %a, %b : tensor<?xf64>
  %t = math.tanh %s : tensor<?xf64>
  return %t : tensor<?xf64>
}

func.func @matmul(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf64>
  %n = tensor.dim %b, %c1 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %init = tensor.empty(%m, %n) : tensor<?x?xf64>
  %filled = linalg.fill ins(%zero : f64) outs(%init : tensor<?x?xf64>) -> tensor<?x?xf64>
  %r = linalg.matmul ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>)
                     outs(%filled : tensor<?x?xf64>) -> tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}

func.func @stats(%a: tensor<?xf64>, %k: i32) -> (tensor<?xf64>, f64, i32, index) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %init = tensor.empty() : tensor<f64>
  %acc = linalg.fill ins(%zero : f64) outs(%init : tensor<f64>) -> tensor<f64>
  %sum = linalg.reduce ins(%a : tensor<?xf64>) outs(%acc : tensor<f64>) dimensions = [0]
    (%x: f64, %s: f64) {
      %y = arith.addf %x, %s : f64
      linalg.yield %y : f64
    }
  %total = tensor.extract %sum[] : tensor<f64>
  %doubled = arith.addi %k, %k : i32
  %n = tensor.dim %a, %c0 : tensor<?xf64>
  %abs = math.absf %a : tensor<?xf64>
  return %abs, %total, %doubled, %n : tensor<?xf64>, f64, i32, index
}

func.func @less(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xi1> {
  %r = arith.cmpf olt, %a, %b : tensor<?xf64>
  return %r : tensor<?xi1>
}
