/// Words every area shares — figures, walkthroughs, tables, reports and pages. Append new
/// cases at the end; never rename one (other books' code names them).
public enum CommonWords: String, PhraseBook {
    case loss, gradient, weight, bias, input, output, neuron, layer, step, example, value, parameter
    case before, after, update, prediction, target, training, validation, accuracy
    case stepNumber, exampleNumber, afterUpdates

    public var phrase: Phrase {
        switch self {
        case .loss: return Phrase("loss", "损失")
        case .gradient: return Phrase("gradient", "梯度")
        case .weight: return Phrase("weight", "权重")
        case .bias: return Phrase("bias", "偏置")
        case .input: return Phrase("input", "输入")
        case .output: return Phrase("output", "输出")
        case .neuron: return Phrase("neuron", "神经元")
        case .layer: return Phrase("layer", "层")
        case .step: return Phrase("step", "步")
        case .example: return Phrase("example", "样本")
        case .value: return Phrase("value", "值")
        case .parameter: return Phrase("parameter", "参数")
        case .before: return Phrase("before", "更新前")
        case .after: return Phrase("after", "更新后")
        case .update: return Phrase("update", "更新")
        case .prediction: return Phrase("prediction", "预测值")
        case .target: return Phrase("target", "目标值")
        case .training: return Phrase("training", "训练")
        case .validation: return Phrase("validation", "验证")
        case .accuracy: return Phrase("accuracy", "准确率")
        case .stepNumber: return Phrase("step {n}", "第 {n} 步")
        case .exampleNumber: return Phrase("example {n}", "样本 {n}")
        case .afterUpdates: return Phrase("after {n} updates", "{n} 次更新后")
        }
    }
}
