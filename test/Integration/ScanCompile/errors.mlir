// scan-compile's errors: one line "scan-compile: error: ..." (then the
// diagnostics) and exit status 1; no object is left behind.

// RUN: not scan-compile %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: scan-compile: error: @my.step: the name of a function compiled ahead of time must be a C identifier
// RUN: not test -e %t.o

// RUN: not scan-compile %s.missing -o %t.o 2>&1 | FileCheck %s --check-prefix=FILE
// FILE: scan-compile: error: cannot open '{{.*}}errors.mlir.missing': No such file or directory

// RUN: echo 'func.func @f( {' | not scan-compile - -o %t.o 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: scan-compile: error: cannot parse <stdin>

// RUN: not scan-compile %s -o %t.o --cpu pentium-9000 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: scan-compile: error: scan-compile: 'pentium-9000' is not a CPU of x86_64

// RUN: not scan-compile %s 2>&1 | FileCheck %s --check-prefix=CLI
// CLI: scan-compile: error: --output is required (run with --help for the options)

// RUN: echo 'func.func @f() { return }' | not scan-compile - -o %t.dir/does/not/exist.o 2>&1 | FileCheck %s --check-prefix=WRITE
// WRITE: scan-compile: error: cannot write '{{.*}}exist.o'

func.func @"my.step"(%x: f64) -> f64 {
  return %x : f64
}
