import Samplex

/// Checks the loss cases of a reference file against Samplex's losses: outputs, intermediates
/// and gradients, under the reference README's rule `|got − want| ≤ 2e-6·S + 2e-5·|want|`, S the
/// case's largest |logit| (at least 1; unmasked sampled logits for the sampled losses).
struct LossConformance {
  static let groups: Set<String> = [
    "sigmoid_cross_entropy_with_logits", "weighted_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits",
    "compat_v1_losses", "sampled_losses",
  ]
  static let relativeTolerance = 2e-5
  static let absolutePerScale = 2e-6

  func check(_ reference: ReferenceCase) -> ConformanceResult {
    do {
      switch reference.group {
      case "sigmoid_cross_entropy_with_logits": return try checkSigmoid(reference)
      case "weighted_cross_entropy_with_logits": return try checkWeighted(reference)
      case "softmax_cross_entropy_with_logits": return try checkSoftmax(reference)
      case "sparse_softmax_cross_entropy_with_logits": return try checkSparse(reference)
      case "compat_v1_losses": return try checkLegacy(reference)
      case "sampled_losses": return try checkSampled(reference)
      default: return ConformanceResult(id: reference.id, verdict: .skipped("not a loss case"))
      }
    } catch {
      return ConformanceResult(id: reference.id, verdict: .failed("\(error)"))
    }
  }

  private func tolerance(scale: Double) -> ToleranceCheck {
    ToleranceCheck(
      absolute: Self.absolutePerScale * max(1, scale), relative: Self.relativeTolerance)
  }

  private func largest(_ values: [Float]) -> Double { Double(values.map(abs).max() ?? 0) }

  private func upstream(_ reference: ReferenceCase, count: Int) throws -> [Float] {
    reference.has("upstream")
      ? try reference.tensor("upstream").floats : [Float](repeating: 1, count: count)
  }

  private func checkSigmoid(_ reference: ReferenceCase) throws -> ConformanceResult {
    let logits = try reference.tensor("inputs.logits").floats
    let labels = try reference.tensor("inputs.labels").floats
    let result = SigmoidCrossEntropy.evaluate(
      logits: logits, labels: labels, upstream: try upstream(reference, count: logits.count))
    var check = tolerance(scale: largest(logits))
    try compare(&check, result.loss, reference, "outputs.loss")
    try compare(&check, result.logitGradient, reference, "grads.logits")
    try compare(&check, result.labelGradient, reference, "grads.labels")
    return check.result(id: reference.id)
  }

  private func checkWeighted(_ reference: ReferenceCase) throws -> ConformanceResult {
    let logits = try reference.tensor("inputs.logits").floats
    let labels = try reference.tensor("inputs.labels").floats
    let perClass = reference.has("inputs.pos_weight")
    let weights =
      perClass
      ? try reference.tensor("inputs.pos_weight").floats
      : [Float(try reference.double("pos_weight"))]
    let (result, weightGradient) = WeightedSigmoidCrossEntropy.evaluate(
      logits: logits, labels: labels, positiveWeights: weights,
      upstream: try upstream(reference, count: logits.count))
    var check = tolerance(scale: largest(logits))
    try compare(&check, result.loss, reference, "outputs.loss")
    try compare(&check, result.logitGradient, reference, "grads.logits")
    try compare(&check, result.labelGradient, reference, "grads.labels")
    if perClass { try compare(&check, weightGradient, reference, "grads.pos_weight") }
    return check.result(id: reference.id)
  }

  private func checkSoftmax(_ reference: ReferenceCase) throws -> ConformanceResult {
    let logitsTensor = try reference.tensor("inputs.logits")
    let logits = logitsTensor.floats
    let layout = AxisLayout(shape: logitsTensor.shape, axis: try reference.integer("axis"))
    let result = SoftmaxCrossEntropy.evaluate(
      logits: logits, labels: try reference.tensor("inputs.labels").floats, layout: layout,
      upstream: try upstream(reference, count: layout.rows))
    var check = tolerance(scale: largest(logits))
    try compare(&check, result.loss, reference, "outputs.loss")
    try compare(&check, result.logitGradient, reference, "grads.logits")
    try compare(&check, result.labelGradient, reference, "grads.labels")
    return check.result(id: reference.id)
  }

  private func checkSparse(_ reference: ReferenceCase) throws -> ConformanceResult {
    let logitsTensor = try reference.tensor("inputs.logits")
    let logits = logitsTensor.floats
    let labels = try reference.tensor("inputs.labels").ids
    let classes = logitsTensor.shape.last ?? 1
    let result = SparseSoftmaxCrossEntropy.evaluate(
      logits: logits, labels: labels, classes: classes,
      upstream: try upstream(reference, count: labels.count))
    var check = tolerance(scale: largest(logits))
    try compare(&check, result.loss, reference, "outputs.loss")
    try compare(&check, result.logitGradient, reference, "grads.logits")
    return check.result(id: reference.id)
  }

  private func checkLegacy(_ reference: ReferenceCase) throws -> ConformanceResult {
    guard let reduction = Reduction(tensorFlowName: reference.string("reduction") ?? "") else {
      throw ConformanceError.malformed(path: "", reason: "\(reference.id): unknown reduction")
    }
    let logitsTensor = try reference.tensor("inputs.logits")
    let logits = logitsTensor.floats
    let weightsTensor = try reference.tensor("inputs.weights")
    let smoothing =
      reference.parameters["label_smoothing"] == nil
      ? 0 : Float(try reference.double("label_smoothing"))
    let classes = logitsTensor.shape.last ?? 1
    let rows = logits.count / classes
    let result: LegacyLosses.Result
    if reference.api.hasSuffix("losses.sigmoid_cross_entropy") {
      result = LegacyLosses.sigmoid(
        logits: logits, labels: try reference.tensor("inputs.labels").floats,
        shape: logitsTensor.shape,
        weights: weightsTensor.floats, weightShape: weightsTensor.shape, labelSmoothing: smoothing,
        reduction: reduction,
        upstream: try upstream(reference, count: reduction == .none ? logits.count : 1))
    } else if reference.api.hasSuffix("losses.softmax_cross_entropy") {
      result = LegacyLosses.softmax(
        logits: logits, labels: try reference.tensor("inputs.labels").floats, rows: rows,
        classes: classes,
        weights: weightsTensor.floats, weightShape: weightsTensor.shape, labelSmoothing: smoothing,
        reduction: reduction,
        upstream: try upstream(reference, count: reduction == .none ? rows : 1))
    } else if reference.api.hasSuffix("losses.sparse_softmax_cross_entropy") {
      result = LegacyLosses.sparseSoftmax(
        logits: logits, labels: try reference.tensor("inputs.labels").ids, classes: classes,
        weights: weightsTensor.floats, weightShape: weightsTensor.shape, reduction: reduction,
        upstream: try upstream(reference, count: reduction == .none ? rows : 1))
    } else {
      return ConformanceResult(
        id: reference.id, verdict: .skipped("unknown v1 loss '\(reference.api)'"))
    }
    var check = tolerance(scale: largest(logits))
    try compare(&check, result.loss, reference, "outputs.loss")
    try compare(&check, result.logitGradient, reference, "grads.logits")
    try compare(&check, result.weightGradient, reference, "grads.weights")
    return check.result(id: reference.id)
  }

  private func checkSampled(_ reference: ReferenceCase) throws -> ConformanceResult {
    guard let loss = Loss(tensorFlowName: reference.string("loss") ?? "") else {
      throw ConformanceError.malformed(path: "", reason: "\(reference.id): unknown sampled loss")
    }
    let inputs = try reference.tensor("inputs.inputs").floats
    let weights = try reference.tensor("inputs.weights").floats
    let labels = try reference.tensor("inputs.labels").ids
    let sampled = try reference.tensor("inputs.sampled_candidates").ids
    let dimensions = try reference.integer("dim")
    let classes = try reference.integer("num_classes")
    let logits = SampledLogits(
      inputs: inputs, weights: weights, biases: try reference.tensor("inputs.biases").floats,
      dimensions: dimensions, labels: labels, numTrue: try reference.integer("num_true"),
      sampled: sampled,
      trueExpectedCounts: try reference.tensor("inputs.true_expected_count").floats,
      sampledExpectedCounts: try reference.tensor("inputs.sampled_expected_count").floats,
      removeAccidentalHits: try reference.flag("remove_accidental_hits"),
      subtractLogQ: try reference.flag("subtract_log_q"))
    let (values, logitGradient) = loss.referenceEvaluate(
      logits, upstream: try upstream(reference, count: logits.batch))
    let gradients = logits.backward(
      logitGradient: logitGradient, inputs: inputs, weights: weights, labels: labels,
      sampled: sampled,
      vocabularySize: classes)
    let unmasked = zip(logits.logits, logits.masked).filter { !$0.1 }.map(\.0)
    var check = tolerance(scale: largest(unmasked))
    if let positions = reference.parameters["masked_positions"] as? [[Any]] {
      let want = Set(
        positions.compactMap { pair in
          (pair.first as? Int).flatMap { row in
            (pair.last as? Int).map { row * logits.numSampled + $0 }
          }
        })
      let got = Set(
        (0..<logits.masked.count).filter { logits.masked[$0] }.map { index in
          (index / logits.columns) * logits.numSampled + index % logits.columns - logits.numTrue
        })
      if got != want { check.fail("masked positions differ") }
    }
    try compare(&check, values, reference, "outputs.loss")
    try compare(&check, logits.logits, reference, "intermediates.out_logits")
    try compare(&check, logits.labels, reference, "intermediates.out_labels")
    try compare(&check, gradients.inputs, reference, "grads.inputs")
    try compare(&check, gradients.weights, reference, "grads.weights")
    try compare(&check, gradients.biases, reference, "grads.biases")
    return check.result(id: reference.id)
  }

  private func compare(
    _ check: inout ToleranceCheck, _ got: [Float], _ reference: ReferenceCase, _ path: String
  ) throws {
    check.compare(got.map(Double.init), try reference.tensor(path).values, path)
  }
}
