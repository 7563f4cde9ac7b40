#!/usr/bin/env python3
"""Edit-to-reload latency of `yanzhen serve` (see serve_latency.sh, which runs this).

    python3 bench/serve_latency.py --bin target/release/yanzhen --site DIR --edits 21 --kind page|template

Starts `BIN serve --root SITE --port 0`, waits for the first build, subscribes to the reload
channel (Server-Sent Events at /__yanzhen/events) like a browser tab does, then EDITS times:
saves a file (write + close) and measures the time until the `reload` event arrives. Edits are
spaced out so that each is its own rebuild (no coalescing). After each reload it fetches the
edited page and checks that the edit is there, so a fast but wrong reload cannot pass.

  page      appends a new paragraph to one case page (a different page each time)
  title     changes the title of one case page (its lists, neighbours and home show it)
  template  adds a comment line to themes/default/templates/base.html (every page changes)

Prints the median, p90, min and max in ms; --json FILE writes them and every latency.
"""
import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time


def http_get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--edits", type=int, default=21)
    ap.add_argument("--kind", choices=["page", "title", "template"], default="page")
    ap.add_argument("--gap", type=float, default=0.4, help="seconds between edits")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    proc = subprocess.Popen([args.bin, "serve", "--root", args.site, "--port", "0"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        port = None
        first = ""
        while port is None:
            line = proc.stderr.readline()
            if not line:
                sys.exit("serve exited:\n" + first)
            first += line
            m = re.search(r"serving at http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        # Drain stderr in the background so the server never blocks on a full pipe.
        import threading
        log = []
        threading.Thread(target=lambda: [log.append(l) for l in proc.stderr], daemon=True).start()

        sse = socket.create_connection(("127.0.0.1", port), timeout=120)
        sse.sendall(f"GET /__yanzhen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
        events = sse.makefile("rb")

        def next_event():
            while True:
                line = events.readline()
                if not line:
                    sys.exit("reload channel closed")
                line = line.strip()
                if line.startswith(b"event:"):
                    return line[6:].strip().decode()

        assert next_event() == "hello"
        content = os.path.join(args.site, "content")
        cases = sorted(f for f in os.listdir(os.path.join(content, "cases")) if f.endswith(".md") and not f.startswith("_"))
        base = os.path.join(args.site, "themes", "default", "templates", "base.html")
        lat = []
        for n in range(args.edits):
            marker = f"latency-mark-{n}-{time.time_ns()}"
            if args.kind in ("page", "title"):
                name = cases[(n * 7) % len(cases)]
                path = os.path.join(content, "cases", name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                if args.kind == "page":
                    text = text.rstrip("\n") + f"\n\n新增段落 {marker}。\n"
                else:
                    text = re.sub(r"(?m)^title: .*$", f"title: 标题 {marker}", text, count=1)
                url = "/cases/" + name[:-3] + "/"
            else:
                path = base
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                text = text.replace("</body>", f"<!-- {marker} -->\n</body>", 1)
                url = "/"
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            t0 = time.perf_counter()  # saved: written and closed
            kind = next_event()
            t1 = time.perf_counter()
            if kind != "reload":
                sys.exit(f"unexpected event {kind}")
            status, body = http_get(port, url)
            if status != 200 or marker not in body:
                sys.exit(f"edit {n}: {url} answered {status} without the edit\n" + "".join(log[-20:]))
            if "yanzhen-overlay" in body:
                sys.exit(f"edit {n}: the rebuild failed\n" + "".join(log[-20:]))
            lat.append((t1 - t0) * 1000)
            time.sleep(args.gap)
        # The first edit warms caches; report it but leave it out of the statistics.
        rest = sorted(lat[1:]) if len(lat) > 2 else sorted(lat)
        p90 = rest[min(len(rest) - 1, int(round(0.9 * (len(rest) - 1))))]
        r = {
            "kind": args.kind, "edits": len(lat), "first_ms": round(lat[0], 1),
            "median_ms": round(statistics.median(rest), 1), "p90_ms": round(p90, 1),
            "min_ms": round(rest[0], 1), "max_ms": round(rest[-1], 1),
            "all_ms": [round(x, 1) for x in lat],
        }
        if args.json:
            with open(args.json, "w") as f:
                json.dump(r, f)
        print(f"{r['kind']:<8}  median {r['median_ms']:7.1f} ms  p90 {r['p90_ms']:7.1f}  "
              f"min {r['min_ms']:7.1f}  max {r['max_ms']:7.1f}  (first {r['first_ms']} ms, {r['edits']} edits)")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
