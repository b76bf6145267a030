/// `1234567` as `1,234,567`: counts as the command line and the bench's report print them.
package func grouped<T: BinaryInteger>(_ value: T) -> String {
  let digits = String(value.magnitude)
  var out = ""
  for (index, digit) in digits.enumerated() {
    if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
    out.append(digit)
  }
  return (value < 0 ? "-" : "") + out
}
