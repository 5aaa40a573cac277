import Foundation
import Plot
import StepwiseEngine
import StepwiseLessons
import StepwiseRender
import StepwiseTrace
import StepwiseWords

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
    /// The language of the page and its figures (`stepwise report --lang`).
    public var edition: Edition

    public init(spec: GANSpec, specPath: String, outPath: String, steps: Int? = nil, every: Int = 1, singleFile: Bool = false,
                allowLarge: Bool = false, edition: Edition = .en) {
        self.spec = spec
        self.specPath = specPath
        self.outPath = outPath
        self.steps = steps
        self.every = max(1, every)
        self.singleFile = singleFile
        self.allowLarge = allowLarge
        self.edition = edition
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
        let edition = request.edition
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
                return .p(.class("figure-problem"), .literal(ReportWords.notDrawn(edition, ["title": title, "problem": "\(error)"])))
            }
            let source = try figure("\(name).png", png)
            figureCount += 1
            return FigureHTML.figure(src: source, alt: drawn.caption.isEmpty ? title : drawn.caption, width: Int(drawn.size.width),
                                     height: Int(drawn.size.height), smallestText: drawn.smallestTextSize, link: nil,
                                     caption: [.literal(ReportWords.captionEnd(edition, ["title": title]))])
        }

        let model = spec.name
        var body: [Node<HTML.BodyContext>] = [
            .h1(.id("top"), .literal(ReportWords.pageHeading(edition, ["model": model]))),
            .p(.class("summary"), .literal(ReportWords.ganIntroduction(edition, [
                "model": model, "total": String(total),
                "ran": ReportPage.count(losses.last?.step ?? 0, one: .ganStepsOne, many: .ganSteps, edition),
                "updates": ReportPage.count(spec.discriminatorSteps, one: .discriminatorUpdatesOne, many: .discriminatorUpdates, edition),
                "recording": ReportPage.recording(every: request.every, edition),
            ]))),
        ]
        if let nonFinite {
            let place = ReportWords.ganDivergedWhere(edition, [
                "step": String(nonFinite.step), "network": network(nonFinite.phase.rawValue, edition),
                "what": ReportPage.phase(nonFinite.value.phase, edition), "scope": nonFinite.value.scope,
            ])
            body.append(.div(.class("alert"), .attribute(named: "role", value: "alert"),
                             .p(.strong(.literal(ReportWords.diverged(edition))),
                                .literal(ReportWords.ganDivergedAt(edition, ["where": place]) + ReportWords.ganDivergedStopped(edition)))))
        }
        body.append(.h2(.id("networks"), .literal(ReportWords.twoNetworks(edition))))
        for (network, optimizer) in [(spec.makeGenerator(), spec.generatorOptimizer), (spec.makeDiscriminator(), spec.discriminatorOptimizer)] {
            let summary = ModelSummary(model: network.name, architecture: network.architecture(optimizer: optimizer.type),
                                       parameterShapes: network.parameters.mapValues(\.shape))
            let caption = ReportWords.networkCaption(edition, ["network": self.network(network.name, edition),
                                                               "optimizer": ReportPage.optimizer(optimizer, edition)])
            body.append(summary.table(caption: caption, edition: edition))
        }
        body.append(.p(.literal(ReportWords.noise(edition, [
            "n": ReportPage.count(spec.latentDim, one: .numbersOne, many: .numbers, edition),
            "source": spec.noise == nil ? ReportWords.noiseStandardNormal(edition, ["seed": String(spec.seed)]) : ReportWords.noiseFromSpec(edition),
            "real": String(spec.realSamples.shape[0]), "batch": String(spec.batchSize),
            "shuffled": spec.plan.shuffle ? ReportWords.shuffled(edition) : "",
        ]))))

        body.append(.h2(.id("losses"), .literal(ReportWords.bothLosses(edition))))
        let lossTrace = Trace(model: model, architecture: architecture, steps: losses)
        body.append(try place("losses", ReportWords.ganLossesTitle(edition)) {
            LineChart.ganLosses(trace: lossTrace, edition: edition)
        })

        body.append(.h2(.id("plane"), .literal(ReportWords.discriminatorView(edition))))
        let steps = [first, last].filter { !$0.isEmpty }
        for (index, records) in (steps.count == 2 && steps[0].first?.step == steps[1].first?.step ? [steps[0]] : steps).enumerated() {
            let number = records[0].step
            let stepTrace = Trace(model: model, architecture: architecture, steps: records)
            body.append(try place("field-\(index + 1)", ReportWords.fieldTitle(edition, ["step": String(number)])) {
                DecisionBoundary.figure(try GANFieldMaker.input(trace: stepTrace, step: number, edition: edition), edition: edition)
            })
        }
        if let number = last.first?.step {
            let stepTrace = Trace(model: model, architecture: architecture, steps: last)
            body.append(try place("discriminator-outputs", ReportWords.discriminatorOutputsTitle(edition, ["step": String(number)])) {
                try GANFigures.discriminatorOutputs(trace: stepTrace, step: number, edition: edition)
            })
            body.append(try place("generator-map", ReportWords.generatorMapTitle(edition, ["step": String(number)])) {
                GeneratorMap.figure(try GeneratorMapMaker.input(trace: stepTrace, step: number), edition: edition)
            })
        }
        body.append(.h2(.id("reproduce"), .literal(ReportWords.reproduce(edition))))
        body.append(.p(.literal(ReportWords.traceFrom(edition)), .a(.escapedPath("href", request.traceFileName), .literal(request.traceFileName)),
                       .literal(ReportWords.ganTraceHolds(edition, ["bytes": ReportPage.bytes(traceBytes, edition)]))))
        body.append(.pre(.class("command"), .code(.literal(request.reportCommand))))
        body.append(.p(.literal(ReportWords.sameTraceBy(edition))))
        body.append(.pre(.class("command"), .code(.literal(request.traceCommand))))
        let html = PageTemplate.page(title: ReportWords.pageTitle(edition, ["model": model]), assetPrefix: "", home: "#top", body: body, hasStepper: false,
                                     inlineStyle: ReportPage.style)
        return GANReport(html: html, figureCount: figureCount, recordedSteps: Array(Set(losses.map(\.step))).sorted(),
                         nonFinite: nonFinite, traceBytes: traceBytes)
    }

    /// A GAN's network (`generator`, `discriminator`) in `edition`'s words; another name as it is.
    static func network(_ name: String, _ edition: Edition) -> String {
        switch name {
        case "generator": return ReportWords.generator(edition)
        case "discriminator": return ReportWords.discriminator(edition)
        default: return name
        }
    }
}
