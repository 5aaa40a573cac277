import StepwiseTrace
import StepwiseWords

/// The LSTM cell as a schematic (after Olah's diagram), carrying one time step's traced values:
/// the cell-state line across the top with its ⊙ (forget) and + (write) nodes, the four gates
/// reading x_t and h_{t−1} from the line along the bottom, and tanh c_t times the output gate
/// making h_t. Each value is the vector of all units of one example (at most 4 units written out).
public enum LSTMCell {
    public struct Options: Sendable {
        /// Which sample of the batch (0-based).
        public var sample = 0
        /// The time step drawn, from 1 as in scope names.
        public var time = 1
        public var decimals = 2
        public init() {}
    }

    public static func figure(trace: Trace, step: Int? = nil, layer: String, options: Options = Options(),
                              measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        let t = options.time
        guard lookup.has("\(layer)/t\(t)/cell") else {
            let steps = (1...).prefix { lookup.has("\(layer)/t\($0)/cell") }.count
            if steps == 0 { throw lookup.missing("\(layer)/t1/cell") }
            throw RenderError.invalidInput("option time: \(layer) has time steps 1–\(steps); time \(t) does not exist")
        }
        func values(_ scope: String) throws -> [Double] {
            let record = try lookup.op(scope)
            return try SequenceFigures.row(record.value, sample: options.sample, scope: record.scope)
        }
        let now = "\(layer)/t\(t)"
        let before = t == 1 ? "\(layer)/initial_" : "\(layer)/t\(t - 1)/"
        let x = try values("\(now)/input")
        let hPrevious = try values("\(before)hidden"), cPrevious = try values("\(before)cell")
        let gates = try ["forget_gate", "input_gate", "candidate", "output_gate"].map { try values("\(now)/\($0)") }
        let kept = try values("\(now)/kept_cell"), written = try values("\(now)/written_cell")
        let c = try values("\(now)/cell"), tanhC = try values("\(now)/cell_tanh"), h = try values("\(now)/hidden")
        let units = c.count
        func vector(_ v: [Double]) -> String {
            let shown = v.count <= 4 ? v : Array(v.prefix(3))
            let text = shown.map { NumberFormat.fixed($0, decimals: options.decimals) }.joined(separator: ", ") + (v.count <= 4 ? "" : ", …")
            return v.count == 1 ? text : "(\(text))"
        }
        let previous = String(t - 1), current = String(t)
        func sub(_ name: String, _ index: String) -> String { "\(name)<sub>\(index)</sub>" }

        var builder = FigureBuilder(measurer: measurer)
        let layerWords = ReaderLabel(trace.architecture, edition: edition).layer(layer)
        let title = SequenceWords.cellTitle(edition, ["t": String(t)])
        let trainingStep = ChartWords.trainingStep(edition, ["step": String(lookup.step.step)])
        let unitsWords = (units == 1 ? SequenceWords.unitsOne : .unitsMany)(edition, ["n": String(units)])
        let top = builder.title(title, subtitle: SequenceWords.cellSubtitle(edition, [
            "step": trainingStep, "sample": String(options.sample + 1), "layer": Markup.escape(layerWords), "units": unitsWords,
            "written": units > 4 ? SequenceWords.cellUnitsWrittenOut(edition) : "", "trace": ChartWords.traceNote(edition, ["trace": Markup.escape(now)]),
        ]))
        let ink = Stroke(.axis, width: 1.5)
        let cellStroke = Stroke(Color.series[0], width: 3)
        let small = Style.smallSize
        // Geometry: the cell-state line, the products, the gates, the input line.
        let lineY = top + 56, middleY = top + 136, gateY = top + 206, busY = top + 276
        let (forgetX, inputX, candidateX, outputX, hiddenX) = (240.0, 390.0, 540.0, 690.0, 850.0)
        let (left, boxLeft, boxRight, right) = (Style.margin + 14, 175.0, 910.0, 950.0)
        let radius = 11.0

        builder.rect(Rect(x: boxLeft, y: top + 24, width: boxRight - boxLeft, height: busY + 26 - (top + 24)),
                     fill: Color(hex: 0xf7f7f7), stroke: Stroke(Color(hex: 0xbbbbbb), width: 1))
        // The cell state: c_{t−1} → ⊙ f → + i⊙g → c_t.
        builder.add(.arrow(from: Point(left, lineY), to: Point(right, lineY), stroke: cellStroke, head: 9))
        builder.text("\(sub("c", previous)) = \(vector(cPrevious))", at: Point(left, lineY - 8), vertical: .bottom, size: small)
        builder.text("\(sub("c", current)) = \(vector(c))", at: Point(right, lineY - 8), horizontal: .end, vertical: .bottom, size: small, bold: true)
        builder.text(SequenceWords.cellState(edition), at: Point(left, lineY + 8), vertical: .top, size: small, color: .mutedInk)
        func node(_ symbol: String, at p: Point) {
            builder.add(.circle(center: p, radius: radius, fill: .white, stroke: ink))
            builder.text(symbol, at: p, horizontal: .center, vertical: .center, size: Style.labelSize, bold: true)
        }
        func gate(_ symbol: String, at centerX: Double) -> Rect {
            let box = Rect(x: centerX - 24, y: gateY - 15, width: 48, height: 30)
            builder.rect(box, fill: Color.highlight.mixed(with: .white, 0.6), stroke: ink)
            builder.text(symbol, at: box.center, horizontal: .center, vertical: .center, size: Style.labelSize)
            // Fed from the input line below.
            builder.add(.arrow(from: Point(centerX, busY), to: Point(centerX, box.maxY + 1), stroke: ink, head: 6))
            return box
        }
        func label(_ lines: [String], at p: Point, horizontal: HorizontalAnchor = .start) {
            var y = p.y
            for (index, line) in lines.enumerated() {
                let box = builder.text(line, at: Point(p.x, y), horizontal: horizontal, vertical: .top, size: small,
                                       color: index == 0 ? .mutedInk : .ink)
                y = box.maxY + 1
            }
        }
        // The input line: h_{t−1} from the left, x_t from below, to every gate.
        builder.line(Point(left, busY), Point(outputX, busY), ink)
        builder.text("\(sub("h", previous)) = \(vector(hPrevious))", at: Point(left, busY - 6), vertical: .bottom, size: small)
        builder.text(SequenceWords.hiddenState(edition), at: Point(left, busY + 6), vertical: .top, size: small, color: .mutedInk)
        let inputX0 = 200.0
        builder.add(.arrow(from: Point(inputX0, busY + 46), to: Point(inputX0, busY + 1), stroke: ink, head: 6))
        builder.text("\(sub("x", current)) = \(vector(x))", at: Point(inputX0 + 8, busY + 46), vertical: .bottom, size: small, bold: true)
        builder.add(.circle(center: Point(inputX0, busY), radius: 2.5, fill: .black, stroke: nil))

        // Forget: f ⊙ c_{t−1} on the line.
        let forget = gate("σ", at: forgetX)
        builder.add(.arrow(from: Point(forgetX, forget.minY), to: Point(forgetX, lineY + radius + 1), stroke: ink, head: 6))
        node("×", at: Point(forgetX, lineY))
        label([SequenceWords.forgetGateNamed(edition, ["symbol": sub("f", current)]), vector(gates[0])], at: Point(forget.maxX + 6, forget.minY))
        builder.text("\(sub("f", current)) ⊙ \(sub("c", previous)) = \(vector(kept))", at: Point(forgetX + radius + 4, lineY - 8), vertical: .bottom, size: small)
        // Write: i ⊙ g, added to the line.
        let input = gate("σ", at: inputX)
        let candidate = gate("tanh", at: candidateX)
        let product = Point(candidateX, middleY)
        builder.add(.polyline([Point(inputX, input.minY), Point(inputX, middleY)], stroke: ink))
        builder.add(.arrow(from: Point(inputX, middleY), to: Point(candidateX - radius - 1, middleY), stroke: ink, head: 6))
        builder.add(.arrow(from: Point(candidateX, candidate.minY), to: Point(candidateX, middleY + radius + 1), stroke: ink, head: 6))
        node("×", at: product)
        builder.add(.arrow(from: Point(candidateX, middleY - radius), to: Point(candidateX, lineY + radius + 1), stroke: ink, head: 6))
        node("+", at: Point(candidateX, lineY))
        label([SequenceWords.inputGateNamed(edition, ["symbol": sub("i", current)]), vector(gates[1])], at: Point(input.maxX + 6, input.minY))
        label([SequenceWords.candidateNamed(edition, ["symbol": sub("g", current)]), vector(gates[2])], at: Point(candidate.maxX + 6, candidate.minY))
        label(["\(sub("i", current)) ⊙ \(sub("g", current))", vector(written)], at: Point(candidateX + radius + 6, middleY - 6))
        // Output: h_t = o ⊙ tanh c_t.
        let output = gate("σ", at: outputX)
        // Above its box: the line to the × node leaves from its side.
        label([SequenceWords.outputGateNamed(edition, ["symbol": sub("o", current)]), vector(gates[3])], at: Point(output.minX, output.minY - 30))
        let squash = Rect(x: hiddenX - 24, y: middleY - 12, width: 48, height: 24)
        builder.add(.arrow(from: Point(hiddenX, lineY), to: Point(hiddenX, squash.minY - 1), stroke: ink, head: 6))
        builder.add(.circle(center: Point(hiddenX, lineY), radius: 2.5, fill: .black, stroke: nil))
        builder.rect(squash, fill: .white, stroke: ink)
        builder.text("tanh", at: squash.center, horizontal: .center, vertical: .center, size: Style.labelSize)
        label(["tanh \(sub("c", current))", vector(tanhC)], at: Point(squash.minX - 6, squash.minY - 4), horizontal: .end)
        builder.add(.arrow(from: Point(hiddenX, squash.maxY), to: Point(hiddenX, gateY - radius - 1), stroke: ink, head: 6))
        builder.add(.arrow(from: Point(output.maxX, gateY), to: Point(hiddenX - radius - 1, gateY), stroke: ink, head: 6))
        node("×", at: Point(hiddenX, gateY))
        builder.add(.arrow(from: Point(hiddenX, gateY + radius), to: Point(hiddenX, busY + 40), stroke: Stroke(Color.series[1], width: 2), head: 8))
        let hLabel = builder.text("\(sub("h", current)) = \(vector(h))", at: Point(hiddenX + 8, busY + 40), vertical: .bottom, size: small, bold: true)
        let onward = builder.text(SequenceWords.onward(edition), at: Point(hiddenX - 40, busY + 44), vertical: .top, size: small, color: .mutedInk)
        builder.record(x + hPrevious + cPrevious + gates.flatMap { $0 } + kept + written + c + tanhC + h)

        let caption = SequenceWords.cellCaption(edition, [
            "layer": layerWords, "t": current, "previous": previous, "step": trainingStep, "sample": String(options.sample + 1), "units": unitsWords,
            "cPrevious": vector(cPrevious), "forget": vector(gates[0]), "written": vector(written), "c": vector(c),
            "x": vector(x), "hPrevious": vector(hPrevious), "h": vector(h),
        ])
        return builder.figure(kind: "lstm-cell", size: Size(max(right, hLabel.maxX, onward.maxX) + Style.margin, onward.maxY + Style.margin), title: title, caption: caption,
                              source: (trace.model, lookup.step.step, ["\(now)/*"]))
    }
}
