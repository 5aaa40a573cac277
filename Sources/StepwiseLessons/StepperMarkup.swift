import Plot
import StepwiseWords

/// The stepper's markup, shared by lesson steppers and reports: an ordered list of steps that
/// `SiteAssets.stepperScript` shows one at a time (previous/next buttons, arrow keys); without
/// the script, and in print, every step shows in order.
package enum StepperMarkup {
    /// One step: its heading, "i / n · title" (a frame of the stepper, not a training step),
    /// then `body`.
    package static func item(number: Int, of count: Int, title: String, body: [Node<HTML.BodyContext>]) -> Node<HTML.ListContext> {
        .li(.class("stepper-step"), .h3(.literal(heading(number: number, of: count, title: title))), .group(body))
    }

    /// "2 / 5 · title": the frame's position among the stepper's frames, then its title.
    package static func heading(number: Int, of count: Int, title: String) -> String {
        "\(number) / \(count) · \(title)"
    }

    /// The stepper section with id `id`, its title as a second-level heading, `intro` (shown
    /// with every step), and the steps.
    package static func section(id: String, title: String, intro: [Node<HTML.BodyContext>] = [],
                                items: [Node<HTML.ListContext>], edition: Edition = .en) -> Node<HTML.BodyContext> {
        .section(.class("stepper"), .escaped("id", id), .attribute(named: "data-stepper", value: "true"),
                 .h2(.literal(title)),
                 .group(intro),
                 .ol(.class("stepper-steps"), .group(items)),
                 .div(.class("stepper-controls"), .attribute(named: "hidden", value: "hidden"),
                      .button(.type(.button), .attribute(named: "data-step", value: "-1"), .text(SiteWords.previousStep(edition))),
                      .span(.class("stepper-position"), .attribute(named: "aria-live", value: "polite")),
                      .button(.type(.button), .attribute(named: "data-step", value: "1"), .text(SiteWords.nextStep(edition)))))
    }
}
