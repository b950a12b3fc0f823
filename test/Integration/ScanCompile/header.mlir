// scan-compile writes an object whose only global symbols are the C
// interfaces of the public functions, and a header declaring them.
// (unittests/AOT links such an object with the runtime and runs it.)

// RUN: scan-compile %s -o %t.o --header %t.h --cpu x86-64-v3
// RUN: FileCheck %s --input-file=%t.h
// RUN: llvm-nm --defined-only --extern-only %t.o | FileCheck %s --check-prefix=SYMBOLS

// The header's path defaults to the object's with .h.
// RUN: rm -f %t.default.h
// RUN: scan-compile %s -o %t.default.o && test -s %t.default.h

// CHECK: #ifndef SCANJIT_AOT_HEADER_MLIR_TMP_H
// CHECK: #include "scanjit/Runtime/RuntimeC.h"
// CHECK: typedef struct {
// CHECK-NEXT:   double *allocated;
// CHECK-NEXT:   double *aligned;
// CHECK-NEXT:   int64_t offset;
// CHECK-NEXT:   int64_t sizes[2];
// CHECK-NEXT:   int64_t strides[2];
// CHECK-NEXT: } scanjit_memref_f64_2d;
// CHECK: } scanjit_memref_i32_0d;

// CHECK-LABEL: /// @scale(tensor<?x3xf64>, f64, i1) -> (tensor<?x3xf64>, index)
// CHECK-NEXT: struct scale_results {
// CHECK-NEXT:   scanjit_memref_f64_2d result0; /* tensor<?x3xf64> */
// CHECK-NEXT:   int64_t result1; /* index */
// CHECK-NEXT: };
// CHECK-NEXT: void _mlir_ciface_scale(struct scale_results *results, scanjit_memref_f64_2d *arg0, double arg1, bool arg2);

// CHECK-LABEL: /// @first(tensor<i32>) -> i32
// CHECK-NEXT: int32_t _mlir_ciface_first(scanjit_memref_i32_0d *arg0);

// CHECK-LABEL: /// @nothing() -> ()
// CHECK-NEXT: void _mlir_ciface_nothing(void);

// Per function: the C interface, the packed interface (scan-exec,
// LoadedLibrary) and its description; nothing else (not @helper, not the
// inner @scale).
// SYMBOLS:      T _mlir__mlir_ciface_first
// SYMBOLS-NEXT: T _mlir__mlir_ciface_nothing
// SYMBOLS-NEXT: T _mlir__mlir_ciface_scale
// SYMBOLS-NEXT: T _mlir_ciface_first
// SYMBOLS-NEXT: T _mlir_ciface_nothing
// SYMBOLS-NEXT: T _mlir_ciface_scale
// SYMBOLS-NEXT: R _scanjit_function_first
// SYMBOLS-NEXT: R _scanjit_function_nothing
// SYMBOLS-NEXT: R _scanjit_function_scale
// SYMBOLS-NOT: {{.}}

func.func @scale(%x: tensor<?x3xf64>, %s: f64, %flag: i1)
    -> (tensor<?x3xf64>, index) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x3xf64>
  %splat = tensor.splat %s[%n] : tensor<?x3xf64>
  %y = arith.mulf %x, %splat : tensor<?x3xf64>
  return %y, %n : tensor<?x3xf64>, index
}

func.func @first(%x: tensor<i32>) -> i32 {
  %v = tensor.extract %x[] : tensor<i32>
  return %v : i32
}

func.func @nothing() {
  return
}

func.func private @helper(%x: f64) -> f64 {
  return %x : f64
}
