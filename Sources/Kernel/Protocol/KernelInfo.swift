/// What `kernel_info_reply` says about the kernel itself; the language's part
/// (`language_info`) comes from the interpreter.
public struct KernelInfo: Sendable, Equatable {
    /// A link shown in the front end's help menu.
    public struct HelpLink: Sendable, Equatable {
        public var text: String
        public var url: String

        public init(text: String, url: String) {
            self.text = text
            self.url = url
        }
    }

    public var implementationVersion: String
    public var banner: String
    public var helpLinks: [HelpLink]

    public init(implementationVersion: String, banner: String, helpLinks: [HelpLink] = []) {
        self.implementationVersion = implementationVersion
        self.banner = banner
        self.helpLinks = helpLinks
    }

    /// The reply content, with `language` as its `language_info`.
    func content(language: LanguageInfo) -> JSONValue {
        [
            "status": "ok",
            "protocol_version": .string(MessageFactory.protocolVersion),
            "implementation": "backprop",
            "implementation_version": .string(implementationVersion),
            "language_info": language.content,
            "banner": .string(banner),
            "help_links": .array(helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "debugger": false,
        ]
    }
}

extension LanguageInfo {
    /// The `language_info` object.
    var content: JSONValue {
        var fields: [String: JSONValue] = [
            "name": .string(name), "version": .string(version), "mimetype": .string(mimetype),
            "file_extension": .string(fileExtension),
        ]
        if let pygmentsLexer { fields["pygments_lexer"] = .string(pygmentsLexer) }
        if let codemirrorMode { fields["codemirror_mode"] = .string(codemirrorMode) }
        if let nbconvertExporter { fields["nbconvert_exporter"] = .string(nbconvertExporter) }
        return .object(fields)
    }
}
