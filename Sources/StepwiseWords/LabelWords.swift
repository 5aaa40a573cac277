/// The reader labels' words (`ReaderLabel`): layers, units, places, roles of ops and
/// parameters. Templates keep each language's word order: "net input of output neuron 1" is
/// `ofUnit` with `{words}` "net input" and `{unit}` "output neuron 1", in Chinese
/// "输出神经元 1 的净输入".
public enum LabelWords: String, PhraseBook {
    // Layers and their units.
    case outputLayer, outputNeuron, hiddenLayer, hiddenNeuron
    case firstHiddenLayer, secondHiddenLayer, thirdHiddenLayer, fourthHiddenLayer, fifthHiddenLayer, hiddenLayerNumber
    case layerNumber, unitNumber, unitOfTheLayer, unitOfLayer, unitAxisOfTheLayer, unitAxisOfLayer, unknownUnit, unit
    case denseLayer, convolutionLayer, filter, maxPoolingLayer, averagePoolingLayer, channel, flattenLayer, feature
    case lstmLayer, lstmUnit, attentionLayer, positionalEncoding, layerNormalisation, embeddingLayer
    case bertEmbeddings, bertEncoderLayer, bertPooler, meanPooling, otherLayer
    case generator, discriminator, layerOfNetwork
    // The model, the loss and the optimizer.
    case attentionNetwork, lstmNetwork, convolutionalNetwork, sizedNetwork, network, bertEncoder
    case meanSquaredError, binaryCrossEntropy, crossEntropy, noLoss
    // What feeds a layer.
    case inputNumber, inputFeatureNumber, flattenedFeatureNumber, inputFeature, flattenedFeature
    // Composing a label.
    case labelled, ofTheLayer, ofUnit, separator
    // Places along an axis, and the axes' names.
    case rowNumber, columnNumber, positionNumber, timeStepNumber, queryPositionNumber, keyPositionNumber
    case componentNumber, headNumber, indexNumber
    case row, column, position, timeStepAxis, queryPosition, keyPosition, component
    case fromAxis, toAxis, kernelRow, kernelColumn, inputChannel, lstmGates, token
    // Parameters, one element at a time.
    case denseWeight, biasOf, convKernelWeight, gateOfUnit, lstmInputWeight, lstmRecurrentWeight
    case attentionOutputWeight, attentionWeight, attentionBias, query, key
    case embeddingOfToken, scaleOfFeature, shiftOfFeature, otherParameter
    // Parameters as a whole.
    case kernelWeights, inputWeights, recurrentWeights, weights, biases, embeddings, scales, shifts
    case attentionWeights, attentionBiases
    // Dense, convolution, pooling and embedding ops.
    case weightedSum, netInput, sumOfProducts, windowMaximum, windowAverage, flattenedValue, embedding
    case inputPlusPositionalEncoding
    // Kernel penalties.
    case weightPenalty, totalWeightPenalty, weightAbsSum, weightSquareSum, weightAbs, weightSquare
    // The loss's ops.
    case predictionError, squaredError, meanLoss, totalLoss, clippedPrediction, logPrediction, oneMinusPrediction
    case logOneMinusPrediction, oneMinusTarget, targetTimesLogPrediction, crossEntropySecondTerm
    case logLikelihood, sumOverClasses, lossPerElement, constantOne, regularizationTerm, lossTerm
    // An LSTM's ops.
    case inputGate, forgetGate, candidate, outputGate, gatePreactivation
    case inputProjection, recurrentProjection, bothProjections, gatePreactivations
    case keptCell, writtenCell, cellState, squashedCellState, hiddenState, initialHiddenState, initialCellState
    // An attention layer's ops.
    case dotProduct, score, maskedScore, attentionWeightAlpha, context, concatenatedContexts, contextTimesOutputWeights
    case attentionOutput
    // A layer normalisation's ops.
    case featureMean, centredValue, squaredDeviation, featureVariance, varianceEpsilon, standardDeviation
    case normalisedValue, scaledValue, layerNormOutput, constantEpsilon

    public var phrase: Phrase {
        switch self {
        case .outputLayer: return Phrase("output layer", "输出层")
        case .outputNeuron: return Phrase("output neuron", "输出神经元")
        case .hiddenLayer: return Phrase("hidden layer", "隐藏层")
        case .hiddenNeuron: return Phrase("hidden neuron", "隐藏神经元")
        case .firstHiddenLayer: return Phrase("first hidden layer", "第 1 个隐藏层")
        case .secondHiddenLayer: return Phrase("second hidden layer", "第 2 个隐藏层")
        case .thirdHiddenLayer: return Phrase("third hidden layer", "第 3 个隐藏层")
        case .fourthHiddenLayer: return Phrase("fourth hidden layer", "第 4 个隐藏层")
        case .fifthHiddenLayer: return Phrase("fifth hidden layer", "第 5 个隐藏层")
        case .hiddenLayerNumber: return Phrase("hidden layer {n}", "第 {n} 个隐藏层")
        case .layerNumber: return Phrase("{layer} {n}", "第 {n} 个{layer}")
        case .unitNumber: return Phrase("{noun} {n}", "{noun} {n}")
        case .unitOfTheLayer: return Phrase("{noun} {n} of the {layer}", "{layer}的{noun} {n}")
        case .unitOfLayer: return Phrase("{noun} {n} of {layer}", "{layer}的{noun} {n}")
        case .unitAxisOfTheLayer: return Phrase("{noun} of the {layer}", "{layer}的{noun}")
        case .unitAxisOfLayer: return Phrase("{noun} of {layer}", "{layer}的{noun}")
        case .unknownUnit: return Phrase("unit {n} of {layer}", "{layer}的单元 {n}")
        case .unit: return Phrase("unit", "单元")
        case .denseLayer: return Phrase("dense layer", "全连接层")
        case .convolutionLayer: return Phrase("convolution layer", "卷积层")
        case .filter: return Phrase("filter", "滤波器")
        case .maxPoolingLayer: return Phrase("max-pooling layer", "最大池化层")
        case .averagePoolingLayer: return Phrase("average-pooling layer", "平均池化层")
        case .channel: return Phrase("channel", "通道")
        case .flattenLayer: return Phrase("flatten layer", "展平层")
        case .feature: return Phrase("feature", "特征")
        case .lstmLayer: return Phrase("LSTM layer", "LSTM 层")
        case .lstmUnit: return Phrase("LSTM unit", "LSTM 单元")
        case .attentionLayer: return Phrase("attention layer", "注意力层")
        case .positionalEncoding: return Phrase("positional encoding", "位置编码")
        case .layerNormalisation: return Phrase("layer normalisation", "层归一化")
        case .embeddingLayer: return Phrase("embedding layer", "嵌入层")
        case .bertEmbeddings: return Phrase("BERT embeddings", "BERT 嵌入层")
        case .bertEncoderLayer: return Phrase("BERT encoder layer", "BERT 编码器层")
        case .bertPooler: return Phrase("BERT pooler", "BERT 池化层")
        case .meanPooling: return Phrase("mean pooling", "平均池化")
        case .otherLayer: return Phrase("{type} layer", "{type} 层")
        case .generator: return Phrase("generator", "生成器")
        case .discriminator: return Phrase("discriminator", "判别器")
        case .layerOfNetwork: return Phrase("{layer} of the {network}", "{network}的{layer}")

        case .attentionNetwork: return Phrase("the attention network", "注意力网络")
        case .lstmNetwork: return Phrase("the LSTM network", "LSTM 网络")
        case .convolutionalNetwork: return Phrase("the convolutional network", "卷积神经网络")
        case .sizedNetwork: return Phrase("the {sizes} network", "{sizes} 网络")
        case .network: return Phrase("the network", "网络")
        case .bertEncoder: return Phrase("the BERT encoder", "BERT 编码器")
        case .meanSquaredError: return Phrase("mean squared error", "均方误差")
        case .binaryCrossEntropy: return Phrase("binary cross-entropy", "二元交叉熵")
        case .crossEntropy: return Phrase("cross-entropy", "交叉熵")
        case .noLoss: return Phrase("none", "无")

        case .inputNumber: return Phrase("input {n}", "输入 {n}")
        case .inputFeatureNumber: return Phrase("input feature {n}", "输入特征 {n}")
        case .flattenedFeatureNumber: return Phrase("flattened feature {n}", "展平特征 {n}")
        case .inputFeature: return Phrase("input feature", "输入特征")
        case .flattenedFeature: return Phrase("flattened feature", "展平特征")

        case .labelled: return Phrase("{symbol}, {words}", "{symbol}，{words}")
        case .ofTheLayer: return Phrase("{words} of the {layer}", "{layer}的{words}")
        case .ofUnit: return Phrase("{words} of {unit}", "{unit}的{words}")
        case .separator: return Phrase(", ", "，")

        case .rowNumber: return Phrase("row {n}", "第 {n} 行")
        case .columnNumber: return Phrase("column {n}", "第 {n} 列")
        case .positionNumber: return Phrase("position {n}", "位置 {n}")
        case .timeStepNumber: return Phrase("t = {n}", "t = {n}")
        case .queryPositionNumber: return Phrase("query position {n}", "查询位置 {n}")
        case .keyPositionNumber: return Phrase("key position {n}", "键位置 {n}")
        case .componentNumber: return Phrase("component {n}", "分量 {n}")
        case .headNumber: return Phrase("head {n}", "第 {n} 个头")
        case .indexNumber: return Phrase("index {n}", "索引 {n}")
        case .row: return Phrase("row", "行")
        case .column: return Phrase("column", "列")
        case .position: return Phrase("position", "位置")
        case .timeStepAxis: return Phrase("time step t", "时间步 t")
        case .queryPosition: return Phrase("query position", "查询位置")
        case .keyPosition: return Phrase("key position", "键位置")
        case .component: return Phrase("component", "分量")
        case .fromAxis: return Phrase("from {axis}", "来源：{axis}")
        case .toAxis: return Phrase("to {axis}", "去向：{axis}")
        case .kernelRow: return Phrase("kernel row", "卷积核的行")
        case .kernelColumn: return Phrase("kernel column", "卷积核的列")
        case .inputChannel: return Phrase("input channel", "输入通道")
        case .lstmGates: return Phrase("gate of LSTM unit (i, f, g, o blocks)", "LSTM 单元的门（i、f、g、o 四块）")
        case .token: return Phrase("token", "词元")

        case .denseWeight: return Phrase("w, weight from {source} to {unit}", "w，从{source}到{unit}的权重")
        case .biasOf: return Phrase("b, bias of {unit}", "b，{unit}的偏置")
        case .convKernelWeight:
            return Phrase("k, kernel weight at row {row}, column {column}, input channel {channel}, {unit}",
                          "k，{unit}的卷积核权重，第 {row} 行，第 {column} 列，输入通道 {channel}")
        case .gateOfUnit: return Phrase("the {gate} of {unit}", "{unit}的{gate}")
        case .lstmInputWeight: return Phrase("W, input weight from {source} to {target}", "W，从{source}到{target}的输入权重")
        case .lstmRecurrentWeight: return Phrase("U, recurrent weight from {source} to {target}", "U，从{source}到{target}的循环权重")
        case .attentionOutputWeight:
            return Phrase("{symbol}, output weight from context feature {i} to feature {j}", "{symbol}，从上下文特征 {i} 到特征 {j} 的输出权重")
        case .attentionWeight:
            return Phrase("{symbol}, {what} weight from feature {i} to {what} component {j}", "{symbol}，从特征 {i} 到{what}分量 {j} 的{what}权重")
        case .attentionBias: return Phrase("{symbol}, {what} bias of component {i}", "{symbol}，分量 {i} 的{what}偏置")
        case .query: return Phrase("query", "查询")
        case .key: return Phrase("key", "键")
        case .embeddingOfToken: return Phrase("E, embedding of token {token}, feature {n}", "E，词元 {token} 的嵌入，特征 {n}")
        case .scaleOfFeature: return Phrase("γ, scale of feature {n}", "γ，特征 {n} 的缩放系数")
        case .shiftOfFeature: return Phrase("β, shift of feature {n}", "β，特征 {n} 的平移量")
        case .otherParameter: return Phrase("{name} {index} of the {layer}", "{layer}的 {name} {index}")

        case .kernelWeights: return Phrase("kernel weights", "卷积核权重")
        case .inputWeights: return Phrase("input weights", "输入权重")
        case .recurrentWeights: return Phrase("recurrent weights", "循环权重")
        case .weights: return Phrase("weights", "权重")
        case .biases: return Phrase("biases", "偏置")
        case .embeddings: return Phrase("embeddings", "嵌入向量")
        case .scales: return Phrase("scales", "缩放系数")
        case .shifts: return Phrase("shifts", "平移量")
        case .attentionWeights: return Phrase("{what} weights", "{what}权重")
        case .attentionBiases: return Phrase("{what} biases", "{what}偏置")

        case .weightedSum: return Phrase("weighted sum", "加权和")
        case .netInput: return Phrase("net input", "净输入")
        case .sumOfProducts: return Phrase("sum of products", "乘积之和")
        case .windowMaximum: return Phrase("maximum of the window", "窗口内的最大值")
        case .windowAverage: return Phrase("average of the window", "窗口内的平均值")
        case .flattenedValue: return Phrase("flattened value", "展平后的值")
        case .embedding: return Phrase("embedding", "嵌入")
        case .inputPlusPositionalEncoding: return Phrase("input plus positional encoding", "输入加位置编码")

        case .weightPenalty: return Phrase("{kind} penalty on the weights", "权重的 {kind} 惩罚项")
        case .totalWeightPenalty: return Phrase("total penalty on the weights", "权重的总惩罚项")
        case .weightAbsSum: return Phrase("L1 sum of |w| of the weights", "权重的 L1 求和项 Σ|w|")
        case .weightSquareSum: return Phrase("L2 sum of w² of the weights", "权重的 L2 求和项 Σw²")
        case .weightAbs: return Phrase("|w| of the weights", "权重的绝对值 |w|")
        case .weightSquare: return Phrase("w² of the weights", "权重的平方 w²")

        case .predictionError: return Phrase("error", "误差")
        case .squaredError: return Phrase("squared error", "平方误差")
        case .meanLoss: return Phrase("the loss (mean over the batch)", "损失（对批次取平均）")
        case .totalLoss: return Phrase("the total loss, penalty included", "总损失（含惩罚项）")
        case .clippedPrediction: return Phrase("prediction, clipped away from 0 and 1", "预测值（裁剪到不等于 0 或 1）")
        case .logPrediction: return Phrase("log of the prediction", "预测值的对数")
        case .oneMinusPrediction: return Phrase("one minus the prediction", "1 减预测值")
        case .logOneMinusPrediction: return Phrase("log of one minus the prediction", "1 减预测值后的对数")
        case .oneMinusTarget: return Phrase("one minus the target", "1 减目标值")
        case .targetTimesLogPrediction: return Phrase("target times log prediction", "目标值乘以预测值的对数")
        case .crossEntropySecondTerm: return Phrase("second term of the cross-entropy", "交叉熵的第二项")
        case .logLikelihood: return Phrase("log-likelihood", "对数似然")
        case .sumOverClasses: return Phrase("sum over the classes", "对各类别求和")
        case .lossPerElement: return Phrase("loss per element", "每个元素的损失")
        case .constantOne: return Phrase("the constant 1", "常数 1")
        case .regularizationTerm: return Phrase("loss term regularization", "损失中的正则化项")
        case .lossTerm: return Phrase("loss term {name}", "损失项 {name}")

        case .inputGate: return Phrase("input gate", "输入门")
        case .forgetGate: return Phrase("forget gate", "遗忘门")
        case .candidate: return Phrase("candidate", "候选值")
        case .outputGate: return Phrase("output gate", "输出门")
        case .gatePreactivation: return Phrase("pre-activation of the {gate}", "{gate}的预激活值")
        case .inputProjection: return Phrase("input times the input weights, all four gates", "输入乘以输入权重（四个门）")
        case .recurrentProjection:
            return Phrase("previous hidden state times the recurrent weights, all four gates", "上一时间步的隐藏状态乘以循环权重（四个门）")
        case .bothProjections: return Phrase("both projections, all four gates", "两项投影之和（四个门）")
        case .gatePreactivations: return Phrase("gate pre-activations (i, f, g, o blocks)", "各门的预激活值（i、f、g、o 四块）")
        case .keptCell: return Phrase("cell state kept by the forget gate", "遗忘门保留的细胞状态")
        case .writtenCell: return Phrase("cell state written by the input gate", "输入门写入的细胞状态")
        case .cellState: return Phrase("cell state", "细胞状态")
        case .squashedCellState: return Phrase("squashed cell state", "压缩后的细胞状态")
        case .hiddenState: return Phrase("hidden state", "隐藏状态")
        case .initialHiddenState: return Phrase("initial hidden state", "初始隐藏状态")
        case .initialCellState: return Phrase("initial cell state", "初始细胞状态")

        case .dotProduct: return Phrase("dot product", "点积")
        case .score: return Phrase("score (scaled dot product)", "得分（缩放后的点积）")
        case .maskedScore: return Phrase("score after the causal mask", "因果掩码后的得分")
        case .attentionWeightAlpha: return Phrase("attention weight", "注意力权重")
        case .context: return Phrase("context (weighted sum of values)", "上下文（值的加权和）")
        case .concatenatedContexts: return Phrase("contexts of all heads side by side", "所有头的上下文并排拼接")
        case .contextTimesOutputWeights: return Phrase("context times the output weights", "上下文乘以输出权重")
        case .attentionOutput: return Phrase("attention output", "注意力输出")

        case .featureMean: return Phrase("mean over the features", "各特征的均值")
        case .centredValue: return Phrase("centred value", "中心化后的值")
        case .squaredDeviation: return Phrase("squared deviation", "偏差的平方")
        case .featureVariance: return Phrase("variance over the features", "各特征的方差")
        case .varianceEpsilon: return Phrase("variance plus ε", "方差加 ε")
        case .standardDeviation: return Phrase("standard deviation", "标准差")
        case .normalisedValue: return Phrase("normalised value", "归一化后的值")
        case .scaledValue: return Phrase("scaled value", "缩放后的值")
        case .layerNormOutput: return Phrase("layer normalisation output", "层归一化的输出")
        case .constantEpsilon: return Phrase("the constant ε", "常数 ε")
        }
    }
}
