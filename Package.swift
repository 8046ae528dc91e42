// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pincheck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pincheck", targets: ["pincheck"]),
        .library(name: "PinLang", targets: ["PinLang"]),
        .library(name: "PinExplicit", targets: ["PinExplicit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The Z3 C API, found through pkg-config; only the Z3 module imports it.
        .systemLibrary(
            name: "CZ3",
            pkgConfig: "z3",
            providers: [.apt(["libz3-dev"])]
        ),
        .target(name: "Z3", dependencies: ["CZ3"]),
        .target(name: "PinLang"),
        .target(name: "PinExplicit", dependencies: ["PinLang"]),
        .target(name: "PinReport", dependencies: ["PinLang"]),
        .target(name: "PinSymbolic", dependencies: ["PinLang", "Z3"]),
        // The provers that combine engines (the portfolio, mined, reachable, hints), the
        // certificates and their re-check, and the one `Engine` entry point.
        .target(name: "PinProof", dependencies: ["PinLang", "PinExplicit", "PinSymbolic", "Z3"]),
        .executableTarget(
            name: "pincheck",
            dependencies: [
                "PinLang", "PinExplicit", "PinSymbolic", "PinProof", "PinReport", "Z3",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "Z3Tests", dependencies: ["Z3"]),
        .testTarget(name: "PinLangTests", dependencies: ["PinLang"]),
        .testTarget(name: "PinExplicitTests", dependencies: ["PinLang", "PinExplicit"]),
        .testTarget(name: "PinSymbolicTests", dependencies: ["PinLang", "PinSymbolic", "Z3"]),
        .testTarget(name: "PinProofTests", dependencies: ["PinLang", "PinExplicit", "PinSymbolic", "PinProof", "Z3"]),
        .testTarget(name: "PincheckTests", dependencies: ["pincheck", "PinLang"]),
    ]
)
