import ArgumentParser
import Foundation
import StepwiseEngine
import StepwiseTrace

/// `stepwise tokenize CHECKPOINT TEXT`: BERT's WordPiece pieces of a text and their ids.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Split a text into a BERT checkpoint's WordPiece tokens and print them with their ids.",
        discussion: """
            Tokenises as BertTokenizer(do_lower_case=True) does, with [CLS] first and [SEP] last. \
            Reads only the checkpoint's config.json and vocab.txt. Prints one "id token" line per \
            token, or with --json {"tokens": [...], "input_ids": [...]}. Exit status 1 on bad input \
            (one line on stderr).
            """
    )

    @Argument(help: "The checkpoint folder (config.json, vocab.txt), such as models/all-MiniLM-L6-v2.")
    var checkpoint: String

    @Argument(help: "The text to tokenise.")
    var text: String

    @Flag(help: "Print JSON: {\"tokens\": [...], \"input_ids\": [...]}.")
    var json = false

    func run() throws {
        try reportingErrors {
            let (config, tokenizer) = try BertCheckpoint.readTokenizer(folder: URL(fileURLWithPath: checkpoint), shownAs: checkpoint)
            let (tokens, ids) = try BertCheckpoint.encode(text, tokenizer: tokenizer, config: config,
                                                          file: "stepwise tokenize", field: "TEXT")
            let output: Data
            if json {
                struct Pieces: Encodable {
                    let tokens: [String]
                    let input_ids: [Int]
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                output = try encoder.encode(Pieces(tokens: tokens, input_ids: ids)) + Data("\n".utf8)
            } else {
                output = Data(zip(ids, tokens).map { "\($0)\t\($1)\n" }.joined().utf8)
            }
            FileHandle.standardOutput.write(output)
        }
    }
}
