import Foundation

/// The files every page shares: the stylesheet, the stepper script, and an OpenType math font
/// (Latin Modern Math, GUST Font License) so MathML renders the same everywhere, offline.
package enum SiteAssets {
    /// Debian's fonts-lmodern places the font and its licence here.
    static let mathFont = URL(fileURLWithPath: "/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf")
    static let mathFontLicence = URL(fileURLWithPath: "/usr/share/texmf/doc/fonts/lm-math/GUST-FONT-LICENSE.txt")

    /// Writes `assets/` into `folder`.
    static func write(into folder: URL) throws {
        let assets = folder.appendingPathComponent("assets")
        try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
        try Data(stylesheet.utf8).write(to: assets.appendingPathComponent("style.css"))
        for (source, name) in [(mathFont, "latinmodern-math.otf"), (mathFontLicence, "GUST-FONT-LICENSE.txt")] {
            guard let data = FileManager.default.contents(atPath: source.path) else {
                throw LessonError(file: source.path, message: "missing: install the Debian package fonts-lmodern (the README's commands do)")
            }
            try data.write(to: assets.appendingPathComponent(name))
        }
    }

    package static let stylesheet = """
        @font-face { font-family: "Latin Modern Math"; src: url("latinmodern-math.otf") format("opentype"); }
        :root { --ink: #1d1d1f; --muted: #5a5a60; --accent: #2a5db0; --rule: #d8d8de; --paper: #ffffff; --tint: #f4f5f8; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 17px/1.6 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: var(--paper); overflow-wrap: break-word; }
        header.site, footer.site { background: var(--tint); border-bottom: 1px solid var(--rule); padding: 0.6rem 1rem; }
        footer.site { border-top: 1px solid var(--rule); border-bottom: none; margin-top: 3rem; }
        header.site a { color: var(--ink); font-weight: bold; text-decoration: none; }
        header.site a.language { float: right; font-weight: normal; color: var(--accent); }
        html:lang(zh-CN) body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "DejaVu Sans", sans-serif; line-height: 1.75; }
        html:lang(zh-CN) figcaption, html:lang(zh-CN) p.summary { line-height: 1.7; }
        main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.9rem; line-height: 1.2; margin: 1.2rem 0 0.4rem; }
        h2 { font-size: 1.4rem; margin-top: 2.2rem; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 1.1rem; }
        a { color: var(--accent); }
        p.summary { color: var(--muted); font-size: 1.05rem; margin-top: 0; }
        nav.toc { background: var(--tint); border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
        nav.toc h2 { font-size: 1rem; border: none; margin: 0.3rem 0; }
        nav.toc ol { margin: 0; padding-left: 1.2rem; }
        figure { margin: 1.5rem 0; text-align: center; }
        figure img { box-sizing: content-box; max-width: calc(100% - 2px); height: auto; vertical-align: top; border: 1px solid var(--rule); border-radius: 4px; }
        figure.wide { width: calc(100vw - 2rem); margin-left: 50%; transform: translateX(-50%); background: var(--paper); }
        .figure-scroll { overflow-x: auto; }
        figcaption { color: var(--muted); font-size: 0.92rem; margin-top: 0.3rem; }
        figcaption .svg-link { font-size: 0.85rem; }
        math { font-family: "Latin Modern Math", math; font-size: 1.1rem; }
        math[display="block"] { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0; }
        code, pre { font-family: "DejaVu Sans Mono", monospace; }
        code { font-size: 0.9em; }
        pre { background: var(--tint); border-radius: 4px; padding: 0.7rem 0.9rem; overflow-x: auto; font-size: 0.82rem; line-height: 1.45; }
        pre code { font-size: inherit; }
        main > table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
        main > table th, main > table td { border-bottom: 1px solid var(--rule); padding: 0.2rem 0.9rem; text-align: left; }
        main > table th { border-bottom: 2px solid var(--rule); }
        main > table.glossary { display: table; width: 100%; } table.glossary td { vertical-align: top; padding: 0.4rem 0.9rem 0.4rem 0; } table.glossary td:first-child { width: 30%; } table.glossary .zh, table.glossary .en { display: block; color: var(--muted); }
        .walkthrough { overflow-x: auto; background: var(--tint); border-left: 3px solid var(--accent); padding: 0.4rem 0.8rem; margin: 1.2rem 0; }
        .walkthrough math { width: fit-content; margin: 0.6rem auto; }
        .walkthrough math > mtable > mtr > mtd { text-align: left; }
        .table-scroll { overflow-x: auto; }
        table.values { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
        table.values caption { text-align: left; color: var(--muted); font-size: 0.92rem; }
        table.values th, table.values td { border-bottom: 1px solid var(--rule); padding: 0.2rem 0.7rem; text-align: right; }
        table.values td:first-child, table.values th:first-child { text-align: left; font-size: 0.9rem; }
        table.tokens th { width: 40%; font-weight: normal; }
        table.tokens td { text-align: left; }
        .trace { display: block; color: var(--muted); font-family: "DejaVu Sans Mono", monospace; font-size: 0.78rem; }
        section.stepper { border: 1px solid var(--rule); border-radius: 6px; padding: 0 1rem 0.8rem; margin: 1.5rem 0; }
        ol.stepper-steps { list-style: none; padding: 0; }
        .stepper-controls { display: flex; gap: 1rem; align-items: center; justify-content: center; }
        .stepper-controls button { font: inherit; padding: 0.3rem 0.9rem; border: 1px solid var(--rule); border-radius: 4px; background: var(--tint); cursor: pointer; }
        .stepper-js .stepper-step[aria-hidden="true"] { display: none; }
        ol.outline { list-style: none; padding: 0; }
        ol.outline li { display: flex; gap: 1rem; align-items: center; border-bottom: 1px solid var(--rule); padding: 0.8rem 0; }
        ol.outline img { width: 9rem; height: auto; border: 1px solid var(--rule); border-radius: 4px; flex: none; }
        ol.outline h2 { border: none; margin: 0; font-size: 1.2rem; }
        ol.outline p { margin: 0.2rem 0 0; color: var(--muted); }
        nav.pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 2.5rem; border-top: 1px solid var(--rule); padding-top: 1rem; }
        section.exercise { border-top: 1px solid var(--rule); margin: 1.2rem 0; }
        section.exercise h3 { margin: 0.8rem 0 0.3rem; }
        details.answer { background: var(--tint); border-left: 3px solid var(--accent); border-radius: 4px; padding: 0.3rem 0.8rem; margin: 0.6rem 0; }
        details.answer > summary { cursor: pointer; color: var(--accent); font-weight: bold; }
        details.answer p.answer { margin: 0.5rem 0; }
        details.answer .walkthrough { background: var(--paper); }
        @media (max-width: 600px) { body { font-size: 16px; } ol.outline li { flex-direction: column; align-items: flex-start; } ol.outline img { width: 100%; } }
        @media print { header.site, footer.site, nav.pager, .stepper-controls, figcaption .svg-link { display: none; }
          .stepper-js .stepper-step[aria-hidden="true"] { display: block; } main { max-width: none; } a { color: inherit; text-decoration: none; } }
        @media print { @supports selector(::details-content) { details.answer::details-content { content-visibility: visible; display: block; } details.answer > summary { display: none; } } }
        """

    /// The stepper behaviour: without this script every step shows in order; with it, one step
    /// at a time with previous/next buttons and the arrow keys.
    package static let stepperScript = """
        document.documentElement.classList.add("stepper-js");
        document.querySelectorAll("[data-stepper]").forEach(function (stepper) {
          var steps = stepper.querySelectorAll(".stepper-step");
          var controls = stepper.querySelector(".stepper-controls");
          var position = stepper.querySelector(".stepper-position");
          var current = 0;
          function show(index) {
            current = Math.max(0, Math.min(steps.length - 1, index));
            steps.forEach(function (step, i) { step.setAttribute("aria-hidden", i === current ? "false" : "true"); });
            position.textContent = (current + 1) + " / " + steps.length;
          }
          controls.hidden = false;
          stepper.tabIndex = 0;
          controls.querySelectorAll("button").forEach(function (button) {
            button.addEventListener("click", function () { show(current + Number(button.dataset.step)); });
          });
          stepper.addEventListener("keydown", function (event) {
            if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
            if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
          });
          show(0);
        });
        """
}
