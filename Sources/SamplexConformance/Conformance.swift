import Samplex

/// Checks Samplex against every case of a reference file that it knows how to check.
package enum Conformance {
  /// One result per case, in file order; cases of groups Samplex does not check yet are skipped
  /// with the reason.
  package static func check(_ file: ReferenceFile) -> [ConformanceResult] {
    let samplers = SamplerConformance(file: file)
    let losses = LossConformance()
    return file.cases.map { reference in
      if SamplerConformance.groups.contains(reference.group) { return samplers.check(reference) }
      if LossConformance.groups.contains(reference.group) { return losses.check(reference) }
      return ConformanceResult(
        id: reference.id,
        verdict: .skipped("Samplex does not check '\(reference.group)' cases yet"))
    }
  }
}
