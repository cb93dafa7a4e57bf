/// Text made safe for HTML: every name on the page comes from Pinterest and may hold quotes,
/// `<b>`, emoji, tabs and newlines.
enum HTML {
    /// Escapes text for element content and quoted attribute values alike.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out += " "
            case let control where control.value < 0x20 || control.value == 0x7f: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An http(s) link, or nil: a `javascript:` or `data:` URL never becomes an href.
    static func safeURL(_ text: String?) -> String? {
        guard let text, let scheme = text.split(separator: ":", maxSplits: 1).first?.lowercased(),
              scheme == "https" || scheme == "http" else { return nil }
        return escape(text)
    }
}
