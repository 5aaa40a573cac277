/// Words of charts and planes: line charts (loss, accuracy, activations), axes, legends,
/// colour bars and colour maps, the decision boundary, optimizer paths and neuron planes.
public enum ChartWords: String, PhraseBook {
    // Punctuation between the parts of a list in running text.
    case comma, enumerationComma, period
    // Colour maps, as captions name them.
    case viridisMap, blueWhiteRedMap
    // Subtitles and axes every chart shares.
    case trainingStep, traceNote, row, column
    // Loss and accuracy charts.
    case lossTitle, trainingStepAxis, updatesMadeAxis, trainLoss, namedLoss, lossSubtitle, lowestMarker, trainingLoss, validationLoss
    case atStep, afterUpdate, afterUpdates
    case lossCaption, lossCaptionNamed, runSummaryNamed, markerNote, fromTo, fromBecomes, withNoSteps, endsAt, hasNoSteps
    case becomes, becomesAfter, becomesBefore, nonFiniteLabel, clipNote
    case discriminatorLoss, generatorLoss, equilibriumLine, ganLossTitle, stepAxis, ganLossSubtitle, ganLossCaption
    case accuracyTitle, accuracyFromTo, dashedSeries, accuracyCaption, accuracyCaptionMany, recordedSteps, overRecordedSteps, validationNamed
    case compareTitle, runEnd, runValidationEnd, compareCaption
    // Activation functions and loss functions.
    case activationsTitle, netInputZ, activationsPart, activationsCaption
    case squaredError, crossEntropy, lossFunctionsTitle, predictionAxis, lossFunctionsCaption
    // Optimizer paths.
    case oneOptimizer, optimizersCompared, optimizerPathsSubtitle, start, equalLoss, contourLines, pathNoPoints, pathEnds, optimizerPathsCaption
    // Decision boundary and neuron planes.
    case decisionBoundary, boundaryInSpace, classNumber, probabilityOfClass1, boundarySubtitle, predictedProbability, classPoints
    case boundaryCaption, withArrows, outputOf
    case neuronPlaneTitle, neuronPlanesTitle, blackLine, outputOnGrid, outputA, neuronPlaneOne, neuronPlaneMany, switchLine, neuronPlaneCaption, neuronNumber
    // The discriminator's field of a 2-D GAN.

    public var phrase: Phrase {
        switch self {
        case .comma: return Phrase(", ", "，")
        case .enumerationComma: return Phrase(", ", "、")
        case .period: return Phrase(".", "。")
        case .viridisMap: return Phrase("viridis", "紫—绿—黄配色")
        case .blueWhiteRedMap: return Phrase("blue-white-red", "蓝—白—红配色")
        case .trainingStep: return Phrase("training step {step}", "训练第 {step} 步")
        case .traceNote: return Phrase("trace: {trace}", "轨迹：{trace}")
        case .row: return Phrase("row", "行")
        case .column: return Phrase("column", "列")
        case .lossTitle: return Phrase("Loss over training steps", "损失随训练步的变化")
        case .trainingStepAxis: return Phrase("training step", "训练步")
        case .updatesMadeAxis: return Phrase("updates made", "已完成的更新次数")
        case .trainLoss: return Phrase("train loss", "训练损失")
        case .namedLoss: return Phrase("{name} loss", "{name}损失")
        case .lossSubtitle: return Phrase("{n} recorded steps · {loss} · {optimizer} · trace: {trace}", "记录了 {n} 步 · {loss} · {optimizer} · 轨迹：{trace}")
        case .lowestMarker: return Phrase("lowest {words}, {when}", "{words}最低点，{when}")
        case .trainingLoss: return Phrase("training loss", "训练损失")
        case .validationLoss: return Phrase("validation loss", "验证损失")
        case .atStep: return Phrase("at step {n}", "第 {n} 步")
        case .afterUpdate: return Phrase("after {n} update", "{n} 次更新后")
        case .afterUpdates: return Phrase("after {n} updates", "{n} 次更新后")
        case .lossCaption: return Phrase("Line chart of the training loss of {model} over {n} recorded training steps",
                                         "{model}在记录的 {n} 个训练步中训练损失的折线图")
        case .lossCaptionNamed: return Phrase("Line chart of the {name} of {model} over {n} recorded training steps",
                                              "{model}在记录的 {n} 个训练步中“{name}”的折线图")
        case .runSummaryNamed: return Phrase("; {name} {summary}", "；{name}{summary}")
        case .markerNote: return Phrase("; {label}: {value}, marked by a ring and a dotted line", "；{label}：{value}，用圆圈和虚线标出")
        case .fromTo: return Phrase("from {firstValue} {firstWhen} to {lastValue} {lastWhen}", "从{firstWhen}的 {firstValue} 变为{lastWhen}的 {lastValue}")
        case .fromBecomes: return Phrase("from {firstValue} {firstWhen} {becomes}", "从{firstWhen}的 {firstValue} 起，{becomes}")
        case .withNoSteps: return Phrase("with no steps", "没有任何步")
        case .endsAt: return Phrase("ends at {value}", "最终为 {value}")
        case .hasNoSteps: return Phrase("has no steps", "没有任何步")
        case .becomes: return Phrase("becomes {value} {when} (dotted line)", "{when}变为 {value}（虚线）")
        case .becomesAfter: return Phrase("becomes {value} {when} after {previousValue} {previousWhen} (dotted line)",
                                          "继{previousWhen}的 {previousValue} 之后，{when}变为 {value}（虚线）")
        case .becomesBefore: return Phrase("becomes {value} {when} ({previousValue} {previousWhen} before) (dotted line)",
                                           "{when}变为 {value}（此前{previousWhen}为 {previousValue}）（虚线）")
        case .nonFiniteLabel: return Phrase("{value} {when}", "{when}：{value}")
        case .clipNote: return Phrase("; the axis stops at {value}, lines above it leave through the top (arrows)", "；纵轴止于 {value}，高于它的曲线从顶部离开（箭头）")
        case .discriminatorLoss: return Phrase("discriminator loss", "判别器损失")
        case .generatorLoss: return Phrase("generator loss", "生成器损失")
        case .equilibriumLine: return Phrase("ln 2 ≈ 0.693 (D = ½ everywhere)", "ln 2 ≈ 0.693（处处 D = ½）")
        case .ganLossTitle: return Phrase("Losses of {model}", "{model} 的损失")
        case .stepAxis: return Phrase("step", "步")
        case .ganLossSubtitle: return Phrase("{n} recorded steps · binary cross-entropy · optimizer {optimizer}", "记录了 {n} 步 · 二元交叉熵 · 优化器 {optimizer}")
        case .ganLossCaption:
            return Phrase("Line chart of the two losses of the GAN {model} over {n} recorded steps: the discriminator's (mean over each step's discriminator updates) "
                          + "{discriminator}; the generator's {generator}; a dashed line at ln 2 ≈ 0.693, both losses' value when the discriminator outputs ½ everywhere{clip}.",
                          "GAN {model}在记录的 {n} 步中两个损失的折线图：判别器损失（每步各次判别器更新的平均值）"
                          + "{discriminator}；生成器损失{generator}；虚线位于 ln 2 ≈ 0.693，即判别器处处输出 ½ 时两个损失的值{clip}。")
        case .accuracyTitle: return Phrase("Accuracy over training steps", "准确率随训练步的变化")
        case .accuracyFromTo: return Phrase("from {first} {firstWhen} to {last} {lastWhen}", "从{firstWhen}的 {first} 变为{lastWhen}的 {last}")
        case .dashedSeries: return Phrase("{name} (dashed) {summary}", "{name}（虚线）{summary}")
        case .accuracyCaption: return Phrase("Line chart of the accuracy {measured}, {summaries}.", "{measured}准确率的折线图，{summaries}。")
        case .accuracyCaptionMany: return Phrase("Line chart of the accuracy {measured}: {summaries}.", "{measured}准确率的折线图：{summaries}。")
        case .recordedSteps: return Phrase("{n} recorded steps", "记录了 {n} 步")
        case .overRecordedSteps: return Phrase("over {n} recorded steps", "记录的 {n} 步中")
        case .validationNamed: return Phrase("{label} · {validation}", "{label} · {validation}")
        case .compareTitle: return Phrase("Loss over training steps, {n} runs compared", "{n} 次训练的损失对比")
        case .runEnd: return Phrase("{label} {end}", "{label}{end}")
        case .runValidationEnd: return Phrase("its {validation} loss (dashed) {end}", "其{validation}损失（虚线）{end}")
        case .compareCaption: return Phrase("Line chart comparing the training loss of {n} runs: {summaries}{clip}.", "比较 {n} 次训练的训练损失的折线图：{summaries}{clip}。")
        case .activationsTitle: return Phrase("Activation functions and their derivatives", "激活函数及其导数")
        case .netInputZ: return Phrase("net input z", "净输入 z")
        case .activationsPart: return Phrase("{name} (solid) and its derivative (dashed)", "{name}（实线）及其导数（虚线）")
        case .activationsCaption: return Phrase("Line chart of {parts} for z from {lower} to {upper}.", "z 从 {lower} 到 {upper} 时{parts}的折线图。")
        case .squaredError: return Phrase("squared error (1 − ŷ)²", "平方误差 (1 − ŷ)²")
        case .crossEntropy: return Phrase("cross-entropy −log ŷ", "交叉熵 −log ŷ")
        case .lossFunctionsTitle: return Phrase("The loss of one prediction whose target is 1", "目标值为 1 时单个预测值的损失")
        case .predictionAxis: return Phrase("prediction ŷ = σ(z)", "预测值 ŷ = σ(z)")
        case .lossFunctionsCaption:
            return Phrase("Line chart over the prediction ŷ from {lowest} to 1 of the squared error (1 − ŷ)² and the cross-entropy −log ŷ "
                          + "of one prediction whose target is 1 (solid, the axis stops at 3 while −log ŷ grows without bound towards ŷ = 0), and the size of the gradient "
                          + "each sends to the sigmoid's net input z (dashed): 2(1 − ŷ)·ŷ(1 − ŷ), which falls back to 0 as ŷ goes to 0, and 1 − ŷ, which is largest there.",
                          "目标值为 1 时，单个预测值 ŷ 从 {lowest} 到 1 的平方误差 (1 − ŷ)² 与交叉熵 −log ŷ 的折线图"
                          + "（实线；纵轴止于 3，而 ŷ 趋于 0 时 −log ŷ 无限增大），以及两者传给 sigmoid 净输入 z 的梯度大小"
                          + "（虚线）：2(1 − ŷ)·ŷ(1 − ŷ) 在 ŷ 趋于 0 时回落到 0，而 1 − ŷ 在那里最大。")
        case .oneOptimizer: return Phrase("One optimizer on a loss surface", "损失曲面上的一个优化器")
        case .optimizersCompared: return Phrase("{n} optimizers on one loss surface", "同一损失曲面上的 {n} 个优化器")
        case .optimizerPathsSubtitle: return Phrase("{n} updates each from the same start · loss contours on a {grid} grid · trace: {trace}",
                                                    "各自从同一起点更新 {n} 次 · {grid} 网格上的损失等高线 · 轨迹：{trace}")
        case .start: return Phrase("start", "起点")
        case .equalLoss: return Phrase("equal loss", "等损失线")
        case .contourLines: return Phrase("({n} lines, {first} to {last})", "（{n} 条线，{first} 到 {last}）")
        case .pathNoPoints: return Phrase("{label}: no points", "{label}：没有点")
        case .pathEnds: return Phrase("{label} from {first} to {last}", "{label}从 {first} 到 {last}")
        case .optimizerPathsCaption:
            return Phrase("{title}: the loss over the plane of two parameters, x from {xLow} to {xHigh} and y from {yLow} to {yHigh}, "
                          + "shaded dark where low (from {low} to {high}) with {levels} lines of equal loss, and {n} updates of each optimizer as a line of dots: {ends}.",
                          "{title}：两个参数构成的平面上的损失，x 从 {xLow} 到 {xHigh}，y 从 {yLow} 到 {yHigh}，"
                          + "损失越低颜色越深（从 {low} 到 {high}），并画有 {levels} 条等损失线；每个优化器的 {n} 次更新画成一串点：{ends}。")
        case .decisionBoundary: return Phrase("Decision boundary", "决策边界")
        case .boundaryInSpace: return Phrase("Decision boundary in the plane of the {space}'s outputs", "{space}输出平面上的决策边界")
        case .classNumber: return Phrase("class {n}", "类别 {n}")
        case .probabilityOfClass1: return Phrase("P(class 1)", "P(类别 1)")
        case .boundarySubtitle: return Phrase("{field} on a {grid} grid · boundary at {threshold} · trace: {trace}",
                                              "{grid} 网格上的 {field} · 边界位于 {threshold} · 轨迹：{trace}")
        case .predictedProbability: return Phrase("the predicted probability of class 1", "预测为类别 1 的概率")
        case .classPoints: return Phrase("class-{n}", "类别 {n} 的")
        case .boundaryCaption:
            return Phrase("{title}{updates}: {field} over x from {xLow} to {xHigh} and y from {yLow} to {yHigh} (blue near 0, red near 1, "
                          + "ranging from {min} to {max}), the boundary where it equals {threshold} as a black line, "
                          + "and {count0} {class0} points (circles) and {count1} {class1} points (squares)",
                          "{title}{updates}：x 从 {xLow} 到 {xHigh}、y 从 {yLow} 到 {yHigh} 范围内的{field}（接近 0 为蓝色，接近 1 为红色，"
                          + "取值从 {min} 到 {max}），等于 {threshold} 处的边界画成黑线；另有 {count0} 个{class0}点（圆形）和 {count1} 个{class1}点（方形）")
        case .withArrows: return Phrase(", with {n} black arrows: {caption}.", "，以及 {n} 个黑色箭头：{caption}。")
        case .outputOf: return Phrase("output of {unit}", "{unit}的输出")
        case .neuronPlaneTitle: return Phrase("What {neuron} computes over the input plane", "{neuron}在输入平面上的计算结果")
        case .neuronPlanesTitle: return Phrase("What each neuron of the {layer} computes over the input plane", "{layer}的每个神经元在输入平面上的计算结果")
        case .blackLine: return Phrase("black line: {formula}", "黑线：{formula}")
        case .outputOnGrid: return Phrase("output {formula} on a {grid} grid", "{grid} 网格上的输出 {formula}")
        case .outputA: return Phrase("output a", "输出 a")
        case .neuronPlaneOne: return Phrase("the output {formula} of {neuron}", "{neuron}的输出 {formula}")
        case .neuronPlaneMany: return Phrase("{n} panels, one per neuron ({first} to {last}), each the neuron's output {formula}",
                                             "{n} 幅小图，每个神经元一幅（{first}到{last}），各为该神经元的输出 {formula}")
        case .switchLine: return Phrase(", the line where {formula} in black", "，{formula} 处画成黑线")
        case .neuronPlaneCaption:
            return Phrase("{title}{updates}: {what} over x₁ from {xLow} to {xHigh} and x₂ from {yLow} to {yHigh}, coloured from {low} (blue) to {high} (red) "
                          + "(values from {min} to {max}){switch}, and the {count0} class-0 points (circles) and {count1} class-1 points (squares) of the training data.",
                          "{title}{updates}：x₁ 从 {xLow} 到 {xHigh}、x₂ 从 {yLow} 到 {yHigh} 范围内{what}，颜色从 {low}（蓝）到 {high}（红）"
                          + "（取值从 {min} 到 {max}）{switch}；另有训练数据中 {count0} 个类别 0 的点（圆形）和 {count1} 个类别 1 的点（方形）。")
        case .neuronNumber: return Phrase("neuron {n}", "神经元 {n}")
        }
    }
}
