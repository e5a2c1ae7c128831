/// What `kernel_info_reply` says about the kernel and its language.
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
    public var languageVersion: String
    public var banner: String
    public var helpLinks: [HelpLink]

    public init(
        implementationVersion: String, languageVersion: String, banner: String, helpLinks: [HelpLink] = []
    ) {
        self.implementationVersion = implementationVersion
        self.languageVersion = languageVersion
        self.banner = banner
        self.helpLinks = helpLinks
    }

    /// The reply content.
    var content: JSONValue {
        [
            "status": "ok",
            "protocol_version": .string(MessageFactory.protocolVersion),
            "implementation": "backprop",
            "implementation_version": .string(implementationVersion),
            "language_info": [
                "name": "backprop",
                "version": .string(languageVersion),
                "mimetype": "text/x-backprop",
                "file_extension": ".bp",
                "pygments_lexer": "text",
                "codemirror_mode": "text",
            ],
            "banner": .string(banner),
            "help_links": .array(helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "debugger": false,
        ]
    }
}
