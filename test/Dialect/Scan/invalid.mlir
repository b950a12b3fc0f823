// RUN: scan-opt %s --split-input-file --verify-diagnostics

// One case per rule of scan.scan and scan.yield that can be checked
// statically. Cases the custom syntax cannot express use the generic form.

func.func @sequence_rank_zero(%s: tensor<f32>) {
  // expected-error @+1 {{sequence #0 must have rank >= 1 to be iterated over its leading dimension, got 'tensor<f32>'}}
  %r = scan.scan sequences(%s : tensor<f32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @sequence_repeated_tap(%s: tensor<8xf32>) {
  // expected-error @+1 {{sequence #0 repeats tap 0; taps must be distinct}}
  %r = scan.scan sequences(%s taps [0, 0] : tensor<8xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @sequence_too_short(%s: tensor<3xf32>) {
  // expected-error @+1 {{sequence #0 has length 3 but its taps (with tap 0) span 5 steps; it cannot provide a single step}}
  %r = scan.scan sequences(%s taps [-4, 0] : tensor<3xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

// The span always includes tap 0: taps [-2, -1] read three rows.
func.func @negative_taps_span_includes_zero(%s: tensor<1xf32>) {
  // expected-error @+1 {{sequence #0 has length 1 but its taps (with tap 0) span 3 steps; it cannot provide a single step}}
  %r = scan.scan sequences(%s taps [-2, -1] : tensor<1xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

// So does a single future tap: [2] reads rows t and t + 2.
func.func @future_tap_span_includes_zero(%s: tensor<1xf32>) {
  // expected-error @+1 {{sequence #0 has length 1 but its taps (with tap 0) span 3 steps; it cannot provide a single step}}
  %r = scan.scan sequences(%s taps [2] : tensor<1xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @sequence_tap_out_of_range(%s: tensor<?xf32>) {
  // expected-error @+1 {{sequence #0 has tap -9223372036854775808; taps must lie within -2^48 and 2^48}}
  %r = scan.scan sequences(%s taps [-9223372036854775808] : tensor<?xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @output_tap_out_of_range(%x0: tensor<1xf32>, %n: index) {
  // expected-error @+1 {{output #0 has tap -281474976710657; taps must lie within -2^48 and 2^48}}
  %r = scan.scan n_steps(%n : index) outputs(%x0 taps [-281474976710657] : tensor<1xf32> -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @sequence_tap_list_missing(%s: tensor<4xf32>) {
  // expected-error @+1 {{has 1 sequences but 0 tap lists; expected one tap list per sequence}}
  %r = "scan.scan"(%s) <{operandSegmentSizes = array<i32: 1, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0>, sequence_taps = [], output_taps = [array<i64>]}> ({
  ^bb0(%a: tensor<f32>):
    "scan.yield"(%a) <{operandSegmentSizes = array<i32: 1, 0>}> : (tensor<f32>) -> ()
  }) : (tensor<4xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @sequence_without_taps(%s: tensor<4xf32>) {
  // expected-error @+1 {{sequence #0 has no taps}}
  %r = "scan.scan"(%s) <{operandSegmentSizes = array<i32: 1, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0>, sequence_taps = [array<i64>], output_taps = [array<i64>]}> ({
  ^bb0(%a: tensor<f32>):
    "scan.yield"(%a) <{operandSegmentSizes = array<i32: 1, 0>}> : (tensor<f32>) -> ()
  }) : (tensor<4xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @empty_tap_list_syntax(%s: tensor<4xf32>) {
  // expected-error @+1 {{expected at least one tap}}
  %r = scan.scan sequences(%s taps [] : tensor<4xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @output_tap_not_negative(%x0: tensor<1xf32>, %n: index) {
  // expected-error @+1 {{output #0 has tap 0; output taps must be negative (they read past steps)}}
  %r = scan.scan n_steps(%n : index) outputs(%x0 taps [0] : tensor<1xf32> -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @output_repeated_tap(%x0: tensor<2xf32>, %n: index) {
  // expected-error @+1 {{output #0 repeats tap -1; taps must be distinct}}
  %r = scan.scan n_steps(%n : index) outputs(%x0 taps [-1, -1] : tensor<2xf32> -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @initial_value_too_short(%x0: tensor<2x2xf32>, %n: index) {
  // expected-error @+1 {{initial value of output #0 holds 2 past steps but tap -3 needs at least 3}}
  %r = scan.scan n_steps(%n : index) outputs(%x0 taps [-3, -1] : tensor<2x2xf32> -> tensor<?x2xf32>) {
  ^bb0(%a: tensor<2xf32>, %b: tensor<2xf32>):
    scan.yield %a : tensor<2xf32>
  }
  return
}

// -----

func.func @initial_value_downcast(%x0: tensor<1xf64>, %n: index) {
  // expected-error @+1 {{initial value of output #0 has element type 'f64' but the output has 'f32' (no implicit conversion)}}
  %r = scan.scan n_steps(%n : index) outputs(%x0 : tensor<1xf64> -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @initial_value_without_history_dim(%x0: tensor<2xf32>, %n: index) {
  // expected-error @+1 {{initial value of output #0 must have rank 2 (a history dimension and the step shape), got 'tensor<2xf32>'}}
  %r = scan.scan n_steps(%n : index) outputs(%x0 : tensor<2xf32> -> tensor<?x2xf32>) {
  ^bb0(%a: tensor<2xf32>):
    scan.yield %a : tensor<2xf32>
  }
  return
}

// -----

func.func @initial_value_step_shape(%x0: tensor<1x3xf32>, %n: index) {
  // expected-error @+1 {{initial value of output #0 has step type 'tensor<3xf32>' but the output's step type is 'tensor<2xf32>'}}
  %r = scan.scan n_steps(%n : index) outputs(%x0 : tensor<1x3xf32> -> tensor<?x2xf32>) {
  ^bb0(%a: tensor<2xf32>):
    scan.yield %a : tensor<2xf32>
  }
  return
}

// -----

func.func @output_rank_zero(%s: tensor<4xf32>) {
  // expected-error @+1 {{output #0 must have rank >= 1 (a leading step dimension), got 'tensor<f32>'}}
  %r = scan.scan sequences(%s : tensor<4xf32>) outputs(none -> tensor<f32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @initial_value_count(%x0: tensor<1xf32>, %n: index) {
  // expected-error @+1 {{has 0 recurrent outputs but 1 initial values; expected one initial value per recurrent output}}
  %r = "scan.scan"(%x0, %n) <{operandSegmentSizes = array<i32: 0, 1, 0, 0, 1>, resultSegmentSizes = array<i32: 1, 0>, sequence_taps = [], output_taps = [array<i64>]}> ({
  ^bb0:
    %c = arith.constant dense<1.0> : tensor<f32>
    "scan.yield"(%c) <{operandSegmentSizes = array<i32: 1, 0>}> : (tensor<f32>) -> ()
  }) : (tensor<1xf32>, index) -> tensor<?xf32>
  return
}

// -----

func.func @output_tap_list_count(%n: index) {
  // expected-error @+1 {{has 1 outputs but 0 tap lists; expected one tap list per output (empty for a non-recurrent output)}}
  %r = "scan.scan"(%n) <{operandSegmentSizes = array<i32: 0, 0, 0, 0, 1>, resultSegmentSizes = array<i32: 1, 0>, sequence_taps = [], output_taps = []}> ({
  ^bb0:
    %c = arith.constant dense<1.0> : tensor<f32>
    "scan.yield"(%c) <{operandSegmentSizes = array<i32: 1, 0>}> : (tensor<f32>) -> ()
  }) : (index) -> tensor<?xf32>
  return
}

// -----

func.func @no_sequences_no_n_steps(%x0: tensor<1xf32>) {
  // expected-error @+1 {{needs n_steps when there are no sequences}}
  %r = scan.scan outputs(%x0 : tensor<1xf32> -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @n_steps_not_integer(%x0: tensor<1xf32>, %n: f32) {
  // expected-error @+1 {{operand #1 must be signless integer or index, but got 'f32'}}
  %r = scan.scan n_steps(%n : f32) outputs(%x0 : tensor<1xf32> -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @n_steps_negative(%x0: tensor<1xf32>) {
  %n = arith.constant -3 : i32
  // expected-error @+1 {{n_steps is negative (-3)}}
  %r = scan.scan n_steps(%n : i32) outputs(%x0 : tensor<1xf32> -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @n_steps_exceeds_sequence(%s: tensor<9xf32>) {
  %n = arith.constant 7 : index
  // expected-error @+1 {{n_steps (7) exceeds the 5 steps that sequence #0 provides}}
  %r = scan.scan n_steps(%n : index) sequences(%s taps [-4, 0] : tensor<9xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @result_longer_than_steps(%s: tensor<9xf32>, %t: tensor<4xf32>) {
  // expected-error @+1 {{output #0 has 9 steps in its type but the scan runs at most 4 steps}}
  %r = scan.scan sequences(%s : tensor<9xf32>, %t : tensor<4xf32>) outputs(none -> tensor<9xf32>) {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @truncate_gradient_zero(%s: tensor<4xf32>) {
  // expected-error @+1 {{truncate_gradient must be -1 (no truncation) or a positive number of steps, got 0}}
  %r = scan.scan truncate_gradient(0) sequences(%s : tensor<4xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @body_argument_count(%s: tensor<9x2xf32>, %x0: tensor<3x2xf32>, %w: tensor<2x2xf32>) {
  // expected-error @+1 {{body must take 5 arguments (sequence taps, output taps, non-sequences, shared values), got 4}}
  %r = scan.scan
      sequences(%s taps [-4, 0] : tensor<9x2xf32>)
      outputs(%x0 taps [-3, -1] : tensor<3x2xf32> -> tensor<?x2xf32>)
      non_sequences(%w : tensor<2x2xf32>) {
  ^bb0(%u_tm4: tensor<2xf32>, %u_t: tensor<2xf32>, %x_tm1: tensor<2xf32>, %ww: tensor<2x2xf32>):
    scan.yield %u_t : tensor<2xf32>
  }
  return
}

// -----

func.func @body_argument_type(%s: tensor<9x2xf32>, %w: tensor<2x2xf32>) {
  // expected-error @+1 {{body argument #1 must have type 'tensor<2x2xf32>', got 'tensor<2xf32>'}}
  %r = scan.scan sequences(%s : tensor<9x2xf32>) outputs(none -> tensor<?x2xf32>) non_sequences(%w : tensor<2x2xf32>) {
  ^bb0(%u_t: tensor<2xf32>, %ww: tensor<2xf32>):
    scan.yield %u_t : tensor<2xf32>
  }
  return
}

// -----

func.func @yield_count(%s: tensor<4xf32>, %k: tensor<i64>) {
  %r, %f = scan.scan sequences(%s : tensor<4xf32>) outputs(none -> tensor<?xf32>) shared(%k : tensor<i64>) {
  ^bb0(%a: tensor<f32>, %kk: tensor<i64>):
    // expected-error @+1 {{yields 1 values but the scan expects 2 (1 outputs, then 1 shared updates)}}
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @yield_implicit_conversion(%s: tensor<4xf32>) {
  %r = scan.scan sequences(%s : tensor<4xf32>) outputs(none -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    %b = arith.extf %a : tensor<f32> to tensor<f64>
    // expected-error @+1 {{yields 'tensor<f64>' for output #0 whose step type is 'tensor<f32>' (no implicit conversion)}}
    scan.yield %b : tensor<f64>
  }
  return
}

// -----

func.func @shared_update_type(%s: tensor<4xf32>, %k: tensor<i64>) {
  %f = scan.scan sequences(%s : tensor<4xf32>) shared(%k : tensor<i64>) {
  ^bb0(%a: tensor<f32>, %kk: tensor<i64>):
    // expected-error @+1 {{yields 'tensor<f32>' as the update of shared value #0 of type 'tensor<i64>'}}
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @until_not_i1(%x0: tensor<1xf32>, %n: index) {
  %r = scan.scan n_steps(%n : index) outputs(%x0 : tensor<1xf32> -> tensor<?xf32>) {
  ^bb0(%a: tensor<f32>):
    %c = arith.constant dense<true> : tensor<i1>
    // expected-error @+1 {{'until' condition must be an i1, got 'tensor<i1>'}}
    scan.yield %a : tensor<f32> until %c : tensor<i1>
  }
  return
}

// -----

func.func @until_with_static_steps(%s: tensor<4xf32>) {
  // expected-error @+1 {{output #0 must have a dynamic leading dimension: with 'until' the number of steps is known only at run time}}
  %r = scan.scan sequences(%s : tensor<4xf32>) outputs(none -> tensor<4xf32>) {
  ^bb0(%a: tensor<f32>):
    %c = arith.constant true
    scan.yield %a : tensor<f32> until %c : i1
  }
  return
}

// -----

func.func @shared_result_type(%s: tensor<4xf32>, %k: tensor<i64>) {
  // expected-error @+1 {{shared result #0 has type 'tensor<i32>' but shared value #0 has type 'tensor<i64>'}}
  %f = "scan.scan"(%s, %k) <{operandSegmentSizes = array<i32: 1, 0, 0, 1, 0>, resultSegmentSizes = array<i32: 0, 1>, sequence_taps = [array<i64: 0>], output_taps = []}> ({
  ^bb0(%a: tensor<f32>, %kk: tensor<i64>):
    "scan.yield"(%kk) <{operandSegmentSizes = array<i32: 1, 0>}> : (tensor<i64>) -> ()
  }) : (tensor<4xf32>, tensor<i64>) -> tensor<i32>
  return
}

// -----

func.func @yield_outside_scan(%a: tensor<f32>) {
  // expected-error @+1 {{expects parent op 'scan.scan'}}
  scan.yield %a : tensor<f32>
}

// -----

func.func @body_without_yield(%s: tensor<4xf32>) {
  // expected-error @+1 {{body must end with scan.yield}}
  %r = "scan.scan"(%s) <{operandSegmentSizes = array<i32: 1, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0>, sequence_taps = [array<i64: 0>], output_taps = [array<i64>]}> ({
  ^bb0(%a: tensor<f32>):
    llvm.unreachable
  }) : (tensor<4xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @last_steps_exceeded_by_type(%s: tensor<8xf32>) {
  // expected-error @+1 {{output #0 keeps its last 2 steps but its type holds 8}}
  %r = scan.scan sequences(%s : tensor<8xf32>) outputs(none -> tensor<8xf32> last 2) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @last_steps_negative(%s: tensor<8xf32>) {
  // expected-error @+1 {{output #0 keeps its last -2 steps; expected a positive count (or 0 for all)}}
  %r = scan.scan sequences(%s : tensor<8xf32>) outputs(none -> tensor<?xf32> last -2) {
  ^bb0(%a: tensor<f32>):
    scan.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @check_too_many_args(%ok: i1, %a: i64) {
  // expected-error @+1 {{'scan.check' op takes at most 3 arguments (the runtime's error function carries three), got 4}}
  scan.check %ok, code 6(%a, %a, %a, %a : i64, i64, i64, i64)
  return
}

// -----

func.func @check_message_and_args(%ok: i1, %a: i64) {
  // expected-error @+1 {{'scan.check' op takes a message or arguments, not both}}
  scan.check %ok, code 9(%a : i64) message "both"
  return
}

// -----

func.func @check_code(%ok: i1) {
  // expected-error @+1 {{'scan.check' op has error code 0; codes are positive}}
  scan.check %ok, code 0
  return
}
