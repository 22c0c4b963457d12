"""Encodings and line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from creditgraph.ingest.records.reader import detect_encoding, iter_rows, read_pieces, read_table, scan_file
from creditgraph.ingest.records.rejects import UnreadableFile
from creditgraph.ingest.records.validate import validate_file

ENC = Path(__file__).resolve().parents[2] / "fixtures" / "records" / "encodings"


@pytest.mark.parametrize(
    ("file", "encoding"),
    [
        ("companies_utf8.csv", "utf-8"),
        ("companies_utf8_bom.csv", "utf-8-sig"),
        ("companies_gb18030.csv", "gb18030"),
    ],
)
def test_each_encoding_reads_the_same(file: str, encoding: str) -> None:
    v = validate_file(ENC / file, "companies.csv")
    assert v.encoding == encoding
    assert not v.rejects
    assert list(v.frame.columns[:2]) == ["uscc", "name"]  # no BOM left on the first header
    assert v.frame.loc[2, "name"] == "常州龙城食品股份有限公司（龙城店）"
    assert v.frame.loc[2, "address"] == "常州市天宁区延陵西路一百零三号"
    reference = validate_file(ENC / "companies_utf8.csv", "companies.csv").frame
    assert v.frame.equals(reference)


def test_gbk_detected_and_not_mistaken() -> None:
    text = "name\n常州市武进区湖塘镇\n"
    assert detect_encoding(text.encode("gbk")) == "gb18030"
    assert detect_encoding(text.encode("utf-8")) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf" + text.encode("utf-8")) == "utf-8-sig"


def test_undecodable_file(tmp_path: Path) -> None:
    p = tmp_path / "companies.csv"
    p.write_bytes(b"uscc,name\n\x81\x20\xff\xfe\x80\n")
    with pytest.raises(UnreadableFile):
        read_table(p)


def test_line_numbers_with_multiline_cells_and_blank_lines(tmp_path: Path) -> None:
    p = tmp_path / "companies.csv"
    p.write_text(
        'uscc,name,address\n91320412MA1MX00014,"公司\n第二行",地址\n\n91320412MA1MX00015,坏,\n',
        encoding="utf-8",
    )
    table = read_table(p)
    assert list(table.lines) == [2, 5]
    assert [line for line, _ in iter_rows(p)] == [2, 5]
    (r,) = validate_file(p).rejects
    assert (r.line, r.column) == (5, "uscc")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
@pytest.mark.parametrize("piece_bytes", [40, 97, 300])
def test_a_file_read_in_pieces_is_the_file_read_whole(
    tmp_path: Path, encoding: str, piece_bytes: int
) -> None:
    """Pieces end between records: a quoted cell spanning lines, a blank line, a broken row and a
    quote inside a cell keep their rows and physical line numbers wherever the pieces fall."""
    p = tmp_path / "companies.csv"
    rows = [
        '91320412MA1MX00014,"公司\n第二行",地址',
        "",
        "91320412MA1MX00015,坏,",
        '91320412MA1MX00016,"他说""好""",常州',
        "91320412MA1MX00017,a,b,c,d",  # too many cells: a broken row, rejected with its line
        "91320412MA1MX00018,龙城,",
    ]
    p.write_bytes(("uscc,name,address\n" + "\n".join(rows * 4) + "\n").encode(encoding))
    whole = read_table(p)
    pieces = list(read_pieces(p, piece_bytes))
    assert len(pieces) > 2
    assert scan_file(p) == (whole.encoding, p.read_bytes().count(b"\n"))
    assert [ln for t in pieces for ln in t.lines] == list(whole.lines)
    assert [r for t in pieces for r in t.frame.to_dict("records")] == whole.frame.to_dict("records")
    assert [b for t in pieces for b in t.broken] == whole.broken


def test_a_first_row_with_too_many_cells_is_broken_not_an_index(tmp_path: Path) -> None:
    p = tmp_path / "companies.csv"
    p.write_text("uscc,name\n91320412MA1MX00014,甲,多,余\n91320412MA1MX00015,乙\n", encoding="utf-8")
    table = read_table(p)
    assert table.broken == [(2, "4 cells where the header has 2")]
    assert table.frame.to_dict("records") == [{"uscc": "91320412MA1MX00015", "name": "乙"}]
    assert list(table.lines) == [3]
