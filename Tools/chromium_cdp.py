"""Headless Chromium over the DevTools protocol, for the repository's page checkers
(check_site.py, check_no_script.py). Needs Debian's chromium and python3-websocket.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import websocket  # python3-websocket


class Browser:
    def __init__(self, width, tool="chromium_cdp"):
        self.profile = tempfile.mkdtemp(prefix="stepwise-chromium-")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            sys.exit(f"{tool}: chromium not found (apt-get install chromium)")
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-extensions", "--disable-sync",
             "--disable-component-update", "--hide-scrollbars", "--mute-audio",
             f"--window-size={width},900", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.time() > deadline or self.process.poll() is not None:
                self.close()
                sys.exit(f"{tool}: chromium did not start")
            time.sleep(0.1)
        port, path = open(port_file).read().split("\n")[:2]
        self.socket = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=30)
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)

    def send(self, method, params=None, session=False):
        """Sends a command without waiting for its reply (which is then ignored); returns its id."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.socket.send(json.dumps(message))
        return self.next_id

    def call(self, method, params=None, session=False, timeout=30):
        expected = self.send(method, params, session)
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = json.loads(self.socket.recv())
            if reply.get("id") == expected:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.received(reply)
        raise TimeoutError(method)

    def wait_for(self, method, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    return
            self.received(json.loads(self.socket.recv()))
        raise TimeoutError(method)

    def received(self, message):
        """Keeps an event in `events`. A JavaScript dialog (alert, confirm, prompt) blocks the
        page until answered: it is dismissed at once, and stays in `events` for checkers to see."""
        if "id" in message:
            return  # the reply to a command sent with `send`
        self.events.append(message)
        if message.get("method") == "Page.javascriptDialogOpening":
            self.send("Page.handleJavaScriptDialog", {"accept": False}, session=True)

    def close(self):
        if getattr(self, "process", None):
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def run_checks(browser, items, check, label=str):
    """Runs `check(item)` (a list of problems) for each item, prints "label(item): problem" per
    problem and the summary "N passed, M failed", closes the browser, and exits 1 if any failed."""
    failed = 0
    try:
        for item in items:
            problems = check(item)
            for problem in problems:
                print(f"{label(item)}: {problem}")
            failed += bool(problems)
    finally:
        browser.close()
    print(f"{len(items) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
