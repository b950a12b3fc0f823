//===- Passes.td - ScanJIT conversion passes --------------*- tablegen -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_PASSES_TD
#define SCANJIT_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertScanToSCFPass : Pass<"convert-scan-to-scf", "::mlir::ModuleOp"> {
  let summary = "Lower scan.scan to scf loops over tensors";
  let description = [{
    Replaces every `scan.scan` by an `scf.for` (or an `scf.while` when the
    body yields an `until` condition) over tensors, with Theano's semantics:

    * The step count is the shortest sequence's (its length minus the span of
      its taps, tap 0 included: `hi - lo` with `lo = min(min(taps), 0)`,
      `hi = max(max(taps), 0)`), or `n_steps`. A negative `n_steps`, an `n_steps` larger than
      a sequence provides, a sequence shorter than its taps span and an
      initial value shorter than its deepest tap are reported at run time
      by `scan.check` ops (which a target lowers: the CPU's
      convert-scan-check-to-runtime-call); the loop then runs zero steps.
    * Sequence taps are `tensor.extract_slice`s of the sequence itself at row
      `t + tap - lo`; with `go_backwards`, the tap's slice reversed, row
      `len - 1 - (hi - tap) - t`: no per-step copy.
      Every per-step row index is affine in `t` and built with
      `affine.apply` (`(t + c) mod D` for ring rows).
    * A recurrent output of depth `D` (its deepest tap) keeps its past values
      in a ring buffer of `D` rows: tap `-k` at step `t` reads row
      `(t + D - k) mod D`, and step `t` writes row `t mod D`. The buffer
      starts as the first `D` rows of the initial value.
    * Each output's full history is a `[n_steps, step...]` tensor written row
      by row with `tensor.insert_slice`; with `until`, the result is its first
      rows up to the step that stopped the loop.
    * An output that keeps only its last `k` steps (`[last k]`, see
      `scan-save-mem`) is a ring instead: of `k` rows for a non-recurrent
      output, and for a recurrent one a single ring of `R = max(D, k)` rows
      that holds both its taps and its result, with no copy between them
      (position `p`, the initial taps at `0..D-1` and step `t` at `D + t`,
      lives in row `p mod R`). The result is the last `min(steps, k)`
      positions, rotated into chronological order.

    Example:

    ```mlir
    // before
    %r = scan.scan n_steps(%k : index)
        outputs(%ones : tensor<1x4xf64> -> tensor<?x4xf64>)
        non_sequences(%A : tensor<4xf64>) {
    ^bb0(%prior: tensor<4xf64>, %a: tensor<4xf64>):
      %p = arith.mulf %prior, %a : tensor<4xf64>
      scan.yield %p : tensor<4xf64>
    }
    // after (simplified)
    %hist = tensor.empty(%k) : tensor<?x4xf64>
    %ring = tensor.insert_slice %ones into %empty[0, 0] [1, 4] [1, 1]
    %r:2 = scf.for %t = %c0 to %k step %c1
        iter_args(%h = %hist, %rb = %ring) -> (tensor<?x4xf64>, tensor<1x4xf64>) {
      %prior = tensor.extract_slice %rb[0, 0] [1, 4] [1, 1]
          : tensor<1x4xf64> to tensor<4xf64>
      %p = arith.mulf %prior, %A : tensor<4xf64>
      %h2 = tensor.insert_slice %p into %h[%t, 0] [1, 4] [1, 1]
      %rb2 = tensor.insert_slice %p into %rb[0, 0] [1, 4] [1, 1]
      scf.yield %h2, %rb2 : tensor<?x4xf64>, tensor<1x4xf64>
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertScanCheckToRuntimeCallPass
    : Pass<"convert-scan-check-to-runtime-call", "::mlir::ModuleOp"> {
  let summary = "Lower scan.check to a guarded call of the CPU runtime";
  let description = [{
    The CPU target's lowering of run-time checks: each `scan.check` becomes
    an `scf.if` on its failed condition around a call of `scanjit_rt_error`
    with its code and arguments (see RuntimeABI.h). A check with a message
    passes the address and length of the message's bytes, kept in a constant
    `memref.global` of the module; the runtime copies them while the module
    is loaded.

    Example:

    ```mlir
    // before
    scan.check %ok, code 6(%i, %axis, %n : i64, i64, i64)
    // after
    %failed = arith.xori %ok, %true : i1
    scf.if %failed {
      func.call @scanjit_rt_error(%c6_i32, %i, %axis, %n)
          : (i32, i64, i64, i64) -> ()
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def ConvertMemRefCopyToLinalgPass
    : Pass<"convert-memref-copy-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    Bufferization copies buffers with `memref.copy`, which the LLVM lowering
    turns into a call to the generic `memrefCopy` runtime function whenever a
    side is not statically contiguous, such as a row of a history. As
    `linalg.copy`, the copy becomes a loop nest that LLVM inlines, vectorizes
    or turns into memcpy, with no runtime dependency.

    Example:

    ```mlir
    // before
    memref.copy %a, %b : memref<?xf64, strided<[1], offset: ?>> to memref<?xf64>
    // after
    linalg.copy ins(%a : memref<?xf64, strided<[1], offset: ?>>)
                outs(%b : memref<?xf64>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def ConvertLinalgToBLASPass
    : Pass<"convert-linalg-to-blas", "::mlir::ModuleOp"> {
  let summary = "Call CBLAS for large f32/f64 contractions on buffers";
  let description = [{
    Replaces `linalg.matmul` (default indexing maps), `linalg.matvec`,
    `linalg.vecmat` and `linalg.dot` on f32 or f64 buffers by calls to the
    runtime's BLAS glue (`scanjit_blas_*`, which calls OpenBLAS's CBLAS) when
    they do at least `min-flops` multiply-adds. Below that, the op stays and
    lowers to loops. When the sizes are only known at run time, both paths
    are emitted behind an `scf.if` on the multiply-add count.

    The glue takes memref descriptors (`llvm.emit_c_interface`) of any
    strides; it accumulates into the output, like the linalg ops do. When
    the op before a matmul, matvec or vecmat of static size fills its output
    with +0 (a frontend zeroing a product's output), the fill goes and the
    call is the glue's `_overwrite_` variant (BLAS's beta = 0), which does
    not read the output.

    Example:

    ```mlir
    // before
    linalg.matvec ins(%A, %x : memref<512x512xf32>, memref<512xf32>)
                  outs(%y : memref<512xf32>)
    // after
    %a = memref.cast %A : memref<512x512xf32>
        to memref<?x?xf32, strided<[?, ?], offset: ?>>
    ...
    func.call @scanjit_blas_matvec_f32(%a, %xv, %yv) : (...) -> ()
    ```
  }];
  let options = [
    Option<"minFlops", "min-flops", "int64_t", /*default=*/"4096",
           "Smallest number of multiply-adds handed to BLAS">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def ScanGuardIntegerDivisionPass
    : Pass<"scan-guard-integer-division", "::mlir::ModuleOp"> {
  let summary = "Report integer division by zero instead of trapping";
  let description = [{
    An integer division or remainder by zero is undefined behaviour in LLVM
    and traps on x86 (SIGFPE), and so does the signed division of the
    smallest integer by -1. This pass guards every scalar `arith.divsi`,
    `divui`, `remsi`, `remui`, `floordivsi`, `ceildivsi` and `ceildivui`
    whose divisor is not a constant known to be safe: a divisor of zero
    reports `integer division or modulo by zero` through the runtime
    (`scanjit_rt_error`), and the op divides by 1 instead, so the compiled
    function returns and its caller throws. A signed division of INT_MIN by
    -1 divides by 1 too, which gives the result NumPy gives (INT_MIN, and a
    remainder of 0) without an error.

    It runs on loops over buffers (after `convert-linalg-to-loops`), where
    every division is scalar; vector divisions are left alone.

    Example:

    ```mlir
    // before
    %q = arith.divsi %a, %b : i64
    // after
    %c0 = arith.constant 0 : i64
    %zero = arith.cmpi eq, %b, %c0 : i64
    scf.if %zero {
      func.call @scanjit_rt_error(%c12_i32, %c0, %c0, %c0) : (i32, i64, i64, i64) -> ()
    }
    %min = arith.cmpi eq, %a, %cmin : i64
    %m1 = arith.cmpi eq, %b, %cm1 : i64
    %overflow = arith.andi %min, %m1 : i1
    %unsafe = arith.ori %zero, %overflow : i1
    %d = arith.select %unsafe, %c1, %b : i64
    %q = arith.divsi %a, %d : i64
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def ScanGuardAllocationsPass
    : Pass<"scan-guard-allocations", "::mlir::ModuleOp"> {
  let summary = "Check the byte count and the result of every heap allocation";
  let description = [{
    `memref.alloc` lowers to a call of the runtime's heap with a byte count
    that LLVM computes without overflow checks, and nothing checks the
    pointer it returns: sizes of 2^61 wrap to a small buffer, and a buffer
    the heap cannot provide is written through a null pointer. This pass
    runs on functions in control-flow form (after `convert-scf-to-cf`) and,
    for each `memref.alloc` in a function's own blocks:

    - with dynamic sizes, computes the byte count in checked arithmetic
      (`arith.mului_extended`); a negative size or a count past 2^62 reports
      `AllocationSizeOverflow` through `scanjit_rt_error` with the buffer's
      sizes, and the function returns without allocating;
    - checks the buffer it gets: the runtime's heap reports
      `AllocationFailed` ("cannot allocate N bytes") and returns null when
      it cannot provide the bytes, and the function then returns.

    Such a return yields `ub.poison` results: the caller (lib/JIT) sees the
    pending error, reads no result and frees what the call allocated. The
    block that returns them starts with `llvm.sideeffect` (which emits no
    code), so that LLVM keeps it apart from the normal return instead of
    merging the two into phis with one poison per allocation (quadratic
    code generation for functions with many results).
    Allocations nested in other ops' regions are left alone.

    Example:

    ```mlir
    // before
    ^bb0(%n: index):
      %m = memref.alloc(%n) : memref<?xf64>
      ...
    // after
    ^bb0(%n: index):
      %low, %high = arith.mului_extended %c8, %n : index
      ...
      cf.cond_br %bad, ^size_error, ^bb1
    ^bb1:
      %m = memref.alloc(%n) : memref<?xf64>
      %p = memref.extract_aligned_pointer_as_index %m : memref<?xf64> -> index
      %null = arith.cmpi eq, %p, %c0 : index
      cf.cond_br %null, ^exit, ^bb2
    ^bb2:
      ...
    ^size_error:
      // the sizes to a stack buffer, scanjit_rt_error(13, 8, %sizes, 1)
      cf.br ^exit
    ^exit:
      llvm.call_intrinsic "llvm.sideeffect"() : () -> ()
      %r = ub.poison : memref<?xf64>
      return %r : memref<?xf64>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::ub::UBDialect",
  ];
}

#endif // SCANJIT_CONVERSION_PASSES_TD
