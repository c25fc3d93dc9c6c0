"""Writing outputs: every format rendered in memory first, then written as one set.

A file appears under its final name only when complete (temporary file in the same folder, fsync, rename), so
an interrupted run never leaves a truncated PDF, and a failed render writes nothing at all. The files of one brief
are all written to temporary files first and renamed only when every one is complete: a disk that fills up
part-way leaves the previous set whole, never a new Markdown beside an old PDF. Temporary files a killed run left
behind (`.NAME.*.part`, older than STALE_PART_SECONDS) are removed by the next run writing NAME.
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
from pathlib import Path

from kzbrief.errors import KzbriefError
from kzbrief.model import Brief
from kzbrief.render import FORMATS, RenderOptions, default_template_dir, render_html, render_json, render_markdown


STALE_PART_SECONDS = 15 * 60  # no write takes this long: a .part file this old was left by a killed run


def write_atomic(path: Path, data: bytes) -> None:
    write_all([(path, data)])


def write_all(paths_and_data: list[tuple[Path, bytes]]) -> None:
    """Write every file, or none: each to a temporary file beside it (fsynced), then all renamed into place."""
    temporaries: list[tuple[Path, str]] = []
    try:
        for path, data in paths_and_data:
            path.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale_parts(path)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
            temporaries.append((path, temporary))
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a brief is an ordinary file
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        for path, temporary in temporaries:
            os.replace(temporary, path)
    except BaseException:
        for _, temporary in temporaries:
            Path(temporary).unlink(missing_ok=True)
        raise


def _remove_stale_parts(path: Path) -> None:
    """The temporary files of `path` that a killed run left (a running one's are younger)."""
    for part in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        try:
            if time.time() - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()
        except OSError:
            continue


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
            rendered[fmt] = render_json(brief, options).encode("utf-8")
        elif fmt == "html":
            rendered[fmt] = render_html(brief, options, embed_fonts=True).encode("utf-8")
        else:  # pdf
            rendered[fmt] = _pdf(render_html(brief, options), brief, options, rendered.get("json"))
    return rendered


def _pdf(html: str, brief: Brief, options: RenderOptions, data: bytes | None = None) -> bytes:
    """HTML to PDF with the brief's JSON attached (PDF/A-3 carries its data)."""
    from kzbrief.pdf import DEFAULT_VARIANT, PdfOptions, html_to_pdf

    base = options.template_dir.resolve() if options.template_dir else default_template_dir()
    extra = [default_template_dir()] if options.template_dir else []
    variant = options.pdf_variant or DEFAULT_VARIANT
    attached = ()
    if variant == "a-3b":  # PDF/A-3 carries the brief's data; the plain and PDF/UA editions carry none
        data = data or render_json(brief, options).encode("utf-8")
        attached = ((output_name(brief, "json"), data, "The brief as data: items, citations with offsets, and "
                     + ("the source texts they index" if options.embed_sources else "each source's fingerprint")),)
    pdf_options = PdfOptions(variant, options.paper, attached, created=brief.generated)
    return html_to_pdf(html, base, extra, pdf_options)


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise KzbriefError(f"output path is not a folder: {out_dir}")


def write_files(paths_and_data: list[tuple[Path, bytes]], out_dir: Path) -> list[Path]:
    """Write a set of rendered files, all or none; a failure is one line naming the folder."""
    try:
        write_all(paths_and_data)
    except OSError as error:
        raise KzbriefError(f"cannot write to {out_dir}: {error.strerror or error}")
    return [path for path, _ in paths_and_data]


def output_name(brief: Brief, fmt: str) -> str:
    return f"{brief.topic.name}.{brief.language}.{fmt}"


def brief_files(brief: Brief, formats: list[str], out_dir: Path,
                options: RenderOptions = RenderOptions()) -> list[tuple[Path, bytes]]:
    """The brief's files, rendered, not yet written (`write_files` writes a whole set at once)."""
    _check_out_dir(out_dir)
    rendered = render_brief(brief, formats, options)
    return [(out_dir / output_name(brief, fmt), data) for fmt, data in rendered.items()]


def parallel_file(left: Brief, right: Brief, out_dir: Path,
                  options: RenderOptions = RenderOptions()) -> tuple[Path, bytes]:
    """The bilingual PDF edition, out/<topic>.<left>-<right>.pdf, rendered."""
    from kzbrief.render import render_parallel_html

    _check_out_dir(out_dir)
    pdf = _pdf(render_parallel_html(left, right, options), left, options)
    return out_dir / f"{left.topic.name}.{left.language}-{right.language}.pdf", pdf


def write_brief(brief: Brief, formats: list[str], out_dir: Path,
                options: RenderOptions = RenderOptions()) -> list[Path]:
    return write_files(brief_files(brief, formats, out_dir, options), out_dir)
