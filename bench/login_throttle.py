"""Measure how many wrong passwords a running Bascule server checks per minute.

Run:  .venv/bin/python bench/login_throttle.py [--base http://127.0.0.1:8000 ...]
      [--email mentee@bascule.example] [--seconds 60] [--attempts 100000]

Start the server first (e.g. `make demo`, or runserver/gunicorn on a demo database). The
script logs in with a wrong password, again and again, from 127.0.0.1, for `--seconds`
seconds (or `--attempts` tries if that comes first), and counts the answers: a 200 is a
password the server checked ("accepted" for checking), a 429 an attempt refused by the
throttle without checking anything. Several `--base` servers (several app servers sharing
one database and one cache) are used in turn, one attempt each. Then it logs in once with
the right demo password from a second loopback address (127.0.0.2) to show that the
attacker's address did not lock the real user out. Only loopback addresses are contacted.
"""

import argparse
import http.client
import http.cookies
import re
import sys
import time
import urllib.parse
from collections import Counter

DEMO_PASSWORD = "bascule-demo"  # noqa: S105 (the demo's published password)
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class Browser:
    """One visitor from one source address, keeping its cookies like a browser does."""

    def __init__(self, base: str, source: str):
        url = urllib.parse.urlsplit(base)
        if url.hostname not in LOOPBACK:
            raise SystemExit("This benchmark only targets a server on the loopback interface.")
        self.host, self.port, self.source = url.hostname, url.port or 80, source
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=30, source_address=(self.source, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, text

    def log_in(self, email: str, password: str) -> int:
        _status, page = self.request("GET", "/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = {"username": email, "password": password}
        if match:
            form["csrfmiddlewaretoken"] = match.group(1)
        status, _text = self.request("POST", "/accounts/login/", urllib.parse.urlencode(form))
        return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", nargs="+", default=["http://127.0.0.1:8000"])
    parser.add_argument("--email", default="mentee@bascule.example")
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()

    attackers = [Browser(base, "127.0.0.1") for base in args.base]
    answers: Counter[int] = Counter()
    started = time.monotonic()
    for number in range(args.attempts):
        attacker = attackers[number % len(attackers)]
        answers[attacker.log_in(args.email, f"wrong-password-{number}")] += 1
        if time.monotonic() - started > args.seconds:
            break
    elapsed = time.monotonic() - started
    checked = answers[200]
    per_minute = checked / elapsed * 60 if elapsed else 0.0

    user = Browser(args.base[-1], "127.0.0.2")
    real_user = user.log_in(args.email, DEMO_PASSWORD)

    print(f"| servers | {', '.join(args.base)} |")
    print("|---|---|")
    print(f"| wrong passwords sent from 127.0.0.1 | {sum(answers.values())} in {elapsed:.1f} s |")
    for status, number in sorted(answers.items()):
        print(f"| answered {status} | {number} |")
    print(f"| failed logins accepted (password checked) per minute | {per_minute:.0f} |")
    print(f"| right password from 127.0.0.2 afterwards | {real_user} (302 = logged in) |")
    print()
    print("Rerun: .venv/bin/python bench/login_throttle.py " + " ".join(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
