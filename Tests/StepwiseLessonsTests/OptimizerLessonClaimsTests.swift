import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// The sentences of the gradient-descent lesson's "Momentum and Adam" section about its three
/// runs, checked against their traces and, where possible, recomputed here from the five points.
@Suite struct OptimizerLessonClaimsTests {
    static let library = TraceLibrary()
    static let x = [0.5, 1.0, 1.5, 2.0, 2.5], t = [1.9, 2.4, 3.2, 3.9, 4.6]

    static func run(_ name: String) throws -> Trace {
        try library.trace(of: CurriculumTests.lessons.appendingPathComponent("gradient-descent/valley-\(name).yaml")).trace
    }

    /// (w, b) after each update, the start first.
    static func path(_ trace: Trace) -> [(w: Double, b: Double)] {
        let first = trace.steps[0]
        return [(first.params["neuron/kernel"]!.before.data[0], first.params["neuron/bias"]!.before.data[0])]
            + trace.steps.map { ($0.params["neuron/kernel"]!.after.data[0], $0.params["neuron/bias"]!.after.data[0]) }
    }

    /// "Three runs start from the same point, w = −1 and b = 4, and take 30 full-batch steps each."
    @Test func sameStartThirtySteps() throws {
        for name in ["plain", "momentum", "adam"] {
            let path = Self.path(try Self.run(name))
            #expect(path.count == 31 && path[0].w == -1 && path[0].b == 4)
        }
    }

    /// "the gradient for w is about three times that for b" — at the start, 2·mean(e·x) against
    /// 2·mean(e) with e = −x + 4 − t, and the trace's first gradients agree.
    @Test func theGradientForWIsAboutThreeTimesThatForB() throws {
        let e = zip(Self.x, Self.t).map { -$0 + 4 - $1 }
        let gw = 2 * zip(e, Self.x).map(*).reduce(0, +) / 5, gb = 2 * e.reduce(0, +) / 5
        #expect(gw / gb > 2.5 && gw / gb < 3.5)
        let first = try Self.run("adam").steps[0]
        #expect(abs(first.params["neuron/kernel"]!.grad.data[0] - gw) < 1e-12 && abs(first.params["neuron/bias"]!.grad.data[0] - gb) < 1e-12)
    }

    /// "Adam starts by moving both parameters by about η at once" (η = 0.2); plain descent's first
    /// step "jumps across the valley": w moves more than four times as far.
    @Test func firstSteps() throws {
        let adam = Self.path(try Self.run("adam")), plain = Self.path(try Self.run("plain"))
        #expect(abs((adam[1].w - adam[0].w) - 0.2) < 1e-5 && abs((adam[1].b - adam[0].b) - 0.2) < 1e-5)
        #expect(plain[1].w - plain[0].w > 4 * 0.2)
    }

    /// "momentum gathers speed along the valley and overshoots": its w passes the least-squares w
    /// (from the normal equations) and comes back.
    @Test func momentumOvershoots() throws {
        let n = 5.0, sx = Self.x.reduce(0, +), st = Self.t.reduce(0, +)
        let sxx = Self.x.map { $0 * $0 }.reduce(0, +), sxt = zip(Self.x, Self.t).map(*).reduce(0, +)
        let best = (n * sxt - sx * st) / (n * sxx - sx * sx)
        let ws = Self.path(try Self.run("momentum")).map(\.w)
        let peak = ws.indices.max { ws[$0] < ws[$1] }!
        #expect(ws[peak] > best + 0.2 && ws.last! < ws[peak])
        #expect(Self.path(try Self.run("plain")).map(\.w).allSatisfy { $0 < best })
    }
}
