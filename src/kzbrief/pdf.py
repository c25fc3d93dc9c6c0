"""HTML to PDF with WeasyPrint: bundled fonts, and a URL fetcher that serves only the package's own assets.

WeasyPrint is imported here and only here, when a PDF is actually made (it takes a second to import).
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The fonts the PDF uses travel with the package (OFL, full Cyrillic): PT Serif for text, PT Sans for headings.
FONT_PACKAGES = {"PT Serif": "fontpkg_pt_serif", "PT Sans": "fontpkg_pt_sans"}
_FACES = {  # file-name suffix -> (font-weight, font-style)
    "Regular": ("400", "normal"), "Italic": ("400", "italic"), "Bold": ("700", "normal"),
    "BoldItalic": ("700", "italic"),
}


def font_dirs() -> dict[str, Path]:
    return {family: Path(str(resources.files(package).joinpath("files")))
            for family, package in FONT_PACKAGES.items()}


def font_face_css(inline: bool = False, characters: str = "") -> str:
    """@font-face rules for the bundled fonts: file URLs (for WeasyPrint, through the asset fetcher), or the font
    data itself (for the self-contained HTML brief, which must make no request at all), cut down to `characters`
    when given (the eight whole faces are 4 MB as data; cut to one brief's characters, about 100 KB)."""
    import base64

    rules = []
    for family, folder in font_dirs().items():
        for path in sorted(folder.glob("*.ttf")):
            face = path.stem.rsplit("-", 1)[-1]
            if face in _FACES:
                weight, style = _FACES[face]
                if inline and characters:
                    url = f"data:font/woff;base64,{base64.b64encode(_subset(path, characters)).decode('ascii')}"
                elif inline:
                    url = f"data:font/ttf;base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
                else:
                    url = path.as_uri()
                rules.append(f'@font-face {{ font-family: "{family}"; src: url("{url}"); '
                             f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


def _subset(path: Path, characters: str) -> bytes:
    """The font as WOFF with only the glyphs for `characters` (and what they need: ligatures, kerning), via
    fontTools. Hinting goes (it is most of the size, and screens do without it)."""
    import io
    import string

    from fontTools import subset

    options = subset.Options()
    options.hinting = False
    options.notdef_outline = True
    options.flavor = "woff"
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    # plus printable ASCII (the page may hold some only as entities) and what hyphenation and templates may add
    subsetter.populate(text=characters + string.printable + "\u2010…–—“”«»")
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class RefusedURL(ValueError):
    pass


DATA_URL_MAX = 2 * 1024 * 1024  # a data: URL holds its own bytes; above this size it is refused (a 1 MB logo fits)


def make_url_fetcher(allowed_roots: list[Path]):
    """A WeasyPrint URL fetcher that reads local files under `allowed_roots`, and data: URLs up to a size cap, and
    refuses everything else: no network, no file elsewhere on the machine, whatever a template or the corpus text
    asks for."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [root.resolve() for root in allowed_roots]

    class AssetFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                if len(url) > DATA_URL_MAX:
                    raise RefusedURL(f"refused data: URL of {len(url)} characters (at most {DATA_URL_MAX})")
                return super().fetch(url, headers)  # decoded in memory by urllib's data handler
            if parts.scheme != "file":
                raise RefusedURL(f"refused {parts.scheme or 'relative'} URL (only the package's own assets load)")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise RefusedURL(f"refused file outside the template and font folders: {path}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return AssetFetcher()


PDF_VARIANTS = {"a-3b": "pdf/a-3b", "ua-1": "pdf/ua-1", "plain": None}
DEFAULT_VARIANT = "a-3b"  # archival, and PDF/A-3 may carry the brief's data as an attachment
PAPER_SIZES = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class PdfOptions:
    variant: str = DEFAULT_VARIANT
    paper: str = "a4"
    attachments: tuple[tuple[str, bytes, str], ...] = ()  # (file name, data, description)
    created: datetime | None = None  # the attachments' dates (WeasyPrint would take the clock's): the brief's


def html_to_pdf(html: str, base_dir: Path, extra_roots: list[Path] | None = None,
                options: PdfOptions = PdfOptions()) -> bytes:
    """Render HTML to PDF bytes; relative URLs resolve against `base_dir` (the template folder)."""
    from weasyprint import CSS, HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    if options.variant not in PDF_VARIANTS:
        from kzbrief.errors import KzbriefError

        raise KzbriefError(f"unknown PDF variant '{options.variant}'; choose from {', '.join(PDF_VARIANTS)}")
    # WeasyPrint reports refused and missing resources as warnings; keep them out of the user's terminal.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    roots = [base_dir, *(extra_roots or []), *font_dirs().values()]
    fetcher = make_url_fetcher(roots)
    document = HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher)
    font_config = FontConfiguration()
    stylesheets = [CSS(string=font_face_css(), url_fetcher=fetcher, font_config=font_config)]
    if options.paper != "a4":
        # A user stylesheet, so !important: it must win over the template's own @page size.
        stylesheets.append(CSS(string=f"@page {{ size: {PAPER_SIZES[options.paper]} !important; }}"))
    # WeasyPrint writes these dates with a 'Z' whatever their zone, so they go in as UTC
    stamp = options.created.astimezone(timezone.utc).replace(tzinfo=None) if options.created else None
    attachments = [Attachment(string=data, name=name, description=description, relationship="Data",
                              created=stamp, modified=stamp)
                   for name, data, description in options.attachments]
    variant = PDF_VARIANTS[options.variant]
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config, attachments=attachments,
                              **({"pdf_variant": variant} if variant else {}),
                              **({"pdf_tags": True} if variant == "pdf/ua-1" else {}))
