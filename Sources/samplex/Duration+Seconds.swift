extension Duration {
  /// The duration in seconds, for the commands that time their work (`vocab`, `step`, `sync`).
  var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}
