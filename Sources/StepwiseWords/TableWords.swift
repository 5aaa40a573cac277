/// Words of the lessons' tables: the value table (`stepwise-table`: parameters before, gradient,
/// after; ops' forward value and gradient) and the Keras-like model summary (`stepwise-summary`
/// and the reports' model section).
public enum TableWords: String, SpacedPhraseBook {
    // Value table
    case parametersCaption, valuesCaption, sideBySideCaption
    case parameterHeader, gradientOfParameter, valueHeader, forwardHeader, gradientOfValue
    case traceLine, traceName
    // Model summary
    case summaryCaption, layerHeader, outputShapeHeader, parameterCountHeader
    case totalParameters, trainableParameters, nonTrainableParameters

    public var phrase: Phrase {
        switch self {
        case .parametersCaption: return Phrase("Parameters before and after training step {step}, with their gradients", "第 {step} 步训练前后的参数及其梯度")
        case .valuesCaption: return Phrase("Values in training step {step}: forward value and gradient of each", "第 {step} 步训练中的值：每个值的前向值和梯度")
        case .sideBySideCaption: return Phrase("Values in training step {step}, side by side", "第 {step} 步训练中的值，并排对照")
        case .parameterHeader: return Phrase("parameter", "参数")
        case .gradientOfParameter: return Phrase("∂L/∂parameter", "∂L/∂参数")
        case .valueHeader: return Phrase("value", "值")
        case .forwardHeader: return Phrase("forward", "前向值")
        case .gradientOfValue: return Phrase("∂L/∂value", "∂L/∂值")
        case .traceLine: return Phrase("trace: {spec} · {names}", "轨迹：{spec} · {names}")
        case .traceName: return Phrase("trace: {name}", "轨迹：{name}")
        case .summaryCaption:
            return Phrase("Model: \"{model}\", as Keras's model.summary() lists it (float64 parameters)",
                          "模型“{model}”，按 Keras 模型摘要的格式列出（参数为双精度浮点数）")
        case .layerHeader: return Phrase("Layer (type)", "层（类型）")
        case .outputShapeHeader: return Phrase("Output Shape", "输出形状")
        case .parameterCountHeader: return Phrase("Param #", "参数数量")
        case .totalParameters: return Phrase("Total params: {count} ({memory})", "参数总数：{count}（{memory}）")
        case .trainableParameters: return Phrase("Trainable params: {count} ({memory})", "可训练参数：{count}（{memory}）")
        case .nonTrainableParameters: return Phrase("Non-trainable params: 0 (0.00 B)", "不可训练参数：0（0.00 B）")
        }
    }
}
