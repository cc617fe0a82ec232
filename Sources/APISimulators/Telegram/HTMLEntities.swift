/// The subset of HTML Telegram accepts in `parse_mode=HTML`: checks tags and entities like the
/// Bot API does, and returns the text a reader sees.
enum HTMLEntities {
    static let tags: Set<String> = [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote",
    ]

    static func visibleText(_ html: String) -> Result<String, HTMLError> {
        var visible = ""
        var open: [String] = []
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                guard let close = html[index...].firstIndex(of: ">") else { return .failure(HTMLError("unclosed start tag")) }
                let inner = html[html.index(after: index)..<close]
                let closing = inner.hasPrefix("/")
                let name = String((closing ? inner.dropFirst() : inner).prefix { $0 != " " }).lowercased()
                guard tags.contains(name) else { return .failure(HTMLError("unsupported start tag \"\(name)\"")) }
                if closing {
                    guard open.last == name else { return .failure(HTMLError("unmatched end tag \"\(name)\"")) }
                    open.removeLast()
                } else {
                    open.append(name)
                }
                index = html.index(after: close)
            } else if character == "&" {
                guard let semicolon = html[index...].firstIndex(of: ";") else { return .failure(HTMLError("unterminated entity")) }
                switch html[html.index(after: index)..<semicolon] {
                case "lt": visible.append("<")
                case "gt": visible.append(">")
                case "amp": visible.append("&")
                case "quot": visible.append("\"")
                case let entity: return .failure(HTMLError("unsupported entity \"&\(entity);\""))
                }
                index = html.index(after: semicolon)
            } else {
                visible.append(character)
                index = html.index(after: index)
            }
        }
        if let unclosed = open.last { return .failure(HTMLError("can't find end tag corresponding to start tag \"\(unclosed)\"")) }
        return .success(visible)
    }

    struct HTMLError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
