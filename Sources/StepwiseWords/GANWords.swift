/// Words of the GAN figures: what the discriminator says, where the generator sends the noise,
/// and the discriminator's field over the plane (the decision-boundary figure of a GAN trace).
public enum GANWords: String, SpacedPhraseBook {
    // What the discriminator says (`discriminator-outputs`).
    case outputsTitle, outputsSubtitle, samplesAxis, probabilityAxis, realSamples, generatedSamples, cannotTell
    case countInBin, outputsCaption
    // Where the generator sends the noise (`generator-map`).
    case mapTitle, afterStep, mapSubtitle, noisePanel, samplesPanel, constantZ2, constantZ1, mapCaptionStep, mapCaption
    // The discriminator's field (`decision-boundary` of a GAN trace).
    case fieldHeading, fieldGenerated, fieldReal, fieldName, pushName, pushCaption

    public var phrase: Phrase {
        switch self {
        case .outputsTitle: return Phrase("What the discriminator of {model} says", "{model} 的判别器怎么说")
        case .outputsSubtitle:
            return Phrase("step {step}, its last discriminator update · D(x) of {rows} real and {rows} generated samples",
                          "第 {step} 步中最后一次判别器更新 · {rows} 个真实样本和 {rows} 个生成样本的 D(x)")
        case .samplesAxis: return Phrase("samples", "样本数")
        case .probabilityAxis: return Phrase("D(x), the probability the discriminator gives that x is real", "D(x)：判别器给出的 x 是真实样本的概率")
        case .realSamples: return Phrase("real samples", "真实样本")
        case .generatedSamples: return Phrase("generated samples", "生成样本")
        case .cannotTell: return Phrase("D = ½: cannot tell", "D = ½：无法分辨")
        case .countInBin: return Phrase("{count} in {low}–{high}", "{low}–{high} 之间 {count} 个")
        case .outputsCaption:
            return Phrase("Histograms of the discriminator's output D(x) in step {step} of {model}, ten bins from 0 to 1: "
                          + "real samples {real}; generated samples {generated}. A dashed line marks ½, where the discriminator cannot tell real from generated.",
                          "{model} 第 {step} 步判别器输出 D(x) 的直方图，0 到 1 分成十个区间："
                          + "真实样本 {real}；生成样本 {generated}。虚线标出 ½，在这里判别器分不清真实样本和生成样本。")

        case .mapTitle: return Phrase("Where the generator of {model} sends the noise", "{model} 的生成器把噪声送到哪里")
        case .afterStep: return Phrase("after step {step} · ", "第 {step} 步之后 · ")
        case .mapSubtitle: return Phrase("{lines} grid lines of noise z and their images G(z)", "噪声 z 的 {lines} 条网格线及其像 G(z)")
        case .noisePanel: return Phrase("noise z", "噪声 z")
        case .samplesPanel: return Phrase("generated samples G(z) over the real ones", "生成样本 G(z)，叠在真实样本上")
        case .constantZ2: return Phrase("lines of constant z<sub>2</sub>", "z<sub>2</sub> 不变的线")
        case .constantZ1: return Phrase("lines of constant z<sub>1</sub>", "z<sub>1</sub> 不变的线")
        case .mapCaptionStep: return Phrase(" after step {step}", "（第 {step} 步之后）")
        case .mapCaption:
            return Phrase("{title}{after}: on the left a grid of noise points, {rows} lines of constant z₂ "
                          + "(blue) and {columns} of constant z₁ (green); on the right the same lines after the generator, G(z), "
                          + "over {real} real samples (orange squares). Where the grid is stretched the generator spreads the noise thin; where it folds or bunches up it piles samples together.",
                          "{title}{after}：左边是噪声点的网格，{rows} 条 z₂ 不变的线"
                          + "（蓝）和 {columns} 条 z₁ 不变的线（绿）；右边是同样的线经过生成器之后的 G(z)，"
                          + "叠在 {real} 个真实样本（橙色方块）上。网格被拉伸的地方，生成器把噪声摊薄；网格折叠或聚拢的地方，它把样本堆到一起。")

        case .fieldHeading: return Phrase("The discriminator's view of the plane: real or generated", "判别器眼中的平面：真实还是生成")
        case .fieldGenerated: return Phrase("generated", "生成样本")
        case .fieldReal: return Phrase("real", "真实样本")
        case .fieldName: return Phrase("D(x), P(real)", "D(x)，P(真实)")
        case .pushName: return Phrase("push on G(z)", "对 G(z) 的推动")
        case .pushCaption:
            return Phrase("the push on each generated sample, along {gradient} (the generator loss's gradient with respect to the sample), all scaled by one factor so the longest is a tenth of the plane's width",
                          "每个生成样本受到的推动，方向为 {gradient}（生成器损失对该样本的梯度），全部按同一比例缩放，使最长的箭头为平面宽度的十分之一")
        }
    }
}
