/// The walkthroughs' words: the notes between their formula lines (MathML `mtext`) and the label
/// a screen reader reads for each formula. Reader labels of units and parameters come from
/// `LabelWords` and fill the `{unit}`, `{parameter}` and `{layer}` placeholders.
public enum WalkthroughWords: String, PhraseBook {
    // Dense layers: forward pass, chain rule, update, loss (Walkthrough).
    case forwardPass, chainRule, optimizerFrom, withGradient, closeParenthesis, openParenthesis, parenthesised
    case updateOf, meanSquaredErrorOfBatch, binaryCrossEntropyOfUpdate, binaryCrossEntropyOfBatch, crossEntropyOfBatch
    // Convolution, attention and LSTM (LayerWalkthroughs).
    case paddingCells, convolutionOutputCell, strideAndPadding, otherCellsZero, kernelGradient
    case oneRowPerKeyPosition, scoresColon, maskedKey, softmaxColon, oneRowPerPosition, outputColon, attentionOfQuery
    case lstmStep, lstmCellGradient
    // Embeddings, queries, layer normalisation and position-wise dense layers (TransformerWalkthroughs).
    case embeddingOfToken, embedding, positionalEncodingOfPosition, headColumns, queryOfPosition
    case inputAtPosition, everyFeatureTheSameWay, layerNormOfPosition, denseAtPosition
    // Adam and momentum (OptimizerWalkthroughs).
    case gradientOfStep, with, adamUpdate, momentumUpdate
    // Softmax and its Jacobian (SoftmaxWalkthroughs).
    case sumColon, softmaxOf, kroneckerDelta, rowsAndColumns, softmaxJacobianOf
    // A two-layer network in matrix form (MatrixFormWalkthrough).
    case fromTheLoss, biasGradientOneExample, biasGradientSummed, matrixForm
    // GAN updates (GANWalkthrough).
    case batchDelta, batchGradient, minimaxWouldGive, sampleGradient
    // BERT: residual connection, attention row, feed-forward block, pooling (BertResidualWalkthrough,
    // BertLessonBlocks).
    case token, attentionBlock, feedForwardBlock, residualHeading, residualTerms, theEmbeddings, outputOfLayer
    case attentionBlockOutput, residualSum, layerNormOverFeatures, forTheSameFeatures
    case residualOutputAttention, residualOutputFeedForward, residualLabel
    case bertQuery, bertQueryAndKeys, bertAttentionLabel, bertFeedForwardIn, bertFeedForwardOut, reluWouldGive
    case bertFeedForwardLabel, bertPoolingMean, itsLength, bertPoolingLabel
    // The `stepwise-tokens` table.
    case everyWordOnePiece, otherWordsWhole, throughTheTokenizer, tokensWords, tokensPieces, tokensInput, tokensIds

    public var phrase: Phrase {
        switch self {
        case .forwardPass: return Phrase("Forward pass of {unit}", "{unit}的前向传播")
        case .chainRule: return Phrase("Chain rule for {parameter}", "链式法则：{parameter}")
        case .optimizerFrom: return Phrase("  ({optimizer} from ", "  （{optimizer}，更新前为 ")
        case .withGradient: return Phrase(" with gradient ", "，梯度为 ")
        case .closeParenthesis: return Phrase(")", "）")
        case .openParenthesis: return Phrase("(", "（")
        case .parenthesised: return Phrase("({text})", "（{text}）")
        case .updateOf: return Phrase("Update of {parameter}", "参数更新：{parameter}")
        case .meanSquaredErrorOfBatch: return Phrase("Mean squared error of the batch", "批次的均方误差")
        case .binaryCrossEntropyOfUpdate: return Phrase("Binary cross-entropy of the {network} update's batch", "{network}更新所用批次的二元交叉熵")
        case .binaryCrossEntropyOfBatch: return Phrase("Binary cross-entropy of the batch", "批次的二元交叉熵")
        case .crossEntropyOfBatch:
            return Phrase("Cross-entropy of the batch: the sum over samples and classes, terms with t ≠ 0",
                          "批次的交叉熵：对样本和类别求和，只写出 t ≠ 0 的项")

        case .paddingCells: return Phrase("(the window reaches over the edge: the padding cells are 0)", "（窗口越过了边缘：填充的格子为 0）")
        case .convolutionOutputCell:
            return Phrase("Output cell row {row}, column {column} of filter {filter} of the {layer}: the window of the input times the kernel, summed, plus the bias",
                          "{layer}滤波器 {filter} 的输出格（第 {row} 行，第 {column} 列）：输入窗口与卷积核逐元素相乘，求和，再加偏置")
        case .strideAndPadding:
            return Phrase("(with stride {rows}×{columns} and padding {padding}: window (i, j), counted from 1, starts at input row (i − 1)·{rows} + 1 − {top}, column (j − 1)·{columns} + 1 − {left})",
                          "（步幅 {rows}×{columns}，填充 {padding}：窗口 (i, j) 从 1 开始计数，起点在输入的第 (i − 1)·{rows} + 1 − {top} 行、第 (j − 1)·{columns} + 1 − {left} 列）")
        case .otherCellsZero: return Phrase("(the other {n} cells of ∂L/∂z are 0)", "（∂L/∂z 的其余 {n} 个格子为 0）")
        case .kernelGradient:
            return Phrase("The gradient of {parameter}: the input shifted by the kernel offset times the gradient of the output map, summed",
                          "梯度（{parameter}）：按卷积核位置平移的输入乘以输出特征图的梯度，再求和")
        case .oneRowPerKeyPosition: return Phrase("(one row per key position)", "（每个键位置一行）")
        case .scoresColon: return Phrase("scores:", "得分：")
        case .maskedKey: return Phrase("(masked: key {key} comes after query {query})", "（被掩码：键 {key} 在查询 {query} 之后）")
        case .softmaxColon: return Phrase("softmax:", "softmax 归一化：")
        case .oneRowPerPosition: return Phrase("(one row per position)", "（每个位置一行）")
        case .outputColon: return Phrase("output:", "输出：")
        case .attentionOfQuery:
            return Phrase("Attention of query position {query} in head {head} of the {layer}: scores, softmax, weighted sum of the values",
                          "{layer}第 {head} 个头中查询位置 {query} 的注意力：得分、softmax、值的加权和")
        case .lstmStep:
            return Phrase("{unit}, time step t = {t}: the four gates, the cell state and the hidden state",
                          "{unit}，时间步 t = {t}：四个门、细胞状态和隐藏状态")
        case .lstmCellGradient:
            return Phrase("The gradient of the cell state of {unit}, from time step t = {t} back to t = {previous}",
                          "{unit}细胞状态的梯度：从时间步 t = {t} 传回 t = {previous}")

        case .embeddingOfToken: return Phrase("embedding of token {token}", "词元 {token} 的嵌入")
        case .embedding: return Phrase("embedding", "嵌入")
        case .positionalEncodingOfPosition: return Phrase("positional encoding of position {n}", "位置 {n} 的位置编码")
        case .headColumns: return Phrase("(head {head} uses columns {first} to {last})", "（第 {head} 个头使用第 {first} 到第 {last} 列）")
        case .queryOfPosition:
            return Phrase("The query of position {n} in head {head} of the {layer}: its input times W_Q plus b_Q, column by column",
                          "{layer}第 {head} 个头中位置 {n} 的查询：输入乘以 W_Q 再加 b_Q，逐列计算")
        case .inputAtPosition: return Phrase("input at position {n}:", "位置 {n} 的输入：")
        case .everyFeatureTheSameWay: return Phrase("every feature the same way:", "每个特征都这样计算：")
        case .layerNormOfPosition:
            return Phrase("Layer normalisation of position {n} in the {layer}: mean, variance, each feature normalised, scaled and shifted",
                          "{layer}，位置 {n}：均值、方差，每个特征先归一化，再缩放和平移")
        case .denseAtPosition:
            return Phrase("Neuron {n} of a dense layer at position {position}: the same weights at every position",
                          "位置 {position} 上全连接层的神经元 {n}：每个位置使用相同的权重")

        case .gradientOfStep: return Phrase("(the gradient of step {t})", "（第 {t} 步的梯度）")
        case .with: return Phrase("with", "其中")
        case .adamUpdate: return Phrase("Adam update {t} of {parameter}", "第 {t} 次 Adam 更新：{parameter}")
        case .momentumUpdate: return Phrase("Momentum update {t} of {parameter}", "第 {t} 次动量更新：{parameter}")

        case .sumColon: return Phrase("sum:", "求和：")
        case .softmaxOf: return Phrase("Softmax of {layer}, example {n}", "{layer}的 softmax，样本 {n}")
        case .kroneckerDelta: return Phrase(" = 1 when k = j, else 0)", " 在 k = j 时为 1，否则为 0）")
        case .rowsAndColumns: return Phrase("rows k, columns j:", "第 k 行、第 j 列：")
        case .softmaxJacobianOf: return Phrase("Softmax Jacobian of {layer}, example {n}", "{layer}的 softmax 雅可比矩阵，样本 {n}")

        case .fromTheLoss: return Phrase("(from the loss, as in the backward pass above)", "（来自损失，与上面的反向传播相同）")
        case .biasGradientOneExample: return Phrase("(each ∂L/∂b is δ itself: one example)", "（每个 ∂L/∂b 就是 δ 本身：只有一个样本）")
        case .biasGradientSummed: return Phrase("(each ∂L/∂b is δ summed over the examples)", "（每个 ∂L/∂b 是 δ 对各样本的求和）")
        case .matrixForm: return Phrase("The {first} and {second} in matrix form", "{first}和{second}的矩阵形式")

        case .batchDelta:
            return Phrase("   (δ: ∂L/∂ of unit {unit}'s weighted sum, row k; {rows} rows)", "   （δ：∂L/∂（单元 {unit} 的加权和），第 k 行；共 {rows} 行）")
        case .batchGradient: return Phrase("Gradient of {parameter}, summed over the batch", "梯度（{parameter}），对批次求和")
        case .minimaxWouldGive: return Phrase("(the minimax loss log(1 − ŷ) would give ", "（若用极小极大损失 log(1 − ŷ)，会得到 ")
        case .sampleGradient:
            return Phrase("The generator loss's gradient with respect to generated sample {n}, back through the discriminator",
                          "生成器损失对生成样本 {n} 的梯度，经判别器反向传回")

        case .token: return Phrase("token {n} “{text}”", "词元 {n} “{text}”")
        case .attentionBlock: return Phrase("attention block", "注意力模块")
        case .feedForwardBlock: return Phrase("feed-forward block", "前馈网络模块")
        case .residualHeading: return Phrase("{token}, the {block} of layer {layer}:", "{token}，第 {layer} 层的{block}：")
        case .residualTerms: return Phrase("x = its input ({input}), F(x) = what the block computed;", "x = 它的输入（{input}），F(x) = 这个模块算出的结果；")
        case .theEmbeddings: return Phrase("the embeddings", "嵌入")
        case .outputOfLayer: return Phrase("layer {n}’s output", "第 {n} 层的输出")
        case .attentionBlockOutput: return Phrase("the attention block’s output", "注意力模块的输出")
        case .residualSum: return Phrase("s = x + F(x), the first {shown} of its {width} features:", "s = x + F(x)，它的 {width} 个特征中的前 {shown} 个：")
        case .layerNormOverFeatures: return Phrase("LayerNorm, over all {width} features of s:", "LayerNorm，作用于 s 的全部 {width} 个特征：")
        case .forTheSameFeatures: return Phrase(", for the same {n} features:", "，同样取这 {n} 个特征：")
        case .residualOutputAttention:
            return Phrase("y is the {block}’s output for {token}, the feed-forward block’s input.", "y 是{token}在{block}的输出，也是前馈网络模块的输入。")
        case .residualOutputFeedForward:
            return Phrase("y is the {block}’s output for {token}, layer {layer}’s output.", "y 是{token}在{block}的输出，也就是第 {layer} 层的输出。")
        case .residualLabel:
            return Phrase("The residual connection and LayerNorm of the {block} of layer {layer}, {token}", "第 {layer} 层{block}的残差连接和 LayerNorm，{token}")
        case .bertQuery: return Phrase("query: token {n} {quoted}, head {head}, layer {layer}", "查询：词元 {n} {quoted}，第 {head} 个头，第 {layer} 层")
        case .bertQueryAndKeys: return Phrase("{query} and each key {first}…{last}: {width} numbers", "{query} 和每个键 {first}…{last}：各 {width} 个数")
        case .bertAttentionLabel:
            return Phrase("Head {head} of layer {layer}, query token {n} {quoted}: scores, softmax and attention weights",
                          "第 {layer} 层第 {head} 个头，查询词元 {n} {quoted}：得分、softmax 和注意力权重")
        case .bertFeedForwardIn:
            return Phrase("token {n} {quoted}, layer {layer}: {width} numbers → dense → {first}…{last}", "词元 {n} {quoted}，第 {layer} 层：{width} 个数 → 全连接层 → {first}…{last}")
        case .bertFeedForwardOut: return Phrase("→ GELU → dense → {width} numbers; the first {shown} x:", "→ GELU → 全连接层 → {width} 个数；前 {shown} 个 x：")
        case .reluWouldGive: return Phrase("ReLU would give {value}", "ReLU 会得到 {value}")
        case .bertFeedForwardLabel:
            return Phrase("GELU of the feed-forward block of layer {layer} for token {n} {quoted}, beside ReLU",
                          "第 {layer} 层前馈网络模块中词元 {n} {quoted} 的 GELU，与 ReLU 对照")
        case .bertPoolingMean:
            return Phrase("m = the mean of the {count} token vectors after layer {layer} (each {width} numbers); the first 3 features:",
                          "m = 第 {layer} 层之后 {count} 个词元向量的平均（每个向量 {width} 个数）；前 3 个特征：")
        case .itsLength: return Phrase("its length:", "它的长度：")
        case .bertPoolingLabel: return Phrase("The sentence vector: the mean of the token vectors, divided by its length", "句向量：词元向量的平均，再除以它的长度")

        case .everyWordOnePiece: return Phrase("every word is one piece", "每个词都是一个片段")
        case .otherWordsWhole: return Phrase(" (the other words stay whole)", "（其他词保持完整）")
        case .throughTheTokenizer: return Phrase("“{text}” through the tokenizer", "“{text}” 经过分词器")
        case .tokensWords:
            return Phrase("1. words and punctuation (lower-case, no accents, each Chinese character apart)", "1. 词和标点（转成小写，去掉重音符号，每个汉字单独分开）")
        case .tokensPieces: return Phrase("2. words as vocabulary pieces (## = continues the word)", "2. 按词表切成的片段（## 表示接着前面的片段）")
        case .tokensInput: return Phrase("3. the model's input: [CLS] … [SEP]", "3. 模型的输入：[CLS] … [SEP]")
        case .tokensIds: return Phrase("4. their ids in the vocabulary", "4. 它们在词表中的编号")
        }
    }
}
