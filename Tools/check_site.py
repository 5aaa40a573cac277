#!/usr/bin/env python3
"""Opens every page of a built Stepwise site in headless Chromium and fails on a missing image,
a broken internal link, a console error, an uncaught exception, a failed load or any request
that leaves the site folder (data: URIs, which embed a file in the page, are allowed).

Usage: check_site.py SITE_DIR [--screenshots DIR] [--width 1200]
Needs Debian's chromium and python3-websocket (the README's test command installs them).
Talks to Chromium over the DevTools protocol; prints one line per problem and a summary line
"N passed, M failed" (one per page); exits 1 if any page failed.
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


def ids_in(path, cache={}):
    if path not in cache:
        text = open(path, encoding="utf-8").read()
        cache[path] = set(re.findall(r'\bid="([^"]+)"', text))
    return cache[path]


def check_page(browser, site, page):
    problems = []
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
    args = parser.parse_args()
    pages = sorted(os.path.join(root, name) for root, _, names in os.walk(args.site)
                   for name in names if name.endswith(".html"))
    if not pages:
        sys.exit(f"check_site: no pages in {args.site}")
    browser = Browser(args.width, tool="check_site")

    def check(page):
        problems = check_page(browser, args.site, page)
        if args.screenshots:
            browser.call("Emulation.setDeviceMetricsOverride",
                         {"width": args.width, "height": 900, "deviceScaleFactor": 1, "mobile": args.width < 700}, session=True)
            shot = browser.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=True)
            os.makedirs(args.screenshots, exist_ok=True)
            name = os.path.relpath(page, args.site).replace(os.sep, "_").replace(".html", ".png")
            open(os.path.join(args.screenshots, name), "wb").write(base64.b64decode(shot["data"]))
        return problems

    run_checks(browser, pages, check, label=lambda page: os.path.relpath(page, args.site))

if __name__ == "__main__":
    main()
