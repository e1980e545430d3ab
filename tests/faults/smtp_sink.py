"""A tiny SMTP server that keeps every message it receives, and can stall once at a chosen step.

`stall="data"`: the first session waits before answering DATA (the message has not left the
sender). `stall="accepted"`: the first session keeps the message, then waits before answering
250 (the message has arrived; the sender does not know yet). `release()` lets it carry on.
"""

import contextlib
import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

STALL_LIMIT = 60  # seconds a stalled session waits at most, so no thread outlives the test for long


class SmtpSink:
    def __init__(self, *, stall: str | None = None) -> None:
        assert stall in (None, "data", "accepted")
        self.stall = stall
        self.stalled = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._sessions = 0
        self.received: list[bytes] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                # OSError: the sender went away (it was killed), there is nothing to answer.
                with contextlib.suppress(OSError):
                    sink._session(self.rfile, self.wfile)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpSink":
        self._thread.start()
        return self

    def release(self) -> None:
        self._release.set()

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [message_from_bytes(raw, policy=policy.default) for raw in self.received]

    def _pause_here(self, step: str, first: bool) -> None:
        if first and self.stall == step:
            self.stalled.set()
            self._release.wait(STALL_LIMIT)

    def _session(self, rfile, wfile) -> None:
        with self._lock:
            self._sessions += 1
            first = self._sessions == 1

        def reply(line: str) -> None:
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        reply("220 sink ESMTP")
        while line := rfile.readline():
            command = line[:4].upper()
            if command == b"EHLO":
                reply("250-sink")
                reply("250 8BITMIME")
            elif command == b"DATA":
                self._pause_here("data", first)
                reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                if not data:
                    return  # cut off in the middle: no message
                with self._lock:
                    self.received.append(b"".join(lines))
                self._pause_here("accepted", first)
                reply("250 OK queued")
            elif command == b"QUIT":
                reply("221 Bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                reply("250 OK")
