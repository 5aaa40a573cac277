#!/usr/bin/env python3
"""Opens generated pages and SVG files in headless Chromium and fails if anything in them ran
script that Stepwise did not put there: a JavaScript dialog (alert, confirm, prompt), a change of
an attribute anywhere in the document, or a change of the document's nodes after it was parsed —
except what the stepper script does (the `stepper-js` class on <html>; `aria-hidden`, `hidden`
and `tabindex` inside a [data-stepper] section; the text of its position display) —, a
Content-Security-Policy violation, an uncaught exception or a console error.

Usage: check_no_script.py PATH [PATH ...]   (files, or folders searched for .html and .svg)
Prints one line per problem and a summary "N passed, M failed"; exits 1 if any file failed.
Needs Debian's chromium and python3-websocket (the README's test command installs them).
"""
import json
import os
import sys
import time
import urllib.parse

from chromium_cdp import Browser, run_checks

# Runs in every document before its own content: records what the page does to itself.
WATCH = """(() => {
  const problems = [];
  window.__stepwiseProblems = problems;
  const where = node => {
    const element = node.nodeType === 1 ? node : node.parentElement;
    return element ? element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className.split(' ').join('.') : '') : '#document';
  };
  const steppers = node => {
    const element = node.nodeType === 1 ? node : node.parentElement;
    return element && element.closest ? element.closest('[data-stepper]') : null;
  };
  let parsed = false;
  document.addEventListener('securitypolicyviolation', event => {
    problems.push('Content-Security-Policy violation: ' + event.violatedDirective + ' ' + (event.blockedURI || '') + ' line ' + event.lineNumber);
  });
  const look = records => {
    for (const record of records) {
      if (record.type === 'attributes') {
        const name = record.attributeName;
        if (record.target === document.documentElement && name === 'class') continue;
        if (steppers(record.target) && ['aria-hidden', 'hidden', 'tabindex'].includes(name)) continue;
        problems.push('attribute ' + name + ' changed on ' + where(record.target));
      } else if (parsed) {
        const element = record.target.nodeType === 1 ? record.target : record.target.parentElement;
        if (element && element.closest && element.closest('[data-stepper] .stepper-position')) continue;
        problems.push('document changed after parsing, in ' + where(record.target));
      }
    }
  };
  const observer = new MutationObserver(look);
  observer.observe(document, {subtree: true, attributes: true, childList: true, characterData: true});
  // The parser's own insertions are still queued when parsing ends: take them before watching for later ones.
  document.addEventListener('DOMContentLoaded', () => { look(observer.takeRecords()); parsed = true; });
})()"""


def check(browser, path):
    problems = []
    browser.events = []
    browser.call("Page.navigate", {"url": "file://" + urllib.parse.quote(os.path.abspath(path))}, session=True)
    browser.wait_for("Page.loadEventFired")
    time.sleep(0.2)  # let late handlers (a failed image's onerror, timers) run
    found = browser.call("Runtime.evaluate", {"expression": "JSON.stringify(window.__stepwiseProblems || ['the watcher did not run'])",
                                              "returnByValue": True}, session=True)["result"]["value"]
    problems += json.loads(found)
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Page.javascriptDialogOpening":
            problems.append(f"JavaScript {params.get('type', 'dialog')} opened: {params.get('message', '')!r}")
        elif method == "Runtime.exceptionThrown":
            problems.append("uncaught exception: " + params["exceptionDetails"].get("text", ""))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            problems.append("console error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            problems.append("console error: " + params["entry"].get("text", ""))
    return problems


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    files = []
    for argument in sys.argv[1:]:
        if os.path.isdir(argument):
            files += sorted(os.path.join(root, name) for root, _, names in os.walk(argument)
                            for name in names if name.endswith((".html", ".svg")))
        elif os.path.isfile(argument):
            files.append(argument)
        else:
            sys.exit(f"check_no_script: {argument}: no such file or folder")
    if not files:
        sys.exit("check_no_script: no .html or .svg files in " + " ".join(sys.argv[1:]))
    browser = Browser(1200, tool="check_no_script")
    browser.call("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH}, session=True)
    run_checks(browser, files, lambda path: check(browser, path))

if __name__ == "__main__":
    main()
