import Foundation
import Plot
import StepwiseEngine
import StepwiseLessons
import StepwiseRender
import StepwiseTrace

/// What to report on for a GAN spec: the spec, the run's length and sampling, and how the user
/// called the command.
public struct GANReportRequest: ReportInvocation {
    public var spec: GANSpec
    public var specPath: String
    public var outPath: String
    /// GAN steps (nil: the spec's `train.steps`).
    public var steps: Int?
    /// Record every K-th step (both its updates), plus the first and the last.
    public var every: Int
    public var singleFile: Bool
    public var allowLarge: Bool

    public init(spec: GANSpec, specPath: String, outPath: String, steps: Int? = nil, every: Int = 1, singleFile: Bool = false,
                allowLarge: Bool = false) {
        self.spec = spec
        self.specPath = specPath
        self.outPath = outPath
        self.steps = steps
        self.every = max(1, every)
        self.singleFile = singleFile
        self.allowLarge = allowLarge
    }

    public var totalSteps: Int { steps ?? spec.plan.steps }
}

/// A finished GAN report page and what went into it.
public struct GANReport: Sendable {
    public let html: String
    public let figureCount: Int
    /// The GAN steps recorded (each with all its updates).
    public let recordedSteps: [Int]
    public let nonFinite: GANNonFiniteValue?
    public let traceBytes: Int
}

/// Runs a GAN spec and builds its report: each network's summary, both losses per recorded step
/// with ln 2 marked, and for a GAN in the plane the discriminator's field with the samples and
/// the push on them at the first and the last recorded step, D(x) histograms and the
/// generator's map at the last. The trace streams out as the updates are made; only the loss
/// of each update and the records of the first and the last step are kept.
public enum GANReportBuilder {
    public static func build(
        _ request: GANReportRequest, trace: @escaping (Data) throws -> Void, figure: (String, Data) throws -> String,
        progress: (String) -> Void = { _ in }
    ) throws -> GANReport {
        let spec = request.spec
        var run = spec.makeRun(steps: request.steps)
        let total = run.plan.steps
        let architecture = spec.architecture()
        var traceBytes = 0
        let writer = try TraceWriter(model: spec.name, architecture: architecture) { data in
            traceBytes += data.count
            try trace(data)
        }
        progress("report: \(spec.name), \(total) GAN step\(total == 1 ? "" : "s"), recording every \(request.every)")
        var losses: [TraceStep] = []
        var first: [TraceStep] = []
        var last: [TraceStep] = []
        let nonFinite = try run.run(record: .ops, every: request.every) { result in
            let record = result.trace
            try writer.append(record)
            losses.append(TraceStep(step: record.step, loss: record.loss, outputs: [:], params: [:], inputGrad: nil, ops: [], phase: record.phase))
            if record.step == 1 { first.append(record) }
            if last.first?.step != record.step { last = [] }
            last.append(record)
        }
        try writer.finish()

        var figureCount = 0
        func place(_ name: String, _ title: String, _ make: () throws -> Figure) throws -> Node<HTML.BodyContext> {
            let drawn: Figure
            let png: Data
            do {
                drawn = try make()
                png = try Renderer.render(drawn, as: .png)
            } catch {
                return .p(.class("figure-problem"), .literal("\(title): not drawn (\(error))."))
            }
            let source = try figure("\(name).png", png)
            figureCount += 1
            return FigureHTML.figure(src: source, alt: drawn.caption.isEmpty ? title : drawn.caption, width: Int(drawn.size.width),
                                     height: Int(drawn.size.height), smallestText: drawn.smallestTextSize, link: nil, caption: [.literal(title + ".")])
        }

        let model = spec.name
        var body: [Node<HTML.BodyContext>] = [
            .h1(.id("top"), .literal("Report: \(model)")),
            .p(.class("summary"), .literal("What the GAN \(model) computed in \(ReportPage.plural(losses.last?.step ?? 0, "GAN step")) of \(total) planned: "
                + "each step is \(ReportPage.plural(spec.discriminatorSteps, "discriminator update")) and one generator update, recorded "
                + (request.every == 1 ? "at every step" : "every \(request.every) steps, with the first and the last")
                + ". Every number comes from the trace beside this page.")),
        ]
        if let nonFinite {
            body.append(.div(.class("alert"), .attribute(named: "role", value: "alert"),
                             .p(.strong(.literal("The run diverged. ")), .literal("At \(nonFinite). Training stopped after that update; this report covers the updates up to and including it."))))
        }
        body.append(.h2(.id("networks"), .literal("The two networks")))
        for (network, optimizer) in [(spec.makeGenerator(), spec.generatorOptimizer), (spec.makeDiscriminator(), spec.discriminatorOptimizer)] {
            let summary = ModelSummary(model: network.name, architecture: network.architecture(optimizer: optimizer.type),
                                       parameterShapes: network.parameters.mapValues(\.shape))
            body.append(summary.table(caption: "The \(network.name), as Keras's model.summary() lists it (float64 parameters); optimizer \(ReportPage.optimizer(optimizer))"))
        }
        body.append(.p(.literal("Noise: \(spec.latentDim) number\(spec.latentDim == 1 ? "" : "s") per generated sample, "
            + (spec.noise == nil ? "standard normal from seed \(spec.seed)" : "as the spec gives it")
            + "; \(spec.realSamples.shape[0]) real samples in batches of \(spec.batchSize)\(spec.plan.shuffle ? ", shuffled each epoch" : "").")))

        body.append(.h2(.id("losses"), .literal("Both losses")))
        let lossTrace = Trace(model: model, architecture: architecture, steps: losses)
        body.append(try place("losses", "The discriminator's and the generator's loss per recorded step; ln 2 is both losses' value when D answers ½ everywhere") {
            LineChart.ganLosses(trace: lossTrace)
        })

        body.append(.h2(.id("plane"), .literal("The discriminator's view, first and last step")))
        let steps = [first, last].filter { !$0.isEmpty }
        for (index, records) in (steps.count == 2 && steps[0].first?.step == steps[1].first?.step ? [steps[0]] : steps).enumerated() {
            let number = records[0].step
            let stepTrace = Trace(model: model, architecture: architecture, steps: records)
            body.append(try place("field-\(index + 1)", "Step \(number): D(x) over the plane, the real and the generated samples, and the push on each generated one") {
                DecisionBoundary.figure(try GANFieldMaker.input(trace: stepTrace, step: number))
            })
        }
        if let number = last.first?.step {
            let stepTrace = Trace(model: model, architecture: architecture, steps: last)
            body.append(try place("discriminator-outputs", "Step \(number): D(x) of the real and the generated samples of its last discriminator update") {
                try GANFigures.discriminatorOutputs(trace: stepTrace, step: number)
            })
            body.append(try place("generator-map", "Step \(number): where the generator sends a grid of noise points") {
                GeneratorMap.figure(try GeneratorMapMaker.input(trace: stepTrace, step: number))
            })
        }
        body.append(.h2(.id("reproduce"), .literal("Reproduce")))
        body.append(.p(.literal("Every number and figure here comes from the trace "), .a(.escapedPath("href", request.traceFileName), .literal(request.traceFileName)),
                       .literal(" (\(ReportPage.bytes(traceBytes)), every op of each recorded update). This report was made by")))
        body.append(.pre(.class("command"), .code(.literal(request.reportCommand))))
        body.append(.p(.literal("and the same trace, byte for byte, by")))
        body.append(.pre(.class("command"), .code(.literal(request.traceCommand))))
        let html = PageTemplate.page(title: "Report: \(model) — Stepwise", assetPrefix: "", home: "#top", body: body, hasStepper: false,
                                     inlineStyle: ReportPage.style)
        return GANReport(html: html, figureCount: figureCount, recordedSteps: Array(Set(losses.map(\.step))).sorted(),
                         nonFinite: nonFinite, traceBytes: traceBytes)
    }
}
