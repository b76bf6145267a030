/// Which predictions share one draw of candidates: a window's (pWord2Vec, the fast default for
/// word2vec's few negatives), each (context, centre) pair its own (word2vec.c), or a minibatch's
/// (TensorFlow's, the fast one for tens to thousands of candidates: `BatchSampledLoss`).
public enum CandidateSharing: String, Sendable, CaseIterable {
  case perWindow = "window"
  case perPair = "pair"
  case perBatch = "batch"
}
