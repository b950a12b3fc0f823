// scan-exec calls ahead-of-time code in a shared library, without LLVM or
// MLIR, as scan-run calls the JIT: same arguments, same printing, same
// checks and errors.

// RUN: scan-compile %s -o %t.o
// RUN: %cc -shared %t.o -o %t.so
// RUN: scan-exec %t.so -f cumsum --arg 3:i32 --arg '[1,2,3,4]:f64' \
// RUN:   | FileCheck %s --check-prefix=CUMSUM
// CUMSUM:      result #0: f64[3]
// CUMSUM-NEXT: [1. 3. 6.]

// The JIT's results as .npy, compared by scan-exec.
// RUN: scan-run %s -f cumsum --arg 4:i32 --arg '[1,2,3,4]:f64' --out-npy %t.expected
// RUN: scan-exec %t.so -f cumsum --arg 4:i32 --arg '[1,2,3,4]:f64' --expect-npy %t.expected \
// RUN:   | FileCheck %s --check-prefix=MATCH
// MATCH: results match
// RUN: not scan-exec %t.so -f cumsum --arg 4:i32 --arg '[1,2,3,5]:f64' --expect-npy %t.expected 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: scan-exec: error: the results differ from {{.*}}: result #0: element 3 is 11.000000, expected 10.000000

// RUN: scan-exec %t.so -f pair --arg '[[1,2],[3,4]]:f32' | FileCheck %s --check-prefix=PAIR
// PAIR:      result #0: f32[2, 2]
// PAIR-NEXT: {{\[\[}}2. 4.]
// PAIR-NEXT:  [6. 8.]]
// PAIR-NEXT: result #1: i64
// PAIR-NEXT: 2

// RUN: not scan-exec %t.so -f cumsum --arg 5:i32 --arg '[1,2,3,4]:f64' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: scan-exec: error: @cumsum: scan: n_steps (5) exceeds the 4 steps that sequence #0 provides

// RUN: not scan-exec %t.so -f cumsum --arg 3:i32 --arg '[1,2]:f32' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DTYPE
// DTYPE: scan-exec: error: argument #1 of @cumsum has dtype f32 but the function expects f64

// RUN: not scan-exec %t.so -f missing 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: scan-exec: error: the library has no function @missing compiled by scan-compile

// RUN: not scan-exec %t.missing.so -f cumsum 2>&1 | FileCheck %s --check-prefix=LIBRARY
// LIBRARY: scan-exec: error: cannot load '{{.*}}missing.so':

// RUN: not scan-exec %t.so 2>&1 | FileCheck %s --check-prefix=CLI
// CLI: scan-exec: error: --function is required (run with --help for the options)

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

func.func @pair(%x: tensor<?x2xf32>) -> (tensor<?x2xf32>, index) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x2xf32>
  %y = arith.addf %x, %x : tensor<?x2xf32>
  return %y, %n : tensor<?x2xf32>, index
}
