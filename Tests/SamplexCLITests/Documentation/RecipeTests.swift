import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// The recipes of `configs/`, by file name.
private let recipes: [String] = {
  let folder = Fixtures.root.appendingPathComponent("configs").path
  return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
    .filter { $0.hasSuffix(".yaml") }.sorted()
}()

private func recipePath(_ name: String) -> String {
  Fixtures.root.appendingPathComponent("configs").appendingPathComponent(name).path
}

/// A clone of the repository is all a user of a recipe has: every file it reads lies inside
/// the repository (or in `runs/`, which its header's command writes first), and one made for a
/// corpus too large to bundle takes the corpus as the argument.
@Suite struct RecipeTests {
  @Test func theRecipesAreAllHere() {
    #expect(recipes.count >= 8)
  }

  @Test(arguments: recipes)
  func aRecipeReadsOnlyFilesOfTheRepository(_ name: String) throws {
    var configuration = RunConfiguration()
    var origins: [String: ConfigurationOrigin] = [:]
    configuration.apply(try ConfigurationYAML.read(path: recipePath(name)), origins: &origins)
    #expect(!configuration.corpus.isEmpty, "\(name)")
    let files =
      configuration.corpus + (configuration.evaluation.analogies.map { [$0] } ?? [])
      + configuration.evaluation.similarity
    for file in files {
      #expect(
        !file.hasPrefix("/") && !file.split(separator: "/").contains(".."), "\(name): \(file)")
      guard !file.hasPrefix("runs/") else { continue }
      #expect(
        FileManager.default.fileExists(atPath: Fixtures.root.appendingPathComponent(file).path),
        "\(name): \(file)")
    }
  }

  @Test(arguments: recipes)
  func aRecipeTakingACorpusArgumentTrainsOnIt(_ name: String) throws {
    let header = try String(contentsOfFile: recipePath(name), encoding: .utf8)
      .split(separator: "\n").prefix { $0.hasPrefix("#") }.joined(separator: "\n")
    guard header.contains("samplex train CORPUS --config configs/\(name)") else {
      // The recipes that train on the bundled corpus only.
      #expect(name == "quickstart.yaml" || header.contains("samplex bench"), "\(name)")
      return
    }
    let corpus = Fixtures.data("tiny/kjv-head.txt")
    let command = try SamplexCommand.parseAsRoot([
      "train", corpus, "--config", recipePath(name), "--no-eval",
    ])
    let (configuration, _) = try #require(command as? TrainCommand).resolve()
    #expect(configuration.corpus == [corpus])
  }
}
