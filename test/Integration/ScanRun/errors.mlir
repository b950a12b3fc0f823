// scan-run's errors: one line "scan-run: error: ..." and exit status 1.

// RUN: not scan-run %s 2>&1 | FileCheck %s --check-prefix=CHOOSE
// CHOOSE: scan-run: error: {{.*}}errors.mlir has 2 public functions (@add, @check); choose one with -f

// RUN: not scan-run %s -f missing 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: scan-run: error: the module has no function @missing (public functions: @add, @check)

// RUN: not scan-run %s -f add --arg '[1,2]:f64' 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: scan-run: error: @add takes 2 arguments but was given 1 (@add(tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>)

// RUN: not scan-run %s -f add --arg '[1,2]:f64' --arg '[1,2]:f32' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DTYPE
// DTYPE: scan-run: error: argument #1 of @add has dtype f32 but the function expects f64 (tensor<2xf64>)

// RUN: not scan-run %s -f add --arg '[1,2]:f64' --arg '[1,2,3]:f64' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SHAPE
// SHAPE: scan-run: error: argument #1 of @add has shape [3] but the function expects [2] (tensor<2xf64>)

// RUN: not scan-run %s -f add --arg '[1,2' 2>&1 | FileCheck %s --check-prefix=LITERAL
// LITERAL: scan-run: error: --arg #0: invalid array literal '[1,2': expected ',' or ']' at column 5

// RUN: not scan-run %s -f add --arg %t.missing.npy 2>&1 | FileCheck %s --check-prefix=NPY
// NPY: scan-run: error: --arg #0: cannot open '{{.*}}missing.npy': No such file or directory

// RUN: not scan-run %s -f check --arg=-3 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: scan-run: error: @check: scan: n_steps (-3) is negative

// A malformed command line is an error like the others (not CLI11's exit
// codes); --help is not.
// RUN: not scan-run %s -f add --arg= 2>&1 | FileCheck %s --check-prefix=CLI-EMPTY
// CLI-EMPTY: scan-run: error: {{.*}}--arg{{.*}}(run with --help for the options)
// RUN: scan-run %s -f add --arg= 2>/dev/null; test $? -eq 1
// RUN: not scan-run 2>&1 | FileCheck %s --check-prefix=CLI-NOFILE
// CLI-NOFILE: scan-run: error: file is required
// RUN: not scan-run %s --bogus 2>&1 | FileCheck %s --check-prefix=CLI-UNKNOWN
// CLI-UNKNOWN: scan-run: error: The following argument was not expected: --bogus
// RUN: scan-run --help | FileCheck %s --check-prefix=HELP
// HELP: --arg

// Literals nest at most 64 deep; deeper ones are an error, not a stack
// overflow.
// RUN: not scan-run %s -f add --arg "$(printf '%%.0s[' $(seq 65000))" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEEP
// DEEP: scan-run: error: --arg #0: invalid array literal '{{\[+}}': lists nested deeper than 64 levels (an array has at most 64 dimensions) at column 65

// RUN: not scan-run %s.missing 2>&1 | FileCheck %s --check-prefix=FILE
// FILE: scan-run: error: cannot open '{{.*}}errors.mlir.missing': No such file or directory

func.func @add(%a: tensor<2xf64>, %b: tensor<2xf64>) -> tensor<2xf64> {
  %r = arith.addf %a, %b : tensor<2xf64>
  return %r : tensor<2xf64>
}

func.func private @scanjit_rt_error(i32, i64, i64, i64)

func.func @check(%n: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  %bad = arith.cmpi slt, %n, %c0 : i64
  scf.if %bad {
    %code = arith.constant 1 : i32
    func.call @scanjit_rt_error(%code, %n, %c0, %c0) : (i32, i64, i64, i64) -> ()
  }
  return %n : i64
}
