//===- AdjointOpInterface.td - Reverse-mode rules of ops ---*- tablegen -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_IR_ADJOINTOPINTERFACE_TD
#define SCANJIT_DIALECT_SCAN_IR_ADJOINTOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def Scan_AdjointOpInterface : OpInterface<"AdjointOpInterface"> {
  let cppNamespace = "::scanjit::scan";
  let description = [{
    The reverse-mode rule of an op: given the adjoints of its results (the
    derivative of the cost with respect to each result), it adds the
    adjoints of its operands, and of the values its regions capture from
    above, to an `AdjointState`. This is the rule table of `scan-differentiate`
    (one rule per op, as JAX keeps one per primitive); upstream ops get their
    rules as external models (scanjit/Dialect/Scan/Transforms/Adjoints).

    The rule is called once, during the reverse sweep, with the builder
    after every forward op and after the rules of the ops that use its
    results; it may read any forward value (they all dominate the insertion
    point) and must not change the forward ops.
  }];
  let methods = [
    InterfaceMethod<[{
        Adds the adjoints of the operands (and captured values) that
        `state.needsAdjoint` asks for, from `state.getAdjoint` of the results
        (null: zero). Fails, with a diagnostic, on a form the rule does not
        cover.
      }],
      "::mlir::LogicalResult", "buildAdjoint",
      (ins "::mlir::OpBuilder &":$builder,
           "::scanjit::scan::AdjointState &":$state)>,
  ];
}

#endif // SCANJIT_DIALECT_SCAN_IR_ADJOINTOPINTERFACE_TD
