import Foundation
import Testing
import StepwiseTrace

/// A trace is checked on read: every defect is one line naming the field, before any figure
/// indexes into it or sizes memory from it.
@Suite struct TraceValidatorTests {
    /// x → matmul with a parameter → 2×2 max pool over a [1, 2, 2, 1] image → reshape.
    static func validStep() -> TraceStep {
        let x = OpRecord(id: 0, op: "input", scope: "input", inputs: [], attributes: [:],
                         value: TensorValue(shape: [1, 3], data: [1, 2, 3]), grad: TensorValue(shape: [1, 3], data: [0, 0, 0]))
        let w = OpRecord(id: 1, op: "parameter", scope: "hidden/kernel", inputs: [], attributes: [:],
                         value: TensorValue(shape: [3, 4], data: Array(repeating: 0.5, count: 12)), grad: nil)
        let product = OpRecord(id: 2, op: "matmul", scope: "hidden/matmul", inputs: [0, 1], attributes: [:],
                               value: TensorValue(shape: [1, 4], data: [3, 3, 3, 3]), grad: nil)
        let image = OpRecord(id: 3, op: "reshape", scope: "image/reshape", inputs: [2], attributes: ["shape": .ints([1, 2, 2, 1])],
                             value: TensorValue(shape: [1, 2, 2, 1], data: [3, 3, 3, 3]), grad: nil)
        let pool = OpRecord(id: 4, op: "max_pool2d", scope: "pool/max_pool", inputs: [3],
                            attributes: ["pool_size": .ints([2, 2]), "strides": .ints([2, 2]), "pads": .ints([0, 0, 0, 0]),
                                         "argmax": .ints([0])],
                            value: TensorValue(shape: [1, 1, 1, 1], data: [3]), grad: nil)
        return TraceStep(step: 1, loss: 0.5, outputs: ["hidden": product.value], params: [:], inputGrad: x.grad,
                         ops: [x, w, product, image, pool])
    }

    func message(_ change: (inout TraceStep) -> Void) -> String? {
        var step = Self.validStep()
        change(&step)
        let architecture = Architecture(inputShape: [3], integerInputs: false, layers: [], loss: "mse", optimizer: "sgd")
        let data = try! TraceJSON.makeEncoder().encode(Trace(model: "m", architecture: architecture, steps: [step]))
        do {
            _ = try TraceReader.read(data, file: "t.json")
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func theTemplateIsValid() {
        #expect(message { _ in } == nil)
    }

    @Test func aShapeThatDisagreesWithItsData() {
        #expect(message { $0.ops[2].value.data.removeLast(2) } == "t.json: steps[0].ops[2].value: shape [1, 4] holds 4 numbers, found 2")
        #expect(message { $0.ops[0].value.shape = [1, 3, 1, 1, 1, 1, 1, 1, 1] }
                == "t.json: steps[0].ops[0].value.shape: expected at most 8 axes, found 9")
        #expect(message { $0.inputGrad!.shape = [3] } == nil)
        #expect(message { $0.inputGrad!.shape = [2] } == "t.json: steps[0].input_grad: shape [2] holds 2 numbers, found 3")
        #expect(message { $0.outputs["hidden"]!.shape = [1, 3] } == "t.json: steps[0].outputs.hidden: shape [1, 3] holds 3 numbers, found 4")
    }

    @Test func aNegativeDimension() {
        #expect(message { $0.ops[1].value.shape = [-3, -4] } == "t.json: steps[0].ops[1].value.shape: expected dimensions ≥ 0, found -3 in [-3, -4]")
    }

    @Test func aHugeDeclaredShapeIsRefusedBeforeAnythingIsSized() {
        // 20000 × 20000 declared over three numbers: refused by count, nothing allocated for it.
        #expect(message { $0.ops[0].value.shape = [1, 20000, 20000] }
                == "t.json: steps[0].ops[0].value: shape [1, 20000, 20000] holds 400000000 numbers, found 3")
        #expect(message { $0.ops[0].value.shape = [4294967296, 4294967296] }
                == "t.json: steps[0].ops[0].value.shape: 4294967296 × 4294967296 numbers do not fit")
    }

    @Test func aGradientShapedUnlikeItsValue() {
        #expect(message { $0.ops[0].grad = TensorValue(shape: [3], data: [0, 0, 0]) }
                == "t.json: steps[0].ops[0].grad.shape: expected [1, 3] (the value's shape), found [3]")
    }

    @Test func idsMustBePositions() {
        #expect(message { $0.ops[2].id = 7 } == "t.json: steps[0].ops[2].id: expected 2 (the record's position), found 7")
    }

    @Test func inputsMustBeEarlierRecords() {
        #expect(message { $0.ops[2].inputs = [0, 2] } == "t.json: steps[0].ops[2].inputs[1]: expected the id of an earlier record (0..<2), found 2")
        #expect(message { $0.ops[2].inputs = [0, 9] } == "t.json: steps[0].ops[2].inputs[1]: expected the id of an earlier record (0..<2), found 9")
        #expect(message { $0.ops[2].inputs = [-1, 1] } == "t.json: steps[0].ops[2].inputs[0]: expected the id of an earlier record (0..<2), found -1")
        #expect(message { $0.ops[2].inputs = [0] } == "t.json: steps[0].ops[2].inputs: matmul takes 2 inputs, found 1")
    }

    @Test func attributesMustHaveTheirOpKindsArity() {
        #expect(message { $0.ops[4].attributes["pool_size"] = .ints([2]) }
                == "t.json: steps[0].ops[4].attributes.pool_size: expected 2 integers ≥ 1, found 1 integers")
        #expect(message { $0.ops[4].attributes["pads"] = .ints([0, 0]) }
                == "t.json: steps[0].ops[4].attributes.pads: expected 4 integers ≥ 0, found 2 integers")
        #expect(message { $0.ops[4].attributes["strides"] = .ints([0, 2]) }
                == "t.json: steps[0].ops[4].attributes.strides: expected 2 integers ≥ 1, found 0")
        #expect(message { $0.ops[4].attributes["argmax"] = .ints([0, 1]) }
                == "t.json: steps[0].ops[4].attributes.argmax: expected one input index per output number, found 2 indices for 1 numbers")
        #expect(message { $0.ops[4].attributes["argmax"] = .ints([4]) }
                == "t.json: steps[0].ops[4].attributes.argmax: expected one input index per output number, found 4, outside the input's 4 numbers")
        #expect(message { $0.ops[4].attributes["strides"] = nil }
                == "t.json: steps[0].ops[4].attributes.strides: missing (max_pool2d needs 2 integers ≥ 1)")
        #expect(message { $0.ops[3].attributes["shape"] = .ints([4]) }
                == "t.json: steps[0].ops[3].attributes.shape: expected the value's shape, found [4], the value's shape being [1, 2, 2, 1]")
        #expect(message { $0.ops[3].attributes["shape"] = .string("four") }
                == "t.json: steps[0].ops[3].attributes.shape: expected the value's shape, found \"four\"")
    }

    @Test func unknownOpKindsGetTheGeneralChecksOnly() {
        #expect(message { $0.ops[2].op = "future_op"; $0.ops[2].inputs = [0] } == nil)
        #expect(message { $0.ops[2].op = "future_op"; $0.ops[2].inputs = [3] } != nil)
    }
}
