/// A benchmark that could not be measured: what went wrong, for the bench's report.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
