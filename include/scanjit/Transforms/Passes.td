//===- Passes.td - ScanJIT passes tied to no dialect ------*- tablegen -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_TRANSFORMS_PASSES_TD
#define SCANJIT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ScanSpecializeShapesPass
    : Pass<"scan-specialize-shapes", "::mlir::ModuleOp"> {
  let summary = "Give a function's tensor arguments the static shapes of a call";
  let description = [{
    The JIT compiles a function once per signature of its arguments and
    specializes it to their shapes (ARCHITECTURE.md: shapes are specialized
    at JIT time). This pass does the rewrite: a public `func.func` that the
    module never calls and that carries `scan.argument_shapes`, an array with
    one `array<i64: ...>` per argument (the argument's sizes; ignored for
    arguments that are not ranked tensors), takes those sizes as its
    argument types. Each specialized argument is cast back to its old type
    for its uses, so canonicalization then propagates the sizes through the
    body; the attribute is removed. Shapes that do not fit an argument's type
    (another rank or a different static size) are an error.

    Example:

    ```mlir
    // before
    func.func @f(%x: tensor<?x3xf64>) -> tensor<?x3xf64>
        attributes {scan.argument_shapes = [array<i64: 5, 3>]} {
      ... uses of %x ...
    }
    // after
    func.func @f(%arg: tensor<5x3xf64>) -> tensor<?x3xf64> {
      %x = tensor.cast %arg : tensor<5x3xf64> to tensor<?x3xf64>
      ... uses of %x ...
    }
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def ScanReadonlyArgumentsPass
    : Pass<"scan-readonly-arguments", "::mlir::ModuleOp"> {
  let summary = "Keep compiled functions from writing into their arguments";
  let description = [{
    Marks every tensor argument of every public function with
    `bufferization.writable = false`. One-shot bufferization then copies an
    argument before any in-place update instead of writing into the caller's
    array, which ScanJIT's calling convention forbids: a compiled function's
    inputs are read-only.

    Example:

    ```mlir
    // before
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32>
    // after
    func.func @f(%x: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32>
    ```
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def ScanFoldCastsIntoElementwisePass
    : Pass<"scan-fold-casts-into-elementwise"> {
  let summary = "Let elementwise ops on tensors see through size-erasing casts";
  let description = [{
    A scan body is written for the per-step types of its scan, often with
    dynamic sizes (`tensor<?xf64>`). Once lowered, its arguments are slices
    of buffers whose sizes the JIT made static, cast back to the dynamic
    types. Upstream canonicalization folds such casts into linalg ops but not
    into elementwise `arith`/`math` ops on tensors, so the sizes stop there
    and the lowering keeps a run-time shape check and a copy per step. This
    pass rewrites an elementwise op whose tensor operands are all
    `tensor.cast`s from the same static shape to compute on that shape, and
    casts its results back.

    Example:

    ```mlir
    // before
    %a = tensor.cast %x : tensor<10xf64> to tensor<?xf64>
    %b = tensor.cast %y : tensor<10xf64> to tensor<?xf64>
    %p = arith.mulf %a, %b : tensor<?xf64>
    // after
    %s = arith.mulf %x, %y : tensor<10xf64>
    %p = tensor.cast %s : tensor<10xf64> to tensor<?xf64>
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def ScanMathToPolynomialPass
    : Pass<"scan-math-to-polynomial", "::mlir::func::FuncOp"> {
  let summary = "Approximate f32 tanh with a polynomial the vectorizer widens";
  let description = [{
    Replaces `math.tanh` on f32 (scalars and vectors) by upstream's rational
    polynomial approximation (Eigen's: inputs clamped to [-8, 8], x itself
    below 4e-4, a ratio of two polynomials in x*x, evaluated with fma, elsewhere; see the lit test
    for its measured error). libm's `tanhf` is an opaque call that keeps the
    loop around it scalar; the polynomial is arith ops that LLVM's loop
    vectorizer turns into SIMD code. f64 `math.tanh` keeps libm's `tanh`.

    Example:

    ```mlir
    // before
    %t = math.tanh %x : f32
    // after: a clamp, two polynomials in x*x and a division
    %c = arith.maximumf %x, %lo : f32  // ...
    %t = arith.divf %p, %q : f32
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
}

def ScanAnnotateAllocationFunctionsPass
    : Pass<"scan-annotate-allocation-functions", "::mlir::ModuleOp"> {
  let summary = "Declare the runtime's allocation functions malloc-like to LLVM";
  let description = [{
    `finalize-memref-to-llvm{use-generic-functions}` makes compiled code
    allocate through the runtime's `_mlir_memref_to_llvm_alloc`,
    `_mlir_memref_to_llvm_aligned_alloc` and `_mlir_memref_to_llvm_free`,
    which count the bytes compiled code holds. To LLVM they are opaque calls
    that may read and write any memory and return a pointer into anything.
    This pass marks them as what they are: they do not unwind and return; an
    allocation returns a `noalias` pointer and touches only memory
    inaccessible to the program. LLVM can then keep a scan's state in
    registers across steps and tell fresh buffers apart.

    Example:

    ```mlir
    // before
    llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
    // after
    llvm.func @_mlir_memref_to_llvm_alloc(i64) -> (!llvm.ptr {llvm.noalias})
        attributes {memory_effects = #llvm.memory_effects<other = none,
                    argMem = none, inaccessibleMem = readwrite, ...>,
                    no_unwind, will_return}
    ```
  }];
}

def ScanMaterializeSelfComparisonsPass
    : Pass<"scan-materialize-self-comparisons"> {
  let summary = "Fill the result of an integer tensor compared with itself";
  let description = [{
    Works around an upstream folder: `arith.cmpi` of a value with itself
    folds to a splat `arith.constant` of the result type, which for a tensor
    of dynamic shape is an invalid attribute (`dense<true> : tensor<?xi1>`)
    that later passes crash on (found by the frontend fuzzer: `x == x` on a
    dynamically sized tensor). This pass, run before the first
    canonicalization, replaces such a comparison by `linalg.fill` of the
    answer (true for eq, sle, sge, ule, uge; false otherwise) into a
    `tensor.empty` with the operand's sizes. Statically shaped comparisons
    fold correctly and are left alone.

    Example:

    ```mlir
    // before
    %c = arith.cmpi eq, %x, %x : tensor<?xi64>
    // after
    %n = tensor.dim %x, %c0 : tensor<?xi64>
    %e = tensor.empty(%n) : tensor<?xi1>
    %c = linalg.fill ins(%true : i1) outs(%e : tensor<?xi1>) -> tensor<?xi1>
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ScanFoldEmptySlicesPass : Pass<"scan-fold-empty-slices"> {
  let summary = "Replace slices of tensors with a zero-size dimension";
  let description = [{
    Shape specialization can make a dimension statically zero (a call with
    an empty sequence). A slice of such a tensor has no elements, but once
    bufferized it is a `memref.subview` whose static offset 0 upstream's
    verifier rejects against a dimension of size 0 ("offset 0 is
    out-of-bounds: 0 >= 0"). Before bufferization this pass replaces
    `tensor.extract_slice` of such a tensor by a `tensor.empty` of the
    slice's sizes, and `tensor.insert_slice` into one by its destination
    (what it inserts is empty too).

    Example:

    ```mlir
    // before
    %s = tensor.extract_slice %x[%i, 0] [%n, 2] [1, 1]
        : tensor<0x2xf64> to tensor<?x2xf64>
    // after
    %s = tensor.empty(%n) : tensor<?x2xf64>
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def ScanFuseElementwisePass : Pass<"scan-fuse-elementwise"> {
  let summary = "Fuse elementwise linalg.generic ops, in payloads of bounded size";
  let description = [{
    Upstream's `linalg-fuse-elementwise-ops` with one more condition: a
    producer fuses into its consumer only while their payloads together hold
    at most `max-payload-ops` operations. Upstream fusion builds a new
    generic for every producer it fuses, cloning both payloads, so fusing a
    chain of N elementwise ops into one generic clones 1 + 2 + ... + N ops:
    compile time grows with N^2 (a 4,000-op chain spent 1.5 s there). With
    the bound, a long chain becomes generics of up to `max-payload-ops` ops
    each, fused in time linear in N; each boundary costs one more
    intermediate tensor (one memory pass per that many ops). Payloads under
    the bound fuse exactly as upstream fuses them. Otherwise the patterns
    are upstream's: producers with one use fuse (with reshapes folded by
    expansion, fills and splat constants folded into the payload, dead
    operands erased, constants folded), top-down.

    Example (`max-payload-ops=4`):

    ```mlir
    // before: four generics, a = tanh(x), b = a * c, d = b + x, e = tanh(d)
    // after: the first three fuse (tanh, mulf, addf and the yield: 4 ops);
    // e's generic stays apart and reads the fused generic's result
    %d = linalg.generic ... ins(%x : tensor<8xf64>) ... {
    ^bb0(%in: f64, %out: f64):
      %t = math.tanh %in : f64
      %m = arith.mulf %t, %c : f64
      %s = arith.addf %m, %in : f64
      linalg.yield %s : f64
    } -> tensor<8xf64>
    %e = linalg.generic ... ins(%d : tensor<8xf64>) ... { math.tanh ... }
    ```
  }];
  let options = [
    Option<"maxPayloadOps", "max-payload-ops", "unsigned", /*default=*/"256",
           "The most operations (the yield included) that the payload of a "
           "fused generic may hold">,
  ];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

def ScanGPUUnifiedMemoryPass
    : Pass<"scan-gpu-unified-memory", "::mlir::ModuleOp"> {
  let summary = "Give host code and kernels one memory: CUDA unified memory";
  let description = [{
    The host-loop schedule of the CUDA target runs the step loop on the host
    and its kernels on the device, both reading the same buffers. This pass
    makes every buffer of a host function reachable from both sides:
    `memref.alloc` becomes `gpu.alloc host_shared` (the CUDA runtime's
    unified memory, behind runtime/cpu's block header, so `memref.dealloc`,
    the JIT freeing a returned buffer and a failed call freeing what it
    allocated all work as on the CPU). The caller's
    arguments and the module's constants (`memref.get_global`) live in host
    memory a kernel cannot read: a function that launches kernels copies
    each into unified memory on entry, and frees the copy before it returns
    unless a result may alias it (then the result owns it). Functions nested
    in `gpu.module`s are left alone.

    Example:

    ```mlir
    // before
    func.func @f(%x: memref<4xf32>) {
      %a = memref.alloc() : memref<4xf32>
      gpu.launch_func @k::@k blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
          args(%x : memref<4xf32>, %a : memref<4xf32>)
      memref.dealloc %a : memref<4xf32>
      return
    }
    // after
    func.func @f(%x: memref<4xf32>) {
      %x2 = gpu.alloc host_shared () : memref<4xf32>
      memref.copy %x, %x2 : memref<4xf32> to memref<4xf32>
      %a = gpu.alloc host_shared () : memref<4xf32>
      gpu.launch_func @k::@k ... args(%x2 : memref<4xf32>, %a : memref<4xf32>)
      memref.dealloc %a : memref<4xf32>
      memref.dealloc %x2 : memref<4xf32>
      return
    }
    ```
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::memref::MemRefDialect"];
}

def ScanGPUDeviceErrorsPass
    : Pass<"scan-gpu-device-errors", "::mlir::ModuleOp"> {
  let summary = "Report run-time errors of GPU kernels through a flag";
  let description = [{
    A kernel cannot call the runtime's `scanjit_rt_error`. In each
    `gpu.launch` body, this pass replaces such calls (run-time checks, the
    guards of integer division) with a write to an error record in unified
    memory (`memref<4xi64>`: the code, then the three operands) that the
    first failing thread claims with an atomic compare-and-swap. After each
    launch, host code reads the record and, when a kernel failed, reports
    the error through `scanjit_rt_error` as CPU code would, then clears it:
    the caller sees the same `scanjit::Error` on both targets. The record is
    allocated on entry and freed before each return.

    Example:

    ```mlir
    // before
    gpu.launch blocks(...) threads(...) {
      scf.if %bad { func.call @scanjit_rt_error(%c12, %z, %z, %z) : ... }
      gpu.terminator
    }
    // after
    %record = gpu.alloc host_shared () : memref<4xi64>
    memref.store %c0, %record[%c0] : memref<4xi64>
    gpu.launch blocks(...) threads(...) {
      scf.if %bad {
        %old = memref.generic_atomic_rmw %record[%c0] : memref<4xi64> {...}
        ... the operands stored when %old was 0 ...
      }
      gpu.terminator
    }
    %code = memref.load %record[%c0] : memref<4xi64>
    scf.if %failed { func.call @scanjit_rt_error(...); memref.store %c0, ... }
    ```
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def ScanGPUPersistentLoopsPass
    : Pass<"scan-gpu-persistent-loops", "::mlir::ModuleOp"> {
  let summary = "Run a whole step loop inside one GPU kernel launch";
  let description = [{
    The persistent schedule of the CUDA target: an outermost `scf.for` of a
    host function (a scan's step loop after scan-lower-loops and
    scan-bufferize) whose body does tensor work (linalg ops) and nothing a
    kernel cannot do becomes one `gpu.launch` of a single block: every
    thread runs the loop; each linalg op becomes a parallel loop whose
    iterations are spread over the block's threads, followed by
    `gpu.barrier`, so step t+1 reads what step t wrote; stores outside
    those loops are made by thread 0, then a barrier. Buffers allocated
    and freed in each step with sizes known before the loop are allocated
    once around it. The launch replaces one launch per op and step (the
    host-loop schedule) by one per scan: what cuDNN does for its fixed RNN
    cells, for any scan body.

    A loop qualifies when it has no results, contains a linalg op, and its
    body has no calls (run-time checks), no other allocations and no ops with
    effects a kernel cannot have. With `only-small` (the CUDA pipeline's
    `schedule=auto`), every linalg op in it must also have static parallel
    sizes of at most `max-elements` iterations (one block's worth of work);
    otherwise the loop stays on the host.

    Example:

    ```mlir
    // before
    scf.for %t = %c0 to %n step %c1 {
      linalg.matvec ins(%W, %h : ...) outs(%y : memref<256xf32>)
      ...
    }
    // after
    gpu.launch blocks(...) in (%c1, %c1, %c1) threads(%tx, ...) in (%c1024, %c1, %c1) {
      scf.for %t = %c0 to %n step %c1 {
        scf.for %i = %tx to %c256 step %c1024 { ... row %i of W h ... }
        gpu.barrier
        ...
      }
      gpu.terminator
    }
    ```
  }];
  let options = [
    Option<"threadsPerBlock", "threads-per-block", "int64_t", "1024",
           "Threads of the one block that runs the loop">,
    Option<"onlySmall", "only-small", "bool", "false",
           "Only loops whose linalg ops have static, small parallel sizes">,
    Option<"maxElements", "max-elements", "int64_t", "16384",
           "With only-small: the most parallel iterations of one op">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def ScanGPUCoalesceParallelLoopsPass
    : Pass<"scan-gpu-coalesce-parallel-loops"> {
  let summary = "Order parallel loops so that GPU threads walk contiguous memory";
  let description = [{
    Before the host-loop schedule tiles parallel loops by the block size and
    maps their dimensions to threads (x, y, z in order), this pass reverses
    the dimensions of every outermost multi-dimensional `scf.parallel`
    outside GPU launches: the last dimension, which indexes contiguous
    elements of row-major buffers, becomes the first, so the threads of a
    warp read and write neighbouring elements (coalesced) instead of
    elements a row apart.

    Example:

    ```mlir
    // before
    scf.parallel (%i, %j) = (%c0, %c0) to (%m, %n) step (%c1, %c1) { ... }
    // after
    scf.parallel (%j, %i) = (%c0, %c0) to (%n, %m) step (%c1, %c1) { ... }
    ```
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

def ScanFoldTransposesIntoMatmulPass
    : Pass<"scan-fold-transposes-into-matmul", "::mlir::func::FuncOp"> {
  let summary = "Read a transposed matmul operand in place instead of "
                "copying it";
  let description = [{
    A `linalg.matmul` on tensors whose operand is a 2-D `linalg.transpose`
    reads the transpose's input through the matmul's indexing map instead
    (`(d0, d2)` becomes `(d2, d0)` for the left operand, `(d2, d1)` becomes
    `(d1, d2)` for the right one), and the copy goes when nothing else reads
    it. Gradients and push-out write `transpose(P) Q` (BPTT's `dW` over all
    steps); a transpose of a tall matrix is a strided copy that costs as
    much as the product, while BLAS reads a transposed operand at no cost
    (convert-linalg-to-blas passes it as a transposed view). Matmuls whose
    maps broadcast are left alone.

    Example:

    ```mlir
    // before
    %t = linalg.transpose ins(%p : tensor<6400x512xf32>)
        outs(%e : tensor<512x6400xf32>) permutation = [1, 0]
    %r = linalg.matmul ins(%t, %q : tensor<512x6400xf32>, tensor<6400x512xf32>)
        outs(%z : tensor<512x512xf32>) -> tensor<512x512xf32>
    // after
    %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>,
                                        affine_map<(d0, d1, d2) -> (d2, d1)>,
                                        affine_map<(d0, d1, d2) -> (d0, d1)>]
        ins(%p, %q : tensor<6400x512xf32>, tensor<6400x512xf32>)
        outs(%z : tensor<512x512xf32>) -> tensor<512x512xf32>
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def ScanPackInvariantMatvecPass
    : Pass<"scan-pack-invariant-matvec", "::mlir::func::FuncOp"> {
  let summary = "Per-step matrix-vector products with a loop-invariant "
                "matrix as register-blocked vector kernels";
  let description = [{
    An RNN's step multiplies the same matrix by a new vector: `W h_{t-1}`.
    A BLAS call per step pays its call, its dispatch and its zeroing or
    copying of the output every step, and reads `W` in the layout it was
    given. This pass rewrites a `linalg.matvec` or `linalg.vecmat`, or a
    `linalg.matmul` of at most `max-rows` rows (a batch of vectors: `h W`
    for a batch of states) whose right operand is the matrix, on tensors of
    static shape (f32 or f64) inside a loop whose matrix is defined outside
    the loop:

    - the matrix is packed once, before the outermost loop it is invariant
      to, so that the output index is the contiguous one (`linalg.transpose`
      for a matvec; a vecmat's matrix is already in that layout);
    - each step runs a kernel that keeps a block of the output (up to
      `block-vectors` vectors of `vector-bytes` bytes) in vector registers
      while it walks the reduction: one broadcast of `x[i]` and one fma per
      vector and `i`. Short blocks are split over several partial sums so
      that the fmas do not wait on each other; a matmul runs 4 rows at a
      time, each row's block in registers, sharing each row of the panel;
    - the accumulator starts from the product's init (a filled scalar is
      broadcast, anything else is read);
    - the elementwise ops that consume the product, one use after another
      (the bias, the activation, a pushed-out product added in), run on the
      accumulator in registers before the one store of the block (an
      epilogue), instead of a pass over memory each.

    Products larger than `max-elements` matrix elements stay what they are
    (a BLAS call, see convert-linalg-to-blas). Use it on the CPU: the
    kernel is vector code for the host.

    Example:

    ```mlir
    // before
    scf.for %t = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<64xf32>) {
      %y = linalg.matvec ins(%W, %h : tensor<64x64xf32>, tensor<64xf32>)
          outs(%b : tensor<64xf32>) -> tensor<64xf32>
      %a = math.tanh %y : tensor<64xf32>
      scf.yield %a : tensor<64xf32>
    }
    // after
    %Wt = linalg.transpose ins(%W : tensor<64x64xf32>) outs(%e : tensor<64x64xf32>)
        permutation = [1, 0]
    scf.for %t = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<64xf32>) {
      %init = vector.transfer_read %b[%c0], %zero : tensor<64xf32>, vector<64xf32>
      %acc = scf.for %i = %c0 to %c64 step %c1 iter_args(%s = %init) -> (vector<64xf32>) {
        %x = tensor.extract %h[%i] : tensor<64xf32>
        %xs = vector.broadcast %x : f32 to vector<64xf32>
        %w = vector.transfer_read %Wt[%i, %c0], %zero : tensor<64x64xf32>, vector<64xf32>
        %f = vector.fma %w, %xs, %s : vector<64xf32>
        scf.yield %f : vector<64xf32>
      }
      %a = math.tanh %acc : vector<64xf32>
      %r = vector.transfer_write %a, %empty[%c0] : vector<64xf32>, tensor<64xf32>
      scf.yield %r : tensor<64xf32>
    }
    ```
  }];
  let options = [
    Option<"vectorBytes", "vector-bytes", "int64_t", /*default=*/"64",
           "The bytes of one vector register (64: AVX-512, 32: AVX2)">,
    Option<"blockVectors", "block-vectors", "int64_t", /*default=*/"8",
           "The vector registers that accumulate one block of the output">,
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"524288",
           "The largest matrix (in elements) whose product becomes a kernel">,
    Option<"maxRows", "max-rows", "int64_t", /*default=*/"64",
           "The most rows of a linalg.matmul's left operand (a batch of "
           "vectors) for which it becomes a kernel">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
}

def ScanPromoteSmallAllocationsPass
    : Pass<"scan-promote-small-allocations", "::mlir::func::FuncOp"> {
  let summary = "Keep a function's small scratch buffers on its stack";
  let description = [{
    A buffer that a function allocates at its top level, with a static
    size, and frees unconditionally in the same block (a ring buffer of a
    scan's state, the accumulator of a reduction) lives exactly as long as
    the call. This pass turns such a `memref.alloc` into a `memref.alloca`
    and drops its `memref.dealloc`: a heap allocation and a free are most of
    the cost of a short call (the bench's W5, a 10-step scan). Buffers
    inside loops or branches, of dynamic size, freed conditionally, or
    larger than `max-bytes` stay on the heap, and promotion stops once the
    promoted buffers of a function reach `max-total-bytes`.

    Run it only where the stack is the memory the code reads (the CPU: a
    GPU kernel cannot read the host's stack).

    Example:

    ```mlir
    // before
    %ring = memref.alloc() {alignment = 64 : i64} : memref<1xf64>
    scf.for %i = %c0 to %c10 step %c1 { ... %ring ... }
    memref.dealloc %ring : memref<1xf64>
    // after
    %ring = memref.alloca() {alignment = 64 : i64} : memref<1xf64>
    scf.for %i = %c0 to %c10 step %c1 { ... %ring ... }
    ```
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", /*default=*/"1024",
           "The largest buffer promoted, in bytes">,
    Option<"maxTotalBytes", "max-total-bytes", "int64_t", /*default=*/"16384",
           "The most bytes promoted in one function">,
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

#endif // SCANJIT_TRANSFORMS_PASSES_TD

def ScanReturnResultsInMemoryPass
    : Pass<"scan-return-results-in-memory", "::mlir::ModuleOp"> {
  let summary = "Store a function's results through a pointer, not as a struct";
  let description = [{
    In the LLVM dialect a function returns its results as one struct, a
    memref descriptor per result. LLVM's code generation takes a struct
    value apart into its scalar members at every use: the chain of
    `insertvalue`s that builds it and the `phi` that merges the normal
    return with an early one (scan-guard-allocations' poison return) each
    cost its size, so code generation is quadratic in the number of
    results (1,000 outputs: 8 s in instruction selection alone). The C
    interface wrapper (`_mlir_ciface_<name>`), all the JIT and the
    ahead-of-time objects call, stores that struct to its result pointer
    anyway.

    This pass gives each function that has such a wrapper, and that only
    calls use, a leading `!llvm.ptr` argument: each `llvm.return` stores
    the struct's members there (an early return that yields poison stores
    nothing) and returns nothing. The wrapper passes its result pointer; any
    other caller passes a stack slot and loads from it.

    Example:

    ```mlir
    // before
    llvm.func @f(%x: f64) -> !llvm.struct<(f64, f64)> {
      %0 = llvm.mlir.poison : !llvm.struct<(f64, f64)>
      %1 = llvm.insertvalue %x, %0[0] : !llvm.struct<(f64, f64)>
      %2 = llvm.insertvalue %x, %1[1] : !llvm.struct<(f64, f64)>
      llvm.return %2 : !llvm.struct<(f64, f64)>
    }
    llvm.func @_mlir_ciface_f(%out: !llvm.ptr, %x: f64) {
      %r = llvm.call @f(%x) : (f64) -> !llvm.struct<(f64, f64)>
      llvm.store %r, %out : !llvm.struct<(f64, f64)>, !llvm.ptr
      llvm.return
    }
    // after
    llvm.func @f(%out: !llvm.ptr, %x: f64) {
      %p0 = llvm.getelementptr %out[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(f64, f64)>
      llvm.store %x, %p0 : f64, !llvm.ptr
      %p1 = llvm.getelementptr %out[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(f64, f64)>
      llvm.store %x, %p1 : f64, !llvm.ptr
      llvm.return
    }
    llvm.func @_mlir_ciface_f(%out: !llvm.ptr, %x: f64) {
      llvm.call @f(%out, %x) : (!llvm.ptr, f64) -> ()
      llvm.return
    }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}
