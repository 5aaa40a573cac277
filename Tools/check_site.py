#!/usr/bin/env python3
"""Opens every page of a built Stepwise site in headless Chromium and fails on a missing image,
a broken internal link, a console error, an uncaught exception, a failed load or any request
that leaves the site folder (data: URIs, which embed a file in the page, are allowed).

Then it lays every page out again at each of the --layout-widths (400 and 1200 CSS px, a phone
and a laptop) and fails when the page scrolls sideways, when a figure is shown below 80 % of its
drawn width (0.5 % tolerance), or when a figure's smallest text (the image's data-smallest-text,
written by the renderer) is shown below 10 px. Every step of a stepper is measured.

A bilingual site (one with a zh/ folder: the Chinese edition) is checked in both editions: every
page names its language (<html lang="en"> at the top, lang="zh-CN" under zh/) and its header's
language switch leads to the same page in the other edition, whose switch leads back.

Usage: check_site.py SITE_DIR [--screenshots DIR] [--width 1200] [--layout-widths 400,1200]
Needs Debian's chromium and python3-websocket (the README's test command installs them).
Talks to Chromium over the DevTools protocol; prints one line per problem, a summary line per
layout width, and "N passed, M failed" (one per page); exits 1 if any page failed.
Screenshots (full pages) are taken at every layout width: DIR/<page>-<width>.png.
"""
import argparse
import base64
import json
import os
import re
import sys
import urllib.parse

from chromium_cdp import Browser, run_checks


PAGE_PROBE = """(() => {
  const images = Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src'));
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'));
  const sources = Array.from(document.querySelectorAll('[src]')).map(e => e.getAttribute('src'));
  return JSON.stringify({images, links, sources});
})()"""


# Lays the page out with every stepper step shown (as without JavaScript), then reports how wide
# the page is against its viewport, the outermost elements that stick out of the viewport outside
# any scroll box, and every figure image's shown width (without its border) and drawn width.
LAYOUT_PROBE = """(() => {
  const root = document.documentElement;
  const stepperMode = root.classList.contains('stepper-js');
  const widest = () => root.scrollWidth;
  const withScript = widest();
  root.classList.remove('stepper-js');
  const view = root.clientWidth, page = Math.max(withScript, widest());
  const scrolled = e => { for (let p = e.parentElement; p; p = p.parentElement)
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; return false; };
  // What sticks out: boxes past the viewport's right edge, else the innermost elements whose
  // content (an unbreakable word, a formula) overflows their box.
  const sticking = [];
  if (page > view) for (const e of document.body.querySelectorAll('*')) {
    if (e.getBoundingClientRect().right > view + 0.5 && !scrolled(e) && !sticking.some(s => s.contains(e))) sticking.push(e);
  }
  if (page > view && !sticking.length) {
    const overflowing = Array.from(document.body.querySelectorAll('*')).filter(e =>
      e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && !scrolled(e));
    sticking.push(...overflowing.filter(e => !overflowing.some(o => o !== e && e.contains(o))));
  }
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
    ' (right edge at ' + Math.round(e.getBoundingClientRect().right) + ' px, content ' + e.scrollWidth + ' px wide' +
    ': "' + e.textContent.trim().slice(0, 40) + '")';
  const figures = Array.from(document.querySelectorAll('figure img')).map(img => {
    const style = getComputedStyle(img);
    return {src: img.getAttribute('src').slice(0, 80), drawn: img.naturalWidth,
            shown: img.getBoundingClientRect().width - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth),
            smallest: img.hasAttribute('data-smallest-text') ? parseFloat(img.dataset.smallestText) : null};
  });
  if (stepperMode) root.classList.add('stepper-js');
  return JSON.stringify({view, page, sticking: sticking.map(describe), figures});
})()"""

SMALLEST_SCALE = 0.8        # a figure is never shown below 80 % of its drawn width
SCALE_TOLERANCE = 0.005     # … give or take 0.5 %
SMALLEST_TEXT = 10.0        # CSS px


class LayoutSummary:
    """The numbers behind one layout width's summary line."""
    def __init__(self, width):
        self.width, self.pages, self.figures, self.problems = width, 0, 0, 0
        self.smallest_scale, self.smallest_text, self.widest_page = None, None, 0

    def line(self):
        scale = f"{self.smallest_scale:.3f}" if self.smallest_scale is not None else "-"
        text = f"{self.smallest_text:.1f} px" if self.smallest_text is not None else "-"
        return (f"layout at {self.width} px: {self.pages} pages, {self.figures} figures, smallest figure scale {scale}, "
                f"smallest figure text {text}, widest page {self.widest_page} px, {self.problems} problems")


def check_layout(browser, page, width, summary):
    """Problems of `page` laid out `width` CSS px wide (a phone below 700 px)."""
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 700}, session=True)
    browser.events = []
    browser.call("Page.navigate", {"url": "file://" + urllib.parse.quote(os.path.abspath(page))}, session=True)
    browser.wait_for("Page.loadEventFired")
    probe = json.loads(browser.call("Runtime.evaluate", {"expression": LAYOUT_PROBE, "returnByValue": True},
                                    session=True)["result"]["value"])
    problems = []
    summary.pages += 1
    summary.widest_page = max(summary.widest_page, probe["page"])
    if probe["page"] > probe["view"]:
        problems.append(f"at {width} px the page scrolls sideways ({probe['page']} px wide in {probe['view']} px): "
                        + "; ".join(probe["sticking"][:5]))
    for figure in probe["figures"]:
        if not figure["drawn"]:
            continue  # a missing image: reported by the page check
        summary.figures += 1
        scale = figure["shown"] / figure["drawn"]
        summary.smallest_scale = scale if summary.smallest_scale is None else min(summary.smallest_scale, scale)
        if scale < SMALLEST_SCALE * (1 - SCALE_TOLERANCE):
            problems.append(f"at {width} px figure {figure['src']} is shown at {figure['shown']:.0f} of {figure['drawn']} px "
                            f"(scale {scale:.3f}, below {SMALLEST_SCALE})")
        if figure["smallest"] is None:
            problems.append(f"figure {figure['src']} has no data-smallest-text")
            continue
        text = figure["smallest"] * scale
        summary.smallest_text = text if summary.smallest_text is None else min(summary.smallest_text, text)
        if text < SMALLEST_TEXT - 1e-6:
            problems.append(f"at {width} px figure {figure['src']} shows its {figure['smallest']:g}-px text at {text:.2f} px "
                            f"(scale {scale:.3f}; at least {SMALLEST_TEXT:g} px)")
    summary.problems += len(problems)
    return problems


def ids_in(path, cache={}):
    if path not in cache:
        text = open(path, encoding="utf-8").read()
        cache[path] = set(re.findall(r'\bid="([^"]+)"', text))
    return cache[path]


LANGUAGE_LINK = re.compile(r'<a class="language" href="([^"]+)"')
HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def check_language(site, page):
    """Problems of a bilingual site's page: its lang attribute and its language switch both ways."""
    if not os.path.isdir(os.path.join(site, "zh")):
        return []
    relative = os.path.relpath(page, site)
    chinese = relative.split(os.sep)[0] == "zh"
    text = open(page, encoding="utf-8").read()
    problems = []
    lang = HTML_LANG.search(text)
    expected = "zh-CN" if chinese else "en"
    if not lang or lang.group(1) != expected:
        problems.append(f"<html lang> is {lang.group(1) if lang else 'missing'}, expected {expected}")
    link = LANGUAGE_LINK.search(text)
    if not link:
        return problems + ["no language switch in the header"]
    counterpart = os.path.normpath(os.path.join(os.path.dirname(page), urllib.parse.unquote(link.group(1))))
    expected_counterpart = os.path.join(site, relative[3:] if chinese else os.path.join("zh", relative))
    if os.path.abspath(counterpart) != os.path.abspath(expected_counterpart):
        return problems + [f"language switch leads to {link.group(1)}, not the same page in the other edition"]
    if not os.path.exists(counterpart):
        return problems + [f"language switch: {link.group(1)} does not exist"]
    back = LANGUAGE_LINK.search(open(counterpart, encoding="utf-8").read())
    if not back or os.path.abspath(os.path.join(os.path.dirname(counterpart), urllib.parse.unquote(back.group(1)))) != os.path.abspath(page):
        problems.append(f"the language switch of {link.group(1)} does not lead back")
    return problems


def check_page(browser, site, page):
    problems = check_language(site, page)
    url = "file://" + urllib.parse.quote(os.path.abspath(page))
    browser.events = []
    browser.call("Page.navigate", {"url": url}, session=True)
    browser.wait_for("Page.loadEventFired")
    probe = json.loads(browser.call("Runtime.evaluate", {"expression": PAGE_PROBE, "returnByValue": True},
                                    session=True)["result"]["value"])
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            problems.append("uncaught exception: " + params["exceptionDetails"].get("text", ""))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            problems.append("console error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            problems.append("console error: " + params["entry"].get("text", "") + " " + params["entry"].get("url", ""))
        elif method == "Network.requestWillBeSent":
            request_url = params["request"]["url"]
            if not request_url.startswith(("file://", "data:", "about:")):
                problems.append("external request: " + request_url)
        elif method == "Network.loadingFailed":
            problems.append("failed to load: " + params.get("errorText", ""))
    for image in probe["images"]:
        problems.append(f"missing image: {image}")
    folder = os.path.dirname(page)
    for link in probe["links"] + probe["sources"]:
        parsed = urllib.parse.urlparse(link)
        if parsed.scheme == "data":
            continue  # embedded (a single-file report's figures): nothing leaves the page
        if parsed.scheme or link.startswith("//"):
            problems.append(f"external link: {link}")
            continue
        target = os.path.normpath(os.path.join(folder, urllib.parse.unquote(parsed.path))) if parsed.path else page
        if not os.path.abspath(target).startswith(os.path.abspath(site)):
            problems.append(f"link leaves the site: {link}")
        elif not os.path.exists(target):
            problems.append(f"broken link: {link}")
        elif parsed.fragment and target.endswith(".html") and parsed.fragment not in ids_in(target):
            problems.append(f"broken anchor: {link}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site")
    parser.add_argument("--screenshots")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--layout-widths", default="400,1200",
                        help="comma-separated viewport widths (CSS px) the layout is checked at")
    args = parser.parse_args()
    widths = [int(width) for width in args.layout_widths.split(",") if width]
    pages = sorted(os.path.join(root, name) for root, _, names in os.walk(args.site)
                   for name in names if name.endswith(".html"))
    if not pages:
        sys.exit(f"check_site: no pages in {args.site}")
    browser = Browser(args.width, tool="check_site")
    summaries = [LayoutSummary(width) for width in widths]

    def check(page):
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": args.width, "height": 900, "deviceScaleFactor": 1, "mobile": args.width < 700}, session=True)
        problems = check_page(browser, args.site, page)
        for summary in summaries:
            problems += check_layout(browser, page, summary.width, summary)
            if args.screenshots:
                shot = browser.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=True)
                os.makedirs(args.screenshots, exist_ok=True)
                name = os.path.relpath(page, args.site).replace(os.sep, "_").replace(".html", f"-{summary.width}.png")
                open(os.path.join(args.screenshots, name), "wb").write(base64.b64decode(shot["data"]))
        if page == pages[-1]:
            for summary in summaries:
                print(summary.line())
        return problems

    run_checks(browser, pages, check, label=lambda page: os.path.relpath(page, args.site))

if __name__ == "__main__":
    main()
