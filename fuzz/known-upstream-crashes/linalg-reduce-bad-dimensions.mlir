func.func @f(%in: tensor<4xf32>, %init: tensor<f32>) -> tensor<f32> {
  %r = linalg.reduce ins(%in : tensor<4xf32>) outs(%init : tensor<f32>) dimensions = oops
    (%a: f32, %b: f32) {
      %s = arith.addf %a, %b : f32
      linalg.yield %s : f32
    }
  return %r : tensor<f32>
}
