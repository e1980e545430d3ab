"""Local stand-ins for the mobile push services, for tests: an FCM-shaped HTTP server with its OAuth2
token endpoint, and an APNs-shaped HTTP/2 server (cleartext, prior knowledge). Each checks the
credentials as the real one would and records what it accepted."""

import json
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import h2.config
import h2.connection
import h2.events
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

PROJECT_ID = "no-contact-test"
APNS_KEY_ID = "ABC123DEFG"
APNS_TEAM_ID = "TEAM123456"
APNS_TOPIC = "org.nocontact.app"


class FcmStandIn:
    """FCM HTTP v1: answers each message with the next status given (then 200)."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.client_email = "push@no-contact-test.iam.gserviceaccount.com"
        self.access_tokens: set[str] = set()
        self.statuses: list[int] = []
        self.received: list[dict] = []
        self.refused: list[str] = []
        self.token_requests = 0
        # stall(): the next message hangs, unanswered and not taken, until release().
        self.stalling = False
        self.stalled = threading.Event()
        self.released = threading.Event()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path == "/token":
                    stand_in.token_requests += 1
                    status, answer = stand_in.grant(body)
                else:
                    status, answer = stand_in.message(self.path, self.headers.get("Authorization", ""), body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def service_account(self) -> str:
        """The JSON key Firebase gives, pointing its token endpoint at this stand-in."""
        pem = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return json.dumps(
            {
                "type": "service_account",
                "project_id": PROJECT_ID,
                "private_key_id": "key-1",
                "private_key": pem,
                "client_email": self.client_email,
                "token_uri": f"{self.origin}/token",
            }
        )

    def grant(self, body: bytes) -> tuple[int, dict]:
        """The OAuth2 JWT-bearer grant: the assertion must be signed by the service account's key."""
        from urllib.parse import parse_qs

        form = parse_qs(body.decode())
        try:
            claims = jwt.decode(
                form["assertion"][0],
                self.key.public_key(),
                algorithms=["RS256"],
                # Google's token endpoint is the audience, wherever the grant is sent.
                audience="https://oauth2.googleapis.com/token",
                issuer=self.client_email,
            )
        except (KeyError, jwt.PyJWTError) as error:
            self.refused.append(f"bad assertion: {error}")
            return 400, {"error": "invalid_grant"}
        if "firebase.messaging" not in claims.get("scope", ""):
            self.refused.append(f"bad scope {claims}")
            return 400, {"error": "invalid_scope"}
        token = f"ya29.{uuid.uuid4().hex}"
        self.access_tokens.add(token)
        return 200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}

    def message(self, path: str, authorization: str, body: bytes) -> tuple[int, dict]:
        if path != f"/v1/projects/{PROJECT_ID}/messages:send":
            return 404, {"error": {"code": 404, "status": "NOT_FOUND", "message": "no such path"}}
        if authorization.removeprefix("Bearer ") not in self.access_tokens:
            self.refused.append(f"bad bearer {authorization!r}")
            return 401, {"error": {"code": 401, "status": "UNAUTHENTICATED"}}
        if self.stalling:
            self.stalling = False
            self.stalled.set()
            self.released.wait(timeout=60)
            return 503, {"error": {"code": 503, "status": "UNAVAILABLE"}}
        status = self.statuses.pop(0) if self.statuses else 200
        if status == 404:
            return 404, {
                "error": {
                    "code": 404,
                    "status": "NOT_FOUND",
                    "details": [
                        {
                            "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                            "errorCode": "UNREGISTERED",
                        }
                    ],
                }
            }
        if status != 200:
            return status, {"error": {"code": status, "status": "UNAVAILABLE"}}
        self.received.append(json.loads(body)["message"])
        return 200, {"name": f"projects/{PROJECT_ID}/messages/{uuid.uuid4().hex}"}

    def stall(self) -> None:
        self.stalling = True

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()


class ApnsStandIn:
    """APNs over HTTP/2: checks the provider token (ES256, key id, team id) and the topic, then
    answers each push with the next (status, reason) given (then 200)."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.answers: list[tuple[int, str]] = []
        self.received: list[dict] = []
        self.refused: list[str] = []
        self.protocols: set[str] = set()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.origin = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def p8(self) -> str:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()

    def _accept(self) -> None:
        while self._open:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        conn = h2.connection.H2Connection(
            config=h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        )
        conn.initiate_connection()
        connection.sendall(conn.data_to_send())
        streams: dict[int, dict] = {}
        with connection:
            while True:
                try:
                    data = connection.recv(65535)
                except OSError:
                    return
                if not data:
                    return
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        streams[event.stream_id] = {"headers": dict(event.headers), "body": b""}
                        self.protocols.add("h2")
                    elif isinstance(event, h2.events.DataReceived):
                        streams[event.stream_id]["body"] += event.data
                        conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                    elif isinstance(event, h2.events.StreamEnded):
                        request = streams.pop(event.stream_id)
                        status, reason = self.answer(request["headers"], request["body"])
                        body = json.dumps({"reason": reason}).encode() if reason else b""
                        conn.send_headers(
                            event.stream_id,
                            [(":status", str(status)), ("apns-id", str(uuid.uuid4()))],
                            end_stream=not body,
                        )
                        if body:
                            conn.send_data(event.stream_id, body, end_stream=True)
                connection.sendall(conn.data_to_send())

    def answer(self, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        token = headers.get("authorization", "").removeprefix("bearer ")
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, self.key.public_key(), algorithms=["ES256"])
        except jwt.PyJWTError as error:
            self.refused.append(f"bad provider token: {error}")
            return 403, "InvalidProviderToken"
        if header.get("kid") != APNS_KEY_ID or claims.get("iss") != APNS_TEAM_ID:
            self.refused.append(f"wrong key id or team: {header} {claims}")
            return 403, "InvalidProviderToken"
        if abs(claims["iat"] - time.time()) > 3600:
            self.refused.append("expired provider token")
            return 403, "ExpiredProviderToken"
        if headers.get("apns-topic") != APNS_TOPIC or headers.get("apns-push-type") != "alert":
            self.refused.append(f"wrong topic or push type: {headers}")
            return 400, "TopicDisallowed"
        status, reason = self.answers.pop(0) if self.answers else (200, "")
        if status == 200:
            device = headers[":path"].removeprefix("/3/device/")
            self.received.append({"device": device, **json.loads(body)})
        return status, reason

    def close(self) -> None:
        self._open = False
        self.listener.close()
