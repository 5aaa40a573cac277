/// Every book of the string catalogue, so tests and checks can walk all of its entries.
/// A new book adds one line here.
public enum Catalogue {
    public static let books: [any PhraseBook.Type] = [
        CommonWords.self,
        ChartWords.self,
        NetworkWords.self,
        SequenceWords.self,
        BertWords.self,
        GANWords.self,
        ReportWords.self,
        TableWords.self,
        ExerciseWords.self,
    ]

    /// Every entry of every book: its key (`Book.case`) and its words.
    public static var entries: [(key: String, phrase: Phrase)] {
        books.flatMap { entries(of: $0) }
    }

    private static func entries<Book: PhraseBook>(of book: Book.Type) -> [(key: String, phrase: Phrase)] {
        book.allCases.map { ($0.key, $0.phrase) }
    }
}
