import Foundation

/// One variant of a gradient diagnostic: the repeated draws over the probe batch, each giving
/// a sampled gradient that is compared with the exact one and added to their mean. Where the
/// candidates come from (per pair, or shared by the probe batch) is the `ProbeCandidateSource`'s
/// part; everything else is the same for both.
///
/// The output-table gradient of a draw is sparse (the centres and candidates it touched): its
/// rows live in `rows`, found through `slots` (one entry per vocabulary id, reset after each
/// draw), so no draw touches the whole (V, d) table; only the mean over draws is dense.
struct ProbeRun {
  let diagnostics: GradientDiagnostics
  let removeHits: Bool
  let subtractLogQ: Bool
  let model: Model
  let exact: ExactGradient
  let contexts: [Int32]
  let centres: [Int32]
  let table = LogisticTable()

  /// The figures over `diagnostics.draws` draws of candidates from `source`, and each draw's
  /// importance-sampling estimate of the exact loss (mean over the probe).
  mutating func measure<Source: ProbeCandidateSource>(candidates source: inout Source, seed: UInt64)
    -> (GradientDiagnostics.Figures, [Double])
  {
    let d = model.dimensions
    let vocabularySize = model.vocabularySize
    let probe = centres.count
    let samples = diagnostics.samples
    let count = samples + 1
    let objective = diagnostics.objective
    let corrects = objective.correctsLogits
    var random = Xoshiro256StarStar(seed: seed)
    var outputs = [Int32](repeating: 0, count: count)
    var masked = [Bool](repeating: false, count: count)
    // Each output's log expected count, column by column: log(S·Q(k)) or the draw's.
    var logExpected = [Float](repeating: 0, count: count)
    var logits = [Float](repeating: 0, count: count)
    var gradients = [Float](repeating: 0, count: count)
    var inputGradient = [Float](repeating: 0, count: probe * d)
    var meanInput = [Double](repeating: 0, count: probe * d)
    var meanOutput = [Float](repeating: 0, count: vocabularySize * d)
    var everTouched = [Bool](repeating: false, count: vocabularySize)
    var touchedRows: [Int32] = []
    var slots = [Int32](repeating: -1, count: vocabularySize)
    var drawRows: [Int32] = []
    var rows: [Float] = []
    // The draw's bias gradient by slot, and the mean's by id, where the loss reads biases.
    var rowBiases: [Float] = []
    var meanBias = [Double](repeating: 0, count: corrects ? vocabularySize : 0)
    var inputCosines: [Double] = []
    var outputCosines: [Double] = []
    var gradientCosines: [Double] = []
    // The exact whole gradient's norm: input rows, output table and (where read) biases.
    let exactNorm =
      (exact.inputNorm * exact.inputNorm + exact.weightNorm * exact.weightNorm
      + (corrects ? exact.biasNorm * exact.biasNorm : 0)).squareRoot()
    var sampledLosses: [Double] = []
    var importanceLosses: [Double] = []
    let weights = model.output.storage
    let biases = model.bias.storage
    for _ in 0..<diagnostics.draws {
      for index in inputGradient.indices { inputGradient[index] = 0 }
      var lossSum = 0.0
      var importanceSum = 0.0
      source.startDraw(using: &random)
      for example in 0..<probe {
        outputs[0] = centres[example]
        outputs.withUnsafeMutableBufferPointer { outputs in
          logExpected.withUnsafeMutableBufferPointer { logExpected in
            masked.withUnsafeMutableBufferPointer {
              source.candidates(
                for: example, outputs: outputs, logExpected: logExpected, masked: $0,
                removeHits: removeHits, using: &random)
            }
          }
        }
        // The raw logits u·w + b, and the importance-sampling estimate of log Z from them.
        var largest = -Double.infinity
        exact.inputs.withUnsafeBufferPointer { inputs in
          let x = inputs.baseAddress! + example * d
          for k in 0..<count {
            let id = Int(outputs[k])
            let z = Kernels.dot(x, weights + id * d, count: d) + (corrects ? biases[id] : 0)
            logits[k] = z
            if k > 0 { largest = max(largest, Double(z) - Double(logExpected[k])) }
          }
        }
        var scaled = 0.0
        for k in 1...samples {
          scaled += exp(Double(logits[k]) - Double(logExpected[k]) - largest)
        }
        importanceSum += largest + log(scaled) - Double(logits[0])
        if corrects && subtractLogQ {
          for k in 0..<count { logits[k] -= logExpected[k] }
        }
        let loss = logits.withUnsafeMutableBufferPointer { logits in
          masked.withUnsafeMutableBufferPointer { masked in
            gradients.withUnsafeMutableBufferPointer { gradients in
              objective.evaluate(
                logits: logits, masked: masked, count: count, gradients: gradients, table: table)
            }
          }
        }
        lossSum += Double(loss)
        // ĝ_u += Σ_k g_k·w_k; ĝ_W[k] += g_k·u.
        exact.inputs.withUnsafeBufferPointer { inputs in
          inputGradient.withUnsafeMutableBufferPointer { dX in
            let x = inputs.baseAddress! + example * d
            for k in 0..<count where gradients[k] != 0 {
              let id = outputs[k]
              Kernels.axpy(
                gradients[k], weights + Int(id) * d, dX.baseAddress! + example * d, count: d)
              if slots[Int(id)] < 0 {
                slots[Int(id)] = Int32(drawRows.count)
                drawRows.append(id)
                rows.append(contentsOf: repeatElement(0, count: d))
                rowBiases.append(0)
              }
              let slot = Int(slots[Int(id)])
              rowBiases[slot] += gradients[k]
              rows.withUnsafeMutableBufferPointer {
                Kernels.axpy(gradients[k], x, $0.baseAddress! + slot * d, count: d)
              }
            }
          }
        }
      }
      sampledLosses.append(lossSum / Double(probe))
      importanceLosses.append(importanceSum / Double(probe))
      // Cosines of this draw, then the draw joins the mean.
      var dot = 0.0
      var norm = 0.0
      for index in inputGradient.indices {
        let value = Double(inputGradient[index])
        dot += value * Double(exact.inputGradient[index])
        norm += value * value
        meanInput[index] += value
      }
      inputCosines.append(Self.cosine(dot: dot, norm, exact.inputNorm))
      var wholeDot = dot
      var wholeNorm = norm
      dot = 0
      norm = 0
      var biasDot = 0.0
      var biasNorm = 0.0
      for (slot, id) in drawRows.enumerated() {
        let base = Int(id) * d
        for k in 0..<d {
          let value = rows[slot * d + k]
          dot += Double(value) * Double(exact.weightGradient[base + k])
          norm += Double(value) * Double(value)
          meanOutput[base + k] += value
        }
        if corrects {
          let value = Double(rowBiases[slot])
          biasDot += value * Double(exact.biasGradient[Int(id)])
          biasNorm += value * value
          meanBias[Int(id)] += value
        }
        if !everTouched[Int(id)] {
          everTouched[Int(id)] = true
          touchedRows.append(id)
        }
        slots[Int(id)] = -1
      }
      outputCosines.append(Self.cosine(dot: dot, norm, exact.weightNorm))
      wholeDot += dot + biasDot
      wholeNorm += norm + biasNorm
      gradientCosines.append(Self.cosine(dot: wholeDot, wholeNorm, exactNorm))
      drawRows.removeAll(keepingCapacity: true)
      rows.removeAll(keepingCapacity: true)
      rowBiases.removeAll(keepingCapacity: true)
    }
    var meanDot = 0.0
    var meanNorm = 0.0
    for index in meanInput.indices {
      meanDot += meanInput[index] * Double(exact.inputGradient[index])
      meanNorm += meanInput[index] * meanInput[index]
    }
    let meanInputCosine = Self.cosine(dot: meanDot, meanNorm, exact.inputNorm)
    var meanWholeDot = meanDot
    var meanWholeNorm = meanNorm
    meanDot = 0
    meanNorm = 0
    for id in touchedRows {
      let base = Int(id) * d
      for k in 0..<d {
        let value = Double(meanOutput[base + k])
        meanDot += value * Double(exact.weightGradient[base + k])
        meanNorm += value * value
      }
      if corrects {
        let value = meanBias[Int(id)]
        meanWholeDot += value * Double(exact.biasGradient[Int(id)])
        meanWholeNorm += value * value
      }
    }
    let meanOutputCosine = Self.cosine(dot: meanDot, meanNorm, exact.weightNorm)
    meanWholeDot += meanDot
    meanWholeNorm += meanNorm
    let (bias, deviation) = GradientDiagnostics.biasAndDeviation(sampledLosses, exact: exact.loss)
    let figures = GradientDiagnostics.Figures(
      inputCosine: inputCosines.reduce(0, +) / Double(inputCosines.count),
      outputCosine: outputCosines.reduce(0, +) / Double(outputCosines.count),
      meanInputCosine: meanInputCosine, meanOutputCosine: meanOutputCosine,
      gradientCosine: gradientCosines.reduce(0, +) / Double(gradientCosines.count),
      meanGradientCosine: Self.cosine(dot: meanWholeDot, meanWholeNorm, exactNorm),
      lossBias: bias, lossDeviation: deviation)
    return (figures, importanceLosses)
  }

  /// dot / (‖a‖·‖b‖) from the squared norm of a and the norm of b; 0 when either is zero.
  static func cosine(dot: Double, _ squaredNorm: Double, _ otherNorm: Double) -> Double {
    let denominator = squaredNorm.squareRoot() * otherNorm
    return denominator > 0 ? dot / denominator : 0
  }
}
