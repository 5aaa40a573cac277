// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "StepwiseTrace", targets: ["StepwiseTrace"]),
        .library(name: "StepwiseEngine", targets: ["StepwiseEngine"]),
        .executable(name: "stepwise", targets: ["stepwise"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        // The trace contract: Codable types only.
        .target(name: "StepwiseTrace"),
        // Tensors, ops, tape, layers, losses, optimizers, specs, training loop.
        .target(
            name: "StepwiseEngine",
            dependencies: ["StepwiseTrace", .product(name: "Yams", package: "Yams")]
        ),
        // Lesson sources → lesson model → HTML pages and site assets.
        .target(
            name: "StepwiseLessons",
            dependencies: [
                "StepwiseTrace", "StepwiseEngine",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "Plot", package: "Plot"),
            ]
        ),
        // Argument-parser commands; the only place that wires modules together.
        .target(
            name: "StepwiseCLI",
            dependencies: [
                "StepwiseTrace", "StepwiseEngine", "StepwiseLessons",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "stepwise", dependencies: ["StepwiseCLI"]),
        .testTarget(name: "StepwiseTraceTests", dependencies: ["StepwiseTrace"]),
        .testTarget(name: "StepwiseLessonsTests", dependencies: ["StepwiseLessons", "StepwiseEngine", "StepwiseTrace"]),
        .testTarget(
            name: "StepwiseEngineTests",
            dependencies: ["StepwiseEngine", "StepwiseTrace"],
            resources: [.copy("Reference")]
        ),
        .testTarget(
            name: "StepwiseCLITests",
            dependencies: ["StepwiseCLI", "stepwise"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
