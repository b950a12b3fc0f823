// Every kernel the CUDA pipeline emits for the integration programs
// (test/Integration: the seeds, the semantics' edge cases, PyTensor's tap
// rules, run-time errors) assembles with ptxas for sm_90; and the pipeline
// compiles each of them.
// REQUIRES: ptxas

// RUN: rm -rf %t && mkdir -p %t
// RUN: count=0; \
// RUN: for f in $(find %S/../Integration -name '*.mlir' | sort); do \
// RUN:   name=$(echo "$f" | sed 's#.*/Integration/##; s#[/.]#_#g'); \
// RUN:   scan-opt "$f" --scan-to-nvvm="chip=sm_90" > %t/$name.mlir || exit 1; \
// RUN:   %extract-ptx %t/$name.mlir %t/$name > /dev/null 2>&1 || continue; \
// RUN:   for p in %t/$name/*.ptx; do \
// RUN:     %ptxas -arch=sm_90 "$p" -o "$p.cubin" || exit 1; count=$((count+1)); \
// RUN:   done; \
// RUN: done; echo "kernels: $count" | FileCheck %s
// CHECK: kernels: {{[1-9][0-9][0-9]*}}

// The same with every step loop that can run in one kernel made persistent.
// RUN: rm -rf %t && mkdir -p %t
// RUN: count=0; \
// RUN: for f in $(find %S/../Integration -name '*.mlir' | sort); do \
// RUN:   name=$(echo "$f" | sed 's#.*/Integration/##; s#[/.]#_#g'); \
// RUN:   scan-opt "$f" --scan-to-nvvm="chip=sm_90 schedule=persistent" > %t/$name.mlir || exit 1; \
// RUN:   %extract-ptx %t/$name.mlir %t/$name > /dev/null 2>&1 || continue; \
// RUN:   for p in %t/$name/*.ptx; do \
// RUN:     %ptxas -arch=sm_90 "$p" -o "$p.cubin" || exit 1; count=$((count+1)); \
// RUN:   done; \
// RUN: done; echo "kernels: $count" | FileCheck %s
