import Foundation

/// Bad command lines and extreme numbers in options: each must end with one line on stderr
/// and exit 1, never a usage dump, or run to a normal end.
enum FuzzArgumentCases {
    static func make(_ mutator: inout FuzzMutator) -> FuzzCase {
        let spec = FuzzFile(path: "spec.yaml", text: """
            name: tiny
            seed: 1
            input_shape: [2]
            layers: [{type: dense, name: output, units: 1, activation: sigmoid}]
            loss: mse
            optimizer: {type: sgd, learning_rate: 0.5}
            data: {inputs: [[0, 1]], targets: [[1]]}
            """)
        let commands: [[String]] = [
            [], ["nope"], ["trace"], ["trace", "spec.yaml", "--bogus"], ["trace", "spec.yaml", "--steps"], ["trace", "spec.yaml", "--steps", "abc"],
            ["trace", "spec.yaml", "--steps", "0"], ["trace", "spec.yaml", "--steps", "-1"], ["trace", "spec.yaml", "--steps", "99999999999999999999"],
            ["trace", "spec.yaml", "--every", "0"], ["trace", "spec.yaml", "--record", "everything"], ["trace", "spec.yaml", "spec.yaml"],
            ["render"], ["render", "trace.json"], ["render", "trace.json", "--figure", "nope"], ["render", "trace.json", "--figure", "loss", "--decimals", "99"],
            ["render", "trace.json", "--figure", "loss", "--scale", "nan"], ["render", "trace.json", "--figure", "loss", "--scale", "1e308"],
            ["render", "trace.json", "--figure", "loss", "--y-max", "-inf"], ["render", "trace.json", "--figure", "loss", "--y-max", "5e-324"],
            ["render", "trace.json", "--figure", "heatmap", "--sample", "9223372036854775807"], ["render", "--list", "--figure"],
            ["report"], ["report", "spec.yaml", "--every", "-5"], ["build", "--jobs", "0"], ["build", "--jobs", "x"], ["build", "--lessons"],
            ["golden"], ["bench", "--bogus"], ["--bogus"], ["trace", "--help=x"], ["trace", "spec.yaml", "--out"],
            ["trace", "spec.yaml", "--steps", "1", "--every", "9223372036854775807", "--out", "trace.json"],
            ["trace", "spec.yaml", "--steps", "9223372036854775807", "--every", "9223372036854775807", "--record", "summary", "--out", "trace.json"],
        ]
        let arguments = mutator.pick(commands)
        return FuzzCase(name: "arguments: " + (arguments.isEmpty ? "(none)" : arguments.joined(separator: " ")), files: [spec],
                        arguments: arguments, outputs: ["trace.json"], seconds: 15)
    }
}
