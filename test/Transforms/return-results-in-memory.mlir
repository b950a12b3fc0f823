// RUN: scan-opt %s --scan-return-results-in-memory --split-input-file | FileCheck %s

// The struct the function built is stored member by member through the
// wrapper's result pointer; the early poison return stores nothing.

// CHECK-LABEL: llvm.func @two
// CHECK-SAME: (%[[OUT:.*]]: !llvm.ptr, %[[X:.*]]: f64, %[[Y:.*]]: f64, %[[FAIL:.*]]: i1) {
// CHECK-NOT: llvm.insertvalue
// CHECK: llvm.cond_br %[[FAIL]], ^[[EXIT:.*]], ^[[BODY:.*]]
// CHECK: ^[[BODY]]:
// CHECK: %[[P0:.*]] = llvm.getelementptr %[[OUT]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(f64, f64)>
// CHECK: llvm.store %[[X]], %[[P0]] : f64, !llvm.ptr
// CHECK: %[[P1:.*]] = llvm.getelementptr %[[OUT]][0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(f64, f64)>
// CHECK: llvm.store %[[Y]], %[[P1]] : f64, !llvm.ptr
// CHECK: llvm.return{{$}}
// CHECK: ^[[EXIT]]:
// CHECK-NEXT: llvm.call_intrinsic "llvm.sideeffect"() : () -> ()
// CHECK-NEXT: llvm.return{{$}}
llvm.func @two(%x: f64, %y: f64, %fail: i1) -> !llvm.struct<(f64, f64)> {
  llvm.cond_br %fail, ^exit, ^body
^body:
  %0 = llvm.mlir.poison : !llvm.struct<(f64, f64)>
  %1 = llvm.insertvalue %x, %0[0] : !llvm.struct<(f64, f64)>
  %2 = llvm.insertvalue %y, %1[1] : !llvm.struct<(f64, f64)>
  llvm.return %2 : !llvm.struct<(f64, f64)>
^exit:
  llvm.call_intrinsic "llvm.sideeffect"() : () -> ()
  %p = llvm.mlir.poison : !llvm.struct<(f64, f64)>
  llvm.return %p : !llvm.struct<(f64, f64)>
}

// The wrapper passes its own result pointer.
// CHECK-LABEL: llvm.func @_mlir_ciface_two
// CHECK-SAME: (%[[RESULT:.*]]: !llvm.ptr, %[[A:.*]]: f64, %[[B:.*]]: f64, %[[C:.*]]: i1)
// CHECK-NEXT: llvm.call @two(%[[RESULT]], %[[A]], %[[B]], %[[C]]) : (!llvm.ptr, f64, f64, i1) -> ()
// CHECK-NEXT: llvm.return
llvm.func @_mlir_ciface_two(%out: !llvm.ptr, %x: f64, %y: f64, %fail: i1) {
  %r = llvm.call @two(%x, %y, %fail) : (f64, f64, i1) -> !llvm.struct<(f64, f64)>
  llvm.store %r, %out : !llvm.struct<(f64, f64)>, !llvm.ptr
  llvm.return
}

// Another caller gets a stack slot in its entry block.
// CHECK-LABEL: llvm.func @other
// CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK: %[[SLOT:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(f64, f64)>
// CHECK: llvm.br ^[[NEXT:.*]]
// CHECK: ^[[NEXT]]:
// CHECK: llvm.call @two(%[[SLOT]], %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, f64, f64, i1) -> ()
// CHECK: %[[R:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> !llvm.struct<(f64, f64)>
// CHECK: llvm.extractvalue %[[R]][1]
llvm.func @other(%x: f64, %fail: i1) -> f64 {
  llvm.br ^next
^next:
  %r = llvm.call @two(%x, %x, %fail) : (f64, f64, i1) -> !llvm.struct<(f64, f64)>
  %y = llvm.extractvalue %r[1] : !llvm.struct<(f64, f64)>
  llvm.return %y : f64
}

// -----

// Without a C interface wrapper, or with a use that is not a call, a
// function keeps its struct result.

// CHECK-LABEL: llvm.func @no_wrapper
// CHECK-SAME: -> !llvm.struct<(f64, f64)>
llvm.func @no_wrapper(%x: f64) -> !llvm.struct<(f64, f64)> {
  %0 = llvm.mlir.poison : !llvm.struct<(f64, f64)>
  %1 = llvm.insertvalue %x, %0[0] : !llvm.struct<(f64, f64)>
  llvm.return %1 : !llvm.struct<(f64, f64)>
}

// CHECK-LABEL: llvm.func @address_taken
// CHECK-SAME: -> !llvm.struct<(f64, f64)>
llvm.func @address_taken(%x: f64) -> !llvm.struct<(f64, f64)> {
  %0 = llvm.mlir.poison : !llvm.struct<(f64, f64)>
  %1 = llvm.insertvalue %x, %0[0] : !llvm.struct<(f64, f64)>
  llvm.return %1 : !llvm.struct<(f64, f64)>
}

llvm.func @_mlir_ciface_address_taken(%out: !llvm.ptr, %x: f64) {
  %f = llvm.mlir.addressof @address_taken : !llvm.ptr
  llvm.return
}
