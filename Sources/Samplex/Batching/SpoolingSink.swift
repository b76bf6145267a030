/// A sink that writes spool files while passing its tokens on to the sink it wraps.
protocol SpoolingSink: TokenSink {
  associatedtype Wrapped: TokenSink
  /// The sink the tokens go on to, as they left it.
  var wrapped: Wrapped { get }
  /// Writes what is left and tells the spool whether each of its files can be replayed.
  mutating func finish()
}
