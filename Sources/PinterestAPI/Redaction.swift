import Foundation

/// Scrubs text that came from the network (error messages) before it reaches an error or log.
enum Redaction {
    /// Replaces anything shaped like a Pinterest token (`pina.`, `pinr.`, `pinc.` …) and any of
    /// `secrets`, and caps the length.
    static func scrub(_ text: String, secrets: [String] = []) -> String {
        var result = String(text.prefix(2_000))
        for secret in secrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        var output = ""
        var index = result.startIndex
        while index < result.endIndex {
            let rest = result[index...]
            if rest.hasPrefix("pin"), let kind = rest.dropFirst(3).first, kind.isLetter,
               rest.dropFirst(4).first == "." {
                output += "<redacted>"
                index = rest.firstIndex(where: { !($0.isLetter || $0.isNumber || "._-~+/=".contains($0)) }) ?? result.endIndex
                continue
            }
            output.append(result[index])
            index = result.index(after: index)
        }
        return output.count > 300 ? String(output.prefix(300)) + "…" : output
    }

    /// A URL's path, for logs and errors: never its query (pre-signed credentials) or userinfo.
    static func path(of url: URL) -> String {
        url.path.isEmpty ? "/" : url.path
    }
}
