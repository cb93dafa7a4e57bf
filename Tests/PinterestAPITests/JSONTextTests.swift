import Foundation
import PinterestModel
import Testing

@Suite("JSON text")
struct JSONTextTests {
    /// Plain text (the one-append path) and text that needs escapes (the per-scalar path) must
    /// both read back as themselves.
    static let samples: [String] = [
        "", "Summer sale", "549110001137913579", "Café ☕️ — naïve 日本語 🇫🇷", "\u{80}\u{9F} C1 bytes",
        "say \"hi\"", #"back\slash"#, "line\nbreak", "tab\there", "cr\rhere", "\u{0}nul", "\u{1F}unit", "del\u{7F}",
        "mixed \"é\" \\ \n ☕️ \u{7}",
    ]

    @Test("quoted text reads back as itself", arguments: samples)
    func roundTrip(_ text: String) throws {
        let quoted = JSONText.quoted(text)
        let decoded = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == text, "\(quoted)")
        // No raw control byte or DEL survives into the text.
        #expect(!quoted.utf8.contains { $0 < 0x20 || $0 == 0x7F }, "\(quoted)")
    }

    @Test("escapes are the short forms where JSON has them")
    func escapeForms() {
        #expect(JSONText.quoted("a\"b\\c\nd\re\tf\u{1}g\u{7F}") == #""a\"b\\c\nd\re\tf\u0001g\u007f""#)
        #expect(JSONText.quoted("plain ☕️") == "\"plain ☕️\"")
    }
}
