"""Writing outputs: every format rendered in memory first, then each file written atomically.

A file appears under its final name only when complete (temporary file in the same folder, fsync, rename), so
an interrupted run never leaves a truncated PDF, and a failed render writes nothing at all.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kzbrief.errors import KzbriefError
from kzbrief.model import Brief
from kzbrief.render import FORMATS, RenderOptions, default_template_dir, render_html, render_json, render_markdown


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a brief is an ordinary file
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def render_brief(brief: Brief, formats: list[str], options: RenderOptions = RenderOptions()) -> dict[str, bytes]:
    """Every requested format as bytes, in the order asked."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise KzbriefError(f"unknown format '{unknown[0]}'; choose from {', '.join(FORMATS)}")
    rendered: dict[str, bytes] = {}
    for fmt in dict.fromkeys(formats):
        if fmt == "md":
            rendered[fmt] = render_markdown(brief, options).encode("utf-8")
        elif fmt == "json":
            rendered[fmt] = render_json(brief).encode("utf-8")
        elif fmt == "html":
            rendered[fmt] = render_html(brief, options, embed_fonts=True).encode("utf-8")
        else:  # pdf
            rendered[fmt] = _pdf(render_html(brief, options), brief, options, rendered.get("json"))
    return rendered


def _pdf(html: str, brief: Brief, options: RenderOptions, data: bytes | None = None) -> bytes:
    """HTML to PDF with the brief's JSON attached (PDF/A-3 carries its data)."""
    from kzbrief.pdf import DEFAULT_VARIANT, PdfOptions, html_to_pdf

    base = options.template_dir or default_template_dir()
    extra = [default_template_dir()] if options.template_dir else []
    data = data or render_json(brief).encode("utf-8")
    pdf_options = PdfOptions(options.pdf_variant or DEFAULT_VARIANT, options.paper,
                             ((output_name(brief, "json"), data, "The brief as data: items, citations with "
                               "offsets, and the source texts they index"),), created=brief.generated)
    return html_to_pdf(html, base, extra, pdf_options)


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise KzbriefError(f"output path is not a folder: {out_dir}")


def _write(paths_and_data: list[tuple[Path, bytes]], out_dir: Path) -> list[Path]:
    try:
        for path, data in paths_and_data:
            write_atomic(path, data)
    except OSError as error:
        raise KzbriefError(f"cannot write to {out_dir}: {error.strerror or error}")
    return [path for path, _ in paths_and_data]


def output_name(brief: Brief, fmt: str) -> str:
    return f"{brief.topic.name}.{brief.language}.{fmt}"


def write_brief(brief: Brief, formats: list[str], out_dir: Path,
                options: RenderOptions = RenderOptions()) -> list[Path]:
    _check_out_dir(out_dir)
    rendered = render_brief(brief, formats, options)
    return _write([(out_dir / output_name(brief, fmt), data) for fmt, data in rendered.items()], out_dir)


def write_parallel(left: Brief, right: Brief, out_dir: Path, options: RenderOptions = RenderOptions()) -> Path:
    """The bilingual PDF edition, out/<topic>.<left>-<right>.pdf."""
    from kzbrief.render import render_parallel_html

    _check_out_dir(out_dir)
    pdf = _pdf(render_parallel_html(left, right, options), left, options)
    [path] = _write([(out_dir / f"{left.topic.name}.{left.language}-{right.language}.pdf", pdf)], out_dir)
    return path
