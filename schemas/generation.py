"""Course generation: the API request, the model's output schemas, and every workflow and
activity input/output of the generation pipeline. Large content never travels through
workflow history: activities write it to the database and return IDs and counts."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
    model_validator,
)

from schemas.enums import Difficulty, GenerationStage, GenerationStatus
from schemas.notifications import NotifyUserInput
from schemas.numbers import JsonDecimal

# Temporal names of the generation workflows (see schemas/enrollment.py for why by name).
COURSE_GENERATION_WORKFLOW = "CourseGenerationWorkflow"
LESSON_REGENERATION_WORKFLOW = "LessonRegenerationWorkflow"
PROGRESS_QUERY = "get_progress"
REVIEW_UPDATE = "review"

MAX_MODULES = 12
MAX_LESSONS_PER_MODULE = 8

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]

# Obvious attempts to steer the model from inside the author's text. Prompts also wrap that
# text in data tags with "<" and ">" escaped, so this screen is the first of two defences.
_INJECTION = re.compile(
    r"(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+|your\s+)*"
    r"(previous|prior|above|earlier|system|original)\s+(instructions|prompts?|rules|messages)"
    r"|system\s+prompt|developer\s+mode|jailbreak|you\s+are\s+now\s+|new\s+instructions\s*:"
    r"|</?\s*(system|assistant|user|course_request|lesson_plan|instructor_notes|task_spec)\b",
    re.IGNORECASE,
)


def find_prompt_injection(text: str) -> str | None:
    """The offending fragment when ``text`` tries to give the model instructions."""
    match = _INJECTION.search(text)
    return match.group(0) if match else None


def _screened(text: str) -> str:
    if "\x00" in text:
        raise ValueError("contains a NUL character")
    fragment = find_prompt_injection(text)
    if fragment is not None:
        raise ValueError(
            f"looks like an instruction to the model ({fragment!r}); describe the course instead"
        )
    return text


def _screened_list(values: list[str]) -> list[str]:
    for value in values:
        _screened(value)
    return values


Screened = AfterValidator(_screened)


# --- API request ------------------------------------------------------------------------
class CourseGenerationRequest(BaseModel):
    """``POST /course-generations``: what the author wants. Everything here is untrusted data."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[Title, Screened]
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=10, max_length=4000), Screened
    ]
    audience: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), Screened] | None
    ) = None
    difficulty: Difficulty = Difficulty.beginner
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    module_count: int = Field(default=3, ge=1, le=MAX_MODULES)
    lessons_per_module: int = Field(default=3, ge=1, le=MAX_LESSONS_PER_MODULE)
    learning_objectives: Annotated[
        list[ShortText], Field(max_length=20), AfterValidator(_screened_list)
    ] = Field(default_factory=list)
    review: bool = False
    price_cents: int = Field(default=0, ge=0, le=10_000_000)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    capacity: int | None = Field(default=None, ge=1, le=1_000_000)
    enrollment_opens_at: datetime | None = None
    enrollment_closes_at: datetime | None = None
    prerequisite_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _window(self) -> CourseGenerationRequest:
        opens, closes = self.enrollment_opens_at, self.enrollment_closes_at
        for value in (opens, closes):
            if value is not None and value.tzinfo is None:
                raise ValueError("enrollment window timestamps need a timezone offset")
        if opens is not None and closes is not None and closes <= opens:
            raise ValueError("enrollment_closes_at must be after enrollment_opens_at")
        return self


# --- a run's request, as stored on its row -----------------------------------------------
class CourseBrief(BaseModel):
    """What every prompt says about the course: the author's words, already screened.

    Every field has a default, so a stored row missing one still reads (it is data kept
    for the run, validated when the API accepted it).
    """

    model_config = ConfigDict(extra="ignore")

    title: str = ""
    description: str = ""
    audience: str | None = None
    difficulty: Difficulty = Difficulty.beginner
    language: str = "en"
    learning_objectives: list[str] = Field(default_factory=list)


class CourseGenerationRun(CourseBrief):
    """A course generation's request on its ``course_generations`` row.

    Lenient on purpose (no screening, extra keys ignored): it reads back what an earlier
    version stored. Rows written before ``kind`` existed have no ``kind``; they load as this.
    """

    kind: Literal["course_generation"] = "course_generation"
    module_count: int = 3
    lessons_per_module: int = 3
    review: bool = False
    price_cents: int = 0
    currency: str = "USD"
    capacity: int | None = None
    enrollment_opens_at: datetime | None = None
    enrollment_closes_at: datetime | None = None
    prerequisite_ids: list[uuid.UUID] = Field(default_factory=list)

    @classmethod
    def of(cls, body: CourseGenerationRequest) -> CourseGenerationRun:
        return cls.model_validate(body.model_dump())

    def brief(self) -> CourseBrief:
        return CourseBrief.model_validate(self.model_dump(include=set(CourseBrief.model_fields)))

    @property
    def planned_lessons(self) -> int:
        """Lessons the run will write, before its draft course tells the real number."""
        return self.module_count * self.lessons_per_module


class LessonRegenerationRun(BaseModel):
    """One lesson written again with the instructor's instructions."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["lesson_regeneration"] = "lesson_regeneration"
    lesson_id: uuid.UUID
    instructions: str
    course_request: CourseBrief

    def brief(self) -> CourseBrief:
        return self.course_request

    @property
    def planned_lessons(self) -> int:
        return 0  # the course's lessons are counted from its draft


def _request_kind(value: Any) -> str:
    """The stored ``kind``; rows from before it existed are course generations."""
    if isinstance(value, dict):
        return str(value.get("kind", "course_generation"))
    return str(getattr(value, "kind", "course_generation"))


GenerationRequest = Annotated[
    Annotated[CourseGenerationRun, Tag("course_generation")]
    | Annotated[LessonRegenerationRun, Tag("lesson_regeneration")],
    Discriminator(_request_kind),
]
GENERATION_REQUEST: TypeAdapter[CourseGenerationRun | LessonRegenerationRun] = TypeAdapter(
    GenerationRequest
)


# --- the model's output -----------------------------------------------------------------
class OutlineLesson(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: Title
    objectives: list[ShortText] = Field(min_length=1, max_length=8)
    estimated_minutes: int = Field(default=15, ge=3, le=240)


class OutlineModule(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: Title
    summary: Annotated[str, StringConstraints(max_length=2000)] = ""
    lessons: list[OutlineLesson] = Field(min_length=1, max_length=MAX_LESSONS_PER_MODULE)


class Outline(BaseModel):
    """Modules → lessons. Validated against the request's counts by ``check_counts``."""

    model_config = ConfigDict(extra="ignore")

    title: Title
    summary: Annotated[str, StringConstraints(max_length=4000)] = ""
    modules: list[OutlineModule] = Field(min_length=1, max_length=MAX_MODULES)

    def check_counts(self, module_count: int, lessons_per_module: int) -> list[str]:
        problems = []
        if len(self.modules) != module_count:
            problems.append(f"expected {module_count} modules, got {len(self.modules)}")
        for i, module in enumerate(self.modules, 1):
            if len(module.lessons) != lessons_per_module:
                problems.append(
                    f"module {i}: expected {lessons_per_module} lessons, got {len(module.lessons)}"
                )
        return problems

    @property
    def lesson_count(self) -> int:
        return sum(len(m.lessons) for m in self.modules)


class QuizOption(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    correct: bool = False


class QuizDraft(BaseModel):
    """Deliberately loose on the key: the quality checks, not parsing, judge it."""

    model_config = ConfigDict(extra="ignore")

    prompt: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]
    options: list[QuizOption] = Field(min_length=2, max_length=6)
    answer_index: int
    explanation: Annotated[str, StringConstraints(max_length=2000)] = ""
    section_index: int = Field(default=0, ge=0)


class SectionDraft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: Title
    body_markdown: Annotated[str, StringConstraints(min_length=20, max_length=20_000)]


class LessonContent(BaseModel):
    model_config = ConfigDict(extra="ignore")

    sections: list[SectionDraft] = Field(min_length=1, max_length=8)
    quiz: list[QuizDraft] = Field(min_length=1, max_length=10)


# --- workflow input/output ----------------------------------------------------------------
class GenerationLimits(BaseModel):
    """Settings frozen into the run at start, so a config change never alters a running run."""

    max_parallel: int = Field(default=8, ge=1)
    regeneration_attempts: int = Field(default=2, ge=0)
    review_deadline_s: int = Field(default=7 * 86_400, ge=1)
    budget_usd: Decimal | None = None
    budget_tokens: int | None = None
    llm_activity_timeout_s: float = 300.0
    llm_heartbeat_timeout_s: float = 30.0
    retry_initial_interval_s: float = 1.0
    retry_max_attempts: int = 6
    llm_task_queue: str = "courseflow-llm"
    judge: bool = False  # one judge call per lesson (a model provider is configured)


class CourseGenerationInput(BaseModel):
    generation_id: uuid.UUID
    requested_by: uuid.UUID
    title: str
    review: bool = False
    limits: GenerationLimits = Field(default_factory=GenerationLimits)


class CourseGenerationResult(BaseModel):
    generation_id: uuid.UUID
    status: GenerationStatus
    course_id: uuid.UUID | None = None
    course_status: str | None = None
    error: str | None = None
    findings: list[str] = Field(default_factory=list)


class GenerationProgress(BaseModel):
    """The workflow's ``progress`` query."""

    status: GenerationStatus = GenerationStatus.running
    stage: GenerationStage = GenerationStage.queued
    percent: int = 0
    lessons_done: int = 0
    lessons_total: int = 0
    tokens: int = 0
    cost_usd: JsonDecimal = Decimal(0)
    current_item: str | None = None
    course_id: uuid.UUID | None = None
    error: str | None = None
    input_tokens: int = 0  # of tokens: prompt tokens, cached or not
    cached_input_tokens: int = 0  # of input_tokens: read from the provider's prompt cache


class ReviewDecision(BaseModel):
    """The review Update (and the API body of ``POST …/review``)."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["approve", "reject"]
    outline: Outline | None = None
    reason: Annotated[str, StringConstraints(max_length=2000)] | None = None
    publish: bool = Field(
        default=False,
        description="approve only: publish the course when it is written and passes the "
        "quality checks (else it ends in `review`, published by POST /courses/{id}/publish)",
    )

    @model_validator(mode="after")
    def _publish_needs_approval(self) -> ReviewDecision:
        if self.publish and self.decision != "approve":
            raise ValueError("publish: only an approval can publish")
        return self


class ReviewAck(BaseModel):
    accepted: bool
    decision: Literal["approve", "reject"]
    # The run once the decision took effect (an approval: the draft course made; otherwise
    # the run ended and recorded); None from runs started before the handler waited.
    progress: GenerationProgress | None = None


# --- activity input/output ----------------------------------------------------------------
class StageInput(BaseModel):
    generation_id: uuid.UUID
    stage: GenerationStage
    status: GenerationStatus = GenerationStatus.running


class OutlineInput(BaseModel):
    generation_id: uuid.UUID
    budget_usd: Decimal | None = None
    budget_tokens: int | None = None


class Usage(BaseModel):
    tokens: int = 0
    cost_usd: Decimal = Decimal(0)
    calls: int = 0
    input_tokens: int = 0  # of ``tokens``: the prompt's, cached or not
    cached_tokens: int = 0  # of ``input_tokens``: read from the provider's prompt cache

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            tokens=self.tokens + other.tokens,
            cost_usd=self.cost_usd + other.cost_usd,
            calls=self.calls + other.calls,
            input_tokens=self.input_tokens + other.input_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
        )


class OutlineResult(BaseModel):
    modules: int
    lessons: int
    usage: Usage


class StoreOutlineInput(BaseModel):
    generation_id: uuid.UUID
    outline: Outline


class LessonRef(BaseModel):
    lesson_id: uuid.UUID
    title: str


class DraftCourse(BaseModel):
    course_id: uuid.UUID
    lessons: list[LessonRef]


class LessonJob(BaseModel):
    generation_id: uuid.UUID
    lesson_id: uuid.UUID
    # The revision this call must produce; a lesson already at it is not requested again.
    target_revision: int = Field(ge=1)
    findings: list[str] = Field(default_factory=list)
    instructions: str | None = None
    budget_usd: Decimal | None = None
    budget_tokens: int | None = None
    # The lesson activity also makes the judge's call for the revision it wrote (or found
    # written and not judged): one activity per lesson instead of two.
    judge: bool = False


class LessonResult(BaseModel):
    lesson_id: uuid.UUID
    revision: int
    sections: int
    questions: int
    reused: bool
    usage: Usage
    # With ``LessonJob.judge``: the judge's outcome (None: no judge call was made because the
    # run's budget was spent after the lesson, ``budget_spent``).
    judge: JudgeResult | None = None
    budget_spent: bool = False


class FindingCode(StrEnum):
    """Stable codes of quality findings: an author, a script or a prompt can rely on them."""

    key_count = "QUIZ_KEY_COUNT"  # not exactly one option marked correct
    key_range = "QUIZ_KEY_RANGE"  # the answer index is not an option
    key_mismatch = "QUIZ_KEY_MISMATCH"  # the index and the marked option differ
    option_duplicate = "QUIZ_OPTION_DUPLICATE"  # the same option twice (notation-aware)
    option_equal_value = "QUIZ_OPTION_EQUAL_VALUE"  # "25 %" and "0.25"
    option_near_duplicate = "QUIZ_OPTION_NEAR_DUPLICATE"  # the same words, inflected
    key_position_bias = "QUIZ_KEY_POSITION_BIAS"
    key_length_bias = "QUIZ_KEY_LENGTH_BIAS"
    explanation_contradicts = "QUIZ_EXPLANATION_CONTRADICTS_KEY"
    source_missing = "QUESTION_SOURCE_MISSING"  # its source section does not exist
    not_grounded = "QUESTION_NOT_GROUNDED"  # no section teaches what it asks
    wrong_source = "QUESTION_WRONG_SOURCE"  # another section teaches it, not its source
    objective_not_taught = "OBJECTIVE_NOT_TAUGHT"
    objective_only_overview = "OBJECTIVE_ONLY_IN_OVERVIEW"
    section_thin = "SECTION_TOO_THIN"
    section_duplicate = "SECTION_DUPLICATE"
    lesson_empty = "LESSON_EMPTY"
    course_objective = "COURSE_OBJECTIVE_NOT_COVERED"
    judge_objective = "JUDGE_OBJECTIVE_NOT_SHOWN"
    judge_key_wrong = "JUDGE_KEY_WRONG"
    judge_explanation = "JUDGE_EXPLANATION_DISAGREES"
    judge_not_grounded = "JUDGE_NOT_GROUNDED"
    judge_options = "JUDGE_OPTIONS_NOT_DISTINCT"  # two options are one answer, says the judge
    legacy = "LEGACY"  # a finding stored as text before findings had codes


class Settlement(BaseModel):
    """Why a soft doubt of the checks no longer holds a lesson: the judge showed the
    opposite with a quote the code found in the lesson (``services.generation.judge.settle``).
    The finding stays visible with this record; it is not open."""

    by: Literal["judge"] = "judge"
    rule: str  # which verified judge verdict settled it
    evidence: list[str] = Field(default_factory=list)  # the verified quote and where it is


class Finding(BaseModel):
    """One quality finding: what (``code``), where (section/question/objective, 1-based),
    and the evidence an author can check. A finding with ``settled`` was overruled by a
    verified judge verdict: it is shown, but holds nothing (``open`` is False)."""

    code: FindingCode
    message: str
    section: int | None = None
    question: int | None = None
    objective: str | None = None
    evidence: list[str] = Field(default_factory=list)
    source: Literal["checks", "judge"] = "checks"
    scope: Literal["lesson", "course"] = "lesson"
    settled: Settlement | None = None

    @property
    def open(self) -> bool:
        return self.settled is None

    @property
    def pointer(self) -> str:
        if self.question is not None:
            return f"question {self.question}"
        if self.section is not None:
            return f"section {self.section}"
        if self.objective is not None:
            return f"objective {self.objective!r}"
        return self.scope

    @property
    def key(self) -> str:
        """Stable for the same defect at the same place: what an override names."""
        where = self.objective if self.objective is not None else self.pointer
        return f"{self.code.value}:{where}"

    def line(self) -> str:
        """The finding as one line (workflow history, notifications, the regeneration prompt)."""
        settled = (
            f" (settled by the {self.settled.by}: {self.settled.rule})" if self.settled else ""
        )
        return f"[{self.code.value}] {self.pointer}: {self.message}{settled}"


def stored_finding(raw: Any) -> Finding:
    """A finding as stored in a JSON column (text before findings had codes)."""
    if isinstance(raw, str):
        return Finding(code=FindingCode.legacy, message=raw)
    return Finding.model_validate(raw)


# --- the judge (one structured call per lesson when a model is configured) ---------------
class ObjectiveVerdict(BaseModel):
    model_config = ConfigDict(extra="ignore")

    objective: Annotated[str, StringConstraints(max_length=500)]
    taught: bool
    quote: Annotated[str, StringConstraints(max_length=2000)] = ""


class QuestionVerdict(BaseModel):
    model_config = ConfigDict(extra="ignore")

    question: int = Field(ge=1, le=50)  # 1-based, as numbered in the prompt
    key_correct: bool
    # Every option a different answer: not one answer reworded, inflected or in another
    # notation. Defaults to true for a reply without it (a repair, an older server).
    options_distinct: bool = True
    explanation_agrees: bool
    quote: Annotated[str, StringConstraints(max_length=2000)] = ""


class LessonVerdict(BaseModel):
    """The judge's reply: per objective whether it is taught and a verbatim quote showing it;
    per question whether the key is right, whether its options are different answers, whether
    the explanation agrees with the key, and a verbatim quote from its source section. The
    code verifies every quote."""

    model_config = ConfigDict(extra="ignore")

    objectives: list[ObjectiveVerdict] = Field(default_factory=list, max_length=20)
    questions: list[QuestionVerdict] = Field(default_factory=list, max_length=20)


class JudgeJob(BaseModel):
    generation_id: uuid.UUID
    lesson_id: uuid.UUID
    revision: int = Field(ge=1)  # the lesson revision to judge; another revision is skipped
    budget_usd: Decimal | None = None
    budget_tokens: int | None = None


class JudgeResult(BaseModel):
    lesson_id: uuid.UUID
    judged: bool  # False: already judged, or the lesson is at another revision
    findings: int = 0
    usage: Usage = Field(default_factory=lambda: Usage())


class QualityInput(BaseModel):
    course_id: uuid.UUID
    lesson_ids: list[uuid.UUID] | None = None
    stage: GenerationStage | None = None  # also record this stage in the same transaction


class LessonFindings(BaseModel):
    lesson_id: uuid.UUID
    revision: int
    findings: list[str]


class QualityReport(BaseModel):
    failing: list[LessonFindings] = Field(default_factory=list)
    course_findings: list[str] = Field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failing and not self.course_findings


class ThumbnailInput(BaseModel):
    generation_id: uuid.UUID  # the key: the thumbnail may be drawn before the course exists
    title: str
    budget_usd: Decimal | None = None  # a paid image call counts toward the run's budget
    budget_tokens: int | None = None


def thumbnail_key(generation_id: uuid.UUID) -> str:
    """Where a run's thumbnail is stored: known before the course exists, the same on retry."""
    return f"thumbnails/{generation_id}.png"


class ThumbnailResult(BaseModel):
    key: str
    generated_by: Literal["openai", "pillow", "existing"]
    usage: Usage = Field(default_factory=Usage)  # what a paid image call cost


class PublishInput(BaseModel):
    generation_id: uuid.UUID
    course_id: uuid.UUID
    thumbnail_key: str | None
    publish: bool
    findings: list[str] = Field(default_factory=list)
    lesson_findings: list[LessonFindings] = Field(default_factory=list)


class PublishResult(BaseModel):
    course_id: uuid.UUID
    course_status: str
    already_done: bool


class FinishInput(BaseModel):
    generation_id: uuid.UUID
    status: GenerationStatus
    error: str | None = None
    cancel_course: bool = False


class AuthorNoticeInput(BaseModel):
    """What the author's "course generated" notification is made of; its wording follows the
    course's status after publishing (``author_notice``)."""

    generation_id: uuid.UUID
    requested_by: uuid.UUID
    title: str
    findings: list[str] = Field(default_factory=list)


class CloseInput(BaseModel):
    """A run's last step in one local activity: publish, notify the author, record the end."""

    publish: PublishInput
    notice: AuthorNoticeInput


def author_notice(notice: AuthorNoticeInput, course_status: str) -> NotifyUserInput:
    """The author's notification once the course is published or sent to review."""
    if course_status == "published":
        subject = f"Your course “{notice.title}” is published"
        body = "Your generated course passed every check and is now published."
    else:
        subject = f"Your course “{notice.title}” is ready for review"
        body = "Your generated course is waiting for your review before publishing."
        if notice.findings:
            body += "\n\nQuality findings:\n" + "\n".join(f"- {f}" for f in notice.findings[:50])
    return NotifyUserInput(
        user_id=notice.requested_by,
        kind="course.generated",
        subject=subject[:300],
        body=body,
        dedupe_key=f"course-gen-{notice.generation_id}-finished",
    )


class LessonRegenerationInput(BaseModel):
    generation_id: uuid.UUID
    requested_by: uuid.UUID
    course_id: uuid.UUID
    lesson_id: uuid.UUID
    target_revision: int
    instructions: str
    limits: GenerationLimits = Field(default_factory=GenerationLimits)


# --- API output ---------------------------------------------------------------------------
class GenerationLinks(BaseModel):
    self: str
    events: str
    review: str
    cancel: str
    course: str | None = None


class GenerationAccepted(BaseModel):
    id: uuid.UUID
    workflow_id: str
    status: GenerationStatus
    links: GenerationLinks


class GenerationOut(BaseModel):
    id: uuid.UUID
    workflow_id: str
    status: GenerationStatus
    stage: GenerationStage
    percent: int
    lessons_done: int
    lessons_total: int
    tokens: int
    cost_usd: JsonDecimal = Field(description="US dollars, a JSON number with up to 6 decimals")
    input_tokens: int = Field(0, description="prompt tokens of all calls, cached or not")
    cached_input_tokens: int = Field(
        0, description="of input_tokens: read from the provider's prompt cache (billed cheaper)"
    )
    current_item: str | None = None
    course_id: uuid.UUID | None = None
    error: str | None = None
    outline: dict[str, Any] | None = None
    links: GenerationLinks


TERMINAL_STATUSES = frozenset(
    {
        GenerationStatus.completed,
        GenerationStatus.rejected,
        GenerationStatus.failed,
        GenerationStatus.cancelled,
        GenerationStatus.budget_exceeded,
        GenerationStatus.review_expired,
    }
)

STAGE_PERCENT: dict[GenerationStage, int] = {
    GenerationStage.queued: 0,
    GenerationStage.outline: 5,
    GenerationStage.review: 10,
    GenerationStage.lessons: 15,
    GenerationStage.quality: 85,
    GenerationStage.thumbnail: 90,
    GenerationStage.publish: 95,
    GenerationStage.notify: 98,
    GenerationStage.done: 100,
}


def progress_percent(stage: GenerationStage, lessons_done: int, lessons_total: int) -> int:
    if stage == GenerationStage.lessons and lessons_total:
        return 15 + (70 * min(lessons_done, lessons_total)) // lessons_total
    return STAGE_PERCENT[stage]


# --- the review queue ---------------------------------------------------------------------
class FindingOverrideOut(BaseModel):
    reason: str
    accepted_by: uuid.UUID
    accepted_at: datetime
    lesson_revision: int


class FindingOut(BaseModel):
    """A finding in the review queue; ``accepted`` once an author overrode it."""

    key: str
    code: FindingCode
    pointer: str
    message: str
    section: int | None = None
    question: int | None = None
    objective: str | None = None
    evidence: list[str] = Field(default_factory=list)
    source: Literal["checks", "judge"] = "checks"
    lesson_id: uuid.UUID | None = None
    accepted: FindingOverrideOut | None = None
    # Overruled by a verified judge verdict (with its evidence): shown, never open.
    settled: Settlement | None = None


class LessonReview(BaseModel):
    lesson_id: uuid.UUID
    title: str
    revision: int
    findings: list[FindingOut]
    # Edited after the judge read it: the judge's findings of that revision were dropped.
    judge_stale: bool = False


class ReviewQueueOut(BaseModel):
    """Every finding of a course, per lesson, with its evidence; ``open`` counts the ones
    not accepted (publishing a generated course needs none open)."""

    course_id: uuid.UUID
    course_status: str
    open: int
    lessons: list[LessonReview]
    course_findings: list[FindingOut]


class AcceptFindingIn(BaseModel):
    """Accept one finding (``key`` from the review queue) of a lesson, or of the course when
    ``lesson_id`` is absent, for a recorded reason."""

    model_config = ConfigDict(extra="forbid")

    key: Annotated[str, StringConstraints(min_length=3, max_length=600)]
    lesson_id: uuid.UUID | None = None
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]


class StreamToken(BaseModel):
    """``POST …/events/token``: open the stream with ``url`` (``?access_token=``)."""

    access_token: str
    token_type: Literal["stream"] = "stream"  # noqa: S105 (a type, not a secret)
    expires_in: int = Field(description="seconds; the stream, once open, stays open")
    url: str
