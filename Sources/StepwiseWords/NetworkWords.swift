/// Words of the network figures: the network diagram, the computation graph, heatmaps, conv
/// and pooling figures, the shape flow.
public enum NetworkWords: String, SpacedPhraseBook {
    // Network diagram.
    case networkTitle, networkSubtitle, nodesActivations, nodesGradients
    case edgesWeights, edgesGradients, edgesUpdates, edgesWeightsPlain, edgesGradientsPlain, edgesUpdatesPlain
    case inputColumn, linear, nodeActivationBar, nodeGradientBar, edgeWeightBar, edgeGradientBar, edgeUpdateBar
    case networkCaption, inputsCount, layerStructure, layerStructureOne, nodesNotRecorded, nodesAsNumbers, nodesColoured
    case nodeQuantityActivation, nodeQuantityGradient, edgesColoured, highlightedPath, highlighted
    // Computation graph.
    case graphTitle, graphSubtitle, graphValue, graphGradient, graphCaption
    // Heatmap.
    case afterUpdateLabel, gradientTitle, afterUpdateTitle, updateTitle, shapeValues, sliceNote, heatmapCaption, inTrainingStep, whiteIsZero
    // Shape flow.
    case shapeFlowTitle, shapeFlowSubtitle, shapeFlowPart, shapeFlowPartParameters, shapeFlowCaption
    case convolution, filtersOfSize, maxPooling, averagePooling, flatten, intoOneRow, softmaxOverClasses, dense
    case neuronCount, neuronCountOne, noParameters, parameterCount
    // Feature maps and pooling.
    case featureMapsTitle, featureMapsSubtitle, inputChannelCount, inputChannelCountOne, filterCount, filterCountOne, shown
    case filterNumber, filtersUpTo, inputChannelNumber, inputChannelsUpTo, kernelOfChannel, kernel, windowsOutlined, cellOutlined
    case someInputChannels, allInputChannels, allInputChannelsOne, shownNote, featureMapsCaption
    case maxPoolingTitle, averagePoolingTitle, poolingSubtitle, poolInputWinners, poolInput, poolOutputMax, poolOutputMean
    case poolingCaption, winnersOutlined, poolingGradients, reachesWinners, spreadEvenly
    // Parameter updates and layer activity (reports).
    case someValuesInRows, valuesInRows, rowsNoun, columnsNoun, firstOf, changeColumn, shownAs, shownSentence
    case parameterUpdateTitle, parameterRanges, parameterUpdateCaption
    case examplesNoun, unitsNoun, unitAxis, positionsNoun, featuresNoun, positionAxis, featureAxis, exampleOf, channelOf
    case outputShape, layerActivityTitle, layerActivityShortTitle, outputOfLayer, layerActivityCaption, andItsGradient, gradientNotRecorded

    public var phrase: Phrase {
        switch self {
        case .networkTitle: return Phrase("Network diagram of {model}", "{model} 的网络图")
        case .networkSubtitle:
            return Phrase("training step {step} · example {example} · nodes: {nodes} · edges: {edges} · trace: {trace}",
                          "训练第 {step} 步 · 样本 {example} · 节点：{nodes} · 边：{edges} · 轨迹：{trace}")
        case .nodesActivations: return Phrase("activations", "激活值")
        case .nodesGradients: return Phrase("gradients ∂L/∂a", "梯度 ∂L/∂a")
        case .edgesWeights: return Phrase("weights w", "权重 w")
        case .edgesGradients: return Phrase("weight gradients ∂L/∂w", "权重梯度 ∂L/∂w")
        case .edgesUpdates: return Phrase("weight updates Δw", "权重更新量 Δw")
        case .edgesWeightsPlain: return Phrase("weights", "权重")
        case .edgesGradientsPlain: return Phrase("weight gradients", "权重梯度")
        case .edgesUpdatesPlain: return Phrase("weight updates", "权重更新量")
        case .inputColumn: return Phrase("input", "输入")
        case .linear: return Phrase("linear", "线性")
        case .nodeActivationBar: return Phrase("node a", "节点 a")
        case .nodeGradientBar: return Phrase("node ∂L/∂a", "节点 ∂L/∂a")
        case .edgeWeightBar: return Phrase("edge w", "边 w")
        case .edgeGradientBar: return Phrase("edge ∂L/∂w", "边 ∂L/∂w")
        case .edgeUpdateBar: return Phrase("edge Δw", "边 Δw")
        case .networkCaption: return Phrase("{title} in training step {step}, example {example}: {structure}. ",
                                            "{title}，训练第 {step} 步，样本 {example}：{structure}。")
        case .inputsCount: return Phrase("{n} inputs", "{n} 个输入")
        case .layerStructure: return Phrase("{layer} ({n} neurons, {activation})", "{layer}（{n} 个神经元，{activation}）")
        case .layerStructureOne: return Phrase("{layer} ({n} neuron, {activation})", "{layer}（{n} 个神经元，{activation}）")
        case .nodesNotRecorded: return Phrase("Node values are not recorded. ", "轨迹没有记录节点的值。")
        case .nodesAsNumbers: return Phrase("Nodes show their {nodes} as numbers, uncoloured. ", "节点不着色，以数字显示 {nodes}。")
        case .nodesColoured: return Phrase("Nodes are coloured by {quantity} from {low} to {high} ({map}). ",
                                           "节点颜色表示 {quantity}，从 {low} 到 {high}（{map}）。")
        case .nodeQuantityActivation: return Phrase("activation", "激活值")
        case .nodeQuantityGradient: return Phrase("gradient ∂L/∂a", "梯度 ∂L/∂a")
        case .edgesColoured: return Phrase("Edge width and colour show the {edges}, from {low} to {high} (blue negative, red positive).",
                                           "边的粗细和颜色表示 {edges}，从 {low} 到 {high}（蓝色为负，红色为正）。")
        case .highlightedPath: return Phrase(" Highlighted path: ", "高亮路径：")
        case .highlighted: return Phrase(" Highlighted: ", "高亮：")
        case .graphTitle: return Phrase("Computation graph of one training step of {model}", "{model} 一个训练步的计算图")
        case .graphSubtitle: return Phrase("training step {step} · each node: op, scope, value, gradient ∂L/∂value · trace: {trace}",
                                           "训练第 {step} 步 · 每个节点：运算、作用域、值、梯度 ∂L/∂值 · 轨迹：{trace}")
        case .graphValue: return Phrase("value", "值")
        case .graphGradient: return Phrase("grad", "梯度")
        case .graphCaption:
            return Phrase("{title}, step {step}: {records} records ({leaves} leaves) in {columns} columns (each record just left of the first op that reads it), "
                          + "arrows from each input to the op that reads it, around the boxes; each node lists its op, scope, value and gradient.",
                          "{title}，第 {step} 步：{records} 条记录（其中 {leaves} 个叶节点），排成 {columns} 列（每条记录位于第一个读取它的运算左侧），"
                          + "箭头绕过方框，从每个输入指向读取它的运算；每个节点列出其运算、作用域、值和梯度。")
        case .afterUpdateLabel: return Phrase("{name} (after update)", "{name}（更新后）")
        case .gradientTitle: return Phrase("∂L/∂{symbol}: gradient of the {words}", "∂L/∂{symbol}：{words} 的梯度")
        case .afterUpdateTitle: return Phrase("{quantity} after the update", "更新后的 {quantity}")
        case .updateTitle: return Phrase("Δ{symbol}: change of the {words} in the update", "Δ{symbol}：{words} 在这次更新中的变化")
        case .shapeValues: return Phrase("{shape} values", "{shape} 个值")
        case .sliceNote: return Phrase(", the slice at {index} of the leading axes", "，取前面各轴第 {index} 处的切片")
        case .heatmapCaption:
            return Phrase("Heatmap of {title}{inStep}: a {rows}×{columns} grid{slice} with values from {min} to {max}, coloured on the {map} scale from {low} to {high}",
                          "{title} 的热力图{inStep}：{rows}×{columns} 的网格{slice}，值从 {min} 到 {max}，按 {map} 着色，颜色标尺从 {low} 到 {high}")
        case .inTrainingStep: return Phrase(" in training step {step}", "（训练第 {step} 步）")
        case .whiteIsZero: return Phrase(" (white is zero).", "（白色为零）。")
        case .shapeFlowTitle: return Phrase("How the data changes shape, layer by layer", "数据的形状如何逐层变化")
        case .shapeFlowSubtitle: return Phrase("{trace} · one example · height × width × channels · {total} parameters in all",
                                               "{trace} · 一个样本 · 高 × 宽 × 通道 · 共 {total} 个参数")
        case .shapeFlowPart: return Phrase("{words} {shape}", "{words}：{shape}")
        case .shapeFlowPartParameters: return Phrase(" ({n} parameters)", "（{n} 个参数）")
        case .shapeFlowCaption:
            return Phrase("Diagram of the {model} as one example flows through it, left to right: {parts}; {total} parameters in all. "
                          + "Each box's height follows the side of its maps (of a flat vector, the square root of its length), its depth the channels.",
                          "一个样本从左到右流过 {model} 的示意图：{parts}；共 {total} 个参数。"
                          + "每个方框的高度对应其特征图的边长（展平的向量则对应其长度的平方根），纵深对应通道数。")
        case .convolution: return Phrase("convolution", "卷积")
        case .filtersOfSize: return Phrase("{n} filters {kernel}", "{n} 个 {kernel} 滤波器")
        case .maxPooling: return Phrase("max pooling", "最大池化")
        case .averagePooling: return Phrase("average pooling", "平均池化")
        case .flatten: return Phrase("flatten", "展平")
        case .intoOneRow: return Phrase("into one row", "成一行")
        case .softmaxOverClasses: return Phrase("softmax over\n{n} classes", "在 {n} 个类别上\n做 softmax")
        case .dense: return Phrase("dense", "全连接")
        case .neuronCount: return Phrase("{n} neurons", "{n} 个神经元")
        case .neuronCountOne: return Phrase("{n} neuron", "{n} 个神经元")
        case .noParameters: return Phrase("no parameters", "无参数")
        case .parameterCount: return Phrase("{n} parameters", "{n} 个参数")
        case .featureMapsTitle: return Phrase("Feature maps of the {layer}", "{layer} 的特征图")
        case .featureMapsSubtitle: return Phrase("training step {step} · example {example} · kernel {kernel}, {channels}, {filters}",
                                                 "训练第 {step} 步 · 样本 {example} · 卷积核 {kernel}，{channels}，{filters}")
        case .inputChannelCount: return Phrase("{n} input channels", "{n} 个输入通道")
        case .inputChannelCountOne: return Phrase("{n} input channel", "{n} 个输入通道")
        case .filterCount: return Phrase("{n} filters", "{n} 个滤波器")
        case .filterCountOne: return Phrase("{n} filter", "{n} 个滤波器")
        case .shown: return Phrase("shown: {parts}", "图中显示：{parts}")
        case .filterNumber: return Phrase("filter {n}", "滤波器 {n}")
        case .filtersUpTo: return Phrase("filters 1–{n}", "滤波器 1–{n}")
        case .inputChannelNumber: return Phrase("input channel {n}", "输入通道 {n}")
        case .inputChannelsUpTo: return Phrase("input channels 1–{n}", "输入通道 1–{n}")
        case .kernelOfChannel: return Phrase("{kernel}, channel {channel}", "{kernel}，通道 {channel}")
        case .kernel: return Phrase("kernel", "卷积核")
        case .windowsOutlined:
            return Phrase(" Each of the {n} windows the kernel visits (stride {stride}) is outlined on the input in the colour of the output cell it makes.",
                          "卷积核经过的 {n} 个窗口（步幅 {stride}）都在输入上标出，颜色与它生成的输出单元格相同。")
        case .cellOutlined:
            return Phrase(" Outlined: the {size} window of the input and the kernel of filter {filter} that make output cell row {row}, column {column}.",
                          "框出的是输入上的 {size} 窗口和滤波器 {filter} 的卷积核，它们生成第 {row} 行、第 {column} 列的输出单元格。")
        case .someInputChannels: return Phrase("{first} of {n}, each", "{first}（共 {n} 个），每个")
        case .allInputChannels: return Phrase("{n} input channels of", "{n} 个输入通道，每个")
        case .allInputChannelsOne: return Phrase("{n} input channel of", "{n} 个输入通道，大小")
        case .shownNote: return Phrase(" shown", "（仅图中所示）")
        case .featureMapsCaption:
            return Phrase("Feature maps of the {layer}, training step {step}, example {example}: {inputs} {size}, then for {shown} of {filters} filters "
                          + "the {kernel} kernel per input channel{shownNote} (from {kernelLow} to {kernelHigh}), the {outSize} map before the activation "
                          + "({preLow} to {preHigh}) and after it ({postLow} to {postHigh}).",
                          "{layer} 的特征图，训练第 {step} 步，样本 {example}：{inputs} {size}；随后对 {filters} 个滤波器中的 {shown} 个，"
                          + "给出每个输入通道{shownNote}的 {kernel} 卷积核（从 {kernelLow} 到 {kernelHigh}）、激活前的 {outSize} 特征图"
                          + "（{preLow} 到 {preHigh}）和激活后的特征图（{postLow} 到 {postHigh}）。")
        case .maxPoolingTitle: return Phrase("Max pooling: each window's largest value", "最大池化：取每个窗口的最大值")
        case .averagePoolingTitle: return Phrase("Average pooling: each window's average", "平均池化：取每个窗口的平均值")
        case .poolingSubtitle: return Phrase("training step {step} · example {example} · {layer} · channel {channel} · pool {pool}, stride {stride} · trace: {trace}",
                                             "训练第 {step} 步 · 样本 {example} · {layer} · 通道 {channel} · 池化窗口 {pool}，步幅 {stride} · 轨迹：{trace}")
        case .poolInputWinners: return Phrase("input x (winners outlined)", "输入 x（框出各窗口的最大值）")
        case .poolInput: return Phrase("input x", "输入 x")
        case .poolOutputMax: return Phrase("output y = max of window", "输出 y = 窗口最大值")
        case .poolOutputMean: return Phrase("output y = mean of window", "输出 y = 窗口平均值")
        case .poolingCaption:
            return Phrase("{title} ({layer}), training step {step}, example {example}, channel {channel}: the {size} input in {pool} windows with stride {stride}, the {outSize} output",
                          "{title}（{layer}），训练第 {step} 步，样本 {example}，通道 {channel}：{size} 的输入划分为 {pool} 的窗口，步幅 {stride}，得到 {outSize} 的输出")
        case .winnersOutlined: return Phrase(", with each window's winning cell outlined", "，每个窗口中取到最大值的单元格被框出")
        case .poolingGradients: return Phrase("; the gradient at the output and the gradient sent back to the input", "；还有输出处的梯度和传回输入的梯度")
        case .reachesWinners: return Phrase(", which reaches only the winners.", "，后者只到达取到最大值的单元格。")
        case .spreadEvenly: return Phrase(", spread evenly over each window.", "，后者均匀分到每个窗口。")
        case .someValuesInRows: return Phrase("values 1–{shown} of {count}, in rows of {columns}", "值 1–{shown}（共 {count} 个），每行 {columns} 个")
        case .valuesInRows: return Phrase("{count} values in rows of {columns}", "{count} 个值，每行 {columns} 个")
        case .rowsNoun: return Phrase("rows", "行")
        case .columnsNoun: return Phrase("columns", "列")
        case .firstOf: return Phrase("{noun} 1–{n} of {total}", "{noun} 1–{n}（共 {total}）")
        case .changeColumn: return Phrase("Δw = after − before", "Δw = 更新后 − 更新前")
        case .shownAs: return Phrase("shown as {shape}", "显示为 {shape}")
        case .shownSentence: return Phrase(" Shown: {notes}.", "图中显示：{notes}。")
        case .parameterUpdateTitle: return Phrase("Update of the {layer}'s parameters", "{layer} 参数的更新")
        case .parameterRanges: return Phrase("{name} weights ±{weights}, gradients ±{gradients}, changes ±{changes}",
                                             "{name}：权重 ±{weights}，梯度 ±{gradients}，变化量 ±{changes}")
        case .parameterUpdateCaption:
            return Phrase("Update of the {layer}'s parameters in training step {step} ({optimizer}): for {names}, the value before the step, "
                          + "its gradient ∂L/∂w, the value after the update and the change, each on a blue–white–red scale symmetric about zero ({ranges}).",
                          "训练第 {step} 步中 {layer} 参数的更新（{optimizer}）：对 {names}，依次给出这一步之前的值、梯度 ∂L/∂w、更新后的值和变化量，"
                          + "均使用关于零对称的蓝—白—红颜色标尺（{ranges}）。")
        case .examplesNoun: return Phrase("examples", "样本")
        case .unitsNoun: return Phrase("units", "单元")
        case .unitAxis: return Phrase("unit", "单元")
        case .positionsNoun: return Phrase("positions", "位置")
        case .featuresNoun: return Phrase("features", "特征")
        case .positionAxis: return Phrase("position", "位置")
        case .featureAxis: return Phrase("feature", "特征")
        case .exampleOf: return Phrase("example {n} of {total}", "样本 {n}（共 {total} 个）")
        case .channelOf: return Phrase("channel {n} of {total}", "通道 {n}（共 {total} 个）")
        case .outputShape: return Phrase("output {shape}", "输出 {shape}")
        case .layerActivityTitle: return Phrase("{layer} ({type}): output and its gradient", "{layer}（{type}）：输出及其梯度")
        case .layerActivityShortTitle: return Phrase("{layer}: output and its gradient", "{layer}：输出及其梯度")
        case .outputOfLayer: return Phrase("a = output of {layer}", "a = {layer} 的输出")
        case .layerActivityCaption:
            return Phrase("Output of layer {layer} ({type}) of {model} in training step {step}, shape {shape}{context}: values from {min} to {max} ({map})",
                          "{model} 的 {layer} 层（{type}）在训练第 {step} 步的输出，形状 {shape}{context}：值从 {min} 到 {max}（{map}）")
        case .andItsGradient: return Phrase(", and its gradient ∂L/∂a from {min} to {max} (blue negative, red positive)",
                                            "，其梯度 ∂L/∂a 从 {min} 到 {max}（蓝色为负，红色为正）")
        case .gradientNotRecorded: return Phrase("; its gradient is not recorded", "；轨迹没有记录其梯度")
        }
    }
}
