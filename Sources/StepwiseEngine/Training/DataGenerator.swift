import Foundation

/// Data a spec asks for instead of listing it (`data: {generate: {samples: 8, kind: random}}`),
/// drawn from the spec's seed (stream `data`), so the same spec always gets the same data.
/// `docs/generated-data.md` describes every kind with its formulas.
public enum DataGenerator: String, CaseIterable, Sendable {
    /// Inputs uniform in [0, 1), or token ids uniform in 0..<input_dim for a model whose first
    /// layer is an `embedding`. Targets fit the loss: class indices for the sparse loss, one-hot
    /// rows for cross-entropy, 0/1 for binary cross-entropy, uniform [0, 1) for mse.
    case random
    /// Windows of sine waves for sequence regression: input `[T, 1]` holds sin(φ + 2πt/16) for
    /// t = 0..<T with a random phase φ, the target `[1]` the next value sin(φ + 2πT/16).
    case sine
    /// Two classes in the plane, two Gaussian clouds of standard deviation `noise` (default 0.1)
    /// around (−1, −1) (class 0) and (1, 1) (class 1).
    case blobs
    /// Two interleaving half circles (scikit-learn's `make_moons`): class 0 at (cos θ, sin θ),
    /// class 1 at (1 − cos θ, 0.5 − sin θ), θ uniform in [0, π), plus Gaussian noise.
    case moons
    /// Two concentric circles: class 0 on radius 1, class 1 on radius 0.5, angle uniform, plus
    /// Gaussian noise.
    case circles
    /// Two interleaved spirals of one and a half turns: with t uniform in [0, 1), class 0 at
    /// t·(cos 3πt, sin 3πt) and class 1 at the same point turned by π, t·(−cos 3πt, −sin 3πt);
    /// plus Gaussian noise.
    case spirals
    /// Noisy XOR over the square (as TensorFlow Playground's): |x| and |y| uniform in [0, 1),
    /// the sign of x random; class 0 where x and y have the same sign, class 1 where they
    /// differ; plus Gaussian noise (so points near the axes can cross into the other class).
    case xor
    /// Regression on a plane: inputs uniform in [−1, 1) per feature, target
    /// `weights · x + bias` plus Gaussian noise.
    case linear
    /// Images `[H, W, C]` of one bar across the whole image: class 0 a horizontal bar (a random
    /// row), class 1 a vertical bar (a random column), every channel 1 on the bar and 0 elsewhere,
    /// plus Gaussian noise of standard deviation `noise` on every pixel.
    case bars
    /// Token sequences for an `embedding` model: T tokens uniform in 0..<input_dim, and as
    /// targets the same sequence reversed (position t's class is the token at T − 1 − t).
    case reverse
    /// Unlabelled samples in the plane for a GAN's real data: `modes` Gaussians (default 8) of
    /// standard deviation `spread` (default 0.05) centred on a circle of `radius` (default 2),
    /// mode m at radius·(cos 2πm/modes, sin 2πm/modes); sample k is drawn from mode k mod modes.
    case ring
    /// Unlabelled samples in the plane for a GAN's real data: `modes` Gaussians (a square number,
    /// default 9) of standard deviation `spread` (default 0.05) centred on a √modes × √modes grid
    /// spanning [−radius, radius] on both axes (default 2); mode m sits in row m / √modes (y) and
    /// column m mod √modes (x), and sample k is drawn from mode k mod modes.
    case grid

    /// The settings some kinds read (`noise`, `weights`, `bias` in `data.generate`).
    public struct Settings: Equatable, Sendable {
        /// Standard deviation of the Gaussian noise added to each coordinate (2-D kinds) or to
        /// the target (`linear`).
        public var noise: Double
        /// `linear`: one coefficient per input feature.
        public var weights: [Double]
        /// `linear`: the constant term.
        public var bias: Double

        /// `ring`, `grid`: the number of Gaussians; nil for the kind's default.
        public var modes: Int?
        /// `ring`: the circle's radius; `grid`: half the grid's width.
        public var radius: Double
        /// `ring`, `grid`: each Gaussian's standard deviation.
        public var spread: Double

        public init(noise: Double = 0.1, weights: [Double] = [], bias: Double = 0, modes: Int? = nil, radius: Double = 2,
                    spread: Double = 0.05) {
            self.noise = noise
            self.weights = weights
            self.bias = bias
            self.modes = modes
            self.radius = radius
            self.spread = spread
        }
    }

    /// True for the kinds that make two-class data in the plane.
    public var isPlanarClassification: Bool { [.blobs, .moons, .circles, .spirals, .xor].contains(self) }

    /// True for the kinds that make samples without targets (a GAN's real data only).
    public var isUnlabelled: Bool { self == .ring || self == .grid }

    /// True for the kinds a GAN spec may take its real samples from: every kind but `linear`
    /// and `reverse`, whose samples only mean something next to their targets.
    public var makesGANSamples: Bool { self != .linear && self != .reverse }

    /// The number of Gaussians of `ring` (default 8) or `grid` (default 9).
    public func modeCount(_ settings: Settings) -> Int {
        settings.modes ?? (self == .grid ? 9 : 8)
    }

    /// True for the kinds that read `noise`.
    public var takesNoise: Bool { isPlanarClassification || self == .linear || self == .bars }

    /// Why this generator cannot make data for these shapes, or nil when it can.
    /// `tokenCount` is the embedding's `input_dim` when the inputs are token ids.
    public func problem(inputShape: [Int], outputShape: [Int], loss: Loss, tokenCount: Int? = nil,
                        settings: Settings = Settings()) -> String? {
        switch self {
        case .random:
            return nil
        case .sine:
            if tokenCount != nil { return "sine data needs real-valued inputs, but an embedding model reads token ids" }
            if inputShape.count != 2 || inputShape[1] != 1 { return "sine data needs input_shape [T, 1], found \(inputShape)" }
            if outputShape != [1] || loss.usesClassIndices { return "sine data needs a model output of shape [1], found \(outputShape)" }
            return nil
        case .blobs, .moons, .circles, .spirals, .xor:
            if tokenCount != nil { return "\(rawValue) data needs real-valued inputs, but an embedding model reads token ids" }
            if inputShape != [2] { return "\(rawValue) data needs input_shape [2], found \(inputShape)" }
            switch loss {
            case .sparseCategoricalCrossentropy, .crossEntropy:
                if outputShape != [2] { return "\(rawValue) data has 2 classes: with \(loss.rawValue) the output must have shape [2], found \(outputShape)" }
            case .binaryCrossentropy, .mse:
                if outputShape != [1] { return "\(rawValue) data has 2 classes: with \(loss.rawValue) the output must have shape [1], found \(outputShape)" }
            }
            return nil
        case .linear:
            if tokenCount != nil { return "linear data needs real-valued inputs, but an embedding model reads token ids" }
            if inputShape.count != 1 { return "linear data needs input_shape [features], found \(inputShape)" }
            if outputShape != [1] || loss != .mse { return "linear data is regression: it needs an output of shape [1] and loss mse" }
            if settings.weights.count != inputShape[0] {
                return "linear data needs weights, one per input feature (\(inputShape[0])), found \(settings.weights.count)"
            }
            return nil
        case .bars:
            if tokenCount != nil { return "bars data needs real-valued inputs, but an embedding model reads token ids" }
            if inputShape.count != 3 || inputShape[0] < 2 || inputShape[1] < 2 {
                return "bars data needs images: input_shape [H, W, C] with H, W ≥ 2, found \(inputShape)"
            }
            switch loss {
            case .sparseCategoricalCrossentropy, .crossEntropy:
                if outputShape.count != 1 || outputShape[0] < 2 {
                    return "bars data has 2 classes: with \(loss.rawValue) the output must have shape [classes] with classes ≥ 2, found \(outputShape)"
                }
            case .binaryCrossentropy, .mse:
                if outputShape != [1] { return "bars data has 2 classes: with \(loss.rawValue) the output must have shape [1], found \(outputShape)" }
            }
            return nil
        case .ring, .grid:
            if inputShape != [2] { return "\(rawValue) data is in the plane: samples of shape [2], found \(inputShape)" }
            let modes = modeCount(settings)
            let side = Int(Double(modes).squareRoot().rounded())
            if self == .grid && side * side != modes { return "grid data needs a square number of modes (4, 9, 16, …), found \(modes)" }
            return nil
        case .reverse:
            guard let tokenCount else { return "reverse data is token ids: the model's first layer must be an embedding" }
            if inputShape.count != 1 { return "reverse data needs input_shape [T], found \(inputShape)" }
            guard loss == .sparseCategoricalCrossentropy || loss == .crossEntropy else {
                return "reverse data is a token per position: it needs sparse_categorical_crossentropy or cross_entropy, found \(loss.rawValue)"
            }
            if outputShape.count != 2 || outputShape[0] != inputShape[0] || outputShape[1] < tokenCount {
                return "reverse data needs an output of shape [\(inputShape[0]), classes] with classes ≥ input_dim (\(tokenCount)), found \(outputShape)"
            }
            return nil
        }
    }

    /// `samples` samples for a model with these shapes and loss.
    /// `tokenCount` is the embedding's `input_dim` when the inputs are token ids.
    public func make(samples: Int, inputShape: [Int], outputShape: [Int], loss: Loss, tokenCount: Int? = nil, seed: UInt64,
                     settings: Settings = Settings()) -> Dataset {
        var random = SeededRandom(seed: seed, label: "data")
        switch self {
        case .random:
            let inputCount = samples * inputShape.reduce(1, *)
            let inputs = Tensor(shape: [samples] + inputShape, data: (0..<inputCount).map { _ in
                tokenCount.map { Double(random.index(below: $0)) } ?? random.nextUnit()
            })
            let classes = outputShape.last ?? 1
            let targets: Tensor
            switch loss {
            case .sparseCategoricalCrossentropy:
                let shape = [samples] + outputShape.dropLast()
                targets = Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Double(random.index(below: classes)) })
            case .crossEntropy:
                let indices = Tensor(shape: [samples] + outputShape.dropLast(),
                                     data: (0..<(samples * outputShape.dropLast().reduce(1, *))).map { _ in Double(random.index(below: classes)) })
                targets = Loss.oneHot(indices, classes: classes)
            case .binaryCrossentropy:
                let count = samples * outputShape.reduce(1, *)
                targets = Tensor(shape: [samples] + outputShape, data: (0..<count).map { _ in Double(random.index(below: 2)) })
            case .mse:
                let count = samples * outputShape.reduce(1, *)
                targets = Tensor(shape: [samples] + outputShape, data: (0..<count).map { _ in random.nextUnit() })
            }
            return Dataset(inputs: inputs, targets: targets)
        case .sine:
            let steps = inputShape[0]
            var inputs: [Double] = []
            var targets: [Double] = []
            for _ in 0..<samples {
                let phase = random.uniform(0, 2 * Double.pi)
                for t in 0..<steps { inputs.append(sin(phase + 2 * Double.pi * Double(t) / 16)) }
                targets.append(sin(phase + 2 * Double.pi * Double(steps) / 16))
            }
            return Dataset(inputs: Tensor(shape: [samples, steps, 1], data: inputs), targets: Tensor(shape: [samples, 1], data: targets))
        case .blobs, .moons, .circles, .spirals, .xor:
            // Sample k belongs to class k mod 2, so the classes are balanced and interleaved.
            var inputs: [Double] = []
            var labels: [Double] = []
            for k in 0..<samples {
                let label = k % 2
                var point: (x: Double, y: Double)
                switch self {
                case .blobs:
                    point = label == 0 ? (-1, -1) : (1, 1)
                case .moons:
                    let theta = random.uniform(0, Double.pi)
                    point = label == 0 ? (cos(theta), sin(theta)) : (1 - cos(theta), 0.5 - sin(theta))
                case .spirals:
                    let t = random.nextUnit()
                    let turn = label == 0 ? 1.0 : -1.0
                    point = (turn * t * cos(3 * Double.pi * t), turn * t * sin(3 * Double.pi * t))
                case .xor:
                    let sign: Double = random.index(below: 2) == 0 ? 1 : -1
                    let (u, v) = (random.nextUnit(), random.nextUnit())
                    point = (sign * u, (label == 0 ? sign : -sign) * v)
                default:
                    let angle = random.uniform(0, 2 * Double.pi)
                    let radius = label == 0 ? 1.0 : 0.5
                    point = (radius * cos(angle), radius * sin(angle))
                }
                point.x += settings.noise * random.normal()
                point.y += settings.noise * random.normal()
                inputs += [point.x, point.y]
                labels.append(Double(label))
            }
            let classes = Tensor(shape: [samples], data: labels)
            let targets: Tensor
            switch loss {
            case .sparseCategoricalCrossentropy: targets = classes
            case .crossEntropy: targets = Loss.oneHot(classes, classes: 2)
            case .binaryCrossentropy, .mse: targets = Tensor(shape: [samples, 1], data: labels)
            }
            return Dataset(inputs: Tensor(shape: [samples, 2], data: inputs), targets: targets)
        case .linear:
            let features = inputShape[0]
            var inputs: [Double] = []
            var targets: [Double] = []
            for _ in 0..<samples {
                let x = (0..<features).map { _ in random.uniform(-1, 1) }
                inputs += x
                targets.append(zip(settings.weights, x).reduce(settings.bias) { $0 + $1.0 * $1.1 } + settings.noise * random.normal())
            }
            return Dataset(inputs: Tensor(shape: [samples, features], data: inputs), targets: Tensor(shape: [samples, 1], data: targets))
        case .bars:
            // Sample k is class k mod 2: 0 a horizontal bar, 1 a vertical one.
            let (height, width, channels) = (inputShape[0], inputShape[1], inputShape[2])
            var inputs: [Double] = []
            inputs.reserveCapacity(samples * height * width * channels)
            var labels: [Double] = []
            for k in 0..<samples {
                let vertical = k % 2 == 1
                let line = random.index(below: vertical ? width : height)
                for i in 0..<height {
                    for j in 0..<width {
                        let on = (vertical ? j : i) == line
                        for _ in 0..<channels { inputs.append((on ? 1 : 0) + settings.noise * random.normal()) }
                    }
                }
                labels.append(vertical ? 1 : 0)
            }
            let classes = Tensor(shape: [samples], data: labels)
            let targets: Tensor
            switch loss {
            case .sparseCategoricalCrossentropy: targets = classes
            case .crossEntropy: targets = Loss.oneHot(classes, classes: outputShape[0])
            case .binaryCrossentropy, .mse: targets = Tensor(shape: [samples, 1], data: labels)
            }
            return Dataset(inputs: Tensor(shape: [samples] + inputShape, data: inputs), targets: targets)
        case .reverse:
            let length = inputShape[0]
            var inputs: [Double] = []
            var targets: [Double] = []
            for _ in 0..<samples {
                let tokens = (0..<length).map { _ in Double(random.index(below: tokenCount!)) }
                inputs += tokens
                targets += tokens.reversed()
            }
            let indices = Tensor(shape: [samples, length], data: targets)
            return Dataset(inputs: Tensor(shape: [samples, length], data: inputs),
                           targets: loss == .crossEntropy ? Loss.oneHot(indices, classes: outputShape[1]) : indices)
        case .ring, .grid:
            // The targets are each sample's mode index, for figures that colour by mode.
            let modes = modeCount(settings)
            let centres = self == .ring ? ringCentres(modes: modes, radius: settings.radius)
                                        : gridCentres(modes: modes, radius: settings.radius)
            var inputs: [Double] = []
            inputs.reserveCapacity(2 * samples)
            for k in 0..<samples {
                let centre = centres[k % modes]
                inputs.append(centre.x + settings.spread * random.normal())
                inputs.append(centre.y + settings.spread * random.normal())
            }
            return Dataset(inputs: Tensor(shape: [samples, 2], data: inputs),
                           targets: Tensor(shape: [samples], data: (0..<samples).map { Double($0 % modes) }))
        }
    }

    /// `ring`'s mode centres, counter-clockwise from (radius, 0).
    func ringCentres(modes: Int, radius: Double) -> [(x: Double, y: Double)] {
        (0..<modes).map { m in
            let angle = 2 * Double.pi * Double(m) / Double(modes)
            return (radius * cos(angle), radius * sin(angle))
        }
    }

    /// `grid`'s mode centres, row by row from (−radius, −radius).
    func gridCentres(modes: Int, radius: Double) -> [(x: Double, y: Double)] {
        let side = Int(Double(modes).squareRoot().rounded())
        func coordinate(_ index: Int) -> Double {
            side == 1 ? 0 : -radius + 2 * radius * Double(index) / Double(side - 1)
        }
        return (0..<modes).map { m in (coordinate(m % side), coordinate(m / side)) }
    }
}
