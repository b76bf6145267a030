import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import Samplex
@testable import samplex

/// Every `samplex train` flag sets the config key `ConfigurationFlags` gives it, and every
/// option the command shows is either such a flag or one of the command's own: no flag can
/// silently do nothing.
@Suite struct FlagSchemaTests {
  /// The options of `samplex train` that set no config key.
  private static let commandOptions: Set<String> = ["--config", "--resume", "--set", "--help"]

  private static let corpus = Fixtures.data("tiny/kjv-head.txt")

  /// What a flag needs beside it to be valid: evaluating needs a file to evaluate on, and a
  /// sampler's own setting that sampler.
  private static let companions = [
    "--eval": ["--analogies", corpus], "--pool": ["--sampler", "resample"],
    "--codewords": ["--sampler", "midx"], "--rebuild-every": ["--sampler", "midx"],
  ]

  @Test func everyFlagSetsItsKeyToANonDefaultValue() throws {
    for (flag, path) in ConfigurationFlags.keys {
      let key = try #require(ConfigurationSchema.key(path: path), "\(flag): no key \(path)")
      let defaultValue = key.get(ConfigurationSchema.defaults)
      let (arguments, expected) = try Self.arguments(flag: flag, key: key, default: defaultValue)
      #expect(expected != defaultValue, "\(flag): the test value is the default")
      let command = try #require(
        try SamplexCommand.parseAsRoot(
          ["train", Self.corpus] + arguments + (Self.companions[flag] ?? [])) as? TrainCommand)
      let (configuration, origins) = try command.resolve()
      #expect(key.get(configuration) == expected, "\(flag) \(arguments) did not set \(path)")
      #expect(origins[path]?.description == flag, "\(flag) is not named as \(path)'s origin")
    }
  }

  @Test func everyOptionOfTheHelpIsAFlagOfAKeyOrTheCommandsOwn() {
    // An option line: its names first ("-o, --output <output>", "--spool/--no-spool").
    let options = Set(
      TrainCommand.helpMessage(columns: 200).split(separator: "\n").compactMap {
        line -> String? in
        guard line.hasPrefix("  -") else { return nil }
        let names = line.split(separator: " ").prefix { $0.hasPrefix("-") }
        return names.lazy.map { String($0.prefix { $0 != "/" && $0 != "," }) }
          .first { $0.hasPrefix("--") }
      })
    let flags = Set(ConfigurationFlags.keys.map(\.flag))
    #expect(options.count > 30)
    #expect(flags.subtracting(options).isEmpty, "flags the help lacks")
    let unknown = options.subtracting(flags).subtracting(Self.commandOptions)
    #expect(unknown.isEmpty, "options that set no config key: \(unknown.sorted())")
  }

  @Test func eachFlagsHelpNamesTheKeyItSets() {
    // The help of each option: its line and the indented lines under it.
    var blocks: [String: String] = [:]
    var current: String?
    for line in TrainCommand.helpMessage(columns: 200).split(separator: "\n") {
      if line.hasPrefix("  -") {
        current = line.split(separator: " ").first { $0.hasPrefix("--") }.map {
          String($0.prefix { $0 != "/" && $0 != "," })
        }
      } else if !line.hasPrefix("   ") {
        current = nil
      }
      if let current { blocks[current, default: ""] += line + " " }
    }
    for (flag, path) in ConfigurationFlags.keys {
      #expect(blocks[flag]?.contains("(\(path)") == true, "\(flag)'s help does not name \(path)")
    }
  }

  @Test func aFlagNoKeyHasIsRefused() {
    #expect(throws: ConfigurationFlagError.unknownFlag("--dimension")) {
      _ = try ConfigurationFlags.key(flag: "--dimension")
    }
    #expect(ConfigurationFlags.flag(of: "model.dim") == "--dim")
  }

  @Test func helpStatesTheSchemasDefaults() {
    #expect(ConfigurationFlags.help("model.dim") == "model.dim; default 100")
    #expect(
      ConfigurationFlags.help("vocabulary.subsample") == "vocabulary.subsample; default 0.001")
    #expect(ConfigurationFlags.help("corpus.spool") == "corpus.spool; on by default")
    #expect(ConfigurationFlags.help("vocabulary.max_size") == "vocabulary.max_size")
    #expect(
      ConfigurationFlags.help("training.threads", note: "all cores")
        == "training.threads; default all cores")
  }

  /// The command-line arguments that set `key` (whose flag is `flag`) to a value other than its
  /// default, and the value `key.get` should then read.
  private static func arguments(
    flag: String, key: ConfigurationKey, default current: ConfigurationValue
  ) throws -> ([String], ConfigurationValue) {
    switch key.kind {
    case .boolean:
      let on = current != .boolean(true)
      return ([on ? flag : "--no-" + flag.dropFirst(2)], .boolean(on))
    case .integer(let minimum, let maximum):
      let candidate = (current.integerValue ?? minimum) + 1
      let value = candidate <= (maximum ?? .max) ? candidate : minimum
      return ([flag, String(value)], .integer(value))
    case .number(let minimum, _, let maximum):
      let candidate = current.numberValue.map { $0 * 2 } ?? minimum + 0.5
      let value = candidate <= (maximum ?? .infinity) ? candidate : minimum
      // A learning rate is a Float: the key reads back its shortest decimal form.
      let expected =
        path(key).hasPrefix("training.") && path(key).hasSuffix("lr")
        ? Double("\(Float(value))")! : value
      return ([flag, String(value)], .number(expected))
    case .choice(let words):
      let word = try #require(words.first { .text($0) != current })
      return ([flag, word], .text(word))
    case .text:
      // A file that exists, for the keys whose file is checked.
      return ([flag, corpus], .text(corpus))
    case .texts:
      return flag == "--neighbors"
        ? ([flag, "god,water"], .texts(["god", "water"])) : ([flag, corpus], .texts([corpus]))
    }
  }

  private static func path(_ key: ConfigurationKey) -> String { key.path }
}

extension ConfigurationValue {
  fileprivate var integerValue: Int? { if case .integer(let value) = self { value } else { nil } }
  fileprivate var numberValue: Double? { if case .number(let value) = self { value } else { nil } }
}
