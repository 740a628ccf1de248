"""Stubs for translators: a unit's fields left empty, each under a comment holding its English text.

An empty field is what the catalogue and the gate treat as untranslated, so a stub written into
a file changes nothing a reader sees and stays reported as missing until someone fills it in.
PyYAML cannot write comments, so `emit` writes the small YAML subset the translation files use.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Blank:
    """A field still to translate: written empty, after its English text as comments."""
    english: str | list[str]


def blanks(english: dict) -> dict:
    """Every field of a unit's canonical English text, as blanks (choices keep their ids)."""
    out: dict = {}
    for key, value in english.items():
        if key == "choices":
            out[key] = [{"id": c["id"], "text": Blank(c["text"]), "feedback": Blank(c["feedback"])} for c in value]
        elif isinstance(value, dict):
            out[key] = {k: Blank(v) for k, v in value.items() if v}
        elif value:
            out[key] = Blank(value)
    return out


def reblank(existing: dict, english: dict) -> dict:
    """An existing unit with each empty field (or absent one) shown again as a blank with its English."""
    out = dict(existing)
    for key, value in english.items():
        mine = out.get(key)
        if key == "choices":
            by_id = {c.get("id"): c for c in mine or [] if isinstance(c, dict)}
            out[key] = [reblank(by_id.pop(c["id"], {"id": c["id"]}), {k: c[k] for k in ("text", "feedback")})
                        for c in value] + list(by_id.values())
        elif isinstance(value, dict):
            out[key] = reblank(mine if isinstance(mine, dict) else {}, value)
        elif value and not mine:
            out[key] = Blank(value)
    return out


def stub(uid: str | None, source: str, english: dict) -> dict:
    """A new unit: its id (when it sits in a list), the current source hash and its blanks."""
    return {**({"id": uid} if uid is not None else {}), "source": source, **blanks(english)}


def emit(data: dict, indent: int = 0) -> list[str]:
    """Write a mapping as YAML lines, with blanks as empty strings under "# EN:" comments."""
    pad, lines = " " * indent, []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, Blank) and isinstance(value.english, list):
            lines.append(f"{pad}{key}:")
            for line in value.english:
                lines += _comment(line, pad + "  ") + [f'{pad}  - ""']
        elif isinstance(value, Blank):
            lines += _comment(value.english, pad) + [f'{pad}{key}: ""']
        elif isinstance(value, dict):
            lines += [f"{pad}{key}:"] + emit(value, indent + 2) if value else [f"{pad}{key}: {{}}"]
        elif isinstance(value, list):
            lines += [f"{pad}{key}:"] + _items(value, indent + 2) if value else [f"{pad}{key}: []"]
        else:
            lines += _scalar(f"{pad}{key}: ", value, pad + "  ")
    return lines


def _items(values: list, indent: int) -> list[str]:
    """Write the entries of a list; a mapping entry opens with its id on the dash line."""
    pad, lines = " " * indent, []
    for value in values:
        if isinstance(value, dict):
            first = {"id": value["id"]} if "id" in value else {}
            body = emit({**first, **{k: v for k, v in value.items() if k != "id"}}, indent + 2)
            lines += [f"{pad}-"] + body if not body or body[0].lstrip().startswith("#") else \
                [f"{pad}- {body[0].lstrip()}"] + body[1:]
        elif isinstance(value, Blank):
            lines += _comment(value.english, pad) + [f'{pad}- ""']
        else:
            lines += _scalar(f"{pad}- ", value, pad + "  ")
    return lines


def _comment(english, pad: str) -> list[str]:
    """The English text as comment lines."""
    text = "\n".join(english) if isinstance(english, list) else str(english)
    return [f"{pad}# EN: {line}".rstrip() for line in text.splitlines() or [""]]


def _scalar(prefix: str, value, pad: str) -> list[str]:
    """One value after its key or dash: a literal block for text of several lines, else quoted as needed."""
    value = value.strip() if isinstance(value, str) else value   # the schema strips it when reading anyway
    if isinstance(value, str) and "\n" in value:
        return [prefix + "|-"] + [f"{pad}{line}".rstrip() for line in value.splitlines()]
    dumped = yaml.safe_dump([value], allow_unicode=True, width=10**6, default_flow_style=False)
    return [prefix + dumped[2:].rstrip("\n")]
