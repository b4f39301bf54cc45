#!/usr/bin/env python3
"""Times `evidence-pack serve` from a save to the new page being ready, for scripts/bench-serve.sh.

Usage: bench_serve.py BIN PACK SAVES

Starts `BIN serve PACK --port 0`, listens to its server-sent events (/events, the stream the
page's reload script listens to), and SAVES times saves a decision record, alternately in place
and by rename (a new file renamed over the old, as many editors save). Each time is from just
before the save to the event that says the new page is ready. Then it measures the server's CPU
use over 10 idle seconds, and stops it with Ctrl-C (SIGINT), which must end it with exit code 0.

Prints one line: "median min max idle_cpu_percent" (times in milliseconds).
"""

import os
import signal
import socket
import statistics
import subprocess
import sys
import time

PATIENCE = 30.0


def first_record(pack):
    folder = os.path.join(pack, "content", "decisions")
    return os.path.join(folder, sorted(os.listdir(folder))[0])


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


class Events:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
        self.sock.sendall(
            f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        self.file = self.sock.makefile("rb")
        while self.file.readline().strip():  # the response's headers
            pass

    def next_version(self):
        """The version in the next `version` event."""
        while True:
            line = self.file.readline()
            if not line:
                raise SystemExit("the event stream ended")
            line = line.strip()
            # Chunked encoding puts chunk sizes on lines of their own: only data lines count.
            if line.startswith(b"data: "):
                return int(line[6:])


def save(path, text, n, by_rename):
    lines = text.split("\n")
    lines = [f'title = "Bench save {n}"' if l.startswith("title = ") else l for l in lines]
    new = "\n".join(lines)
    if by_rename:
        temp = os.path.join(os.path.dirname(path), f".bench-{n}.tmp")
        with open(temp, "w") as f:
            f.write(new)
        os.replace(temp, path)
    else:
        with open(path, "w") as f:
            f.write(new)


def main():
    binary, pack, saves = sys.argv[1], sys.argv[2], int(sys.argv[3])
    server = subprocess.Popen(
        [binary, "serve", pack, "--port", "0", "--as-of", "2026-11-01"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first = server.stdout.readline()
        port = int(first.split("http://127.0.0.1:")[1].split()[0])
        print("  " + first.strip(), file=sys.stderr)
        print("  " + server.stdout.readline().strip(), file=sys.stderr)
        events = Events(port)
        version = events.next_version()
        record = first_record(pack)
        with open(record) as f:
            original = f.read()
        times = []
        for n in range(saves):
            time.sleep(0.3)  # let the last save settle, so that saves are not coalesced
            start = time.perf_counter()
            save(record, original, n, by_rename=n % 2 == 1)
            new = events.next_version()
            while new <= version:
                new = events.next_version()
            times.append((time.perf_counter() - start) * 1000)
            version = new
        with open(record, "w") as f:
            f.write(original)
        events.next_version()  # the rebuild after restoring the record
        time.sleep(3.0)  # let it free the last rebuild's memory
        before = cpu_seconds(server.pid)
        time.sleep(10.0)
        idle = (cpu_seconds(server.pid) - before) / 10.0 * 100
        server.send_signal(signal.SIGINT)
        code = server.wait(timeout=PATIENCE)
        if code != 0:
            raise SystemExit(f"serve ended with exit code {code} on Ctrl-C")
        print(
            f"{statistics.median(times):.0f} {min(times):.0f} {max(times):.0f} {idle:.2f}"
        )
    finally:
        if server.poll() is None:
            server.kill()


if __name__ == "__main__":
    main()
