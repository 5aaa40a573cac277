// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "StepwiseTrace", targets: ["StepwiseTrace"]),
        .library(name: "StepwiseEngine", targets: ["StepwiseEngine"]),
        .library(name: "StepwiseWords", targets: ["StepwiseWords"]),
        .library(name: "StepwiseRender", targets: ["StepwiseRender"]),
        .library(name: "StepwiseTesting", targets: ["StepwiseTesting"]),
        .library(name: "StepwiseLessons", targets: ["StepwiseLessons"]),
        .library(name: "StepwiseReports", targets: ["StepwiseReports"]),
        .executable(name: "stepwise", targets: ["stepwise"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
    ],
    targets: [
        // The trace contract: Codable types only.
        .target(name: "StepwiseTrace"),
        // The one escaping function for HTML, SVG/XML and Pango markup.
        .target(name: "StepwiseMarkup"),
        // The string catalogue: every word a reader sees, in English and in Chinese.
        .target(name: "StepwiseWords"),
        // The C macros of the Swift build's CPU target (FMA, AVX2), read by `BuildTarget`. No code.
        .systemLibrary(name: "CBuildTarget"),
        // Eight square roots at once without C's errno (Adam's update). Header only, no code.
        .systemLibrary(name: "CVectorMath"),
        // Tensors, ops, tape, layers, losses, optimizers, specs, training loop.
        .target(
            name: "StepwiseEngine",
            dependencies: ["StepwiseTrace", "CBuildTarget", "CVectorMath", .product(name: "Yams", package: "Yams")]
        ),
        // System libraries for drawing (Cairo), text (Pango) and PNG files (libpng). No Swift.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(
            name: "CPango", pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "fonts-dejavu-core", "fonts-wqy-microhei"])]
        ),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        // libpng's writer reports errors by longjmp; this C shim catches them with setjmp.
        .target(name: "CPNGWriter", dependencies: ["CPNG"]),
        // Figures of traces: layout, drawing, PNG/SVG/PDF output, image comparison.
        .target(name: "StepwiseRender", dependencies: ["StepwiseTrace", "StepwiseMarkup", "StepwiseWords", "CCairo", "CPango", "CPNG", "CPNGWriter"]),
        // Golden-image assertions for figures (ours and users' tests).
        .target(
            name: "StepwiseTesting",
            dependencies: ["StepwiseRender", .product(name: "SnapshotTesting", package: "swift-snapshot-testing")]
        ),
        // Lesson sources → lesson model → HTML pages and site assets.
        .target(
            name: "StepwiseLessons",
            dependencies: [
                "StepwiseTrace", "StepwiseEngine", "StepwiseRender", "StepwiseMarkup", "StepwiseWords",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "Plot", package: "Plot"),
            ]
        ),
        // Automatic HTML reports of a spec's training run, from the lesson site's pieces.
        .target(
            name: "StepwiseReports",
            dependencies: ["StepwiseTrace", "StepwiseEngine", "StepwiseRender", "StepwiseLessons", "StepwiseMarkup", "StepwiseWords", .product(name: "Plot", package: "Plot")]
        ),
        // Argument-parser commands; the only place that wires modules together.
        .target(
            name: "StepwiseCLI",
            dependencies: [
                "StepwiseTrace", "StepwiseEngine", "StepwiseRender", "StepwiseLessons", "StepwiseReports", "StepwiseWords",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The fuzzer reads seeds as YAML node trees.
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "stepwise", dependencies: ["StepwiseCLI"]),
        .testTarget(name: "StepwiseTraceTests", dependencies: ["StepwiseTrace"]),
        .testTarget(name: "StepwiseMarkupTests", dependencies: ["StepwiseMarkup"]),
        .testTarget(name: "StepwiseWordsTests", dependencies: ["StepwiseWords"]),
        .testTarget(
            name: "StepwiseLessonsTests",
            dependencies: ["StepwiseLessons", "StepwiseEngine", "StepwiseTrace", "StepwiseTesting", "StepwiseWords", .product(name: "Plot", package: "Plot"),
                           .product(name: "SnapshotTesting", package: "swift-snapshot-testing")],
            exclude: ["__Snapshots__", "Reference"]
        ),
        .testTarget(
            name: "StepwiseEngineTests",
            dependencies: ["StepwiseEngine", "StepwiseTrace", "StepwiseTesting"],
            resources: [.copy("Reference")]
        ),
        .testTarget(
            name: "StepwiseRenderTests",
            dependencies: [
                "StepwiseRender", "StepwiseTesting", "StepwiseEngine", "StepwiseTrace", "StepwiseWords", "stepwise",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "StepwiseReportsTests",
            dependencies: [
                "StepwiseReports", "StepwiseRender", "StepwiseTesting", "StepwiseEngine", "StepwiseTrace", "StepwiseWords",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "StepwiseCLITests",
            dependencies: ["StepwiseCLI", "StepwiseTesting", "StepwiseWords", "stepwise"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
