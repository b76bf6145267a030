import Foundation
import Samplex
import TestSupport
import Testing

@testable import SamplexBench

/// Zipf-like counts with ties, falling with the id as a vocabulary's do.
private func zipfCounts(_ v: Int) -> [Int64] {
  (0..<v).map { Int64(1000 / ($0 / 2 + 1)) + 1 }
}

/// The path of word `id`: its inner nodes (output rows) and codes.
private func path(_ tree: HuffmanTree, _ id: Int) -> (points: [Int32], codes: [UInt8]) {
  let range = Int(tree.offsets[id])..<Int(tree.offsets[id + 1])
  return (Array(tree.points[range]), Array(tree.codes[range]))
}

@Suite struct HierarchicalSoftmaxTests {
  /// word2vec's two-queue construction on counts 5, 3, 2, 1, worked by hand: the two rarest
  /// leaves (3 and 2, weight 3) merge first into node 0, word 2 second (code 1); then node 0 and
  /// leaf 1 tie at 3 and the inner node is taken first, making node 1 (weight 6); the root
  /// (row 2) joins word 0 (code 0) and node 1 (code 1).
  @Test func theTreeIsWord2vecsOnAWorkedExample() {
    let tree = HuffmanTree(counts: [5, 3, 2, 1])
    #expect(tree.leafCount == 4 && tree.maxCodeLength == 3)
    #expect(path(tree, 0) == ([2], [0]))
    #expect(path(tree, 1) == ([2, 1], [1, 1]))
    #expect(path(tree, 2) == ([2, 1, 0], [1, 0, 1]))
    #expect(path(tree, 3) == ([2, 1, 0], [1, 0, 0]))
  }

  /// The tree is a Huffman code: its weighted path length Σ count·depth equals the optimum,
  /// computed here independently by repeatedly merging the two smallest weights of a sorted
  /// list; no word's path is shorter than a more frequent word's; and every path starts at the
  /// root, row V − 2.
  @Test(arguments: [2, 3, 17, 1000])
  func theTreeIsAnOptimalPrefixCode(v: Int) {
    var random = Xoshiro256StarStar(seed: UInt64(v))
    let counts = (0..<v).map { _ in Int64(random.next(below: 50) + 1) }.sorted(by: >)
    let tree = HuffmanTree(counts: counts)
    var weights = counts.sorted()
    var optimum: Int64 = 0
    while weights.count > 1 {
      let merged = weights.removeFirst() + weights.removeFirst()
      optimum += merged
      weights.insert(merged, at: weights.firstIndex { $0 > merged } ?? weights.count)
    }
    let cost = (0..<v).reduce(Int64(0)) { $0 + counts[$1] * Int64(tree.codeLength(of: Int32($1))) }
    #expect(cost == optimum)
    for id in 1..<v where counts[id] < counts[id - 1] {
      #expect(tree.codeLength(of: Int32(id)) >= tree.codeLength(of: Int32(id - 1)))
    }
    #expect((0..<v).allSatisfy { path(tree, $0).points.first == Int32(v - 2) })
  }

  /// The leaves' probabilities under any input vector and inner-node rows sum to 1: the
  /// hierarchical softmax is a normalized distribution, so its held-out cross-entropy is on
  /// the full softmax's scale.
  @Test(arguments: [2, 5, 300])
  func leafProbabilitiesSumToOne(v: Int) {
    let d = 7
    let tree = HuffmanTree(counts: zipfCounts(v))
    let output = EmbeddingTable(rows: v, dimensions: d)
    output.fillUniform(scale: 1.5, seed: 3)
    var random = Xoshiro256StarStar(seed: 9)
    for _ in 0..<3 {
      let h = (0..<d).map { _ in Float(random.next(below: 2000)) / 1000 - 1 }
      let total = h.withUnsafeBufferPointer { h in
        (0..<v).reduce(0.0) {
          $0
            + exp(
              -tree.negativeLogProbability(of: Int32($1), input: h.baseAddress!, output: output))
        }
      }
      #expect(abs(total - 1) < 1e-9, "V = \(v): Σ P = \(total)")
    }
  }

  /// One skip-gram window moves each context row and each inner node of the centre's path by
  /// −rate × the gradient of Σ −log P(centre | context), taken here by central differences of
  /// the tree's probability, with both updates from the rows as they were; CBOW moves every
  /// context row by the gradient with respect to the mean of the rows. The reported loss is the
  /// window's −log P.
  @Test(arguments: Architecture.allCases)
  func aWindowIsTheSGDStepOfTheTreesLoss(architecture: Architecture) throws {
    let (v, d, rate) = (40, 6, Float(0.01))
    let tree = HuffmanTree(counts: zipfCounts(v))
    let centre: Int32 = 33
    let contexts: [Int32] = [4, 17, 0]
    let model = Model(vocabularySize: v, dimensions: d, seed: 2)
    model.input.fillUniform(scale: 0.9, seed: 4)
    model.output.fillUniform(scale: 0.9, seed: 5)
    let before = (input: model.input.array, output: model.output.array)
    // The loss of the window as a function of the tables, in Double.
    func windowLoss(input: [Float], output: [Float]) -> Double {
      let table = EmbeddingTable(rows: v, dimensions: d)
      table.withValues { for index in 0..<(v * d) { $0[index] = output[index] } }
      let inputs: [[Float]] = contexts.map { Array(input[Int($0) * d..<(Int($0) + 1) * d]) }
      let rows =
        architecture == .skipGram
        ? inputs : [(0..<d).map { k in inputs.reduce(0) { $0 + $1[k] } / Float(inputs.count) }]
      return rows.reduce(0.0) { sum, row in
        sum
          + row.withUnsafeBufferPointer {
            tree.negativeLogProbability(of: centre, input: $0.baseAddress!, output: table)
          }
      }
    }
    let loss = HierarchicalSoftmaxLoss(tree: tree, architecture: architecture)
    var workspace = Workspace(
      dimensions: d, maxContexts: contexts.count, maxOutputs: loss.maxOutputs,
      random: Xoshiro256StarStar(seed: 1))
    let state = loss.makeState(model: model)
    contexts.withUnsafeBufferPointer {
      loss.train(
        centre: centre, contexts: $0, model: model, workspace: &workspace, state: state,
        learningRate: rate)
    }
    // The worker's copies of the top nodes reach the shared table when it publishes.
    loss.flush(model: model, workspace: &workspace, state: state, learningRate: rate)
    let expectedLoss = windowLoss(input: before.input, output: before.output)
    #expect(abs(workspace.lossSum - expectedLoss) < 1e-4 * expectedLoss)
    #expect(workspace.lossCount == (architecture == .skipGram ? contexts.count : 1))
    let step: Float = 1e-3
    func expectStep(_ index: Int, ofInput: Bool) {
      var plus = ofInput ? before.input : before.output
      var minus = plus
      plus[index] += step
      minus[index] -= step
      let (lossPlus, lossMinus) =
        ofInput
        ? (
          windowLoss(input: plus, output: before.output),
          windowLoss(input: minus, output: before.output)
        )
        : (
          windowLoss(input: before.input, output: plus),
          windowLoss(input: before.input, output: minus)
        )
      var gradient = (lossPlus - lossMinus) / Double(2 * step)
      // CBOW's context rows take the gradient of the mean, not of each row's share of it.
      if ofInput, architecture == .cbow { gradient *= Double(contexts.count) }
      let moved =
        ofInput
        ? model.input.array[index] - before.input[index]
        : model.output.array[index] - before.output[index]
      #expect(
        abs(Double(moved) + Double(rate) * gradient) < 2e-5,
        "\(ofInput ? "input" : "output") [\(index)]: moved \(moved), −rate × gradient \(-Double(rate) * gradient)"
      )
    }
    for context in contexts { for k in 0..<d { expectStep(Int(context) * d + k, ofInput: true) } }
    let nodes = path(tree, Int(centre)).points
    #expect(nodes.count >= 3)
    for node in nodes { for k in 0..<d { expectStep(Int(node) * d + k, ofInput: false) } }
    // Rows off the window and off the path are left alone.
    #expect(model.input.array[5 * d..<6 * d] == before.input[5 * d..<6 * d])
    let untouched = try #require((0..<Int32(v - 1)).first { !nodes.contains($0) })
    let rows = Int(untouched) * d..<(Int(untouched) + 1) * d
    #expect(model.output.array[rows] == before.output[rows])
  }

  /// Trained with the hierarchical softmax, skip-gram and CBOW learn the planted structure: the
  /// held-out cross-entropy under the tree falls from the untrained model's (every decision
  /// σ(0), so Σ depth × log 2) to below log 44, and a seeded one-worker run repeats exactly.
  @Test(arguments: Architecture.allCases)
  func theTreeLearnsThePlantedStructure(architecture: Architecture) throws {
    let path = try plantedCorpus(sentences: 1500, seed: 3)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.loss = .hierarchicalSoftmax
    options.architecture = architecture
    options.epochs = 3
    func train() throws -> TrainingRun {
      try TrainerFactory.train(options: options, source: TextSource(path: path), vocabulary: words)
    }
    let run = try train()
    #expect(run.heldOutCrossEntropy.count == 3)
    #expect(run.heldOutCrossEntropy.last! < log(44.0), "\(run.heldOutCrossEntropy)")
    #expect(run.heldOutCrossEntropy.last! < run.heldOutCrossEntropy.first!)
    #expect(try train().model.input.array == run.model.input.array)
  }

  /// `bench.losses` may name the hierarchical softmax: one cell, whatever the grid's samplers and
  /// candidate counts, named for its loss alone and trained with it.
  @Test func theBenchGridHasOneTreeCell() throws {
    var settings = BenchSettings()
    settings.losses = ["nce", "hierarchical-softmax"]
    settings.samplers = ["uniform", "log-uniform"]
    settings.samples = ["5", "64"]
    let grid = try BenchGrid(settings)
    #expect(grid.cells.count == 2 * 2 + 1 + 1)
    let trees = grid.cells.filter { $0.loss == .hierarchicalSoftmax }
    #expect(trees.map(\.name) == ["hierarchical-softmax"])
    #expect(trees.first?.samplerLabel == "tree")
    #expect(trees.first?.options(from: TrainingOptions()).loss == .hierarchicalSoftmax)
  }
}
