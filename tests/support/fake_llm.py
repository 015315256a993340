"""A local HTTP server speaking the OpenAI chat-completions and Anthropic Messages wire formats.

Tests drive the real ``openai`` / ``anthropic`` SDKs against it. By default it answers every
courseflow prompt with valid outline/lesson JSON derived from the prompt (the offline
generator); tests script misbehaviour per request kind:

    fake.script("outline", "malformed")            # not JSON, once
    fake.script("lesson", "status", status=429, retry_after=1)
    fake.script("lesson", "two_correct", match="part 1.1")

Every request is logged (``fake.requests``) with its kind, lesson ID, revision and answer.
Standalone, for benchmarks: ``python -m tests.support.fake_llm --port 8765 --latency 0.5``.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from adapters.llm.offline import offline_answer
from adapters.llm.prompts import extract_blocks

# A valid 1x1 PNG: what the fake image endpoint returns.
FAKE_IMAGE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


@dataclass
class Rule:
    kind: str  # outline | lesson | any
    action: str  # valid | malformed | prose | wrong_counts | two_correct | status
    times: int = 1
    status: int = 200
    retry_after: float | None = None
    match: str | None = None  # substring of the prompt this rule is limited to
    verdict: dict[str, Any] | None = None  # action "verdict": the judge's scripted reply


@dataclass
class Logged:
    provider: str
    kind: str
    lesson_id: str | None
    revision: int | None
    repair: bool
    status: int
    action: str
    prompt: str
    last_user: str = ""
    at: float = field(default_factory=time.monotonic)


class FakeLLMServer:
    def __init__(self, latency: float = 0.0, host: str = "127.0.0.1", port: int = 0) -> None:
        self.latency = latency
        self.rules: list[Rule] = []
        self.requests: list[Logged] = []
        self.image_prompts: list[str] = []
        self.image_errors: list[int] = []  # HTTP statuses the next image calls answer with
        self.in_flight = 0
        self.max_in_flight = 0  # the most model calls the server saw at once
        # A barrier for one kind of call (``hold``): such calls wait here until ``allow``.
        self._held_kind: str | None = None
        self._passes = threading.Semaphore(0)
        self.held = 0
        self.max_held = 0
        self._lock = threading.Lock()
        self._server = _QuietServer((host, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def openai_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def anthropic_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeLLMServer:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- scripting --------------------------------------------------------------------------
    def script(self, kind: str, action: str, times: int = 1, **kwargs: Any) -> None:
        with self._lock:
            self.rules.append(Rule(kind=kind, action=action, times=times, **kwargs))

    def hold(self, kind: str) -> None:
        """From now on, calls of ``kind`` wait at the server until ``allow`` lets them go:
        a test sees exactly which calls are in flight instead of guessing with latency."""
        with self._lock:
            self._held_kind, self._passes = kind, threading.Semaphore(0)

    def allow(self, calls: int = 1) -> None:
        self._passes.release(calls)

    def release_all(self) -> None:
        with self._lock:
            self._held_kind = None
        self._passes.release(1_000)

    def _wait_if_held(self, kind: str) -> None:
        with self._lock:
            if kind != self._held_kind:
                return
            passes = self._passes
            self.held += 1
            self.max_held = max(self.max_held, self.held)
        try:
            passes.acquire(timeout=120)
        finally:
            with self._lock:
                self.held -= 1

    def of_kind(self, kind: str) -> list[Logged]:
        with self._lock:
            return [r for r in self.requests if r.kind == kind]

    def _take_rule(self, kind: str, prompt: str) -> Rule:
        with self._lock:
            for rule in self.rules:
                wanted = rule.kind in (kind, "any") and (rule.match is None or rule.match in prompt)
                if rule.times > 0 and wanted:
                    rule.times -= 1
                    return rule
        return Rule(kind=kind, action="valid")

    def answer(self, provider: str, first_prompt: str, last_user: str) -> tuple[int, str, Rule]:
        repair = last_user != first_prompt
        blocks = extract_blocks(first_prompt)
        spec = blocks.get("task_spec", {})
        kind = str(spec.get("kind", "unknown"))
        rule = self._take_rule(kind, first_prompt)
        status = rule.status if rule.action == "status" else 200
        with self._lock:  # logged on arrival: a request in flight is already a model call
            self.requests.append(
                Logged(
                    provider=provider,
                    kind=kind,
                    lesson_id=spec.get("lesson_id"),
                    revision=spec.get("revision"),
                    repair=repair,
                    status=status,
                    action=rule.action,
                    prompt=first_prompt,
                    last_user=last_user,
                )
            )
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._wait_if_held(kind)
            if self.latency:
                time.sleep(self.latency)
        finally:
            with self._lock:
                self.in_flight -= 1
        text = _body(rule, first_prompt) if rule.action != "status" else ""
        return (rule.status if rule.action == "status" else 200), text, rule


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a cancelled activity, a killed worker) is expected here.
        return None


def _text(content: Any) -> str:
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content)
    return str(content)


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _sentences(body: str) -> list[str]:
    return [s.strip(" #*") for s in _SENTENCE.split(body) if len(s.split()) >= 3]


def _best_quote(text: str, bodies: list[str]) -> str:
    """The sentence of ``bodies`` sharing most words with ``text`` (verbatim)."""
    words = set(re.findall(r"\w+", text.lower()))
    candidates = [s for body in bodies for s in _sentences(body)]
    if not candidates:
        return ""
    return max(candidates, key=lambda s: len(words & set(re.findall(r"\w+", s.lower()))))


def judge_answer(blocks: dict[str, Any], action: str = "valid") -> dict[str, Any]:
    """A judge that approves with quotes copied from the lesson ("valid"), or that approves
    everything with invented quotes ("invent_quotes")."""
    plan, content = blocks["lesson_plan"], blocks["lesson_content"]
    sections = content["sections"]
    overview = ("overview", "introduction", "überblick", "einführung", "resumen")
    teaching = [s["body_markdown"] for s in sections if s["title"].lower() not in overview]
    invent = action == "invent_quotes"
    return {
        "objectives": [
            {"objective": o, "taught": True,
             "quote": "as the lesson clearly explains in detail" if invent
             else _best_quote(o, teaching)}
            for o in plan["objectives"]
        ],
        "questions": [
            {"question": x["number"], "key_correct": True, "explanation_agrees": True,
             "quote": "the section states this answer plainly" if invent
             else _best_quote(x["prompt"] + " " + x["options"][x["answer_index"]],
                              [s["body_markdown"] for s in sections[x["section_number"] - 1:]
                               [:1]])}
            for x in content["quiz"]
        ],
    }  # fmt: skip


def _body(rule: Rule, prompt: str) -> str:
    blocks = extract_blocks(prompt)
    if blocks.get("task_spec", {}).get("kind") == "judge":
        if rule.action == "verdict" and rule.verdict is not None:
            return json.dumps(rule.verdict)
        return json.dumps(judge_answer(blocks, rule.action))
    valid = offline_answer(prompt)
    if rule.action == "malformed":
        return valid.replace('", "', '" "', 1)  # a missing comma: looks like JSON, is not
    if rule.action == "prose":
        return f"Sure! Here is the JSON you asked for:\n{valid}\nLet me know if it helps."
    data = json.loads(valid)
    if rule.action == "wrong_counts":
        data["modules"] = data["modules"][:-1] or []
    if rule.action == "wrong_types":
        data["modules"] = "three modules"
    if rule.action == "html":  # markup a model should never get into the catalogue
        data["sections"][0]["body_markdown"] += (
            "\n<script>alert('x')</script><img src=x onerror=alert(1)> [link](javascript:alert(1))"
        )
        data["quiz"][0]["options"][0]["text"] += " <b onclick=alert(1)>bold</b>"
    if rule.action == "two_correct":
        for option in data["quiz"][0]["options"]:
            option["correct"] = True
    return json.dumps(data)


def _handler_for(fake: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return None

        def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(raw)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            if self.path.rstrip("/").endswith("/chat/completions"):
                self._openai(payload)
            elif self.path.rstrip("/").endswith("/v1/messages"):
                self._anthropic(payload)
            elif self.path.rstrip("/").endswith("/images/generations"):
                self._image(payload)
            else:
                self._send(404, {"error": {"message": "unknown path"}}, {})

        def _prompt(self, messages: list[dict[str, Any]]) -> tuple[str, str]:
            users = [_text(m["content"]) for m in messages if m.get("role") == "user"]
            return (users[0], users[-1]) if users else ("", "")

        def _error_headers(self, rule: Rule) -> dict[str, str]:
            return {"retry-after": str(rule.retry_after)} if rule.retry_after is not None else {}

        def _openai(self, payload: dict[str, Any]) -> None:
            prompt, last = self._prompt(payload.get("messages", []))
            status, text, rule = fake.answer("openai", prompt, last)
            if status != 200:
                error = {"message": f"scripted {status}", "type": ERROR_TYPES.get(status, "error")}
                self._send(status, {"error": error}, self._error_headers(rule))
                return
            usage = {
                "prompt_tokens": len(prompt) // 4,
                "completion_tokens": len(text) // 4,
                "total_tokens": (len(prompt) + len(text)) // 4,
                "prompt_tokens_details": {"cached_tokens": 0},
            }
            self._send(
                200,
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": payload.get("model", "fake"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": usage,
                },
                {},
            )

        def _image(self, payload: dict[str, Any]) -> None:
            with fake._lock:
                fake.image_prompts.append(str(payload.get("prompt", "")))
                status = fake.image_errors.pop(0) if fake.image_errors else 200
            if status != 200:
                error = {"message": "scripted image failure", "type": "invalid_request_error"}
                self._send(status, {"error": error}, {"retry-after": "1"})
                return
            data = [{"b64_json": base64.b64encode(FAKE_IMAGE).decode()}]
            self._send(200, {"created": int(time.time()), "data": data}, {})

        def _anthropic(self, payload: dict[str, Any]) -> None:
            prompt, last = self._prompt(payload.get("messages", []))
            status, text, rule = fake.answer("anthropic", prompt, last)
            if status != 200:
                error = {"type": ERROR_TYPES.get(status, "api_error"), "message": "scripted"}
                body = {"type": "error", "error": error}
                self._send(status, body, self._error_headers(rule))
                return
            usage = {
                "input_tokens": len(prompt) // 4,
                "output_tokens": len(text) // 4,
                "cache_read_input_tokens": 0,
                "cache_creation_input_tokens": 0,
            }
            self._send(
                200,
                {
                    "id": "msg_fake",
                    "type": "message",
                    "role": "assistant",
                    "model": payload.get("model", "fake"),
                    "content": [{"type": "text", "text": text}],
                    "stop_reason": "end_turn",
                    "stop_sequence": None,
                    "usage": usage,
                },
                {},
            )

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per answer")
    args = parser.parse_args()
    server = FakeLLMServer(latency=args.latency, host=args.host, port=args.port)
    print(f"fake LLM on http://{args.host}:{server.port} (OpenAI: /v1, Anthropic: /)")
    try:
        server._server.serve_forever()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
