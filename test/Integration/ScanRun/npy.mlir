// Results written with --out-npy read back as arguments.

// RUN: rm -rf %t && scan-run %s --arg '[[1,2],[3,4]]:f32' --out-npy %t \
// RUN:   | FileCheck %s --check-prefix=FIRST \
// RUN:   --strict-whitespace --match-full-lines
// FIRST:result #0: f32[2, 2]
// FIRST-NEXT:{{\[\[}}2. 4.]
// FIRST-NEXT: [6. 8.]]

// RUN: scan-run %s --arg %t/result0.npy | FileCheck %s --check-prefix=SECOND \
// RUN:   --strict-whitespace --match-full-lines
// SECOND:result #0: f32[2, 2]
// SECOND-NEXT:{{\[\[}} 4.  8.]
// SECOND-NEXT: [12. 16.]]

func.func @twice(%a: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = arith.addf %a, %a : tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
