import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import Testing

/// Valid Doubles at the edges of the range — zero, subnormals (saturated sigmoids), ±1e308
/// (a symmetric colour range of ±1e308 is ∞ wide), NaN and ∞ beside them — never trap the tick,
/// colour-range and figure code.
@Suite struct ExtremeRangeTests {
    /// Subnormal numbers, spelled without a literal that underflows.
    static let e320 = Double("1e-320")!
    static let e318 = Double("1e-318")!
    static let e322 = Double("1e-322")!

    /// Values a range end is drawn from: the edges of Double, then random magnitudes from
    /// 1e-330 (subnormal or zero) to 1e308 of either sign.
    static let edges: [Double] = [
        0, -0.0, 1, -1, 0.5, 1e-300, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, e320, -e320,
        Double.leastNormalMagnitude, -Double.leastNormalMagnitude, 1e308, -1e308,
        Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, .nan, .infinity, -.infinity,
    ]

    static func extremeEnd(_ random: inout SeededRandom) -> Double {
        if random.index(below: 2) == 0 { return edges[random.index(below: edges.count)] }
        let magnitude = random.uniform(1, 10) * pow(10, Double(random.index(below: 639) - 330))
        return random.index(below: 2) == 0 ? magnitude : -magnitude
    }

    @Test func ticksOfExtremeRangesAreFiniteAscendingAndEncloseTheRange() {
        var random = SeededRandom(seed: 18, label: "render-tests/extreme-ranges")
        for _ in 0..<4000 {
            var a = Self.extremeEnd(&random)
            // One in four ranges has both ends nearly equal (widths of a few ulps or subnormals).
            var b = random.index(below: 4) == 0 && a.isFinite ? a.nextUp.nextUp : Self.extremeEnd(&random)
            if random.index(below: 2) == 0 { swap(&a, &b) }
            let target = [2, 5, 6][random.index(below: 3)]
            let integers = random.index(below: 5) == 0
            let ticks = Ticks.nice(a, b, target: target, integers: integers)
            let context = "Ticks.nice(\(a), \(b), target: \(target), integers: \(integers)) = \(ticks.values)"
            #expect(!ticks.values.isEmpty && ticks.values.count <= 4 * target + 1, "\(context)")
            #expect(ticks.values.allSatisfy { $0.isFinite }, "\(context)")
            #expect(zip(ticks.values, ticks.values.dropFirst()).allSatisfy { $0 < $1 }, "\(context)")
            #expect(ticks.step.isFinite && ticks.step > 0, "\(context)")
            #expect(ticks.labels.count == ticks.values.count && ticks.labels.allSatisfy { !$0.isEmpty }, "\(context)")
            if a.isFinite && b.isFinite {
                // Enclosed, up to the rounding of ticks k·step when the range is a few ulps of a
                // large number wide.
                let slack = 2 * ticks.step + 4 * max(abs(a), abs(b)).ulp
                #expect(ticks.lower <= min(a, b) + slack && ticks.upper >= max(a, b) - slack, "\(context)")
            }
            for value in [a, b, 0, .infinity, -.infinity] where !value.isNaN {
                let fraction = ticks.fraction(of: value)
                #expect(fraction.isFinite, "\(context): fraction of \(value) = \(fraction)")
            }
        }
    }

    @Test func ticksAtTheEdgesOfDouble() {
        // A subnormal range: steps of 2e-321, the labels in powers of ten.
        let subnormal = Ticks.nice(0, Self.e320)
        #expect(subnormal.values.count == 6 && subnormal.values.first == 0 && subnormal.values.last! >= Self.e320)
        #expect(subnormal.labels == ["0", "2e-321", "4e-321", "6e-321", "8e-321", "1e-320"])
        // ±1e308: 2e308 is wider than any Double; measured in halves, steps of 5e307.
        let huge = Ticks.nice(-1e308, 1e308)
        #expect(huge.values == [-1e308, -5e307, 0, 5e307, 1e308])
        #expect(huge.labels == ["−1e308", "−5e307", "0", "5e307", "1e308"])
        // The largest Doubles: 2e308 overflows, so the end ticks are ±greatestFiniteMagnitude.
        let largest = Ticks.nice(-.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        #expect(largest.values.first == -.greatestFiniteMagnitude && largest.values.last == .greatestFiniteMagnitude)
        #expect(largest.values.dropFirst().first == -1.5e308)
        // The smallest subnormal alone: padded to 0…1e-323.
        let least = Ticks.nice(Double.leastNonzeroMagnitude, Double.leastNonzeroMagnitude)
        #expect(least.lower == 0 && least.upper >= 2 * Double.leastNonzeroMagnitude)
        // Normal ranges are as before.
        #expect(Ticks.nice(0, 1).values == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test func colourRangesOfExtremeValuesPlaceEveryValue() {
        let symmetric = ValueRange.symmetric([1e308, -1e308, 2])
        #expect(symmetric == ValueRange(-1e308, 1e308))
        #expect(symmetric.fraction(of: 1e308) == 1 && symmetric.fraction(of: -1e308) == 0 && symmetric.fraction(of: 0) == 0.5)
        #expect(symmetric.fraction(of: .infinity) == 1e6 && symmetric.fraction(of: -.infinity) == -1e6)
        #expect(ColorMap.blueWhiteRed.color(for: 0, in: symmetric) == .white)
        let constant = ValueRange.covering([Double.greatestFiniteMagnitude])
        #expect(constant.lower.isFinite && constant.upper == .greatestFiniteMagnitude)
        let tiny = ValueRange.covering([0, Self.e320])
        #expect(tiny.fraction(of: Self.e320 / 2) > 0.49 && tiny.fraction(of: Self.e320 / 2) < 0.51)
        #expect(ValueRange(0, 1).fraction(of: .nan).isNaN)
    }

    /// `trace` with every recorded number (values, gradients, parameters, outputs, loss) passed
    /// through `transform(number, its index in the tensor)`.
    static func transformed(_ trace: Trace, _ transform: (Double, Int) -> Double) -> Trace {
        func map(_ tensor: TensorValue) -> TensorValue {
            TensorValue(shape: tensor.shape, data: tensor.data.enumerated().map { transform($0.element, $0.offset) })
        }
        var result = trace
        for s in result.steps.indices {
            result.steps[s].loss = transform(result.steps[s].loss, s)
            result.steps[s].outputs = result.steps[s].outputs.mapValues(map)
            result.steps[s].params = result.steps[s].params.mapValues { ParamRecord(before: map($0.before), grad: map($0.grad), after: map($0.after)) }
            result.steps[s].inputGrad = result.steps[s].inputGrad.map(map)
            for o in result.steps[s].ops.indices {
                result.steps[s].ops[o].value = map(result.steps[s].ops[o].value)
                result.steps[s].ops[o].grad = result.steps[s].ops[o].grad.map(map)
            }
        }
        return result
    }

    /// All zero; subnormal (a saturated sigmoid's activations and gradients); ±1e308 by sign;
    /// and subnormals mixed with ±1e308 and zeros.
    static let extremes: [(name: String, transform: @Sendable (Double, Int) -> Double)] = [
        ("all-zero", { _, _ in 0 }),
        ("subnormal", { value, _ in value * e320 }),
        ("plus-minus-1e308", { value, _ in value == 0 ? 0 : (value > 0 ? 1e308 : -1e308) }),
        ("mixed", { value, index in [value * e318, value < 0 ? -1e308 : 1e308, 0, Double.leastNonzeroMagnitude][index % 4] }),
    ]

    /// The figures of each real trace, with the settings that show numbers and gradients.
    static func cases() throws -> [(trace: Trace, kind: FigureKind, settings: FigureSettings)] {
        func settings(_ scope: String? = nil, _ configure: (inout FigureSettings) -> Void = { _ in }) -> FigureSettings {
            var result = FigureSettings(step: nil, scope: scope)
            result.numbers = true
            configure(&result)
            return result
        }
        let mazur = EngineTraces.mazur
        return [
            (mazur, .network, settings()),
            (mazur, .network, settings { $0.nodes = .gradient; $0.edges = .update }),
            (mazur, .graph, settings()),
            (mazur, .heatmap, settings("hidden/kernel")),
            (mazur, .heatmap, settings("output/activation") { $0.value = .grad }),
            (EngineTraces.xorSGD, .loss, settings()),
            (EngineTraces.xorSGD, .loss, settings { $0.logY = true }),
            (EngineTraces.cnn, .featureMaps, settings()),
            (EngineTraces.cnn, .pooling, settings()),
            (EngineTraces.lstm, .lstm, settings()),
            (EngineTraces.lstm, .gradientThroughTime, settings()),
            (EngineTraces.attention, .attention, settings()),
            (EngineTraces.attention, .positionalEncoding, settings()),
        ]
    }

    @Test func figuresOfExtremeTracesRender() throws {
        for (name, transform) in Self.extremes {
            for (trace, kind, settings) in try Self.cases() {
                let extreme = Self.transformed(trace, transform)
                let figure = try FigureCatalog.figure(kind, of: extreme, settings: settings) { _, _ in
                    throw RenderError.invalidInput("no decision boundary here")
                }
                #expect(figure.size.width.isFinite && figure.size.height.isFinite, "\(name) \(kind)")
                let png = try Renderer.render(figure, as: .png)
                let image = try PNGCodec.decode(png)
                #expect(image.width == Int(figure.size.width) && image.height == Int(figure.size.height), "\(name) \(kind)")
                _ = try Renderer.render(figure, as: .svg)
                if let folder = ProcessInfo.processInfo.environment["STEPWISE_EXTREME_FIGURES"] {
                    try png.write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(name)-\(kind.rawValue).png"))
                }
            }
        }
    }

    @Test func lossChartsWithSubnormalLimitsAndLosses() throws {
        // --y-max 1e-320 (a positive number) on a real run's loss, then losses that are all subnormal.
        for yMax in [Self.e320, Double.leastNonzeroMagnitude, 1e308] {
            for logY in [false, true] {
                let figure = LineChart.lossCurve(trace: EngineTraces.xorSGD, logY: logY, yMax: yMax)
                _ = try PNGCodec.decode(try Renderer.render(figure, as: .png))
                #expect(figure.caption.contains("the axis stops at"), "\(yMax)")
            }
        }
        let subnormalLosses = Self.transformed(EngineTraces.xorSGD) { value, _ in value * Self.e322 }
        _ = try Renderer.render(LineChart.lossCurve(trace: subnormalLosses, yMax: Self.e320), as: .png)
    }
}
