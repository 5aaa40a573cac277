/// Words of the BERT figures: the head view, the model view, the embedding sum, the change
/// each layer makes and the sentence similarity.
public enum BertWords: String, SpacedPhraseBook {
    // Shared by the BERT figures.
    case head, layerNumber, itemSeparator, captionOf, tokenNumber
    // The embedding sum.
    case partWord, partPosition, partType, partSum, partNormalised, sumTitle, sumSubtitle, feature, sumCaption
    // The head view.
    case allHeads, headsNamed, headViewTitle, headViewSubtitle, tokenReading, tokensItReads, headViewCaption
    // The change each layer makes.
    case changeTitle, changeSubtitle, changeCosine, changeLength, layer, changeCaption
    // The model view.
    case modelViewAllTitle, modelViewHeadsTitle, modelViewSubtitle, modelViewCaption, modelViewTokens
    // The sentence similarity.
    case similarityTitle, similaritySubtitle, sentence, similarityItem, similarityCaption

    public var phrase: Phrase {
        switch self {
        case .head: return Phrase("head {n}", "第 {n} 个头")
        case .layerNumber: return Phrase("layer {n}", "第 {n} 层")
        case .itemSeparator: return Phrase("; ", "；")
        case .captionOf: return Phrase("{title} ({model}): ", "{title}（{model}）：")
        case .tokenNumber: return Phrase("token {n}", "词元 {n}")

        case .partWord: return Phrase("word", "词")
        case .partPosition: return Phrase("position", "位置")
        case .partType: return Phrase("type", "类型")
        case .partSum: return Phrase("sum", "和")
        case .partNormalised: return Phrase("after LayerNorm", "LayerNorm 之后")
        case .sumTitle: return Phrase("Each token's input: word + position + type, then LayerNorm", "每个词元的输入：词 + 位置 + 类型，再经过 LayerNorm")
        case .sumSubtitle: return Phrase("the first {shown} of {width} features · {trace}", "{width} 个特征中的前 {shown} 个 · {trace}")
        case .feature: return Phrase("feature", "特征")
        case .sumCaption:
            return Phrase("for each of the {count} tokens, the first {shown} of {width} features of its word embedding, "
                          + "position embedding and token-type embedding, their sum, and the sum after LayerNorm.",
                          "{count} 个词元各自的词嵌入、位置嵌入和词元类型嵌入（{width} 个特征中的前 {shown} 个），"
                          + "三者之和，以及经过 LayerNorm 之后的和。")

        case .allHeads: return Phrase("all {n} heads", "全部 {n} 个头")
        case .headsNamed: return Phrase("heads {list}", "第 {list} 个头")
        case .headViewTitle: return Phrase("Layer {layer}, {heads}: where each token looks", "第 {layer} 层，{heads}：每个词元看向哪里")
        case .headViewSubtitle: return Phrase("a line's strength = attention weight · {trace}", "线条深浅 = 注意力权重 · {trace}")
        case .tokenReading: return Phrase("token reading", "读取的词元")
        case .tokensItReads: return Phrase("tokens it reads", "被读取的词元")
        case .headViewCaption:
            return Phrase("the {count} tokens on the left each read the tokens on the right; "
                          + "a line's opacity is the attention weight (0 to 1, lines under 0.01 left out), one colour per head.",
                          "左边的 {count} 个词元各自读取右边的词元；"
                          + "线条的不透明度就是注意力权重（0 到 1，低于 0.01 的线条不画），每个头一种颜色。")

        case .changeTitle: return Phrase("How much each layer changes each token's vector", "每一层把每个词元的向量改变了多少")
        case .changeSubtitle:
            return Phrase("before = the vector the layer reads, after = the vector it writes · {trace}", "之前 = 该层读入的向量，之后 = 该层写出的向量 · {trace}")
        case .changeCosine: return Phrase("cosine similarity of after to before", "之后与之前的余弦相似度")
        case .changeLength: return Phrase("length of the change", "变化的长度")
        case .layer: return Phrase("layer", "层")
        case .changeCaption:
            return Phrase("for each of the {count} tokens and each of the {layers} layers, the cosine similarity "
                          + "between the token's vector after the layer and before it (1 means the direction did not change), and the length of the change.",
                          "对 {count} 个词元中的每一个和 {layers} 层中的每一层，词元的向量在该层之后与之前的余弦相似度"
                          + "（1 表示方向没有改变），以及变化的长度。")

        case .modelViewAllTitle: return Phrase("Every head of every layer: where each token looks", "每一层的每个头：每个词元看向哪里")
        case .modelViewHeadsTitle: return Phrase("Heads {list} of every layer: where each token looks", "每一层的第 {list} 个头：每个词元看向哪里")
        case .modelViewSubtitle:
            return Phrase("row = token reading, column = token read, brighter = more weight · {trace}", "行 = 读取的词元，列 = 被读取的词元，越亮权重越大 · {trace}")
        case .modelViewCaption:
            return Phrase("{layers} layers × {heads} heads, each a {count}×{count} map of attention weights "
                          + "from 0 to 1, the token reading down and the token read across",
                          "{layers} 层 × {heads} 个头，每个都是 {count}×{count} 的注意力权重图"
                          + "（0 到 1），读取的词元向下，被读取的词元向右")
        case .modelViewTokens: return Phrase(" (tokens: {tokens}).", "（词元：{tokens}）。")

        case .similarityTitle: return Phrase("How alike the sentences are: cosine similarity of their sentence vectors", "句子有多相似：句向量的余弦相似度")
        case .similaritySubtitle:
            return Phrase("each sentence's tokens averaged into one vector of {size} numbers · {trace}", "每个句子的词元取平均，得到一个含 {size} 个数的向量 · {trace}")
        case .sentence: return Phrase("sentence", "句子")
        case .similarityItem: return Phrase("{n}: {sentence}", "{n}：{sentence}")
        case .similarityCaption:
            return Phrase("{title}: {count} sentences ({list}); 1 means the same direction, 0 unrelated directions.",
                          "{title}：{count} 个句子（{list}）；1 表示方向相同，0 表示方向互不相关。")
        }
    }
}
