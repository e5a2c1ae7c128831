// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Backprop",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "backprop", targets: ["backprop"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        // C libraries, each imported by exactly one Swift module.
        // libzmq's pkg-config file carries -isystem flags that SwiftPM refuses with a
        // warning; zmq.h is on the default include path, so the module map links it directly.
        .systemLibrary(
            name: "CZeroMQ",
            providers: [.apt(["libzmq3-dev"])]
        ),
        // The engine's matrix product, in C for one reason: a C function can be compiled
        // for AVX and chosen at run time, which Swift cannot do per function.
        .target(name: "CGemm"),
        // The engine's elementwise loops Swift would compile for the baseline instruction set
        // only (GELU's Φ and φ): the same C for any CPU and for AVX2, chosen at run time.
        // Optimised in debug builds too, so `swift test` checks the vectorised loops' bits.
        // They follow the matrix product's choice of instruction set.
        .target(name: "CVectorMath", dependencies: ["CGemm"], cSettings: [.unsafeFlags(["-O2"])]),

        // Files written whole or not at all, write(2) to the end, and JSON string literals: what
        // the engine's checkpoints, the exports and the kernel's history share in writing files.
        .target(name: "FileWriting"),
        // Tensors, autodiff, layers, losses, optimizers, data, checkpoints. No text, no Jupyter.
        // Square roots compile to libm's sqrt, which sets errno on a negative argument and
        // so keeps every loop holding one (Adam, RMSprop, Adagrad) scalar; without errno
        // they become vector square roots (sqrtps), the same IEEE-exact result.
        .target(
            name: "Engine", dependencies: ["CGemm", "CVectorMath", "FileWriting"], resources: [.copy("Datasets")],
            swiftSettings: [.unsafeFlags(["-Xcc", "-fno-math-errno"])]
        ),
        // Tables, text plots, progress bars, export formats. Knows nothing of networks.
        .target(name: "Render", dependencies: ["FileWriting"]),
        // The command language: lexer, parser, interpreter, session state.
        .target(name: "Language", dependencies: ["Engine", "Render"]),
        // The Jupyter wire protocol. Talks to any interpreter through a protocol.
        .target(
            name: "Kernel",
            dependencies: ["CZeroMQ", "FileWriting", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "backprop",
            dependencies: [
                "Kernel", "Language", "Engine", "Render",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "EngineTests", dependencies: ["Engine", "CVectorMath"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RenderTests", dependencies: ["Render"], resources: [.copy("Golden")]),
        .testTarget(name: "LanguageTests", dependencies: ["Language"], resources: [.copy("Scripts")]),
        .testTarget(
            name: "KernelTests", dependencies: ["Kernel", .product(name: "Crypto", package: "swift-crypto")]),
    ],
    swiftLanguageModes: [.v6]
)
