/// The k-way merge of spilled count runs (`CountRun`): each token once, in byte order, with its
/// counts summed and its earliest first appearance; the readers held in a binary heap by their
/// current token.
enum CountRunMerge {
  /// Calls `body` with each token of `runs`, its whole count and its first appearance, in byte
  /// order. Past `CountRun.fanIn` runs, groups of that many are merged first into runs of their
  /// own (in `directory`), so that at most `fanIn` files and buffers are open at once.
  /// - Throws: `VocabularyError.spillFailed` when a run cannot be written or read back.
  static func merge(
    _ runs: [CountRun], directory: String,
    _ body: (UnsafeRawBufferPointer, Int64, FirstAppearance) -> Void
  ) throws(VocabularyError) {
    var runs = runs
    while runs.count > CountRun.fanIn {
      let group = Array(runs.prefix(CountRun.fanIn))
      runs.removeFirst(CountRun.fanIn)
      runs.append(
        try CountRun(
          merging: group, level: group.map(\.level).max()! + 1, directory: directory))
    }
    try mergeAtOnce(runs, body)
  }

  /// `merge` of runs read all at once.
  static func mergeAtOnce(
    _ runs: [CountRun], _ body: (UnsafeRawBufferPointer, Int64, FirstAppearance) -> Void
  ) throws(VocabularyError) {
    var heap = ReaderHeap(readers: runs.map(CountRunReader.init))
    for index in heap.readers.indices {
      if try heap.readers[index].advance() { heap.insert(index) }
    }
    var key: [UInt8] = []
    while let top = heap.top {
      let reader = heap.readers[top]
      key.removeAll(keepingCapacity: true)
      key.append(contentsOf: reader.key)
      var count = reader.count
      var first = reader.first
      try heap.advanceTop()
      while let next = heap.top,
        key.withUnsafeBytes({ CountRun.compare(heap.readers[next].key, $0) }) == 0
      {
        count += heap.readers[next].count
        first = min(first, heap.readers[next].first)
        try heap.advanceTop()
      }
      key.withUnsafeBytes { body($0, count, first) }
    }
  }

  /// The indices of the readers that have a current entry, as a min-heap by that entry's token.
  private struct ReaderHeap {
    let readers: [CountRunReader]
    private var heap: [Int] = []

    init(readers: [CountRunReader]) { self.readers = readers }

    var top: Int? { heap.first }

    mutating func insert(_ index: Int) {
      heap.append(index)
      var child = heap.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        guard precedes(heap[child], heap[parent]) else { break }
        heap.swapAt(child, parent)
        child = parent
      }
    }

    /// Moves the top reader to its next entry, dropping it at its run's end.
    mutating func advanceTop() throws(VocabularyError) {
      if try !readers[heap[0]].advance() {
        heap[0] = heap[heap.count - 1]
        heap.removeLast()
      }
      var parent = 0
      while true {
        var smallest = parent
        let (left, right) = (2 * parent + 1, 2 * parent + 2)
        if left < heap.count, precedes(heap[left], heap[smallest]) { smallest = left }
        if right < heap.count, precedes(heap[right], heap[smallest]) { smallest = right }
        if smallest == parent { return }
        heap.swapAt(parent, smallest)
        parent = smallest
      }
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
      CountRun.compare(readers[a].key, readers[b].key) < 0
    }
  }
}
