/// Whether a window's predictions share one draw of candidates (pWord2Vec, the fast default) or
/// each (context, centre) pair draws its own, as word2vec.c does.
public enum CandidateSharing: String, Sendable, CaseIterable {
  case perWindow = "window"
  case perPair = "pair"
}
