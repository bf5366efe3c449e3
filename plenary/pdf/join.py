"""Joins PDFs one after another into one, writing each out as it comes.

pypdf's ``PdfWriter.append`` keeps the objects of every page in memory until the end (about 20 kB per
badge, 160 MB for 8,000 badges), so the memory of a badge batch grew with its size. Here each document
is parsed with pypdf, its objects renumbered and written out at once; only a byte offset per object and
a number per page are kept, and the page tree, catalog, document information and cross-reference table
are written at the end.
"""

import io

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

# Keys a page may inherit from its page tree (ISO 32000-1, 7.7.3.4): copied onto the page itself.
_INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# Each document's own structure, replaced by the joined document's.
_STRUCTURE = {"/Catalog", "/Pages", "/ObjStm", "/XRef"}


def _reference(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)  # type: ignore[arg-type]  # written out, never resolved


class PdfJoiner:
    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.offsets: list[int] = []  # the byte offset of object n is offsets[n - 1]
        self.pages: list[int] = []
        self.lang: PdfObject | None = None
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.page_tree = self._reserve()

    def _reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets)

    def append(self, pdf: bytes) -> None:
        """Writes out the pages of ``pdf`` and everything they use."""
        reader = PdfReader(io.BytesIO(pdf))
        catalog = reader.trailer["/Root"].get_object()
        if self.lang is None and "/Lang" in catalog:
            self.lang = catalog["/Lang"]
        info = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
        skipped = {info.idnum} if isinstance(info, IndirectObject) else set()
        objects = {}
        for number in sorted({*reader.xref.get(0, {}), *reader.xref_objStm} - {0} - skipped):
            obj = reader.get_object(number)
            if not (isinstance(obj, DictionaryObject) and obj.get("/Type") in _STRUCTURE):
                objects[number] = obj
        renumbered = {number: self._reserve() for number in objects}
        for number, obj in objects.items():
            is_page = isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page"
            if is_page:
                _inherit(obj)
            obj = _renumber(obj, renumbered)
            if is_page:
                obj[NameObject("/Parent")] = _reference(self.page_tree)
                self.pages.append(renumbered[number])
            self._write(renumbered[number], obj)

    def _write(self, number: int, obj: PdfObject) -> None:
        self.offsets[number - 1] = self.out.tell()
        self.out.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def finish(self, *, title: str) -> bytes:
        page_tree = DictionaryObject()
        page_tree[NameObject("/Type")] = NameObject("/Pages")
        page_tree[NameObject("/Kids")] = ArrayObject(_reference(number) for number in self.pages)
        page_tree[NameObject("/Count")] = NumberObject(len(self.pages))
        self._write(self.page_tree, page_tree)
        catalog = DictionaryObject()
        catalog[NameObject("/Type")] = NameObject("/Catalog")
        catalog[NameObject("/Pages")] = _reference(self.page_tree)
        if self.lang is not None:
            catalog[NameObject("/Lang")] = self.lang
        catalog_number = self._reserve()
        self._write(catalog_number, catalog)
        info = DictionaryObject()
        info[NameObject("/Title")] = TextStringObject(title)
        info[NameObject("/Creator")] = TextStringObject("Plenary")
        info_number = self._reserve()
        self._write(info_number, info)

        xref_at = self.out.tell()
        size = len(self.offsets) + 1
        self.out.write(f"xref\n0 {size}\n0000000000 65535 f\r\n".encode())
        self.out.write(b"".join(f"{offset:010d} 00000 n\r\n".encode() for offset in self.offsets))
        self.out.write(
            f"trailer\n<< /Size {size} /Root {catalog_number} 0 R /Info {info_number} 0 R >>\n"
            f"startxref\n{xref_at}\n%%EOF\n".encode()
        )
        return self.out.getvalue()


def _inherit(page: DictionaryObject) -> None:
    node = page.get("/Parent")
    while node is not None:
        node = node.get_object()
        for key in _INHERITABLE:
            if key not in page and key in node:
                page[NameObject(key)] = node.raw_get(key)
        node = node.get("/Parent")


def _renumber(obj: PdfObject, renumbered: dict[int, int]) -> PdfObject:
    """``obj`` with its references in the joined numbering (changed in place: the reader is thrown away).
    A reference to an object that was not kept (another document's structure) becomes null, as the
    PDF standard reads a reference to a missing object."""
    if isinstance(obj, IndirectObject):
        return _reference(renumbered[obj.idnum]) if obj.idnum in renumbered else NullObject()
    if isinstance(obj, DictionaryObject):
        for key, value in list(obj.items()):
            obj[key] = _renumber(value, renumbered)
    elif isinstance(obj, ArrayObject):
        for index, value in enumerate(obj):
            obj[index] = _renumber(value, renumbered)
    return obj
