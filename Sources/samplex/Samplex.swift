import ArgumentParser

@main
struct SamplexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "samplex",
    abstract: "Train word embeddings over large vocabularies with sampled losses.",
    subcommands: [VocabCommand.self, CompressCommand.self])
}
