/// Words of `stepwise report`'s pages: the training report (headings, paragraphs, settings,
/// tables, figure titles and sampling notes, the gradient-flow chart), the GAN report and the
/// BERT report. English plurals have an entry of their own (`…One`); Chinese needs none.
public enum ReportWords: String, SpacedPhraseBook {
    // Page and headings
    case pageHeading, pageTitle, contents, model, training, gradientFlow, stepByStep, reproduce
    case diverged, divergedStopped
    // Introduction
    case introduction, ranOne, ran, ranDiverged, recordedEveryStep, recordedEvery, figuredAll, figuredSome
    // Non-finite value
    case nonFinite, forwardValue, gradientOf, updateOf
    // Model settings
    case settingInput, settingLoss, settingOptimizer, settingData, settingTraining, settingRecorded
    case inputPerSample, tokenIds, samplesOne, samples, dataShapes, stepsOne, steps, batchesOf, wholeDataSet, shuffled, seed
    case recordedSteps
    case lossMSE, lossBinaryCrossentropy, lossCrossEntropy
    case optimizerSGD, optimizerMomentum, nesterov, optimizerAdam
    // Training section
    case lossWent, accuracyMeasured, oneStep, oneStepAccuracy, sentenceEnd, numbersOfStepsOne, numbersOfSteps, missing
    // Gradient flow section
    case gradientExplained, noParameters, normAtStep
    // Steps section
    case figuresForSome, andDivergedStep, stepsExplained, stepLoss, trainingStep, stepperTitle
    // Reproduce section
    case traceFrom, traceHolds, sameTraceBy, sameBytes, bytes
    // Figures on the page
    case notDrawn, captionEnd, shown, listSeparator
    // Figure titles and sampling notes
    case positionalTable, lossPerStep, accuracyPerStep, gradientNormPerStep
    case wholeNetwork, networkActivations, networkGradients, parameterUpdate
    case lstmFigure, attentionFigure, convFigure, poolingFigure, outputFigure
    case exampleOfBatch, exampleOf, firstOne, firstMany, unitNoun, headNoun, inputChannelNoun, filterNoun, channelNoun
    case kernelName, biasName, recurrentKernelName, embeddingsName
    // Charts the report makes
    case batchAccuracy, accuracySubtitle, accuracyMeasuredOn, gradientFlowTitle, gradientFlowSubtitle, gradientFlowAxis
    case gradientFlowCaption, normRange, normRangeSeparator, normsLeftOut
    // GAN report
    case ganIntroduction, ganStepsOne, ganSteps, discriminatorUpdatesOne, discriminatorUpdates, ganDivergedAt, ganDivergedWhere, ganDivergedStopped
    case twoNetworks, generator, discriminator, networkCaption
    case noise, numbersOne, numbers, noiseStandardNormal, noiseFromSpec, bothLosses, ganLossesTitle, discriminatorView
    case fieldTitle, discriminatorOutputsTitle, generatorMapTitle, ganTraceHolds
    // BERT report
    case bertIntroduction, tokens, tokensCaption, position, token, tokenID, attention, hiddenStates, bertTrace

    public var phrase: Phrase {
        switch self {
        case .pageHeading: return Phrase("Report: {model}", "报告：{model}")
        case .pageTitle: return Phrase("Report: {model} — Stepwise", "报告：{model} — Stepwise")
        case .contents: return Phrase("Contents", "目录")
        case .model: return Phrase("Model", "模型")
        case .training: return Phrase("Training", "训练")
        case .gradientFlow: return Phrase("Gradient flow", "梯度流")
        case .stepByStep: return Phrase("Layer by layer, step by step", "逐层、逐步")
        case .reproduce: return Phrase("Reproduce", "复现")
        case .diverged: return Phrase("The run diverged. ", "训练发散了。")
        case .divergedStopped:
            return Phrase("{sentence} Training stopped after that step; this report covers the steps up to and including it.",
                          "{sentence}训练在这一步之后停止；本报告涵盖到这一步为止（含这一步）的各步。")

        case .introduction:
            return Phrase("What {model} computed in {ran} ({loss}, {optimizer}), recorded {recording}: the model, the loss, the gradient reaching each layer, and each layer {figured}. Every number comes from the trace beside this page.",
                          "{model} 在 {ran}中算了什么（{loss}，{optimizer}；{recording}）：模型、损失、到达每一层的梯度，以及 {figured} 每一层的情况。每个数字都来自本页旁边的轨迹文件。")
        case .ranOne: return Phrase("{n} training step", "{n} 个训练步")
        case .ran: return Phrase("{n} training steps", "{n} 个训练步")
        case .ranDiverged: return Phrase("{ran} (of {total} planned; it diverged)", "{ran}（计划 {total} 步，训练发散了）")
        case .recordedEveryStep: return Phrase("at every step", "每一步都记录")
        case .recordedEvery: return Phrase("every {k} steps, with the first and the last", "每 {k} 步记录一次，含第一步和最后一步")
        case .figuredAll: return Phrase("at every recorded step", "每个记录步中")
        case .figuredSome: return Phrase("at {n} of the {total} recorded steps", "{total} 个记录步中的 {n} 步里")

        case .nonFinite:
            return Phrase("In training step {step} the first non-finite value (NaN or infinity) appeared in the {what} of {quantity} (trace: {scope}).",
                          "在第 {step} 步训练中，第一个非有限值（NaN 或无穷大）出现在 {quantity} 的{what}中（轨迹：{scope}）。")
        case .forwardValue: return Phrase("forward value", "前向值")
        case .gradientOf: return Phrase("gradient", "梯度")
        case .updateOf: return Phrase("update", "更新")

        case .settingInput: return Phrase("Input", "输入")
        case .settingLoss: return Phrase("Loss", "损失函数")
        case .settingOptimizer: return Phrase("Optimizer", "优化器")
        case .settingData: return Phrase("Data", "数据")
        case .settingTraining: return Phrase("Training", "训练")
        case .settingRecorded: return Phrase("Recorded", "记录")
        case .inputPerSample: return Phrase("{shape} per sample", "每个样本 {shape}")
        case .tokenIds: return Phrase(" (token ids)", "（词元编号）")
        case .samplesOne: return Phrase("{n} sample", "{n} 个样本")
        case .samples: return Phrase("{n} samples", "{n} 个样本")
        case .dataShapes: return Phrase("{samples}: inputs {inputs}, targets {targets}", "{samples}：输入 {inputs}，目标值 {targets}")
        case .stepsOne: return Phrase("{n} step", "{n} 步")
        case .steps: return Phrase("{n} steps", "{n} 步")
        case .batchesOf: return Phrase("{steps}, batches of {batch}", "{steps}，每批 {batch} 个样本")
        case .wholeDataSet: return Phrase(" (the whole data set)", "（整个数据集）")
        case .shuffled: return Phrase(", shuffled each epoch", "，每轮打乱顺序")
        case .seed: return Phrase(", seed {seed}", "，随机种子 {seed}")
        case .recordedSteps: return Phrase("{steps}, {recording}; figures for {figured}", "{steps}，{recording}；其中 {figured} 步配有图")
        case .lossMSE: return Phrase("mse", "均方误差")
        case .lossBinaryCrossentropy: return Phrase("binary_crossentropy", "二元交叉熵")
        case .lossCrossEntropy: return Phrase("cross_entropy", "交叉熵")
        case .optimizerSGD: return Phrase("sgd, learning_rate {rate}", "SGD，学习率 {rate}")
        case .optimizerMomentum: return Phrase(", momentum {momentum}", "，动量 {momentum}")
        case .nesterov: return Phrase(", {name}", "，{name} 动量")
        case .optimizerAdam:
            return Phrase("adam, learning_rate {rate}, beta_1 {beta1}, beta_2 {beta2}, epsilon {epsilon}",
                          "Adam，学习率 {rate}，β₁ {beta1}，β₂ {beta2}，ε {epsilon}")

        case .lossWent: return Phrase("The loss went from {first} at step {firstStep} to {last} at step {lastStep}",
                                      "损失从第 {firstStep} 步的 {first} 变为第 {lastStep} 步的 {last}")
        case .accuracyMeasured:
            return Phrase("; the accuracy is measured on each step's batch, from the traced outputs and targets, before the step's update.",
                          "；准确率是在每一步的批次上、在该步更新之前，由轨迹中的输出和目标值算出的。")
        case .oneStep: return Phrase("One recorded step: the loss was {loss}", "只记录了一步：损失为 {loss}")
        case .oneStepAccuracy: return Phrase(" and the accuracy on the batch {accuracy}", "，该批次上的准确率为 {accuracy}")
        case .sentenceEnd: return Phrase(".", "。")
        case .numbersOfStepsOne: return Phrase("The numbers of the {n} recorded step", "{n} 个记录步的数值")
        case .numbersOfSteps: return Phrase("The numbers of the {n} recorded steps", "{n} 个记录步的数值")
        case .missing: return Phrase("—", "—")

        case .gradientExplained:
            return Phrase("The size of the gradient each layer's parameters receive: the L2 norm ‖∂L/∂W‖ over all of a layer's parameters. A layer whose norm is orders of magnitude below the others learns little (vanishing gradients); one that grows from step to step is exploding.",
                          "每一层的参数收到的梯度有多大：对该层全部参数求 L2 范数 ‖∂L/∂W‖。某一层的范数若比其他层小几个数量级，它就学得很少（梯度消失）；范数若一步比一步大，就是梯度爆炸。")
        case .noParameters: return Phrase("The model has no parameters.", "这个模型没有参数。")
        case .normAtStep: return Phrase("‖∂L/∂W‖ at step {step}", "第 {step} 步的 ‖∂L/∂W‖")

        case .figuresForSome:
            return Phrase("Figures for {n} of the {total} recorded steps, evenly spaced with the first and the last{diverged}; the trace holds every recorded step. ",
                          "{total} 个记录步中有 {n} 步配有图，均匀分布，包括第一步和最后一步{diverged}；轨迹文件保存了每个记录步。")
        case .andDivergedStep: return Phrase(" and the step that diverged", "以及发散的那一步")
        case .stepsExplained:
            return Phrase("Each layer's figure shows its forward pass and the gradient flowing back at that step; the update figures show each parameter before the step, its gradient, after the update, and the change. Big layers show their first units, channels or heads, as each caption says.",
                          "每一层的图展示该步的前向传播和反向流回的梯度；更新图展示每个参数在该步之前的值、它的梯度、更新后的值以及变化量。较大的层只显示前几个单元、通道或注意力头，图注中有说明。")
        case .stepLoss: return Phrase("The loss of this step's batch, before its update: {loss}.", "该步批次在更新之前的损失：{loss}。")
        case .trainingStep: return Phrase("Training step {step}", "第 {step} 步训练")
        case .stepperTitle: return Phrase("training step {step}, loss {loss}", "第 {step} 步训练，损失 {loss}")

        case .traceFrom: return Phrase("Every number and figure here comes from the trace ", "本页的每个数字和每张图都来自轨迹文件 ")
        case .traceHolds:
            return Phrase(" ({bytes}, every op of each recorded step; its format is docs/trace-format.md). This report was made by",
                          "（{bytes}，包含每个记录步的每个运算；格式见项目文档中的轨迹格式说明）。本报告由下面的命令生成：")
        case .sameTraceBy: return Phrase("and the same trace, byte for byte, by", "下面的命令可以逐字节地生成同一份轨迹文件：")
        case .sameBytes: return Phrase("Stepwise {version}. The same spec and command give the same bytes.",
                                       "Stepwise {version}。同样的规格文件和命令得到完全相同的字节。")
        case .bytes: return Phrase("{n} bytes", "{n} 字节")

        case .notDrawn: return Phrase("{title}: not drawn ({problem}).", "{title}：未能绘制（{problem}）。")
        case .captionEnd: return Phrase("{title}.", "{title}。")
        case .shown: return Phrase("{title}. Shown: {sampled}.", "{title}。图中显示：{sampled}。")
        case .listSeparator: return Phrase(", ", "，")

        case .positionalTable: return Phrase("{layer}: the positional-encoding table added to the input", "{layer}：加到输入上的位置编码表")
        case .lossPerStep: return Phrase("Loss per recorded step", "每个记录步的损失")
        case .accuracyPerStep: return Phrase("Accuracy on each step's batch", "每一步批次上的准确率")
        case .gradientNormPerStep: return Phrase("Norm of each layer's gradient per recorded step (log scale)",
                                                 "每个记录步中各层参数梯度的范数（对数刻度）")
        case .wholeNetwork: return Phrase("The whole network", "整个网络")
        case .networkActivations: return Phrase("Activations (nodes) and weights (edges)", "激活值（节点）和权重（边）")
        case .networkGradients: return Phrase("Gradients ∂L/∂a (nodes) and ∂L/∂w (edges)", "梯度 ∂L/∂a（节点）和 ∂L/∂w（边）")
        case .parameterUpdate: return Phrase("Update of {parameters}: before, gradient, after, change", "{parameters} 的更新：更新前、梯度、更新后、变化量")
        case .lstmFigure: return Phrase("Gates and states over time, and the gradient through time", "各时间步的门和状态，以及随时间反向传播的梯度")
        case .attentionFigure: return Phrase("Attention weights per head, with Q, K and V", "每个注意力头的注意力权重，以及 Q、K 和 V")
        case .convFigure: return Phrase("Input channels, kernels and feature maps", "输入通道、卷积核和特征图")
        case .poolingFigure: return Phrase("Pooling windows, output and the gradient routed back", "池化窗口、输出以及传回的梯度")
        case .outputFigure: return Phrase("Output and its gradient", "输出及其梯度")
        case .exampleOfBatch: return Phrase("example 1 of the batch of {n}", "批次中 {n} 个样本里的第 1 个")
        case .exampleOf: return Phrase("example 1 of {n}", "{n} 个样本中的第 1 个")
        case .firstOne: return Phrase("{noun} 1 of {total}", "{total} 个{noun}中的第 1 个")
        case .firstMany: return Phrase("{noun}s 1–{count} of {total}", "{total} 个{noun}中的第 1–{count} 个")
        case .unitNoun: return Phrase("unit", "单元")
        case .headNoun: return Phrase("head", "注意力头")
        case .inputChannelNoun: return Phrase("input channel", "输入通道")
        case .filterNoun: return Phrase("filter", "滤波器")
        case .channelNoun: return Phrase("channel", "通道")
        case .kernelName: return Phrase("kernel", "权重")
        case .biasName: return Phrase("bias", "偏置")
        case .recurrentKernelName: return Phrase("recurrent_kernel", "循环权重")
        case .embeddingsName: return Phrase("embeddings", "嵌入")

        case .batchAccuracy: return Phrase("batch accuracy", "批次准确率")
        case .accuracySubtitle: return Phrase("on each step's batch, before its update · {n} recorded steps", "每一步的批次上，更新之前 · {n} 个记录步")
        case .accuracyMeasuredOn: return Phrase("on each recorded step's batch", "每个记录步批次上的")
        case .gradientFlowTitle: return Phrase("Gradient flow in {model}", "{model} 中的梯度流")
        case .gradientFlowSubtitle: return Phrase("norm of each layer's parameter gradient · log scale · {n} recorded steps",
                                                  "各层参数梯度的范数 · 对数刻度 · {n} 个记录步")
        case .gradientFlowAxis: return Phrase("step", "训练步")
        case .gradientFlowCaption:
            return Phrase("Line chart of the L2 norm of each layer's parameter gradient over {n} recorded steps, on a log scale: {ranges}.",
                          "折线图：{n} 个记录步中各层参数梯度的 L2 范数，对数刻度：{ranges}。")
        case .normRange: return Phrase("{layer} from {first} to {last}", "{layer} 从 {first} 到 {last}")
        case .normRangeSeparator: return Phrase("; ", "；")
        case .normsLeftOut: return Phrase(" Zero and non-finite norms (in {layers}) cannot be drawn on the log scale and are left out.",
                                          "为零或非有限的范数（在 {layers} 中）无法画在对数刻度上，已略去。")

        case .ganIntroduction:
            return Phrase("What the GAN {model} computed in {ran} of {total} planned: each step is {updates} and one generator update, recorded {recording}. Every number comes from the trace beside this page.",
                          "GAN {model} 在计划的 {total} 步中跑了 {ran}，本页展示它算了什么：每一步包括 {updates}和一次生成器更新（{recording}）。每个数字都来自本页旁边的轨迹文件。")
        case .ganStepsOne: return Phrase("{n} GAN step", "{n} 步")
        case .ganSteps: return Phrase("{n} GAN steps", "{n} 步")
        case .discriminatorUpdatesOne: return Phrase("{n} discriminator update", "{n} 次判别器更新")
        case .discriminatorUpdates: return Phrase("{n} discriminator updates", "{n} 次判别器更新")
        case .ganDivergedAt: return Phrase("At {where}.", "位置：{where}。")
        case .ganDivergedWhere: return Phrase("step {step}, {network} update: first non-finite value in the {what} of {scope}",
                                              "第 {step} 步的{network}更新，{scope} 的{what}中出现了第一个非有限值")
        case .ganDivergedStopped: return Phrase(" Training stopped after that update; this report covers the updates up to and including it.",
                                                "训练在这次更新之后停止；本报告涵盖到这次更新为止（含这一次）的各次更新。")
        case .twoNetworks: return Phrase("The two networks", "两个网络")
        case .generator: return Phrase("generator", "生成器")
        case .discriminator: return Phrase("discriminator", "判别器")
        case .networkCaption:
            return Phrase("The {network}, as Keras's model.summary() lists it (float64 parameters); optimizer {optimizer}",
                          "{network}，按 Keras 模型摘要的格式列出（参数为双精度浮点数）；优化器：{optimizer}")
        case .noise: return Phrase("Noise: {n} per generated sample, {source}; {real} real samples in batches of {batch}{shuffled}.",
                                   "噪声：每个生成样本 {n}，{source}；{real} 个真实样本，每批 {batch} 个{shuffled}。")
        case .numbersOne: return Phrase("{n} number", "{n} 个数")
        case .numbers: return Phrase("{n} numbers", "{n} 个数")
        case .noiseStandardNormal: return Phrase("standard normal from seed {seed}", "取自标准正态分布，随机种子 {seed}")
        case .noiseFromSpec: return Phrase("as the spec gives it", "由规格文件给出")
        case .bothLosses: return Phrase("Both losses", "两个损失")
        case .ganLossesTitle:
            return Phrase("The discriminator's and the generator's loss per recorded step; ln 2 is both losses' value when D answers ½ everywhere",
                          "每个记录步中判别器和生成器的损失；D 处处输出 ½ 时，两个损失都等于 ln 2")
        case .discriminatorView: return Phrase("The discriminator's view, first and last step", "判别器眼中的平面：第一步和最后一步")
        case .fieldTitle: return Phrase("Step {step}: D(x) over the plane, the real and the generated samples, and the push on each generated one",
                                        "第 {step} 步：平面上的 D(x)、真实样本和生成样本，以及每个生成样本受到的推动")
        case .discriminatorOutputsTitle: return Phrase("Step {step}: D(x) of the real and the generated samples of its last discriminator update",
                                                       "第 {step} 步：最后一次判别器更新中真实样本和生成样本的 D(x)")
        case .generatorMapTitle: return Phrase("Step {step}: where the generator sends a grid of noise points", "第 {step} 步：生成器把一格格噪声点送到哪里")
        case .ganTraceHolds:
            return Phrase(" ({bytes}, every op of each recorded update). This report was made by",
                          "（{bytes}，包含每次记录的更新中的每个运算）。本报告由下面的命令生成：")

        case .bertIntroduction:
            return Phrase("One forward pass of the pretrained encoder in {checkpoint} ({layers} layers, {heads} heads, {size} numbers per token) on the text “{text}”. Every number comes from the trace beside this page.",
                          "{checkpoint} 中的预训练编码器（{layers} 层，{heads} 个注意力头，每个词元 {size} 个数）对文本“{text}”做的一次前向传播。每个数字都来自本页旁边的轨迹文件。")
        case .tokens: return Phrase("Tokens", "词元")
        case .tokensCaption: return Phrase("The text as WordPiece tokens, with their ids in the vocabulary", "切分成 WordPiece 词元的文本，以及每个词元在词表中的编号")
        case .position: return Phrase("position", "位置")
        case .token: return Phrase("token", "词元")
        case .tokenID: return Phrase("id", "编号")
        case .attention: return Phrase("Attention", "注意力")
        case .hiddenStates: return Phrase("Hidden states", "隐藏状态")
        case .bertTrace: return Phrase("The trace ({n} bytes) is {file}, beside this page; this command writes it again:",
                                       "轨迹文件（{n} 字节）是本页旁边的 {file}；下面的命令可以重新生成它：")
        }
    }
}
