// The CUDA pipeline, host-loop schedule, stage by stage on an RNN:
// h_t = tanh(W h_{t-1} + U x_t + b).

// RUN: scan-opt %s --scan-lower-loops --scan-bufferize --scan-map-to-gpu \
// RUN:   | FileCheck %s --check-prefix=MAP
// RUN: scan-opt %s --scan-to-nvvm | FileCheck %s --check-prefix=NVVM
// RUN: scan-opt %s --scan-lower-loops --scan-bufferize \
// RUN:   --scan-map-to-gpu="schedule=persistent persistent-threads=512" \
// RUN:   | FileCheck %s --check-prefix=PERSISTENT
// RUN: scan-opt %s --scan-to-nvvm="chip=sm_90 features=+ptx80 threads-per-block=128" \
// RUN:   | FileCheck %s --check-prefix=OPTIONS

// Every buffer is unified memory; the arguments are copied into it once;
// the step loop stays on the host and launches one kernel per loop nest:
// the matrix-vector products in blocks of 256 threads, each thread a row.
// MAP-LABEL: func.func @rnn(
// MAP-SAME:      %[[X:[a-z0-9]+]]: memref<?x?xf32>
// MAP-NOT:   memref.alloc
// MAP:       gpu.alloc host_shared
// MAP:       memref.copy %[[X]], %[[XS:[a-z_0-9]+]] : memref<?x?xf32> to memref<?x?xf32>
// MAP:       scf.for
// MAP:         gpu.launch_func @rnn_kernel_{{[0-9]}}::@rnn_kernel {{.*}} threads in (%c256, %c1, %c1)
// MAP:       memref.dealloc %[[XS]]
// MAP:       return
// MAP:       gpu.module @rnn_kernel
// MAP:         gpu.func @rnn_kernel({{.*}}) kernel
// MAP:           gpu.block_id x
// MAP:           gpu.thread_id x

// Kernels become PTX for sm_80 embedded in the module; the host allocates
// through runtime/cuda and frees through runtime/cpu's heap.
// NVVM-NOT:  memref.
// NVVM-LABEL: llvm.func @rnn(
// NVVM:        llvm.call @mgpuMemAlloc
// NVVM:        gpu.launch_func @rnn_kernel
// NVVM:        llvm.call @_mlir_memref_to_llvm_free
// NVVM:      gpu.binary @rnn_kernel [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80"{{.*}}assembly = "{{.*}}.target sm_80

// The persistent schedule: the step loop runs inside one launch of one
// block (the first launch copies the initial state).
// PERSISTENT-LABEL: func.func @rnn(
// PERSISTENT:         gpu.launch_func @rnn_kernel::@rnn_kernel
// PERSISTENT-NOT:     scf.for
// PERSISTENT:         gpu.launch_func @rnn_kernel_0::@rnn_kernel blocks in (%c1, %c1, %c1) threads in (%c512, %c1, %c1)
// PERSISTENT-NOT:     gpu.launch_func
// PERSISTENT:         return
// PERSISTENT:       gpu.module @rnn_kernel_0
// PERSISTENT:         scf.for
// PERSISTENT:           scf.for %{{.*}} = %thread_id_x to %{{.*}} step %block_dim_x
// PERSISTENT:           gpu.barrier

// OPTIONS: gpu.binary {{.*}}chip = "sm_90"{{.*}}.target sm_90{{.*}}.maxntid 128, 1, 1

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
