// RUN: scan-opt %s --split-input-file --scan-specialize-shapes --verify-diagnostics | FileCheck %s
// RUN: scan-opt %s --split-input-file --scan-specialize-shapes --canonicalize --verify-diagnostics | FileCheck %s --check-prefix=CANON

// Dynamic sizes take the call's shapes; static and non-tensor arguments keep
// their types; each argument is cast back for its uses.
// CHECK-LABEL: func.func @cumsum
// CHECK-SAME: (%[[X:.*]]: tensor<5xf64>, %[[X0:.*]]: tensor<1xf64>, %[[N:.*]]: i32) -> tensor<?xf64>
// CHECK-NOT: scan.argument_shapes
// CHECK: %[[CAST:.*]] = tensor.cast %[[X]] : tensor<5xf64> to tensor<?xf64>
// CHECK: scan.scan
// CHECK-NEXT: sequences(%[[CAST]] : tensor<?xf64>)
func.func @cumsum(%x: tensor<?xf64>, %x0: tensor<1xf64>, %n: i32) -> tensor<?xf64>
    attributes {scan.argument_shapes = [array<i64: 5>, array<i64: 1>, array<i64>]} {
  %r = scan.scan sequences(%x : tensor<?xf64>) outputs(%x0 : tensor<1xf64> -> tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %acc: tensor<f64>):
    %s = arith.addf %acc, %a : tensor<f64>
    scan.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// After canonicalization the scan's steps have static sizes (its length
// stays dynamic: see FoldCastsIntoScanInputs).
// CANON-LABEL: func.func @double_rows
// CANON-SAME: (%{{.*}}: tensor<5x3xf64>)
// CANON: scan.scan
// CANON-NEXT: sequences(%{{.*}} : tensor<?x3xf64>)
// CANON: ^bb0(%{{.*}}: tensor<3xf64>):
func.func @double_rows(%m: tensor<?x?xf64>) -> tensor<?x?xf64>
    attributes {scan.argument_shapes = [array<i64: 5, 3>]} {
  %r = scan.scan sequences(%m : tensor<?x?xf64>) outputs(none -> tensor<?x?xf64>) {
  ^bb0(%row: tensor<?xf64>):
    %d = arith.addf %row, %row : tensor<?xf64>
    scan.yield %d : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}

// Without the attribute nothing changes.
// CHECK-LABEL: func.func @untouched
// CHECK-SAME: (%{{.*}}: tensor<?x?xf32>)
// CANON-LABEL: func.func @untouched
func.func @untouched(%m: tensor<?x?xf32>) -> tensor<?x?xf32> {
  return %m : tensor<?x?xf32>
}

// -----

// expected-error @+1 {{argument #0 of type 'tensor<?x3xf64>' cannot take the shape [5, 4]}}
func.func @wrong_static_size(%m: tensor<?x3xf64>) -> tensor<?x3xf64>
    attributes {scan.argument_shapes = [array<i64: 5, 4>]} {
  return %m : tensor<?x3xf64>
}

// -----

// expected-error @+1 {{argument #0 of type 'tensor<?xf64>' cannot take the shape [2, 2]}}
func.func @wrong_rank(%v: tensor<?xf64>) -> tensor<?xf64>
    attributes {scan.argument_shapes = [array<i64: 2, 2>]} {
  return %v : tensor<?xf64>
}

// -----

// expected-error @+1 {{'scan.argument_shapes' has 2 shapes for 1 arguments}}
func.func @count(%v: tensor<?xf64>) -> tensor<?xf64>
    attributes {scan.argument_shapes = [array<i64: 2>, array<i64: 2>]} {
  return %v : tensor<?xf64>
}

// -----

// expected-error @+1 {{'scan.argument_shapes' on a function the module calls: its callers need its generic type}}
func.func @callee(%v: tensor<?xf64>) -> tensor<?xf64>
    attributes {scan.argument_shapes = [array<i64: 2>]} {
  return %v : tensor<?xf64>
}
func.func @caller(%v: tensor<?xf64>) -> tensor<?xf64> {
  %r = func.call @callee(%v) : (tensor<?xf64>) -> tensor<?xf64>
  return %r : tensor<?xf64>
}
