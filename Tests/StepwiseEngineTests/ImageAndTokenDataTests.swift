import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// The generated image kind (`bars`) and token-sequence kind (`reverse`).
@Suite struct ImageAndTokenDataTests {
    func barsSpec(_ generate: String, inputShape: String = "[6, 5, 1]", loss: String = "sparse_categorical_crossentropy",
                  units: Int = 2, activation: String = "softmax") -> String {
        """
        name: bars
        seed: 5
        input_shape: \(inputShape)
        layers: [{type: flatten}, {type: dense, units: \(units), activation: \(activation)}]
        loss: \(loss)
        optimizer: {type: sgd}
        data: {generate: \(generate)}
        """
    }

    func reverseSpec(_ generate: String, length: Int = 5, tokens: Int = 7, classes: Int = 7,
                     loss: String = "sparse_categorical_crossentropy") -> String {
        """
        name: reverse
        seed: 2
        input_shape: [\(length)]
        layers: [{type: embedding, input_dim: \(tokens), output_dim: 4}, {type: dense, units: \(classes), activation: softmax}]
        loss: \(loss)
        optimizer: {type: sgd}
        data: {generate: \(generate)}
        """
    }

    func message(_ text: String) -> String {
        do { _ = try ModelSpec.parse(text, file: "g.yaml"); return "no error" } catch { return String(describing: error) }
    }

    @Test func barsWithoutNoiseAreOneFullRowOrColumn() throws {
        let data = try ModelSpec.parse(barsSpec("{samples: 40, kind: bars, noise: 0}"), file: "g.yaml").dataset
        #expect(data.inputs.shape == [40, 6, 5, 1] && data.targets.shape == [40])
        var rowsSeen = Set<Int>(), columnsSeen = Set<Int>()
        for k in 0..<40 {
            let image = Array(data.inputs.data[(k * 30)..<((k + 1) * 30)])
            #expect(data.targets.data[k] == Double(k % 2))
            #expect(image.allSatisfy { $0 == 0 || $0 == 1 })
            let on = image.indices.filter { image[$0] == 1 }
            if k % 2 == 0 {
                // Horizontal: the 5 pixels of one row.
                let row = on[0] / 5
                #expect(on == Array((row * 5)..<(row * 5 + 5)))
                rowsSeen.insert(row)
            } else {
                // Vertical: the 6 pixels of one column.
                let column = on[0] % 5
                #expect(on == (0..<6).map { $0 * 5 + column })
                columnsSeen.insert(column)
            }
        }
        // The bar's position is random: 20 images of each class use several rows and columns.
        #expect(rowsSeen.count >= 4 && columnsSeen.count >= 3)
    }

    @Test func barsNoiseHasTheGivenSpreadOnEveryChannel() throws {
        let data = try ModelSpec.parse(barsSpec("{samples: 50, kind: bars, noise: 0.3}", inputShape: "[8, 8, 3]"), file: "g.yaml").dataset
        #expect(data.inputs.shape == [50, 8, 8, 3])
        // Off the bar a pixel is pure noise: 50 images × 56 pixels × 3 channels of N(0, 0.3²).
        var off: [Double] = []
        for k in 0..<50 {
            let base = k * 192
            var lines = [Double](repeating: 0, count: 8)
            for pixel in 0..<64 {
                let line = k % 2 == 0 ? pixel / 8 : pixel % 8
                for c in 0..<3 { lines[line] += data.inputs.data[base + pixel * 3 + c] }
            }
            // The bar is the row (or column) with the largest sum.
            let bar = lines.indices.max { lines[$0] < lines[$1] }!
            for pixel in 0..<64 where (k % 2 == 0 ? pixel / 8 : pixel % 8) != bar {
                off += (0..<3).map { data.inputs.data[base + pixel * 3 + $0] }
            }
        }
        let mean = off.reduce(0, +) / Double(off.count)
        let spread = (off.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(off.count)).squareRoot()
        #expect(Swift.abs(mean) < 0.02 && Swift.abs(spread - 0.3) < 0.01, "mean \(mean), spread \(spread)")
    }

    @Test func barsTargetsFitTheLoss() throws {
        let oneHot = try ModelSpec.parse(barsSpec("{samples: 4, kind: bars}", loss: "cross_entropy", units: 3), file: "g.yaml").dataset
        #expect(oneHot.targets.shape == [4, 3] && oneHot.targets.data == [1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0])
        let binary = try ModelSpec.parse(barsSpec("{samples: 4, kind: bars}", loss: "binary_crossentropy", units: 1, activation: "sigmoid"),
                                         file: "g.yaml").dataset
        #expect(binary.targets.shape == [4, 1] && binary.targets.data == [0, 1, 0, 1])
        // Ten output classes (a CIFAR-shaped model): the images use classes 0 and 1.
        let ten = try ModelSpec.parse(barsSpec("{samples: 4, kind: bars}", units: 10), file: "g.yaml").dataset
        #expect(ten.targets.data == [0, 1, 0, 1])
        let again = try ModelSpec.parse(barsSpec("{samples: 4, kind: bars}"), file: "g.yaml").dataset
        #expect(again.inputs == (try ModelSpec.parse(barsSpec("{samples: 4, kind: bars}"), file: "g.yaml").dataset).inputs)
    }

    @Test func barsErrors() {
        #expect(message(barsSpec("{samples: 4, kind: bars}", inputShape: "[6, 5]"))
                == "g.yaml: data.generate.kind: bars data needs images: input_shape [H, W, C] with H, W ≥ 2, found [6, 5]")
        #expect(message(barsSpec("{samples: 4, kind: bars}", units: 1))
                == "g.yaml: data.generate.kind: bars data has 2 classes: with sparse_categorical_crossentropy the output must have shape [classes] with classes ≥ 2, found [1]")
        #expect(message(barsSpec("{samples: 4, kind: bars, noise: -0.5}"))
                == "g.yaml: data.generate.noise: expected a standard deviation ≥ 0, found -0.5")
    }

    @Test func reverseTargetsAreTheInputsBackwards() throws {
        let data = try ModelSpec.parse(reverseSpec("{samples: 30, kind: reverse}"), file: "g.yaml").dataset
        #expect(data.inputs.shape == [30, 5] && data.targets.shape == [30, 5])
        for k in 0..<30 {
            let tokens = Array(data.inputs.data[(k * 5)..<(k * 5 + 5)])
            #expect(tokens.allSatisfy { $0 == $0.rounded() && $0 >= 0 && $0 < 7 })
            #expect(Array(data.targets.data[(k * 5)..<(k * 5 + 5)]) == tokens.reversed())
        }
        #expect(Set(data.inputs.data).count == 7)
        let oneHot = try ModelSpec.parse(reverseSpec("{samples: 2, kind: reverse}", classes: 8, loss: "cross_entropy"), file: "g.yaml").dataset
        #expect(oneHot.targets.shape == [2, 5, 8])
        for position in 0..<10 {
            let row = Array(oneHot.targets.data[(position * 8)..<(position * 8 + 8)])
            #expect(row.reduce(0, +) == 1 && row.allSatisfy { $0 == 0 || $0 == 1 } && row[7] == 0)
        }
        // The same spec trains: its targets have the sparse loss's shape [batch, T].
        var run = try ModelSpec.parse(reverseSpec("{samples: 4, kind: reverse}"), file: "g.yaml").makeRun()
        var losses: [Double] = []
        _ = run.run(levels: { _ in .summary }) { losses.append($0.trace.loss) }
        #expect(losses.count == 1 && Swift.abs(losses[0] - log(7)) < 0.05)
    }

    @Test func reverseErrors() {
        #expect(message(reverseSpec("{samples: 4, kind: reverse}", classes: 5))
                == "g.yaml: data.generate.kind: reverse data needs an output of shape [5, classes] with classes ≥ input_dim (7), found [5, 5]")
        #expect(message(barsSpec("{samples: 4, kind: reverse}"))
                == "g.yaml: data.generate.kind: reverse data is token ids: the model's first layer must be an embedding")
        #expect(message(reverseSpec("{samples: 4, kind: reverse}", loss: "mse"))
                == "g.yaml: data.generate.kind: reverse data is a token per position: it needs sparse_categorical_crossentropy or cross_entropy, found mse")
        #expect(message(reverseSpec("{samples: 4, kind: reverse, noise: 0.1}"))
                == "g.yaml: data.generate.noise: reverse data takes no noise (only blobs, moons, circles, spirals, xor, linear and bars do)")
    }
}
