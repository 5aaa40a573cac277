import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords
import Testing

/// The reader labels of the Chinese edition: the phrases a Chinese learner reads for each kind
/// of network, in Chinese word order ("z，输出神经元 1 的净输入，样本 4"), written out here by
/// hand; and no English word left in any label of any op or parameter the engine records.
@Suite struct ReaderLabelChineseTests {
    /// The GAN of the GAN lesson: a one-layer generator and a two-layer discriminator.
    static let gan: Trace = {
        let text = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../lessons/gan/tiny.yaml").standardizedFileURL, encoding: .utf8)
        guard case .gan(let spec) = try! SpecFile.parse(text, file: "tiny.yaml") else { fatalError("tiny.yaml is a GAN spec") }
        var run = spec.makeRun()
        var steps: [TraceStep] = []
        try! run.run(record: .ops, every: 1) { steps.append($0.trace) }
        return Trace(model: spec.name, architecture: spec.architecture(), steps: steps)
    }()

    @Test func denseNetwork() {
        let labels = ReaderLabel(EngineTraces.mazur.architecture, edition: .zh)
        #expect(labels.element("output/bias_add", index: [3, 0], shape: [4, 2]) == "z，输出神经元 1 的净输入，样本 4")
        #expect(labels.element("hidden/activation", index: [0, 1], shape: [1, 2]) == "a，隐藏神经元 2 的输出，样本 1")
        #expect(labels.element("output/activation", index: [0, 1], shape: [1, 2]) == "ŷ，输出神经元 2 的预测值，样本 1")
        #expect(labels.element("hidden/matmul", index: [0, 0], shape: [1, 2]) == "Σ w·x，隐藏神经元 1 的加权和，样本 1")
        #expect(labels.parameter("hidden/kernel", index: [0, 1]) == "w，从输入 1 到隐藏神经元 2 的权重")
        #expect(labels.parameter("output/kernel", index: [1, 0]) == "w，从隐藏神经元 2 到输出神经元 1 的权重")
        #expect(labels.parameter("output/bias", index: [1]) == "b，输出神经元 2 的偏置")
        #expect(labels.layer("hidden") == "隐藏层")
        #expect(labels.layer("output") == "输出层")
        #expect(labels.quantity("output/kernel") == "w，输出层的权重")
        #expect(labels.quantity("hidden/bias_add") == "z，隐藏层的净输入")
        #expect(labels.parameterAxes("output/kernel", rank: 2) == ["来源：隐藏神经元", "去向：输出神经元"])
        #expect(labels.parameterAxes("hidden/kernel", rank: 2) == ["来源：输入", "去向：隐藏神经元"])
        #expect(labels.model == "2-2-2 网络")
        #expect(labels.element("loss/targets", index: [0, 1], shape: [1, 2]) == "t，输出神经元 2 的目标值，样本 1")
        #expect(labels.element("loss/mean", index: [], shape: []) == "L，损失（对批次取平均）")
        #expect(labels.element("loss/error", index: [0, 0], shape: [1, 2]) == "ŷ − t，输出神经元 1 的误差，样本 1")
        #expect(ReaderLabel.loss("mse", .zh) == "均方误差")
        #expect(ReaderLabel.loss("binary_crossentropy", .zh) == "二元交叉熵")
        #expect(ReaderLabel.optimizer("adam", .zh) == "Adam")
    }

    @Test func deeperDenseNetworkCountsItsHiddenLayers() throws {
        let labels = ReaderLabel(try EngineTraces.run(ReaderLabelTests.extraSpec).trace.architecture, edition: .zh)
        #expect(labels.layer("hidden1") == "第 1 个隐藏层")
        #expect(labels.element("hidden2/activation", index: [0, 0, 1], shape: [2, 3, 2]) == "a，第 2 个隐藏层的神经元 2 的输出，位置 1，样本 1")
        #expect(labels.quantity("hidden1/regularizer/l2") == "第 1 个隐藏层的权重的 L2 惩罚项")
        #expect(labels.parameter("embed/embeddings", index: [4, 1]) == "E，词元 4 的嵌入，特征 2")
        #expect(labels.parameter("norm/gamma", index: [1]) == "γ，特征 2 的缩放系数")
        #expect(labels.layer("norm") == "层归一化")
    }

    @Test func convolutionalNetwork() {
        let labels = ReaderLabel(EngineTraces.cnn.architecture, edition: .zh)
        #expect(labels.element("conv1/bias_add", index: [0, 1, 2, 2], shape: [2, 6, 6, 3]) == "z，滤波器 3 的净输入，第 2 行，第 3 列，样本 1")
        #expect(labels.element("pool1/max_pool", index: [1, 0, 1, 0], shape: [2, 3, 3, 3]) == "p，通道 1 的窗口内的最大值，第 1 行，第 2 列，样本 2")
        #expect(labels.parameter("conv1/kernel", index: [0, 1, 1, 2]) == "k，滤波器 3 的卷积核权重，第 1 行，第 2 列，输入通道 2")
        #expect(labels.parameter("output/kernel", index: [4, 1]) == "w，从展平特征 5 到输出神经元 2 的权重")
        #expect(labels.layer("conv1") == "卷积层")
        #expect(labels.layer("pool1") == "最大池化层")
        #expect(labels.model == "卷积神经网络")
        #expect(labels.parameterAxes("conv1/kernel", rank: 4) == ["卷积核的行", "卷积核的列", "输入通道", "滤波器"])
        #expect(ReaderLabel.loss("sparse_categorical_crossentropy", .zh) == "交叉熵")
    }

    @Test func lstmNetwork() {
        let labels = ReaderLabel(EngineTraces.lstm.architecture, edition: .zh)
        #expect(labels.element("lstm1/t3/forget_gate", index: [0, 1], shape: [2, 3]) == "f，LSTM 单元 2 的遗忘门，t = 3，样本 1")
        #expect(labels.element("lstm1/t2/cell", index: [1, 0], shape: [2, 3]) == "c，LSTM 单元 1 的细胞状态，t = 2，样本 2")
        #expect(labels.parameter("lstm1/kernel", index: [1, 4]) == "W，从输入特征 2 到 LSTM 单元 2 的遗忘门的输入权重")
        #expect(labels.parameter("lstm1/recurrent_kernel", index: [2, 9]) == "U，从 LSTM 单元 3 到 LSTM 单元 1 的输出门的循环权重")
        #expect(labels.layer("lstm1") == "LSTM 层")
        #expect(labels.model == "LSTM 网络")
        #expect(labels.parameterAxes("lstm1/kernel", rank: 2) == ["来源：输入特征", "去向：LSTM 单元的门（i、f、g、o 四块）"])
    }

    @Test func attentionNetwork() {
        let labels = ReaderLabel(EngineTraces.attention.architecture, edition: .zh)
        #expect(labels.element("attn/head1/weights", index: [0, 2, 1], shape: [2, 5, 5])
                == "α，注意力层的注意力权重，查询位置 3，键位置 2，第 1 个头，样本 1")
        #expect(labels.element("attn/head1/query", index: [0, 1, 0], shape: [2, 5, 2])
                == "q，注意力层的查询，位置 2，分量 1，第 1 个头，样本 1")
        #expect(labels.parameter("attn/wq", index: [0, 3]) == "W_Q，从特征 1 到查询分量 4 的查询权重")
        #expect(labels.axes("attn/head1/weights", shape: [2, 5, 5]).map(labels.axisName) == ["样本", "查询位置", "键位置"])
        #expect(labels.layer("pos") == "位置编码")
        #expect(labels.layer("attn") == "注意力层")
        #expect(labels.model == "注意力网络")
    }

    @Test func ganNamesEachNetwork() throws {
        let labels = ReaderLabel(Self.gan.architecture, edition: .zh)
        #expect(labels.layer("generator/sample") == "生成器的输出层")
        #expect(labels.layer("discriminator/hidden") == "判别器的隐藏层")
        #expect(labels.layer("discriminator/real") == "判别器的输出层")
        #expect(labels.unit("discriminator/hidden", 1) == "判别器的隐藏神经元 2")
        #expect(labels.parameter("discriminator/hidden/kernel", index: [1, 0]) == "w，从输入 2 到判别器的隐藏神经元 1 的权重")
        #expect(labels.parameter("discriminator/real/kernel", index: [1, 0]) == "w，从判别器的隐藏神经元 2 到判别器的输出神经元 1 的权重")
        #expect(labels.element("discriminator/hidden/bias_add", index: [0, 1], shape: [2, 2]) == "z，判别器的隐藏神经元 2 的净输入，样本 1")
        #expect(labels.element("discriminator/loss/mean", index: [], shape: []) == "L，损失（对批次取平均）")
        // The English labels name the networks too.
        let english = ReaderLabel(Self.gan.architecture)
        #expect(english.layer("discriminator/hidden") == "hidden layer of the discriminator")
        #expect(english.parameter("discriminator/real/kernel", index: [1, 0]) == "w, weight from hidden neuron 2 of the discriminator to output neuron 1 of the discriminator")
        #expect(english.parameter("generator/sample/kernel", index: [0, 1]) == "w, weight from input 1 to output neuron 2 of the generator")
    }

    @Test func bertNamesItsEncoderLayers() {
        let labels = ReaderLabel(BertTraces.hello.architecture, edition: .zh)
        #expect(labels.layer("embeddings") == "BERT 嵌入层")
        #expect(labels.layer("encoder/layer0") == "第 1 个 BERT 编码器层")
        #expect(labels.layer("encoder/layer1") == "第 2 个 BERT 编码器层")
        #expect(labels.unit("encoder/layer1", 2) == "第 2 个 BERT 编码器层的特征 3")
        #expect(labels.layer("sentence_embedding") == "平均池化")
        #expect(labels.model == "BERT 编码器")
        #expect(ReaderLabel.loss(BertTraces.hello.architecture.loss, .zh) == "无")
        let english = ReaderLabel(BertTraces.hello.architecture)
        #expect(english.layer("encoder/layer1") == "BERT encoder layer 2")
        #expect(english.model == "the BERT encoder")
    }

    /// Every label of every op, parameter, axis and layer of every kind of network is Chinese:
    /// Latin letters only for symbols and names.
    @Test func noLabelKeepsEnglishWords() throws {
        var traces = ReaderLabelTests.traces + [Self.gan, try EngineTraces.run(ReaderLabelTests.extraSpec).trace]
        traces.append(Trace(model: "hello", architecture: BertTraces.hello.architecture, steps: []))
        // "PE" is the positional encoding's symbol in "x + PE".
        let symbols: Set<String> = ["PE"]
        for trace in traces {
            let labels = ReaderLabel(trace.architecture, edition: .zh)
            var texts: [String] = [labels.model, ReaderLabel.loss(trace.architecture.loss, .zh)]
            for layer in trace.architecture.layers {
                texts += [labels.layer(layer.name), labels.unit(layer.name, 0), labels.unitAxis(layer.name), labels.sourceAxis(of: layer.name)]
            }
            for step in trace.steps.prefix(2) {
                for record in step.ops {
                    let shape = record.value.shape
                    let count = shape.reduce(1, *)
                    for flat in Set([0, count / 2, max(0, count - 1)]) {
                        texts.append(labels.element(record.scope, index: ReaderLabel.indices(flat, shape), shape: shape))
                    }
                    texts.append(labels.quantity(record.scope))
                    texts += labels.axes(record.scope, shape: shape).map(labels.axisName)
                }
                for (key, param) in step.params {
                    let shape = param.before.shape
                    texts.append(labels.parameter(key, index: ReaderLabel.indices(shape.reduce(1, *) - 1, shape)))
                    texts.append(labels.quantity(key))
                    texts += labels.parameterAxes(key, rank: shape.count)
                }
            }
            for text in texts {
                #expect(LatinWords.unexpected(in: text, allowing: symbols) == [], "\(trace.model): \(text)")
                #expect(LatinWords.hasHan(text) || text.allSatisfy { !$0.isLetter }, "\(trace.model): \(text)")
            }
        }
    }

    @Test func chineseSpacingSeparatesHanFromLatin() {
        #expect(ChineseSpacing.spaced("输出神经元 1的净输入") == "输出神经元 1 的净输入")
        #expect(ChineseSpacing.spaced("从LSTM 单元 3到σ²") == "从 LSTM 单元 3 到 σ²")
        #expect(ChineseSpacing.spaced("z，样本 4（i、f）") == "z，样本 4（i、f）")
    }
}
