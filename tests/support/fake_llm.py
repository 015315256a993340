"""A local HTTP server speaking the OpenAI chat-completions and Anthropic Messages wire formats.

Tests drive the real ``openai`` / ``anthropic`` SDKs against it. By default it answers every
courseflow prompt with valid outline/lesson JSON derived from the prompt (the offline
generator); tests script misbehaviour per request kind:

    fake.script("outline", "malformed")            # not JSON, once
    fake.script("lesson", "status", status=429, retry_after=1)
    fake.script("lesson", "two_correct", match="part 1.1")
    fake.script("outline", "deep")                  # JSON nested far beyond any schema

Structured outputs are honoured as the real APIs do: with an OpenAI ``response_format`` the
reply is the JSON text; with a forced Anthropic tool the reply is a ``tool_use`` block (when
the scripted answer is a JSON object at all). Each logged request keeps what was sent
(``response_format``, ``tools``, ``tool_choice``, ``cache_control``).

Prompt caching: a repeated prompt prefix of at least the model's documented minimum
(``cache_minimum``; ``cache_min_tokens`` overrides it for every model) is reported as cached
(OpenAI ``prompt_tokens_details.cached_tokens``, from 1,024 tokens in steps of 128;
Anthropic ``cache_read_input_tokens`` for the prefix up to the block marked
``cache_control``, ``cache_creation_input_tokens`` the first time).

Input tokens are counted as the real APIs bill them (``prompt_tokens``): the schema a call
sends is input too (OpenAI ``response_format``, Anthropic ``tools``), and Anthropic adds its
tool-use system prompt (``TOOL_USE_SYSTEM_TOKENS``) to a call that has tools. Order is the
providers': tools, then system, then messages, so a cached Anthropic prefix includes the
tool definitions. A cached prefix is readable only from the writing call's first token
(``ttft_s`` after it arrived): calls sent together all write it, as with the real APIs. A
token is four characters.

Quotas (benchmarks): ``rpm``/``tpm`` per ``window_s`` (a sliding window) answer 429 with
``retry-after``; a call counts what its usage reports, every input token (system prompt and
all messages, as the real APIs count them) plus its output. With ``tokens_per_s`` an answer
takes ``ttft_s + output tokens / tokens_per_s``.

Every request is logged (``fake.requests``) with its kind, lesson ID, revision and answer.
Standalone, for benchmarks: ``python -m tests.support.fake_llm --port 8765 --latency 0.5``.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from adapters.llm.offline import offline_answer
from adapters.llm.port import OPENAI_CACHE_MINIMUM, prompt_cache_minimum
from adapters.llm.prompts import extract_blocks
from services.generation.text import OVERVIEW_TITLE

# Anthropic's tool-use system prompt, added to every call with tools (its tool-use pricing
# page, Claude 4.x models): 313 tokens with tool_choice any/tool, 346 with auto/none.
TOOL_USE_SYSTEM_TOKENS = {"any": 313, "tool": 313, "auto": 346, "none": 346}


def cache_minimum(provider: str, model: str) -> int:
    """The documented minimum cacheable prefix of ``model`` in tokens: Anthropic's per model
    as its prompt-caching page lists them, OpenAI's 1,024 (the tables the adapters use)."""
    return prompt_cache_minimum(provider, model) or OPENAI_CACHE_MINIMUM


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
    request: dict[str, Any] = field(default_factory=dict)  # the request body as sent
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0


class FakeLLMServer:
    def __init__(
        self,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        rpm: int | None = None,
        tpm: int | None = None,
        window_s: float = 60.0,
        ttft_s: float = 0.0,
        tokens_per_s: float | None = None,
        cache_min_tokens: int | None = None,
    ) -> None:
        self.latency = latency
        self.rpm, self.tpm, self.window_s = rpm, tpm, window_s
        self.ttft_s, self.tokens_per_s = ttft_s, tokens_per_s
        self.cache_min_tokens = cache_min_tokens  # None: each model's documented minimum
        self._spent: list[tuple[float, int]] = []  # (time, tokens) of admitted calls
        # Cached prefixes and prompts with the moment each becomes readable (see below).
        self._seen_prefixes: dict[str, float] = {}
        self._seen_prompts: list[tuple[str, float]] = []
        self.rate_limited = 0  # 429s answered by the quota
        self.usage_log: list[tuple[int, int]] = []  # (input, cached) tokens per answered call
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

    def log_usage(self, input_tokens: int, cached_tokens: int) -> None:
        """Usage of the request logged last on this thread's call (for cost benchmarks)."""
        with self._lock:
            self.usage_log.append((input_tokens, cached_tokens))

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

    # --- quota and caching ------------------------------------------------------------------
    def _admit(self, tokens: int) -> float | None:
        """None: the call fits the quota (and is counted); else seconds until it would."""
        now = time.monotonic()
        with self._lock:
            self._spent = [(t, n) for t, n in self._spent if t > now - self.window_s]
            waits = []
            if self.rpm is not None and len(self._spent) >= self.rpm:
                waits.append(self._spent[len(self._spent) - self.rpm][0] + self.window_s - now)
            if self.tpm is not None:
                used = sum(n for _, n in self._spent)
                for t, n in self._spent:  # the oldest calls leave the window first
                    if used + tokens <= self.tpm:
                        break
                    used -= n
                    waits.append(t + self.window_s - now)
            if waits:
                self.rate_limited += 1
                return max(0.01, max(waits))
            self._spent.append((now, tokens))
            return None

    def cached_prefix_tokens(
        self,
        provider: str,
        model: str,
        prompt: str,
        marked: str | None,
        extra_tokens: int = 0,
        arrived: float | None = None,
    ) -> int:
        """Tokens of ``prompt`` a real API would serve from its cache (then remembers it).
        ``extra_tokens`` precede the text (Anthropic's tool-use system prompt); an Anthropic
        answer is negative when the prefix was written to the cache instead of read.

        A prefix becomes readable only once the call that wrote it has its first token
        (``ttft_s`` after it ``arrived``): "a cache entry only becomes available after the
        first response begins" (Anthropic's prompt-caching page), so calls sent together
        each write it."""
        minimum = self.cache_min_tokens or cache_minimum(provider, model)
        arrived = time.monotonic() if arrived is None else arrived
        readable_at = arrived + self.ttft_s
        with self._lock:
            if provider == "anthropic":
                tokens = extra_tokens + len(marked) // 4 if marked is not None else 0
                if tokens < minimum:
                    return 0
                key = f"{model}\n{marked}"  # each model has its own cache
                hit = self._seen_prefixes.get(key, math.inf) <= arrived
                if not hit:
                    earliest = min(self._seen_prefixes.get(key, math.inf), readable_at)
                    self._seen_prefixes[key] = earliest
                return tokens if hit else -tokens
            ready = [seen for seen, at in self._seen_prompts if at <= arrived]
            longest = max((_common(prompt, seen) for seen in ready), default=0)
            self._seen_prompts = [*self._seen_prompts[-63:], (prompt, readable_at)]
        tokens = longest // 4
        return (tokens // 128) * 128 if tokens >= minimum else 0

    def answer(
        self, provider: str, first_prompt: str, last_user: str, sent: dict[str, Any] | None = None
    ) -> tuple[int, str, Rule]:
        repair = last_user != first_prompt
        blocks = extract_blocks(first_prompt)
        spec = blocks.get("task_spec", {})
        kind = str(spec.get("kind", "unknown"))
        # The outline names every lesson: matching and logs look at the lesson's own part.
        own = _OUTLINE_BLOCK.sub("", first_prompt)
        rule = self._take_rule(kind, own)
        status = rule.status if rule.action == "status" else 200
        text = _body(rule, first_prompt) if rule.action != "status" else ""
        # The input the usage reports (and a provider's quota counts): without the request
        # (direct calls), the first prompt.
        input_tokens = prompt_tokens(provider, sent) if sent else len(first_prompt) // 4
        retry = None
        if status == 200 and (self.rpm is not None or self.tpm is not None):
            retry = self._admit(input_tokens + len(text) // 4)
            if retry is not None:
                status, text = 429, ""
                rule = Rule(kind=kind, action="status", status=429, retry_after=round(retry, 3))
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
                    prompt=own,
                    last_user=last_user,
                    request=sent or {},
                    input_tokens=input_tokens,
                    output_tokens=len(text) // 4,
                )
            )
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._wait_if_held(kind)
            if self.latency:
                time.sleep(self.latency)
            if status == 200 and self.tokens_per_s:
                time.sleep(self.ttft_s + (len(text) // 4) / self.tokens_per_s)
        finally:
            with self._lock:
                self.in_flight -= 1
        return status, text, rule


class _QuietServer(ThreadingHTTPServer):
    # A provider's API takes a burst of connections (calls released together, e.g. after
    # waiting for a prompt-cache write); the socketserver default backlog of 5 resets them.
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a cancelled activity, a killed worker) is expected here.
        return None


_OUTLINE_BLOCK = re.compile(r"<course_outline>\n.*?\n</course_outline>", re.DOTALL)


def _common(a: str, b: str) -> int:
    """Length of the common prefix. A binary search over slice comparisons (C speed): the
    fake shares the benchmark's process, and a per-character loop over every remembered
    prompt took the worker's CPU (course prompts share thousands of characters)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def input_text(provider: str, payload: dict[str, Any]) -> str:
    """Every input character of a request in the order the provider reads it: the schema
    it must answer in (OpenAI ``response_format``; Anthropic ``tools``), the system prompt
    (Anthropic's ``system``; in OpenAI's messages) and all messages, repairs included."""
    blocks = _request_blocks(payload)
    return _schema_text(provider, payload) + "".join(str(b.get("text", "")) for b in blocks)


def prompt_tokens(provider: str, payload: dict[str, Any]) -> int:
    """The input tokens a call is billed for: its text, and Anthropic's tool-use system
    prompt when it has tools."""
    return len(input_text(provider, payload)) // 4 + _tool_use_tokens(provider, payload)


def _tool_use_tokens(provider: str, payload: dict[str, Any]) -> int:
    if provider != "anthropic" or not payload.get("tools"):
        return 0
    choice = (payload.get("tool_choice") or {}).get("type", "auto")
    return TOOL_USE_SYSTEM_TOKENS.get(choice, TOOL_USE_SYSTEM_TOKENS["auto"])


def _schema_text(provider: str, payload: dict[str, Any]) -> str:
    """The tool definitions and the response format as the model is shown them (JSON)."""
    parts = []
    if payload.get("tools"):
        parts.append(json.dumps(payload["tools"]))
    if provider == "openai" and payload.get("response_format"):
        parts.append(json.dumps(payload["response_format"]))
    return "".join(parts)


def _request_blocks(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The system prompt and messages as content blocks, in order (Anthropic's ``system``
    may be a string or blocks; OpenAI's is a message)."""
    contents = [payload.get("system", "")]
    contents += [m.get("content", "") for m in payload.get("messages", [])]
    blocks: list[dict[str, Any]] = []
    for content in contents:
        blocks.extend(content if isinstance(content, list) else [{"text": content}])
    return blocks


def _deep(levels: int = 20_000) -> str:
    return '{"title": ' + "[" * levels + "1" + "]" * levels + "}"


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
    everything with invented quotes ("invent_quotes"). It reads the lesson as the judge
    prompt renders it (``prompts.judge_lesson_data``: numbers are positions from 1)."""
    plan, content = blocks["lesson_plan"], blocks["lesson_content"]
    sections = content["sections"]
    # As the judge prompt asks: quotes from teaching sections, not an overview or summary.
    teaching = [s["body"] for s in sections if not OVERVIEW_TITLE.match(s["title"])]
    invent = action == "invent_quotes"
    return {
        "objectives": [
            {"objective": o, "taught": True,
             "quote": "as the lesson clearly explains in detail" if invent
             else _best_quote(o, teaching)}
            for o in plan["objectives"]
        ],
        "questions": [
            {"question": n, "key_correct": True, "options_distinct": True,
             "explanation_agrees": True,
             "quote": "the section states this answer plainly" if invent
             else _best_quote(x["prompt"] + " " + x["options"][x["key"] - 1],
                              [s["body"] for s in sections[x["section"] - 1:][:1]])}
            for n, x in enumerate(content["quiz"], 1)
        ],
    }  # fmt: skip


def _body(rule: Rule, prompt: str) -> str:
    blocks = extract_blocks(prompt)
    if blocks.get("task_spec", {}).get("kind") == "judge":
        if rule.action == "verdict" and rule.verdict is not None:
            return json.dumps(rule.verdict)
        return json.dumps(judge_answer(blocks, rule.action))
    valid = offline_answer(prompt)
    if rule.action == "deep":  # nesting that exhausts a recursive decoder
        return _deep()
    if rule.action == "oversized":  # a runaway reply, far over any size limit
        return valid[:-1] + ', "padding": "' + "x" * 400_000 + '"}'
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
    if rule.action == "markup_emptied":  # markup that sanitising removes to nothing
        if "modules" in data:
            data["modules"][0]["title"] = "<script>alert('x')</script>"
        else:
            data["sections"][0]["title"] = "<style>p{}</style>"
    if rule.action == "markup" and "modules" in data:  # markup that leaves text behind
        data["title"] = "<b onclick=alert(1)>Bold</b> statistics"
        data["modules"][0]["title"] = "<i>Intro</i> <img src=x onerror=alert(1)>to means"
        data["modules"][0]["lessons"][0]["title"] = "<a href=javascript:x>Averages</a> now"
    if rule.action == "two_correct":
        for option in data["quiz"][0]["options"]:
            option["correct"] = True
    return json.dumps(data)


def _marked_prefix(payload: dict[str, Any]) -> str | None:
    """The prompt up to the last block marked ``cache_control`` (what Anthropic caches):
    tools, system and messages in that order."""
    text, marked = _schema_text("anthropic", payload), None
    tools = payload.get("tools") or []
    if tools and tools[-1].get("cache_control"):
        marked = text
    for block in _request_blocks(payload):
        text += str(block.get("text", ""))
        if block.get("cache_control"):
            marked = text
    return marked


def _anthropic_content(payload: dict[str, Any], text: str) -> tuple[list[dict[str, Any]], str]:
    """A forced tool call answers with a tool_use block, when the answer is a JSON object."""
    choice = payload.get("tool_choice") or {}
    if choice.get("type") == "tool":
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict):
            block = {"type": "tool_use", "id": "toolu_fake", "name": choice["name"], "input": value}
            return [block], "tool_use"
    return [{"type": "text", "text": text}], "end_turn"


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
            arrived = time.monotonic()
            messages = payload.get("messages", [])
            prompt, last = self._prompt(messages)
            status, text, rule = fake.answer("openai", prompt, last, payload)
            if status != 200:
                error = {"message": f"scripted {status}", "type": ERROR_TYPES.get(status, "error")}
                self._send(status, {"error": error}, self._error_headers(rule))
                return
            whole = input_text("openai", payload)
            model = str(payload.get("model", ""))
            cached = fake.cached_prefix_tokens("openai", model, whole, None, arrived=arrived)
            billed = prompt_tokens("openai", payload)
            fake.log_usage(billed, cached)
            usage = {
                "prompt_tokens": billed,
                "completion_tokens": len(text) // 4,
                "total_tokens": billed + len(text) // 4,
                "prompt_tokens_details": {"cached_tokens": cached},
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
            arrived = time.monotonic()
            messages = payload.get("messages", [])
            prompt, last = self._prompt(messages)
            status, text, rule = fake.answer("anthropic", prompt, last, payload)
            if status != 200:
                error = {"type": ERROR_TYPES.get(status, "api_error"), "message": "scripted"}
                body = {"type": "error", "error": error}
                self._send(status, body, self._error_headers(rule))
                return
            whole = input_text("anthropic", payload)
            model = str(payload.get("model", ""))
            tool_use = _tool_use_tokens("anthropic", payload)
            cache = fake.cached_prefix_tokens(
                "anthropic", model, whole, _marked_prefix(payload), tool_use, arrived
            )
            read, written = max(cache, 0), max(-cache, 0)
            billed = prompt_tokens("anthropic", payload)
            fake.log_usage(billed, read)
            usage = {
                "input_tokens": billed - read - written,
                "output_tokens": len(text) // 4,
                "cache_read_input_tokens": read,
                "cache_creation_input_tokens": written,
            }
            content, stop = _anthropic_content(payload, text)
            self._send(
                200,
                {
                    "id": "msg_fake",
                    "type": "message",
                    "role": "assistant",
                    "model": payload.get("model", "fake"),
                    "content": content,
                    "stop_reason": stop,
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
