/// The site's own words: the course title, the header and footer, the table of contents, the
/// pager, the language switch, the stepper's buttons, the "Run it yourself" section, the
/// glossary's headers and the legends the lesson builder names. Lesson prose comes from the
/// lessons themselves (`lesson.md`, `lesson.zh.md`).
public enum SiteWords: String, PhraseBook {
    case courseTitle, courseLead, contents, footer, firstFigureOf
    case switchLanguage, previousStep, nextStep
    case runItYourself, runItYourselfLead, publishedSpec, checkpointNote
    case glossaryTerm, glossaryTermWithOther, glossaryMeaning, summarySeparator, codeOutputLabel
    case trainLoss, trainDataLoss, trainingSet, validationLabel

    public var phrase: Phrase {
        switch self {
        case .courseTitle: return Phrase("Stepwise: neural networks, number by number", "Stepwise：一个数一个数地看懂神经网络")
        case .courseLead:
            return Phrase(
                "Every figure and every number on these pages was computed by Stepwise's engine; redo any line by hand and you get the same digits.",
                "这些页面上的每一幅图、每一个数都由 Stepwise 的引擎算出；任何一行自己动手重算一遍，得到的数字都一样。")
        case .contents: return Phrase("Contents", "目录")
        case .footer: return Phrase("Built by Stepwise from traces of real training steps.", "由 Stepwise 根据真实训练步的轨迹生成。")
        case .firstFigureOf: return Phrase("The first figure of the lesson “{title}”", "“{title}”一课的第一幅图")
        case .switchLanguage: return Phrase("This page in Chinese", "本页的英文版")
        case .previousStep: return Phrase("← Previous", "← 上一步")
        case .nextStep: return Phrase("Next →", "下一步 →")
        case .runItYourself: return Phrase("Run it yourself", "自己动手运行")
        case .runItYourselfLead:
            return Phrase(
                "Every number on this page was computed from the specs below, copied here byte for byte as the course ran them. Save one and trace it with Stepwise to get every value of every step as JSON, for example:",
                "本页的每一个数都由下面的规格文件算出，这里的副本与课程运行时所用的文件逐字节相同。保存其中一个，用 Stepwise 记录它的轨迹，就能以 JSON 得到每一步的每一个值，例如：")
        case .publishedSpec: return Phrase(" — the spec “{name}”, from ", "：规格文件“{name}”，来自 ")
        case .checkpointNote:
            return Phrase(
                ". It reads the pretrained model in the folder {folder}, relative to the spec, which is not copied here (it is tens of megabytes): the project's {command} fetches it",
                "。它读取文件夹 {folder}（相对于该文件）中的预训练模型；模型有几十 MB，这里没有复制，用项目的 {command} 即可下载")
        case .glossaryTerm: return Phrase("term", "术语")
        case .glossaryTermWithOther: return Phrase("term (Chinese)", "术语（英文）")
        case .summarySeparator: return Phrase(": ", "：")
        case .glossaryMeaning: return Phrase("what it means, and where the course shows it", "含义，以及课程在哪里演示它")
        case .codeOutputLabel: return Phrase("prints:", "输出：")
        case .trainLoss: return Phrase("train loss", "训练损失")
        case .trainDataLoss: return Phrase("train data loss", "训练数据损失")
        case .trainingSet: return Phrase("training set", "训练集")
        case .validationLabel: return Phrase("validation", "验证")
        }
    }
}
