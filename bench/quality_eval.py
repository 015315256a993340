"""Quality checks measured on the labelled corpus (bench/quality_corpus/corpus.json).

For every lesson: the findings of the deterministic checks (every provider runs them), and
with ``--judge`` also the judge's, asked through the real model port (OpenAI SDK) of a fake
model server scripted as a judge (tests/support/fake_llm.py). Prints, per split (tuning,
held-out), the catch rate per defect class (a defective lesson counts as caught only by a
finding about its actual defect: a code of its class pointing at the defective objective,
question or section) and the share of good lessons held (any open finding: one the judge did
not settle with verified evidence, ``Finding.settled``).

    python -m bench.quality_eval            # deterministic checks only
    python -m bench.quality_eval --judge    # plus the judge against the scripted fake server
    python -m bench.quality_eval -v         # also each miss and each good lesson held
    python -m bench.quality_eval --record   # also append the figures to bench/RESULTS.md
    python -m bench.quality_eval --batch 3  # only lessons of batch 3 (1,2: the older ones)
    python -m bench.quality_eval --announce # also the good lessons with a verbatim overview
    python -m bench.quality_eval --merge    # ... and with their sections merged into one
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.quality_corpus.build import CLASS_CODES, announced, merged
from schemas.generation import Finding, LessonContent
from services.generation.quality import lesson_findings

CORPUS = Path(__file__).parent / "quality_corpus" / "corpus.json"
SPLITS = ("tuning", "heldout")


def load() -> list[dict[str, Any]]:
    return list(json.loads(CORPUS.read_text()))


def checks(entry: dict[str, Any]) -> list[Finding]:
    content = LessonContent.model_validate(entry["content"])
    return lesson_findings(content, entry["objectives"], entry["language"])


def about(entry: dict[str, Any], finding: Finding) -> bool:
    """A finding about the entry's actual defect: one of its class's codes, pointing at the
    objective, question or section the defect is in (``defect`` in the corpus). A finding of
    the right code about another objective (a false doubt about a taught one) is no catch."""
    if not finding.open or finding.code.value not in CLASS_CODES[entry["label"]]:
        return False  # a doubt the judge settled with verified evidence catches nothing
    where = entry.get("defect") or {}
    return (
        not where
        or ("objective" in where and finding.objective == where["objective"])
        or ("question" in where and finding.question == where["question"])
        or ("section" in where and finding.section == where["section"])
    )


def score(
    entries: list[dict[str, Any]], found: dict[str, list[Finding]], verbose: bool
) -> dict[str, str]:
    """Prints the table; returns the headline figures per split (for ``--record``)."""
    figures: dict[str, str] = {}
    for split in (*SPLITS, "all"):
        chosen = [e for e in entries if split in ("all", e["split"])]
        good = [e for e in chosen if e["label"] == "good"]
        held = [e for e in good if _open(found[e["id"]])]
        per: dict[str, list[bool]] = defaultdict(list)
        for e in chosen:
            if e["label"] != "good":
                per[e["label"]].append(any(about(e, f) for f in found[e["id"]]))
        caught = sum(sum(v) for v in per.values())
        total = sum(len(v) for v in per.values())
        print(f"\n[{split}] {len(chosen)} lessons ({len(good)} good, {total} defective)")
        print(f"  {'defect class':26} caught")
        for label in CLASS_CODES:
            if per[label]:
                print(f"  {label:26} {sum(per[label])}/{len(per[label])}")
        print(f"  {'ALL DEFECTS':26} {caught}/{total} = {_pct(caught, total)}")
        print(f"  {'GOOD LESSONS HELD':26} {len(held)}/{len(good)} = {_pct(len(held), len(good))}")
        settled = [(e, f) for e in chosen for f in found[e["id"]] if not f.open]
        if settled:
            on_defect = sum(1 for e, f in settled if e["label"] != "good" and _about_if_open(e, f))
            print(f"  {'SETTLED BY THE JUDGE':26} {len(settled)} findings, {on_defect} of them "
                  "on a lesson's labelled defect")  # fmt: skip
        if verbose and split != "all":
            _details(chosen, found)
        figures[f"{split} caught"] = f"{caught}/{total}"
        figures[f"{split} good held"] = f"{len(held)}/{len(good)}"
    return figures


def _about_if_open(entry: dict[str, Any], finding: Finding) -> bool:
    return about(entry, finding.model_copy(update={"settled": None}))


def _open(findings: list[Finding]) -> list[Finding]:
    """The findings that hold a lesson: not settled by a verified judge verdict."""
    return [f for f in findings if f.open]


def _details(chosen: list[dict[str, Any]], found: dict[str, list[Finding]]) -> None:
    for e in chosen:
        codes = {f.code.value for f in _open(found[e["id"]])}
        if e["label"] == "good" and codes:
            print(f"    held {e['id']}: " + "; ".join(f.line() for f in _open(found[e["id"]])))
        elif e["label"] != "good" and not any(about(e, f) for f in found[e["id"]]):
            print(f"    missed {e['id']}: {sorted(codes) or 'no findings'}")


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f} %" if d else "n/a"


def selected(entries: list[dict[str, Any]], batches: str | None) -> list[dict[str, Any]]:
    """The entries of the given batches ("1,2"); all when none are given."""
    if not batches:
        return entries
    wanted = {int(b) for b in batches.split(",")}
    return [e for e in entries if e["batch"] in wanted]


def _label(entries: list[dict[str, Any]], batches: str | None) -> str:
    return f"{len(entries)} lessons" + (f" (batch {batches})" if batches else "")


def stress(
    entries: list[dict[str, Any]],
    verbose: bool,
    variant: Callable[[dict[str, Any]], dict[str, Any]] = announced,
    title: str = "good lessons with a verbatim overview",
) -> dict[str, str]:
    """False holds when every good lesson is rewritten without changing what it teaches: opened
    with an overview restating its objectives verbatim (``announced``: a rule that reads
    announcements must not hold a lesson that also teaches), or also with its teaching
    sections merged into one (``merged``: a rule that wants a section per objective holds)."""
    good = [variant(e) for e in entries if e["label"] == "good"]
    held = [(e["id"], checks(e)) for e in good]
    held = [(i, f) for i, f in held if _open(f)]
    print(f"\n[{title}] {len(good)} lessons")
    print(f"  {'GOOD LESSONS HELD':26} {len(held)}/{len(good)} = {_pct(len(held), len(good))}")
    for entry_id, findings in held if verbose else []:
        print(f"    held {entry_id}: " + "; ".join(f.line() for f in findings))
    return {"good held": f"{len(held)}/{len(good)}"}


async def main(
    judge: bool,
    verbose: bool,
    record: bool,
    batches: str | None = None,
    announce: bool = False,
    merge: bool = False,
) -> None:
    entries = selected(load(), batches)
    found = {e["id"]: checks(e) for e in entries}
    print("== deterministic checks (every provider, offline included)")
    rows = {"checks": score(entries, found, verbose)}
    if announce:
        rows["checks, good lessons with a verbatim overview"] = stress(entries, verbose)
    if merge:
        title = "good lessons with a verbatim overview and one merged section"
        rows[f"checks, {title}"] = stress(entries, verbose, merged, title)
    if judge:
        from bench.quality_judge import judge_all

        for mode, title in (
            ("honest", "checks + an honest scripted judge (quotes verified)"),
            ("lying", "checks + a lying scripted judge (approves all, invents its quotes)"),
            ("approving", "checks + a rubber-stamp scripted judge (approves all, quotes the "
                          "lesson's sentences that share most words with each item)"),
        ):  # fmt: skip
            print(f"\n== {title}")
            verdicts = await judge_all(entries, found, mode)
            rows[f"checks + {mode} judge"] = score(entries, verdicts, verbose and mode == "honest")
    if record:
        from bench.common import append_result

        for configuration, figures in rows.items():
            append_result("quality_eval", f"{configuration}, {_label(entries, batches)}", figures)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--judge", action="store_true", help="also run the scripted judge")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and holds")
    parser.add_argument("--record", action="store_true", help="append rows to bench/RESULTS.md")
    parser.add_argument("--batch", help="only these corpus batches, e.g. 3 or 1,2")
    parser.add_argument(
        "--announce", action="store_true", help="also good lessons with a verbatim overview"
    )
    parser.add_argument(
        "--merge", action="store_true", help="also good lessons with their sections merged"
    )
    args = parser.parse_args()
    asyncio.run(main(args.judge, args.verbose, args.record, args.batch, args.announce, args.merge))
