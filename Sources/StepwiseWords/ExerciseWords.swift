/// Words of the lessons' exercises (`stepwise-exercise`: the heading, the answer and the words
/// naming what the answer is, read from a training run or a BERT forward pass).
public enum ExerciseWords: String, SpacedPhraseBook {
    // The exercise
    case heading, showAnswer, answer, answerWords, traceLine
    // Updates and steps
    case afterNoUpdates, afterOneUpdate, stepName
    case inTrainingStep, inUpdate, beforeUpdate, afterUpdate, lossOf, networkLoss, generator, discriminator
    // What an answer is
    case labelAt, gradientOf, lossOfStep, generatorLoss, discriminatorLoss, accuracy
    case wholeModelParameters, layerParameters, bothNetworksParameters, networkParameters, networkLayerParameters
    case parametersName, namedParameters
    // A GAN's elements
    case noiseEntry, discriminatorInput, ganLayer, ganWeight, ganBias, ganWeightedSum, ganDiscriminatorOutput, ganGenerated, ganUnitOutput
    // A BERT forward pass's elements
    case token, attentionPlace, attentionWeight, attentionScore, attentionDotProduct, feedForwardPlace, afterGELU, beforeGELU
    case sentenceFeature, meanFeature, meanLength

    public var phrase: Phrase {
        switch self {
        case .heading: return Phrase("Exercise {n}", "练习 {n}")
        case .showAnswer: return Phrase("Show the answer", "显示答案")
        case .answer: return Phrase("Answer: ", "答案：")
        case .answerWords: return Phrase(" — {words}.", "——{words}。")
        case .traceLine: return Phrase("trace: {spec} · {name}", "轨迹：{spec} · {name}")

        case .afterNoUpdates: return Phrase("after 0 updates (untrained)", "训练开始前（0 次更新）")
        case .afterOneUpdate: return Phrase("after 1 update", "1 次更新后")
        case .stepName: return Phrase("step {step}", "第 {step} 步")
        case .inTrainingStep: return Phrase("in training step {step}", "第 {step} 步训练中")
        case .inUpdate: return Phrase("in step {step}'s {network} update", "第 {step} 步的{network}更新中")
        case .beforeUpdate: return Phrase("{label}, before step {step}'s {network} update", "{label}（第 {step} 步的{network}更新之前）")
        case .afterUpdate: return Phrase("{label}, after step {step}'s {network} update", "{label}（第 {step} 步的{network}更新之后）")
        case .lossOf: return Phrase("the loss", "损失")
        case .networkLoss: return Phrase("the {network}'s loss", "{network}的损失")
        case .generator: return Phrase("generator", "生成器")
        case .discriminator: return Phrase("discriminator", "判别器")

        case .labelAt: return Phrase("{label}, {when}", "{label}（{when}）")
        case .gradientOf: return Phrase("the gradient of {loss} with respect to {label}, {when}", "{when}{loss}对下面这个量的梯度：{label}")
        case .lossOfStep: return Phrase("the loss of training step {step}, computed with the parameters {after}",
                                        "第 {step} 步训练的损失，计算时的参数：{after}")
        case .generatorLoss: return Phrase("the generator's loss in step {step}, computed after that step's discriminator update",
                                           "第 {step} 步中生成器的损失，在该步的判别器更新之后计算")
        case .discriminatorLoss: return Phrase("the discriminator's loss in step {step}, computed before its update",
                                               "第 {step} 步中判别器的损失，在它更新之前计算")
        case .accuracy: return Phrase("the fraction of the training set classified right {after}", "训练集中分类正确的样本所占比例（{after}）")
        case .wholeModelParameters: return Phrase("the parameters of the whole model", "整个模型的参数数量")
        case .layerParameters: return Phrase("the parameters of {layer}", "{layer} 的参数数量")
        case .bothNetworksParameters: return Phrase("the parameters of both networks", "两个网络的参数总数")
        case .networkParameters: return Phrase("the parameters of the {network}", "{network}的参数数量")
        case .networkLayerParameters: return Phrase("the parameters of the {network}'s layer {layer}", "{network}中 {layer} 层的参数数量")
        case .parametersName: return Phrase("parameters", "参数")
        case .namedParameters: return Phrase("parameters of {name}", "{name} 的参数")

        case .noiseEntry: return Phrase("entry {j} of the noise z of row {i}", "第 {i} 行噪声 z 的第 {j} 个分量")
        case .discriminatorInput: return Phrase("coordinate {j} of sample {i} the discriminator reads", "判别器读入的第 {i} 个样本的第 {j} 个坐标")
        case .ganLayer: return Phrase("layer {n} of the {network}", "{network}的第 {n} 层")
        case .ganWeight: return Phrase("w, weight from input {i} to unit {j} of {layer}", "w，{layer}中从输入 {i} 到单元 {j} 的权重")
        case .ganBias: return Phrase("b, bias of unit {i} in {layer}", "b，{layer}中单元 {i} 的偏置")
        case .ganWeightedSum: return Phrase("s, weighted sum of unit {j} in {layer}, for row {i} of its batch", "s，{layer}中单元 {j} 的加权和，对应批次的第 {i} 行")
        case .ganDiscriminatorOutput: return Phrase("D(x), the discriminator's output, for row {i} of its batch", "D(x)，判别器的输出，对应批次的第 {i} 行")
        case .ganGenerated: return Phrase("coordinate {j} of generated sample {i}, G(z) for noise row {i}", "第 {i} 个生成样本的第 {j} 个坐标，即第 {i} 行噪声的 G(z)")
        case .ganUnitOutput: return Phrase("output of unit {j} in {layer}, for row {i} of its batch", "{layer}中单元 {j} 的输出，对应批次的第 {i} 行")

        case .token: return Phrase("token {n} “{token}”", "第 {n} 个词元“{token}”")
        case .attentionPlace: return Phrase("in head {head} of layer {layer}", "第 {layer} 层第 {head} 个注意力头中")
        case .attentionWeight: return Phrase("the attention weight {from} gives {to} {place}", "{place}，{from}给{to}的注意力权重")
        case .attentionScore: return Phrase("the score q·k/√d of {from} for {to} {place}", "{place}，{from}对{to}的得分 q·k/√d")
        case .attentionDotProduct: return Phrase("the dot product q·k of {from}'s query and {to}'s key {place}", "{place}，{from}的查询与{to}的键的点积 q·k")
        case .feedForwardPlace: return Phrase("of {token} in the feed-forward block of layer {layer}", "第 {layer} 层前馈网络中{token}的")
        case .afterGELU: return Phrase("GELU(x), value {n} after GELU {place}", "GELU(x)，{place}第 {n} 个经过 GELU 的值")
        case .beforeGELU: return Phrase("x, value {n} before GELU {place}", "x，{place}第 {n} 个进入 GELU 之前的值")
        case .sentenceFeature: return Phrase("feature {n} of the sentence vector (of length 1)", "句向量（长度为 1）的第 {n} 个特征")
        case .meanFeature: return Phrase("feature {n} of m, the mean of the last layer's token vectors", "m 的第 {n} 个特征，m 是最后一层各词元向量的均值")
        case .meanLength: return Phrase("‖m‖, the length of the mean of the last layer's token vectors", "‖m‖，最后一层各词元向量均值的长度")
        }
    }
}
