/// Words of the sequence figures: the LSTM unrolled over time and its cell, the gradient through
/// time, attention heads and the positional-encoding table.
public enum SequenceWords: String, SpacedPhraseBook {
    // Shared by the sequence figures.
    case unitsOne, unitsMany, headsOne, headsMany, feature, position
    // The LSTM unrolled (`lstm`).
    case rowInput, rowInputGate, rowForgetGate, rowCandidate, rowOutputGate, rowCell, rowHidden
    case lstmTitle, lstmShortTitle, lstmSubtitle, predictionIs, targetIs, gates, gradients
    case lstmCaption, lstmCaptionInput, lstmCaptionPrediction
    // The gradient through time.
    case throughTimeTitle, timeStepAxis, cellGradientNorm, throughTimeSubtitle, throughTimeRun
    case throughTimeCaptionOne, throughTimeCaptionMany, runSeparator
    // Attention.
    case attentionTitle, causalNote, attentionSubtitle, tokenAtPosition, tokenPosition
    case weightsOfHead, queryPosition, queryTokenPosition, keyPosition, keyTokenPosition, maskedKey
    case attentionCaption, attentionCaptionTokens, attentionCaptionCausal
    // Positional encoding.
    case encodingPositionAxis, encodingDimensionAxis, encodingTitle, encodingCaption
    // The LSTM cell.
    case cellTitle, cellSubtitle, cellUnitsWrittenOut, cellState, hiddenState
    case forgetGateNamed, inputGateNamed, candidateNamed, outputGateNamed, onward, cellCaption

    public var phrase: Phrase {
        switch self {
        case .unitsOne: return Phrase("{n} unit", "{n} 个单元")
        case .unitsMany: return Phrase("{n} units", "{n} 个单元")
        case .headsOne: return Phrase("{n} head", "{n} 个注意力头")
        case .headsMany: return Phrase("{n} heads", "{n} 个注意力头")
        case .feature: return Phrase("feature", "特征")
        case .position: return Phrase("position", "位置")

        case .rowInput: return Phrase("x<sub>t</sub> input", "x<sub>t</sub> 输入")
        case .rowInputGate: return Phrase("i<sub>t</sub> input gate", "i<sub>t</sub> 输入门")
        case .rowForgetGate: return Phrase("f<sub>t</sub> forget gate", "f<sub>t</sub> 遗忘门")
        case .rowCandidate: return Phrase("g<sub>t</sub> candidate", "g<sub>t</sub> 候选值")
        case .rowOutputGate: return Phrase("o<sub>t</sub> output gate", "o<sub>t</sub> 输出门")
        case .rowCell: return Phrase("c<sub>t</sub> cell", "c<sub>t</sub> 细胞状态")
        case .rowHidden: return Phrase("h<sub>t</sub> hidden", "h<sub>t</sub> 隐藏状态")
        case .lstmTitle: return Phrase("The {layer} unrolled over {steps} time steps", "{layer} 按 {steps} 个时间步展开")
        case .lstmShortTitle: return Phrase("The {layer} unrolled", "{layer} 按时间步展开")
        case .lstmSubtitle:
            return Phrase("{step} · example {sample} · {units} · each column one time step t, units top to bottom · gradients with 2 significant digits · {trace}",
                          "{step} · 样本 {sample} · {units} · 每列一个时间步 t，单元自上而下 · 梯度保留 2 位有效数字 · {trace}")
        case .predictionIs: return Phrase("prediction ŷ = {value}", "预测值 ŷ = {value}")
        case .targetIs: return Phrase("target y = {value}", "目标值 y = {value}")
        case .gates: return Phrase("gates", "门")
        case .gradients: return Phrase("gradients", "梯度")
        case .lstmCaption:
            return Phrase("The {layer} unrolled over {steps} time steps ({step}, example {sample}, {units}): "
                          + "at each time step {inputs}the input, forget and output gates (0 to 1), the candidate, the cell state c_t and the hidden state h_t "
                          + "({low} to {high}), then the gradients ∂L/∂c_t and ∂L/∂h_t with 2 significant digits; "
                          + "the norm of ∂L/∂c_t goes from {last} at t = {steps} to {first} at t = 1",
                          "{layer} 按 {steps} 个时间步展开（{step}，样本 {sample}，{units}）："
                          + "每个时间步依次为{inputs}输入门、遗忘门和输出门（0 到 1）、候选值、细胞状态 c_t 和隐藏状态 h_t"
                          + "（{low} 到 {high}），然后是梯度 ∂L/∂c_t 和 ∂L/∂h_t（保留 2 位有效数字）；"
                          + "∂L/∂c_t 的范数从 t = {steps} 时的 {last} 变为 t = 1 时的 {first}")
        case .lstmCaptionInput: return Phrase("the input x_t, ", "输入 x_t、")
        case .lstmCaptionPrediction:
            return Phrase("; the prediction read from the last hidden state is {prediction} against the target {target}.",
                          "；从最后一个隐藏状态读出的预测值为 {prediction}，目标值为 {target}。")

        case .throughTimeTitle: return Phrase("Gradient through time in the {layer}", "{layer} 中随时间回传的梯度")
        case .timeStepAxis: return Phrase("time step t", "时间步 t")
        case .cellGradientNorm: return Phrase("norm of ∂L/∂c<sub>t</sub>", "∂L/∂c<sub>t</sub> 的范数")
        case .throughTimeSubtitle:
            return Phrase("norm of the cell state's gradient · example {sample} · log scale · {trace}", "细胞状态梯度的范数 · 样本 {sample} · 对数坐标 · {trace}")
        case .throughTimeRun: return Phrase("{run} from {last} at t = {steps} to {first} at t = 1", "{run}：从 t = {steps} 时的 {last} 到 t = 1 时的 {first}")
        case .throughTimeCaptionOne:
            return Phrase("Line chart of the norm of the gradient of the loss with respect to the cell state of the {layer} at each time step, on a log scale, for {runs} run: ",
                          "折线图：{layer} 每个时间步上损失对细胞状态的梯度的范数，对数坐标，共 {runs} 次运行：")
        case .throughTimeCaptionMany:
            return Phrase("Line chart of the norm of the gradient of the loss with respect to the cell state of the {layer} at each time step, on a log scale, for {runs} runs: ",
                          "折线图：{layer} 每个时间步上损失对细胞状态的梯度的范数，对数坐标，共 {runs} 次运行：")
        case .runSeparator: return Phrase("; ", "；")

        case .attentionTitle: return Phrase("Attention weights: how much each position reads from each other one", "注意力权重：每个位置从其他各位置读取多少")
        case .causalNote: return Phrase(" (causal)", "（因果）")
        case .attentionSubtitle:
            return Phrase("{step} · example {sample} · {heads} · {positions} positions · key size d<sub>k</sub> = {size} · {trace}",
                          "{step} · 样本 {sample} · {heads} · {positions} 个位置 · 键的维度 d<sub>k</sub> = {size} · {trace}")
        case .tokenAtPosition: return Phrase("{token} (pos {position})", "{token}（位置 {position}）")
        case .tokenPosition: return Phrase("token (position)", "词元（位置）")
        case .weightsOfHead: return Phrase("weights head {head} = {formula}", "第 {head} 个头的权重 = {formula}")
        case .queryPosition: return Phrase("query position", "查询位置")
        case .queryTokenPosition: return Phrase("query token (position)", "查询词元（位置）")
        case .keyPosition: return Phrase("key position", "键位置")
        case .keyTokenPosition: return Phrase("key token (position)", "键词元（位置）")
        case .maskedKey: return Phrase("masked (future key)", "已掩码（未来的键）")
        case .attentionCaption:
            return Phrase("{title} ({step}, example {sample}): for each of {heads}, "
                          + "the query, key and value matrices ({positions} positions × {size} features, {low} to {high}) "
                          + "and the {positions}×{positions} attention weights from 0 to 1, query positions down and key positions across",
                          "{title}（{step}，样本 {sample}）：{heads}各自的"
                          + "查询、键和值矩阵（{positions} 个位置 × {size} 个特征，{low} 到 {high}），"
                          + "以及 {positions}×{positions} 的注意力权重（0 到 1），查询位置向下，键位置向右")
        case .attentionCaptionTokens: return Phrase(" (the positions hold the tokens {tokens})", "（各位置上的词元依次为 {tokens}）")
        case .attentionCaptionCausal: return Phrase("; the causal mask's cells (keys after the query) are hatched.", "；因果掩码的单元格（查询之后的键）画有斜线。")

        case .encodingPositionAxis: return Phrase("position (1 is t = 0 in the formula)", "位置（1 对应公式中的 t = 0）")
        case .encodingDimensionAxis: return Phrase("dimension (odd: sin, even: cos)", "维度（奇数：sin，偶数：cos）")
        case .encodingTitle: return Phrase("Positional encoding added to each position", "加到每个位置上的位置编码")
        case .encodingCaption:
            return Phrase("Sinusoidal positional-encoding table: {positions} positions down, {dimensions} dimensions across, counted from 1 "
                          + "(sin on odd, cos on even dimensions), coloured from −1 (blue) through 0 (white) to 1 (red).",
                          "正弦位置编码表：{positions} 个位置向下，{dimensions} 个维度向右，从 1 开始计数"
                          + "（奇数维为 sin，偶数维为 cos），颜色从 −1（蓝）经 0（白）到 1（红）。")

        case .cellTitle: return Phrase("Inside the LSTM cell at time step {t}", "第 {t} 个时间步的 LSTM 单元内部")
        case .cellSubtitle:
            return Phrase("{step} · example {sample} · {layer}, {units}{written} · × and ⊙ multiply unit by unit · {trace}",
                          "{step} · 样本 {sample} · {layer}，{units}{written} · × 与 ⊙ 逐单元相乘 · {trace}")
        case .cellUnitsWrittenOut: return Phrase(" (units 1–3 written out)", "（写出单元 1–3）")
        case .cellState: return Phrase("cell state", "细胞状态")
        case .hiddenState: return Phrase("hidden state", "隐藏状态")
        case .forgetGateNamed: return Phrase("forget gate {symbol}", "遗忘门 {symbol}")
        case .inputGateNamed: return Phrase("input gate {symbol}", "输入门 {symbol}")
        case .candidateNamed: return Phrase("candidate {symbol}", "候选值 {symbol}")
        case .outputGateNamed: return Phrase("output gate {symbol}", "输出门 {symbol}")
        case .onward: return Phrase("to the next time step and the next layer", "传往下一个时间步和下一层")
        case .cellCaption:
            return Phrase("Schematic of the LSTM cell of the {layer} at time step {t} ({step}, example {sample}), "
                          + "with its traced values for {units}: the cell state c_{previous} = {cPrevious} runs along the top, "
                          + "is multiplied by the forget gate f = {forget} and gets i ⊙ g = {written} added, giving c_{t} = {c}; "
                          + "the gates read x_{t} = {x} and h_{previous} = {hPrevious}; h_{t} = o ⊙ tanh c_{t} = {h}.",
                          "{layer} 在第 {t} 个时间步的 LSTM 单元示意图（{step}，样本 {sample}），"
                          + "附 {units}的轨迹值：细胞状态 c_{previous} = {cPrevious} 沿顶部流过，"
                          + "先乘以遗忘门 f = {forget}，再加上 i ⊙ g = {written}，得到 c_{t} = {c}；"
                          + "各门读取 x_{t} = {x} 和 h_{previous} = {hPrevious}；h_{t} = o ⊙ tanh c_{t} = {h}。")
        }
    }
}
