//===- ScanOpBuilderTest.cpp - Build scan.scan from C++ -------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Builds scan.scan ops with the C++ builder API (as the frontend does) and
// checks what the verifier accepts, what it rejects, and with which message.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/IR/ScanDialect.h"
#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include "gtest/gtest.h"

#include <string>

using namespace mlir;
using namespace scanjit::scan;

namespace {

class ScanOpBuilderTest : public ::testing::Test {
protected:
  ScanOpBuilderTest() : builder(&context) {
    context.loadDialect<ScanDialect, func::FuncDialect, arith::ArithDialect,
                        tensor::TensorDialect>();
    loc = builder.getUnknownLoc();
    module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// Starts a function taking `argTypes` and returns its entry block.
  Block *beginFunction(TypeRange argTypes) {
    auto fn = func::FuncOp::create(builder, loc, "f",
                                   builder.getFunctionType(argTypes, {}));
    Block *entry = fn.addEntryBlock();
    builder.setInsertionPointToEnd(entry);
    return entry;
  }

  /// Ends the body of `op` with `scan.yield values [until cond]`.
  void yield(ScanOp op, ValueRange values, Value until = {}) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(op.getBodyBlock());
    YieldOp::create(builder, loc, values, until);
  }

  /// Verifies `op`; returns the first diagnostic, or "" when it verifies.
  std::string verify(Operation *op) {
    std::string message;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (succeeded(mlir::verify(op)))
      return "";
    return message.empty() ? "<no message>" : message;
  }

  RankedTensorType tensor(ArrayRef<int64_t> shape, Type elementType = {}) {
    return RankedTensorType::get(shape,
                                 elementType ? elementType : builder.getF32Type());
  }

  MLIRContext context;
  OpBuilder builder;
  Location loc = UnknownLoc::get(&context);
  OwningOpRef<ModuleOp> module;
};

/// The seed RNN: sequence taps [-4, 0], outputs with taps [-3, -1] and [-1].
TEST_F(ScanOpBuilderTest, BuildsTheSeedRnn) {
  Block *entry = beginFunction({tensor({9, 2}), tensor({3, 2}), tensor({1, 2}),
                                tensor({2, 2})});
  Value u = entry->getArgument(0), x0 = entry->getArgument(1),
        y0 = entry->getArgument(2), w = entry->getArgument(3);
  auto op = ScanOp::create(
      builder, loc, {SequenceSpec{u, {-4, 0}}},
      {OutputSpec{tensor({5, 2}), x0, {-3, -1}}, OutputSpec{tensor({5, 2}), y0}},
      ValueRange{w}, ValueRange{}, Value());

  // The builder lays out the entry block in Theano's order.
  Block *body = op.getBodyBlock();
  ASSERT_EQ(body->getNumArguments(), 6u);
  EXPECT_EQ(op.getExpectedNumBodyArguments(), 6u);
  EXPECT_EQ(op.getSequenceArgs(0).size(), 2u);
  EXPECT_EQ(op.getOutputArgs(0).size(), 2u);
  EXPECT_EQ(op.getOutputArgs(1).size(), 1u);
  EXPECT_EQ(op.getOutputArgs(1)[0].getArgNumber(), 4u);
  EXPECT_EQ(op.getNonSequenceArgs()[0].getArgNumber(), 5u);
  EXPECT_EQ(op.getNonSequenceArgs()[0].getType(), tensor({2, 2}));
  for (unsigned i = 0; i < 5; ++i)
    EXPECT_EQ(body->getArgument(i).getType(), tensor({2}));
  EXPECT_EQ(op.getInitialValueOf(0), x0);
  EXPECT_EQ(op.getInitialValueOf(1), y0);
  EXPECT_TRUE(op.isRecurrent(1));
  EXPECT_EQ(op.getOutputTapsOf(1), ArrayRef<int64_t>({-1}));
  EXPECT_EQ(op.getSequenceTapsOf(0), ArrayRef<int64_t>({-4, 0}));

  yield(op, {op.getSequenceArgs(0)[1], op.getOutputArgs(0)[0]});
  EXPECT_EQ(verify(op), "");
}

/// The body-builder form: the callback receives the block arguments and ends
/// the block with its yield.
TEST_F(ScanOpBuilderTest, BodyBuilderCallback) {
  Block *entry = beginFunction({tensor({5}), tensor({1})});
  Value u = entry->getArgument(0), x0 = entry->getArgument(1);
  auto op = ScanOp::create(
      builder, loc, {SequenceSpec{u}}, {OutputSpec{tensor({5}), x0}},
      ValueRange{}, ValueRange{}, Value(), /*goBackwards=*/false,
      /*truncateGradient=*/-1,
      [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
        ASSERT_EQ(args.size(), 2u);
        Value sum = arith::AddFOp::create(b, bodyLoc, args[0], args[1]);
        YieldOp::create(b, bodyLoc, ValueRange{sum}, Value());
      });
  EXPECT_EQ(op.getBodyBlock()->getNumArguments(), 2u);
  EXPECT_TRUE(isa<arith::AddFOp>(op.getBodyBlock()->front()));
  EXPECT_EQ(verify(op), "");
}

/// As a RegionBranchOpInterface: the body is entered from the op and from
/// itself, and left to the op, with no value forwarded on any edge.
TEST_F(ScanOpBuilderTest, RegionBranchEdgesForwardNothing) {
  Block *entry = beginFunction({tensor({5})});
  auto op = ScanOp::create(
      builder, loc, {SequenceSpec{entry->getArgument(0)}},
      {OutputSpec::nonRecurrent(tensor({5}))}, ValueRange{}, ValueRange{},
      Value(), false, -1, [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
        YieldOp::create(b, bodyLoc, args, Value());
      });
  auto branch = cast<RegionBranchOpInterface>(op.getOperation());
  for (RegionBranchPoint point :
       {RegionBranchPoint::parent(),
        RegionBranchPoint(cast<RegionBranchTerminatorOpInterface>(
            op.getBodyBlock()->getTerminator()))}) {
    SmallVector<RegionSuccessor> successors;
    branch.getSuccessorRegions(point, successors);
    ASSERT_EQ(successors.size(), 2u);
    EXPECT_EQ(successors[0].getSuccessor(), &op.getBody());
    EXPECT_TRUE(successors[1].isParent());
    for (const RegionSuccessor &successor : successors)
      EXPECT_TRUE(successor.getSuccessorInputs().empty());
  }
  EXPECT_EQ(verify(op), "");
}

TEST_F(ScanOpBuilderTest, NonRecurrentOutputHasNoInitialValueOrArguments) {
  Block *entry = beginFunction({tensor({4})});
  auto op = ScanOp::create(builder, loc, {SequenceSpec{entry->getArgument(0)}},
                           {OutputSpec::nonRecurrent(tensor({4}))},
                           ValueRange{}, ValueRange{}, Value());
  EXPECT_FALSE(op.isRecurrent(0));
  EXPECT_FALSE(op.getInitialValueOf(0));
  EXPECT_TRUE(op.getOutputArgs(0).empty());
  EXPECT_EQ(op.getBodyBlock()->getNumArguments(), 1u);
  yield(op, op.getSequenceArgs(0));
  EXPECT_EQ(verify(op), "");
}

TEST_F(ScanOpBuilderTest, SharedValuesAndUntil) {
  Block *entry = beginFunction({tensor({}, builder.getI64Type()), builder.getIndexType()});
  Value k = entry->getArgument(0), n = entry->getArgument(1);
  auto op = ScanOp::create(builder, loc, {}, {}, ValueRange{}, ValueRange{k}, n);
  ASSERT_EQ(op.getFinalShared().size(), 1u);
  EXPECT_EQ(op.getFinalShared()[0].getType(), k.getType());
  EXPECT_EQ(op.getSharedArgs().size(), 1u);
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(op.getBodyBlock());
    Value stop = arith::ConstantIntOp::create(builder, loc, 1, 1);
    yield(op, op.getSharedArgs(), stop);
  }
  EXPECT_EQ(verify(op), "");
}

TEST_F(ScanOpBuilderTest, GoBackwardsAndTruncateGradientAreRecorded) {
  Block *entry = beginFunction({tensor({4})});
  auto op = ScanOp::create(builder, loc, {SequenceSpec{entry->getArgument(0)}},
                           {OutputSpec::nonRecurrent(tensor({4}))},
                           ValueRange{}, ValueRange{}, Value(),
                           /*goBackwards=*/true, /*truncateGradient=*/3);
  EXPECT_TRUE(op.getGoBackwards());
  EXPECT_EQ(op.getTruncateGradientSteps(), 3);
  yield(op, op.getSequenceArgs(0));
  EXPECT_EQ(verify(op), "");
}

TEST_F(ScanOpBuilderTest, RejectsPositiveOutputTap) {
  Block *entry = beginFunction({tensor({1}), builder.getIndexType()});
  auto op = ScanOp::create(builder, loc, {},
                           {OutputSpec{tensor({ShapedType::kDynamic}),
                                       entry->getArgument(0), {1}}},
                           ValueRange{}, ValueRange{}, entry->getArgument(1));
  yield(op, op.getOutputArgs(0));
  EXPECT_NE(verify(op).find("output #0 has tap 1; output taps must be negative"),
            std::string::npos);
}

TEST_F(ScanOpBuilderTest, RejectsInitialValueTooShortForItsTaps) {
  Block *entry = beginFunction({tensor({2, 2}), builder.getIndexType()});
  auto op = ScanOp::create(builder, loc, {},
                           {OutputSpec{tensor({ShapedType::kDynamic, 2}),
                                       entry->getArgument(0), {-3, -1}}},
                           ValueRange{}, ValueRange{}, entry->getArgument(1));
  yield(op, {op.getOutputArgs(0)[1]});
  EXPECT_NE(verify(op).find("holds 2 past steps but tap -3 needs at least 3"),
            std::string::npos);
}

TEST_F(ScanOpBuilderTest, RejectsDowncastingInitialValue) {
  Block *entry = beginFunction({tensor({1}, builder.getF64Type()),
                                builder.getIndexType()});
  auto op = ScanOp::create(builder, loc, {},
                           {OutputSpec{tensor({ShapedType::kDynamic}),
                                       entry->getArgument(0)}},
                           ValueRange{}, ValueRange{}, entry->getArgument(1));
  yield(op, op.getOutputArgs(0));
  EXPECT_NE(verify(op).find("(no implicit conversion)"), std::string::npos);
}

TEST_F(ScanOpBuilderTest, RejectsMissingNSteps) {
  Block *entry = beginFunction({tensor({1})});
  auto op = ScanOp::create(builder, loc, {},
                           {OutputSpec{tensor({ShapedType::kDynamic}),
                                       entry->getArgument(0)}},
                           ValueRange{}, ValueRange{}, Value());
  yield(op, op.getOutputArgs(0));
  EXPECT_NE(verify(op).find("needs n_steps when there are no sequences"),
            std::string::npos);
}

TEST_F(ScanOpBuilderTest, RejectsRepeatedSequenceTap) {
  Block *entry = beginFunction({tensor({8})});
  auto op = ScanOp::create(builder, loc,
                           {SequenceSpec{entry->getArgument(0), {-1, -1}}},
                           {OutputSpec::nonRecurrent(tensor({ShapedType::kDynamic}))},
                           ValueRange{}, ValueRange{}, Value());
  yield(op, {op.getSequenceArgs(0)[0]});
  EXPECT_NE(verify(op).find("sequence #0 repeats tap -1"), std::string::npos);
}

TEST_F(ScanOpBuilderTest, RejectsYieldOfWrongType) {
  Block *entry = beginFunction({tensor({4}), tensor({2})});
  auto op = ScanOp::create(builder, loc, {SequenceSpec{entry->getArgument(0)}},
                           {OutputSpec::nonRecurrent(tensor({4}))},
                           ValueRange{entry->getArgument(1)}, ValueRange{},
                           Value());
  yield(op, op.getNonSequenceArgs());
  EXPECT_NE(verify(op).find("yields 'tensor<2xf32>' for output #0 whose step "
                            "type is 'tensor<f32>'"),
            std::string::npos);
}

TEST_F(ScanOpBuilderTest, RejectsWrongYieldCount) {
  Block *entry = beginFunction({tensor({4})});
  auto op = ScanOp::create(builder, loc, {SequenceSpec{entry->getArgument(0)}},
                           {OutputSpec::nonRecurrent(tensor({4})),
                            OutputSpec::nonRecurrent(tensor({4}))},
                           ValueRange{}, ValueRange{}, Value());
  yield(op, op.getSequenceArgs(0));
  EXPECT_NE(verify(op).find("yields 1 values but the scan expects 2"),
            std::string::npos);
}

TEST_F(ScanOpBuilderTest, RejectsNonBooleanUntil) {
  Block *entry = beginFunction({tensor({4})});
  auto op = ScanOp::create(builder, loc, {SequenceSpec{entry->getArgument(0)}},
                           {OutputSpec::nonRecurrent(tensor({ShapedType::kDynamic}))},
                           ValueRange{}, ValueRange{}, Value());
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(op.getBodyBlock());
    Value notBool = arith::ConstantIntOp::create(builder, loc, 1, 32);
    yield(op, op.getSequenceArgs(0), notBool);
  }
  EXPECT_NE(verify(op).find("'until' condition must be an i1, got 'i32'"),
            std::string::npos);
}

TEST_F(ScanOpBuilderTest, RejectsSequenceTooShortForConstantNSteps) {
  Block *entry = beginFunction({tensor({5})});
  Value n = arith::ConstantIndexOp::create(builder, loc, 6);
  auto op = ScanOp::create(builder, loc, {SequenceSpec{entry->getArgument(0)}},
                           {OutputSpec::nonRecurrent(tensor({ShapedType::kDynamic}))},
                           ValueRange{}, ValueRange{}, n);
  yield(op, op.getSequenceArgs(0));
  EXPECT_NE(verify(op).find(
                "n_steps (6) exceeds the 5 steps that sequence #0 provides"),
            std::string::npos);
}

} // namespace
