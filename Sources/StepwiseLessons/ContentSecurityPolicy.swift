import Foundation
import Plot

/// The Content-Security-Policy every generated page carries in a `<meta>`, so that markup that
/// slipped past escaping still cannot run code: no script but the site's own inline stepper
/// script (allowed by its SHA-256 hash, computed from the exact text the page embeds), images
/// from the site and data: URIs (a single-file report's figures), styles and fonts from the
/// site (plus inline styles: the report's `<style>`, a wide figure's `style`), nothing else — no
/// plugins, frames, connections, forms or `<base>`.
package enum ContentSecurityPolicy {
    /// `script-src 'sha256-…'` for the stepper script.
    static let stepperScriptSource = "'sha256-\(Data(SHA256.digest(Array(SiteAssets.stepperScript.utf8))).base64EncodedString())'"

    /// The policy of a page; `allowsStepper` admits the stepper script, otherwise no script runs.
    package static func policy(allowsStepper: Bool) -> String {
        [
            "default-src 'none'",
            "script-src \(allowsStepper ? stepperScriptSource : "'none'")",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
        ].joined(separator: "; ")
    }

    /// `<meta http-equiv="Content-Security-Policy" content="…">`, for the start of `<head>`.
    static func meta(allowsStepper: Bool) -> Node<HTML.HeadContext> {
        .meta(.escaped("http-equiv", "Content-Security-Policy"), .escaped("content", policy(allowsStepper: allowsStepper)))
    }
}
