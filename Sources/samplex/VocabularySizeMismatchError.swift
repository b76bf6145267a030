/// A `--vocab-size` that differs from the word count of the `--counts` file: the counts file
/// sets the number of classes, so a different size given beside it is a mistake to name, not
/// one of the two to pick silently.
struct VocabularySizeMismatchError: Error, CustomStringConvertible {
  let given: Int
  let counted: Int
  let path: String

  var description: String {
    "--vocab-size \(given) disagrees with \(path), which lists \(counted) words; leave out "
      + "--vocab-size (the counts file sets it) or give --vocab-size \(counted)."
  }
}
